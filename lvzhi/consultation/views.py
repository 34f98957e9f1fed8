"""Staff pages of public consultation (立法征求意见): the list, opening a consultation, the
dashboard with its heat map over the draft's articles, the comment drill-down, campaigns and
themes from the analysis, moderation, letters and sheet imports, closing and extending the
window, the published feedback and the 意见汇总 downloads.

Thin: parse input, check the permission, call one service; a refused step becomes a message
on the page, never a 500. Full names and contacts are shown only to the office that may read
them, one comment at a time, and every such reveal is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.access import DENIED, P, access
from lvzhi.core.errors import DomainError, PermissionDeniedError
from lvzhi.core.models import User
from lvzhi.core.redirects import safe_url
from lvzhi.core.web import (
    Action,
    acting_user,
    action,
    cleaned,
    dispatch,
    form_error,
    form_errors_text,
    int_param,
    message_error,
    posted,
    require,
    site_url,
    visible_or_404,
)
from lvzhi.deputies.xlsx import read_upload

from . import analysis as analysis_bridge
from . import forms as f
from . import imports, selectors, services
from . import permissions as perms
from .documents import consultation_report_docx, consultation_report_xlsx
from .models import Analysis, Comment, CommentContact, Consultation
from .states import (
    CONSULTATION,
    DECISION_TONE,
    Channel,
    ConsultationStatus,
    Decision,
    Moderation,
    ModerationReason,
    NoticeStatus,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
#: Consultations with fewer comments are analysed during the request; larger ones by the worker.
ANALYSE_INLINE_LIMIT = 20_000
#: A member list (campaign, theme, group) is combined with the other filters up to this size.
MEMBER_FILTER_LIMIT = 5000
TOP_ON_DASHBOARD = 5
#: The analysis's stance labels (``analytics.stance.LABELS``) as shown.
STANCES = {
    "support": gettext_lazy("support"),
    "oppose": gettext_lazy("oppose"),
    "change": gettext_lazy("asks for a change"),
    "unknown": gettext_lazy("unclear"),
}


#: Who reads the staff pages (``permissions.can_view_consultations``).
READERS = frozenset({P.OFFICE, P.LEGAL, P.STAFF_OTHER, P.MEMBER, P.LEADER, P.ADMIN})
#: Who runs a consultation (``permissions.can_manage_consultations``): the legislative affairs office.
MANAGERS = frozenset({P.LEGAL, P.ADMIN})
#: Readers who may not manage get 403 on a manager's page of a consultation they can see.
READ_ONLY = {p: DENIED for p in READERS - MANAGERS}
SAMPLE = "consultation.open"


@dataclass
class CommentRow:
    """A comment in the list with what is shown beside it; reads through to the comment."""

    comment: Comment
    labels: dict[str, int]
    theme_name: str
    article_label: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.comment, name)


# --- helpers -------------------------------------------------------------------------------------


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _viewer(request: HttpRequest) -> None:
    require(perms.can_view_consultations(request.user))


def _manager(request: HttpRequest) -> None:
    require(perms.can_manage_consultations(request.user))


def _run(
    request: HttpRequest,
    form: djforms.Form,
    call: Callable[[dict[str, Any]], Any],
    ok: str | Callable[[Any], str],
) -> bool:
    """Validate the form's shape, call one service, and report the outcome as a message
    (``core.web``: a refused step is a message, a refused permission a 403)."""
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return False
    try:
        result = call(form.cleaned_data)
    except PermissionDeniedError:
        raise
    except DomainError as exc:
        message_error(request, exc)
        return False
    messages.success(request, ok(result) if callable(ok) else ok)
    return True


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    """The consultation for the staff pages: 404 for those who may not read them (never 403,
    which would tell that it exists)."""
    return visible_or_404(
        selectors.consultation_for_staff(pk), lambda user, _c: perms.can_view_consultations(user), request
    )


def _managed(request: HttpRequest, pk: int) -> Consultation:
    """The consultation for a manager's page or action: 404 as above, 403 for readers."""
    c = _consultation(request, pk)
    _manager(request)
    return c


