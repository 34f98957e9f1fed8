"""Public pages of consultation: the drafts open for comment, the comment forms (htmx, and
plain forms that work without JavaScript), the receipt lookup and the published feedback.

Writes go through :func:`services.comment_submit`; the rate limiter runs first. A refused
comment re-renders its form with the reasons and what the visitor wrote; nothing is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lvzhi.core import ratelimit
from lvzhi.core.access import ALL, OK, SIGNED_IN, access, public
from lvzhi.core.errors import InvalidTransition, Throttled, ValidationFailed

from . import permissions as perms
from . import selectors, services
from .models import MAX_COMMENT_CHARS, Comment, Consultation
from .services import ArticleInfo
from .states import Channel, ConsultationStatus, Moderation

PAGE_SIZE = 20
WHOLE = "whole"  # the box id suffix of the form for the draft as a whole
_RECEIPT_RE = re.compile(r"^\d{3,}-[2-9A-HJKMNP-Z]{8}$")
#: Fields shown next to their input; other errors (a tampered article) go above the form.
_FIELDS = ("text", "paragraph", "name", "contact")


@dataclass
class Box:
    """The state of one comment form after a submission: what was typed, the errors, the
    stored comment (its receipt) or a message (closed, throttled)."""

    key: str
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    comment: Comment | None = None
    message: str = ""
    retry_after: int | None = None

    @property
    def other_errors(self) -> list[str]:
        return [m for f, msgs in self.errors.items() if f not in _FIELDS for m in msgs]


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _public(pk: int) -> Consultation:
    consultation = selectors.consultations_public().filter(pk=pk).first()
    if consultation is None:
        raise Http404
    return consultation


def prefill(user: Any) -> dict[str, str]:
    """A signed-in visitor's name and contact, offered in the comment form (they may change or
    clear them; they are never published)."""
    if user is None or not user.is_authenticated:
        return {}
    name = user.display_name or user.get_full_name()
    return {"name": name[:40], "contact": (user.email or user.phone or "")[:120]}


def _box_context(
    consultation: Consultation,
    art: ArticleInfo | None,
    box: Box | None,
    taking: bool,
    initial: dict[str, str] | None = None,
) -> dict[str, Any]:
    typed = box is not None and box.comment is None
    return {
        "c": consultation,
        "art": art,
        "box": box,
        "taking": taking,
        "max_chars": MAX_COMMENT_CHARS,
        "box_id": f"box-{art.key if art else WHOLE}",
        "paragraph_choices": list(range(1, max(1, art.paragraphs) + 1)) if art else [],
        "values": box.values if box is not None and typed else dict(initial or {}),
    }


def _detail_context(consultation: Consultation, box: Box | None = None, user: Any = None) -> dict[str, Any]:
    taking = services.is_taking_comments(consultation)
    arts = services.version_articles(consultation.version)
    target = box.key if box is not None and box.key in arts else ""
    initial = prefill(user)
    rows = []
    chapter = None
    for art in arts.values():
        heading = art.chapter if art.chapter and art.chapter != chapter else ""
        chapter = art.chapter
        row_box = box if box is not None and target == art.key else None
        rows.append(
            {
                "art": art,
                "heading": heading,
                "open": row_box is not None,
                **_box_context(consultation, art, row_box, taking, initial),
            }
        )
    whole_box = box if box is not None and target == "" else None
    return {
        "c": consultation,
        "taking": taking,
        "rows": rows,
        "max_chars": MAX_COMMENT_CHARS,
        "whole": {
            "open": whole_box is not None,
            **_box_context(consultation, None, whole_box, taking, initial),
        },
        "feedback_published": perms.can_view_public_feedback(consultation),
    }


@public
@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    """Drafts open for comment, and past consultations with their feedback."""
    qs = selectors.consultations_public().defer("version__text")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"c": c, "taking": services.is_taking_comments(c), "feedback": perms.can_view_public_feedback(c)}
        for c in page
    ]
    return render(request, "consultation/public/list.html", {"page": page, "rows": rows})


@access(ok=ALL, anon=OK, sample="consultation.open")
@require_GET
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft and its explanation, article by article, with a comment form on each."""
    consultation = _public(pk)
    return render(
        request, "consultation/public/detail.html", _detail_context(consultation, user=request.user)
    )


