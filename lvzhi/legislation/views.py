"""Legislation pages: bills (package, versions, readings, review, votes, approval,
promulgation, filing), plans and project proposals, Standing Committee meetings with their
agendas, attendance and electronic votes, and the public regulations portal.

Thin: parse input, check permission, call one service; a refused step becomes a message on
the page, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.access import WORKSPACE, access
from lvzhi.core.errors import DomainError
from lvzhi.core.i18n import ordinal
from lvzhi.core.permissions import Viewer
from lvzhi.core.web import (
    acting_user,
    files,
    form_error,
    form_errors_text,
    int_param,
    message_error,
    posted,
    require,
)
from lvzhi.motions.models import Motion

from . import permissions as perms
from . import selectors, services
from .access import (
    BILL_READERS,
    MANAGERS,
    PACKAGE_EDITORS,
    PROPOSAL_READERS,
    VOTERS,
    on_bill,
    on_meeting,
    on_plan,
    on_proposal,
    portal,
)
from .forms import (
    AcceptForm,
    AdoptForm,
    ApprovalForm,
    ApprovalSubmitForm,
    AssessForm,
    AttachForm,
    AttendanceForm,
    BallotForm,
    BallotsForm,
    BillEditForm,
    BillForm,
    ConsultationForm,
    DocumentForm,
    FilingForm,
    HoldForm,
    NoteForm,
    OpinionFormSet,
    PlanForm,
    PromulgateForm,
    ProposalForm,
    ReadingsForm,
    ReasonForm,
    RefuseForm,
    ReviewForm,
    ScheduleForm,
    VersionForm,
    VoteOpenForm,
)
from .lawtext import docx_bytes, render_decision, render_html, to_akn
from .lawtext.documents import decision_docx, regulation_docx, regulation_txt
from .lawtext.layout import rows as table_rows
from .lawtext.layout import summary as table_summary
from .lawtext.layout import title_change as table_title_change
from .models import Bill, Reading, Vote
from .states import (
    PLAN_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    BallotChoice,
    BillKind,
    BillStatus,
    PlanCategory,
    PlanStatus,
    ProposalStatus,
    VoteStatus,
    allowed,
)

#: How audit actions read in the bill's history.
TIMELINE_LABELS: dict[str, Any] = {
    "legislation.bill.create": gettext_lazy("Bill opened"),
    "legislation.bill.update": gettext_lazy("Package changed"),
    "legislation.bill.version": gettext_lazy("Text version added"),
    "legislation.bill.attach": gettext_lazy("File attached"),
    "legislation.bill.submit": gettext_lazy("Submitted"),
    "legislation.bill.readings": gettext_lazy("Number of readings set"),
    "legislation.reading.schedule": gettext_lazy("Reading put on an agenda"),
    "legislation.reading.hold": gettext_lazy("Reading held"),
    "legislation.reading.document": gettext_lazy("Reading document added"),
    "legislation.consultation.set": gettext_lazy("Public consultation window set"),
    "legislation.review.record": gettext_lazy("Unified review recorded"),
    "legislation.vote.open": gettext_lazy("Vote opened"),
    "legislation.vote.close": gettext_lazy("Vote closed"),
    "legislation.bill.shelve": gettext_lazy("Shelved"),
    "legislation.bill.resume": gettext_lazy("Deliberation resumed"),
    "legislation.bill.terminate": gettext_lazy("Deliberation ended"),
    "legislation.bill.withdraw": gettext_lazy("Withdrawn"),
    "legislation.approval.submit": gettext_lazy("Submitted for provincial approval"),
    "legislation.approval.record": gettext_lazy("Approved by the province"),
    "legislation.approval.refuse": gettext_lazy("Not approved by the province"),
    "legislation.bill.promulgate": gettext_lazy("Promulgated"),
    "legislation.bill.file": gettext_lazy("Filed"),
}

COMPARE_STYLE = "legislation/_compare_style.html"


def _bill(pk: int, user: Viewer) -> Bill:
    bill = selectors.bill_detail(pk)
    if bill is None or not perms.can_view_bill(user, bill):
        raise Http404
    return bill


def _consultation_pages(user: Any) -> str:
    """Which consultation pages the bill page links to: the office's ("staff") for those who
    may read them, else the public page ("public")."""
    from django.apps import apps

    if not apps.is_installed("lvzhi.consultation"):
        return ""
    from lvzhi.consultation.permissions import can_view_consultations

    return "staff" if can_view_consultations(user) else "public"


def _back(bill: Bill) -> HttpResponse:
    return redirect("legislation:bill_detail", pk=bill.pk)


# --- bills: list and detail --------------------------------------------------------------------


@access(ok=WORKSPACE)
@login_required
def bill_list(request: HttpRequest) -> HttpResponse:
    require(perms.can_view_legislation(request.user))
    filters = selectors.BillFilters.from_params(request.GET)
    page = Paginator(selectors.bill_list(filters, request.user), 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "page": page,
        "filters": filters,
        "statuses": BillStatus.choices,
        "kinds": BillKind.choices,
        "query": query.urlencode(),
        "can_manage": perms.can_manage_legislation(request.user),
    }
    template = (
        "legislation/_bill_rows.html" if getattr(request, "htmx", False) else "legislation/bill_list.html"
    )
    return render(request, template, ctx)


def _bill_actions(user: Viewer, bill: Bill, review: Any, open_vote: Vote | None) -> dict[str, bool]:
    manage = perms.can_manage_legislation(user)
    status = bill.status
    return {
        "edit": allowed("edit", status) and perms.can_edit_bill_package(user, bill),
        "add_version": allowed("add_version", status) and perms.can_edit_bill_package(user, bill),
        "submit": allowed("submit", status) and perms.can_edit_bill_package(user, bill),
        "set_readings": allowed("set_readings", status) and manage,
        "schedule_reading": allowed("schedule_reading", status)
        and manage
        and len(bill.readings.all()) < bill.readings_planned
        and all(r.status == "held" for r in bill.readings.all()),
        "consultation": allowed("consultation", status) and manage and bill.readings_held >= 1,
        "unified_review": allowed("unified_review", status) and manage,
        "open_vote": allowed("open_vote", status)
        and manage
        and open_vote is None
        and bill.readings_held >= bill.readings_planned,
        "shelve": allowed("shelve", status) and manage and open_vote is None,
        "resume": allowed("resume", status) and manage,
        "terminate": allowed("terminate", status) and manage,
        "withdraw": allowed("withdraw", status) and manage and open_vote is None,
        "submit_approval": allowed("submit_approval", status)
        and manage
        and services.ruleset_for(bill.rules).boolean("legislation.provincial_approval_required"),
        "approve": allowed("approve", status) and manage,
        "refuse_approval": allowed("refuse_approval", status) and manage,
        "promulgate": allowed("promulgate", status)
        and manage
        and (
            status == BillStatus.APPROVED
            or not services.ruleset_for(bill.rules).boolean("legislation.provincial_approval_required")
        ),
        "file": allowed("file", status) and manage,
    }


@on_bill(BILL_READERS)
@login_required
def bill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bill = _bill(pk, request.user)
    rules = services.ruleset_for(bill.rules)
    review = selectors.bill_review(bill)
    versions = list(bill.versions.all())
    readings = list(bill.readings.all())
    votes = list(bill.votes.all())
    open_vote = next((v for v in votes if v.status == VoteStatus.OPEN), None)
    regulation_version = (
        getattr(bill, "regulation_version", None)
        if bill.status in (BillStatus.PROMULGATED, BillStatus.FILED)
        else None
    )
    timeline = [
        {"row": row, "label": TIMELINE_LABELS.get(row.action, row.action)}
        for row in selectors.bill_timeline(bill)
    ]
    ctx = {
        "bill": bill,
        "consultations": (consultations := selectors.bill_consultations(bill)),
        "consultation_pages": _consultation_pages(request.user),
        "rules": rules,
        "readings_min": rules.integer("legislation.readings_min"),
        "readings_max": rules.integer("legislation.readings_max"),
        "approval_required": rules.boolean("legislation.provincial_approval_required"),
        "consultation_min": rules.period("legislation.public_consultation_min"),
        "review": review,
        "versions": versions,
        "readings": readings,
        "votes": votes,
        "open_vote": open_vote,
        "attachments": selectors.attachments_of(bill),
        "sponsors": list(bill.sponsors.all()),
        # a consultation on the platform owns its dates: they change on its page, not here
        "actions": _bill_actions(request.user, bill, review, open_vote)
        | ({"consultation": False} if consultations else {}),
        "can_manage": perms.can_manage_legislation(request.user),
        "can_edit_package": perms.can_edit_bill_package(request.user, bill),
        "regulation_version": regulation_version,
        "shelving_due": services.shelving_deadline(bill)
        if bill.status in (BillStatus.DELIBERATION, BillStatus.SHELVED)
        else None,
        "today": timezone.localdate(),
        "timeline": timeline,
    }
    return render(request, "legislation/bill_detail.html", ctx)


@access(ok=MANAGERS)
@login_required
def bill_create(request: HttpRequest) -> HttpResponse:
    require(perms.can_manage_legislation(request.user))
    term = selectors.current_term()
    member_ids = [m.person_id for m in selectors.sc_memberships(term.pk)] if term else []
    project = None
    project_id = int_param(request.GET.get("project") or request.POST.get("project"))
    if project_id:
        project = selectors.proposal_detail(project_id)
    initial: dict[str, Any] = {}
    if project is not None:
        initial = {
            "title": f"{project.title}（草案）",
            "kind": project.kind,
            "regulation": project.regulation_id,
            "drafting_unit": project.drafting_unit_id,
            "project": project.pk,
            "proposer_organ": project.planned_proposer_id,
        }
    form = BillForm(posted(request), files(request), initial=initial, member_ids=member_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bill = services.bill_create(
                title=data["title"],
                kind=data["kind"],
                regulation=data.get("regulation"),
                proposer_kind=data["proposer_kind"],
                proposer_organ=data.get("proposer_organ"),
                sponsors=list(data.get("sponsors") or []),
                drafting_unit=data.get("drafting_unit"),
                project=project,
                term=term,
                explanation=data.get("explanation") or "",
                text=data["text"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The bill was opened. Complete the package, then submit it."))
            return _back(bill)
    return render(
        request,
        "legislation/form.html",
        {
            "form": form,
            "title": _("New bill"),
            "multipart": True,
            "project": project,
            "intro": _(
                "The proposer tables the bill with its draft text and explanation; an amendment is compared "
                "with the regulation's version in force when it is submitted."
            ),
            "cancel": "legislation:bill_list",
        },
    )


@on_bill(PACKAGE_EDITORS)
@login_required
def bill_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bill = _bill(pk, request.user)
    require(perms.can_edit_bill_package(request.user, bill))
    if request.method != "POST" and not allowed("edit", bill.status):
        try:
            services.check_step("edit", bill)
        except DomainError as exc:
            message_error(request, exc)
            return _back(bill)
    form = BillEditForm(
        posted(request),
        initial={
            "title": bill.title,
            "explanation": bill.explanation,
            "drafting_unit": bill.drafting_unit_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.bill_update(bill=bill, acting_user=acting_user(request), **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return _back(bill)
    return render(
        request, "legislation/form.html", {"form": form, "bill": bill, "title": _("Edit the package")}
    )


@on_bill(PACKAGE_EDITORS)
@login_required
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    bill = _bill(pk, request.user)
    require(perms.can_edit_bill_package(request.user, bill))
    latest = selectors.latest_version(bill)
    form = VersionForm(
        posted(request), files(request), bill=bill, initial={"text": latest.text if latest else ""}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.bill_add_version(
                bill=bill,
                text=data["text"],
                label=data["label"],
                reading=data.get("reading"),
                note=data["note"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("Version %(n)s saved (%(a)s articles).")
                % {"n": version.number, "a": version.article_count},
            )
            return _back(bill)
    return render(
        request,
        "legislation/form.html",
        {"form": form, "bill": bill, "multipart": True, "title": _("New text version")},
    )


@on_bill(PACKAGE_EDITORS)
@login_required
def bill_attach(request: HttpRequest, pk: int) -> HttpResponse:
    bill = _bill(pk, request.user)
    require(perms.can_edit_bill_package(request.user, bill))
    form = AttachForm(posted(request), files(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.bill_attach(
                bill=bill, upload=form.cleaned_data["file"], acting_user=acting_user(request)
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("File attached."))
            return _back(bill)
    return render(
        request,
        "legislation/form.html",
        {"form": form, "bill": bill, "multipart": True, "title": _("Attach material")},
    )


@on_bill(BILL_READERS)
@login_required
def bill_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    bill = _bill(pk, request.user)
    attachment = next((a for a in selectors.attachments_of(bill) if a.pk == attachment_id), None)
    if attachment is None:
        for reading in bill.readings.all():
            for document in reading.documents.all():
                attachment = next(
                    (a for a in selectors.attachments_of(document) if a.pk == attachment_id), None
                )
                if attachment is not None:
                    break
            if attachment is not None:
                break
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@on_bill(PACKAGE_EDITORS, method="POST")
@login_required
@require_POST
def bill_submit(request: HttpRequest, pk: int) -> HttpResponse:
    bill = _bill(pk, request.user)
    require(perms.can_edit_bill_package(request.user, bill))
    try:
        services.bill_submit(bill=bill, acting_user=acting_user(request))
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(request, _("The bill was submitted."))
    return _back(bill)


@on_bill(BILL_READERS)
@login_required
def version_text(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One text version, rendered by chapter and article."""
    bill = _bill(pk, request.user)
    version = selectors.bill_version(bill, number)
    if version is None:
        raise Http404
    doc = selectors.parse(version.text)
    nodes, index = selectors.text_tree(doc)
    return render(
        request,
        "legislation/version_text.html",
        {
            "bill": bill,
            "version": version,
            "nodes": nodes,
            "index": index,
            "doc_title": doc.title,
            "notes": doc.header.notes,
        },
    )


