"""The null-aware sums the K rules of vendor formats check (akdb, votemanager, conversion).

They are the primitives of core/structure_sums, on which the identities of the result letters
(core/structure_identities, checked by the A rules) are built too: the null-aware sum logic
lives once. Empty is not 0: a total is checked only where it and its parts are reported.
"""

from __future__ import annotations

from wahldaten.core.structure_sums import (
    all_reported,
    any_reported,
    differs,
    group_sum,
    options_differ,
    sums_differ,
    total_of,
)

__all__ = [
    "all_reported",
    "any_reported",
    "differs",
    "group_sum",
    "options_differ",
    "sums_differ",
    "total_of",
]
