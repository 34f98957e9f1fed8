"""The 意见汇总 of a consultation: a .docx report (python-docx) and an .xlsx workbook (openpyxl)
with the per-article summary, every accepted comment, the themes and the campaigns.

Commenters stay anonymous: neither document carries a full name or contact (only the masked
name kept on the comment). The workbook is written in openpyxl's write-only mode and the
comments are streamed from the database, so a consultation of 100,000 comments exports in
bounded memory.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import selectors
from .analysis import theme_decisions
from .models import Analysis, Comment, Consultation, ThemeDecision
from .services import version_articles
from .states import Channel, Decision, Moderation

#: How many individually decided comments, and fallback opinions, the .docx lists per article.
DOCX_SINGLES_PER_ARTICLE = 30
FALLBACK_OPINIONS = 3
SHEETS = {"summary": "汇总", "comments": "意见", "themes": "专题", "campaigns": "集中意见"}


def _decision_label(value: str) -> str:
    return str(dict(Decision.choices).get(value, value)) if value else ""


def _channel_label(value: str) -> str:
    return str(dict(Channel.choices).get(value, value))


def _when(value: Any) -> str:
    """An ISO timestamp of the analysis (or a datetime) as local "YYYY-MM-DD HH:MM"."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return (
        timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        if timezone.is_aware(value)
        else value.strftime("%Y-%m-%d %H:%M")
    )


