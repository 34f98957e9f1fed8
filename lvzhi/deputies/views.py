"""Roster pages: list with search and filters, detail, create/edit, status, import, export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError
from lvzhi.core.selectors import audit_for_object

from . import permissions as perms
from . import selectors, services
from .forms import DeputyForm, ImportForm, StatusForm
from .masking import mask_address, mask_email, mask_id_number, mask_phone
from .models import Deputy, Sector
from .states import TRANSITIONS, DeputyStatus
from .xlsx import COLUMNS, deputies_export_xlsx, deputies_import_xlsx, deputies_template_xlsx, read_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _get_deputy(pk: int) -> Deputy:
    deputy = selectors.deputy_detail(pk)
    if deputy is None:
        from django.http import Http404

        raise Http404
    return deputy


@login_required
def deputy_list(request: HttpRequest) -> HttpResponse:
    _require(perms.can_view_roster(request.user))
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
    template = "deputies/_rows.html" if request.htmx else "deputies/list.html"  # type: ignore[attr-defined]
    return render(request, template, ctx)


def _contact(request: HttpRequest, deputy: Deputy) -> dict[str, str]:
    p = deputy.person
    if perms.can_view_deputy_contact(request.user, deputy):
        return {
            "id_number": p.id_number or "",
            "phone": p.phone,
            "email": p.email,
            "address": p.address,
            "masked": "",
        }
    return {
        "id_number": mask_id_number(p.id_number),
        "phone": mask_phone(p.phone),
        "email": mask_email(p.email),
        "address": mask_address(p.address),
        "masked": "1",
    }


@login_required
def deputy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = _get_deputy(pk)
    _require(perms.can_view_deputy(request.user, deputy))
    ctx = {
        "deputy": deputy,
        "contact": _contact(request, deputy),
        "can_manage": perms.can_manage_deputies(request.user),
        "status_form": StatusForm(initial={"date": timezone.localdate()}),
        "next_statuses": [s for s in DeputyStatus if s.value in TRANSITIONS[deputy.status]],
        "history": audit_for_object(deputy) if perms.can_manage_deputies(request.user) else [],
        "duties": selectors.duty_records(
            deputy, include_private=perms.can_view_deputy_contact(request.user, deputy)
        ),
    }
    return render(request, "deputies/detail.html", ctx)


@login_required
def deputy_create(request: HttpRequest) -> HttpResponse:
    _require(perms.can_manage_deputies(request.user))
    term = selectors.current_term()
    form = DeputyForm(request.POST or None, term=term)
    if request.method == "POST" and form.is_valid():
        try:
            deputy = services.deputy_create(
                term=term,
                person_fields=form.person_data(),
                acting_user=request.user,  # type: ignore[arg-type]
                **form.deputy_data(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Deputy %(name)s added.") % {"name": deputy.person.name})
            return redirect("deputies:detail", pk=deputy.pk)
    return render(request, "deputies/form.html", {"form": form, "title": _("Add a deputy")})


@login_required
def deputy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = _get_deputy(pk)
    _require(perms.can_manage_deputies(request.user))
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
                acting_user=request.user,  # type: ignore[arg-type]
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


@login_required
def deputy_status(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = _get_deputy(pk)
    _require(perms.can_change_deputy_status(request.user, deputy))
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
        acting_user=request.user,  # type: ignore[arg-type]
    )
    messages.success(request, _("Status updated."))
    return redirect("deputies:detail", pk=pk)


@login_required
def deputy_import(request: HttpRequest) -> HttpResponse:
    _require(perms.can_import_deputies(request.user))
    term = selectors.current_term()
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            data = read_upload(form.cleaned_data["file"])
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            result = deputies_import_xlsx(data=data, term=term, acting_user=request.user)  # type: ignore[arg-type]
            if result.ok:
                messages.success(
                    request,
                    _("Imported: %(c)s added, %(u)s updated.") % {"c": result.created, "u": result.updated},
                )
                return redirect("deputies:list")
    return render(
        request, "deputies/import.html", {"form": form, "result": result, "term": term, "columns": COLUMNS}
    )


@login_required
def deputy_export(request: HttpRequest) -> HttpResponse:
    _require(perms.can_export_deputies(request.user))
    filters = selectors.DeputyFilters.from_params(request.GET)
    deputies = selectors.deputy_list(filters)
    reveal = perms.can_manage_deputies(request.user)
    body = deputies_export_xlsx(deputies=deputies.iterator(chunk_size=1000), reveal_contacts=reveal)
    response = HttpResponse(body, content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="deputies-{stamp}.xlsx"'
    return response


@login_required
def deputy_template(request: HttpRequest) -> HttpResponse:
    _require(perms.can_import_deputies(request.user))
    response = HttpResponse(deputies_template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="deputies-template.xlsx"'
    return response
