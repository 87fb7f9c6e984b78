"""Mutations of fixture files: bytes, cells, rows, quoting, separators, encodings, headers and
file names, each drawn by Hypothesis (so that failures shrink and replay) and recorded as a
short description of what it did.

A package is a list of (file name, bytes); a mutator changes it in place. Text mutations split
the bytes into lines and `;`-separated cells losslessly (surrogateescape keeps every byte).
"""

from __future__ import annotations

from hypothesis import strategies as st

# What hostile files carry: controls, separators of lines and paragraphs, bidi overrides,
# workflow commands, markup, byte-order marks, invalid UTF-8, numbers that are not counts.
SNIPPETS = (
    "",
    " ",
    "\x00",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x13",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufffe",
    "\U0001f5f3",
    "\n::error::pwned",
    "::warning file=x::y",
    "%0A::error::x",
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "]]>",
    "&#0;",
    '"',
    '""',
    ";",
    ",",
    "-1",
    "0",
    "007",
    "+5",
    " 5",
    "1.234",
    "1,5",
    "1e9",
    "NaN",
    "99999999999999999999999",
    "x" * 300,
)
HOSTILE_BYTES = (b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\xed\xa0\x80", b"\x00\x00")
TEXT = st.one_of(
    st.sampled_from(SNIPPETS),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=12),
)
ENCODINGS = ("cp1252", "latin-1", "utf-16", "utf-8-sig", "utf-16-be", "ascii")


def safe_name(name: str) -> str:
    """A file name the file system takes: no slash, no NUL, at most 200 bytes, not empty."""
    cleaned = name.replace("/", "_").replace("\x00", "_") or "_"
    while len(cleaned.encode("utf-8", "surrogateescape")) > 200:
        cleaned = cleaned[:-1]
    return cleaned if cleaned not in (".", "..") else "_"


# --- text helpers: bytes as lines of cells, lossless (surrogateescape keeps any byte) -----------


def lines_of(data: bytes) -> list[str]:
    return data.decode("utf-8", "surrogateescape").split("\n")


def bytes_of(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _pick_file(draw: st.DrawFn, files: list[tuple[str, bytes]]) -> int:
    return draw(st.integers(0, len(files) - 1))


def _replace(files: list[tuple[str, bytes]], index: int, data: bytes) -> None:
    files[index] = (files[index][0], data)


# --- the mutators: each changes `files` in place and says what it did ---------------------------


def m_bytes(draw: st.DrawFn, files: list[tuple[str, bytes]]) -> str:
    i = _pick_file(draw, files)
    data = files[i][1]
    at = draw(st.integers(0, len(data)))
    how = draw(st.sampled_from(["insert", "overwrite", "delete", "truncate"]))
    piece = draw(st.one_of(st.sampled_from(HOSTILE_BYTES), TEXT.map(lambda t: t.encode())))
    if how == "insert":
        data = data[:at] + piece + data[at:]
    elif how == "overwrite":
        data = data[:at] + piece + data[at + len(piece) :]
    elif how == "delete":
        data = data[:at] + data[at + draw(st.integers(1, 64)) :]
    else:
        data = data[:at]
    _replace(files, i, data)
    return f"bytes {how} {files[i][0]}@{at} {piece[:20]!r}"


def m_cell(draw: st.DrawFn, files: list[tuple[str, bytes]]) -> str:
    i = _pick_file(draw, files)
    lines = lines_of(files[i][1])
    row = draw(st.integers(0, len(lines) - 1))
    cells = lines[row].split(";")
    column = draw(st.integers(0, len(cells) - 1))
    value = draw(TEXT)
    cells[column] = value
    lines[row] = ";".join(cells)
    _replace(files, i, bytes_of(lines))
    return f"cell {files[i][0]}:{row + 1}:{column} = {value[:30]!r}"


def m_row(draw: st.DrawFn, files: list[tuple[str, bytes]]) -> str:
    i = _pick_file(draw, files)
    lines = lines_of(files[i][1])
    row = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["duplicate", "delete", "swap", "blank", "short", "long", "repeat"]))
    if how == "duplicate":
        lines.insert(row, lines[row])
    elif how == "delete":
        del lines[row]
    elif how == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[row], lines[other] = lines[other], lines[row]
    elif how == "blank":
        lines.insert(row, draw(st.sampled_from(["", ";;;", " ", "\r"])))
    elif how == "short":
        lines[row] = ";".join(lines[row].split(";")[: draw(st.integers(0, 3))])
    elif how == "long":
        lines[row] = lines[row] + ";x" * draw(st.integers(1, 50))
    else:  # many copies of one row: duplicate Bezirke, bigger tables
        lines[row + 1 : row + 1] = [lines[row]] * draw(st.integers(2, 200))
    _replace(files, i, bytes_of(lines or [""]))
    return f"row {how} {files[i][0]}:{row + 1}"


