"""Reading tabular files (tabel): CSV or XLSX, sniffed by content, streamed row by row.

``read_table(file_or_path, filename="list.xlsx")`` returns a :class:`Table`: ``headers`` as in the
file and an iterator of :class:`Row` (``number`` = the spreadsheet line number, the header being
line 1; ``values`` = header → text). Every refusal is a :class:`TableError` whose message is in the
user's language.

CSV: the encoding is UTF-8 (with or without BOM), else Windows-1252; mojibake ("JakartaÂ Selatan")
is repaired with ftfy; the delimiter (``,`` ``;`` or tab) is sniffed from the first lines. XLSX:
the first sheet, read-only, cached formula values, values as text (dates in ISO form, whole
numbers without ``.0``). Cells are stripped, non-breaking spaces become spaces, fully blank lines
are skipped. Trailing unnamed columns are ignored; an unnamed column between named ones, a
duplicate header, NUL bytes, a file that is neither CSV nor XLSX, an empty file and a file over
``NETRA_IMPORT_MAX_BYTES`` / ``NETRA_IMPORT_MAX_ROWS`` are refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import ftfy
import ftfy.badness
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000
DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 20


class TableError(Exception):
    """The file cannot be read as a table; ``message`` is translated, ``code`` is stable."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


@dataclass
class Row:
    """One data line: ``number`` is the spreadsheet line number (header = 1), ``values`` maps each
    header (or, once mapped by an import, each column key) to its text."""

    number: int
    values: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default) or default


class Batch:
    """One batch of an import, column by column: ``numbers[i]`` is the spreadsheet line number
    of row ``i`` and ``column(key)[i]`` its text in the column ``key`` ("" when the file has no
    such column). What ``Importer.import_batch`` receives: an importer that works a column at a
    time (distinct values looked up once, whole columns converted) needs no dict per row;
    :meth:`rows` gives the usual :class:`Row` objects. ``prepared`` holds what
    ``Importer.prepare_batch`` made of the batch (None when nothing was prepared)."""

    __slots__ = ("numbers", "_columns", "prepared")

    def __init__(self, numbers: Sequence[int], columns: dict[str, Sequence[str]]) -> None:
        self.numbers = numbers
        self._columns = columns
        self.prepared: Any = None

    def __len__(self) -> int:
        return len(self.numbers)

    @property
    def keys(self) -> list[str]:
        return list(self._columns)

    def column(self, key: str) -> Sequence[str]:
        return self._columns[key]

    def rows(self) -> list[Row]:
        """The rows, each with ``values`` keyed by column key."""
        keys = list(self._columns)
        if not keys:
            return [Row(number, {}) for number in self.numbers]
        lines = zip(*self._columns.values(), strict=True)
        return [
            Row(number, dict(zip(keys, values, strict=True)))
            for number, values in zip(self.numbers, lines, strict=True)
        ]

    def select(self, positions: Sequence[int]) -> Batch:
        """The rows at ``positions`` (in that order), as a new batch."""
        return Batch(
            [self.numbers[i] for i in positions],
            {key: [values[i] for i in positions] for key, values in self._columns.items()},
        )


