"""Motion pages: list, detail with signers and timeline, drafting, signing, decisions,
reports, votes, withdrawal, and the public list. Thin: parse input, check permission, call
one service; a refused step becomes a message on the page, never a 500."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.access import DENIED, SIGNED_IN, STAFF, WORKSPACE, P, access, public
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Session
from lvzhi.core.permissions import Viewer, is_staff_member
from lvzhi.core.web import (
    acting_user,
    form_error,
    message_error,
    posted,
    require,
    run_service,
    visible_or_404,
)

from . import permissions as perms
from . import selectors, services
from .forms import DecisionForm, MotionForm, NoteForm, OptionalReasonForm, ReasonForm, ReportForm, VoteForm
from .models import Motion
from .states import MotionBody, MotionStatus, allowed

#: How audit actions read in the timeline.
TIMELINE_LABELS: dict[str, Any] = {
    "motion.create": gettext_lazy("Draft created"),
    "motion.update": gettext_lazy("Text changed"),
    "motion.signers": gettext_lazy("Co-signers changed"),
    "motion.attach": gettext_lazy("File attached"),
    "motion.sign.confirm": gettext_lazy("Signature confirmed"),
    "motion.sign.decline": gettext_lazy("Signature declined"),
    "motion.sign.withdraw": gettext_lazy("Signature withdrawn"),
    "motion.submit": gettext_lazy("Submitted"),
    "motion.decide.list": gettext_lazy("Put on the agenda"),
    "motion.decide.not_list": gettext_lazy("Not put on the agenda; referred to a committee"),
    "motion.convert": gettext_lazy("Converted into a suggestion"),
    "motion.report": gettext_lazy("Committee reported"),
    "motion.vote": gettext_lazy("Vote recorded"),
    "motion.withdrawal_request": gettext_lazy("Withdrawal requested"),
    "motion.withdraw": gettext_lazy("Withdrawn"),
}


#: Who may open a motion's page but not take the step: 403 (the motion is not hidden from them).
#: Everyone else who may not see the motion gets 404 (``visible_or_404``).
TABLED_READERS = {P.DEPUTY: DENIED, P.MEMBER: DENIED, P.LEADER: DENIED}


def _get(request: HttpRequest, pk: int) -> Motion:
    """The motion, or 404 when it does not exist or the user may not see it (a draft: only
    its authors)."""
    return visible_or_404(selectors.motion_detail(pk), perms.can_view_motion, request)


#: Who may start a motion: deputies (their own) and the congress office (on a deputy's behalf).
DEPUTIES_AND_STAFF = frozenset({P.DEPUTY, P.DEPUTY_OTHER}) | STAFF


def _back(motion: Motion) -> HttpResponse:
    return redirect("motions:detail", pk=motion.pk)


def _refuse_unless_allowed(request: HttpRequest, action: str, motion: Motion) -> HttpResponse | None:
    """For the GET of an action page: a redirect with the reason when the step is not allowed now."""
    try:
        services.check_step(action, motion)
    except DomainError as exc:
        message_error(request, exc)
        return _back(motion)
    return None


# --- list and detail ---------------------------------------------------------------------------


@access(ok=WORKSPACE)
@login_required
def motion_list(request: HttpRequest) -> HttpResponse:
    require(perms.can_view_motions(request.user))
    filters = selectors.MotionFilters.from_params(request.GET)
    term = selectors.current_term()
    if filters.term is None and term is not None:
        filters.term = term.pk
    page = Paginator(selectors.motion_list(filters, request.user), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "term": term,
        "options": selectors.filter_options(term),
        "statuses": MotionStatus.choices,
        "bodies": MotionBody.choices,
        "query": query.urlencode(),
        "can_create": perms.can_create_motion(request.user),
        "awaiting": selectors.motions_awaiting_signature(request.user),
    }
    template = "motions/_rows.html" if getattr(request, "htmx", False) else "motions/list.html"
    return render(request, template, ctx)


def _actions(user: Viewer, motion: Motion) -> dict[str, bool]:
    mine = perms.signer_of(user, motion)
    status = motion.status
    return {
        "edit": allowed("edit", status) and perms.can_edit_motion(user, motion),
        "submit": allowed("submit", status) and perms.can_submit_motion(user, motion),
        "confirm": allowed("sign", status)
        and perms.can_sign_motion(user, motion)
        and mine is not None
        and mine.confirmed_at is None,
        "decline": allowed("sign", status)
        and perms.can_sign_motion(user, motion)
        and mine is not None
        and mine.declined_at is None,
        "decide": allowed("list", status) and perms.can_decide_motion(user, motion),
        "convert": allowed("convert", status) and perms.can_convert_motion(user, motion),
        "report": allowed("report", status) and perms.can_report_on_motion(user, motion),
        "vote": allowed("vote", status) and perms.can_record_motion_vote(user, motion),
        "request_withdrawal": allowed("request_withdrawal", status)
        and motion.withdrawal_requested_at is None
        and perms.can_request_motion_withdrawal(user, motion),
        "withdraw": allowed("withdraw", status) and perms.can_withdraw_motion(user, motion),
        "withdraw_signature": allowed("withdraw_signature", status)
        and perms.can_withdraw_motion_signature(user, motion),
    }


@access(ok={P.DEPUTY}, sample="motions.draft", note="a draft: its authors only")
@login_required
def motion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _get(request, pk)
    cutoff = selectors.session_cutoff(motion.session)
    timeline = (
        [
            {
                "row": row,
                "label": TIMELINE_LABELS.get(row.action, row.action),
                "deputy": row.changes.get("deputy") if isinstance(row.changes, dict) else None,
            }
            for row in selectors.motion_timeline(motion)
        ]
        if perms.can_view_motion_history(request.user, motion)
        else []
    )
    ctx = {
        "motion": motion,
        "signers": list(motion.signers.all()),
        "counts": selectors.signer_counts(motion),
        "threshold": services.signer_threshold(motion),
        "minimum": services.min_remaining_signers(motion),
        "cutoff": cutoff,
        "cutoff_passed": timezone.now() > cutoff,
        "timeline": timeline,
        "actions": _actions(request.user, motion),
        "mine": perms.signer_of(request.user, motion),
        "attachments": selectors.motion_attachments(motion),
        "is_staff": is_staff_member(request.user),
        "overdue": services.report_overdue(motion),
        "reason_form": ReasonForm(),
        "note_form": NoteForm(),
    }
    return render(request, "motions/detail.html", ctx)


@access(ok={P.DEPUTY}, sample="motions.draft")
@login_required
def motion_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    motion = _get(request, pk)
    attachment = next((a for a in selectors.motion_attachments(motion) if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


# --- drafting ----------------------------------------------------------------------------------


@access(ok=DEPUTIES_AND_STAFF)
@login_required
def motion_create(request: HttpRequest) -> HttpResponse:
    require(perms.can_create_motion(request.user))
    term = selectors.current_term()
    sessions = selectors.sessions_open_for_motions(term=term)
    mandate = selectors.mandate_for(request.user, term)
    form = MotionForm(request.POST or None, request.FILES or None, sessions=sessions, term=term)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session: Session = data["session"]
        lead = selectors.mandate_for(request.user, session.term)
        if lead is None:
            form.add_error(
                None, _("You hold no mandate as a deputy of this term, so you cannot lead a motion.")
            )
        else:
            try:
                motion = services.motion_create(
                    session=session,
                    lead=lead,
                    title=data["title"],
                    reason=data["reason"],
                    proposal=data["proposal"],
                    is_legislative=data["is_legislative"],
                    draft_outline=data["draft_outline"],
                    cosigners=form.cosigner_deputies,
                    upload=data.get("draft_file"),
                    acting_user=acting_user(request),
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request, _("Draft saved. The co-signers you named have been asked to confirm.")
                )
                return _back(motion)
    ctx = {"form": form, "title": _("New motion"), "sessions": sessions, "mandate": mandate, "term": term}
    return render(request, "motions/form.html", ctx)


@access(ok={P.DEPUTY}, sample="motions.draft")
@login_required
def motion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _get(request, pk)
    require(perms.can_edit_motion(request.user, motion))
    if request.method != "POST" and (refused := _refuse_unless_allowed(request, "edit", motion)):
        return refused
    sessions = selectors.sessions_open_for_motions(term=motion.term)
    sessions = [s for s in sessions if s.body == motion.body]
    if all(s.pk != motion.session_id for s in sessions):
        sessions.append(motion.session)
    initial = {
        "session": motion.session_id,
        "title": motion.title,
        "reason": motion.reason,
        "proposal": motion.proposal,
        "is_legislative": motion.is_legislative,
        "draft_outline": motion.draft_outline,
        "cosigners": " ".join(s.deputy.code for s in motion.signers.all() if not s.is_lead),
    }
    form = MotionForm(
        request.POST or None, request.FILES or None, initial=initial, sessions=sessions, term=motion.term
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            k: data[k] for k in ("session", "title", "reason", "proposal", "is_legislative", "draft_outline")
        }
        try:
            services.motion_revise(
                motion=motion,
                fields=fields,
                cosigners=form.cosigner_deputies,
                upload=data.get("draft_file"),
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return _back(motion)
    ctx = {"form": form, "title": _("Edit the motion"), "motion": motion, "sessions": sessions}
    return render(request, "motions/form.html", ctx)


@access(ok=DEPUTIES_AND_STAFF)
@login_required
def signer_search(request: HttpRequest) -> HttpResponse:
    """The co-signer picker's search (htmx): deputies of the chosen session's term and body."""
    require(perms.can_create_motion(request.user))
    q = (request.GET.get("q") or "").strip()[:40]
    raw_session = (request.GET.get("session") or "").strip()
    session = (
        Session.objects.select_related("term").filter(pk=int(raw_session)).first()
        if raw_session.isdecimal() and len(raw_session) < 12
        else None
    )
    term = session.term if session else selectors.current_term()
    body = session.body if session else MotionBody.CONGRESS
    results = selectors.signer_candidates(term=term, body=body, q=q) if (term is not None and q) else []
    return render(request, "motions/_candidates.html", {"results": results, "q": q, "body": body})


def _post_action(request: HttpRequest, pk: int, allowed_for: Any, run: Any, success: str) -> HttpResponse:
    """A POST step: the motion (404 if hidden), the permission (403), one service (a refusal
    becomes a message), back to the motion."""
    motion = _get(request, pk)
    require(allowed_for(request.user, motion))
    run_service(request, lambda: run(motion), success)
    return _back(motion)


def _own_mandate(request: HttpRequest, motion: Motion) -> Any:
    signer = perms.signer_of(request.user, motion)
    if signer is None:
        raise PermissionDenied
    return signer.deputy


@access(ok={P.DEPUTY}, sample="motions.invited", method="POST")
@login_required
@require_POST
def motion_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        perms.can_sign_motion,
        lambda m: services.motion_confirm_signature(
            motion=m, deputy=_own_mandate(request, m), acting_user=acting_user(request)
        ),
        _("You co-signed the motion."),
    )


@access(ok={P.DEPUTY}, sample="motions.invited", method="POST")
@login_required
@require_POST
def motion_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        perms.can_sign_motion,
        lambda m: services.motion_decline_signature(
            motion=m, deputy=_own_mandate(request, m), acting_user=acting_user(request)
        ),
        _("You declined to co-sign the motion."),
    )


@access(ok={P.DEPUTY}, sample="motions.draft", method="POST")
@login_required
@require_POST
def motion_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        perms.can_submit_motion,
        lambda m: services.motion_submit(motion=m, acting_user=acting_user(request)),
        _("The motion was submitted."),
    )


@access(ok={P.DEPUTY}, sample="motions.draft", method="POST")
@login_required
@require_POST
def motion_convert(request: HttpRequest, pk: int) -> HttpResponse:
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _post_action(
        request,
        pk,
        perms.can_convert_motion,
        lambda m: services.motion_convert(motion=m, note=note, acting_user=acting_user(request)),
        _("The motion was converted into a suggestion."),
    )


# --- decisions, reports, votes, withdrawal (form pages) ----------------------------------------


def _action_page(
    request: HttpRequest, motion: Motion, form: Any, title: str, intro: str = ""
) -> HttpResponse:
    """Render a step's form page (``motions/action.html``)."""
    return render(
        request, "motions/action.html", {"form": form, "motion": motion, "title": title, "intro": intro}
    )


