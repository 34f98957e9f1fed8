"""Files for the oversight of suggestions: .xlsx exports (:mod:`lvzhi.office.sheets`,
write-only, streamed in chunks) and the annual handling report (年度代表建议办理情况报告) as a
公文 .docx (:mod:`lvzhi.office.gongwen`).

Confidential items: their titles and commitment texts are replaced by :data:`oversight.MASK`
unless the person exporting may see them; ``mask_all`` masks them for everybody (a version
for circulation). The annual report goes to the Standing Committee and the congress, so it
always masks them.

The annual report is an official document in Chinese, like the assignment sheet and the
reply letter in :mod:`lvzhi.suggestions.documents`; every figure in it is computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core.models import Organ, OrganType
from lvzhi.core.permissions import Viewer
from lvzhi.office.gongwen import SIZE_S4, GongwenWriter, Table
from lvzhi.office.sheets import PERCENT, Book, Column

from . import oversight as ov
from .models import Assignment, Channel, Commitment, Reply, Signer, Suggestion, Topic
from .states import AssignmentRole, AssignmentStatus, CommitmentStatus, Rating, SuggestionStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHUNK = 2000
LATE_LISTED = 100  # late commitments listed by name in the annual report


# --- .xlsx ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """One exported column: a (lazy) header, how to read the value from a row, and a number
    format for its numbers (a rate is a fraction shown as a percentage). Widths are fitted."""

    header: Any
    value: Callable[[Any], Any]
    number_format: str | None = None

    def column(self) -> Column:
        return Column(str(self.header), number_format=self.number_format)


def _rate(value: float | None) -> float | None:
    """A percentage (75.0) as the fraction a percent-formatted cell holds (0.75)."""
    return None if value is None else value / 100


def _local_date(value: dt.datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _local_day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def _book() -> Book:
    return Book(write_only=True, tz=timezone.get_current_timezone())


def _about(book: Book, f: ov.OversightFilters, extra: Sequence[tuple[str, str]] = ()) -> None:
    """A second sheet saying what the export contains (filters, time)."""
    sheet = book.sheet(_("About"))
    sheet.append([_("Generated"), timezone.localtime().replace(second=0, microsecond=0)])
    sheet.append([_("Year"), str(f.year) if f.year else _("all years")])
    for name, value in f.params().items():
        if name != "year":
            sheet.append([name, value])
    for label, value in extra:
        sheet.append([label, value])


def table_xlsx(
    *,
    title: str,
    columns: Sequence[Col],
    rows: Iterable[Any],
    f: ov.OversightFilters,
    totals: Any | None = None,
) -> bytes:
    """A dashboard table as a workbook: one row per item, an optional totals row below."""
    book = _book()
    sheet = book.sheet(title, [c.column() for c in columns])
    for row in rows:
        sheet.append([col.value(row) for col in columns])
    if totals is not None:
        sheet.append_after([col.value(totals) for col in columns])
    _about(book, f)
    return book.to_bytes()


UNIT_COLUMNS: tuple[Col, ...] = (
    Col(gettext_lazy("Handling unit"), lambda r: r.name),
    Col(gettext_lazy("Unit type"), lambda r: r.type_label if r.type else ""),
    Col(gettext_lazy("Assigned (answering)"), lambda r: r.answering),
    Col(gettext_lazy("Assigned (co-handling)"), lambda r: r.co),
    Col(gettext_lazy("Answered"), lambda r: r.answered),
    Col(gettext_lazy("Answered on time"), lambda r: r.on_time),
    Col(gettext_lazy("On-time rate"), lambda r: _rate(r.on_time_rate), PERCENT),
    Col(gettext_lazy("Being handled"), lambda r: r.open),
    Col(gettext_lazy("Overdue now"), lambda r: r.overdue),
    Col(gettext_lazy("Average days to answer"), lambda r: r.avg_days),
    Col(gettext_lazy("Satisfied"), lambda r: r.satisfied),
    Col(gettext_lazy("Basically satisfied"), lambda r: r.basically),
    Col(gettext_lazy("Not satisfied"), lambda r: r.unsatisfied),
    Col(gettext_lazy("Satisfaction rate"), lambda r: _rate(r.satisfaction_rate), PERCENT),
    Col(gettext_lazy("Re-handled"), lambda r: r.rehandled),
    Col(gettext_lazy("Commitments open"), lambda r: r.c_open),
    Col(gettext_lazy("Commitments late"), lambda r: r.c_late),
    Col(gettext_lazy("Commitments delivered"), lambda r: r.c_delivered),
)


def group_columns(label: Any) -> tuple[Col, ...]:
    return (
        Col(label, lambda r: r.label),
        Col(gettext_lazy("Suggestions"), lambda r: r.total),
        Col(gettext_lazy("Lead deputies"), lambda r: r.leads),
        Col(gettext_lazy("Assigned"), lambda r: r.handled),
        Col(gettext_lazy("Answered"), lambda r: r.answered),
        Col(gettext_lazy("Answered rate"), lambda r: _rate(r.answered_rate), PERCENT),
        Col(gettext_lazy("Closed"), lambda r: r.closed),
        Col(gettext_lazy("Overdue now"), lambda r: r.overdue),
        Col(gettext_lazy("Key supervision"), lambda r: r.key_items),
        Col(gettext_lazy("Satisfied"), lambda r: r.satisfied),
        Col(gettext_lazy("Basically satisfied"), lambda r: r.basically),
        Col(gettext_lazy("Not satisfied"), lambda r: r.unsatisfied),
        Col(gettext_lazy("Satisfaction rate"), lambda r: _rate(r.satisfaction_rate), PERCENT),
    )


DEPUTY_COLUMNS: tuple[Col, ...] = (
    Col(gettext_lazy("Deputy"), lambda r: r.name),
    Col(gettext_lazy("Deputy number"), lambda r: r.deputy.code if r.deputy else ""),
    Col(gettext_lazy("Delegation"), lambda r: r.deputy.delegation.name if r.deputy else ""),
    Col(gettext_lazy("Led"), lambda r: r.led),
    Col(gettext_lazy("Led and answered"), lambda r: r.led_answered),
    Col(gettext_lazy("Led under key supervision"), lambda r: r.led_key),
    Col(gettext_lazy("Co-signed"), lambda r: r.cosigned),
    Col(gettext_lazy("Rated satisfied"), lambda r: r.satisfied),
    Col(gettext_lazy("Rated basically satisfied"), lambda r: r.basically),
    Col(gettext_lazy("Rated not satisfied"), lambda r: r.unsatisfied),
    Col(gettext_lazy("Satisfaction rate"), lambda r: _rate(r.satisfaction_rate), PERCENT),
)


def _shown(confidential: bool, can_see: Any, mask_all: bool) -> bool:
    """May a confidential item's title and commitment go into this file?"""
    return not confidential or (bool(can_see) and not mask_all)