# --- comparison (对照表) -----------------------------------------------------------------------


def _bill_texts(bill: Bill, request: HttpRequest) -> tuple[str, str, str, str]:
    """The two texts of the bill's 对照表 and their labels, from ``?a=&b=``."""
    texts = selectors.bill_texts(bill, request.GET.get("a"), request.GET.get("b"))
    if texts is None:
        raise Http404
    return texts


def _table_context(old: str, new: str, include_unchanged: bool) -> dict[str, Any]:
    """The 对照表 for a page: rows, notes and summary in the reader's language."""
    result = selectors.compare_texts(old, new)
    return {
        "rows": table_rows(result, include_unchanged=include_unchanged, translate=_),
        "summary": table_summary(result, translate=_),
        "title_change": table_title_change(result),
        "counts": result.counts(),
    }


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@on_bill(BILL_READERS)
@login_required
def bill_compare(request: HttpRequest, pk: int) -> HttpResponse:
    bill = _bill(pk, request.user)
    old, new, old_label, new_label = _bill_texts(bill, request)
    changed_only = request.GET.get("changed") == "1"
    ctx = {
        "bill": bill,
        "old_label": old_label,
        "new_label": new_label,
        "changed_only": changed_only,
        "versions": list(bill.versions.all()),
        "a": request.GET.get("a", ""),
        "b": request.GET.get("b", ""),
        **_table_context(old, new, not changed_only),
    }
    return render(request, "legislation/bill_compare.html", ctx)