@access(sample="motions.submitted", ok=STAFF, expect=TABLED_READERS)
@login_required
def motion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _get(request, pk)
    require(perms.can_decide_motion(request.user, motion))
    if request.method != "POST" and (refused := _refuse_unless_allowed(request, "list", motion)):
        return refused
    form = DecisionForm(posted(request), committees=selectors.referral_organs())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.motion_decide(
                motion=motion,
                decision=data["decision"],
                committee=data.get("committee"),
                note=data["note"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return _back(motion)
    intro = _(
        "The presidium (for a Standing Committee motion: the council of chairpersons) decides "
        "whether the motion goes on the agenda, is referred to a committee for a report, or is "
        "handled as a suggestion."
    )
    return _action_page(request, motion, form, _("Record the decision"), intro)


@access(sample="motions.referred", ok=STAFF, expect=TABLED_READERS)
@login_required
def motion_report(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _get(request, pk)
    require(perms.can_report_on_motion(request.user, motion))
    if request.method != "POST" and (refused := _refuse_unless_allowed(request, "report", motion)):
        return refused
    form = ReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.motion_report(
                motion=motion, report=form.cleaned_data["report"], acting_user=acting_user(request)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The report was recorded."))
            return _back(motion)
    intro = _(
        "The report covers the motion's main content, the views of the bodies concerned and of the "
        "deputies, and the committee's opinion (shanghai-deputy-motions Art 15)."
    )
    return _action_page(request, motion, form, _("The committee's report"), intro)


@access(ok=STAFF, sample="motions.listed", expect={p: DENIED for p in SIGNED_IN - STAFF})
@login_required
def motion_vote(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _get(request, pk)
    require(perms.can_record_motion_vote(request.user, motion))
    if request.method != "POST" and (refused := _refuse_unless_allowed(request, "vote", motion)):
        return refused
    form = VoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.motion_record_vote(
                motion=motion,
                passed=data["outcome"] == "passed",
                note=data["note"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The vote was recorded."))
            return _back(motion)
    return _action_page(request, motion, form, _("Record the vote"))


@access(sample="motions.submitted", ok=STAFF, expect=TABLED_READERS)
@login_required
def motion_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _get(request, pk)
    require(perms.can_withdraw_motion(request.user, motion))
    if request.method != "POST" and (refused := _refuse_unless_allowed(request, "withdraw", motion)):
        return refused
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.motion_withdraw(
                motion=motion, reason=form.cleaned_data["reason"], acting_user=acting_user(request)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The motion was withdrawn."))
            return _back(motion)
    intro = _(
        "A tabled motion is withdrawn with the consent of the presidium (or the council of "
        "chairpersons); recording the withdrawal here records that consent."
    )
    return _action_page(request, motion, form, _("Withdraw the motion"), intro)


@access(
    ok={P.DEPUTY},
    sample="motions.submitted",
    expect={p: DENIED for p in STAFF | {P.MEMBER, P.LEADER}},
)
@login_required
def motion_request_withdrawal(request: HttpRequest, pk: int) -> HttpResponse:
    motion = _get(request, pk)
    require(perms.can_request_motion_withdrawal(request.user, motion))
    if request.method != "POST" and (
        refused := _refuse_unless_allowed(request, "request_withdrawal", motion)
    ):
        return refused
    form = ReasonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.motion_request_withdrawal(
                motion=motion, reason=form.cleaned_data["reason"], acting_user=acting_user(request)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your request was sent to the congress office."))
            return _back(motion)
    intro = _("The congress office asks the presidium for its consent and records the outcome.")
    return _action_page(request, motion, form, _("Ask to withdraw the motion"), intro)


@access(
    sample="motions.submitted", ok=STAFF, expect=TABLED_READERS, note="the lead has no signature to withdraw"
)
@login_required
def motion_withdraw_signature(request: HttpRequest, pk: int) -> HttpResponse:
    """A co-signer withdraws their own signature; staff may record it for any co-signer."""
    motion = _get(request, pk)
    require(perms.can_withdraw_motion_signature(request.user, motion))
    if request.method != "POST" and (
        refused := _refuse_unless_allowed(request, "withdraw_signature", motion)
    ):
        return refused
    form = OptionalReasonForm(posted(request), initial={"deputy": request.GET.get("deputy", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        deputy = None
        if data.get("deputy") and is_staff_member(request.user):
            deputy = next((s.deputy for s in motion.signers.all() if s.deputy_id == data["deputy"]), None)
        try:
            services.motion_withdraw_signature(
                motion=motion,
                deputy=deputy if deputy is not None else _own_mandate(request, motion),
                reason=data["reason"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The signature was withdrawn."))
            return _back(motion)
    intro = _("If fewer signers than the minimum remain after this, handling of the motion ends.")
    return _action_page(request, motion, form, _("Withdraw a signature"), intro)


# --- public ------------------------------------------------------------------------------------


@public
def public_list(request: HttpRequest) -> HttpResponse:
    """Motions put on the agenda, and their outcome, for anyone."""
    q = (request.GET.get("q") or "").strip()[:40]
    page = Paginator(selectors.public_motions(q=q), 30).get_page(request.GET.get("page"))
    return render(request, "motions/public_list.html", {"page": page, "q": q, "query": f"q={q}" if q else ""})
