"""Samples for the access matrix (``lvzhi/core/tests/test_access_matrix.py``): legislation.

Personas are relative to the samples (see ``lvzhi.legislation.access``): the bill is submitted
and drafted by the officer's unit (the education bureau); the proposal was put forward by the
deputy; the member and the leader sit on the term's Standing Committee and vote.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lvzhi.core.access import P
from lvzhi.legislation.access import MATRIX_MEETING_ID


def _clerk(m: Any) -> Any:
    return m.users[P.LEGAL]


def _meeting(m: Any) -> Any:
    """A Standing Committee meeting held last month, with a known id (the API bodies name it)."""
    from lvzhi.core.models import Session

    start = timezone.localdate() - dt.timedelta(days=30)
    session, _created = Session.objects.get_or_create(
        pk=MATRIX_MEETING_ID,
        defaults={
            "term": m.w.term,
            "body": "standing_committee",
            "number": 77,
            "start_date": start,
            "end_date": start + dt.timedelta(days=1),
        },
    )
    return session


def _bill_and_more(m: Any) -> dict[str, Any]:
    from lvzhi.legislation import services
    from lvzhi.legislation.tests.factories import DOG_DRAFT

    clerk = _clerk(m)
    bill = services.bill_create(
        title="江澜市养犬管理条例（草案）",
        proposer_kind="government",
        proposer_organ=m.w.government,
        drafting_unit=m.w.education,
        explanation="关于草案的说明",
        text=DOG_DRAFT,
        acting_user=clerk,
    )
    attachment = services.bill_attach(
        bill=bill, upload=SimpleUploadedFile("note.pdf", b"%PDF-1.4 sample"), acting_user=clerk
    )
    services.bill_submit(bill=bill, acting_user=clerk)
    reading = services.reading_schedule(bill=bill, session=_meeting(m), acting_user=clerk)
    return {"bill": bill, "attachment": attachment, "reading": reading}


def _core(m: Any) -> dict[str, Any]:
    if "_legislation" not in m._samples:
        m._samples["_legislation"] = _bill_and_more(m)
    return m._samples["_legislation"]


def bill(m: Any) -> dict[str, Any]:
    core = _core(m)
    return {"pk": core["bill"].pk, "number": 1, "step": "readings", "attachment_id": core["attachment"].pk}


def reading(m: Any) -> dict[str, Any]:
    pk = _core(m)["reading"].pk
    return {"pk": pk, "reading_id": pk}


def meeting(m: Any) -> dict[str, Any]:
    return {"pk": _meeting(m).pk}


def vote(m: Any) -> dict[str, Any]:
    """An open vote on the sample bill; the member and the leader get seats on the Standing
    Committee (a person and a membership) so that they may vote in person."""
    from conftest import make_person
    from lvzhi.core.models import OrganMembership, User
    from lvzhi.legislation.models import Vote

    session = _meeting(m)
    for n, persona in enumerate((P.MEMBER, P.LEADER)):
        user = m.users[persona]
        if user.person_id is None:
            person = make_person(f"委员{persona.value}", 700 + n)
            User.objects.filter(pk=user.pk).update(person=person)
            user.person = person
        OrganMembership.objects.get_or_create(
            person_id=user.person_id,
            organ=m.w.sc,
            term=m.w.term,
            defaults={"position": "member", "start_date": m.w.term.start_date},
        )
    row = Vote.objects.create(
        bill=_core(m)["bill"],
        session=session,
        kind="whole",
        rule="more_than_half_of_all_members",
        total_members=2,
        present=0,
        opened_at=timezone.now(),
    )
    return {"pk": row.pk}


def plan(m: Any) -> dict[str, Any]:
    from lvzhi.legislation import services

    row = services.plan_create(kind="annual", title="年度立法计划", year=2026, acting_user=_clerk(m))
    return {"pk": row.pk}


def proposal(m: Any) -> dict[str, Any]:
    from lvzhi.legislation import services

    row = services.proposal_create(
        title="关于制定养犬管理条例的建议",
        source="other",
        summary="必要性和主要内容",
        proposer_name="王建国",
        acting_user=m.users[P.DEPUTY],
    )
    return {"pk": row.pk, "step": "assess"}


def regulation(m: Any) -> dict[str, Any]:
    """A regulation promulgated last year and amended this spring: two texts to compare."""
    from lvzhi.legislation.models import Regulation, RegulationVersion
    from lvzhi.legislation.tests.factories import DOG_DRAFT, DOG_REVISED

    today = timezone.localdate()
    row = Regulation.objects.create(title="江澜市养犬管理条例", enacting_body="江澜市人民代表大会常务委员会")
    for number, (text, kind, days) in enumerate(
        ((DOG_DRAFT, "enactment", 400), (DOG_REVISED, "amendment", 100)), start=1
    ):
        day = today - dt.timedelta(days=days)
        RegulationVersion.objects.create(
            regulation=row,
            number=number,
            kind=kind,
            title=row.title,
            text=text,
            article_count=8 + number,
            announcement_number=f"第{number}号",
            enacting_body=row.enacting_body,
            passed_on=day - dt.timedelta(days=30),
            promulgated_on=day,
            commencement_on=day,
        )
    return {"pk": row.pk, "number": 1, "regulation": row}


def amendment(m: Any) -> dict[str, Any]:
    """A submitted bill amending a regulation in force, drafted by the officer's unit (like the
    sample bill): the amendment decision draft needs the version in force."""
    from lvzhi.legislation import services
    from lvzhi.legislation.tests.factories import DOG_REVISED

    clerk = _clerk(m)
    row = regulation(m)
    bill = services.bill_create(
        title="江澜市养犬管理条例（修正草案）",
        kind="amend",
        regulation=row["regulation"],
        proposer_kind="government",
        proposer_organ=m.w.government,
        drafting_unit=m.w.education,
        explanation="关于修正草案的说明",
        text=DOG_REVISED,
        acting_user=clerk,
    )
    services.bill_submit(bill=bill, acting_user=clerk)
    return {"pk": bill.pk}


SAMPLES = {
    "legislation.bill": bill,
    "legislation.amendment": amendment,
    "legislation.reading": reading,
    "legislation.meeting": meeting,
    "legislation.vote": vote,
    "legislation.plan": plan,
    "legislation.proposal": proposal,
    "legislation.regulation": regulation,
}
