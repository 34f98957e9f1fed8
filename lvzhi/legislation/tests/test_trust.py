"""Issue 11.16: nothing in the future is recorded as done, each step follows the one before it
in time, the portal shows a regulation only from its promulgation date, and a concluded bill
is announced (``signals.bill_concluded``) after the commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lvzhi.core.errors import ValidationFailed
from lvzhi.core.models import AuditLog, Session
from lvzhi.core.services import api_token_create
from lvzhi.legislation import selectors, services
from lvzhi.legislation.models import Attendance, Bill, Reading, RegulationVersion, Vote
from lvzhi.legislation.signals import bill_concluded
from lvzhi.legislation.states import BillStatus

from .factories import (
    DOG_DRAFT,
    DOG_REVISED,
    attend,
    force_status,
    make_bill,
    read,
    ready_for_vote,
    vote_whole,
)

pytestmark = pytest.mark.django_db
S = BillStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _future_meeting(lw: Any, days: int = 28) -> Session:
    start = timezone.localdate() + dt.timedelta(days=days)
    return Session.objects.create(
        term=lw.w.term, body="standing_committee", number=90, start_date=start, end_date=start
    )


def _refused(call: Any, code: str, *words: str) -> ValidationFailed:
    audits = AuditLog.objects.count()
    with pytest.raises(ValidationFailed) as info:
        call()
    assert info.value.code == code, info.value.as_dict()
    for word in words:
        assert word in str(info.value.message), info.value.message
    assert AuditLog.objects.count() == audits, "a refused step wrote something"
    return info.value


def _auth(user: Any) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="test", acting_user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# --- the reported sequence, over the API ----------------------------------------------------------


def test_the_api_refuses_a_reading_attendance_and_vote_at_a_future_meeting(client, lw):
    """2026-12-03: a reading held at a meeting dated 2026-12-31, its attendance and a vote."""
    clerk = _auth(lw.clerk)
    future = _future_meeting(lw)
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    reading = services.reading_schedule(bill=bill, session=future, acting_user=lw.clerk)  # planning is fine
    response = client.post(
        f"/api/legislation/readings/{reading.pk}/hold", {}, content_type="application/json", **clerk
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "date_in_future" and future.start_date.isoformat() in body["message"]
    assert Reading.objects.get(pk=reading.pk).status == "scheduled"
    assert Bill.objects.get(pk=bill.pk).readings_held == 0
    response = client.post(
        f"/api/legislation/meetings/{future.pk}/attendance",
        {"present_membership_ids": [m.pk for m in lw.members]},
        content_type="application/json",
        **clerk,
    )
    assert response.status_code == 422 and response.json()["code"] == "date_in_future"
    assert not Attendance.objects.filter(session=future).exists()


def test_a_reading_cannot_be_held_in_the_future_or_before_the_submission(lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    reading = services.reading_schedule(bill=bill, session=lw.meetings[0], acting_user=lw.clerk)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    _refused(
        lambda: services.reading_hold(reading=reading, held_on=tomorrow, acting_user=lw.clerk),
        "date_in_future",
        tomorrow.isoformat(),
    )
    # the meeting began three days ago, the bill was submitted today: not read before that
    before = lw.meetings[0].start_date
    _refused(
        lambda: services.reading_hold(reading=reading, held_on=before, acting_user=lw.clerk),
        "date_out_of_order",
        "submission",
    )
    Bill.objects.filter(pk=bill.pk).update(submitted_at=timezone.now() - dt.timedelta(days=30))
    _refused(
        lambda: services.reading_hold(
            reading=reading, held_on=before - dt.timedelta(days=1), acting_user=lw.clerk
        ),
        "date_out_of_order",
        "meeting",
    )
    held = services.reading_hold(reading=reading, held_on=before, acting_user=lw.clerk)
    assert held.held_on == before


def test_no_vote_or_ballot_at_a_future_meeting_nor_before_the_last_reading(lw):
    bill = ready_for_vote(lw)  # read at meetings 0 and 1
    future = _future_meeting(lw)
    _refused(
        lambda: services.vote_open(bill=bill, session=future, acting_user=lw.clerk),
        "date_in_future",
        future.start_date.isoformat(),
    )
    attend(lw, lw.meetings[0], 12)
    _refused(
        lambda: services.vote_open(bill=bill, session=lw.meetings[0], acting_user=lw.clerk),
        "date_out_of_order",
        "last reading",
    )
    assert not Vote.objects.exists()
    # a vote left open on a meeting moved into the future (data from before): no ballots, no close
    vote = services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk)
    Session.objects.filter(pk=lw.meetings[2].pk).update(
        start_date=future.start_date, end_date=future.end_date
    )
    _refused(
        lambda: services.ballot_cast(vote=vote, membership=lw.members[0], choice="yes", acting_user=lw.clerk),
        "date_in_future",
    )
    _refused(lambda: services.vote_close(vote=vote, acting_user=lw.clerk), "date_in_future")
    assert Vote.objects.get(pk=vote.pk).status == "open"
    assert Bill.objects.get(pk=bill.pk).status == S.DELIBERATION


def test_approval_promulgation_and_filing_cannot_be_dated_in_the_future(lw):
    bill = ready_for_vote(lw)
    vote_whole(lw, bill, yes=12)
    bill.refresh_from_db()
    today = timezone.localdate()
    later = today + dt.timedelta(days=69)  # 2027-02-10 when reported
    _refused(
        lambda: services.approval_submit(bill=bill, submitted_on=later, acting_user=lw.clerk),
        "date_in_future",
    )
    services.approval_submit(bill=bill, submitted_on=today, acting_user=lw.clerk)
    _refused(
        lambda: services.approval_record(
            bill=bill, approved_on=later, approving_body="某省人民代表大会常务委员会", acting_user=lw.clerk
        ),
        "date_in_future",
        later.isoformat(),
    )
    _refused(
        lambda: services.approval_refuse(bill=bill, on=later, note="不予批准", acting_user=lw.clerk),
        "date_in_future",
    )
    _refused(
        lambda: services.approval_refuse(
            bill=bill, on=today - dt.timedelta(days=1), note="不予批准", acting_user=lw.clerk
        ),
        "date_out_of_order",
        "submission for approval",
    )
    services.approval_record(
        bill=bill, approved_on=today, approving_body="某省人民代表大会常务委员会", acting_user=lw.clerk
    )
    promulgation = {
        "announcement_number": "第1号",
        "enacting_body": "江澜市人民代表大会常务委员会",
        "commencement_on": today + dt.timedelta(days=90),  # a future commencement is fine
        "acting_user": lw.clerk,
    }
    _refused(
        lambda: services.bill_promulgate(
            bill=bill, promulgated_on=today + dt.timedelta(days=10), **promulgation
        ),
        "date_in_future",
    )
    assert not RegulationVersion.objects.exists()
    version = services.bill_promulgate(bill=bill, promulgated_on=today, **promulgation)
    _refused(
        lambda: services.filing_record(
            bill=bill,
            filed_on=today + dt.timedelta(days=1),
            filed_with="某省人民代表大会常务委员会",
            acting_user=lw.clerk,
        ),
        "date_in_future",
    )
    assert RegulationVersion.objects.get(pk=version.pk).filed_on is None


def test_shelving_ending_and_plan_adoption_are_not_dated_in_the_future(lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    _refused(
        lambda: services.bill_shelve(bill=bill, reason="待研究", on=tomorrow, acting_user=lw.clerk),
        "date_in_future",
    )
    _refused(
        lambda: services.bill_terminate(bill=bill, reason="终止", on=tomorrow, acting_user=lw.clerk),
        "date_in_future",
    )
    plan = services.plan_create(kind="annual", title="年度立法计划", year=2027, acting_user=lw.clerk)
    _refused(
        lambda: services.plan_adopt(plan=plan, adopted_on=tomorrow, acting_user=lw.clerk), "date_in_future"
    )


def test_the_web_form_shows_the_date_problem(client, lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    reading = services.reading_schedule(bill=bill, session=_future_meeting(lw), acting_user=lw.clerk)
    client.force_login(lw.clerk)
    client.cookies["django_language"] = "en"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(reverse("legislation:reading_hold", args=[reading.pk]), {"held_on": tomorrow})
    assert response.status_code == 200
    assert "in the future" in response.content.decode()
    assert Reading.objects.get(pk=reading.pk).status == "scheduled"


# --- the portal -----------------------------------------------------------------------------------


def _promulgated_today(lw: Any) -> RegulationVersion:
    bill = force_status(make_bill(lw), S.APPROVED)
    today = timezone.localdate()
    Bill.objects.filter(pk=bill.pk).update(passed_on=today - dt.timedelta(days=30), approved_on=today)
    return services.bill_promulgate(
        bill=bill,
        announcement_number="第1号",
        promulgated_on=today,
        commencement_on=today + dt.timedelta(days=60),
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=lw.clerk,
    )


def test_the_portal_shows_a_regulation_from_its_promulgation_date(client, lw):
    version = _promulgated_today(lw)
    pk = version.regulation_id
    assert [r.regulation.pk for r in selectors.public_regulations()] == [pk]
    assert client.get(reverse("regulations_public:detail", args=[pk])).status_code == 200
    assert [r["id"] for r in client.get("/api/legislation/regulations").json()] == [pk]
    # a version recorded with a promulgation date still ahead (data from before the fix)
    later = timezone.localdate() + dt.timedelta(days=79)  # 2027-02-20 when reported
    RegulationVersion.objects.filter(pk=version.pk).update(promulgated_on=later, commencement_on=later)
    assert selectors.public_regulations() == []
    assert selectors.public_regulation(pk) is None
    assert client.get(reverse("regulations_public:detail", args=[pk])).status_code == 404
    assert client.get(reverse("regulations_public:version", args=[pk, 1])).status_code == 404
    assert client.get("/api/legislation/regulations").json() == []
    assert client.get(f"/api/legislation/regulations/{pk}/versions/1").status_code == 404
    assert "江澜市养犬管理条例" not in client.get(reverse("regulations_public:list")).content.decode()


def test_an_amendment_promulgated_later_is_not_shown_before_its_day(lw):
    first = _promulgated_today(lw)
    RegulationVersion.objects.create(
        regulation=first.regulation,
        number=2,
        kind="amendment",
        title=first.title,
        text=DOG_DRAFT,
        announcement_number="第9号",
        enacting_body=first.enacting_body,
        passed_on=timezone.localdate(),
        promulgated_on=timezone.localdate() + dt.timedelta(days=5),
        commencement_on=timezone.localdate() + dt.timedelta(days=5),
    )
    row = selectors.public_regulation(first.regulation_id)
    assert row is not None and [v.number for v in row.versions] == [1]


# --- bill_concluded ----------------------------------------------------------------------------------


@pytest.fixture
def concluded():
    received: list[tuple[Any, str]] = []

    def receiver(sender: Any, bill: Bill, reason: str, **kw: Any) -> None:
        assert sender is Bill
        received.append((bill.pk, reason))

    bill_concluded.connect(receiver, dispatch_uid="test-legislation-concluded")
    yield received
    bill_concluded.disconnect(dispatch_uid="test-legislation-concluded")


def test_a_passed_or_failed_vote_announces_the_conclusion_after_commit(
    lw, concluded, django_capture_on_commit_callbacks
):
    passed = ready_for_vote(lw)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        vote_whole(lw, passed, yes=12)
    assert concluded == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert concluded == [(passed.pk, "voted")]
    failed = ready_for_vote(lw)
    with django_capture_on_commit_callbacks(execute=True):
        vote_whole(lw, failed, yes=3, no=9)
    assert concluded[-1] == (failed.pk, "failed")


def test_a_clause_vote_concludes_nothing(lw, concluded, django_capture_on_commit_callbacks):
    bill = ready_for_vote(lw)
    with django_capture_on_commit_callbacks(execute=True):
        vote = services.vote_open(
            bill=bill, session=lw.meetings[2], kind="clause", clause="第七条", acting_user=lw.clerk
        )
        services.vote_close(vote=vote, acting_user=lw.clerk)
    assert concluded == []


def test_withdrawal_and_termination_announce_the_conclusion(
    lw, concluded, django_capture_on_commit_callbacks
):
    withdrawn = make_bill(lw)
    services.bill_submit(bill=withdrawn, acting_user=lw.clerk)
    ended = make_bill(lw)
    services.bill_submit(bill=ended, acting_user=lw.clerk)
    read(lw, ended, lw.meetings[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.bill_withdraw(bill=withdrawn, reason="提案人撤回", acting_user=lw.clerk)
        services.bill_terminate(bill=ended, reason="搁置满两年", acting_user=lw.clerk)
    assert concluded == [(withdrawn.pk, "withdrawn"), (ended.pk, "terminated")]


def test_a_refused_conclusion_announces_nothing(lw, concluded, django_capture_on_commit_callbacks):
    bill = ready_for_vote(lw)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationFailed):
            services.bill_terminate(
                bill=bill, reason="终止", on=timezone.localdate() + dt.timedelta(days=3), acting_user=lw.clerk
            )
    assert concluded == []
    assert Bill.objects.get(pk=bill.pk).status == S.DELIBERATION


# --- services authorize their actor (issue 12) ----------------------------------------------------


def test_services_refuse_an_actor_without_the_permission_and_let_the_system_through(lw):
    from lvzhi.core.actors import SYSTEM
    from lvzhi.core.errors import PermissionDeniedError

    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    deputy, officer = lw.w.deputy_user, lw.w.outsider_officer  # the officer's unit drafts the bill
    with pytest.raises(PermissionDeniedError):
        services.bill_shelve(bill=bill, reason="理由", acting_user=deputy)
    with pytest.raises(PermissionDeniedError):
        services.bill_set_readings(bill=bill, readings=3, note="n", acting_user=officer)
    with pytest.raises(PermissionDeniedError):
        services.bill_add_version(bill=bill, text=DOG_DRAFT, acting_user=deputy)
    # (a new text: the same text as the last version is refused since issue 13.3)
    services.bill_add_version(bill=bill, text=DOG_REVISED, acting_user=officer)  # the drafting unit may
    assert Bill.objects.get(pk=bill.pk).status == S.DELIBERATION
    services.bill_shelve(bill=bill, reason="主任会议决定", acting_user=SYSTEM)
    assert Bill.objects.get(pk=bill.pk).status == S.SHELVED
    # a member votes only for themselves
    ready = ready_for_vote(lw)
    vote = services.vote_open(bill=ready, session=lw.meetings[2], acting_user=lw.clerk)
    member = lw.members[0]
    member_user = lw.member_users[member.pk]
    with pytest.raises(PermissionDeniedError):
        services.ballot_cast(vote=vote, membership=lw.members[1], choice="yes", acting_user=member_user)
    assert services.ballot_cast(vote=vote, membership=member, choice="yes", acting_user=member_user)


def test_the_office_records_the_voting_system_all_or_nothing(lw):
    from lvzhi.legislation.models import Ballot

    bill = ready_for_vote(lw, present=10)
    vote = services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk)
    absent = lw.members[12]  # not recorded present
    with pytest.raises(ValidationFailed):
        services.ballots_record(
            vote=vote,
            choices=[(lw.members[0], "yes"), (lw.members[1], "no"), (absent, "yes")],
            acting_user=lw.clerk,
        )
    assert not Ballot.objects.filter(vote=vote).exists()
    n = services.ballots_record(
        vote=vote,
        choices=[(lw.members[0], "yes"), (lw.members[1], ""), (lw.members[2], "no")],
        acting_user=lw.clerk,
    )
    assert n == 2 and Ballot.objects.filter(vote=vote).count() == 2
