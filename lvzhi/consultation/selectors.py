"""Reads of public consultation for pages, the API and reports.

:func:`consultation_totals` is exact and fast on a million comments: the snapshot kept on
the consultation (every comment up to ``tally_upto``, by article and channel) plus one
grouped count of the newer rows, and the small sets that are not plainly "accepted and
undecided" (moderation queue, set aside, decided) counted through partial indexes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from lvzhi.legislation.models import Bill

from .models import Analysis, Comment, Consultation, ThemeDecision
from .services import ArticleInfo, version_articles
from .states import Channel, ConsultationStatus, Decision, Moderation

WHOLE_DRAFT = ""
#: Individually decided comments shown on the public feedback page (themes carry the rest).
PUBLIC_DECIDED_LIMIT = 2000


def consultations_for_staff(status: str = "") -> QuerySet[Consultation]:
    qs = Consultation.objects.select_related("bill", "version")
    if status in ConsultationStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("-start", "-id")


def consultations_public() -> QuerySet[Consultation]:
    """Every consultation whose window has begun (see ``permissions.can_view_public_consultation``)."""
    from django.utils import timezone

    return (
        Consultation.objects.select_related("bill", "version")
        .filter(~Q(status=ConsultationStatus.SCHEDULED) | Q(start__lte=timezone.localdate()))
        .order_by("-start", "-id")
    )


def bills_ready_for_consultation() -> QuerySet[Bill]:
    from lvzhi.legislation.states import BillStatus

    return Bill.objects.filter(status=BillStatus.DELIBERATION, readings_held__gte=1).order_by("-id")


def _held(consultation: Consultation, by: str) -> dict[str, int]:
    """Comments not counted as accepted (awaiting moderation or set aside), grouped by ``by``;
    a small set, read through the partial index."""
    return dict(
        Comment.objects.filter(consultation=consultation)
        .filter(~Q(moderation=Moderation.PUBLISHED))
        .values_list(by)
        .annotate(n=Count("pk"))
        .order_by()
    )


def consultation_totals(consultation: Consultation) -> dict[str, Any]:
    """Live totals: received (all, by article, by channel), awaiting moderation, set aside,
    accepted, and decisions by kind."""
    articles: dict[str, int] = dict((consultation.tally or {}).get("articles", {}))
    channels: dict[str, int] = dict((consultation.tally or {}).get("channels", {}))
    total = int((consultation.tally or {}).get("total", 0))
    # the rows since the snapshot, read ungrouped: a GROUP BY lets SQLite plan it over the
    # (consultation, article) index and walk every row; the id range is a short scan
    newer = Counter(
        Comment.objects.filter(consultation=consultation, pk__gt=consultation.tally_upto)
        .order_by()
        .values_list("article", "channel")
        .iterator(chunk_size=5000)
    )
    for (article, channel), n in newer.items():
        articles[article] = articles.get(article, 0) + n
        channels[channel] = channels.get(channel, 0) + n
        total += n
    held = _held(consultation, "moderation")
    decided = dict(
        Comment.objects.filter(consultation=consultation)
        .filter(~Q(decision=""))
        .values_list("decision")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pending = int(held.get(Moderation.PENDING, 0))
    removed = int(held.get(Moderation.REMOVED, 0))
    return {
        "received": total,
        "accepted": total - pending - removed,
        "pending": pending,
        "removed": removed,
        "articles": articles,
        "whole_draft": articles.get(WHOLE_DRAFT, 0),
        "channels": {c: channels.get(c, 0) for c in Channel.values if channels.get(c)},
        "decided": sum(decided.values()),
        "decisions": {d: int(decided.get(d, 0)) for d in Decision.values},
        "themes_decided": ThemeDecision.objects.filter(consultation=consultation).count(),
    }


@dataclass
class HeatCell:
    article: ArticleInfo
    count: int
    level: int  # 0–5, for the colour
    attributed: int  # whole-draft comments the analysis attributes to this article


def heatmap(consultation: Consultation, totals: dict[str, Any] | None = None) -> list[HeatCell]:
    """One cell per article of the draft, in order, with its accepted comments and a colour level
    (quantised on a square-root scale so that a few hot articles do not wash out the rest)."""
    totals = totals or consultation_totals(consultation)
    # accepted comments only: a flood held in moderation must not colour an article
    held = _held(consultation, "article")
    counts = {k: v - held.get(k, 0) for k, v in totals["articles"].items()}
    attributed: dict[str, int] = {}
    analysis = Analysis.objects.filter(consultation=consultation).only("summary").first()
    if analysis is not None:
        for row in analysis.summary.get("article_stats", []):
            attributed[row["article"]] = int(row.get("sources", {}).get("mention", 0)) + int(
                row.get("sources", {}).get("quote", 0)
            )
    arts = list(version_articles(consultation.version).values())
    top = max((counts.get(a.key, 0) for a in arts), default=0)
    cells = []
    for a in arts:
        n = counts.get(a.key, 0)
        level = 0 if n == 0 or top == 0 else max(1, min(5, round(5 * (n / top) ** 0.5)))
        cells.append(HeatCell(article=a, count=n, level=level, attributed=attributed.get(a.key, 0)))
    return cells


def comments_queryset(
    consultation: Consultation,
    *,
    article: str | None = None,
    moderation: str | None = None,
    decision: str | None = None,
    channel: str | None = None,
    q: str = "",
    ids: list[int] | None = None,
) -> QuerySet[Comment]:
    qs = Comment.objects.filter(consultation=consultation).select_related("decision_theme")
    if article is not None:
        qs = qs.filter(article=article)
    if moderation:
        qs = qs.filter(moderation=moderation)
    if decision == "none":
        qs = qs.filter(decision="")
    elif decision:
        qs = qs.filter(decision=decision)
    if channel:
        qs = qs.filter(channel=channel)
    if q:
        qs = qs.filter(Q(text__contains=q) | Q(receipt=q.upper()))
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.order_by("-pk")


def moderation_queue(consultation: Consultation | None = None) -> QuerySet[Comment]:
    qs = Comment.objects.filter(moderation=Moderation.PENDING).select_related("consultation")
    if consultation is not None:
        qs = qs.filter(consultation=consultation)
    return qs.order_by("pk")


def public_feedback(consultation: Consultation) -> dict[str, Any]:
    """What the feedback page shows: per article, the decisions taken (themes and single
    comments) with their reasons; commenters stay anonymous."""
    arts = version_articles(consultation.version)
    totals = consultation_totals(consultation)
    themes = list(ThemeDecision.objects.filter(consultation=consultation).order_by("-comment_count", "id"))
    singles = list(
        Comment.objects.filter(
            consultation=consultation, moderation=Moderation.PUBLISHED, decision_theme__isnull=True
        )
        .exclude(decision="")
        .only("pk", "article", "paragraph", "text", "decision", "decision_reason", "receipt")
        .order_by("pk")[:PUBLIC_DECIDED_LIMIT]
    )
    held = _held(consultation, "article")
    by_article: dict[str, dict[str, Any]] = {}

    def slot(key: str) -> dict[str, Any]:
        if key not in by_article:
            info = arts.get(key)
            by_article[key] = {
                "key": key,
                "label": info.label if info else "",
                "count": totals["articles"].get(key, 0) - held.get(key, 0),
                "themes": [],
                "comments": [],
            }
        return by_article[key]

    for t in themes:
        slot(t.article)["themes"].append(t)
    for c in singles:  # in id order within each article
        slot(c.article)["comments"].append(c)
    order = {k: i for i, k in enumerate(arts)}
    rows = sorted(by_article.values(), key=lambda r: (r["key"] == WHOLE_DRAFT, order.get(r["key"], 10**6)))
    return {"totals": totals, "articles": rows}


# --- the staff pages' reads (the views hold no queries) ----------------------------------------


def consultation_for_staff(pk: int) -> Consultation | None:
    return Consultation.objects.select_related("bill", "version").filter(pk=pk).first()


def analysis_of(consultation: Consultation) -> Analysis | None:
    """The latest analysis without its (large) label table."""
    return Analysis.objects.filter(consultation=consultation).defer("labels").first()


def comment_for_staff(pk: int) -> Comment | None:
    return (
        Comment.objects.select_related(
            "consultation__bill",
            "consultation__version",
            "decision_theme",
            "moderated_by",
            "decided_by",
            "batch",
            "source_station",
            "source_organ",
        )
        .filter(pk=pk)
        .first()
    )


def comment_in(consultation: Consultation | None, pk: int | None) -> Comment | None:
    """A comment by id, within ``consultation`` when one is given."""
    if pk is None:
        return None
    qs = Comment.objects.filter(pk=pk)
    return (qs.filter(consultation=consultation) if consultation is not None else qs).first()


def comments_by_ids(ids: list[int]) -> list[Comment]:
    """The comments with these ids, in the order given."""
    order = {pk: i for i, pk in enumerate(ids)}
    rows = list(Comment.objects.filter(pk__in=ids).select_related("decision_theme"))
    rows.sort(key=lambda r: order[r.pk])
    return rows


def theme_decisions(consultation: Consultation) -> list[ThemeDecision]:
    return list(
        ThemeDecision.objects.filter(consultation=consultation)
        .select_related("decided_by")
        .order_by("-decided_at")
    )


def import_batches(consultation: Consultation, limit: int = 20) -> list[Any]:
    return list(
        consultation.imports.select_related("source_station", "source_organ", "created_by").order_by("-id")[
            :limit
        ]
    )


def notice_counts(consultation: Consultation) -> dict[str, int]:
    """Feedback notices by status."""
    from .models import FeedbackNotice

    return dict(
        FeedbackNotice.objects.filter(comment__consultation=consultation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )


def comments_of(user: Any) -> QuerySet[Comment]:
    """The comments ``user`` made on the portal or through the API while signed in, newest first."""
    return (
        Comment.objects.filter(user=user)
        .select_related("consultation__version")
        .order_by("-submitted_at", "-pk")
    )
