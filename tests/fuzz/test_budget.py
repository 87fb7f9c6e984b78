"""The long fuzz mode adds failing cases to the regression database and never removes one."""

from __future__ import annotations

from pathlib import Path

from budget import _Keeping


def test_a_kept_case_survives_a_delete_and_a_move(tmp_path: Path) -> None:
    database = _Keeping(str(tmp_path))
    database.save(b"key", b"case")
    database.delete(b"key", b"case")  # Hypothesis does so when the case passes
    assert list(database.fetch(b"key")) == [b"case"]
    database.move(b"key", b"other", b"case")
    assert list(database.fetch(b"key")) == [b"case"]
    assert list(database.fetch(b"other")) == [b"case"]
