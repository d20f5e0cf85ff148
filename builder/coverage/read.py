"""Reading an ITSM export into a header and numbered rows, whatever its format.

Matrix42 and Excel write `;`-separated CSV in Windows-1252; others write `,`
and UTF-8, with or without a byte order mark; LibreOffice users send ODS. The
encoding is detected (charset-normalizer when the bytes are not UTF-8), the
separator read from the header line, spreadsheets read by python-calamine.
Rows keep the number a user sees: the line of the CSV file where the record
starts, the row of the spreadsheet.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from .errors import CoverageError

Cell = str | datetime
SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
SEPARATORS = (";", ",", "\t")
# the 8-bit encodings an office export in French may use; charset-normalizer picks among them
LEGACY = ["cp1252", "iso8859_15", "latin_1", "cp850", "mac_roman"]
SAMPLE = 256 * 1024


@dataclass
class Export:
    """What was read: the header, the rows with their line numbers, how the file was understood."""

    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]
    format: str  # "csv" | "xlsx" | "ods"…
    encoding: str = ""
    separator: str = ""


def read_export(path: Path) -> Export:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CoverageError(f"fichier « {path} » introuvable") from None
    except OSError as error:
        raise CoverageError(f"impossible de lire « {path} » ({error.strerror})") from None
    if path.suffix.lower() in SPREADSHEETS or data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _spreadsheet(path, data)
    return read_csv(data)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without BOM) first, then the likeliest legacy one."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes
    best = from_bytes(data[:SAMPLE], cp_isolation=LEGACY).best()
    encoding = best.encoding if best is not None else "cp1252"
    return data.decode(encoding, errors="replace"), encoding


def separator_of(header_line: str) -> str:
    """The separator used most in the header line, outside quotes (`;` when none)."""
    outside, quoted = [], False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    text = "".join(outside)
    counts = {sep: text.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ";"


def read_csv(data: bytes) -> Export:
    text, encoding = decode(data)
    first = text.lstrip("\r\n").split("\n", 1)[0]
    separator = separator_of(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header: list[str] | None = None
    line = 0
    for row in reader:
        start, line = line + 1, reader.line_num
        if any(cell.strip() for cell in row):
            header = row
            break
    if header is None:
        raise CoverageError("l'export est vide : aucune ligne d'en-tête")

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        last = line
        try:
            for row in reader:
                start, last_now = last + 1, reader.line_num
                last = last_now
                if row and "".join(row).strip():
                    yield start, list(row)
        except csv.Error:  # an unterminated quote at the end of the file: the rest is one broken record
            yield last + 1, []

    return Export(header, rows(), "csv", encoding, separator)


def _spreadsheet(path: Path, data: bytes) -> Export:
    from python_calamine import CalamineWorkbook
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises its own error types for damaged files
        raise CoverageError(f"« {path.name} » n'est pas un classeur lisible ({error})") from None
    numbered = [(number, [_cell(value) for value in row]) for number, row in enumerate(sheet, 1)
                if any(_cell(value) != "" for value in row)]
    if not numbered:
        raise CoverageError("l'export est vide : aucune ligne d'en-tête")
    header = [str(cell) for cell in numbered[0][1]]
    while header and not header[-1].strip():  # calamine pads every row to the widest one
        header.pop()
    kind = "ods" if path.suffix.lower() == ".ods" else "xlsx"
    return Export(header, iter(numbered[1:]), kind)


def _cell(value: object) -> Cell:
    """A spreadsheet value as the CSV would hold it; dates stay dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    return str(value).strip() if isinstance(value, str) else str(value)