def _analysis(consultation: Consultation) -> Analysis | None:
    return selectors.analysis_of(consultation)


def _next(request: HttpRequest, default: str) -> str:
    return safe_url(request, request.POST.get("next"), default)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _articles_ranked(consultation: Consultation, counts: dict[str, Any]) -> list[dict[str, Any]]:
    """An analysis "articles" mapping (key → comments) with the draft's labels."""
    arts = services.version_articles(consultation.version)
    return [
        {"key": k, "label": arts[k].label if k in arts else k, "count": n} for k, n in (counts or {}).items()
    ]


def _stance(stance: dict[str, int] | None) -> list[tuple[Any, int]]:
    return [(STANCES.get(k, k), n) for k, n in (stance or {}).items() if n]


def _timeline_chart(timeline: dict[str, Any], label: str) -> dict[str, Any] | None:
    """A Chart.js bar chart spec (see ``static/lvzhi/charts.js``) from an analysis timeline."""
    counts = (timeline or {}).get("counts") or []
    if not counts:
        return None
    try:
        start = dt.datetime.fromisoformat(timeline["start"])
    except (KeyError, TypeError, ValueError):
        return None
    if timeline.get("unit") == "day":
        step, fmt = dt.timedelta(days=1), "%Y-%m-%d"
    else:
        step, fmt = dt.timedelta(hours=1), "%m-%d %H:00"
    labels = [(start + i * step).strftime(fmt) for i in range(len(counts))]
    return {"type": "bar", "labels": labels, "datasets": [{"label": label, "data": counts}]}


# --- list, create --------------------------------------------------------------------------------


@access(ok=READERS)
@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    _viewer(request)
    status = request.GET.get("status", "")
    status = status if status in ConsultationStatus.values else ""
    page = Paginator(selectors.consultations_for_staff(status), 30).get_page(request.GET.get("page"))
    manage = perms.can_manage_consultations(request.user)
    return render(
        request,
        "consultation/list.html",
        {
            "page": page,
            "status": status,
            "statuses": ConsultationStatus.choices,
            "manage": manage,
            "pending": selectors.moderation_queue().count() if manage else 0,
        },
    )


@access(ok=MANAGERS)
@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    from lvzhi.legislation.services import consultation_minimum_end

    _manager(request)
    today = timezone.localdate()
    bills = selectors.bills_ready_for_consultation()
    chosen = int_param(request.POST.get("bill") if request.method == "POST" else request.GET.get("bill"))
    bill = (bills.filter(pk=chosen).first() if chosen else None) or (bills.first() if not chosen else None)
    initial: dict[str, Any] = {"start": today, "invite_deputies": True}
    if bill is not None:
        initial.update(
            {
                "bill": bill.pk,
                "end": consultation_minimum_end(bill, today),
                "title": _("Public consultation on %(title)s") % {"title": bill.title},
            }
        )
    form = f.ConsultationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        bill = data["bill"]
        version = data.get("version") or bill.versions.order_by("-number").first()
        if version is None:
            form.add_error("version", _("The bill has no text to consult on."))
        else:
            try:
                consultation = services.consultation_open(
                    bill=bill,
                    version=version,
                    title=data["title"],
                    explanation=data["explanation"],
                    start=data["start"],
                    end=data["end"],
                    invite_deputies=data["invite_deputies"],
                    contact_points=list(data["contact_points"]),
                    districts=list(data["districts"]),
                    acting_user=acting_user(request),
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("The consultation was opened."))
                return redirect("consultation:detail", pk=consultation.pk)
    return render(
        request,
        "consultation/form.html",
        {
            "form": form,
            "title": _("New consultation"),
            "no_bills": not bills.exists(),
            "intro": _(
                "After the first reading the draft and its explanation are published for comment and sent to "
                "the deputies, the district congresses and the contact points chosen below. The closing day "
                "proposed is the earliest the rules profile allows."
            ),
            "cancel": reverse("consultation:list"),
        },
    )


# --- the dashboard -------------------------------------------------------------------------------


