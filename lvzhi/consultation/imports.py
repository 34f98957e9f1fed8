"""Import of comment sheets (.xlsx) from contact points, district congresses and deputies.

All or nothing: every row is checked first; if any row is wrong, nothing is stored and the
report lists each problem with its row and column. Columns (Chinese or English headers):

=========  ================  ===============================================
条款        article           第十二条 / 12 / 10-1; empty or 总体 for the whole draft
款          paragraph         optional, 1-based
意见        comment           the opinion (required)
提出人      name              optional
联系方式    contact           optional (e-mail or phone)
日期        date              optional, the day the opinion was given
=========  ================  ===============================================
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.actors import Actor
from lvzhi.core.errors import ValidationFailed
from lvzhi.core.models import Organ, OrganType
from lvzhi.deputies.models import LiaisonStation, StationKind
from lvzhi.deputies.xlsx import ImportResult, RowError, _cell_text, _read_rows
from lvzhi.office.sheets import Book, Column

from .models import CommentImport, Consultation
from .services import _check, _clean_comment, _require_manager, check_intake, comments_import_store
from .states import Channel

COLUMNS = {
    "article": ("条款", "article"),
    "paragraph": ("款", "paragraph"),
    "text": ("意见", "意见内容", "comment", "text"),
    "name": ("提出人", "姓名", "name"),
    "contact": ("联系方式", "contact"),
    "date": ("日期", "date"),
}
WHOLE_DRAFT_WORDS = {"", "总体", "整体", "全文", "总体意见", "whole", "general", "all"}
TEMPLATE_HEADERS = ["条款", "款", "意见", "提出人", "联系方式", "日期"]


def _column_map(headers: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, h in enumerate(headers):
        low = h.strip().lower()
        for key, names in COLUMNS.items():
            if low in names and key not in found:
                found[key] = i
    return found


def _parse_date(value: Any) -> dt.date | None | str:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = (
        _cell_text(value)
        .replace("/", "-")
        .replace(".", "-")
        .replace("年", "-")
        .replace("月", "-")
        .rstrip("日")
    )
    try:
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    except ValueError:
        return "bad"


def comments_import_xlsx(
    *,
    consultation: Consultation,
    data: bytes,
    filename: str,
    channel: str,
    source_station: LiaisonStation | None = None,
    source_organ: Organ | None = None,
    acting_user: Actor,
) -> tuple[CommentImport | None, ImportResult]:
    """Check the sheet; store all its comments in one transaction (the service
    :func:`services.comments_import_store`), or none with the report."""
    _require_manager(acting_user)
    check_intake(consultation)
    _check("import", consultation)
    result = ImportResult()
    if channel not in (Channel.CONTACT_POINT, Channel.DISTRICT, Channel.DEPUTY, Channel.LETTER):
        raise ValidationFailed(detail={"channel": [_("Choose where the sheet comes from.")]})
    if channel == Channel.CONTACT_POINT and (
        source_station is None or source_station.kind != StationKind.CONTACT_POINT
    ):
        raise ValidationFailed(
            detail={"source_station": [_("Choose the contact point the sheet comes from.")]}
        )
    if channel == Channel.DISTRICT and (
        source_organ is None or source_organ.type != OrganType.DISTRICT_CONGRESS
    ):
        raise ValidationFailed(
            detail={"source_organ": [_("Choose the district congress the sheet comes from.")]}
        )
    headers, body = _read_rows(data)
    cols = _column_map(headers)
    if "text" not in cols:
        raise ValidationFailed(
            _("The sheet has no 意见 (comment) column. Use the template."),
            detail=[RowError(1, "意见", _("Missing column.")).as_dict()],
        )
    if not body:
        raise ValidationFailed(_("The sheet has no comments."))
    today = timezone.localdate()
    cleaned = []
    for row_no, values in body:

        def cell(key: str, _values: list[Any] = values) -> Any:
            i = cols.get(key)
            return _values[i] if i is not None and i < len(_values) else None

        raw_article = _cell_text(cell("article"))
        article: object = "" if raw_article.lower() in WHOLE_DRAFT_WORDS else raw_article
        when = _parse_date(cell("date"))
        text, key, para, name, contact, errors = _clean_comment(
            consultation,
            text=_cell_text(cell("text")),
            article=article,
            paragraph=_cell_text(cell("paragraph")),
            name=_cell_text(cell("name")),
            contact=_cell_text(cell("contact")),
        )
        headers_of = {
            "text": "意见",
            "article": "条款",
            "paragraph": "款",
            "name": "提出人",
            "contact": "联系方式",
        }
        for field_name, messages in errors.items():
            for message in messages:
                result.errors.append(RowError(row_no, headers_of.get(field_name, field_name), str(message)))
        if when == "bad":
            result.errors.append(RowError(row_no, "日期", _("Not a date (use 2026-05-31).")))
        elif isinstance(when, dt.date) and when > today:
            result.errors.append(RowError(row_no, "日期", _("The date cannot be in the future.")))
        cleaned.append((row_no, text, key, para, name, contact, when))
    if result.errors:
        return None, result
    batch = comments_import_store(
        consultation=consultation,
        rows=cleaned,
        channel=channel,
        source_station=source_station,
        source_organ=source_organ,
        filename=filename,
        acting_user=acting_user,
    )
    result.created = len(cleaned)
    return batch, result


def template_xlsx() -> bytes:
    """The import template: the header row (widths to write an opinion in) and a sheet of notes."""
    book = Book()
    book.sheet(
        "意见",
        [
            Column(TEMPLATE_HEADERS[0], width=10),
            Column(TEMPLATE_HEADERS[1], width=6),
            Column(TEMPLATE_HEADERS[2], width=60),
            Column(TEMPLATE_HEADERS[3], width=12),
            Column(TEMPLATE_HEADERS[4], width=20),
            Column(TEMPLATE_HEADERS[5], width=12),
        ],
    )
    notes = book.sheet("说明")
    for line in (
        _("One opinion per row on the first sheet; keep the header row."),
        _("条款: 第十二条, 12 or 10-1; leave empty or write 总体 for the draft as a whole."),
        _("款: the paragraph number within the article (optional)."),
        _("提出人 and 联系方式 are optional; contacts are shown masked to most staff."),
        _("日期: the day the opinion was given, e.g. 2026-05-31 (optional)."),
    ):
        notes.append([line])
    return book.to_bytes()