def _title(s: Suggestion, visible: bool) -> str:
    return s.title if visible else str(ov.MASK)


def commitments_xlsx(qs: QuerySet[Commitment], *, f: ov.OversightFilters, mask_all: bool = False) -> bytes:
    """The commitment ledger (rows annotated by :func:`oversight.commitment_ledger`)."""

    def visible(c: Commitment) -> bool:
        return _shown(c.reply.assignment.suggestion.confidential, getattr(c, "can_see", False), mask_all)

    def state(c: Commitment) -> str:
        if c.status == CommitmentStatus.DELIVERED:
            return str(c.get_status_display())
        return _("Late") if getattr(c, "is_late", False) else str(c.get_status_display())

    columns = (
        Col(gettext_lazy("Handling unit"), lambda c: c.unit.name),
        Col(gettext_lazy("Number"), lambda c: c.reply.assignment.suggestion.number),
        Col(gettext_lazy("Year"), lambda c: c.reply.assignment.suggestion.year),
        Col(gettext_lazy("Subject"), lambda c: _title(c.reply.assignment.suggestion, visible(c))),
        Col(gettext_lazy("Lead deputy"), lambda c: c.reply.assignment.suggestion.lead.person.name),
        Col(gettext_lazy("Commitment"), lambda c: c.content if visible(c) else str(ov.MASK)),
        Col(gettext_lazy("Promised by"), lambda c: c.due),
        Col(gettext_lazy("Status"), state),
        Col(gettext_lazy("Delivered"), lambda c: _local_day(c.delivered_at)),
        Col(gettext_lazy("Progress"), lambda c: c.progress if visible(c) else ""),
    )
    book = _book()
    sheet = book.sheet(_("Commitments"), [c.column() for c in columns])
    for c in qs.iterator(chunk_size=CHUNK):
        sheet.append([col.value(c) for col in columns])
    _about(book, f)
    return book.to_bytes()


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def suggestion_export_rows(f: ov.OversightFilters, user: Viewer) -> Iterable[dict[str, Any]]:
    """The filtered items as plain dicts, each with ``units`` (its assignments, each with the
    latest reply's date, category and rating) and ``cosigners``: four queries per chunk of
    :data:`CHUNK` items, no model instances (an export may hold tens of thousands of rows)."""
    qs = Suggestion.objects.filter(ov.suggestion_q(f))
    if f.unit or f.unit_type:
        qs = qs.filter(
            pk__in=Assignment.objects.exclude(status=AssignmentStatus.RETURNED)
            .filter(ov.unit_q(f))
            .values("suggestion_id")
        )
    rows = (
        qs.annotate(can_see=ov.title_visibility(user))
        .order_by("year", "channel", "sequence", "pk")
        .values(
            "pk",
            "number",
            "title",
            "confidential",
            "can_see",
            "lead__person__name",
            "lead__delegation__name",
            "topic",
            "channel",
            "status",
            "is_key",
        )
    )
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK), CHUNK):
        ids = [r["pk"] for r in chunk]
        units: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
        by_assignment: dict[int, dict[str, Any]] = {}
        for a in (
            Assignment.objects.filter(suggestion_id__in=ids)
            .exclude(status=AssignmentStatus.RETURNED)
            .order_by("pk")
            .values("pk", "suggestion_id", "unit__name", "role", "reply_due")
        ):
            unit: dict[str, Any] = {**a, "reply": None}
            units[a["suggestion_id"]].append(unit)
            by_assignment[a["pk"]] = unit
        for r in (
            Reply.objects.filter(assignment_id__in=list(by_assignment))
            .order_by("assignment_id", "round")
            .values("assignment_id", "replied_at", "category", "feedback__rating")
        ):
            by_assignment[r["assignment_id"]]["reply"] = r  # ordered by round: the latest wins
        cosigners: dict[int, list[str]] = {pk: [] for pk in ids}
        for c in (
            Signer.objects.filter(
                suggestion_id__in=ids, is_lead=False, confirmed_at__isnull=False, declined_at__isnull=True
            )
            .order_by("pk")
            .values_list("suggestion_id", "deputy__person__name")
        ):
            cosigners[c[0]].append(c[1])
        for row in chunk:
            row["units"], row["cosigners"] = units[row["pk"]], cosigners[row["pk"]]
            yield row


