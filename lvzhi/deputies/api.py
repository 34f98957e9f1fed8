"""Roster API: search, detail (contacts masked by permission), status changes, .xlsx import."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from lvzhi.core.access import DENIED, WORKSPACE, P, access
from lvzhi.core.api_auth import api_user
from lvzhi.core.api_pages import api_page
from lvzhi.core.errors import ValidationFailed
from lvzhi.core.models import User
from lvzhi.core.schemas import MAX_ID, ErrorOut, PathId, errors

from . import permissions as perms
from . import selectors, services
from .masking import mask_email, mask_id_number, mask_phone
from .models import Deputy
from .schemas import (
    ContactRevealIn,
    ContactRevealOut,
    DeputyOut,
    DeputyPage,
    DeputyStatusName,
    ImportErrorOut,
    ImportOut,
    SectorName,
    StatusIn,
)
from .xlsx import read_upload

router = Router(tags=["deputies"])
_ID = {"ge": 1, "le": MAX_ID}
#: The roster's keepers among the matrix personas (``permissions.is_roster_keeper``).
KEEPERS = frozenset({P.OFFICE, P.ADMIN})
ROSTER_READERS = {p: DENIED for p in WORKSPACE - KEEPERS}


def _out(user: User, d: Deputy) -> dict[str, Any]:
    """One deputy; contact details always masked (``POST /deputies/{id}/reveal`` shows one)."""
    p = d.person
    return {
        "id": d.pk,
        "code": d.code,
        "name": p.name,
        "gender": p.gender,
        "term": d.term.number,
        "delegation": d.delegation.name,
        "delegation_id": d.delegation_id,
        "group": d.group.name if d.group else None,
        "station": d.station.name if d.station else None,
        "electoral_unit": d.electoral_unit.name,
        "sector": d.sector,
        "status": d.status,
        "status_reason": d.status_reason,
        "status_date": d.status_date,
        "workplace": p.workplace,
        "id_number": mask_id_number(p.id_number),
        "phone": mask_phone(p.phone),
        "email": mask_email(p.email),
        "contact_masked": True,
    }


@router.get("", response={200: DeputyPage, **errors(401, 403, 422)})
@access(ok=WORKSPACE)
def list_deputies(
    request: HttpRequest,
    q: str = "",
    delegation: int | None = Query(None, **_ID),
    group: int | None = Query(None, **_ID),
    station: int | None = Query(None, **_ID),
    sector: SectorName | None = None,
    status: DeputyStatusName | None = None,
    term: int | None = Query(None, **_ID),
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(50, ge=1, le=500),
) -> dict[str, Any]:
    user = api_user(request)
    if not perms.can_view_roster(user):
        raise PermissionDenied
    filters = selectors.DeputyFilters(
        q=q[:60],
        term=term,
        delegation=delegation,
        group=group,
        station=station,
        sector=sector or "",
        status=status or "",
    )
    return api_page(selectors.deputy_list(filters), page, page_size, lambda d: _out(user, d))


def _deputy(user: User, pk: int) -> Deputy:
    """The deputy, or 404 for whoever may not see the roster (never 403)."""
    deputy = selectors.deputy_detail(pk)
    if deputy is None or not perms.can_view_deputy(user, deputy):
        raise Http404
    return deputy


@router.get("/{int:pk}", response={200: DeputyOut, **errors(401, 404, 422)})
@access(ok=WORKSPACE, sample="deputies.deputy")
def get_deputy(request: HttpRequest, pk: PathId) -> dict[str, Any]:
    user = api_user(request)
    return _out(user, _deputy(user, pk))


@router.post("/{int:pk}/reveal", response={200: ContactRevealOut, **errors(401, 403, 404, 422)})
@access(
    ok=KEEPERS | {P.DEPUTY},
    sample="deputies.deputy",
    method="POST",
    data={"field": "phone"},
    expect={p: DENIED for p in WORKSPACE - KEEPERS - {P.DEPUTY}},
    note="the deputy may reveal their own record",
)
def reveal_contact(request: HttpRequest, pk: PathId, payload: ContactRevealIn) -> dict[str, Any]:
    """One full contact value (ID number, phone, e-mail or address), for a roster keeper or the
    deputy themself; every call writes an audit row."""
    user = api_user(request)
    deputy = _deputy(user, pk)
    if not perms.can_reveal_deputy_contact(user, deputy):
        raise PermissionDenied
    value = services.deputy_contact_reveal(deputy=deputy, field=payload.field, acting_user=user)
    return {"id": deputy.pk, "field": payload.field, "value": value}


@router.post("/{int:pk}/status", response={200: DeputyOut, **errors(401, 403, 404, 409, 422)})
@access(
    ok=KEEPERS,
    sample="deputies.deputy",
    method="POST",
    data={"status": "suspended", "reason": "probe", "date": "2026-01-05"},
    expect=ROSTER_READERS,
)
def change_status(request: HttpRequest, pk: PathId, payload: StatusIn) -> dict[str, Any]:
    user = api_user(request)
    deputy = _deputy(user, pk)
    if not perms.can_change_deputy_status(user, deputy):
        raise PermissionDenied
    services.deputy_change_status(
        deputy=deputy,
        status=payload.status,
        reason=payload.reason,
        date=payload.date,
        acting_user=user,
    )
    return _out(user, _deputy(user, pk))


@router.post("/import", response={200: ImportOut, 401: ErrorOut, 403: ErrorOut, 422: ImportErrorOut})
@access(ok=KEEPERS, method="POST", note="without a file: keepers get 422, others 403")
def import_roster(
    request: HttpRequest, file: UploadedFile | None = File(None)
) -> dict[str, int] | Status[dict[str, Any]]:
    """Import a roster workbook; on any bad row nothing is imported and every problem is listed."""
    user = api_user(request)
    if not perms.can_import_deputies(user):
        raise PermissionDenied
    if file is None:
        raise ValidationFailed(_("Send the roster workbook as the file field."))
    term = selectors.current_term()
    if term is None:
        raise ValidationFailed(_("There is no term to import the roster into."))
    result = services.deputies_import(data=read_upload(file), term=term, acting_user=user)
    if not result.ok:
        return Status(
            422,
            {
                "code": "import_rejected",
                "message": _("Nothing was imported: %(n)s problems found.") % {"n": len(result.errors)},
                "detail": [e.as_dict() for e in result.errors],
            },
        )
    return {"created": result.created, "updated": result.updated}