@access(ok=READERS, sample=SAMPLE)
@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    c = _consultation(request, pk)
    totals = selectors.consultation_totals(c)
    cells = selectors.heatmap(c, totals)
    analysis = _analysis(c)
    summary = analysis.summary if analysis is not None else {}
    manage = perms.can_manage_consultations(request.user)
    can = {a: manage and CONSULTATION.allowed(a, c.status) for a in CONSULTATION.steps}
    # no import button when the intake refuses (closed, feedback published, bill concluded)
    can["import"] = can["import"] and not services.intake_refusal(c)
    today = timezone.localdate()
    campaigns = [
        {**camp, "articles_ranked": _articles_ranked(c, camp.get("articles", {}))}
        for camp in summary.get("campaigns", [])[:TOP_ON_DASHBOARD]
    ]
    themes = [
        {**t, "articles_ranked": _articles_ranked(c, t.get("articles", {}))}
        for t in summary.get("themes", [])[:TOP_ON_DASHBOARD]
    ]
    channels = dict(Channel.choices)
    decisions = dict(Decision.choices)
    return render(
        request,
        "consultation/detail.html",
        {
            "c": c,
            "totals": totals,
            "cells": cells,
            "levels": range(6),
            "analysis": analysis,
            "overview": summary.get("summary", {}),
            "campaigns": campaigns,
            "themes": themes,
            "n_campaigns": len(summary.get("campaigns", [])),
            "n_themes": len(summary.get("themes", [])),
            "stale": analysis is not None and analysis.comments != totals["accepted"],
            "channels": [(channels.get(k, k), n) for k, n in totals["channels"].items()],
            "decisions": [(decisions[k], n) for k, n in totals["decisions"].items()],
            "manage": manage,
            "can": can,
            "early": c.end >= today,
            "close_form": f.CloseForm(),
            "extend_form": f.ExtendForm(initial={"end": c.end + dt.timedelta(days=7)}),
            "inline_limit": ANALYSE_INLINE_LIMIT,
            "today": today,
        },
    )


