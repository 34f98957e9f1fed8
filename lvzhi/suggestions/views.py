"""Suggestion pages: thin — parse the form, check the permission, call one service."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.access import (
    ALL,
    DENIED,
    DEPUTIES,
    OK,
    SIGNED_IN,
    P,
    access,
    public,
)
from lvzhi.core.errors import DomainError
from lvzhi.core.selectors import ruleset_for
from lvzhi.core.web import (
    Action,
    acting_user,
    action,
    cleaned,
    dispatch,
    form_error,
    require,
    visible_or_404,
)
from lvzhi.deputies.models import Deputy

from . import forms as f
from . import permissions as perms
from . import selectors, services
from .documents import assignment_sheet_docx
from .models import Assignment, Suggestion, Topic
from .screening import screening_hints
from .states import AssignmentStatus, SuggestionStatus

T = TypeVar("T")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: Who opens a submitted suggestion's workspace page and its handling material (relative to the
#: sample: the lead deputy, an officer of the handling unit), see ``permissions``.
VIEWERS = frozenset({P.DEPUTY, P.OFFICER, P.OFFICE, P.ADMIN, P.LEADER})


@access(ok=SIGNED_IN)
@login_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.SuggestionFilters.from_params(request.GET)
    qs = selectors.suggestion_list(request.user, filters)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "page": page,
        "filters": filters,
        "statuses": SuggestionStatus.choices,
        "topics": Topic.choices,
        "query": query.urlencode(),
        "can_create": perms.can_create_suggestion(request.user),
        "is_office": perms.is_office(request.user),
        "units": f.unit_queryset(),
    }
    template = "suggestions/_rows.html" if getattr(request, "htmx", False) else "suggestions/list.html"
    return render(request, template, ctx)


@access(ok=DEPUTIES)
@login_required
def suggestion_new(request: HttpRequest) -> HttpResponse:
    require(perms.can_create_suggestion(request.user))
    deputy = selectors.my_deputy(request.user)
    form = f.SuggestionForm(request.POST or None, term=deputy.term if deputy else None)
    if request.method == "POST" and form.is_valid() and deputy is not None:
        d = form.cleaned_data
        try:
            suggestion = services.suggestion_create(
                lead=deputy,
                title=d["title"],
                body=d["body"],
                topic=d["topic"],
                channel=d["channel"],
                session=d["session"],
                cosigners=d["cosigners"],
                confidential=d["confidential"],
                confidential_reason=d["confidential_reason"],
                fast_lane=d["fast_lane"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Draft saved. Submit it once your co-signers have confirmed."))
            return redirect("suggestions:detail", pk=suggestion.pk)
    return render(request, "suggestions/form.html", {"form": form, "title": _("New suggestion")})


@access(ok={P.DEPUTY}, sample="suggestions.draft")
@login_required
def suggestion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = visible_or_404(selectors.suggestion_by_pk(pk), perms.can_view_suggestion, request)
    require(perms.can_edit_suggestion(request.user, suggestion))
    cosigners = selectors.cosigner_codes(suggestion)
    initial = {
        "title": suggestion.title,
        "topic": suggestion.topic,
        "channel": suggestion.channel,
        "session": suggestion.session,
        "body": suggestion.body,
        "cosigners": cosigners,
        "confidential": suggestion.confidential,
        "confidential_reason": suggestion.confidential_reason,
    }
    form = f.SuggestionForm(request.POST or None, initial=initial, term=suggestion.term)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.suggestion_update(
                suggestion=suggestion,
                title=d["title"],
                body=d["body"],
                topic=d["topic"],
                confidential=d["confidential"],
                confidential_reason=d["confidential_reason"],
                cosigners=d["cosigners"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("suggestions:detail", pk=pk)
    return render(
        request,
        "suggestions/form.html",
        {"form": form, "title": _("Edit suggestion"), "suggestion": suggestion},
    )


@access(ok=SIGNED_IN, method="POST", data={"title": "关于", "body": "建议"})
@login_required
@require_POST
def hints(request: HttpRequest) -> HttpResponse:
    """htmx: screening hints for the text being written."""
    found = screening_hints(request.POST.get("title", ""), request.POST.get("body", ""))
    return render(request, "suggestions/_hints.html", {"hints": found})


@access(ok=VIEWERS, sample="suggestions.confidential")
@login_required
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = visible_or_404(selectors.suggestion_detail(pk), perms.can_view_suggestion, request)
    user = request.user
    rules = ruleset_for(suggestion.rules)
    my_units = perms.units_of(user)
    assignments = [a for a in suggestion.assignments.all()]
    mine = [a for a in assignments if a.unit_id in my_units and a.status != AssignmentStatus.RETURNED]
    my_deputy_ids = perms.deputy_ids_of(user)
    my_signer = next(
        (s for s in suggestion.signers.all() if s.deputy_id in my_deputy_ids and not s.is_lead), None
    )
    office = perms.is_office(user)
    ctx: dict[str, Any] = {
        "s": suggestion,
        "assignments": assignments,
        "my_assignments": mine,
        "office": office,
        "is_lead": perms.is_lead(user, suggestion),
        "my_signer": my_signer,
        "can_edit": perms.can_edit_suggestion(user, suggestion),
        "can_withdraw": perms.can_withdraw_suggestion(user, suggestion),
        "can_rate": perms.can_rate(user, suggestion) and suggestion.status == SuggestionStatus.ANSWERED,
        "today": timezone.localdate(),
        "categories": rules.items("suggestions.reply_categories"),
        "reason_form": f.ReasonForm(),
        "merge_form": f.MergeForm(),
        "assign_form": f.AssignForm(),
        "return_decision_form": f.ReturnDecisionForm(),
        "opinion_form": f.OpinionForm(),
        "contact_form": f.ContactForm(initial={"date": timezone.localdate()}),
        "extension_form": f.ExtensionForm(),
        "reply_form": f.ReplyForm(categories=rules.items("suggestions.reply_categories")),
        "feedback_form": f.FeedbackForm(),
        "key_form": f.KeyForm(initial={"decided_on": timezone.localdate()}),
        "progress_form": f.ProgressForm(),
        "pending_extensions": [x for a in assignments for x in a.extensions.all() if x.status == "pending"],
        "attachments": list(services.attachments_of(suggestion)),
        **selectors.detail_reads(suggestion, user),
    }
    if office:
        problem = services.publication_problem(suggestion)
        ctx["publication_problem"] = str(problem.message) if problem is not None else ""
    return render(request, "suggestions/detail.html", ctx)


# --- actions: one POST endpoint per step -------------------------------------------------------


def _found(row: T | None) -> T:
    """A row an action names by a posted id: 404 when it is not one of this suggestion's."""
    if row is None:
        raise Http404
    return row


