"""The 意见汇总 of a consultation: a .docx report (a 公文, :mod:`lvzhi.office.gongwen`) and an
.xlsx workbook (:mod:`lvzhi.office.sheets`) with the per-article summary, every accepted
comment, the themes and the campaigns.

Commenters stay anonymous: neither document carries a full name or contact (only the masked
name kept on the comment). The workbook is written in openpyxl's write-only mode and the
comments are streamed from the database, so a consultation of 100,000 comments exports in
bounded memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import selectors
from .analysis import theme_decisions
from .models import Analysis, Comment, Consultation, ThemeDecision
from .services import version_articles
from .states import Channel, Decision, Moderation

if TYPE_CHECKING:
    from lvzhi.office.sheets import Book

# python-docx and openpyxl are imported when a file is made, not when the views are loaded.

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


def _chinese() -> bool:
    return (translation.get_language() or "").startswith("zh")


def consultation_report_docx(consultation: Consultation) -> bytes:
    """意见汇总 as a Word document in the 公文 layout (:mod:`lvzhi.office.gongwen`); headings are
    numbered "一、" / "（一）" when the document is in Chinese."""
    from lvzhi.office.gongwen import SIZE_S4, GongwenWriter, Table

    data = report_data(consultation)
    totals = data["totals"]
    chinese = _chinese()
    title = _("Summary of the comments received")
    doc = GongwenWriter(title=title)

    def heading(text: str, level: int) -> None:
        if chinese:
            doc.numbered_heading(text, level)
        else:
            doc.heading(text, level)

    doc.title(title)
    doc.subtitle(consultation.title)
    doc.blank()
    doc.paragraph(_("Bill: %(bill)s") % {"bill": consultation.bill.title})
    doc.paragraph(_("Text consulted on: %(version)s") % {"version": consultation.version.label})
    doc.paragraph(
        _("Window: %(start)s to %(end)s")
        % {"start": consultation.start.isoformat(), "end": consultation.end.isoformat()}
    )
    doc.paragraph(
        _(
            "Received: %(received)s; accepted: %(accepted)s; awaiting moderation: %(pending)s; set aside: "
            "%(removed)s; decided: %(decided)s."
        )
        % totals
    )
    if data["channels"]:
        doc.table(Table([_("Channel"), _("Comments")], [[label, n] for label, n in data["channels"]]))

    heading(_("Comments by article"), 1)
    if not data["articles"]:
        doc.paragraph(_("No comment was received."))
    for row in data["articles"]:
        heading(_("%(article)s: %(count)s comments") % {"article": row["label"], "count": row["count"]}, 2)
        if row["opinions"]:
            doc.paragraph(_("Main opinions:"))
            for o in row["opinions"]:
                text = o["text"] if o["comments"] <= 1 else f"{o['text']}（×{o['comments']}）"
                doc.paragraph(text, bullet=True)
        if any(row["decisions"].values()):
            doc.paragraph("；".join(f"{_decision_label(d)} {n}" for d, n in row["decisions"].items() if n))
        for td in row["themes"]:
            doc.paragraph(
                _("Theme “%(label)s” (%(n)s comments): %(decision)s. %(reason)s")
                % {
                    "label": td.label,
                    "n": td.comment_count,
                    "decision": td.get_decision_display(),
                    "reason": td.reason,
                },
                bullet=True,
            )
        for s in row["singles"]:
            doc.paragraph(
                _("%(receipt)s: %(text)s — %(decision)s. %(reason)s")
                % {
                    "receipt": s["receipt"],
                    "text": s["text"][:300],
                    "decision": s["decision_label"],
                    "reason": s["reason"],
                },
                bullet=True,
            )
        if row["singles_more"]:
            doc.paragraph(
                _("and %(n)s more decided comments (see the workbook).") % {"n": row["singles_more"]}
            )

    heading(_("Organised campaigns"), 1)
    if data["campaigns"]:
        doc.table(
            Table(
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
                font_size=SIZE_S4,
            )
        )
    else:
        doc.paragraph(_("No campaign was found.") if data["analysis"] else _("Not analysed yet."))

    heading(_("Themes"), 1)
    if data["themes"]:
        doc.table(
            Table(
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
                font_size=SIZE_S4,
            )
        )
    else:
        doc.paragraph(_("No theme was found.") if data["analysis"] else _("Not analysed yet."))
    today = timezone.localdate()
    doc.signature(date=today if chinese else today.isoformat())
    return doc.to_bytes()


# --- .xlsx ---------------------------------------------------------------------------------------


def _moment(value: Any) -> Any:
    """An analysis timestamp (ISO text or datetime) as a local datetime for a date cell."""
    if not value:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _book() -> Book:
    from lvzhi.office.sheets import Book

    return Book(write_only=True, tz=timezone.get_current_timezone())


def consultation_report_xlsx(consultation: Consultation) -> bytes:
    """意见汇总 as a workbook: 汇总 (per article), 意见 (every accepted comment), 专题 (themes),
    集中意见 (campaigns). Written through :mod:`lvzhi.office.sheets`: every comment, reason and
    label is a text cell, never a formula."""
    from lvzhi.office.sheets import Column

    data = report_data(consultation)
    arts = version_articles(consultation.version)
    book = _book()

    sheet = book.sheet(
        SHEETS["summary"],
        [
            _("Article"),
            _("Label"),
            _("Comments"),
            *[str(lbl) for _v, lbl in Decision.choices],
            Column(_("Theme decisions"), max_width=80),
        ],
    )
    for row in data["articles"]:
        themes = "；".join(f"{td.label}：{td.get_decision_display()}（{td.reason}）" for td in row["themes"])
        sheet.append(
            [
                row["key"] or "—",
                row["label"],
                row["count"],
                *[row["decisions"][d] for d in Decision.values],
                themes,
            ]
        )
    sheet.append_after([])
    sheet.append_after([pgettext("consultation count", "Received"), "", data["totals"]["received"]])
    sheet.append_after([_("Accepted"), "", data["totals"]["accepted"]])
    for label, n in data["channels"]:
        sheet.append_after([label, "", n])

    sheet = book.sheet(
        SHEETS["comments"],
        [
            _("Receipt number"),
            _("Article"),
            _("Paragraph"),
            _("Channel"),
            pgettext("time", "Submitted"),
            Column(pgettext("consultation", "Comment"), max_width=80),
            _("Decision"),
            Column(_("Reason"), max_width=40),
            _("Name"),
        ],
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
        sheet.append(
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
            ]
        )

    sheet = book.sheet(
        SHEETS["themes"],
        [
            _("Theme"),
            _("Keywords"),
            _("Comments"),
            _("Different texts"),
            _("Independent opinions"),
            _("From campaigns"),
            _("Articles"),
            _("Decision"),
            Column(_("Reason"), max_width=50),
        ],
    )
    for t in data["themes"]:
        td = t["decision"]
        sheet.append(
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
            ]
        )

    sheet = book.sheet(
        SHEETS["campaigns"],
        [
            _("Campaign"),
            _("Comments"),
            _("Different texts"),
            Column(_("Template"), max_width=80),
            _("First"),
            _("Last"),
            _("Share in bursts"),
            _("Articles"),
        ],
    )
    for c in data["campaigns"]:
        sheet.append(
            [
                f"#{c.get('id')}",
                c.get("size"),
                c.get("unique_texts"),
                c.get("template", ""),
                _moment(c.get("first_at")),
                _moment(c.get("last_at")),
                c.get("burst_share"),
                "、".join(labels.get(k, k) for k in (c.get("articles") or {})),
            ]
        )
    return book.to_bytes()


def sms_xlsx(consultation: Consultation, base_url: str = "") -> tuple[bytes, int]:
    """The notices to send by SMS: full phone number, receipt and message (managers only; the
    caller audits the export). Returns the workbook and the number of rows."""
    from lvzhi.office.sheets import Column

    from .models import FeedbackNotice
    from .services import notice_text
    from .states import NoticeStatus

    book = _book()
    sheet = book.sheet("SMS", [_("Phone"), _("Receipt number"), Column(_("Message"), max_width=100)])
    notices = (
        FeedbackNotice.objects.filter(comment__consultation=consultation, status=NoticeStatus.FOR_SMS)
        .select_related("comment__consultation", "comment__contact")
        .order_by("pk")
    )
    for notice in notices.iterator(chunk_size=2000):
        _subject, body = notice_text(notice.comment, base_url)
        sheet.append([notice.comment.contact.contact, notice.comment.receipt, body])
    return book.to_bytes(), sheet.rows
