"""Supervision pages: thin — parse the form, check the permission, call one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lvzhi.core.access import ALL, DENIED, OK, REDIRECT, STAFF, P, access, public
from lvzhi.core.models import User
from lvzhi.core.web import acting_user, cleaned, int_param, require, run_service, visible_or_404

from . import forms as f
from . import permissions as perms
from . import selectors, services
from .documents import dashboard_xlsx, supervision_letter_docx
from .models import SupervisionItem
from .states import (
    ITEM,
    TASK,
    ActivityKind,
    AnswerMode,
    Escalation,
    Form,
    ItemStatus,
    ProblemType,
    TaskStatus,
    TeamRole,
    VoteStatus,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _run(request: HttpRequest, form: djforms.Form, call: Callable[[dict[str, Any]], Any], ok: str) -> bool:
    """Validate the form's shape, call the one service, and report the outcome as a message
    (a refusal of permission is a 403 page) — ``core.web.run_service``."""
    return run_service(request, lambda: call(cleaned(form)), ok)


# --- workspace ----------------------------------------------------------------------------------


#: Who reads the supervision workspace (items, plans, votes, dashboards).
READERS = STAFF | {P.LEADER, P.MEMBER}
#: Readers who may see an object but not act on it get 403 for an office step.
SEE_NOT_ACT = {P.LEADER: DENIED, P.MEMBER: DENIED}


@access(ok=READERS, expect={P.OFFICER: REDIRECT, P.OFFICER_OTHER: REDIRECT})
@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_supervision(request.user):
        if perms.can_view_unit_tasks(request.user):
            return redirect("supervision:tasks")
        raise PermissionDenied
    plan_id = request.GET.get("plan") or None
    items = selectors.item_list(
        plan_id=int(plan_id) if plan_id and plan_id.isdecimal() and len(plan_id) < 12 else None,
        form=request.GET.get("form", ""),
        status=request.GET.get("status", ""),
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/index.html",
        {
            "plans": selectors.plans(),
            "page": page,
            "forms": Form.choices,
            "statuses": ItemStatus.choices,
            "manage": perms.can_manage_supervision(request.user),
            "plan_form": f.PlanForm(),
            "item_form": f.ItemForm(),
            "date_form": f.DateForm(),
        },
    )


@access(ok=STAFF, method="POST")
@login_required
@require_POST
def plan_new(request: HttpRequest) -> HttpResponse:
    require(perms.can_manage_supervision(request.user))
    _run(
        request,
        f.PlanForm(request.POST),
        lambda d: services.plan_create(year=d["year"], title=d["title"], acting_user=acting_user(request)),
        _("Plan created."),
    )
    return redirect("supervision:index")


@access(ok=STAFF, sample="supervision.plan_publish", method="POST", expect=SEE_NOT_ACT)
@login_required
@require_POST
def plan_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    plan = visible_or_404(selectors.plan(pk), perms.can_view_plan, request)
    require(perms.can_manage_supervision(request.user))
    user = acting_user(request)
    if action == "adopt":
        _run(
            request,
            f.DateForm(request.POST),
            lambda d: services.plan_adopt(plan=plan, adopted_on=d["date"], acting_user=user),
            _("Plan adopted."),
        )
    elif action == "publish":
        _run(
            request,
            djforms.Form(request.POST),
            lambda d: services.plan_publish(plan=plan, acting_user=user),
            _("Plan published."),
        )
    else:
        raise Http404
    return redirect("supervision:index")


@access(ok=STAFF, method="POST")
@login_required
@require_POST
def item_new(request: HttpRequest) -> HttpResponse:
    require(perms.can_manage_supervision(request.user))
    plan = selectors.plan(int_param(request.POST.get("plan")))
    if plan is None:
        messages.error(request, _("Choose the plan the item belongs to."))
        return redirect("supervision:index")
    user = acting_user(request)
    _run(
        request,
        f.ItemForm(request.POST),
        lambda d: services.item_create(
            plan=plan,
            form=d["form"],
            title=d["title"],
            body=d["body"],
            meeting_date=d["meeting_date"],
            summary=d["summary"],
            acting_user=user,
        ),
        _("Item added to the plan."),
    )
    return redirect("supervision:index")


@access(ok=READERS, sample="supervision.item")
@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_or_404(selectors.item_detail(pk), perms.can_view_item, request)
    manage = perms.can_manage_supervision(request.user)
    can = {a: manage and ITEM.allowed(a, item.status) for a in ITEM.steps}
    membership = services.sc_membership_of(acting_user(request), item.plan.term)
    signed = membership is not None and any(s.membership_id == membership.pk for s in item.signatures.all())
    return render(
        request,
        "supervision/item.html",
        {
            "item": item,
            "manage": manage,
            "can": can,
            "membership": membership,
            "signed": signed,
            "is_planned": item.status == ItemStatus.PLANNED,
            "opinion": getattr(item, "opinion", None) if hasattr(item, "opinion") else None,
            "team_roles": TeamRole.choices,
            "activity_kinds": ActivityKind.choices,
            "answer_modes": AnswerMode.choices,
            "problem_types": ProblemType.choices,
            "units": f.body_queryset(),
            "threshold": services.item_rules(item).integer("supervision.inquiry_signer_threshold"),
        },
    )


def _item_call(
    action: str, item: SupervisionItem, user: User, request: HttpRequest
) -> tuple[djforms.Form, Callable[[dict[str, Any]], Any], str]:
    P = request.POST
    table: dict[str, tuple[djforms.Form, Callable[[dict[str, Any]], Any], str]] = {
        "start": (
            djforms.Form(P),
            lambda d: services.item_start(item=item, acting_user=user),
            _("Work started."),
        ),
        "report-submitted": (
            f.DateForm(P),
            lambda d: services.report_submit(item=item, submitted_on=d["date"], acting_user=user),
            _("Report date recorded."),
        ),
        "team": (
            f.TeamForm(P),
            lambda d: services.team_member_add(item=item, name=d["name"], role=d["role"], acting_user=user),
            _("Team member added."),
        ),
        "activity": (
            f.ActivityForm(P),
            lambda d: services.activity_record(
                item=item,
                kind=d["kind"],
                date=d["date"],
                place=d["place"],
                summary=d["summary"],
                acting_user=user,
            ),
            _("Activity recorded."),
        ),
        "question": (
            f.QuestionForm(P),
            lambda d: services.question_record(
                item=item,
                asker=d["asker"],
                question=d["question"],
                answer=d["answer"],
                official=d["official"],
                asked_on=d["date"],
                acting_user=user,
            ),
            _("Question recorded."),
        ),
        "answer": (
            f.AnswerForm(P),
            lambda d: services.interpellation_answer(
                item=item,
                mode=d["mode"],
                official=d["official"],
                content=d["content"],
                answered_on=d["date"],
                acting_user=user,
            ),
            _("Answer recorded."),
        ),
        "deliberate": (
            f.TextDateForm(P),
            lambda d: services.item_deliberate(
                item=item, deliberated_on=d["date"], findings=d["text"], acting_user=user
            ),
            _("Deliberation recorded."),
        ),
        "opinion": (
            f.TextDateForm(P),
            lambda d: services.opinion_issue(
                item=item, text=d["text"], adopted_on=d["date"], acting_user=user
            ),
            _("Deliberation opinions sent."),
        ),
        "report": (
            f.TextDateForm(P),
            lambda d: services.handling_report_receive(
                item=item, text=d["text"], received_on=d["date"], acting_user=user
            ),
            _("Handling report recorded."),
        ),
        "task": (
            f.TaskForm(P),
            lambda d: services.task_add(
                item=item,
                problem=d["problem"],
                problem_type=d["problem_type"],
                unit=d["unit"],
                deadline=d["deadline"],
                milestones=[(d["milestone"], d["milestone_due"])]
                if d["milestone"] and d["milestone_due"]
                else [],
                acting_user=user,
            ),
            _("Rectification task assigned."),
        ),
        "resolution": (
            f.ResolutionForm(P),
            lambda d: services.resolution_adopt(
                item=item, text=d["text"], adopted_on=d["date"], due=d["due"], acting_user=user
            ),
            _("Resolution recorded."),
        ),
        "vote": (
            f.SubjectForm(P),
            lambda d: services.vote_open(
                item=item, subject=d["subject"], opened_on=d["date"], acting_user=user
            ),
            _("Satisfaction vote opened."),
        ),
        "close": (
            f.ResultForm(P),
            lambda d: services.item_close(item=item, result=d["result"], acting_user=user),
            _("Item closed."),
        ),
        "publish": (
            djforms.Form(P),
            lambda d: services.item_publish(item=item, acting_user=user),
            _("Results published."),
        ),
    }
    if action not in table:
        raise Http404
    return table[action]


@access(ok=STAFF, sample="supervision.item_start", method="POST", expect=SEE_NOT_ACT)
@login_required
@require_POST
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = visible_or_404(
        selectors.item_for_action(pk),
        perms.can_view_item,
        request,
    )
    user = acting_user(request)
    if action == "sign":  # a member signs the 质询案 in person
        membership = services.sc_membership_of(user, item.plan.term)
        if membership is None:
            raise PermissionDenied
        signer = membership
        _run(
            request,
            djforms.Form(request.POST),
            lambda d: services.interpellation_sign(item=item, membership=signer, acting_user=user),
            _("Signed."),
        )
        return redirect("supervision:item", pk=pk)
    if action == "dissatisfied":
        membership = services.sc_membership_of(user, item.plan.term)
        answer = selectors.latest_answer(item)
        if membership is None or answer is None:
            raise PermissionDenied
        judged, judge = answer, membership
        _run(
            request,
            djforms.Form(request.POST),
            lambda d: services.answer_mark_dissatisfied(answer=judged, membership=judge, acting_user=user),
            _("Recorded."),
        )
        return redirect("supervision:item", pk=pk)
    require(perms.can_manage_supervision(user))
    form, call, ok = _item_call(action, item, user, request)
    _run(request, form, call, ok)
    return redirect("supervision:item", pk=pk)


# --- tasks --------------------------------------------------------------------------------------


@access(ok=READERS | {P.OFFICER, P.OFFICER_OTHER})
@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    require(perms.can_use_supervision(request.user))
    status = request.GET.get("status", "open")
    body = int_param(request.GET.get("body"))
    overdue = request.GET.get("overdue") == "1"
    escalation = int_param(request.GET.get("escalation"))
    qs = selectors.tasks_for(request.user, status=status, body=body, overdue=overdue, escalation=escalation)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/tasks.html",
        {
            "page": page,
            "status": status,
            "statuses": TaskStatus.choices,
            "body": selectors.organ_name(body) if body else None,
            "body_id": body,
            "overdue": overdue,
            "escalation": escalation,
            "escalation_label": dict(Escalation.choices).get(escalation) if escalation else None,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "unit_view": not perms.can_view_supervision(request.user),
        },
    )


@access(ok=READERS | {P.OFFICER}, sample="supervision.task")
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_or_404(selectors.task_detail(pk), perms.can_view_task, request)
    unit = perms.can_act_on_task(request.user, task)
    office = perms.can_decide_task(request.user, task)
    evidence = selectors.evidence_for(task)
    reports = [(r, evidence.get(r.pk, [])) for r in task.reports.all()]
    return render(
        request,
        "supervision/task.html",
        {
            "task": task,
            "reports": reports,
            "today": timezone.localdate(),
            "unit": unit,
            "office": office,
            "can": {a: TASK.allowed(a, task.status) for a in TASK.steps},
            "progress_form": f.ProgressForm(initial={"percent": task.progress}),
            "result_form": f.ResultForm(),
            "extension_form": f.ExtensionForm(),
            "verify_form": f.VerifyForm(),
            "reason_form": f.ReasonForm(),
            "pending": next((e for e in task.extensions.all() if e.status == "pending"), None),
        },
    )


@access(
    ok={P.OFFICER},
    sample="supervision.task_progress",
    method="POST",
    data={"note": "进展", "percent": 10},
    expect={**SEE_NOT_ACT, **dict.fromkeys(STAFF, DENIED)},
    note="progress: officers of the responsible unit; readers see the task but may not report for it",
)
@login_required
@require_POST
def task_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = visible_or_404(
        selectors.task_for_action(pk),
        perms.can_view_task,
        request,
    )
    user = acting_user(request)
    P, files = request.POST, request.FILES.getlist("files")
    table: dict[str, tuple[djforms.Form, Callable[[dict[str, Any]], Any], str]] = {
        "progress": (
            f.ProgressForm(P),
            lambda d: services.task_report_progress(
                task=task,
                note=d["note"],
                percent=d["percent"],
                files=files,
                milestones_done=[int(x) for x in P.getlist("milestones") if x.isdecimal() and len(x) < 12],
                acting_user=user,
            ),
            _("Progress reported."),
        ),
        "submit": (
            f.ResultForm(P),
            lambda d: services.task_submit(task=task, result=d["result"], files=files, acting_user=user),
            _("Submitted for verification."),
        ),
        "extension": (
            f.ExtensionForm(P),
            lambda d: services.extension_request(
                task=task, until=d["until"], reason=d["reason"], acting_user=user
            ),
            _("Extension requested."),
        ),
        "verify": (
            f.VerifyForm(P),
            lambda d: services.task_verify(task=task, passed=d["passed"], note=d["note"], acting_user=user),
            _("Verification recorded."),
        ),
        "close": (
            djforms.Form(P),
            lambda d: services.task_close(task=task, acting_user=user),
            _("Task closed."),
        ),
        "escalate": (
            f.ReasonForm(P),
            lambda d: services.task_escalate(task=task, reason=d["reason"], acting_user=user),
            _("Escalated."),
        ),
        "deescalate": (
            f.ReasonForm(P),
            lambda d: services.task_deescalate(task=task, reason=d["reason"], acting_user=user),
            _("De-escalated."),
        ),
    }
    if action in ("approve-extension", "reject-extension"):
        ext = selectors.pending_extension(task, int_param(P.get("extension")))
        if ext is None:
            raise Http404
        _run(
            request,
            djforms.Form(P),
            lambda d: services.extension_decide(
                extension=ext, approve=action == "approve-extension", acting_user=user
            ),
            _("Decision recorded."),
        )
        return redirect("supervision:task", pk=pk)
    if action not in table:
        raise Http404
    form, call, ok = table[action]
    _run(request, form, call, ok)
    return redirect("supervision:task", pk=pk)


@access(ok=READERS | {P.OFFICER}, sample="supervision.evidence")
@login_required
def evidence_download(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    task = visible_or_404(selectors.task_detail(pk), perms.can_view_task, request)
    row = next(
        (a for files in selectors.evidence_for(task).values() for a in files if a.pk == attachment), None
    )
    if row is None:
        raise Http404
    response = HttpResponse(
        row.file.read(), content_type=row.content_type_label or "application/octet-stream"
    )
    ext = row.original_name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="evidence-{row.pk}.{ext}"'
    return response


@access(ok=READERS | {P.OFFICER}, sample="supervision.task")
@login_required
def task_letter(request: HttpRequest, pk: int) -> HttpResponse:
    task = visible_or_404(selectors.task_detail(pk), perms.can_view_task, request)
    response = HttpResponse(supervision_letter_docx(task=task), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="duban-{task.pk}.docx"'
    return response


# --- votes --------------------------------------------------------------------------------------


@access(ok=READERS, sample="supervision.vote", note="and the members serving when it opened")
@login_required
def vote_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vote = visible_or_404(selectors.vote_detail(pk), perms.can_view_vote, request)
    membership = services.sc_membership_of(acting_user(request), vote.term, vote.opened_on)
    voted = selectors.has_voted(vote, membership)
    return render(
        request,
        "supervision/vote.html",
        {
            "vote": vote,
            "options": services.vote_options(vote),
            "membership": membership,
            "voted": voted,
            "manage": perms.can_manage_supervision(request.user),
            "participants": selectors.participants(vote),
        },
    )


@access(ok=STAFF, sample="supervision.vote_close", method="POST", expect=SEE_NOT_ACT)
@login_required
@require_POST
def vote_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    vote = visible_or_404(
        selectors.vote_detail(pk),
        perms.can_view_vote,
        request,
    )
    user = acting_user(request)
    if action == "cast":
        choice = request.POST.get("choice", "")
        _run(
            request,
            djforms.Form(request.POST),
            lambda d: services.vote_cast(vote=vote, choice=choice, acting_user=user),
            _("Your ballot was recorded."),
        )
    elif action == "close":
        require(perms.can_manage_supervision(user))
        _run(
            request,
            djforms.Form(request.POST),
            lambda d: services.vote_close(vote=vote, acting_user=user),
            _("The vote is closed."),
        )
    else:
        raise Http404
    return redirect("supervision:vote", pk=pk)


# --- dashboards ---------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdecimal() and len(value) < 12 else None


@access(ok=READERS)
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(perms.can_view_supervision(request.user))
    data = selectors.dashboard(year=_year(request))
    o, late = _("Open"), _("Overdue")
    charts = {
        "chart_body": selectors.chart(data["by_body"], label_open=o, label_overdue=late),
        "chart_type": selectors.chart(data["by_type"], label_open=o, label_overdue=late),
        "chart_escalation": {
            "type": "doughnut",
            "labels": [lbl for lbl, _n in data["escalation"]],
            "datasets": [{"label": _("Open tasks"), "data": [n for _l, n in data["escalation"]]}],
        },
    }
    statuses = dict(ItemStatus.choices)
    return render(
        request,
        "supervision/dashboard.html",
        {
            **data,
            "charts": charts,
            "year": _year(request) or "",
            "item_status": [(statuses.get(k, k), v) for k, v in data["item_status"].items()],
        },
    )


@access(ok=READERS)
@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    require(perms.can_view_supervision(request.user))
    response = HttpResponse(dashboard_xlsx(selectors.dashboard(year=_year(request))), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="supervision-dashboard.xlsx"'
    return response


# --- public -------------------------------------------------------------------------------------


@public
def public_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.public_items(), 30).get_page(request.GET.get("page"))
    return render(request, "supervision/public_list.html", {"page": page})


@access(ok=ALL, anon=OK, sample="supervision.public_item")
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.public_item(pk)
    if item is None or not perms.can_view_public_item(item):
        raise Http404
    return render(
        request,
        "supervision/public_detail.html",
        {
            "item": item,
            "opinion": getattr(item, "opinion", None) if hasattr(item, "opinion") else None,
            "votes": [v for v in item.votes.all() if v.status != VoteStatus.OPEN],
        },
    )
