"""The validation rules, a few modules per family. Importing this package registers them all."""

from wahldaten.rules import (  # noqa: F401  (imported for registration)
    akdb,
    areas,
    arithmetic,
    ballot,
    bezirke,
    bundeswahlleiterin,
    candidates,
    columns,
    completeness,
    conversion,
    files,
    header,
    plausibility,
    postal_electorate,
    references,
    resave,
    short_rows,
    types,
    votemanager,
    votemanager_legacy,
)