def _assignment(request: HttpRequest, suggestion: Suggestion) -> Assignment:
    return _found(selectors.assignment_of(suggestion, request.POST.get("assignment")))


def a_confirm(request: HttpRequest, s: Suggestion) -> str:
    deputy = selectors.signing_deputy(request.user, s)
    if deputy is None:
        raise PermissionDenied  # an answer for someone else
    services.signer_respond(
        suggestion=s,
        deputy=deputy,
        confirm=request.POST.get("confirm") == "1",
        acting_user=acting_user(request),
    )
    return _("Thank you, your answer is recorded.")


def a_submit(request: HttpRequest, s: Suggestion) -> str:
    services.suggestion_submit(suggestion=s, acting_user=acting_user(request))
    return _("Submitted. The office will register it.")


def a_withdraw(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.ReasonForm(request.POST))
    services.suggestion_withdraw(suggestion=s, reason=d["reason"], acting_user=acting_user(request))
    return _("Withdrawn. Handling has ended.")


def a_register(request: HttpRequest, s: Suggestion) -> str:
    s = services.suggestion_register(suggestion=s, acting_user=acting_user(request))
    return _("Registered as %(n)s.") % {"n": s.number}


def a_return(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.ReasonForm(request.POST))
    services.suggestion_return(suggestion=s, reason=d["reason"], acting_user=acting_user(request))
    return _("Returned to the deputy for revision.")


def a_convert(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.ReasonForm(request.POST))
    services.suggestion_convert_to_letter(suggestion=s, reason=d["reason"], acting_user=acting_user(request))
    return _("Converted to a deputy's letter.")


