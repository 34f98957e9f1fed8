"""Spreadsheet exports (.xlsx, openpyxl): one helper for every export. Django-free.

Every sheet with columns gets a header row (bold, shaded, frozen, with an auto-filter over
the table), column widths fitted to the content (a CJK character counts as two), dates as
date cells with a date format, numbers as numbers, and every text as a text cell::

    book = Book(write_only=True)            # write_only: streamed, for large exports
    sheet = book.sheet("意见", [Column("Receipt"), Column("Comment", max_width=80),
                                Column("Share", number_format=PERCENT)])
    for row in rows:
        sheet.append([row.receipt, row.text, row.share])
    data = book.to_bytes()

**Text is never a formula.** openpyxl turns a string that starts with "=" into a formula and
one such as "#N/A" into an error value; Excel and LibreOffice would then evaluate a user's
``=HYPERLINK("http://…"&B2,"…")``. Every ``str`` is written as a text cell (its data type set
to string) with its exact text; one that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return also gets Excel's "quote prefix", so that editing the cell in Excel keeps it
text. Two changes are unavoidable: characters XML cannot carry (control characters other than
tab, line feed and carriage return) are dropped, and a text longer than Excel's limit of
32,767 characters is cut there.

Column widths: the widest of the header and the first :data:`FIT_ROWS` rows, between
:data:`MIN_WIDTH` and the column's ``max_width``; in write-only mode the rows are held back
until then, because the widths are written before the first row.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .text import display_width

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT = "0.0%"
MAX_CELL_CHARS = 32767
FIT_ROWS = 200
MIN_WIDTH = 6
MAX_WIDTH = 60
#: What a spreadsheet program may read as the start of a formula (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F3E5E5")
_SHEET_TITLE_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    """A column: its header, a fixed ``width`` in characters (default: fitted to the content,
    at most ``max_width``), and a ``number_format`` for its numbers (e.g. :data:`PERCENT`
    for fractions)."""

    header: str
    width: float | None = None
    max_width: float = MAX_WIDTH
    number_format: str | None = None


def clean_text(value: str) -> str:
    """The text as a cell can hold it: without the control characters XML refuses, cut at
    32,767 characters."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]


def sheet_title(title: str) -> str:
    """A valid sheet name: without ``[]:*?/\\`` and at most 31 characters."""
    return (title.translate(_SHEET_TITLE_FORBIDDEN).strip() or "Sheet")[:31]


