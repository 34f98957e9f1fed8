"""Roster import/export: every bad file yields a row-by-row report and imports nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from lvzhi.core.models import AuditLog, Person
from lvzhi.deputies.models import Deputy
from lvzhi.deputies.validation import id_check_digit
from lvzhi.deputies.xlsx import deputies_export_xlsx, deputies_import_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English here; the Chinese catalogue is checked separately."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_messages_are_chinese_by_default(world):
    from django.utils import translation

    with translation.override("zh-hans"):
        result = deputies_import_xlsx(data=b"nonsense", term=world.term, acting_user=world.staff)
    assert "不是" in result.errors[0].message and ".xlsx" in result.errors[0].message


HEADERS = [
    "代表编号",
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "政治面貌",
    "身份证号",
    "手机",
    "电子邮箱",
    "工作单位及职务",
    "选举单位",
    "代表团",
    "代表小组",
    "联络站",
    "界别",
    "状态",
    "状态原因",
    "状态日期",
]


def idn(n: int) -> str:
    first17 = f"44990119850203{n:03d}"
    return first17 + id_check_digit(first17)


def row(code: str, name: str, n: int, **over: object) -> list[object]:
    base = {
        "代表编号": code,
        "姓名": name,
        "性别": "女",
        "出生日期": "1985-02-03",
        "民族": "汉族",
        "政治面貌": "中共党员",
        "身份证号": idn(n),
        "手机": "13912345678",
        "电子邮箱": f"x{n}@example.org",
        "工作单位及职务": "东湖小学校长",
        "选举单位": "东区人民代表大会",
        "代表团": "东区代表团",
        "代表小组": "第一小组",
        "联络站": "东湖街道代表联络站",
        "界别": "专业技术人员",
        "状态": "在任",
        "状态原因": "",
        "状态日期": "",
    }
    base.update(over)
    return [base[h] for h in HEADERS]


def workbook(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _nothing_imported(world, before_people: int) -> None:
    assert Deputy.objects.count() == 1  # only the fixture's deputy
    assert Person.objects.count() == before_people


def test_good_file_creates_and_updates_in_one_go(world):
    data = workbook(
        [
            row("D0100", "赵敏", 100),
            row("D0101", "钱进", 101, 性别="男", 状态="暂停", 状态原因="因病请假", 状态日期="2026/03/02"),
            row("D0001", "王建国", 1, 手机="13700000000", 身份证号=world.deputy.person.id_number),
        ]
    )
    result = deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 1)
    qian = Deputy.objects.get(code="D0101")
    assert (
        qian.status == "suspended"
        and qian.status_reason == "因病请假"
        and str(qian.status_date) == "2026-03-02"
    )
    assert Deputy.objects.get(code="D0001").person.phone == "13700000000"
    assert AuditLog.objects.filter(action__startswith="deputy.import").count() == 3
    assert AuditLog.objects.filter(action="deputies.import", actor=world.staff).exists()


def test_reimporting_the_same_file_changes_nothing(world):
    data = workbook([row("D0100", "赵敏", 100)])
    assert deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff).created == 1
    again = deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff)
    assert (again.created, again.updated, again.errors) == (0, 0, [])


@pytest.mark.parametrize(
    "data_factory, expected",
    [
        (lambda: b"this is not a spreadsheet", "not an .xlsx"),
        (lambda: b"", "empty"),
        (lambda: b"PK\x03\x04 broken zip", "not an .xlsx"),
    ],
)
def test_not_an_xlsx(world, data_factory, expected):
    before = Person.objects.count()
    result = deputies_import_xlsx(data=data_factory(), term=world.term, acting_user=world.staff)
    assert not result.ok and result.errors[0].row == 0 and expected in result.errors[0].message
    _nothing_imported(world, before)


def test_wrong_columns(world):
    before = Person.objects.count()
    headers = [h for h in HEADERS if h != "代表团"] + ["籍贯"]
    data = workbook([row("D0100", "赵敏", 100)[:-1]], headers=headers)
    result = deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff)
    messages = [e.message for e in result.errors]
    assert any("籍贯" in m for m in messages)  # unknown column named
    assert any("代表团" in m or "Delegation" in m for m in messages)  # missing required column named
    assert all(e.row == 1 for e in result.errors)
    _nothing_imported(world, before)


def test_every_bad_row_is_reported_and_nothing_is_imported(world):
    before = Person.objects.count()
    data = workbook(
        [
            row("D0100", "赵敏", 100),  # good, but must not be imported
            row("D0101", "钱进", 100),  # duplicate ID number of row 2
            row("D0102", "孙丽", 102, 代表团="火星代表团"),  # unknown delegation
            row("D0103", "李雷", 103, 出生日期="1985-13-45"),  # impossible date
            row("D0104", "周梅", 104, 状态日期="下周一", 状态="终止", 状态原因="辞职"),  # unreadable date
            row("D0105", "吴刚", 105, 身份证号="440101198501011234"),  # bad checksum
            row("D0100", "郑和", 106),  # duplicate deputy number of row 2
            row("", "", 107),  # missing required values
            row(
                "D0108", "冯军", 108, 身份证号=world.deputy.person.id_number
            ),  # ID of the existing deputy D0001
            row("D0109", "陈晨", 109, 状态="暂停"),  # suspended without reason/date
            row("D0110", "褚楚", 110, 代表小组="不存在的小组", 界别="宇航员"),  # unknown group and sector
        ]
    )
    result = deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff)
    assert not result.ok
    by_row: dict[int, list[str]] = {}
    for e in result.errors:
        by_row.setdefault(e.row, []).append(e.message)
    assert set(by_row) == {3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
    assert any("row 2" in m or "第 2 行" in m or "2" in m for m in by_row[3])
    assert any("火星代表团" in m for m in by_row[4])
    assert any("1985-13-45" in m for m in by_row[5])
    assert any("下周一" in m for m in by_row[6])
    assert any("440101198501011234" in m for m in by_row[7])
    assert any("D0001" in m for m in by_row[10])
    assert len(by_row[11]) == 1 and len(by_row[12]) == 2
    _nothing_imported(world, before)


@pytest.mark.parametrize(
    ("column", "header", "value", "limit"),
    [
        # the longest text a cell holds (Excel's limit; openpyxl cuts longer ones when writing)
        ("工作单位及职务", "Workplace and position", "长" * 32_767, 200),
        ("姓名", "Name", "王" * 61, 60),
        ("民族", "Ethnicity", "汉" * 21, 20),
        ("政治面貌", "Political affiliation", "党" * 41, 40),
        ("手机", "Mobile phone", "1" * 21, 20),
        ("代表编号", "Deputy number", "D" + "0" * 20, 20),
    ],
)
def test_a_value_too_long_for_its_column_is_an_error_not_cut(world, column, header, value, limit):
    before = Person.objects.count()
    data = workbook([row("D0100", "赵敏", 100), row("D0101", "钱进", 101, **{column: value})])
    result = deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, header, f"{header} is {len(value)} characters long; the limit is {limit}.")
    ]
    _nothing_imported(world, before)


def test_a_reason_too_long_is_an_error_not_cut(world):
    data = workbook([row("D0101", "钱进", 101, 状态="暂停", 状态原因="因" * 201, 状态日期="2026-03-02")])
    result = deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff)
    assert [e.message for e in result.errors] == ["Reason is 201 characters long; the limit is 200."]


def test_a_workbook_bomb_is_refused_before_it_is_unpacked(world):
    from lvzhi.office.tests.bombs import xlsx_bomb

    before = Person.objects.count()
    result = deputies_import_xlsx(data=xlsx_bomb(1024), term=world.term, acting_user=world.staff)
    assert [e.row for e in result.errors] == [0]
    assert "more than the limit of 200 times" in result.errors[0].message
    _nothing_imported(world, before)


def test_a_workbook_over_the_unpacked_size_limit_is_refused(world, settings):
    settings.UPLOAD_ZIP_MAX_BYTES = 100 * 1024
    data = workbook([row(f"D{n:04d}", "赵敏", n) for n in range(100, 400)])
    result = deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff)
    assert [e.message for e in result.errors] == [
        "Unpacked, the file would take more than the limit of 100.0\xa0KB."
    ]
    settings.UPLOAD_ZIP_MAX_BYTES = 50 * 1024 * 1024
    assert deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff).created == 300


def test_a_sheet_of_a_million_empty_rows_or_columns_is_read_quickly(world):
    import time

    from lvzhi.office.tests.bombs import xlsx_with_rows

    blank = b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t> </t></is></c></row>'
    far_away = xlsx_with_rows(blank % (1_000_000, 1_000_000), 1)  # a few KB
    started = time.perf_counter()
    result = deputies_import_xlsx(data=far_away, term=world.term, acting_user=world.staff)
    assert time.perf_counter() - started < 5
    assert [e.message for e in result.errors] == ["The sheet has more than 40000 rows (blank ones included)."]


def test_export_masks_contacts_unless_allowed(world):
    qs = Deputy.objects.select_related("person", "delegation", "group", "station", "electoral_unit")
    masked = load_workbook(io.BytesIO(deputies_export_xlsx(deputies=qs, reveal_contacts=False))).active
    clear = load_workbook(io.BytesIO(deputies_export_xlsx(deputies=qs, reveal_contacts=True))).active
    id_col = HEADERS.index("身份证号") + 1
    phone_col = HEADERS.index("手机") + 1
    assert clear.cell(2, id_col).value == world.deputy.person.id_number
    assert (
        "*" in masked.cell(2, id_col).value and masked.cell(2, id_col).value != world.deputy.person.id_number
    )
    assert masked.cell(2, phone_col).value.startswith("138") and "****" in masked.cell(2, phone_col).value


def test_exported_file_imports_back_unchanged(world):
    qs = Deputy.objects.select_related("person", "delegation", "group", "station", "electoral_unit")
    data = deputies_export_xlsx(deputies=qs, reveal_contacts=True)
    result = deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 0)


def test_export_writes_a_formula_looking_workplace_as_text_and_imports_it_back(client, world):
    from django.urls import reverse

    from lvzhi.office.sheets import xlsx_bytes
    from lvzhi.office.testing import EVIL_FORMULA, assert_text_cell

    upload = xlsx_bytes("代表", HEADERS, [row("D0100", "赵敏", 100, 工作单位及职务=EVIL_FORMULA)])
    assert deputies_import_xlsx(data=upload, term=world.term, acting_user=world.staff).ok
    assert Deputy.objects.get(code="D0100").person.workplace == EVIL_FORMULA
    client.force_login(world.staff)
    response = client.get(reverse("deputies:export") + "?full=1")  # the keeper's full (audited) export
    assert response.status_code == 200
    cell = assert_text_cell(response.content)
    assert cell.column == HEADERS.index("工作单位及职务") + 1 and cell.quotePrefix
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:R{sheet.max_row}"
    again = deputies_import_xlsx(data=response.content, term=world.term, acting_user=world.staff)
    assert again.ok, again.errors
    assert (again.created, again.updated) == (0, 0)  # the workplace came back as it was


def test_the_masked_export_imports_back_unchanged(world):
    """The ordinary export is masked (issue 11.2): re-importing it keeps the full values."""
    p = world.deputy.person
    before = (p.id_number, p.phone, p.email)
    qs = Deputy.objects.select_related("person", "delegation", "group", "station", "electoral_unit")
    data = deputies_export_xlsx(deputies=qs, reveal_contacts=False)
    result = deputies_import_xlsx(data=data, term=world.term, acting_user=world.staff)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 0)
    p.refresh_from_db()
    assert (p.id_number, p.phone, p.email) == before


def test_the_import_does_not_restore_a_terminated_mandate(world):
    """The roster import follows the MANDATE table (before: any status was written as read)."""
    from lvzhi.deputies.services import deputy_change_status
    from lvzhi.office.sheets import xlsx_bytes

    upload = xlsx_bytes("代表", HEADERS, [row("D0100", "赵敏", 100)])
    assert deputies_import_xlsx(data=upload, term=world.term, acting_user=world.staff).ok
    deputy = Deputy.objects.get(code="D0100")
    deputy_change_status(
        deputy=deputy, status="terminated", reason="辞职", date=dt.date(2026, 2, 1), acting_user=world.staff
    )
    again = deputies_import_xlsx(data=upload, term=world.term, acting_user=world.staff)  # says 在任
    assert not again.ok and again.errors[0].row == 2 and again.errors[0].column in ("状态", "Status")
    assert Deputy.objects.get(code="D0100").status == "terminated"


def test_only_the_keepers_import(world):
    from lvzhi.core.errors import PermissionDeniedError
    from lvzhi.office.sheets import xlsx_bytes

    upload = xlsx_bytes("代表", HEADERS, [row("D0100", "赵敏", 100)])
    with pytest.raises(PermissionDeniedError):
        deputies_import_xlsx(data=upload, term=world.term, acting_user=world.leader)
    assert not Deputy.objects.filter(code="D0100").exists()
