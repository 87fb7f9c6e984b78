"""The tool's version, in the bottom layer: reports carry it, and no layer imports the package root."""

from __future__ import annotations

__version__ = "0.1.0"
