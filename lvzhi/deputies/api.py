"""Roster API: search, detail (contacts masked by permission), status changes, .xlsx import."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from lvzhi.core.errors import ValidationFailed
from lvzhi.core.schemas import ErrorOut

from . import permissions as perms
from . import selectors, services
from .masking import mask_email, mask_id_number, mask_phone
from .models import Deputy
from .schemas import DeputyOut, DeputyPage, ImportErrorOut, ImportOut, StatusIn
from .xlsx import deputies_import_xlsx, read_upload

router = Router(tags=["deputies"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _out(user, d: Deputy) -> dict:  # type: ignore[no-untyped-def]
    reveal = perms.can_view_deputy_contact(user, d)
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
        "id_number": (p.id_number or "") if reveal else mask_id_number(p.id_number),
        "phone": p.phone if reveal else mask_phone(p.phone),
        "email": p.email if reveal else mask_email(p.email),
        "contact_masked": not reveal,
    }


@router.get("", response={200: DeputyPage, **ERRORS})
def list_deputies(  # type: ignore[no-untyped-def]
    request,
    q: str = "",
    delegation: int | None = None,
    group: int | None = None,
    station: int | None = None,
    sector: str = "",
    status: str = "",
    term: int | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(50, ge=1, le=500),
):
    if not perms.can_view_roster(request.auth):
        raise PermissionDenied
    filters = selectors.DeputyFilters(
        q=q[:60], term=term, delegation=delegation, group=group, station=station, sector=sector, status=status
    )
    paginator = Paginator(selectors.deputy_list(filters), page_size)
    if page > max(paginator.num_pages, 1):
        raise ValidationFailed(_("Page %(p)s does not exist.") % {"p": page})
    rows = paginator.page(page)
    return {
        "count": paginator.count,
        "page": page,
        "page_size": page_size,
        "pages": paginator.num_pages,
        "results": [_out(request.auth, d) for d in rows],
    }


@router.get("/{int:pk}", response={200: DeputyOut, **ERRORS})
def get_deputy(request, pk: int):  # type: ignore[no-untyped-def]
    deputy = selectors.deputy_detail(pk)
    if deputy is None:
        raise Http404
    if not perms.can_view_deputy(request.auth, deputy):
        raise PermissionDenied
    return _out(request.auth, deputy)


@router.post("/{int:pk}/status", response={200: DeputyOut, **ERRORS})
def change_status(request, pk: int, payload: StatusIn):  # type: ignore[no-untyped-def]
    deputy = selectors.deputy_detail(pk)
    if deputy is None:
        raise Http404
    if not perms.can_change_deputy_status(request.auth, deputy):
        raise PermissionDenied
    services.deputy_change_status(
        deputy=deputy,
        status=payload.status,
        reason=payload.reason,
        date=payload.date,
        acting_user=request.auth,
    )
    return _out(request.auth, selectors.deputy_detail(pk))  # type: ignore[arg-type]


@router.post("/import", response={200: ImportOut, 401: ErrorOut, 403: ErrorOut, 422: ImportErrorOut})
def import_roster(request, file: UploadedFile = File(...)):  # type: ignore[no-untyped-def]
    """Import a roster workbook; on any bad row nothing is imported and every problem is listed."""
    if not perms.can_import_deputies(request.auth):
        raise PermissionDenied
    term = selectors.current_term()
    result = deputies_import_xlsx(data=read_upload(file), term=term, acting_user=request.auth)  # type: ignore[arg-type]
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