def suggestions_xlsx(f: ov.OversightFilters, user: Viewer, *, mask_all: bool = False) -> bytes:
    """The suggestions list: one row per item; several units are listed in one cell, in the
    same order in every unit column, separated by "；"."""
    labels = {
        name: {k: str(v) for k, v in choices}
        for name, choices in (
            ("topic", Topic.choices),
            ("channel", Channel.choices),
            ("status", SuggestionStatus.choices),
            ("role", AssignmentRole.choices),
            ("rating", Rating.choices),
        )
    }
    yes, none = _("yes"), "—"

    def per_unit(fn: Callable[[dict[str, Any]], str]) -> Callable[[dict[str, Any]], str]:
        return lambda s: "；".join(fn(a) for a in s["units"])

    def reply_field(a: dict[str, Any], name: str) -> str:
        reply = a["reply"]
        if reply is None or not reply[name]:
            return none
        if name == "replied_at":
            return _local_date(reply[name])
        if name == "feedback__rating":
            return labels["rating"].get(reply[name], reply[name])
        return str(reply[name])

    def label(name: str) -> Callable[[dict[str, Any]], str]:
        return lambda s: labels[name].get(s[name], s[name])

    columns = (
        Col(gettext_lazy("Number"), lambda s: s["number"]),
        Col(
            gettext_lazy("Subject"),
            lambda s: s["title"] if _shown(s["confidential"], s["can_see"], mask_all) else str(ov.MASK),
        ),
        Col(gettext_lazy("Lead deputy"), lambda s: s["lead__person__name"]),
        Col(gettext_lazy("Delegation"), lambda s: s["lead__delegation__name"]),
        Col(gettext_lazy("Co-signers"), lambda s: "、".join(s["cosigners"])),
        Col(gettext_lazy("Topic"), label("topic")),
        Col(gettext_lazy("When submitted"), label("channel")),
        Col(gettext_lazy("Status"), label("status")),
        Col(gettext_lazy("Key supervision"), lambda s: yes if s["is_key"] else ""),
        Col(gettext_lazy("Confidential"), lambda s: yes if s["confidential"] else ""),
        Col(
            gettext_lazy("Handling units"),
            per_unit(lambda a: f"{a['unit__name']}：{labels['role'].get(a['role'], a['role'])}"),
        ),
        Col(gettext_lazy("Reply due"), per_unit(lambda a: a["reply_due"].isoformat())),
        Col(gettext_lazy("Replied"), per_unit(lambda a: reply_field(a, "replied_at"))),
        Col(gettext_lazy("Result category"), per_unit(lambda a: reply_field(a, "category"))),
        Col(gettext_lazy("Rating"), per_unit(lambda a: reply_field(a, "feedback__rating"))),
    )
    book = _book()
    sheet = book.sheet(_("Suggestions"), [c.column() for c in columns])
    for s in suggestion_export_rows(f, user):
        sheet.append([col.value(s) for col in columns])
    _about(
        book, f, [(_("Confidential titles"), _("masked") if mask_all else _("shown only to those allowed"))]
    )
    return book.to_bytes()


