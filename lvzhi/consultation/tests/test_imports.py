"""The .xlsx import of comment sheets: all rows or none, with a row-by-row report."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from lvzhi.core.errors import InvalidTransition, PermissionDeniedError, ValidationFailed
from lvzhi.core.models import AuditLog

from .. import services
from ..imports import comments_import_xlsx, template_xlsx
from ..models import Comment, CommentContact, CommentImport
from ..states import Channel
from .conftest import ConsultWorld

pytestmark = pytest.mark.usefixtures("english")


def _sheet(rows: list[list[Any]], headers: list[str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers or ["条款", "款", "意见", "提出人", "联系方式", "日期"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _import(cw: ConsultWorld, data: bytes, **kw: Any) -> Any:
    args: dict[str, Any] = {
        "consultation": cw.consultation,
        "data": data,
        "filename": "西岭联系点.xlsx",
        "channel": Channel.CONTACT_POINT,
        "source_station": cw.contact_point,
        "acting_user": cw.lw.clerk,
    }
    args.update(kw)
    return comments_import_xlsx(**args)


def test_a_good_sheet_is_imported_with_its_source(cw: ConsultWorld) -> None:
    day = timezone.localdate() - dt.timedelta(days=3)
    batch, result = _import(
        cw,
        _sheet(
            [
                ["第三条", 1, "建议明确登记办理时限。", "张某", "13800001111", day.isoformat()],
                ["总体", None, "草案总体可行。", None, None, None],
                ["5", None, "第五条限养数量应区分城乡。", None, None, day],
                [None, None, None, None, None, None],  # blank rows are skipped
            ]
        ),
    )
    assert result.ok and result.created == 3 and batch.rows == 3
    rows = list(Comment.objects.order_by("batch_row"))
    assert [(c.article, c.paragraph, c.batch_row) for c in rows] == [
        ("3", 1, 2),
        ("", None, 3),
        ("5", None, 4),
    ]
    assert all(c.channel == Channel.CONTACT_POINT and c.source_station == cw.contact_point for c in rows)
    assert timezone.localdate(rows[0].submitted_at) == day
    assert CommentContact.objects.get(comment=rows[0]).contact == "13800001111"
    assert AuditLog.objects.filter(action="consultation.import", object_id=str(batch.pk)).exists()


def test_a_sheet_with_bad_rows_is_refused_whole_with_a_report(cw: ConsultWorld) -> None:
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    batch, result = _import(
        cw,
        _sheet(
            [
                ["第三条", None, "好的一行。", None, None, None],
                ["第九十九条", None, "没有这一条。", None, None, None],
                ["第三条", 7, "", None, None, None],
                ["第四条", None, "日期不对。", None, None, "昨天"],
                ["第四条", None, "未来的日期。", None, "bad@", future],
            ]
        ),
    )
    assert batch is None and not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(3, "条款"), (4, "意见"), (4, "款"), (5, "日期"), (6, "日期"), (6, "联系方式")}
    assert all(e.message for e in result.errors)
    assert Comment.objects.count() == 0 and CommentImport.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"not a workbook", "not an .xlsx"),
        (None, "no 意见"),
        ("empty", "no comments"),
    ],
)
def test_unusable_files_are_refused(cw: ConsultWorld, data: Any, message: str) -> None:
    if data is None:
        data = _sheet([["第三条", "内容"]], headers=["条款", "备注"])
    elif data == "empty":
        data = _sheet([])
    with pytest.raises(ValidationFailed) as err:
        _import(cw, data)
    assert message in str(err.value.message)
    assert Comment.objects.count() == 0


def test_a_workbook_bomb_is_refused_before_it_is_unpacked(cw: ConsultWorld) -> None:
    from lvzhi.office.tests.bombs import xlsx_bomb

    with pytest.raises(ValidationFailed) as err:
        _import(cw, xlsx_bomb(1024))
    assert "more than the limit of 200 times" in str(err.value.message)
    assert Comment.objects.count() == 0 and CommentImport.objects.count() == 0


def test_values_too_long_are_reported_not_cut(cw: ConsultWorld) -> None:
    batch, result = _import(
        cw,
        _sheet(
            [["第三条", None, "好。", "名" * 41, None, None], ["第三条", None, "长" * 5001, None, None, None]]
        ),
    )
    assert batch is None
    assert {(e.row, e.column) for e in result.errors} == {(2, "提出人"), (3, "意见")}
    assert Comment.objects.count() == 0


def test_source_must_match_the_channel_and_rights_and_state(cw: ConsultWorld) -> None:
    data = _sheet([["第三条", None, "内容。", None, None, None]])
    with pytest.raises(ValidationFailed):
        _import(cw, data, source_station=None)
    with pytest.raises(ValidationFailed):
        _import(cw, data, channel=Channel.DISTRICT, source_station=None, source_organ=cw.lw.w.government)
    batch, result = _import(cw, data, channel=Channel.DISTRICT, source_station=None, source_organ=cw.district)
    assert result.ok and batch.source_organ == cw.district
    with pytest.raises(PermissionDeniedError):
        _import(cw, data, acting_user=cw.lw.w.leader)
    services.consultation_close(consultation=cw.consultation, acting_user=cw.lw.clerk, reason="按期")
    services.feedback_publish(consultation=cw.consultation, summary="情况通报", acting_user=cw.lw.clerk)
    cw.consultation.refresh_from_db()
    with pytest.raises(InvalidTransition):
        _import(cw, data)


def test_template_has_the_columns_and_no_sample_rows() -> None:
    wb = load_workbook(io.BytesIO(template_xlsx()))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == ["条款", "款", "意见", "提出人", "联系方式", "日期"]
    assert ws.max_row == 1 and "说明" in wb.sheetnames
    assert ws.freeze_panes == "A2" and ws["A1"].font.b and ws.column_dimensions["C"].width == 60