def m_quote(draw: st.DrawFn, files: list[tuple[str, bytes]]) -> str:
    i = _pick_file(draw, files)
    lines = lines_of(files[i][1])
    row = draw(st.integers(0, len(lines) - 1))
    cells = lines[row].split(";")
    column = draw(st.integers(0, len(cells) - 1))
    how = draw(st.sampled_from(["wrap", "unmatched", "embedded", "doubled", "multiline"]))
    cell = cells[column]
    if how == "wrap":
        cells[column] = f'"{cell}"'
    elif how == "unmatched":
        cells[column] = '"' + cell
    elif how == "embedded":
        cells[column] = f'"{cell};{draw(TEXT)}"'
    elif how == "doubled":
        cells[column] = f'"{cell}""x"""'
    else:
        cells[column] = f'"{cell}\n{draw(TEXT)}\r\n"'
    lines[row] = ";".join(cells)
    _replace(files, i, bytes_of(lines))
    return f"quote {how} {files[i][0]}:{row + 1}:{column}"


def m_separator(draw: st.DrawFn, files: list[tuple[str, bytes]]) -> str:
    i = _pick_file(draw, files)
    lines = lines_of(files[i][1])
    new = draw(st.sampled_from([",", "\t", "|", ";;", ""]))
    if draw(st.booleans()):
        lines = [line.replace(";", new) for line in lines]
        where = "all"
    else:
        row = draw(st.integers(0, len(lines) - 1))
        lines[row] = lines[row].replace(";", new, draw(st.integers(1, 3)))
        where = f"line {row + 1}"
    _replace(files, i, bytes_of(lines))
    return f"separator {new!r} {files[i][0]} {where}"


def m_encoding(draw: st.DrawFn, files: list[tuple[str, bytes]]) -> str:
    i = _pick_file(draw, files)
    data = files[i][1]
    how = draw(st.sampled_from([*ENCODINGS, "crlf", "cr", "lf", "bom", "no-bom", "no-final"]))
    text = data.decode("utf-8", "replace")
    if how in ENCODINGS:
        data = text.encode(how, "replace")
    elif how == "crlf":
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    elif how == "cr":
        data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    elif how == "lf":
        data = data.replace(b"\r\n", b"\n")
    elif how == "bom":
        data = b"\xef\xbb\xbf" + data
    elif how == "no-bom":
        data = data.removeprefix(b"\xef\xbb\xbf")
    else:
        data = data.rstrip(b"\r\n")
    _replace(files, i, data)
    return f"encoding {how} {files[i][0]}"


def m_header(draw: st.DrawFn, files: list[tuple[str, bytes]]) -> str:
    i = _pick_file(draw, files)
    lines = lines_of(files[i][1])
    cells = lines[0].split(";")
    column = draw(st.integers(0, len(cells) - 1))
    how = draw(st.sampled_from(["upper", "pad", "typo", "duplicate", "flood", "hostile"]))
    if how == "upper":
        cells[column] = cells[column].upper()
    elif how == "pad":
        cells[column] = f" {cells[column]} "
    elif how == "typo":
        cells[column] = cells[column][::-1]
    elif how == "duplicate":
        cells.append(cells[column])
    elif how == "flood":
        cells.extend(f"X{n}" for n in range(draw(st.integers(10, 300))))
    else:
        cells[column] = cells[column] + draw(TEXT)
    lines[0] = ";".join(cells)
    _replace(files, i, bytes_of(lines))
    return f"header {how} {files[i][0]}:{column}"


def m_file(draw: st.DrawFn, files: list[tuple[str, bytes]]) -> str:
    i = _pick_file(draw, files)
    name, data = files[i]
    how = draw(st.sampled_from(["drop", "copy", "rename", "hostile-name", "empty", "only-header"]))
    if how == "drop" and len(files) > 1:
        del files[i]
    elif how == "copy":
        files.append((name.replace("T", "T9", 1) if "T" in name else "kopie-" + name, data))
    elif how == "rename":
        at = draw(st.integers(0, len(name)))
        files[i] = (
            name[:at] + draw(st.sampled_from(["0", "_", "-", "x", ""])) + name[at + 1 :],
            data,
        )
    elif how == "hostile-name":
        at = draw(st.integers(0, len(name)))
        files[i] = (safe_name(name[:at] + draw(TEXT) + name[at:]), data)
    elif how == "empty":
        files[i] = (name, b"")
    else:
        files[i] = (name, data.split(b"\n", 1)[0] + b"\n")
    return f"file {how} {name}"


MUTATORS = (m_bytes, m_cell, m_row, m_quote, m_separator, m_encoding, m_header, m_file)
