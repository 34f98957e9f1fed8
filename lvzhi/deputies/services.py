"""Every write to the roster."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.actors import Actor
from lvzhi.core.audit import audit_record, diff, snapshot
from lvzhi.core.errors import ConflictError, InvalidTransition, ValidationFailed
from lvzhi.core.models import Person
from lvzhi.core.permissions import authorize

from . import permissions as perms
from .models import Deputy
from .states import ACTION_TO, MANDATE, DeputyStatus
from .validation import is_valid_id_number

PERSON_FIELDS = [
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "party",
    "education",
    "id_number",
    "phone",
    "email",
    "address",
    "workplace",
]
DEPUTY_FIELDS = [
    "code",
    "electoral_unit",
    "delegation",
    "group",
    "station",
    "sector",
    "elected_on",
    "is_sc_member",
]


def _check_person(fields: dict[str, Any]) -> None:
    if not (fields.get("name") or "").strip():
        raise ValidationFailed(_("The name is required."))
    idn = fields.get("id_number")
    if idn and not is_valid_id_number(idn):
        raise ValidationFailed(_("The ID number %(id)s is not valid.") % {"id": idn})


def _check_deputy(deputy: Deputy) -> None:
    group = deputy.group
    if group is not None and group.delegation_id != deputy.delegation_id:
        raise ValidationFailed(
            _("The group %(g)s does not belong to the delegation %(d)s.")
            % {"g": group.name, "d": deputy.delegation.name}
        )
    if deputy.delegation.term_id != deputy.term_id or deputy.electoral_unit.term_id != deputy.term_id:
        raise ValidationFailed(_("The delegation and electoral unit must belong to the deputy's term."))


def deputy_create(*, term: Any, person_fields: dict[str, Any], acting_user: Actor, **fields: Any) -> Deputy:
    authorize(acting_user, perms.can_manage_deputies)
    _check_person(person_fields)
    with transaction.atomic():
        idn = person_fields.get("id_number") or None
        person = Person.objects.filter(id_number=idn).first() if idn else None
        if person is not None and Deputy.objects.filter(term=term, person=person).exists():
            raise ConflictError(
                _("A deputy with the ID number %(id)s already exists in this term.") % {"id": idn}
            )
        if Deputy.objects.filter(term=term, code=fields.get("code")).exists():
            raise ConflictError(
                _("The deputy number %(code)s is already used.") % {"code": fields.get("code")}
            )
        if person is None:
            person = Person.objects.create(**{**person_fields, "id_number": idn})
        else:
            for name, value in person_fields.items():
                setattr(person, name, value)
            person.save(update_fields=list(person_fields))
        deputy = Deputy(term=term, person=person, **fields)
        _check_deputy(deputy)
        deputy.save()
        audit_record(
            actor=acting_user,
            action="deputy.create",
            obj=deputy,
            changes={**snapshot(deputy, DEPUTY_FIELDS), "person": snapshot(person, ["name", "id_number"])},
        )
    return deputy


def deputy_update(
    *, deputy: Deputy, acting_user: Actor, person_fields: dict[str, Any] | None = None, **fields: Any
) -> Deputy:
    authorize(acting_user, perms.can_manage_deputies)
    unknown = set(fields) - set(DEPUTY_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    person_fields = person_fields or {}
    if person_fields:
        _check_person({"name": deputy.person.name, **person_fields})
    with transaction.atomic():
        person = deputy.person
        before_p = snapshot(person, person_fields)
        before_d = snapshot(deputy, fields)
        idn = person_fields.get("id_number")
        if idn and Person.objects.filter(id_number=idn).exclude(pk=person.pk).exists():
            raise ConflictError(_("The ID number %(id)s belongs to another person.") % {"id": idn})
        if (
            "code" in fields
            and Deputy.objects.filter(term=deputy.term, code=fields["code"]).exclude(pk=deputy.pk).exists()
        ):
            raise ConflictError(_("The deputy number %(code)s is already used.") % {"code": fields["code"]})
        for name, value in person_fields.items():
            setattr(person, name, value)
        for name, value in fields.items():
            setattr(deputy, name, value)
        _check_deputy(deputy)
        if person_fields:
            person.save(update_fields=list(person_fields))
        if fields:
            deputy.save(update_fields=[*fields, "updated_at"])
        changes = {
            **diff(before_d, snapshot(deputy, fields)),
            **diff(before_p, snapshot(person, person_fields)),
        }
        audit_record(actor=acting_user, action="deputy.update", obj=deputy, changes=changes)
    return deputy


def _check_status_date(deputy: Deputy, date: dt.date) -> None:
    """Dates cannot lie: a change of status is recorded as done, so it is not dated in the
    future, nor before the status it ends began."""
    today = timezone.localdate()
    if date > today:
        raise ValidationFailed(
            _("The effective date %(date)s is in the future; record the change on or after that day.")
            % {"date": date.isoformat()},
            detail={"date": [_("The date cannot be after today.")]},
        )
    if deputy.status_date is not None and date < deputy.status_date:
        raise ValidationFailed(
            _("The effective date %(date)s is before the current status began (%(since)s).")
            % {"date": date.isoformat(), "since": deputy.status_date.isoformat()},
            detail={"date": [_("The date cannot be before the current status began.")]},
        )


def deputy_change_status(
    *, deputy: Deputy, status: str, reason: str, date: dt.date, acting_user: Actor
) -> Deputy:
    """Suspend (暂停), terminate (终止) or restore a mandate, with the reason and date."""
    authorize(acting_user, perms.can_change_deputy_status, deputy)
    if status not in DeputyStatus.values:
        raise ValidationFailed(_("Unknown status."))
    if status != DeputyStatus.ACTIVE and not reason.strip():
        raise ValidationFailed(_("A reason is required to suspend or terminate a mandate."))
    with transaction.atomic():
        deputy = Deputy.objects.select_for_update().select_related("person").get(pk=deputy.pk)
        if not MANDATE.allowed(ACTION_TO[status], deputy.status):
            raise InvalidTransition(
                _("A deputy whose status is %(cur)s cannot be changed to %(new)s.")
                % {"cur": deputy.get_status_display(), "new": DeputyStatus(status).label}
            )
        _check_status_date(deputy, date)
        before = snapshot(deputy, ["status", "status_reason", "status_date"])
        MANDATE.advance(ACTION_TO[status], deputy)
        deputy.status_reason = reason.strip()[:200] if status != DeputyStatus.ACTIVE else ""
        deputy.status_date = date
        deputy.save(update_fields=["status", "status_reason", "status_date", "updated_at"])
        audit_record(
            actor=acting_user,
            action="deputy.status",
            obj=deputy,
            changes=diff(before, snapshot(deputy, ["status", "status_reason", "status_date"])),
        )
    return deputy


def duty_record(
    *,
    deputy: Deputy,
    kind: str,
    date: dt.date,
    title: str,
    url: str = "",
    source: Any = None,
    public: bool = True,
) -> Any:
    """Add (or refresh) one entry of a deputy's duty record (履职档案). Called by other apps'
    services inside their transaction; idempotent per (deputy, kind, source)."""
    from .models import DutyRecord

    source_type = source._meta.label_lower if source is not None else ""
    source_id = str(source.pk) if source is not None else ""
    if source_id:
        record, _created = DutyRecord.objects.update_or_create(
            deputy=deputy,
            kind=kind,
            source_type=source_type,
            source_id=source_id,
            defaults={"date": date, "title": title[:200], "url": url, "public": public},
        )
        return record
    return DutyRecord.objects.create(
        deputy=deputy, kind=kind, date=date, title=title[:200], url=url, public=public
    )


def duty_record_remove(*, source: Any, kinds: list[str] | None = None) -> int:
    from .models import DutyRecord

    qs = DutyRecord.objects.filter(source_type=source._meta.label_lower, source_id=str(source.pk))
    if kinds:
        qs = qs.filter(kind__in=kinds)
    deleted, _n = qs.delete()
    return deleted


# --- contact details: masked everywhere, revealed one at a time (audited) ------------------------


def deputy_contact_reveal(*, deputy: Deputy, field: str, acting_user: Actor) -> str:
    """The full value of one contact field of ``deputy`` (ID number, phone, e-mail, address),
    for a roster keeper (or the deputy themself); every reveal writes an audit row naming the
    field (never the value)."""
    if field not in perms.CONTACT_FIELDS:
        raise ValidationFailed(_("Unknown contact field."), detail={"field": [_("Unknown contact field.")]})
    authorize(acting_user, perms.can_reveal_deputy_contact, deputy)
    value = getattr(deputy.person, field) or ""
    audit_record(actor=acting_user, action="deputy.contact.reveal", obj=deputy, changes={"field": field})
    return str(value)


def deputies_export_full(*, deputies: Any, filters: dict[str, Any], acting_user: Actor) -> bytes:
    """The roster workbook with full contact details: the keepers only, audited (who, when,
    which filters, how many rows). The ordinary export is masked."""
    from .xlsx import deputies_export_xlsx

    authorize(acting_user, perms.can_export_deputies_in_full)
    rows = list(deputies)
    body = deputies_export_xlsx(deputies=rows, reveal_contacts=True)
    audit_record(
        actor=acting_user,
        action="deputy.roster.export_full",
        object_type="deputies.deputy",
        object_repr="roster",
        changes={"rows": len(rows), "filters": {k: v for k, v in filters.items() if v}},
    )
    return body


# --- the roster import ----------------------------------------------------------------------------


def deputies_import(*, data: bytes, term: Any, acting_user: Actor) -> Any:
    """Import a roster workbook (``xlsx.roster_check`` reads and checks it): if every row is
    good, create or update the deputies (matched by deputy number) in one transaction, with an
    audit row each; otherwise nothing is written and every problem is listed. A status change
    of an existing mandate follows the ``MANDATE`` table (a terminated mandate stays terminated)."""
    from lvzhi.core.audit import AuditEntry, audit_record_many

    from .xlsx import COLUMNS, RowError, roster_check

    authorize(acting_user, perms.can_import_deputies)
    result, plan = roster_check(data=data, term=term)
    if plan is None:
        return result
    for row_no, _person_values, deputy_values in plan.rows:
        known = plan.existing.get(deputy_values["code"])
        new_status = deputy_values["status"]
        if known is not None and known.status != new_status:
            if not MANDATE.allowed(ACTION_TO[new_status], known.status):
                result.errors.append(
                    RowError(
                        row_no,
                        next(str(c.header) for c in COLUMNS if c.key == "status"),
                        _("A deputy whose status is %(cur)s cannot be changed to %(new)s.")
                        % {"cur": known.get_status_display(), "new": DeputyStatus(new_status).label},
                    )
                )
    if result.errors:
        return result
    entries: list[AuditEntry] = []
    with transaction.atomic():
        for _row_no, person_values, deputy_values in plan.rows:
            deputy = plan.existing.get(deputy_values["code"])
            if deputy is None:
                person = (
                    plan.persons_by_id.get(person_values["id_number"]) if person_values["id_number"] else None
                )
                if person is None:
                    person = Person.objects.create(**person_values)
                else:
                    for k, v in person_values.items():
                        setattr(person, k, v)
                    person.save(update_fields=list(person_values))
                deputy = Deputy.objects.create(term=term, person=person, **deputy_values)
                result.created += 1
                entries.append(AuditEntry("deputy.import.create", deputy, {"code": deputy.code}))
            else:
                person = deputy.person
                changes = {}
                for k, v in person_values.items():
                    if getattr(person, k) != v:
                        changes[k] = [getattr(person, k), v]
                        setattr(person, k, v)
                for k, v in deputy_values.items():
                    current = getattr(deputy, k)
                    if current != v:
                        changes[k] = [getattr(current, "pk", current), getattr(v, "pk", v)]
                        setattr(deputy, k, v)
                if changes:
                    person.save(update_fields=list(person_values))
                    deputy.save()
                    result.updated += 1
                    entries.append(AuditEntry("deputy.import.update", deputy, changes))
        audit_record_many(actor=acting_user, entries=entries)
        audit_record(
            actor=acting_user,
            action="deputies.import",
            object_type="deputies.term",
            object_id=str(term.pk),
            object_repr=str(term),
            changes={"created": result.created, "updated": result.updated},
        )
    return result