@on_bill(BILL_READERS)
@login_required
def bill_compare_docx(request: HttpRequest, pk: int) -> HttpResponse:
    bill = _bill(pk, request.user)
    with translation.override(settings.LANGUAGE_CODE):  # an official document, in Chinese
        old, new, old_label, new_label = _bill_texts(bill, request)
    data = docx_bytes(
        selectors.compare_texts(old, new),
        include_unchanged=request.GET.get("changed") != "1",
        title=services.regulation_title_from(bill.title),
        old_label=old_label,
        new_label=new_label,
    )
    return _docx_response(data, f"bill-{bill.pk}-compare.docx")


# --- downloads of a version and the amendment decision ---------------------------------------

#: Download formats of one version: content type and file extension.
DOWNLOADS: dict[str, str] = {
    "xml": "application/akn+xml; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}


def _download(
    text: str, fmt: str, filename: str, *, title: str | None = None, date: str | None = None
) -> HttpResponse:
    """One version as Akoma Ntoso XML, .docx (公文 layout) or UTF-8 text."""
    if fmt not in DOWNLOADS:
        raise Http404
    doc = selectors.parse(text)
    if fmt == "xml":
        data = to_akn(doc, date=date).encode("utf-8")
    elif fmt == "docx":
        data = regulation_docx(doc, title=title)
    else:
        data = regulation_txt(doc)
    response = HttpResponse(data, content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}") or ""
    return response


@on_bill(BILL_READERS)
@login_required
def version_download(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    """A text of a bill as .xml (Akoma Ntoso), .docx or .txt, for whoever reads the bill."""
    bill = _bill(pk, request.user)
    version = selectors.bill_version(bill, number)
    if version is None:
        raise Http404
    return _download(version.text, fmt, f"bill-{bill.pk}-v{version.number}")


def _decision_context(bill: Bill, request: HttpRequest) -> dict[str, Any]:
    """The amendment decision draft of an amendment bill: the regulation's version in force
    (``Bill.base_version``) against the bill's newest text (or ``?b=``)."""
    if bill.kind != BillKind.AMEND or bill.base_version is None:
        raise Http404
    with translation.override(settings.LANGUAGE_CODE):  # the decision is a Chinese document
        texts = selectors.bill_texts(bill, "base", request.GET.get("b"))
    if texts is None:
        raise Http404
    old, new, old_label, new_label = texts
    regulation = bill.regulation
    body = regulation.enacting_body if regulation is not None else ""
    decision = render_decision(
        selectors.compare_texts(old, new),
        title=regulation.title if regulation is not None else None,
        body=body or "____人民代表大会常务委员会",
    )
    return {"decision": decision, "old_label": old_label, "new_label": new_label, "signature": body}


@on_bill(BILL_READERS, sample="legislation.amendment")
@login_required
def bill_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """The amendment decision draft (修改决定草案) between the version in force and the draft."""
    bill = _bill(pk, request.user)
    ctx = _decision_context(bill, request)
    lines = ctx["decision"].rstrip("\n").split("\n")
    return render(
        request,
        "legislation/bill_decision.html",
        {
            **ctx,
            "bill": bill,
            "heading": lines[0],
            "lines": [line for line in lines[1:] if line.strip()],
            "versions": list(bill.versions.all()),
            "b": request.GET.get("b", ""),
        },
    )


@on_bill(BILL_READERS, sample="legislation.amendment")
@login_required
def bill_decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    bill = _bill(pk, request.user)
    ctx = _decision_context(bill, request)
    data = decision_docx(ctx["decision"], signature=ctx["signature"])
    return _docx_response(data, f"bill-{bill.pk}-decision.docx")


# --- bill steps (form pages) -------------------------------------------------------------------


@dataclass
class Step:
    action: str  # the transition checked before showing the form
    title: Any
    form: Callable[..., Any]
    run: Callable[[HttpRequest, Bill, dict[str, Any]], Any]
    success: Any
    intro: Any = ""
    allowed_for: Callable[[Any, Bill], bool] = lambda user, bill: perms.can_manage_legislation(user)
    form_kwargs: Callable[[Bill], dict[str, Any]] = lambda bill: {}


def _run_review(request: HttpRequest, bill: Bill, data: dict[str, Any]) -> None:
    formset = data["_formset"]
    rows = [
        (f.cleaned_data["committee"], f.cleaned_data["opinion"], f.cleaned_data["reason"])
        for f in formset.forms
        if f.cleaned_data.get("committee")
    ]
    services.review_record(
        bill=bill,
        report=data["report"],
        unadopted=rows,
        all_adopted=data["all_adopted"],
        version=data.get("version"),
        acting_user=acting_user(request),
    )


STEPS: dict[str, Step] = {
    "readings": Step(
        "set_readings",
        gettext_lazy("Number of readings"),
        ReadingsForm,
        lambda r, b, d: services.bill_set_readings(
            bill=b, readings=d["readings"], note=d["note"], acting_user=acting_user(r)
        ),
        gettext_lazy("The number of readings was recorded."),
        gettext_lazy(
            "The council of chairpersons may order more or fewer readings within the limits of the "
            "rules profile."
        ),
        form_kwargs=lambda b: {"initial": {"readings": b.readings_planned}, "bill": b},
    ),
    "schedule": Step(
        "schedule_reading",
        gettext_lazy("Put a reading on a meeting's agenda"),
        ScheduleForm,
        lambda r, b, d: services.reading_schedule(bill=b, session=d["session"], acting_user=acting_user(r)),
        gettext_lazy("The reading is on the meeting's agenda."),
    ),
    "consultation": Step(
        "consultation",
        gettext_lazy("Public consultation"),
        ConsultationForm,
        lambda r, b, d: services.consultation_set(
            bill=b, start=d["start"], end=d["end"], acting_user=acting_user(r)
        ),
        gettext_lazy("The consultation window was set."),
        gettext_lazy(
            "After the first reading the draft and its explanation are published for comment for at least "
            "the period the rules profile sets."
        ),
        form_kwargs=lambda b: {
            "initial": {"start": b.consultation_start or timezone.localdate(), "end": b.consultation_end}
        },
    ),
    "review": Step(
        "unified_review",
        gettext_lazy("Unified review by the law committee"),
        ReviewForm,
        _run_review,
        gettext_lazy("The unified review was recorded."),
        gettext_lazy(
            "The Legislative Affairs Committee reviews the bill in the light of members', committees' and "
            "the public's opinions and explains which committee opinions it did not adopt. This must be recorded before the "
            "vote."
        ),
        form_kwargs=lambda b: {"bill": b},
    ),
    "vote": Step(
        "open_vote",
        gettext_lazy("Open a vote"),
        VoteOpenForm,
        lambda r, b, d: services.vote_open(
            bill=b, session=d["session"], kind=d["kind"], clause=d["clause"], acting_user=acting_user(r)
        ),
        gettext_lazy("The vote is open."),
        gettext_lazy(
            "Disputed clauses may be put to separate votes before the whole text. Passing needs more than "
            "half of all members of the Standing Committee."
        ),
    ),
    "shelve": Step(
        "shelve",
        gettext_lazy("Shelve the bill"),
        ReasonForm,
        lambda r, b, d: services.bill_shelve(bill=b, reason=d["reason"], acting_user=acting_user(r)),
        gettext_lazy("The bill was shelved."),
        gettext_lazy("A bill shelved, or not back on the agenda, for the shelving period ends."),
    ),
    "resume": Step(
        "resume",
        gettext_lazy("Resume deliberation"),
        NoteForm,
        lambda r, b, d: services.bill_resume(bill=b, note=d["note"], acting_user=acting_user(r)),
        gettext_lazy("Deliberation resumed."),
    ),
    "terminate": Step(
        "terminate",
        gettext_lazy("End deliberation"),
        ReasonForm,
        lambda r, b, d: services.bill_terminate(bill=b, reason=d["reason"], acting_user=acting_user(r)),
        gettext_lazy("Deliberation ended."),
    ),
    "withdraw": Step(
        "withdraw",
        gettext_lazy("Withdraw the bill"),
        ReasonForm,
        lambda r, b, d: services.bill_withdraw(bill=b, reason=d["reason"], acting_user=acting_user(r)),
        gettext_lazy("The bill was withdrawn."),
        gettext_lazy(
            "The proposer withdraws the bill before the vote, giving reasons; recording it here records "
            "the council of chairpersons' consent."
        ),
    ),
    "approval-submit": Step(
        "submit_approval",
        gettext_lazy("Submit for provincial approval"),
        ApprovalSubmitForm,
        lambda r, b, d: services.approval_submit(
            bill=b, submitted_on=d["submitted_on"], acting_user=acting_user(r)
        ),
        gettext_lazy("Submitted for approval; the due date is tracked."),
        form_kwargs=lambda b: {"initial": {"submitted_on": timezone.localdate()}},
    ),
    "approve": Step(
        "approve",
        gettext_lazy("Record the provincial approval"),
        ApprovalForm,
        lambda r, b, d: services.approval_record(
            bill=b,
            approved_on=d["approved_on"],
            approving_body=d["approving_body"],
            note=d["note"],
            acting_user=acting_user(r),
        ),
        gettext_lazy("The approval was recorded."),
    ),
    "approval-refuse": Step(
        "refuse_approval",
        gettext_lazy("Record that the province did not approve"),
        RefuseForm,
        lambda r, b, d: services.approval_refuse(
            bill=b, on=d["on"], note=d["note"], acting_user=acting_user(r)
        ),
        gettext_lazy("The decision was recorded."),
    ),
    "promulgate": Step(
        "promulgate",
        gettext_lazy("Promulgate by announcement"),
        PromulgateForm,
        lambda r, b, d: services.bill_promulgate(
            bill=b,
            announcement_number=d["announcement_number"],
            promulgated_on=d["promulgated_on"],
            commencement_on=d["commencement_on"],
            enacting_body=d["enacting_body"],
            title=d["title"],
            acting_user=acting_user(r),
        ),
        gettext_lazy("The regulation was promulgated."),
        gettext_lazy(
            "The announcement states the enacting body, the dates of passage and approval, the approving "
            "body and the commencement date."
        ),
        form_kwargs=lambda b: {
            "initial": {
                "title": services.regulation_title_from(b.title),
                "promulgated_on": timezone.localdate(),
            }
        },
    ),
    "file": Step(
        "file",
        gettext_lazy("Record the filing"),
        FilingForm,
        lambda r, b, d: services.filing_record(
            bill=b, filed_on=d["filed_on"], filed_with=d["filed_with"], acting_user=acting_user(r)
        ),
        gettext_lazy("The filing was recorded."),
        form_kwargs=lambda b: {"initial": {"filed_on": timezone.localdate()}},
    ),
}


@on_bill(MANAGERS)
@login_required
def bill_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    bill = _bill(pk, request.user)
    require(spec.allowed_for(request.user, bill))
    if request.method != "POST":
        try:
            services.check_step(spec.action, bill)
        except DomainError as exc:
            message_error(request, exc)
            return _back(bill)
    form = spec.form(posted(request), **spec.form_kwargs(bill))
    formset = OpinionFormSet(posted(request), prefix="op") if step == "review" else None
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        data = dict(form.cleaned_data)
        if formset is not None:
            data["_formset"] = formset
        try:
            spec.run(request, bill, data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, str(spec.success))
            return _back(bill)
    return render(
        request,
        "legislation/form.html",
        {"form": form, "formset": formset, "bill": bill, "title": spec.title, "intro": spec.intro},
    )


@on_bill(MANAGERS, sample="legislation.reading")
@login_required
def reading_hold(request: HttpRequest, pk: int) -> HttpResponse:
    reading = Reading.objects.select_related("bill", "session").filter(pk=pk).first()
    if reading is None:
        raise Http404
    bill = _bill(reading.bill_id, request.user)
    require(perms.can_manage_legislation(request.user))
    form = HoldForm(posted(request), initial={"held_on": reading.session.start_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.reading_hold(
                reading=reading,
                held_on=form.cleaned_data["held_on"],
                note=form.cleaned_data["note"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Reading %(n)s was recorded.") % {"n": ordinal(reading.number)})
            return _back(bill)
    return render(
        request,
        "legislation/form.html",
        {
            "form": form,
            "bill": bill,
            "title": _("Record reading %(n)s") % {"n": ordinal(reading.number)},
            "intro": reading.session.title,
        },
    )


@on_bill(PACKAGE_EDITORS, sample="legislation.reading")
@login_required
def reading_document(request: HttpRequest, pk: int) -> HttpResponse:
    reading = Reading.objects.select_related("bill", "session").filter(pk=pk).first()
    if reading is None:
        raise Http404
    bill = _bill(reading.bill_id, request.user)
    require(perms.can_edit_bill_package(request.user, bill))
    form = DocumentForm(posted(request), files(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reading_add_document(
                reading=reading,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                author=data.get("author"),
                upload=data.get("file"),
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Document added."))
            return _back(bill)
    return render(
        request,
        "legislation/form.html",
        {
            "form": form,
            "bill": bill,
            "multipart": True,
            "title": _("Document of reading %(n)s") % {"n": ordinal(reading.number)},
        },
    )


# --- meetings and votes ------------------------------------------------------------------------


def _meeting(pk: int, user: Viewer) -> Any:
    """A Standing Committee meeting, for whoever may open the legislation section; 404 otherwise."""
    session = selectors.meeting(pk) if perms.can_view_legislation(user) else None
    if session is None:
        raise Http404
    return session


@access(ok=WORKSPACE)
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    require(perms.can_view_legislation(request.user))
    term = selectors.current_term()
    return render(
        request, "legislation/meeting_list.html", {"meetings": selectors.meetings(term), "term": term}
    )


@on_meeting(WORKSPACE)
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _meeting(pk, request.user)
    members, present, recorded = selectors.meeting_attendance(session)
    manage = perms.can_manage_legislation(request.user)
    rule = _quorum_rule()
    ctx = {
        "session": session,
        "agenda": selectors.meeting_agenda(session),
        "votes": selectors.meeting_votes(session),
        "members": members,
        "present": present,
        "recorded": recorded,
        "quorum": services.quorum_state(session, rule=rule),
        "can_manage": manage,
        "attendance_form": AttendanceForm(members=members, initial={"present": [str(p) for p in present]})
        if manage
        else None,
    }
    return render(request, "legislation/meeting_detail.html", ctx)


def _quorum_rule() -> str:
    """The quorum rule of the profile in use (for display on a meeting's page)."""
    from lvzhi.core.selectors import current_ruleset

    try:
        _version, rules = current_ruleset()
    except DomainError:
        return "more_than_half_of_all_members"
    return str(rules.choice("standing_committee.quorum_rule"))


@on_meeting(MANAGERS, method="POST")
@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _meeting(pk, request.user)
    require(perms.can_manage_legislation(request.user))
    members = selectors.sc_memberships(session.term_id, session.start_date)
    form = AttendanceForm(request.POST, members=members)
    if form.is_valid():
        chosen = {int(x) for x in form.cleaned_data["present"]}
        try:
            n = services.attendance_record(
                session=session,
                present=[m for m in members if m.pk in chosen],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            message_error(request, exc)
        else:
            messages.success(
                request,
                _("Attendance recorded: %(n)s of %(t)s members present.") % {"n": n, "t": len(members)},
            )
    return redirect("legislation:meeting_detail", pk=session.pk)


def _vote(pk: int, user: Viewer) -> Vote:
    vote = selectors.vote_detail(pk)
    if vote is None or not perms.can_view_bill(user, vote.bill):
        raise Http404
    return vote


@on_bill(BILL_READERS, sample="legislation.vote")
@login_required
def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _vote(pk, request.user)
    results = selectors.vote_results(vote)
    own = selectors.sc_membership_of(request.user, vote.session.term_id, vote.session.start_date)
    own_result = next((r for r in results if own is not None and r.membership.pk == own.pk), None)
    manage = perms.can_record_ballots(request.user, vote)
    present_members = [r.membership for r in results if r.present]
    counts = (
        selectors.vote_counts(vote)
        if vote.status == VoteStatus.OPEN
        else {"yes": vote.yes, "no": vote.no, "abstain": vote.abstain}
    )
    needed = services.majority_needed(total_members=vote.total_members, present=vote.present, rule=vote.rule)
    ballots_form = (
        BallotsForm(
            members=present_members, initial_choices={r.membership.pk: r.choice for r in results if r.present}
        )
        if manage and vote.status == VoteStatus.OPEN
        else None
    )
    labels = dict(BallotChoice.choices)
    rows = [
        {
            "result": r,
            "label": labels.get(r.choice, ""),
            "field": ballots_form[f"m{r.membership.pk}"] if ballots_form is not None and r.present else None,
        }
        for r in results
    ]
    ctx = {
        "vote": vote,
        "rows": rows,
        "counts": counts,
        "needed": needed,
        "own": own_result,
        "ballot_form": BallotForm(initial={"choice": own_result.choice if own_result else ""})
        if own_result is not None
        and own_result.present
        and vote.status == VoteStatus.OPEN
        and perms.can_cast_ballot(request.user, vote)
        else None,
        "ballots_form": ballots_form,
        "can_close": manage and vote.status == VoteStatus.OPEN,
    }
    return render(request, "legislation/vote_detail.html", ctx)


@on_bill(VOTERS, sample="legislation.vote", method="POST", data={"choice": "yes"})
@login_required
@require_POST
def vote_cast(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _vote(pk, request.user)
    require(perms.can_cast_ballot(request.user, vote))
    own = selectors.sc_membership_of(request.user, vote.session.term_id, vote.session.start_date)
    require(own is not None)
    assert own is not None
    form = BallotForm(request.POST)
    if form.is_valid():
        try:
            services.ballot_cast(
                vote=vote,
                membership=own,
                choice=form.cleaned_data["choice"],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("Your vote was recorded."))
    else:
        messages.error(request, _("Vote yes, no or abstain."))
    return redirect("legislation:vote_detail", pk=vote.pk)


@on_bill(MANAGERS, sample="legislation.vote", method="POST")
@login_required
@require_POST
def vote_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The office records the voting system's result for the members present."""
    vote = _vote(pk, request.user)
    require(perms.can_record_ballots(request.user, vote))
    results = selectors.vote_results(vote)
    members = [r.membership for r in results if r.present]
    form = BallotsForm(request.POST, members=members)
    if form.is_valid():
        try:
            n = services.ballots_record(
                vote=vote,
                choices=[(m, form.cleaned_data.get(f"m{m.pk}") or "") for m in members],
                acting_user=acting_user(request),
            )
        except DomainError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("%(n)s votes recorded.") % {"n": n})
    return redirect("legislation:vote_detail", pk=vote.pk)


@on_bill(MANAGERS, sample="legislation.vote", method="POST")
@login_required
@require_POST
def vote_close(request: HttpRequest, pk: int) -> HttpResponse:
    vote = _vote(pk, request.user)
    require(perms.can_record_ballots(request.user, vote))
    try:
        vote = services.vote_close(vote=vote, acting_user=acting_user(request))
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(
            request, _("The vote was closed: %(result)s.") % {"result": vote.get_result_display()}
        )
    return redirect("legislation:vote_detail", pk=vote.pk)


# --- plans and proposals -----------------------------------------------------------------------


@access(ok=WORKSPACE)
@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require(perms.can_view_legislation(request.user))
    manage = perms.can_manage_legislation(request.user)
    form = PlanForm(posted(request)) if manage else None
    if request.method == "POST":
        require(manage)
        assert form is not None
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.plan_create(
                    kind=data["kind"],
                    title=data["title"],
                    year=data["year"],
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    term=selectors.current_term(),
                    note=data["note"],
                    acting_user=acting_user(request),
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("The plan was created."))
                return redirect("legislation:plan_detail", pk=plan.pk)
    return render(
        request,
        "legislation/plan_list.html",
        {
            "plans": selectors.plan_list(status=request.GET.get("status", "")),
            "status": request.GET.get("status", "") if request.GET.get("status") in PlanStatus.values else "",
            "statuses": PlanStatus.choices,
            "form": form,
            "can_manage": manage,
        },
    )


@on_plan(WORKSPACE)
@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_detail(pk) if perms.can_view_legislation(request.user) else None
    if plan is None:
        raise Http404
    manage = perms.can_manage_legislation(request.user)
    form = AdoptForm(posted(request), initial={"adopted_on": timezone.localdate()}) if manage else None
    if request.method == "POST":
        require(manage)
        assert form is not None
        if form.is_valid():
            try:
                services.plan_adopt(
                    plan=plan,
                    adopted_on=form.cleaned_data["adopted_on"],
                    note=form.cleaned_data["note"],
                    acting_user=acting_user(request),
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("The plan was adopted."))
                return redirect("legislation:plan_detail", pk=plan.pk)
    can_adopt = manage and plan.status in PLAN_TRANSITIONS["adopt"][0]
    return render(
        request,
        "legislation/plan_detail.html",
        {
            "plan": plan,
            "projects": list(plan.projects.all()),
            "form": form if can_adopt else None,
            "can_manage": manage,
        },
    )


@access(ok=WORKSPACE)
@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    require(perms.can_view_legislation(request.user))
    status = (request.GET.get("status") or "").strip()
    q = (request.GET.get("q") or "").strip()[:60]
    qs = selectors.proposal_list(status=status, q=q)
    if not (
        perms.can_manage_legislation(request.user)
        or perms.has_role(request.user, "staff", "sc_member", "leader")
    ):
        qs = qs.filter(created_by=acting_user(request))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "legislation/proposal_list.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "statuses": ProposalStatus.choices,
            "query": f"status={status}&q={q}",
            "can_propose": perms.can_propose_project(request.user),
        },
    )


@access(ok=WORKSPACE)
@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    require(perms.can_propose_project(request.user))
    form = ProposalForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        motion = None
        if data.get("motion"):
            motion = Motion.objects.filter(pk=data["motion"]).first()
            if motion is None:
                form.add_error("motion", _("There is no motion with this id."))
        if not form.errors:
            try:
                proposal = services.proposal_create(
                    title=data["title"],
                    source=data["source"],
                    summary=data["summary"],
                    kind=data["kind"],
                    regulation=data.get("regulation"),
                    proposer_name=data["proposer_name"],
                    proposer_organ=data.get("proposer_organ"),
                    motion=motion,
                    suggestion_id=data.get("suggestion_id"),
                    acting_user=acting_user(request),
                )
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("The proposed project was recorded."))
                return redirect("legislation:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "legislation/form.html",
        {"form": form, "title": _("Propose a legislative project"), "cancel": "legislation:proposal_list"},
    )


PROPOSAL_STEPS: dict[str, tuple[str, Any, Any]] = {
    "assess": ("assess", AssessForm, gettext_lazy("The assessment was recorded.")),
    "accept": ("accept", AcceptForm, gettext_lazy("The project was accepted into the plan.")),
    "reject": ("reject", ReasonForm, gettext_lazy("The proposal was declined.")),
}


@on_proposal(PROPOSAL_READERS)
@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_detail(pk)
    if proposal is None or not perms.can_view_proposal(request.user, proposal):
        raise Http404
    manage = perms.can_manage_legislation(request.user)
    forms_: dict[str, Any] = {}
    if manage:
        for name, (action, form_class, _msg) in PROPOSAL_STEPS.items():
            if proposal.status in PROPOSAL_TRANSITIONS[action][0]:
                forms_[name] = form_class(prefix=name)
    return render(
        request,
        "legislation/proposal_detail.html",
        {
            "proposal": proposal,
            "forms": forms_,
            "can_manage": manage,
            "bills": list(proposal.bills.all()),
            "can_start_bill": manage and proposal.status in PROPOSAL_TRANSITIONS["start_bill"][0],
        },
    )


@on_proposal(MANAGERS, method="POST")
@login_required
@require_POST
def proposal_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in PROPOSAL_STEPS:
        raise Http404
    proposal = selectors.proposal_detail(pk)
    if proposal is None or not perms.can_view_proposal(request.user, proposal):
        raise Http404
    require(perms.can_manage_legislation(request.user))
    _action, form_class, success = PROPOSAL_STEPS[step]
    form = form_class(request.POST, prefix=step)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("legislation:proposal_detail", pk=pk)
    data = form.cleaned_data
    try:
        if step == "assess":
            services.proposal_assess(
                proposal=proposal,
                feasibility=data["feasibility"],
                priority=data["priority"],
                note=data["note"],
                acting_user=acting_user(request),
            )
        elif step == "accept":
            services.proposal_accept(
                proposal=proposal,
                plan=data["plan"],
                category=data["category"],
                drafting_unit=data.get("drafting_unit"),
                planned_proposer=data.get("planned_proposer"),
                planned_submission=data.get("planned_submission"),
                note=data["note"],
                acting_user=acting_user(request),
            )
        else:
            services.proposal_reject(
                proposal=proposal, reason=data["reason"], acting_user=acting_user(request)
            )
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(request, str(success))
    return redirect("legislation:proposal_detail", pk=pk)


# --- public: regulations -----------------------------------------------------------------------


@portal()
def public_list(request: HttpRequest) -> HttpResponse:
    """Regulations promulgated, with their status and history; anyone may read them."""
    q = (request.GET.get("q") or "").strip()[:60]
    return render(
        request, "legislation/public_list.html", {"rows": selectors.public_regulations(q=q), "q": q}
    )


def _public(pk: int) -> selectors.RegulationRow:
    row = selectors.public_regulation(pk)
    if row is None:
        raise Http404
    return row


@portal(sample="legislation.regulation")
def public_detail(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    """A regulation: its history and one version's text by chapter and article."""
    row = _public(pk)
    if number is None:
        shown = row.current
    else:
        shown = next((v for v in row.versions if v.number == number), None)
        if shown is None:
            raise Http404
    doc = selectors.parse(shown.text) if shown is not None else None
    nodes, index = selectors.text_tree(doc) if doc is not None else ([], [])
    return render(
        request,
        "legislation/public_detail.html",
        {
            "row": row,
            "regulation": row.regulation,
            "shown": shown,
            "nodes": nodes,
            "index": index,
            "notes": doc.header.notes if doc is not None else [],
            "texts": [v for v in row.versions if v.kind != "repeal"],
        },
    )


def _public_pair(request: HttpRequest, row: selectors.RegulationRow) -> tuple[Any, Any]:
    pair = selectors.regulation_pair(
        row, int_param(request.GET.get("from")), int_param(request.GET.get("to"))
    )
    if pair is None:
        raise Http404
    return pair


@portal(sample="legislation.regulation")
def public_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """The 对照表 between two versions of a regulation."""
    row = _public(pk)
    old, new = _public_pair(request, row)
    changed_only = request.GET.get("changed") == "1"
    if request.GET.get("format") == "standalone":
        with translation.override(settings.LANGUAGE_CODE):  # the engine's page is Chinese
            old_label = selectors.regulation_version_label(old)
            new_label = selectors.regulation_version_label(new)
        html = render_html(
            selectors.compare_texts(old.text, new.text),
            include_unchanged=not changed_only,
            title=row.regulation.title,
            old_label=old_label,
            new_label=new_label,
        )
        return HttpResponse(html, content_type="text/html; charset=utf-8")
    ctx = {
        "row": row,
        "regulation": row.regulation,
        "old": old,
        "new": new,
        "old_label": selectors.regulation_version_label(old),
        "new_label": selectors.regulation_version_label(new),
        "changed_only": changed_only,
        "texts": [v for v in row.versions if v.kind != "repeal"],
        **_table_context(old.text, new.text, not changed_only),
    }
    return render(request, "legislation/public_compare.html", ctx)


@portal(sample="legislation.regulation")
def public_compare_docx(request: HttpRequest, pk: int) -> HttpResponse:
    row = _public(pk)
    old, new = _public_pair(request, row)
    with translation.override(settings.LANGUAGE_CODE):  # an official document, in Chinese
        old_label = selectors.regulation_version_label(old)
        new_label = selectors.regulation_version_label(new)
    data = docx_bytes(
        selectors.compare_texts(old.text, new.text),
        include_unchanged=request.GET.get("changed") != "1",
        title=row.regulation.title,
        old_label=old_label,
        new_label=new_label,
    )
    return _docx_response(data, f"regulation-{row.regulation.pk}-v{old.number}-v{new.number}.docx")


@portal(sample="legislation.regulation")
def public_version_download(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    """A promulgated version as .xml (Akoma Ntoso), .docx or .txt (public)."""
    row = _public(pk)
    version = next((v for v in row.versions if v.number == number and v.kind != "repeal"), None)
    if version is None:
        raise Http404
    return _download(
        version.text,
        fmt,
        f"regulation-{row.regulation.pk}-v{version.number}",
        title=version.title,
        date=version.promulgated_on.isoformat(),
    )


@portal(sample="consultation.open")
def public_draft_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The draft published for a public consultation (``pk``: the consultation), as .xml,
    .docx or .txt: public from the consultation's first day, like its page."""
    version = selectors.published_draft(pk)
    if version is None:
        raise Http404
    return _download(version.text, fmt, f"draft-{pk}")


@portal()
def public_plan(request: HttpRequest) -> HttpResponse:
    """The adopted annual legislative programme (年度立法计划) and its projects; ``?year=``
    picks another adopted year. Draft plans are never shown."""
    years = selectors.public_plan_years()
    year = int_param(request.GET.get("year"), maximum=9999)
    plan = selectors.public_plan(year)
    if plan is None and year is not None:
        raise Http404
    projects = list(plan.projects.all()) if plan is not None else []
    return render(
        request,
        "legislation/public_plan.html",
        {
            "plan": plan,
            "years": years,
            "groups": [
                (label, [p for p in projects if p.category == value])
                for value, label in PlanCategory.choices
                if any(p.category == value for p in projects)
            ]
            + (
                [(_("Other projects"), [p for p in projects if not p.category])]
                if any(not p.category for p in projects)
                else []
            ),
        },
    )
