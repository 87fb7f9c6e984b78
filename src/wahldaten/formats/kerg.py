"""The Bundeswahlleiterin's `kerg.csv`: `formats/bundeswahlleiterin/kerg.py`, re-exported under the
name the format registry imports."""

from wahldaten.formats.bundeswahlleiterin.kerg import LAYOUT, NAME, TITLE, read, sniff_text

__all__ = ["LAYOUT", "NAME", "TITLE", "read", "sniff_text"]
