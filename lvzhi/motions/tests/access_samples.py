"""Samples for the access matrix (``test_access_matrix.py``): motions.

``P.DEPUTY`` (the world's deputy) leads ``motions.draft`` / ``.submitted`` / ``.referred`` /
``.listed`` and is an invited co-signer of ``motions.invited`` (led by a deputy with no account).
The co-signers have no accounts: every other persona has no part in the motions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lvzhi.core.actors import SYSTEM


def _session(m: Any) -> Any:
    from lvzhi.core.models import Session

    today = timezone.localdate()
    session, _created = Session.objects.get_or_create(
        term=m.w.term,
        body="congress",
        number=95,
        defaults={
            "start_date": today,
            "end_date": today + dt.timedelta(days=10),
            "motion_cutoff": timezone.now() + dt.timedelta(days=7),
        },
    )
    return session


def _deputy(m: Any, n: int) -> Any:
    from conftest import make_person
    from lvzhi.deputies.models import Deputy

    found = Deputy.objects.filter(term=m.w.term, code=f"M{n:04d}").first()
    if found is not None:
        return found
    return Deputy.objects.create(
        person=make_person(f"议案代表{n}", n),
        term=m.w.term,
        code=f"M{n:04d}",
        electoral_unit=m.w.unit,
        delegation=m.w.delegation,
    )


def _motion(m: Any, *, lead: Any, cosigners: list[Any], upload: Any = None) -> Any:
    from lvzhi.motions.services import motion_create

    return motion_create(
        session=_session(m),
        lead=lead,
        title="关于加强学校周边交通安全管理的议案",
        reason="上下学时段拥堵。",
        proposal="制定管理规定。",
        cosigners=cosigners,
        upload=upload,
        acting_user=SYSTEM,
    )


def _force(motion: Any, status: str, m: Any) -> Any:
    from lvzhi.core.models import Organ, OrganType
    from lvzhi.motions.models import Motion

    fields: dict[str, Any] = {
        "status": status,
        "number": f"矩阵第{motion.pk}号",
        "sequence": motion.pk,
        "submitted_at": timezone.now(),
    }
    if status == "not_listed":
        committee, _created = Organ.objects.get_or_create(
            code="matrix-committee",
            defaults={"name": "矩阵专门委员会", "type": OrganType.SPECIAL_COMMITTEE, "parent": m.w.congress},
        )
        fields.update(committee=committee, report_due=timezone.localdate() + dt.timedelta(days=90))
    Motion.objects.filter(pk=motion.pk).update(**fields)
    return motion


def draft(m: Any) -> dict[str, Any]:
    from lvzhi.motions.selectors import motion_attachments

    upload = SimpleUploadedFile("draft.txt", "条例草案".encode(), content_type="text/plain")
    motion = _motion(m, lead=m.w.deputy, cosigners=[_deputy(m, 501), _deputy(m, 502)], upload=upload)
    (attachment,) = motion_attachments(motion)
    return {"pk": motion.pk, "attachment_id": attachment.pk}


def invited(m: Any) -> dict[str, Any]:
    motion = _motion(m, lead=_deputy(m, 503), cosigners=[m.w.deputy, _deputy(m, 504)])
    return {"pk": motion.pk}


def submitted(m: Any) -> dict[str, Any]:
    motion = _motion(m, lead=m.w.deputy, cosigners=[_deputy(m, 505)])
    return {"pk": _force(motion, "submitted", m).pk}


def referred(m: Any) -> dict[str, Any]:
    motion = _motion(m, lead=m.w.deputy, cosigners=[_deputy(m, 506)])
    return {"pk": _force(motion, "not_listed", m).pk}


def listed(m: Any) -> dict[str, Any]:
    motion = _motion(m, lead=m.w.deputy, cosigners=[_deputy(m, 507)])
    return {"pk": _force(motion, "listed", m).pk}


SAMPLES = {
    "motions.draft": draft,
    "motions.invited": invited,
    "motions.submitted": submitted,
    "motions.referred": referred,
    "motions.listed": listed,
}
