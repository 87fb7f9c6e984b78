"""What Wahlportal file and folder names say: the election date and the kind of election."""

from __future__ import annotations

from wahldaten.formats import akdb
from wahldaten.formats.akdb.names import wahl_name_in_names


def test_date_from_the_file_or_folder_name() -> None:
    assert akdb.date_from_name("x/wahlbezirksergebnisse_20250223.csv") == "23.02.2025"
    assert akdb.date_from_name("gesamtergebnis_08.03.2026.csv") == "08.03.2026"
    assert akdb.date_from_name("ob-p/1/20240609/europawahl/stimmen.csv") == "09.06.2024"
    assert akdb.date_from_name("09175132_stimmen.csv") is None  # an AGS is no date
    assert akdb.date_from_name("20250231.csv") is None


def test_wahl_name_defaults_from_the_file_name_else_from_the_content() -> None:
    assert akdb.wahl_name_from("ebersberg_ew2024_stimmen.csv", set(), False) == "Europawahl"
    assert akdb.wahl_name_from("a/landratStimmen.csv", set(), False) == "Landratswahl"
    assert akdb.wahl_name_from("stimmen.csv", {"STIMMKREIS"}, True) == "Landtagswahl"
    assert akdb.wahl_name_from("stimmen.csv", set(), True) == "Bundestagswahl"
    assert akdb.wahl_name_from("stimmen.csv", set(), False) == "Wahl"
    assert wahl_name_in_names("btw2025/stimmen.csv") == "Bundestagswahl"
    assert wahl_name_in_names("stimmen.csv") is None
