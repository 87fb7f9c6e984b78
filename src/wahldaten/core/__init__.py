"""The core: findings, rule codes, the standard's schemas, the canonical election model
and the message catalogs. Imports no other part of wahldaten."""
