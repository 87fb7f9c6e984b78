"""Every rule code, as a typed enum, with the parameters its message uses.

A code is declared here once: the rule that detects it registers with `Code.X`, the catalogs
(`catalog/de`, `catalog/en`) hold its title and message, and the message's `{placeholders}`
are exactly the parameters declared here (a test holds the three together). `Code` is a
`StrEnum`, so a code still equals its string (`Code.A01 == "A01"`).

`Input` names what a rule reads; the engine runs a rule only where all its inputs are present.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Code(StrEnum):
    """A rule code: its family letter and a number that never changes meaning."""

    # F: the file itself
    F01 = "F01"
    F02 = "F02"
    F04 = "F04"
    F05 = "F05"
    F06 = "F06"
    F07 = "F07"
    F08 = "F08"
    F09 = "F09"
    F10 = "F10"
    F11 = "F11"
    F12 = "F12"
    F13 = "F13"
    F14 = "F14"
    F15 = "F15"
    F16 = "F16"
    F17 = "F17"
    F18 = "F18"

    # S: columns
    S01 = "S01"
    S02 = "S02"
    S03 = "S03"
    S04 = "S04"
    S05 = "S05"
    S06 = "S06"
    S07 = "S07"
    S08 = "S08"
    S09 = "S09"
    S11 = "S11"
    S12 = "S12"
    S13 = "S13"

    # T: values
    T01 = "T01"
    T03 = "T03"
    T04 = "T04"
    T05 = "T05"
    T06 = "T06"
    T07 = "T07"
    T08 = "T08"
    T09 = "T09"
    T10 = "T10"
    T11 = "T11"
    T12 = "T12"
    T13 = "T13"
    T14 = "T14"

    # R: references between the files
    R01 = "R01"
    R02 = "R02"
    R03 = "R03"
    R04 = "R04"
    R05 = "R05"
    R06 = "R06"
    R07 = "R07"
    R08 = "R08"
    R09 = "R09"
    R10 = "R10"
    R11 = "R11"
    R12 = "R12"
    R13 = "R13"
    R14 = "R14"
    R15 = "R15"
    R16 = "R16"
    R17 = "R17"
    R18 = "R18"
    R19 = "R19"
    R20 = "R20"
    R21 = "R21"
    R22 = "R22"
    R23 = "R23"
    R24 = "R24"
    R25 = "R25"
    R26 = "R26"
    R27 = "R27"
    R28 = "R28"

    # A: arithmetic
    A01 = "A01"
    A02 = "A02"
    A03 = "A03"
    A04 = "A04"
    A05 = "A05"
    A07 = "A07"
    A08 = "A08"
    A09 = "A09"
    A10 = "A10"
    A11 = "A11"
    A15 = "A15"
    A16 = "A16"

    # C: completeness and counting status
    C01 = "C01"
    C02 = "C02"
    C05 = "C05"
    C07 = "C07"
    C08 = "C08"
    C09 = "C09"
    C10 = "C10"
    C11 = "C11"

    # P: plausibility
    P01 = "P01"
    P02 = "P02"
    P03 = "P03"
    P04 = "P04"
    P05 = "P05"
    P06 = "P06"
    P07 = "P07"
    P08 = "P08"

    # K: source formats and conversion
    K01 = "K01"
    K02 = "K02"
    K03 = "K03"
    K04 = "K04"
    K05 = "K05"
    K06 = "K06"
    K07 = "K07"
    K08 = "K08"
    K09 = "K09"
    K10 = "K10"
    K11 = "K11"
    K12 = "K12"
    K13 = "K13"
    K14 = "K14"
    K15 = "K15"
    K16 = "K16"
    K17 = "K17"
    K18 = "K18"
    K19 = "K19"
    K20 = "K20"
    K21 = "K21"
    K22 = "K22"
    K23 = "K23"
    K24 = "K24"
    K25 = "K25"
    K26 = "K26"
    K27 = "K27"
    K28 = "K28"
    K29 = "K29"
    K30 = "K30"
    K31 = "K31"
    K32 = "K32"
    K33 = "K33"
    K34 = "K34"
    K35 = "K35"
    K37 = "K37"
    K38 = "K38"
    K39 = "K39"
    K40 = "K40"

    @property
    def family(self) -> str:
        return self.value[0]

    @property
    def params(self) -> tuple[str, ...]:
        """The names the code's message uses (`column` and `bezirk` come from the location)."""
        return PARAMETERS[self]


