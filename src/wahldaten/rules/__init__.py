"""The validation rules, one module per family. Importing this package registers them all."""

from wahldaten.rules import (  # noqa: F401  (imported for registration)
    akdb,
    arithmetic,
    bundeswahlleiterin,
    columns,
    completeness,
    conversion,
    files,
    plausibility,
    references,
    types,
    votemanager,
)