def max_bytes() -> int:
    return int(getattr(settings, "NETRA_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "NETRA_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


# --- cell values ---------------------------------------------------------------------------------


# A UTF-8 lead byte read as Windows-1252/Latin-1 (Â Ã â …) followed by what a continuation byte
# becomes: the sign of mojibake, found in one pass over a whole file. Cells are then checked
# one by one with ftfy's own (slower) test before any repair.
MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
    "\u203a\u20ac\u2122]|[\u00c2\u00c3] "
)


def looks_broken(text: str) -> bool:
    """Whether ``text`` may hold mojibake (a cheap first test; ASCII never does)."""
    return not text.isascii() and MOJIBAKE_HINT.search(text) is not None


def clean_text(value: str, *, repair: bool = True) -> str:
    """A cell's text: mojibake repaired (when ``repair`` and it looks broken), non-breaking
    spaces as spaces, stripped. HTML entities and quotes are left as typed."""
    if not value:
        return ""
    if not value.isascii():
        if repair and MOJIBAKE_HINT.search(value) and ftfy.badness.is_bad(value):
            value = ftfy.fix_text(
                value,
                unescape_html=False,
                uncurl_quotes=False,
                fix_character_width=False,
                fix_latin_ligatures=False,
            )
        value = value.replace("\xa0", " ").replace("\u202f", " ")
    return value.strip()


def cell_text(value) -> str:
    """An XLSX cell value as text: ISO dates, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return clean_text(str(value))


# --- header checks -------------------------------------------------------------------------------


def _check_headers(raw: list[str]) -> list[str]:
    headers = [clean_text(h) for h in raw]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TableError(_("The file has no header line with column names."), code="no_header")
    for position, name in enumerate(headers, start=1):
        if not name:
            raise TableError(
                _("Column %(position)d has no name in the header line.") % {"position": position},
                code="empty_header",
            )
    seen: set[str] = set()
    for name in headers:
        folded = name.casefold()
        if folded in seen:
            raise TableError(
                _("The column name “%(name)s” appears more than once in the header line.")
                % {"name": name},
                code="duplicate_header",
            )
        seen.add(folded)
    return headers


def _too_many_rows(limit: int) -> TableError:
    return TableError(
        _("The file has more than %(limit)s data lines.")
        % {"limit": number_format(limit, force_grouping=True)},
        code="too_many_rows",
    )


# --- tables --------------------------------------------------------------------------------------


class Table:
    """A readable table; iterate it (more than once if needed) for its rows."""

    format = ""

    def __init__(self, headers: list[str]) -> None:
        self.headers = headers
        self._count: int | None = None

    def _lines(self) -> Iterator[tuple[int, list[str]]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """The data lines as ``(number, cells)``: cells cleaned, cut or padded to the headers'
        width, blank lines skipped, the row limit enforced. What an import job reads (no
        :class:`Row` or dict per line); iterating the table wraps each in a :class:`Row`."""
        limit = max_rows()
        count = 0
        width = len(self.headers)
        for number, cells in self._lines():
            if len(cells) != width:
                cells = cells[:width] + [""] * (width - len(cells))
            if not any(cells):
                continue
            count += 1
            if count > limit:
                raise _too_many_rows(limit)
            yield number, cells
        self._count = count

    def __iter__(self) -> Iterator[Row]:
        headers = self.headers
        for number, cells in self.records():
            yield Row(number, dict(zip(headers, cells, strict=True)))

    def count_rows(self) -> int:
        """Number of non-blank data lines (reads the table once; cached)."""
        if self._count is None:
            for _record in self.records():
                pass
        return self._count or 0

    def estimate_rows(self) -> int:
        """The number of data lines, or more (never fewer), as cheaply as the format allows;
        what a job shows as its total until its run has counted the lines it read."""
        return self.count_rows()


class CsvTable(Table):
    format = "csv"

    def __init__(self, text: str) -> None:
        self.text = text
        # One check of the whole text spares the per-cell check in the common clean file.
        self.repair = looks_broken(text)
        self.delimiter = _sniff_delimiter(text)
        reader = csv.reader(io.StringIO(text), delimiter=self.delimiter)
        try:
            first = next(reader, None)
        except csv.Error as exc:
            raise _unreadable_csv(exc) from exc
        if first is None:
            raise TableError(_("The file is empty."), code="empty")
        super().__init__(_check_headers(first))

    def _lines(self) -> Iterator[tuple[int, list[str]]]:
        """The data lines with their cells cleaned: an import spends most of its generic time
        here. Cells past the headers' width are cut before cleaning (:meth:`Table.records`
        drops them); ASCII cells are only stripped (``clean_text`` would do nothing else to
        them)."""
        width = len(self.headers)
        repair = self.repair
        ascii_only = self.text.isascii()
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
        try:
            next(reader, None)
            for number, cells in enumerate(reader, start=2):
                if len(cells) > width:
                    cells = cells[:width]
                if ascii_only:
                    yield number, [c.strip() for c in cells]
                else:
                    yield number, [
                        c.strip() if c.isascii() else clean_text(c, repair=repair) for c in cells
                    ]
        except csv.Error as exc:
            raise _unreadable_csv(exc) from exc

    def count_rows(self) -> int:
        """Non-blank data lines, counted without cleaning the cells or building rows: a cell is
        blank after ``clean_text`` exactly when ``str.strip`` leaves nothing (mojibake repair
        never empties a cell, and the spaces it replaces are whitespace)."""
        if self._count is None:
            limit = max_rows()
            width = len(self.headers)
            count = 0
            reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
            strip = str.strip
            try:
                next(reader, None)
                for cells in reader:
                    if any(cells) and any(map(strip, cells[:width])):
                        count += 1
                        if count > limit:
                            raise _too_many_rows(limit)
            except csv.Error as exc:
                raise _unreadable_csv(exc) from exc
            self._count = count
        return self._count

    def estimate_rows(self) -> int:
        """The line breaks after the header, trailing blank lines left out: C-speed counting,
        no parse. Exact for the usual file; more than the rows when cells span lines or blank
        lines sit between rows, never fewer (every data line starts after a line break). An
        import shows it as its total and sets the exact count when its run ends."""
        if self._count is not None:
            return self._count
        text = self.text.rstrip(" \t\r\n\f\v" + self.delimiter)
        return text.count("\n") + text.count("\r") - text.count("\r\n")


def _unreadable_csv(exc: Exception) -> TableError:
    return TableError(
        _("The CSV file could not be read: %(error)s") % {"error": exc}, code="bad_csv"
    )


def _sniff_delimiter(text: str) -> str:
    sample = text[: 64 * 1024]
    lines = sample.splitlines()[:SNIFF_LINES]
    if len(sample) < len(text) and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample may be partial
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [r for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        if width < 2:
            continue
        consistent = sum(1 for r in rows if len(r) == width)
        score = (consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class XlsxTable(Table):
    format = "xlsx"

    def __init__(self, data: bytes) -> None:
        self.data = data
        headers: list[str] | None = None
        with self._sheet() as sheet:
            for values in sheet.iter_rows(min_row=1, max_row=1, values_only=True):
                headers = [cell_text(v) for v in values]
        if headers is None or not any(headers):
            raise TableError(_("The file is empty."), code="empty")
        super().__init__(_check_headers(headers))

    def _sheet(self):
        return _Workbook(self.data)

    def _lines(self) -> Iterator[tuple[int, list[str]]]:
        width = len(self.headers)
        with self._sheet() as sheet:
            # Read-only iteration yields the rows the file leaves out as empty tuples, so the
            # position is the spreadsheet line number.
            rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
            for number, values in enumerate(rows, start=2):
                yield number, [cell_text(v) for v in values]


class _Workbook:
    """The first sheet of an XLSX, opened read-only and closed on exit."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.workbook = None

    def __enter__(self):
        from openpyxl import load_workbook

        try:
            self.workbook = load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
            sheet = self.workbook.worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise TableError(
                _("The Excel file could not be read; save it again as .xlsx and retry."),
                code="bad_xlsx",
            ) from exc
        return sheet

    def __exit__(self, *exc_info) -> None:
        if self.workbook is not None:
            self.workbook.close()