# The parameters of each code's message, in alphabetical order.
PARAMETERS: Mapping[Code, tuple[str, ...]] = {
    Code.F01: ("byte", "encoding", "position"),
    Code.F02: (),
    Code.F04: (),
    Code.F05: ("header_line",),
    Code.F06: ("found",),
    Code.F07: ("expected", "found"),
    Code.F08: ("detail",),
    Code.F09: ("in_content", "in_name", "part"),
    Code.F10: (),
    Code.F11: (),
    Code.F12: ("offset",),
    Code.F13: ("file_name",),
    Code.F14: ("lines", "rows"),
    Code.F15: ("found",),
    Code.F16: ("byte", "encoding", "position"),
    Code.F17: ("lines", "rows"),
    Code.F18: ("expected", "found", "separator"),
    Code.S01: (),
    Code.S02: ("columns", "count"),
    Code.S03: ("count", "positions"),
    Code.S04: ("count", "positions"),
    Code.S05: ("known", "raw"),
    Code.S06: (),
    Code.S07: (),
    Code.S08: (),
    Code.S09: ("present",),
    Code.S11: ("known", "used", "version"),
    Code.S12: ("value",),
    Code.S13: ("columns", "count"),
    Code.T01: ("value",),
    Code.T03: ("value",),
    Code.T04: ("value",),
    Code.T05: ("value",),
    Code.T06: ("value",),
    Code.T07: ("value",),
    Code.T08: ("value",),
    Code.T09: ("value",),
    Code.T10: ("earliest", "latest", "value"),
    Code.T11: ("cells", "lines", "value"),
    Code.T12: ("cells", "lines"),
    Code.T13: ("value",),
    Code.T14: (),
    Code.R01: ("file_type",),
    Code.R02: ("reason",),
    Code.R03: ("expected", "found"),
    Code.R04: ("count",),
    Code.R05: ("first_line",),
    Code.R06: (),
    Code.R07: (),
    Code.R08: ("expected", "found", "lines", "rows"),
    Code.R09: ("area", "column", "position", "value"),
    Code.R10: ("position",),
    Code.R11: ("first_line", "position"),
    Code.R12: ("area", "lines", "rows"),
    Code.R13: ("lines", "rows", "value"),
    Code.R14: ("count", "value"),
    Code.R15: ("level",),
    Code.R16: ("area", "expected", "found"),
    Code.R17: ("column", "lines", "rows", "value"),
    Code.R18: ("first_line", "party", "value"),
    Code.R19: ("authority", "municipalities", "rows", "value"),
    Code.R20: (),
    Code.R21: ("file_type", "used"),
    Code.R22: ("value",),
    Code.R23: ("level",),
    Code.R24: ("lines", "rows", "value"),
    Code.R25: ("columns", "count"),
    Code.R26: ("lines", "rows", "value"),
    Code.R27: ("expected", "lines", "rows", "value"),
    Code.R28: ("lines", "rows", "value"),
    Code.A01: ("expected", "found", "parts"),
    Code.A02: ("expected", "found", "parts"),
    Code.A03: ("column", "expected", "found", "parts"),
    Code.A04: ("expected", "found", "parts"),
    Code.A05: ("column", "found", "voters"),
    Code.A07: ("expected", "found", "parts"),
    Code.A08: ("column", "expected", "found", "parts"),
    Code.A09: ("column", "expected", "found", "parts"),
    Code.A10: ("column", "expected", "found", "parts"),
    Code.A11: ("column", "expected", "found", "parts"),
    Code.A15: ("expected", "found", "parts"),
    Code.A16: ("found",),
    Code.C01: ("empty",),
    Code.C02: (),
    Code.C05: ("expected", "reported"),
    Code.C07: ("lines", "rows", "value"),
    Code.C08: ("column", "lines", "rows"),
    Code.C09: ("lines", "rows", "value"),
    Code.C10: ("lines", "rows", "value"),
    Code.C11: ("lines", "rows", "value"),
    Code.P01: ("column", "found", "median", "share"),
    Code.P02: ("median", "turnout"),
    Code.P03: ("electorate",),
    Code.P04: ("expected", "found"),
    Code.P05: ("voters",),
    Code.P06: ("electorate", "found"),
    Code.P07: ("found", "wahlscheine"),
    Code.P08: ("first_line", "same_as"),
    Code.K01: ("columns", "layout"),
    Code.K02: (),
    Code.K03: ("positions",),
    Code.K04: ("count", "postal"),
    Code.K05: ("count",),
    Code.K06: ("expected", "found"),
    Code.K07: ("lines", "read", "rows", "value"),
    Code.K08: ("renamed", "value"),
    Code.K09: ("columns",),
    Code.K10: ("field", "value"),
    Code.K11: ("expected", "found"),
    Code.K12: (),
    Code.K13: (),
    Code.K14: ("column", "expected", "found", "parts"),
    Code.K15: ("expected", "found"),
    Code.K16: ("name",),
    Code.K17: ("expected", "found"),
    Code.K18: ("expected", "found", "left", "right"),
    Code.K19: ("gs", "value"),
    Code.K20: ("expected", "found", "group"),
    Code.K21: ("status",),
    Code.K22: ("value",),
    Code.K23: ("elsewhere", "land", "linked", "several"),
    Code.K24: ("value",),
    Code.K25: ("lines", "renamed", "rows", "value"),
    Code.K26: (),
    Code.K27: ("lines", "rows", "value"),
    Code.K28: ("value",),
    Code.K29: ("expected", "found", "group"),
    Code.K30: ("bezirke", "electorate"),
    Code.K31: ("count", "source"),
    Code.K32: ("lines", "read", "rows", "value"),
    Code.K33: ("columns", "count"),
    Code.K34: ("expected", "found", "parts"),
    Code.K35: ("lines", "padded", "rows", "value"),
    Code.K37: ("lines", "rows"),
    Code.K38: (),
    Code.K39: ("value",),
    Code.K40: ("lines", "read", "rows", "value"),
}

# Parameters a finding's location supplies to its message.
LOCATION_PARAMS = frozenset({"column", "bezirk"})


class Input(StrEnum):
    """What a rule reads. The German and English names are in the catalogs (`inputs.<value>`)."""

    # A table of the OWD package, as read (present if the file is there and readable).
    WAHLPARAMETER = "wahlparameter"
    WAHLGEBIETSEINTEILUNGEN = "wahlgebietseinteilungen"
    STIMMZETTEL = "stimmzettel"
    KANDIDATEN = "kandidaten"
    WAHLERGEBNISSE = "wahlergebnisse"
    # The results frame derived from Wahlergebnisse: counts as integers, Bezirk facts joined.
    RESULTS = "results"
    # Every table of the package (any number of them).
    TABLES = "tables"
    # The package: which files it has, the version it declares, its duplicates.
    PACKAGE = "package"
    # What reading each file recorded: encoding, header names, quoting, padded values.
    READING = "reading"
    # The tables of a vendor source, as read.
    SOURCE = "source"
    # The typed facts a vendor reader recorded (`SourceContext.observed`).
    SOURCE_FACTS = "source-facts"


__all__ = ["LOCATION_PARAMS", "PARAMETERS", "Code", "Input"]