def report_data(consultation: Consultation) -> dict[str, Any]:
    """Everything both reports show, in the draft's article order (the whole draft last)."""
    totals = selectors.consultation_totals(consultation)
    arts = version_articles(consultation.version)
    analysis = (
        Analysis.objects.filter(consultation=consultation).only("summary", "updated_at", "comments").first()
    )
    summary: dict[str, Any] = analysis.summary if analysis is not None else {}
    stats = {row.get("article"): row for row in summary.get("article_stats", [])}
    themes_decided = list(
        ThemeDecision.objects.filter(consultation=consultation).order_by("-comment_count", "id")
    )
    by_article_themes: dict[str, list[ThemeDecision]] = defaultdict(list)
    for td in themes_decided:
        by_article_themes[td.article].append(td)
    decided: dict[str, dict[str, int]] = defaultdict(dict)
    for article, decision, n in (
        Comment.objects.filter(consultation=consultation, moderation=Moderation.PUBLISHED)
        .exclude(decision="")
        .values_list("article", "decision")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        decided[article][decision] = n
    singles: dict[str, list[dict[str, Any]]] = defaultdict(list)
    more: dict[str, int] = defaultdict(int)
    rows = (
        Comment.objects.filter(
            consultation=consultation, moderation=Moderation.PUBLISHED, decision_theme__isnull=True
        )
        .exclude(decision="")
        .order_by("article", "pk")
        .values_list("article", "receipt", "paragraph", "text", "decision", "decision_reason")
    )
    for article, receipt, paragraph, text, decision, reason in rows.iterator(chunk_size=2000):
        if len(singles[article]) >= DOCX_SINGLES_PER_ARTICLE:
            more[article] += 1
            continue
        singles[article].append(
            {
                "receipt": receipt,
                "paragraph": paragraph,
                "text": text,
                "decision": decision,
                "decision_label": _decision_label(decision),
                "reason": reason,
            }
        )
    keys = [*arts, selectors.WHOLE_DRAFT]
    articles = []
    for key in keys:
        count = int(totals["articles"].get(key, 0))
        if not (count or decided.get(key) or by_article_themes.get(key)):
            continue
        info = arts.get(key)
        opinions = [
            {"text": o.get("text", ""), "comments": int(o.get("comments", 0))}
            for o in (stats.get(key) or {}).get("top_opinions", [])
        ]
        if not opinions and count:
            latest = (
                Comment.objects.filter(
                    consultation=consultation, article=key, moderation=Moderation.PUBLISHED
                )
                .order_by("-pk")
                .values_list("text", flat=True)[:FALLBACK_OPINIONS]
            )
            opinions = [{"text": text, "comments": 1} for text in latest]
        articles.append(
            {
                "key": key,
                "label": info.label if info else _("The draft as a whole"),
                "count": count,
                "opinions": opinions,
                "themes": by_article_themes.get(key, []),
                "singles": singles.get(key, []),
                "singles_more": more.get(key, 0),
                "decisions": {d: int(decided.get(key, {}).get(d, 0)) for d in Decision.values},
            }
        )
    standing = theme_decisions(consultation, summary.get("themes", []), themes_decided)
    themes = [
        {**t, "decision": standing.get(int(t["id"])) if t.get("id") is not None else None}
        for t in summary.get("themes", [])
    ]
    return {
        "consultation": consultation,
        "totals": totals,
        "articles": articles,
        "themes": themes,
        "campaigns": summary.get("campaigns", []),
        "analysis": analysis,
        "theme_decisions": themes_decided,
        "channels": [(_channel_label(c), n) for c, n in totals["channels"].items()],
    }


# --- .docx ---------------------------------------------------------------------------------------


def _doc() -> Any:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    return doc


def _heading(doc: Any, text: str, size: int = 14) -> None:
    from docx.shared import Pt

    run = doc.add_paragraph().add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def _table(doc: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = "" if value is None else str(value)


def consultation_report_docx(consultation: Consultation) -> bytes:
    """意见汇总 as a Word document."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    data = report_data(consultation)
    totals = data["totals"]
    doc = _doc()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_("Summary of the comments received"))
    run.bold = True
    run.font.size = Pt(20)
    sub = doc.add_paragraph(consultation.title)
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(_("Bill: %(bill)s") % {"bill": consultation.bill.title})
    doc.add_paragraph(_("Text consulted on: %(version)s") % {"version": consultation.version.label})
    doc.add_paragraph(
        _("Window: %(start)s to %(end)s")
        % {"start": consultation.start.isoformat(), "end": consultation.end.isoformat()}
    )
    doc.add_paragraph(
        _(
            "Received: %(received)s; accepted: %(accepted)s; awaiting moderation: %(pending)s; set aside: "
            "%(removed)s; decided: %(decided)s."
        )
        % totals
    )
    if data["channels"]:
        _table(doc, [_("Channel"), _("Comments")], [[label, n] for label, n in data["channels"]])

    _heading(doc, _("Comments by article"), 16)
    if not data["articles"]:
        doc.add_paragraph(_("No comment was received."))
    for row in data["articles"]:
        _heading(doc, _("%(article)s: %(count)s comments") % {"article": row["label"], "count": row["count"]})
        if row["opinions"]:
            doc.add_paragraph(_("Main opinions:"))
            for o in row["opinions"]:
                text = o["text"] if o["comments"] <= 1 else f"{o['text']}（×{o['comments']}）"
                doc.add_paragraph(text, style="List Bullet")
        if any(row["decisions"].values()):
            doc.add_paragraph(
                "；".join(f"{_decision_label(d)} {n}" for d, n in row["decisions"].items() if n)
            )
        for td in row["themes"]:
            doc.add_paragraph(
                _("Theme “%(label)s” (%(n)s comments): %(decision)s. %(reason)s")
                % {
                    "label": td.label,
                    "n": td.comment_count,
                    "decision": td.get_decision_display(),
                    "reason": td.reason,
                },
                style="List Bullet",
            )
        for s in row["singles"]:
            doc.add_paragraph(
                _("%(receipt)s: %(text)s — %(decision)s. %(reason)s")
                % {
                    "receipt": s["receipt"],
                    "text": s["text"][:300],
                    "decision": s["decision_label"],
                    "reason": s["reason"],
                },
                style="List Bullet",
            )
        if row["singles_more"]:
            doc.add_paragraph(
                _("and %(n)s more decided comments (see the workbook).") % {"n": row["singles_more"]}
            )

    _heading(doc, _("Organised campaigns"), 16)
    if data["campaigns"]:
        _table(
            doc,
            [_("Campaign"), _("Comments"), _("Different texts"), _("Template"), _("First"), _("Last")],
            [
                [
                    f"#{c.get('id')}",
                    c.get("size"),
                    c.get("unique_texts"),
                    c.get("template", ""),
                    _when(c.get("first_at")),
                    _when(c.get("last_at")),
                ]
                for c in data["campaigns"]
            ],
        )
    else:
        doc.add_paragraph(_("No campaign was found.") if data["analysis"] else _("Not analysed yet."))

    _heading(doc, _("Themes"), 16)
    if data["themes"]:
        _table(
            doc,
            [_("Theme"), _("Keywords"), _("Comments"), _("Independent opinions"), _("Decision")],
            [
                [
                    t.get("label", ""),
                    "、".join(t.get("keywords", [])),
                    t.get("size"),
                    t.get("independent_opinions"),
                    (
                        f"{t['decision'].get_decision_display()}：{t['decision'].reason}"
                        if t["decision"]
                        else ""
                    ),
                ]
                for t in data["themes"]
            ],
        )
    else:
        doc.add_paragraph(_("No theme was found.") if data["analysis"] else _("Not analysed yet."))
    sign = doc.add_paragraph(timezone.localdate().isoformat())
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- .xlsx ---------------------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    """Text safe for a cell: no control characters openpyxl refuses."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _row(ws: Any, values: list[Any]) -> list[Any]:
    """Cells for a write-only sheet; text that begins with "=" stays text, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for value in values:
        value = _clean(value)
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(value)
    return out


def _header(ws: Any, names: list[str], widths: list[int]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    cells = []
    for name in names:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        cells.append(cell)
    ws.append(cells)


def consultation_report_xlsx(consultation: Consultation) -> bytes:
    """意见汇总 as a workbook: 汇总 (per article), 意见 (every accepted comment), 专题 (themes),
    集中意见 (campaigns)."""
    from openpyxl import Workbook

    data = report_data(consultation)
    arts = version_articles(consultation.version)
    wb = Workbook(write_only=True)

    ws = wb.create_sheet(SHEETS["summary"])
    _header(
        ws,
        [
            _("Article"),
            _("Label"),
            _("Comments"),
            *[str(lbl) for _v, lbl in Decision.choices],
            _("Theme decisions"),
        ],
        [10, 14, 10, 10, 12, 12, 80],
    )
    for row in data["articles"]:
        themes = "；".join(f"{td.label}：{td.get_decision_display()}（{td.reason}）" for td in row["themes"])
        ws.append(
            _row(
                ws,
                [
                    row["key"] or "—",
                    row["label"],
                    row["count"],
                    *[row["decisions"][d] for d in Decision.values],
                    themes,
                ],
            )
        )
    ws.append([])
    ws.append(_row(ws, [pgettext("consultation count", "Received"), "", data["totals"]["received"]]))
    ws.append(_row(ws, [_("Accepted"), "", data["totals"]["accepted"]]))
    for label, n in data["channels"]:
        ws.append(_row(ws, [label, "", n]))

    ws = wb.create_sheet(SHEETS["comments"])
    _header(
        ws,
        [
            _("Receipt number"),
            _("Article"),
            _("Paragraph"),
            _("Channel"),
            pgettext("time", "Submitted"),
            pgettext("consultation", "Comment"),
            _("Decision"),
            _("Reason"),
            _("Name"),
        ],
        [16, 10, 6, 14, 17, 80, 12, 40, 10],
    )
    labels = {k: a.label for k, a in arts.items()}
    channels = {str(k): str(v) for k, v in Channel.choices}
    decisions = {str(k): str(v) for k, v in Decision.choices}
    rows = (
        Comment.objects.filter(consultation=consultation, moderation=Moderation.PUBLISHED)
        .order_by("pk")
        .values_list(
            "receipt",
            "article",
            "paragraph",
            "channel",
            "submitted_at",
            "text",
            "decision",
            "decision_reason",
            "name_masked",
        )
    )
    for receipt, article, paragraph, channel, submitted, text, decision, reason, name in rows.iterator(
        chunk_size=5000
    ):
        ws.append(
            _row(
                ws,
                [
                    receipt,
                    labels.get(article, article) if article else "",
                    paragraph,
                    channels.get(channel, channel),
                    timezone.localtime(submitted).replace(tzinfo=None),
                    text,
                    decisions.get(decision, decision),
                    reason,
                    name,
                ],
            )
        )

    ws = wb.create_sheet(SHEETS["themes"])
    _header(
        ws,
        [
            _("Theme"),
            _("Keywords"),
            _("Comments"),
            _("Different texts"),
            _("Independent opinions"),
            _("From campaigns"),
            _("Articles"),
            _("Decision"),
            _("Reason"),
        ],
        [30, 30, 10, 10, 10, 10, 24, 12, 50],
    )
    for t in data["themes"]:
        td = t["decision"]
        ws.append(
            _row(
                ws,
                [
                    t.get("label", ""),
                    "、".join(t.get("keywords", [])),
                    t.get("size"),
                    t.get("unique_texts"),
                    t.get("independent_opinions"),
                    t.get("campaign_comments"),
                    "、".join(labels.get(k, k) for k in (t.get("articles") or {})),
                    td.get_decision_display() if td else "",
                    td.reason if td else "",
                ],
            )
        )

    ws = wb.create_sheet(SHEETS["campaigns"])
    _header(
        ws,
        [
            _("Campaign"),
            _("Comments"),
            _("Different texts"),
            _("Template"),
            _("First"),
            _("Last"),
            _("Share in bursts"),
            _("Articles"),
        ],
        [10, 10, 10, 80, 17, 17, 10, 24],
    )
    for c in data["campaigns"]:
        ws.append(
            _row(
                ws,
                [
                    f"#{c.get('id')}",
                    c.get("size"),
                    c.get("unique_texts"),
                    c.get("template", ""),
                    _when(c.get("first_at")),
                    _when(c.get("last_at")),
                    c.get("burst_share"),
                    "、".join(labels.get(k, k) for k in (c.get("articles") or {})),
                ],
            )
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sms_xlsx(consultation: Consultation, base_url: str = "") -> tuple[bytes, int]:
    """The notices to send by SMS: full phone number, receipt and message (managers only; the
    caller audits the export). Returns the workbook and the number of rows."""
    from openpyxl import Workbook

    from .models import FeedbackNotice
    from .services import notice_text
    from .states import NoticeStatus

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("SMS")
    _header(ws, [_("Phone"), _("Receipt number"), _("Message")], [18, 16, 100])
    notices = (
        FeedbackNotice.objects.filter(comment__consultation=consultation, status=NoticeStatus.FOR_SMS)
        .select_related("comment__consultation", "comment__contact")
        .order_by("pk")
    )
    n = 0
    for notice in notices.iterator(chunk_size=2000):
        _subject, body = notice_text(notice.comment, base_url)
        ws.append(_row(ws, [notice.comment.contact.contact, notice.comment.receipt, body]))
        n += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), n