@access(ok=ALL, anon=OK, sample="consultation.open", method="POST", data={"text": ""})
@require_POST
def comment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment from the portal: rate limit, then the service; the answer is the form's box
    (htmx) or the whole page with the box open at its article."""
    client = ratelimit.client_key(request)
    throttled: Throttled | None = None
    try:  # counted before anything else, as on the API
        ratelimit.check("comment", client, ratelimit.cached_limits(settings.COMMENT_RATE_LIMITS))
    except Throttled as exc:
        throttled = exc
    consultation = Consultation.objects.select_related("version", "bill").filter(pk=pk).first()
    if consultation is None:
        raise Http404
    post = request.POST
    text = (post.get("text") or "").replace("\r\n", "\n")
    raw_article = (post.get("article") or "").strip()
    values = {
        "text": text,
        "paragraph": (post.get("paragraph") or "").strip(),
        "name": post.get("name") or "",
        "contact": post.get("contact") or "",
    }
    key = services.article_key(raw_article)
    box = Box(key=key, values=values)
    status = 200
    try:
        if throttled is not None:
            raise throttled
        user = request.user if request.user.is_authenticated else None
        box.comment = services.comment_submit(
            consultation=consultation,
            text=text,
            article=raw_article,
            paragraph=values["paragraph"],
            name=values["name"],
            contact=values["contact"],
            channel=Channel.PORTAL,
            user=user,
            client=client,
        )
    except Throttled as exc:
        status = exc.status
        box.retry_after = int((exc.detail or {}).get("retry_after") or 60)
        box.message = _(
            "Too many comments were sent from your connection. Please try again in %(seconds)s "
            "seconds; what you wrote is kept below."
        ) % {"seconds": box.retry_after}
    except ValidationFailed as exc:
        status = exc.status if _is_htmx(request) else 200
        box.errors = {str(k): [str(m) for m in v] for k, v in (exc.detail or {}).items()}
        if not box.errors:
            box.errors = {"text": [str(exc.message)]}
    except InvalidTransition as exc:
        status = exc.status
        box.message = str(exc.message)
    response = _box_response(request, consultation, box, status)
    if box.retry_after is not None:
        response["Retry-After"] = str(box.retry_after)
    return response


def _box_response(request: HttpRequest, consultation: Consultation, box: Box, status: int) -> HttpResponse:
    taking = services.is_taking_comments(consultation)
    if _is_htmx(request):
        art = services.version_articles(consultation.version).get(box.key)
        return render(
            request,
            "consultation/public/_comment_box.html",
            _box_context(consultation, art, box, taking, prefill(request.user)),
            status=status,
        )
    if not perms.can_view_public_consultation(consultation):  # not yet open: the draft stays unpublished
        return render(
            request,
            "consultation/public/message.html",
            {"title": consultation.title, "message": box.message or _("This consultation is not open.")},
            status=status,
        )
    return render(
        request,
        "consultation/public/detail.html",
        _detail_context(consultation, box, request.user),
        status=status,
    )


@public
@require_GET
def receipt_lookup(request: HttpRequest) -> HttpResponse:
    """What became of a comment, by its receipt number (never its text or contact)."""
    raw = (request.GET.get("receipt") or "").strip().upper()[:32]
    comment: Comment | None = None
    message = ""
    ctx: dict[str, Any] = {"receipt": raw}
    if raw:
        if _RECEIPT_RE.match(raw):
            comment = Comment.objects.select_related("consultation__version").filter(receipt=raw).first()
        if comment is None:
            message = _("No comment has the receipt number %(receipt)s. Check the number and try again.") % {
                "receipt": raw
            }
    if comment is not None:
        consultation = comment.consultation
        art = services.version_articles(consultation.version).get(comment.article)
        published = consultation.status == ConsultationStatus.PUBLISHED
        ctx.update(
            {
                "comment": comment,
                "consultation": consultation,
                "article_label": art.label if art else (comment.article or ""),
                "feedback_published": published,
                "show_decision": published and bool(comment.decision),
                "removed": comment.moderation == Moderation.REMOVED,
            }
        )
    ctx["message"] = message
    return render(request, "consultation/public/receipt.html", ctx)


@access(ok=ALL, anon=OK, sample="consultation.published")
@require_GET
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The published 采纳情况: the summary, totals, and per article the decisions with reasons."""
    consultation = _public(pk)
    if not perms.can_view_public_feedback(consultation):
        raise Http404
    data = selectors.public_feedback(consultation)
    totals = data["totals"]
    channels = [(Channel(c).label, n) for c, n in totals["channels"].items()]
    return render(
        request,
        "consultation/public/feedback.html",
        {
            "c": consultation,
            "totals": totals,
            "channels": channels,
            "articles": data["articles"],
        },
    )


@access(ok=SIGNED_IN)
@login_required
@require_GET
def my_comments(request: HttpRequest) -> HttpResponse:
    """我的意见: the comments the signed-in visitor made on consultations, with what became of
    each (accepted, awaiting moderation or set aside) and, once the feedback is published, the
    decision and its reason."""
    qs = selectors.comments_of(request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    articles: dict[int, dict[str, ArticleInfo]] = {}
    for comment in page:
        c = comment.consultation
        if c.pk not in articles:
            articles[c.pk] = services.version_articles(c.version)
        art = articles[c.pk].get(comment.article)
        published = c.status == ConsultationStatus.PUBLISHED
        rows.append(
            {
                "comment": comment,
                "c": c,
                "article_label": art.label if art else (comment.article or ""),
                "feedback_published": published,
                "show_decision": published and bool(comment.decision),
                "removed": comment.moderation == Moderation.REMOVED,
            }
        )
    return render(request, "consultation/public/mine.html", {"page": page, "rows": rows})
