"""The Bundeswahlleiterin's `kerg2.csv`: `formats/bundeswahlleiterin/kerg2.py`, re-exported under the
name the format registry imports."""

from wahldaten.formats.bundeswahlleiterin.kerg2 import LAYOUT, NAME, TITLE, read, sniff_text

__all__ = ["LAYOUT", "NAME", "TITLE", "read", "sniff_text"]