class Sheet:
    """One worksheet of a :class:`Book`. :meth:`append` adds a row of the table;
    :meth:`append_after` a row below it (totals, notes) that the auto-filter leaves out."""

    def __init__(self, book: Book, ws: Any, columns: Sequence[Column] | None) -> None:
        self._book = book
        self._ws = ws
        self._columns = list(columns or [])
        self._has_header = bool(columns)
        self._widths: list[int] = [display_width(c.header) for c in self._columns]
        self._held: list[list[Cell]] = []
        self._measured = 0
        self._flushed = not book.write_only
        self._table_end = 1 if self._has_header else 0
        self._rows = 0
        self._after = False
        if self._has_header:
            header = []
            for column in self._columns:
                cell = WriteOnlyCell(ws, value=clean_text(column.header))
                cell.data_type = "s"
                cell.font, cell.fill = HEADER_FONT, HEADER_FILL
                header.append(cell)
            self._write(header, measure=False)

    @property
    def title(self) -> str:
        return str(self._ws.title)

    def _cell(self, value: Any, index: int) -> Cell:
        column = self._columns[index] if index < len(self._columns) else None
        if value is not None and not isinstance(value, str | bool | int | float | decimal.Decimal | dt.date):
            value = str(value)  # lazy translations, UUIDs …
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone(self._book.tz).replace(tzinfo=None)
        cell = WriteOnlyCell(self._ws, value=clean_text(value) if isinstance(value, str) else value)
        if isinstance(value, str):
            cell.data_type = "s"
            if value.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True
        elif isinstance(value, dt.datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        elif column is not None and column.number_format and isinstance(value, int | float | decimal.Decimal):
            if not isinstance(value, bool):
                cell.number_format = column.number_format
        return cell

    def _measure(self, cells: Sequence[Cell]) -> None:
        for i, cell in enumerate(cells):
            value = cell.value
            if value is None:
                continue
            if isinstance(value, str):
                width = display_width(value[: MAX_WIDTH * 2])
            elif isinstance(value, dt.datetime):
                width = len("2026-12-31 23:59")
            elif isinstance(value, dt.date):
                width = len("2026-12-31")
            else:
                width = len(str(value))
            while len(self._widths) <= i:
                self._widths.append(0)
            self._widths[i] = max(self._widths[i], width)

    def _write(self, cells: list[Cell], *, measure: bool = True) -> None:
        if measure and self._measured < FIT_ROWS:
            self._measure(cells)
            self._measured += 1
        if self._flushed:
            self._ws.append(cells)
            return
        self._held.append(cells)
        if self._measured >= FIT_ROWS:
            self._flush()

    def _flush(self) -> None:
        """Write the column widths and the held rows (write-only mode)."""
        if self._flushed:
            return
        self._set_widths()
        self._flushed = True
        for cells in self._held:
            self._ws.append(cells)
        self._held = []

    def _set_widths(self) -> None:
        for i, measured in enumerate(self._widths):
            column = self._columns[i] if i < len(self._columns) else None
            if column is not None and column.width is not None:
                width = column.width
            else:
                limit = column.max_width if column is not None else MAX_WIDTH
                width = min(max(measured + 2, MIN_WIDTH), limit)
            self._ws.column_dimensions[get_column_letter(i + 1)].width = width

    def append(self, values: Iterable[Any]) -> None:
        """A row of the table: text as text, numbers as numbers, dates as dates."""
        if self._after:
            raise ValueError("a table row after the rows below the table")
        self._write([self._cell(v, i) for i, v in enumerate(values)])
        self._rows += 1
        self._table_end += 1

    def append_after(self, values: Iterable[Any] = ()) -> None:
        """A row below the table (a blank line, totals, notes), outside the auto-filter."""
        self._after = True
        self._write([self._cell(v, i) for i, v in enumerate(values)], measure=False)

    @property
    def rows(self) -> int:
        """The number of table rows appended (header not counted)."""
        return self._rows

    def _close(self) -> None:
        if self._has_header:
            last = get_column_letter(max(len(self._columns), 1))
            self._ws.auto_filter.ref = f"A1:{last}{self._table_end}"
        self._flush()
        if not self._book.write_only:
            self._set_widths()


class Book:
    """A workbook of :class:`Sheet` s. ``write_only``: openpyxl's streaming mode (bounded
    memory for exports of any size). ``tz``: the zone aware datetimes are shown in (default:
    the process's local zone)."""

    def __init__(self, *, write_only: bool = False, tz: dt.tzinfo | None = None) -> None:
        self.write_only = write_only
        self.tz = tz
        self._wb = Workbook(write_only=write_only)
        self._sheets: list[Sheet] = []
        if not write_only:
            self._wb.remove(self._wb.worksheets[0])

    def sheet(self, title: str, columns: Sequence[Column | str] | None = None) -> Sheet:
        """A new sheet; with ``columns``, a header row, frozen and filtered. Without, plain rows
        (an "about" sheet)."""
        ws = self._wb.create_sheet(title=sheet_title(title))
        cols = [c if isinstance(c, Column) else Column(str(c)) for c in columns or []]
        if cols:
            ws.freeze_panes = "A2"
        sheet = Sheet(self, ws, cols)
        self._sheets.append(sheet)
        return sheet

    def to_bytes(self) -> bytes:
        if not self._sheets:
            self.sheet("Sheet")
        for sheet in self._sheets:
            sheet._close()
        out = io.BytesIO()
        self._wb.save(out)
        return out.getvalue()


def xlsx_bytes(
    title: str, columns: Sequence[Column | str], rows: Iterable[Iterable[Any]], *, write_only: bool = True
) -> bytes:
    """A workbook of one table."""
    book = Book(write_only=write_only)
    sheet = book.sheet(title, columns)
    for row in rows:
        sheet.append(row)
    return book.to_bytes()
