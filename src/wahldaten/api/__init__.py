"""The library's calls: validate, convert, migrate; siblings that do not import each other."""
