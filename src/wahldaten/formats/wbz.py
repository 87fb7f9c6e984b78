"""The Bundeswahlleiterin's Wahlbezirksstatistik: `formats/bundeswahlleiterin/wbz.py`,
re-exported under the name the format registry imports."""

from wahldaten.formats.bundeswahlleiterin.wbz import LAYOUT, NAME, TITLE, read, sniff_text

__all__ = ["LAYOUT", "NAME", "TITLE", "read", "sniff_text"]
