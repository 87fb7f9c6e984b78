"""The Bundeswahlleiterin's open data: kerg2, kerg and the Wahlbezirksstatistik.

The federal returning officer publishes results per Wahlkreis (`kerg2.csv`, long format;
`kerg.csv`, wide format) and per precinct (the Wahlbezirksstatistik, `Wbz_*_Ergebnisse.csv`
with a `*_leitband.csv` of area names). None of them has a key for Germany as a whole that OWD
accepts as `wahl-behoerde-gs`, so every reader writes **one package per Land**: the package's
authority is the Land's 12-digit Regionalschlüssel (`LL0000000000`). Rows of a precinct package
carry their municipality's key inside the Land; rows of a Wahlkreis package carry the Land's.

Modules: `common` (Länder, election days, preambles, reading a file of these formats), `facts`
(what the readers record for the rules), `wahlkreise` (what kerg2 and kerg share: the long
frame, the area keys, the Land packages), `area_keys` (the keys as each generation writes them),
`kerg_header` (kerg's header in every generation, 1949–2025), `kerg2`, `kerg`, `leitband` and
`wbz` (the readers).
"""