@access(ok=MANAGERS, sample=SAMPLE, method="POST", expect=READ_ONLY)
@login_required
@require_POST
def analyse(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    if selectors.consultation_totals(c)["received"] < ANALYSE_INLINE_LIMIT:
        result = services.analysis_run(consultation=c, acting_user=acting_user(request))
        messages.success(
            request,
            _("Analysis refreshed: %(n)s comments in %(s)s s.")
            % {"n": result.comments, "s": f"{result.duration:.1f}"},
        )
    else:
        from .tasks import analyse_consultation

        analyse_consultation.enqueue(c.pk)
        messages.info(request, _("The analysis runs in the background; reload this page in a few minutes."))
    return redirect("consultation:detail", pk=c.pk)


@access(ok=MANAGERS, sample=SAMPLE, method="POST", expect=READ_ONLY)
@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    _run(
        request,
        f.CloseForm(request.POST),
        lambda d: services.consultation_close(
            consultation=c, reason=d["reason"], acting_user=acting_user(request)
        ),
        _("The consultation is closed."),
    )
    return redirect("consultation:detail", pk=c.pk)


@access(ok=MANAGERS, sample=SAMPLE, method="POST", expect=READ_ONLY)
@login_required
@require_POST
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    _run(
        request,
        f.ExtendForm(request.POST),
        lambda d: services.consultation_extend(
            consultation=c, end=d["end"], acting_user=acting_user(request)
        ),
        lambda done: _("The consultation now closes after %(end)s.") % {"end": done.end.isoformat()},
    )
    return redirect("consultation:detail", pk=c.pk)


# --- comments ------------------------------------------------------------------------------------


def _list_filters(request: HttpRequest, c: Consultation) -> dict[str, Any]:
    g = request.GET
    raw_article = (g.get("article") or "").strip()[:20]
    article: str | None = None
    if raw_article == "whole":
        article = selectors.WHOLE_DRAFT
    elif raw_article:
        article = services.article_key(raw_article)
    return {
        "article_raw": raw_article,
        "article": article,
        "moderation": g.get("moderation", "") if g.get("moderation", "") in Moderation.values else "",
        "decision": g.get("decision", "") if g.get("decision", "") in [*Decision.values, "none"] else "",
        "channel": g.get("channel", "") if g.get("channel", "") in Channel.values else "",
        "q": (g.get("q") or "").strip()[:100],
        "campaign": int_param(g.get("campaign")),
        "theme": int_param(g.get("theme")),
        "group": int_param(g.get("group")),
    }


def _member_ids(c: Consultation, filters: dict[str, Any]) -> tuple[str, int, list[int]] | None:
    for kind, fetch in (
        ("campaign", analysis_bridge.campaign_members),
        ("theme", analysis_bridge.theme_members),
        ("group", analysis_bridge.group_members),
    ):
        number = filters[kind]
        if number is not None:
            return kind, number, sorted(fetch(c, number), reverse=True)
    return None


@access(ok=READERS, sample=SAMPLE)
@login_required
def comment_list(request: HttpRequest, pk: int) -> HttpResponse:
    c = _consultation(request, pk)
    filters = _list_filters(request, c)
    other = (
        any(filters[k] for k in ("moderation", "decision", "channel", "q")) or filters["article"] is not None
    )
    members = _member_ids(c, filters)
    ignored = False

    def queryset(ids: list[int] | None = None) -> Any:
        return selectors.comments_queryset(
            c,
            article=filters["article"],
            moderation=filters["moderation"] or None,
            decision=filters["decision"] or None,
            channel=filters["channel"] or None,
            q=filters["q"],
            ids=ids,
        )

    page: Any
    if members is None:
        page = Paginator(queryset(), PAGE_SIZE).get_page(request.GET.get("page"))
        found: list[Comment] = list(page.object_list)
    elif other and len(members[2]) <= MEMBER_FILTER_LIMIT:
        page = Paginator(queryset(members[2]), PAGE_SIZE).get_page(request.GET.get("page"))
        found = list(page.object_list)
    else:
        ignored = other
        page = Paginator(members[2], PAGE_SIZE).get_page(request.GET.get("page"))
        found = selectors.comments_by_ids(list(page.object_list))
    labels = analysis_bridge.labels_for(c, [r.pk for r in found]) if found else {}
    analysis = _analysis(c) if labels or members else None
    theme_names = {
        t.get("id"): t.get("label", "") for t in (analysis.summary.get("themes", []) if analysis else [])
    }
    arts = services.version_articles(c.version)
    rows = []
    for r in found:
        row_labels = labels.get(r.pk, {})
        rows.append(
            CommentRow(
                comment=r,
                labels=row_labels,
                theme_name=theme_names.get(row_labels.get("theme"), ""),
                article_label=arts[r.article].label if r.article in arts else (r.article or ""),
            )
        )
    query = request.GET.copy()
    query.pop("page", None)
    member_label = ""
    if members is not None:
        kind, number, _ids = members
        member_label = {
            "campaign": _("Campaign #%(n)s"),
            "theme": _("Theme #%(n)s"),
            "group": _("Group of similar comments #%(n)s"),
        }[kind] % {"n": number}
        if kind == "theme" and theme_names.get(number):
            member_label += f" · {theme_names[number]}"
    return render(
        request,
        "consultation/comments.html",
        {
            "c": c,
            "page": page,
            "rows": rows,
            "filters": filters,
            "query": query.urlencode(),
            "articles": list(arts.values()),
            "moderations": Moderation.choices,
            "decisions": Decision.choices,
            "channels": Channel.choices,
            "member_label": member_label,
            "ignored": ignored,
            "manage": perms.can_manage_consultations(request.user),
            "decision_tone": DECISION_TONE,
            "here": request.get_full_path(),
        },
    )


def a_comment_decide(request: HttpRequest, comment: Comment) -> str:
    _manager(request)
    d = cleaned(f.DecisionForm(request.POST))
    services.comment_decide(
        comment=comment, decision=d["decision"], reason=d["reason"], acting_user=acting_user(request)
    )
    return _("Decision recorded.")


def a_comment_moderate(request: HttpRequest, comment: Comment) -> str:
    _manager(request)
    d = cleaned(f.ModerationForm(request.POST))
    done = services.comment_moderate(
        comment=comment,
        moderation=d["moderation"],
        reason=d["reason"],
        note=d["note"],
        acting_user=acting_user(request),
    )
    if done.moderation == Moderation.PUBLISHED:
        return _("The comment is published.")
    return _("The comment was set aside; it is kept but no longer counted.")


#: The comment page's POST steps (``reveal`` shows the contact on the page instead).
COMMENT_ACTIONS: dict[str, Action[Comment]] = {
    "decide": action(a_comment_decide),
    "moderate": action(a_comment_moderate),
}


@access(ok=READERS, sample=SAMPLE)
@login_required
def comment_detail(request: HttpRequest, comment_pk: int) -> HttpResponse:
    comment = visible_or_404(
        selectors.comment_for_staff(comment_pk), lambda user, _c: perms.can_view_consultations(user), request
    )
    c = comment.consultation
    user = acting_user(request)
    here = reverse("consultation:comment", args=[comment.pk])
    revealed: CommentContact | None = None
    revealed_empty = False
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name != "reveal":
            return dispatch(request, comment, name, COMMENT_ACTIONS, then=_next(request, here))
        revealed = services.comment_contact_reveal(comment=comment, acting_user=user)
        revealed_empty = revealed is None
    arts = services.version_articles(c.version)
    article = arts.get(comment.article)
    labels = analysis_bridge.labels_for(c, [comment.pk]).get(comment.pk, {})
    theme_name = ""
    if labels.get("theme", -1) > 0:
        theme = analysis_bridge.theme_of(c, labels["theme"])
        theme_name = theme.get("label", "") if theme else ""
    manage = perms.can_manage_consultations(user)
    return render(
        request,
        "consultation/comment.html",
        {
            "c": c,
            "comment": comment,
            "article": article,
            "labels": labels,
            "theme_name": theme_name,
            "manage": manage,
            "can_decide": manage
            and CONSULTATION.allowed("decide", c.status)
            and comment.moderation == Moderation.PUBLISHED,
            "can_contacts": perms.can_view_contacts(user) and comment.has_contact,
            "revealed": revealed,
            "revealed_empty": revealed_empty,
            "decision_form": f.DecisionForm(
                initial={"decision": comment.decision, "reason": comment.decision_reason}
            ),
            "moderation_form": f.ModerationForm(
                initial={
                    "moderation": Moderation.REMOVED
                    if comment.moderation == Moderation.PUBLISHED
                    else Moderation.PUBLISHED,
                    "reason": ModerationReason.OFF_TOPIC,
                }
            ),
            "decision_tone": DECISION_TONE,
        },
    )


# --- analysis: campaigns and themes --------------------------------------------------------------


@access(ok=READERS, sample=SAMPLE)
@login_required
def campaign_list(request: HttpRequest, pk: int) -> HttpResponse:
    c = _consultation(request, pk)
    analysis = _analysis(c)
    summary = analysis.summary if analysis is not None else {}
    label = _("Comments")
    campaigns = []
    for camp in summary.get("campaigns", []):
        chart = _timeline_chart(camp.get("timeline", {}), label)
        campaigns.append(
            {
                **camp,
                "chart": chart,
                "chart_id": f"timeline-{camp.get('id')}",
                "chart_rows": list(zip(chart["labels"], chart["datasets"][0]["data"], strict=True))
                if chart
                else [],
                "stance_items": _stance(camp.get("stance")),
                "articles_ranked": _articles_ranked(c, camp.get("articles", {})),
                "template_pk": int_param(camp.get("template_id")),
                "bursts_pct": [
                    {**b, "pct": round(100 * float(b.get("share", 0)), 1)} for b in camp.get("bursts", [])
                ],
            }
        )
    return render(
        request,
        "consultation/campaigns.html",
        {
            "c": c,
            "analysis": analysis,
            "campaigns": campaigns,
            "overview": summary.get("summary", {}),
            "manage": perms.can_manage_consultations(request.user),
        },
    )


@access(ok=READERS, sample=SAMPLE)
@login_required
def theme_list(request: HttpRequest, pk: int) -> HttpResponse:
    c = _consultation(request, pk)
    analysis = _analysis(c)
    summary = analysis.summary if analysis is not None else {}
    decided = selectors.theme_decisions(c)
    standing = analysis_bridge.theme_decisions(c, summary.get("themes", []), decided)
    themes = []
    for t in summary.get("themes", []):
        size = int(t.get("size") or 0)
        themes.append(
            {
                **t,
                "articles_ranked": _articles_ranked(c, t.get("articles", {})),
                "campaign_share": round(100 * int(t.get("campaign_comments") or 0) / size, 1) if size else 0,
                "reps": [
                    {"pk": int_param(r.get("id")), "text": r.get("text", "")}
                    for r in t.get("representatives", [])
                ],
                "decision": standing.get(int(t["id"])) if t.get("id") is not None else None,
                "stance_items": _stance(t.get("stance")),
            }
        )
    manage = perms.can_manage_consultations(request.user)
    return render(
        request,
        "consultation/themes.html",
        {
            "c": c,
            "analysis": analysis,
            "themes": themes,
            "decided": decided,
            "manage": manage,
            "can_decide": manage and CONSULTATION.allowed("decide", c.status),
            "form": f.ThemeDecisionForm(),
            "decision_tone": DECISION_TONE,
        },
    )


@access(ok=MANAGERS, sample=SAMPLE, method="POST", expect=READ_ONLY)
@login_required
@require_POST
def theme_decide(request: HttpRequest, pk: int, theme_id: int) -> HttpResponse:
    c = _managed(request, pk)
    _run(
        request,
        f.ThemeDecisionForm(request.POST),
        lambda d: services.theme_decide(
            consultation=c,
            theme_id=theme_id,
            decision=d["decision"],
            reason=d["reason"],
            summary=d["summary"],
            acting_user=acting_user(request),
        ),
        lambda td: _("Decision recorded and applied to %(n)s comments.") % {"n": td.comment_count},
    )
    return redirect(reverse("consultation:themes", args=[c.pk]) + f"#theme-{theme_id}")


# --- moderation ----------------------------------------------------------------------------------


@access(ok=READERS)
@login_required
def moderation_queue_all(request: HttpRequest) -> HttpResponse:
    """Comments awaiting moderation in every consultation."""
    _viewer(request)
    return _moderation_queue(request, None)


@access(ok=READERS, sample=SAMPLE)
@login_required
def moderation_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """Comments awaiting moderation in one consultation."""
    return _moderation_queue(request, _consultation(request, pk))


def _moderation_queue(request: HttpRequest, c: Consultation | None) -> HttpResponse:
    if request.method == "POST":
        _manager(request)
        comment = selectors.comment_in(c, int_param(request.POST.get("comment")))
        if comment is None:
            raise Http404
        _run(
            request,
            f.ModerationForm(request.POST),
            lambda d: services.comment_moderate(
                comment=comment,
                moderation=d["moderation"],
                reason=d["reason"],
                note=d["note"],
                acting_user=acting_user(request),
            ),
            lambda done: (
                _("%(receipt)s published.") % {"receipt": done.receipt}
                if done.moderation == Moderation.PUBLISHED
                else _("%(receipt)s set aside.") % {"receipt": done.receipt}
            ),
        )
        return redirect(_next(request, request.path))
    page = Paginator(selectors.moderation_queue(c), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultation/moderation.html",
        {
            "c": c,
            "page": page,
            "reasons": ModerationReason.choices,
            "manage": perms.can_manage_consultations(request.user),
            "here": request.get_full_path(),
        },
    )


# --- letters and imports -------------------------------------------------------------------------


@access(ok=MANAGERS, sample=SAMPLE, expect=READ_ONLY)
@login_required
def letter_enter(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    form = f.LetterForm(posted(request), articles=services.version_articles(c.version))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            comment = services.comment_enter_letter(
                consultation=c,
                text=d["text"],
                article=d["article"],
                paragraph=d["paragraph"],
                name=d["name"],
                contact=d["contact"],
                received_on=d["received_on"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("The letter was recorded. Receipt number: %(receipt)s") % {"receipt": comment.receipt},
            )
            return redirect(reverse("consultation:letter", args=[c.pk]) + f"?saved={comment.pk}")
    saved_pk = int_param(request.GET.get("saved"))
    saved = selectors.comment_in(c, saved_pk)
    return render(
        request,
        "consultation/letter.html",
        {
            "c": c,
            "form": form,
            "saved": saved,
            "refusal": services.intake_refusal(c),
            "late_until": services.closing_day(c)
            if services.letter_in_time(c, services.closing_day(c))
            else None,
        },
    )


@access(ok=MANAGERS, sample=SAMPLE, expect=READ_ONLY)
@login_required
def comments_import(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    form = f.ImportForm(posted(request), request.FILES if request.method == "POST" else None)
    row_errors: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        channel = d["channel"]
        try:
            data = read_upload(d["file"])
            _batch, result = imports.comments_import_xlsx(
                consultation=c,
                data=data,
                filename=d["file"].name,
                channel=channel,
                source_station=d["source_station"] if channel == Channel.CONTACT_POINT else None,
                source_organ=d["source_organ"] if channel == Channel.DISTRICT else None,
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            if isinstance(exc.detail, list | tuple):
                row_errors = [e for e in exc.detail if isinstance(e, dict)]
            form_error(form, exc)
        else:
            if result.errors:
                row_errors = [e.as_dict() for e in result.errors]
            else:
                messages.success(
                    request,
                    _("%(n)s comments imported from %(file)s.")
                    % {"n": result.created, "file": d["file"].name},
                )
                return redirect("consultation:detail", pk=c.pk)
    batches = selectors.import_batches(c)
    return render(
        request,
        "consultation/import.html",
        {
            "c": c,
            "form": form,
            "row_errors": row_errors,
            "batches": batches,
            "refusal": services.intake_refusal(c),
        },
    )


@access(ok=MANAGERS, sample=SAMPLE, expect=READ_ONLY)
@login_required
def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    return _download(imports.template_xlsx(), XLSX, f"consultation-{c.pk}-template.xlsx")


# --- feedback and reports ------------------------------------------------------------------------


@access(ok=MANAGERS, sample=SAMPLE, expect=READ_ONLY)
@login_required
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    form = f.FeedbackForm(posted(request), initial={"summary": c.feedback_summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_publish(
                consultation=c,
                summary=form.cleaned_data["summary"],
                acting_user=acting_user(request),
                base_url=site_url(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("The feedback was published and the commenters who left a contact are being told.")
            )
            return redirect("consultation:feedback", pk=c.pk)
    counts = selectors.notice_counts(c)
    statuses = [(value, label, counts.get(value, 0)) for value, label in NoticeStatus.choices]
    return render(
        request,
        "consultation/feedback.html",
        {
            "c": c,
            "form": form,
            "statuses": statuses,
            "for_sms": counts.get(NoticeStatus.FOR_SMS, 0),
            "can_publish": CONSULTATION.allowed("publish_feedback", c.status),
            "published": c.status == ConsultationStatus.PUBLISHED,
            "totals": selectors.consultation_totals(c),
            "can_contacts": perms.can_view_contacts(request.user),
        },
    )


@access(ok=MANAGERS, sample=SAMPLE, expect=READ_ONLY)
@login_required
def sms_list(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    require(perms.can_view_contacts(request.user))
    content = services.sms_list_export(
        consultation=c, base_url=site_url(request), acting_user=acting_user(request)
    )
    return _download(content, XLSX, f"consultation-{c.pk}-sms.xlsx")


@access(ok=READERS, sample=SAMPLE)
@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    c = _consultation(request, pk)
    return _download(consultation_report_docx(c), DOCX, f"consultation-{c.pk}-summary.docx")


@access(ok=READERS, sample=SAMPLE)
@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    c = _consultation(request, pk)
    return _download(consultation_report_xlsx(c), XLSX, f"consultation-{c.pk}-summary.xlsx")