# --- the annual report (.docx) -------------------------------------------------------------------


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _cn_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _para(w: GongwenWriter, text: str) -> None:
    w.paragraph(text)


def _table(w: GongwenWriter, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    w.table(Table(list(header), [[str(v) for v in row] for row in rows], font_size=SIZE_S4))


def _category_labels() -> dict[str, str]:
    from lvzhi.core.errors import DomainError
    from lvzhi.core.selectors import current_ruleset

    try:
        _version, rules = current_ruleset()
        return {
            item["code"]: item.get("label_zh") or item["code"]
            for item in rules.items("suggestions.reply_categories")
        }
    except (DomainError, KeyError):
        return {}


def _office_name() -> str:
    organ = Organ.objects.filter(type=OrganType.WORKING_BODY, name__contains="代表工作").only("name").first()
    return organ.name if organ else "常委会代表工作机构"


@dataclass
class ReportData:
    """Everything the annual report states, computed once (also handy for tests)."""

    year: int
    today: dt.date
    overview: ov.Overview
    units: list[ov.UnitRow]
    key_items: list[Suggestion]
    late_commitments: list[Commitment]  # the LATE_LISTED oldest of late_total
    late_total: int  # late: this year's (overview.c_late) and carried over (carried_late)
    carried: int
    carried_late: int
    overdue_units: int


def annual_report_data(year: int, *, today: dt.date | None = None) -> ReportData:
    """About a dozen queries, whatever the number of items."""
    today = today or timezone.localdate()
    f = ov.OversightFilters(year=year)
    overview = ov.overview(f, today=today)
    units = ov.unit_rows(f, sort="name", today=today)
    # one selector for the late commitments the report counts and lists: this year's and those
    # carried over from earlier years (the next steps name their sum, so the table lists both)
    late_qs = ov.late_commitments(year, today=today)
    late_total = late_qs.count()
    late = list(
        late_qs.select_related("unit", "reply__assignment__suggestion").order_by("due", "pk")[:LATE_LISTED]
    )
    earlier = Commitment.objects.filter(
        status=CommitmentStatus.OPEN,
        reply__assignment__suggestion__year__lt=year,
        reply__assignment__suggestion__status__in=ov.COUNTED,
    ).aggregate(n=Count("pk"), late=Count("pk", filter=Q(due__lt=today)))
    return ReportData(
        year=year,
        today=today,
        overview=overview,
        units=units,
        key_items=list(ov.key_items(f)),
        late_commitments=late,
        late_total=late_total,
        carried=earlier["n"],
        carried_late=earlier["late"],
        overdue_units=sum(1 for u in units if u.overdue),
    )


def annual_report_docx(year: int, *, today: dt.date | None = None) -> bytes:
    """年度代表建议办理情况报告 for ``year``: overview, answers, ratings, units, key items,
    commitments and next steps, every number from the data, confidential titles masked.
    Written in Chinese whatever the reader's interface language."""
    with translation.override("zh-hans"):
        return _annual_report_docx(year, today=today)


def _annual_report_docx(year: int, *, today: dt.date | None) -> bytes:
    d = annual_report_data(year, today=today)
    o = d.overview
    mask = "（保密）"
    title = f"关于{year}年度代表建议、批评和意见办理情况的报告"
    office = _office_name()
    doc = GongwenWriter(title=title, author=office)
    doc.title(title)
    doc.subtitle(f"{office}　{_cn_date(d.today)}")
    doc.blank()

    doc.numbered_heading("基本情况")
    _para(
        doc,
        f"{year}年，共收到代表建议、批评和意见（以下简称代表建议）{o.received}件。经审查，立案办理{o.counted}件，"
        f"其中大会期间提出{o.session}件，闭会期间提出{o.interim}件，多名代表联名提出{o.joint}件；"
        f"转为代表来信{o.converted}件，并案办理{o.merged}件，代表书面撤回{o.withdrawn}件，尚在审查{o.pending}件。",
    )
    _para(
        doc,
        f"已交办的{o.handled}件代表建议共交由{o.units}个承办单位办理，交办{o.answering + o.co}件次，"
        f"其中单独办理、分别办理或者主办{o.answering}件次，协办{o.co}件次。",
    )

    doc.numbered_heading("办理和答复情况")
    _para(
        doc,
        f"截至{_cn_date(d.today)}，已全部答复的代表建议{o.answered_items}件，占已交办建议的{_cn_pct(o.answered_rate)}；"
        f"已办结{o.closed}件。承办单位共答复{o.answered}件次，其中在规定期限内答复{o.on_time}件次，"
        f"按期答复率为{_cn_pct(o.on_time_rate)}"
        + (f"，平均办理用时{o.avg_days:.1f}天" if o.avg_days is not None else "")
        + f"。尚在办理{o.open}件次，其中已超过答复期限{o.overdue}件次。",
    )
    if o.categories:
        labels = _category_labels()
        total = sum(o.categories.values())
        parts = [
            f"{code}类（{labels.get(code, code)}）{n}件次，占{_cn_pct(100.0 * n / total)}"
            for code, n in sorted(o.categories.items())
        ]
        _para(doc, "从答复结果看，" + "；".join(parts) + "。")

    doc.numbered_heading("代表评价情况")
    if o.rated:
        _para(
            doc,
            f"代表对{o.rated}件次答复作出评价，其中满意{o.satisfied}件次，基本满意{o.basically}件次，"
            f"不满意{o.unsatisfied}件次，满意和基本满意率为{_cn_pct(o.satisfaction_rate)}。"
            + (
                f"对代表首次答复表示不满意的{o.rehandled}件次，均已交由承办单位重新办理。"
                if o.rehandled
                else ""
            ),
        )
    else:
        _para(doc, "截至目前，代表尚未对答复作出评价。")

    doc.numbered_heading("各承办单位办理情况")
    _para(doc, f"{len(d.units)}个承办单位的办理情况见下表（满意率为满意和基本满意件次占已评价件次的比例）。")
    _table(
        doc,
        [
            "承办单位",
            "主办及分办",
            "协办",
            "已答复",
            "按期答复",
            "超期未复",
            "满意率",
            "承诺在办",
            "承诺逾期",
            "承诺兑现",
        ],
        [
            [
                u.name,
                u.answering,
                u.co,
                u.answered,
                u.on_time,
                u.overdue,
                _cn_pct(u.satisfaction_rate),
                u.c_open,
                u.c_late,
                u.c_delivered,
            ]
            for u in d.units
        ],
    )

    doc.numbered_heading("重点督办建议办理情况")
    if d.key_items:
        _para(
            doc,
            f"经主任会议确定，本年度重点督办代表建议{len(d.key_items)}件，由有关专门委员会、工作委员会牵头督办，"
            "承办单位负责同志牵头办理。办理情况如下：",
        )
        numerals = "一二三四五六七八九十"
        for i, s in enumerate(d.key_items):
            label = f"（{numerals[i]}）" if i < len(numerals) else f"（{i + 1}）"
            title = mask if s.confidential else f"《{s.title}》"
            units = "、".join(a.unit.name for a in s.assignments.all()) or "尚未交办"
            committee = s.key_committee.name if s.key_committee else "—"
            _para(
                doc,
                f"{label}{s.number}{title}，督办机构：{committee}；承办单位：{units}；"
                f"办理状态：{s.get_status_display()}。",
            )
    else:
        _para(doc, "本年度未确定重点督办的代表建议。")

    doc.numbered_heading("承诺事项落实情况")
    _para(
        doc,
        "对答复中承诺解决的事项，建立承诺事项台账，跟踪督办直至落实。"
        f"本年度代表建议形成承诺事项{o.commitments}项，已兑现{o.c_delivered}项"
        + (f"（其中逾期兑现{o.c_delivered_late}项）" if o.c_delivered_late else "")
        + f"，正在落实{o.c_open}项，逾期未兑现{o.c_late}项。"
        + (
            f"以前年度结转尚未兑现的承诺事项{d.carried}项，其中已逾期{d.carried_late}项。"
            if d.carried
            else ""
        ),
    )
    if d.late_commitments:
        shown = len(d.late_commitments)
        late_text = f"逾期未兑现的承诺事项{d.late_total}项" + ("（含以前年度结转）" if d.carried_late else "")
        _para(
            doc,
            f"{late_text}如下："
            if shown == d.late_total
            else f"{late_text}，其中逾期时间最长的{shown}项如下（完整清单见承诺事项台账）：",
        )
        _table(
            doc,
            ["承办单位", "建议编号", "承诺事项", "承诺期限"],
            [
                [
                    c.unit.name,
                    c.reply.assignment.suggestion.number,
                    mask if c.reply.assignment.suggestion.confidential else c.content,
                    _cn_date(c.due),
                ]
                for c in d.late_commitments
            ],
        )

    doc.numbered_heading("下一步工作")
    tasks = []
    if o.overdue:
        tasks.append(f"督促{d.overdue_units}个承办单位尽快答复超过期限的{o.overdue}件次代表建议")
    if o.unsatisfied:
        tasks.append(f"对代表不满意的{o.unsatisfied}件次答复加强跟踪，推动问题实质解决")
    if d.late_total:
        tasks.append(f"对逾期未兑现的{d.late_total}项承诺事项逐项督办，推动按期落实")
    tasks.append("加强与代表的沟通联系，推动代表建议办理从“重答复”向“重落实”转变")
    _para(
        doc,
        "下一步，将进一步健全代表建议办理工作机制："
        + "；".join(tasks)
        + "，不断提高代表建议办理质量和实效。",
    )
    _para(doc, "以上报告，请予审议。")
    return doc.to_bytes()
