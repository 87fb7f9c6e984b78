"""The validation rules, one module per family. Importing this package registers them all."""

from wahldaten.rules import (  # noqa: F401  (imported for registration)
    arithmetic,
    columns,
    completeness,
    conversion,
    files,
    plausibility,
    references,
    types,
    votemanager,
)