def a_merge(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.MergeForm(request.POST))
    target = selectors.merge_target(s, d["into"])
    if target is None:
        raise DomainError(
            _("No suggestion numbered %(n)s in this term.") % {"n": d["into"]}, code="validation_failed"
        )
    services.suggestion_merge(suggestion=s, into=target, reason=d["reason"], acting_user=acting_user(request))
    return _("Merged into %(n)s.") % {"n": target.number}


def a_assign(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.AssignForm(request.POST))
    mode, lead, others = d["mode"], d["lead_unit"], list(d["other_units"])
    scores: dict[int, float] = {}
    for key in request.POST:
        value = str(request.POST.get(key, ""))
        if (
            key.startswith("score_")
            and key[6:].isdecimal()
            and len(key) < 18
            and value.replace(".", "", 1).isdecimal()
        ):
            scores[int(key[6:])] = float(value)
    parts = [p.strip() for p in (d["parts"] or "").splitlines() if p.strip()]
    choices = services.unit_choices(mode, lead, others, parts, scores)
    services.suggestion_assign(suggestion=s, mode=mode, choices=choices, acting_user=acting_user(request))
    return _("Assigned.")


def a_decide_return(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.ReturnDecisionForm(request.POST))
    services.assignment_decide_return(
        assignment=_assignment(request, s),
        accept=d["accept"],
        replacement=d["replacement"],
        note=d["note"],
        acting_user=acting_user(request),
    )
    return _("Decision recorded.")


def a_decide_extension(request: HttpRequest, s: Suggestion) -> str:
    ext = _found(selectors.extension_of(s, request.POST.get("extension")))
    services.extension_decide(
        request=ext,
        approve=request.POST.get("approve") == "1",
        acting_user=acting_user(request),
    )
    return _("Decision recorded.")


def a_key(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.KeyForm(request.POST))
    services.suggestion_select_key(
        suggestion=s,
        committee=d["committee"],
        decided_on=d["decided_on"],
        acting_user=acting_user(request),
    )
    return _("Selected for key supervision.")


def a_request_return(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.ReasonForm(request.POST))
    services.assignment_request_return(
        assignment=_assignment(request, s),
        reason=d["reason"],
        acting_user=acting_user(request),
    )
    return _("Return requested. The office will decide.")


def a_opinion(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.OpinionForm(request.POST))
    services.assignment_send_opinion(
        assignment=_assignment(request, s),
        opinion=d["opinion"],
        acting_user=acting_user(request),
    )
    return _("Opinion sent to the lead unit.")


def a_contact(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.ContactForm(request.POST))
    services.contact_record_add(
        assignment=_assignment(request, s),
        date=d["date"],
        method=d["method"],
        summary=d["summary"],
        acting_user=acting_user(request),
    )
    return _("Contact recorded.")


def a_extension(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.ExtensionForm(request.POST))
    services.extension_request(
        assignment=_assignment(request, s),
        until=d["until"],
        reason=d["reason"],
        acting_user=acting_user(request),
    )
    return _("Extension requested.")


def a_reply(request: HttpRequest, s: Suggestion) -> str:
    categories = ruleset_for(s.rules).items("suggestions.reply_categories")
    d = cleaned(f.ReplyForm(request.POST, categories=categories))
    services.reply_submit(
        assignment=_assignment(request, s),
        category=d["category"],
        content=d["content"],
        signer=d["signer"],
        mode=d["mode"],
        commitment=d["commitment"],
        commitment_due=d["commitment_due"],
        acting_user=acting_user(request),
    )
    return _("Reply sent; the reply letter is ready to download.")


def a_rate(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.FeedbackForm(request.POST))
    reply = _found(selectors.reply_of(s, request.POST.get("reply")))
    services.feedback_submit(
        reply=reply, rating=d["rating"], comment=d["comment"], acting_user=acting_user(request)
    )
    return _("Thank you for your rating.")


def a_attach(request: HttpRequest, s: Suggestion) -> str:
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(_("Choose a file to attach."), code="validation_failed")
    services.suggestion_attach(suggestion=s, upload=upload, acting_user=acting_user(request))
    return _("File attached.")