# --- sniffing and entry point --------------------------------------------------------------------

_REFUSED_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"RIFF",
    b"II*\x00",
    b"MM\x00*",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"BM",
)


def _wrong_format() -> TableError:
    return TableError(
        _("This file is not a table. Upload a CSV file or an Excel workbook (.xlsx)."),
        code="wrong_format",
    )


def _read_bytes(source, limit: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            with path.open("rb") as handle:
                return handle.read(limit + 1)
        except OSError as exc:
            raise TableError(_("The file could not be read."), code="unreadable") from exc
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise TableError(_("The file could not be read."), code="unreadable") from exc
    if isinstance(data, str):
        data = data.encode("utf-8")
    return data


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _wrong_format() from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 reads anything.
        return data.decode("latin-1")


def read_table(file_or_path, filename: str = "") -> Table:
    """Open a CSV or XLSX table (sniffed by content, not by ``filename``); see the module doc."""
    limit = max_bytes()
    data = _read_bytes(file_or_path, limit)
    if len(data) > limit:
        raise TableError(
            _("The file is larger than %(limit)s MB.")
            % {"limit": number_format(limit / (1024 * 1024), decimal_pos=0)},
            code="too_big",
        )
    if not data.strip():
        raise TableError(_("The file is empty."), code="empty")
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise _wrong_format() from exc
        if "xl/workbook.xml" not in names:
            raise _wrong_format()
        return XlsxTable(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or CSV and retry."),
            code="old_excel",
        )
    if data.startswith(_REFUSED_SIGNATURES):
        raise _wrong_format()
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(
            _("The file contains NUL bytes; it is not a plain CSV file."), code="nul_bytes"
        )
    text = _decode(data)
    if "\x00" in text:
        raise TableError(
            _("The file contains NUL bytes; it is not a plain CSV file."), code="nul_bytes"
        )
    return CsvTable(text)
