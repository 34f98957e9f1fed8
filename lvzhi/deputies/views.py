"""Roster pages: list with search and filters, detail, create/edit, status, import, export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lvzhi.core.access import DENIED, WORKSPACE, P, access
from lvzhi.core.errors import DomainError
from lvzhi.core.selectors import audit_for_object
from lvzhi.core.web import acting_user, require, visible_or_404

from . import permissions as perms
from . import selectors, services
from .forms import DeputyForm, ImportForm, StatusForm
from .masking import mask_address, mask_email, mask_id_number, mask_phone
from .models import Deputy, Sector
from .states import TRANSITIONS, DeputyStatus
from .xlsx import COLUMNS, deputies_export_xlsx, deputies_template_xlsx, read_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


#: The roster's keepers among the matrix personas (``permissions.is_roster_keeper``).
KEEPERS = frozenset({P.OFFICE, P.ADMIN})
#: Signed-in workspace users who see the deputy but may not change the roster: 403 (not 404).
ROSTER_READERS = {p: DENIED for p in WORKSPACE - KEEPERS}


#: The masked contact fields in the order the detail page shows them.
CONTACT_LABELS = [
    ("id_number", gettext_lazy("ID number")),
    ("phone", gettext_lazy("Mobile phone")),
    ("email", gettext_lazy("E-mail")),
    ("address", gettext_lazy("Address")),
]


def _get_deputy(request: HttpRequest, pk: int) -> Deputy:
    """The deputy, or 404 for whoever may not see the roster (never 403: nothing leaks)."""
    return visible_or_404(selectors.deputy_detail(pk), perms.can_view_deputy, request)


@access(ok=WORKSPACE)
@login_required
def deputy_list(request: HttpRequest) -> HttpResponse:
    require(perms.can_view_roster(request.user))
    filters = selectors.DeputyFilters.from_params(request.GET)
    qs = selectors.deputy_list(filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    term = selectors.current_term()
    query = request.GET.copy()
    query.pop("page", None)
    ctx: dict[str, Any] = {
        "page": page,
        "filters": filters,
        "options": selectors.filter_options(term),
        "term": term,
        "statuses": DeputyStatus.choices,
        "sectors": Sector.choices,
        "query": query.urlencode(),
        "can_manage": perms.can_manage_deputies(request.user),
        "can_export": perms.can_export_deputies(request.user),
    }
    template = "deputies/_rows.html" if getattr(request, "htmx", False) else "deputies/list.html"
    return render(request, template, ctx)


def _contact(deputy: Deputy, revealed: dict[str, str] | None = None) -> dict[str, str]:
    """The contact details, masked for everyone; ``revealed`` carries the one value a keeper
    revealed through the audited action."""
    p = deputy.person
    out = {
        "id_number": mask_id_number(p.id_number),
        "phone": mask_phone(p.phone),
        "email": mask_email(p.email),
        "address": mask_address(p.address),
    }
    out.update(revealed or {})
    out["masked"] = "1"
    return out


def _detail(request: HttpRequest, deputy: Deputy, revealed: dict[str, str] | None = None) -> HttpResponse:
    ctx = {
        "deputy": deputy,
        "contact": _contact(deputy, revealed),
        "revealed": revealed or {},
        "contact_fields": CONTACT_LABELS,
        "can_reveal": perms.can_reveal_deputy_contact(request.user, deputy),
        "can_manage": perms.can_manage_deputies(request.user),
        "status_form": StatusForm(initial={"date": timezone.localdate()}),
        "next_statuses": [s for s in DeputyStatus if s.value in TRANSITIONS[deputy.status]],
        "history": audit_for_object(deputy) if perms.can_manage_deputies(request.user) else [],
        "duties": selectors.duty_records(
            deputy, include_private=perms.can_view_private_duties(request.user, deputy)
        ),
    }
    return render(request, "deputies/detail.html", ctx)


@access(ok=WORKSPACE, sample="deputies.deputy")
@login_required
def deputy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get_deputy(request, pk))


@access(
    ok=KEEPERS | {P.DEPUTY},
    sample="deputies.deputy",
    method="POST",
    data={"field": "phone"},
    expect={p: DENIED for p in WORKSPACE - KEEPERS - {P.DEPUTY}},
    note="the deputy may reveal their own record",
)
@login_required
@require_POST
def deputy_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one full contact value (POST, per deputy and field); the service audits it."""
    deputy = _get_deputy(request, pk)
    require(perms.can_reveal_deputy_contact(request.user, deputy))
    field = request.POST.get("field", "")
    try:
        value = services.deputy_contact_reveal(deputy=deputy, field=field, acting_user=acting_user(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("deputies:detail", pk=pk)
    return _detail(request, deputy, {field: value})


@access(ok=KEEPERS)
@login_required
def deputy_create(request: HttpRequest) -> HttpResponse:
    require(perms.can_manage_deputies(request.user))
    term = selectors.current_term()
    form = DeputyForm(request.POST or None, term=term)
    if request.method == "POST" and form.is_valid():
        try:
            deputy = services.deputy_create(
                term=term,
                person_fields=form.person_data(),
                acting_user=acting_user(request),
                **form.deputy_data(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Deputy %(name)s added.") % {"name": deputy.person.name})
            return redirect("deputies:detail", pk=deputy.pk)
    return render(request, "deputies/form.html", {"form": form, "title": _("Add a deputy")})


@access(ok=KEEPERS, sample="deputies.deputy", expect=ROSTER_READERS)
@login_required
def deputy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = _get_deputy(request, pk)
    require(perms.can_manage_deputies(request.user))
    p = deputy.person
    initial = {k: getattr(p, k) for k in DeputyForm.PERSON_FIELDS}
    initial.update({k: getattr(deputy, k) for k in DeputyForm.DEPUTY_FIELDS})
    form = DeputyForm(request.POST or None, initial=initial, term=deputy.term)
    if request.method == "POST" and form.is_valid():
        person_changes = {k: v for k, v in form.person_data().items() if getattr(p, k) != v}
        deputy_changes = {k: v for k, v in form.deputy_data().items() if getattr(deputy, k) != v}
        try:
            services.deputy_update(
                deputy=deputy,
                person_fields=person_changes,
                acting_user=acting_user(request),
                **deputy_changes,
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("deputies:detail", pk=deputy.pk)
    return render(
        request,
        "deputies/form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": p.name}, "deputy": deputy},
    )


@access(
    ok=KEEPERS,
    sample="deputies.deputy",
    method="POST",
    data={"status": "suspended", "reason": "probe", "date": "2026-01-05"},
    expect=ROSTER_READERS,
)
@login_required
def deputy_status(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = _get_deputy(request, pk)
    require(perms.can_change_deputy_status(request.user, deputy))
    if request.method != "POST":
        return redirect("deputies:detail", pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("deputies:detail", pk=pk)
    services.deputy_change_status(  # DomainError → message via middleware
        deputy=deputy,
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
        date=form.cleaned_data["date"],
        acting_user=acting_user(request),
    )
    messages.success(request, _("Status updated."))
    return redirect("deputies:detail", pk=pk)


@access(ok=KEEPERS)
@login_required
def deputy_import(request: HttpRequest) -> HttpResponse:
    require(perms.can_import_deputies(request.user))
    term = selectors.current_term()
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            data = read_upload(form.cleaned_data["file"])
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            result = services.deputies_import(data=data, term=term, acting_user=acting_user(request))
            if result.ok:
                messages.success(
                    request,
                    _("Imported: %(c)s added, %(u)s updated.") % {"c": result.created, "u": result.updated},
                )
                return redirect("deputies:list")
    return render(
        request, "deputies/import.html", {"form": form, "result": result, "term": term, "columns": COLUMNS}
    )


@access(ok=KEEPERS | {P.LEADER})
@login_required
def deputy_export(request: HttpRequest) -> HttpResponse:
    """The roster as .xlsx, contacts masked; ``?full=1``: full contacts for a keeper (audited)."""
    require(perms.can_export_deputies(request.user))
    filters = selectors.DeputyFilters.from_params(request.GET)
    deputies = selectors.deputy_list(filters)
    if request.GET.get("full") == "1":
        require(perms.can_export_deputies_in_full(request.user))
        body = services.deputies_export_full(
            deputies=deputies, filters=vars(filters), acting_user=acting_user(request)
        )
    else:
        body = deputies_export_xlsx(deputies=deputies.iterator(chunk_size=1000), reveal_contacts=False)
    response = HttpResponse(body, content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="deputies-{stamp}.xlsx"'
    return response


@access(ok=KEEPERS)
@login_required
def deputy_template(request: HttpRequest) -> HttpResponse:
    require(perms.can_import_deputies(request.user))
    response = HttpResponse(deputies_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="deputies-template.xlsx"'
    return response