def a_progress(request: HttpRequest, s: Suggestion) -> str:
    d = cleaned(f.ProgressForm(request.POST))
    commitment = _found(selectors.commitment_of(s, request.POST.get("commitment")))
    services.commitment_update(
        commitment=commitment,
        progress=d["progress"],
        delivered=d["delivered"],
        acting_user=acting_user(request),
    )
    return _("Progress recorded.")


def a_publish(request: HttpRequest, s: Suggestion) -> str:
    services.suggestion_publish(suggestion=s, acting_user=acting_user(request))
    return _("Published on the portal.")


#: One POST endpoint per step; each service checks who may take it (``permissions``).
ACTIONS: dict[str, Action[Suggestion]] = {
    name: action(handler)
    for name, handler in {
        "confirm": a_confirm,
        "submit": a_submit,
        "withdraw": a_withdraw,
        "register": a_register,
        "return": a_return,
        "convert": a_convert,
        "merge": a_merge,
        "assign": a_assign,
        "decide_return": a_decide_return,
        "decide_extension": a_decide_extension,
        "key": a_key,
        "request_return": a_request_return,
        "opinion": a_opinion,
        "contact": a_contact,
        "extension": a_extension,
        "reply": a_reply,
        "rate": a_rate,
        "progress": a_progress,
        "attach": a_attach,
        "publish": a_publish,
    }.items()
}


@access(
    ok={P.OFFICE, P.ADMIN},
    sample="suggestions.action",
    method="POST",
    expect={P.DEPUTY: DENIED, P.OFFICER: DENIED, P.LEADER: DENIED},
    note="register: an office step; the parties and leaders see the suggestion but may not",
)
@login_required
@require_POST
def suggestion_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    suggestion = visible_or_404(selectors.suggestion_by_pk(pk), perms.can_view_suggestion, request)
    try:
        return dispatch(request, suggestion, name, ACTIONS, then=reverse("suggestions:detail", args=[pk]))
    except (Deputy.DoesNotExist, Assignment.DoesNotExist):
        raise PermissionDenied from None  # an answer for someone else, or a unit not theirs


@access(ok=VIEWERS, sample="suggestions.attachment")
@login_required
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    suggestion = visible_or_404(selectors.suggestion_by_pk(pk), perms.can_view_suggestion, request)
    row = services.attachments_of(suggestion).filter(pk=attachment).first()
    if row is None:
        raise Http404
    response = HttpResponse(
        row.file.read(), content_type=row.content_type_label or "application/octet-stream"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="attachment-{row.pk}.{row.original_name.rsplit(".", 1)[-1]}"'
    )
    return response


@access(ok=VIEWERS, sample="suggestions.reply")
@login_required
def reply_letter(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _found(selectors.reply_with_suggestion(pk))
    visible_or_404(reply.assignment.suggestion, perms.can_view_suggestion, request)
    if not reply.letter:
        raise Http404
    response = HttpResponse(reply.letter.read(), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="reply-{reply.assignment.suggestion_id}-{reply.round}.docx"'
    )
    return response


@access(ok=VIEWERS, sample="suggestions.assigned")
@login_required
def assignment_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = visible_or_404(selectors.suggestion_detail(pk), perms.can_view_suggestion, request)
    if not suggestion.assignments.exists():
        raise Http404
    response = HttpResponse(assignment_sheet_docx(suggestion=suggestion), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="assignment-{pk}.docx"'
    return response


@public
def public_list(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:60]
    topic = (request.GET.get("topic") or "").strip()
    year_raw = (request.GET.get("year") or "").strip()
    qs = selectors.public_list(
        q=q, topic=topic, year=int(year_raw) if year_raw.isdecimal() and len(year_raw) < 12 else None
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "suggestions/public_list.html",
        {"page": page, "q": q, "topic": topic, "topics": Topic.choices, "query": query.urlencode()},
    )


@access(ok=ALL, anon=OK, sample="suggestions.published")
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.public_detail(pk)
    if suggestion is None:
        raise Http404
    return render(request, "suggestions/public_detail.html", {"s": suggestion})
