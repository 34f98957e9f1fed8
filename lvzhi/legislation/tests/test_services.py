"""Legislation services against the database: the whole journey, the rules of the profile,
every refused transition (and that it changes nothing), vote arithmetic, deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone, translation

from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import (
    ConflictError,
    DomainError,
    InvalidTransition,
    PermissionDeniedError,
    ValidationFailed,
)
from lvzhi.core.models import AuditLog, Notification, RulesProfile, Todo, TodoStatus
from lvzhi.legislation import selectors, services
from lvzhi.legislation.models import (
    Ballot,
    Bill,
    ProjectProposal,
    Reading,
    Regulation,
    RegulationVersion,
    Vote,
)
from lvzhi.legislation.states import TRANSITIONS, BillStatus, VoteResult

from .factories import (
    DOG_DRAFT,
    DOG_REVISED,
    add_members,
    attend,
    force_status,
    make_bill,
    read,
    ready_for_vote,
    review,
    vote_whole,
)

pytestmark = pytest.mark.django_db
S = BillStatus


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English, whatever translations the catalogue gains."""
    with translation.override("en"):
        yield


def _state(bill: Bill) -> tuple[Any, ...]:
    row = Bill.objects.get(pk=bill.pk)
    return (
        row.status,
        row.readings_planned,
        row.readings_held,
        row.consultation_start,
        row.passed_on,
        row.approval_due,
        row.approved_on,
        Reading.objects.filter(bill=bill).count(),
        Vote.objects.filter(bill=bill).count(),
        RegulationVersion.objects.count(),
        AuditLog.objects.count(),
    )


def _refused(
    bill: Bill, call: Any, error: type[DomainError] = InvalidTransition, code: str | None = None
) -> Any:
    before = _state(bill)
    with pytest.raises(error) as info:
        call()
    assert _state(bill) == before, "a refused step changed something"
    assert str(info.value.message)
    if code:
        assert info.value.code == code, info.value.as_dict()
    return info.value


# --- the journey -------------------------------------------------------------------------------


def test_the_whole_journey_from_draft_to_a_regulation_in_force(lw, clock):
    bill = make_bill(lw)
    assert bill.status == S.DRAFTING and bill.readings_planned == 2  # the default profile's readings_default
    assert bill.versions.get().article_count == 8

    services.bill_submit(bill=bill, acting_user=lw.clerk)
    bill.refresh_from_db()
    assert bill.status == S.SUBMITTED and bill.base_version is None
    assert Todo.objects.filter(
        kind=services.TODO_SCHEDULE, status=TodoStatus.OPEN, assignee_organ=lw.office
    ).exists()

    first = read(lw, bill, lw.meetings[0])
    bill.refresh_from_db()
    assert first.number == 1 and bill.status == S.DELIBERATION and bill.readings_held == 1
    assert Todo.objects.filter(kind=services.TODO_CONSULTATION, status=TodoStatus.OPEN).exists()
    start = lw.meetings[0].start_date + dt.timedelta(days=3)
    services.consultation_set(bill=bill, start=start, end=start + dt.timedelta(days=30), acting_user=lw.clerk)
    assert not Todo.objects.filter(kind=services.TODO_CONSULTATION, status=TodoStatus.OPEN).exists()
    # the unified review is due before the second (final) reading
    assert Todo.objects.filter(
        kind=services.TODO_REVIEW, status=TodoStatus.OPEN, assignee_organ=lw.law_committee
    ).exists()

    services.bill_add_version(bill=bill, text=DOG_REVISED, acting_user=lw.clerk)
    review(lw, bill)
    read(lw, bill, lw.meetings[1])
    attend(lw, lw.meetings[2], 12)
    vote = vote_whole(lw, bill, yes=10, no=1, abstain=1)
    bill.refresh_from_db()
    assert vote.result == VoteResult.ADOPTED and (vote.yes, vote.no, vote.abstain, vote.total_members) == (
        10,
        1,
        1,
        15,
    )
    assert bill.status == S.PASSED and bill.passed_on is not None and bill.voted_session == lw.meetings[2]

    services.approval_submit(bill=bill, submitted_on=bill.passed_on, acting_user=lw.clerk)
    bill.refresh_from_db()
    assert bill.status == S.AWAITING_APPROVAL and bill.approval_due is not None
    approved = bill.passed_on + dt.timedelta(days=40)
    clock.travel_to(
        approved + dt.timedelta(days=15)
    )  # the province decides, the office promulgates and files
    services.approval_record(
        bill=bill, approved_on=approved, approving_body="某省人民代表大会常务委员会", acting_user=lw.clerk
    )
    version = services.bill_promulgate(
        bill=bill,
        announcement_number="第1号",
        promulgated_on=approved + dt.timedelta(days=2),
        commencement_on=approved + dt.timedelta(days=30),
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=lw.clerk,
    )
    bill.refresh_from_db()
    assert bill.status == S.PROMULGATED and bill.regulation == version.regulation
    assert version.title == "江澜市养犬管理条例" and version.number == 1 and version.article_count == 9
    assert version.text.splitlines()[0] == "江澜市养犬管理条例"
    assert (
        "通过" in version.text.splitlines()[1]
        and "某省人民代表大会常务委员会" in version.text.splitlines()[1]
    )
    assert version.filing_due is not None and version.approved_on == approved
    services.filing_record(
        bill=bill,
        filed_on=version.promulgated_on + dt.timedelta(days=10),
        filed_with="某省人民代表大会常务委员会",
        acting_user=lw.clerk,
    )
    bill.refresh_from_db()
    assert bill.status == S.FILED
    assert selectors.version_in_force(version.regulation, version.commencement_on) == version
    assert (
        selectors.version_in_force(version.regulation, version.commencement_on - dt.timedelta(days=1)) is None
    )
    actions = set(
        AuditLog.objects.filter(object_type="legislation.bill", object_id=str(bill.pk)).values_list(
            "action", flat=True
        )
    )
    assert {
        "legislation.bill.create",
        "legislation.bill.submit",
        "legislation.reading.hold",
        "legislation.vote.close",
        "legislation.bill.promulgate",
        "legislation.bill.file",
    } <= actions
    assert (
        not Todo.objects.filter(
            source_id=str(bill.pk), status=TodoStatus.OPEN, kind__startswith="legislation."
        )
        .exclude(kind=services.TODO_FILING)
        .exists()
    )


def test_amendment_compares_with_the_version_in_force_and_repeal_marks_the_regulation(lw):
    regulation = Regulation.objects.create(
        title="江澜市养犬管理条例", enacting_body="江澜市人民代表大会常务委员会"
    )
    day = timezone.localdate() - dt.timedelta(days=400)
    old = RegulationVersion.objects.create(
        regulation=regulation,
        number=1,
        kind="enactment",
        title=regulation.title,
        text=DOG_DRAFT,
        announcement_number="第3号",
        enacting_body=regulation.enacting_body,
        passed_on=day,
        promulgated_on=day,
        commencement_on=day,
    )
    amendment = make_bill(
        lw, title="江澜市养犬管理条例（修订草案）", kind="amend", regulation=regulation, text=DOG_REVISED
    )
    services.bill_submit(bill=amendment, acting_user=lw.clerk)
    amendment.refresh_from_db()
    assert amendment.base_version == old
    result = selectors.compare_texts(amendment.base_version.text, amendment.versions.get().text)
    assert result.counts()["inserted"] == 1 and result.counts()["modified"] == 2

    # without a version in force the package is incomplete
    other = Regulation.objects.create(title="江澜市某条例", enacting_body="x")
    RegulationVersion.objects.create(
        regulation=other,
        number=1,
        kind="enactment",
        title="江澜市某条例",
        text=DOG_DRAFT,
        announcement_number="第4号",
        enacting_body="x",
        passed_on=day,
        promulgated_on=day,
        commencement_on=timezone.localdate() + dt.timedelta(days=10),
    )
    bill = make_bill(lw, title="江澜市某条例（修正草案）", kind="amend", regulation=other)
    err = _refused(
        bill,
        lambda: services.bill_submit(bill=bill, acting_user=lw.clerk),
        ValidationFailed,
        "incomplete_package",
    )
    assert any("version in force" in str(d) for d in err.detail)

    repeal = make_bill(
        lw, title="关于废止《江澜市养犬管理条例》的决定（草案）", kind="repeal", regulation=regulation
    )
    force_status(repeal, S.APPROVED)
    Bill.objects.filter(pk=repeal.pk).update(readings_held=1)
    today = timezone.localdate()
    version = services.bill_promulgate(
        bill=repeal,
        announcement_number="第9号",
        promulgated_on=today,
        commencement_on=today,
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=lw.clerk,
    )
    regulation.refresh_from_db()
    assert version.kind == "repeal" and version.number == 2 and regulation.repealed_on == today
    row = selectors.public_regulation(regulation.pk)
    assert row is not None and row.status == "repealed" and row.current == old


def test_members_bill_needs_five_members_of_the_standing_committee(lw):
    people = [m.person for m in lw.members[:4]]
    with pytest.raises(ValidationFailed) as info:
        make_bill(lw, proposer_kind="members", proposer_organ=None, sponsors=people)
    assert info.value.detail == {"required": 5, "given": 4}
    with pytest.raises(ValidationFailed):
        make_bill(lw, proposer_kind="members", proposer_organ=None, sponsors=[*people, lw.w.deputy.person])
    bill = make_bill(
        lw, proposer_kind="members", proposer_organ=None, sponsors=[m.person for m in lw.members[:5]]
    )
    assert bill.sponsors.count() == 5 and bill.proposer_organ is None


def test_proposer_organ_must_fit_the_kind(lw):
    with pytest.raises(ValidationFailed):
        make_bill(lw, proposer_kind="government", proposer_organ=lw.w.education)
    with pytest.raises(ValidationFailed):
        make_bill(lw, proposer_kind="committee", proposer_organ=None)


def test_unreadable_text_is_refused(lw):
    with pytest.raises(ValidationFailed) as info:
        make_bill(lw, text="这不是一部法规，只是一段说明。")
    assert "regulation" in str(info.value.message)
    assert not Bill.objects.exists()


def test_submission_needs_text_and_explanation(lw):
    bill = make_bill(lw, text="", explanation="")
    err = _refused(
        bill,
        lambda: services.bill_submit(bill=bill, acting_user=lw.clerk),
        ValidationFailed,
        "incomplete_package",
    )
    assert len(err.detail) == 2


# --- readings ----------------------------------------------------------------------------------


def test_a_fourth_reading_under_a_three_reading_profile_is_refused(lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    read(lw, bill, lw.meetings[1])
    # the planned two readings are used up: a third needs the council of chairpersons' order
    _refused(
        bill,
        lambda: services.reading_schedule(bill=bill, session=lw.meetings[2], acting_user=lw.clerk),
        code="readings_exhausted",
    )
    _refused(
        bill,
        lambda: services.bill_set_readings(bill=bill, readings=4, note="重大分歧", acting_user=lw.clerk),
        code="readings_out_of_range",
    )
    _refused(
        bill,
        lambda: services.bill_set_readings(bill=bill, readings=1, note="x", acting_user=lw.clerk),
        code="readings_out_of_range",
    )
    services.bill_set_readings(bill=bill, readings=3, note="主任会议决定三审", acting_user=lw.clerk)
    read(lw, bill, lw.meetings[2])
    _refused(
        bill,
        lambda: services.reading_schedule(bill=bill, session=lw.meetings[3], acting_user=lw.clerk),
        code="too_many_readings",
    )


def test_one_reading_for_a_small_amendment_needs_the_review_before_it(lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    services.bill_set_readings(bill=bill, readings=1, note="部分修改，意见一致", acting_user=lw.clerk)
    review(lw, bill)  # before the single reading (Huzhou Art 30)
    read(lw, bill, lw.meetings[0])
    attend(lw, lw.meetings[0], 9)
    vote_whole(lw, bill, yes=8, meeting=lw.meetings[0])
    bill.refresh_from_db()
    assert bill.status == S.PASSED


def test_reading_twice_at_one_meeting_and_double_scheduling_are_refused(lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    services.reading_schedule(bill=bill, session=lw.meetings[0], acting_user=lw.clerk)
    _refused(
        bill,
        lambda: services.reading_schedule(bill=bill, session=lw.meetings[1], acting_user=lw.clerk),
        ConflictError,
    )
    congress = lw.meetings[0].__class__.objects.create(
        term=lw.w.term,
        body="congress",
        number=7,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
    )
    with pytest.raises(ValidationFailed):
        services.reading_schedule(bill=bill, session=congress, acting_user=lw.clerk)


# --- consultation ------------------------------------------------------------------------------


def test_consultation_comes_after_the_first_reading_and_lasts_at_least_the_minimum(lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    start = dt.date(2025, 9, 20)
    _refused(
        bill,
        lambda: services.consultation_set(
            bill=bill, start=start, end=start + dt.timedelta(days=30), acting_user=lw.clerk
        ),
    )
    read(lw, bill, lw.meetings[0])
    err = _refused(
        bill,
        lambda: services.consultation_set(
            bill=bill, start=start, end=dt.date(2025, 10, 9), acting_user=lw.clerk
        ),
        ValidationFailed,
        "consultation_too_short",
    )
    assert err.detail["earliest_end"] == "2025-10-10"  # 20 days, the opening day not counted (民法典 Art 201)
    _refused(
        bill,
        lambda: services.consultation_set(bill=bill, start=start, end=start, acting_user=lw.clerk),
        ValidationFailed,
    )
    services.consultation_set(bill=bill, start=start, end=dt.date(2025, 10, 10), acting_user=lw.clerk)
    bill.refresh_from_db()
    assert (bill.consultation_start, bill.consultation_end) == (start, dt.date(2025, 10, 10))


# --- review and votes --------------------------------------------------------------------------


def test_final_vote_before_the_unified_review_is_refused(lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    read(lw, bill, lw.meetings[1])
    attend(lw, lw.meetings[2], 15)
    _refused(
        bill,
        lambda: services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk),
        code="no_unified_review",
    )
    with pytest.raises(ValidationFailed) as info:
        services.review_record(bill=bill, report="报告", acting_user=lw.clerk)
    assert info.value.code == "unadopted_opinions_missing"
    with pytest.raises(ValidationFailed):
        services.review_record(
            bill=bill,
            report="报告",
            all_adopted=True,
            unadopted=[(lw.law_committee, "意见", "理由")],
            acting_user=lw.clerk,
        )
    services.review_record(bill=bill, report="报告", all_adopted=True, acting_user=lw.clerk)
    vote = services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk)
    assert vote.total_members == 15 and vote.present == 15


def test_vote_before_the_planned_readings_is_refused(lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    review(lw, bill)
    attend(lw, lw.meetings[1], 15)
    _refused(
        bill,
        lambda: services.vote_open(bill=bill, session=lw.meetings[1], acting_user=lw.clerk),
        code="readings_outstanding",
    )


def test_a_vote_without_quorum_is_refused_and_changes_nothing(lw):
    bill = ready_for_vote(lw, present=7)  # 7 of 15: not more than half
    err = _refused(
        bill,
        lambda: services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk),
        code="no_quorum",
    )
    assert err.detail == {"total": 15, "present": 7, "needed": 8}
    assert not Vote.objects.exists()
    attend(lw, lw.meetings[2], 8)
    assert services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk).present == 8


@pytest.mark.parametrize(("yes", "passed"), [(22, False), (23, True)])
def test_passing_needs_more_than_half_of_all_45_members_not_of_those_voting(world, yes, passed):
    from .factories import build

    lw = build(world, members=45)
    bill = ready_for_vote(lw, present=40)
    vote = vote_whole(lw, bill, yes=yes, no=40 - yes - 2, abstain=1)
    bill.refresh_from_db()
    assert (vote.total_members, vote.present, vote.yes, vote.not_voting) == (45, 40, yes, 1)
    assert vote.yes > vote.no  # a majority of the votes cast either way…
    assert bill.status == (S.PASSED if passed else S.FAILED)  # …but only 23 of 45 passes
    results = {r.membership.pk: r.choice for r in selectors.vote_results(vote)}
    assert sum(1 for c in results.values() if c == "absent") == 5
    assert sum(1 for c in results.values() if c == "") == 1  # present, did not vote


@pytest.mark.parametrize(
    ("count", "total", "present", "rule", "expected"),
    [
        (22, 45, 30, "more_than_half_of_all_members", False),
        (23, 45, 23, "more_than_half_of_all_members", True),
        (8, 15, 15, "more_than_half_of_all_members", True),
        (7, 15, 15, "more_than_half_of_all_members", False),
        (16, 45, 30, "more_than_half_of_present", True),
        (15, 45, 30, "more_than_half_of_present", False),
        (30, 45, 45, "two_thirds_of_all_members", True),
        (29, 45, 45, "two_thirds_of_all_members", False),
    ],
)
def test_majority_arithmetic(count, total, present, rule, expected):
    assert services.majority_reached(count, total_members=total, present=present, rule=rule) is expected
    needed = services.majority_needed(total_members=total, present=present, rule=rule)
    assert services.majority_reached(needed, total_members=total, present=present, rule=rule)
    assert not services.majority_reached(needed - 1, total_members=total, present=present, rule=rule)


def test_members_who_left_before_the_meeting_do_not_count(lw):
    from lvzhi.core.models import OrganMembership

    OrganMembership.objects.filter(pk=lw.members[-1].pk).update(
        end_date=lw.meetings[2].start_date - dt.timedelta(days=1)
    )
    bill = ready_for_vote(lw, present=8)
    vote = services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk)
    assert vote.total_members == 14


def test_clause_votes_come_first_then_the_whole_or_deferral(lw):
    bill = ready_for_vote(lw)
    clause = services.vote_open(
        bill=bill, session=lw.meetings[2], kind="clause", clause="第七条", acting_user=lw.clerk
    )
    _refused(
        bill,
        lambda: services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk),
        ConflictError,
    )
    for m in lw.members[:5]:
        services.ballot_cast(vote=clause, membership=m, choice="yes", acting_user=lw.clerk)
    services.vote_close(vote=clause, acting_user=lw.clerk)
    clause.refresh_from_db()
    bill.refresh_from_db()
    assert clause.result == VoteResult.REJECTED and bill.status == S.DELIBERATION
    with pytest.raises(ValidationFailed):
        services.vote_open(bill=bill, session=lw.meetings[2], kind="clause", clause=" ", acting_user=lw.clerk)
    services.bill_shelve(bill=bill, reason="暂不付表决，交法制委员会进一步审议", acting_user=lw.clerk)
    bill.refresh_from_db()
    assert bill.status == S.SHELVED


def test_ballots_need_presence_membership_and_an_open_vote(lw):
    bill = ready_for_vote(lw, present=10)
    vote = services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk)
    absent = lw.members[12]
    with pytest.raises(ValidationFailed) as info:
        services.ballot_cast(vote=vote, membership=absent, choice="yes", acting_user=lw.clerk)
    assert info.value.code == "not_present"
    with pytest.raises(ValidationFailed):
        services.ballot_cast(vote=vote, membership=lw.members[0], choice="maybe", acting_user=lw.clerk)
    member = lw.members[0]
    own_user = lw.member_users[member.pk]
    services.ballot_cast(vote=vote, membership=member, choice="no", acting_user=own_user)
    services.ballot_cast(
        vote=vote, membership=member, choice="yes", acting_user=own_user
    )  # changed while open
    assert Ballot.objects.get(vote=vote, membership=member).choice == "yes"
    with pytest.raises(PermissionDeniedError):
        services.ballot_cast(vote=vote, membership=lw.members[1], choice="yes", acting_user=own_user)
    with pytest.raises(ConflictError):
        services.attendance_record(session=lw.meetings[2], present=lw.members, acting_user=lw.clerk)
    services.vote_close(vote=vote, acting_user=lw.clerk)
    with pytest.raises(InvalidTransition):
        services.ballot_cast(vote=vote, membership=member, choice="no", acting_user=own_user)


def test_attendance_only_for_members_of_the_term(lw):
    others, _users = add_members(lw.w, 1, start=900, accounts=0)
    from lvzhi.core.models import Term

    old_term = Term.objects.create(number=15, start_date=dt.date(2017, 1, 1), end_date=dt.date(2021, 12, 31))
    others[0].term = old_term
    others[0].save()
    with pytest.raises(ValidationFailed):
        services.attendance_record(session=lw.meetings[0], present=[others[0]], acting_user=lw.clerk)


# --- withdrawal, shelving, termination ---------------------------------------------------------


def test_withdrawal_before_the_vote_only(lw):
    bill = ready_for_vote(lw)
    vote = services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk)
    _refused(
        bill,
        lambda: services.bill_withdraw(bill=bill, reason="提案人撤回", acting_user=lw.clerk),
        code="vote_under_way",
    )
    services.vote_close(vote=vote, acting_user=lw.clerk)  # nobody voted: fails
    bill.refresh_from_db()
    assert bill.status == S.FAILED
    other = make_bill(lw)
    with pytest.raises(ValidationFailed):
        services.bill_withdraw(bill=other, reason=" ", acting_user=lw.clerk)
    services.bill_withdraw(bill=other, reason="提案人要求撤回", acting_user=lw.clerk)
    other.refresh_from_db()
    assert other.status == S.WITHDRAWN and other.withdrawal_reason


def test_daily_scan_ends_bills_two_years_off_the_agenda(lw, clock):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    bill.refresh_from_db()
    last = bill.last_agenda_on
    due = services.shelving_deadline(bill)
    assert due is not None and due >= last.replace(year=last.year + 2)
    assert services.legislation_scan(today=due)["terminated"] == 0
    clock.travel_to(due + dt.timedelta(days=1))  # the scan runs on that day
    out = services.legislation_scan(today=due + dt.timedelta(days=1))
    bill.refresh_from_db()
    assert out["terminated"] == 1 and bill.status == S.TERMINATED and bill.termination_reason
    assert AuditLog.objects.filter(action="legislation.bill.terminate", actor_label="system").exists()


def test_daily_scan_reports_instead_where_the_council_decides(lw):
    shanghai = RulesProfile.objects.get(code="shanghai").versions.order_by("-number").first()
    bill = make_bill(lw)
    Bill.objects.filter(pk=bill.pk).update(rules=shanghai)
    force_status(bill, S.SHELVED)
    Bill.objects.filter(pk=bill.pk).update(
        shelved_on=dt.date(2020, 1, 6), last_agenda_on=dt.date(2019, 12, 1)
    )
    first = services.legislation_scan(today=dt.date(2022, 3, 1))
    again = services.legislation_scan(today=dt.date(2022, 3, 2))
    bill.refresh_from_db()
    assert first["shelving_reports"] == 1 and again["shelving_reports"] == 0 and bill.status == S.SHELVED
    assert Todo.objects.filter(kind=services.TODO_SHELVING, status=TodoStatus.OPEN).count() == 1
    services.bill_terminate(bill=bill, reason="主任会议决定终止审议", acting_user=lw.clerk)
    assert not Todo.objects.filter(kind=services.TODO_SHELVING, status=TodoStatus.OPEN).exists()


# --- approval, promulgation, filing ------------------------------------------------------------


def test_promulgating_before_approval_is_refused(lw):
    bill = ready_for_vote(lw)
    vote_whole(lw, bill, yes=12)
    bill.refresh_from_db()
    assert bill.status == S.PASSED
    today = timezone.localdate()
    call = lambda: services.bill_promulgate(  # noqa: E731
        bill=bill,
        announcement_number="第1号",
        promulgated_on=today,
        commencement_on=today,
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=lw.clerk,
    )
    _refused(bill, call, code="approval_required")
    services.approval_submit(bill=bill, submitted_on=bill.passed_on, acting_user=lw.clerk)
    _refused(bill, call)  # still awaiting approval
    assert not Regulation.objects.exists()


def test_no_approval_step_where_the_profile_needs_none(lw):
    shanghai = RulesProfile.objects.get(code="shanghai").versions.order_by("-number").first()
    bill = make_bill(lw)
    Bill.objects.filter(pk=bill.pk).update(rules=shanghai)
    force_status(bill, S.PASSED)
    _refused(
        bill, lambda: services.approval_submit(bill=bill, acting_user=lw.clerk), code="approval_not_required"
    )
    today = timezone.localdate()
    version = services.bill_promulgate(
        bill=bill,
        announcement_number="第2号",
        promulgated_on=today,
        commencement_on=today,
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=lw.clerk,
    )
    assert version.approved_on is None and version.approving_body == ""


def test_announcement_dates_are_checked(lw):
    bill = force_status(make_bill(lw), S.APPROVED)
    today = timezone.localdate()
    with pytest.raises(ValidationFailed):
        services.bill_promulgate(
            bill=bill,
            announcement_number="第1号",
            promulgated_on=today,
            commencement_on=today - dt.timedelta(days=1),
            enacting_body="x",
            acting_user=lw.clerk,
        )
    with pytest.raises(ValidationFailed):
        services.bill_promulgate(
            bill=bill,
            announcement_number="第1号",
            promulgated_on=today - dt.timedelta(days=1),
            commencement_on=today,
            enacting_body="x",
            acting_user=lw.clerk,
        )
    with pytest.raises(ValidationFailed):
        services.bill_promulgate(
            bill=bill,
            announcement_number=" ",
            promulgated_on=today,
            commencement_on=today,
            enacting_body="x",
            acting_user=lw.clerk,
        )


def test_approval_deadline_is_four_calendar_months_rolled_past_the_national_day_holiday(lw):
    bill = force_status(make_bill(lw), S.PASSED)
    Bill.objects.filter(pk=bill.pk).update(passed_on=dt.date(2025, 5, 30))
    services.approval_submit(bill=bill, submitted_on=dt.date(2025, 6, 1), acting_user=lw.clerk)
    bill.refresh_from_db()
    # 2025-10-01 is inside the National Day holiday (1–8 October): the deadline moves to the 9th
    assert bill.approval_due == dt.date(2025, 10, 9)
    todo = Todo.objects.get(kind=services.TODO_APPROVAL, status=TodoStatus.OPEN)
    assert todo.due_date == dt.date(2025, 10, 9)


def test_filing_deadline_is_thirty_days_rolled_past_the_spring_festival(lw):
    bill = force_status(make_bill(lw), S.APPROVED)
    Bill.objects.filter(pk=bill.pk).update(passed_on=dt.date(2024, 11, 1), approved_on=dt.date(2024, 12, 20))
    version = services.bill_promulgate(
        bill=bill,
        announcement_number="第5号",
        promulgated_on=dt.date(2025, 1, 1),
        commencement_on=dt.date(2025, 3, 1),
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=lw.clerk,
    )
    # 2025-01-31 falls in the Spring Festival holiday (28 January – 4 February)
    assert version.filing_due == dt.date(2025, 2, 5)
    with pytest.raises(ValidationFailed):
        services.filing_record(
            bill=bill, filed_on=dt.date(2024, 12, 31), filed_with="x", acting_user=lw.clerk
        )


def test_deadline_reminders_are_sent_once(lw):
    bill = force_status(make_bill(lw), S.PASSED)
    services.approval_submit(bill=bill, submitted_on=timezone.localdate(), acting_user=lw.clerk)
    bill.refresh_from_db()
    due = bill.approval_due
    before = Notification.objects.filter(recipient=lw.clerk).count()
    assert services.legislation_scan(today=due - dt.timedelta(days=60))["approval_reminders"] == 0
    assert services.legislation_scan(today=due - dt.timedelta(days=10))["approval_reminders"] == 1
    assert services.legislation_scan(today=due - dt.timedelta(days=9))["approval_reminders"] == 0
    assert services.legislation_scan(today=due + dt.timedelta(days=1))["approval_reminders"] == 1
    assert Notification.objects.filter(recipient=lw.clerk).count() == before + 2


# --- plans and proposals -----------------------------------------------------------------------


def test_plan_and_proposal_from_a_legislative_motion_credits_its_deputies(lw):
    from lvzhi.deputies.models import DutyRecord
    from lvzhi.motions.tests.factories import build as build_motions
    from lvzhi.motions.tests.factories import force_status as force_motion
    from lvzhi.motions.tests.factories import make_motion

    mw = build_motions(lw.w)
    motion = force_motion(
        make_motion(mw, is_legislative=True, confirmed=9), "reported", committee=mw.committee
    )
    plan = services.plan_create(
        kind="annual", title="江澜市人大常委会2026年度立法计划", year=2026, acting_user=lw.clerk
    )
    with pytest.raises(ConflictError):
        services.plan_create(kind="annual", title="重复", year=2026, acting_user=lw.clerk)
    proposal = services.proposal_create(
        title="江澜市养犬管理条例",
        source="deputy_motion",
        motion=motion,
        summary="犬只伤人事件多发，需要立法。",
        acting_user=lw.clerk,
    )
    with pytest.raises(InvalidTransition):
        services.proposal_accept(proposal=proposal, plan=plan, category="formal", acting_user=lw.clerk)
    services.proposal_assess(
        proposal=proposal, feasibility="feasible", priority="high", note="条件成熟", acting_user=lw.clerk
    )
    services.proposal_accept(
        proposal=proposal,
        plan=plan,
        category="formal",
        drafting_unit=lw.w.health,
        planned_submission=dt.date(2026, 6, 30),
        acting_user=lw.clerk,
    )
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.plan == plan
    assert (
        DutyRecord.objects.filter(
            source_type="legislation.projectproposal", source_id=str(proposal.pk)
        ).count()
        == 10
    )
    assert Todo.objects.filter(
        kind=services.TODO_DRAFT, assignee_organ=lw.w.health, status=TodoStatus.OPEN
    ).exists()
    with pytest.raises(InvalidTransition):
        services.proposal_reject(proposal=proposal, reason="x", acting_user=lw.clerk)
    bill = make_bill(lw, project=proposal)
    assert bill.project == proposal
    assert not Todo.objects.filter(kind=services.TODO_DRAFT, status=TodoStatus.OPEN).exists()
    with pytest.raises(ConflictError):
        make_bill(lw, project=proposal)
    services.plan_adopt(plan=plan, acting_user=lw.clerk)
    with pytest.raises(InvalidTransition):
        services.plan_adopt(plan=plan, acting_user=lw.clerk)


def test_proposal_sources_need_their_links(lw):
    with pytest.raises(ValidationFailed):
        services.proposal_create(title="x", source="deputy_motion", summary="s", acting_user=lw.clerk)
    with pytest.raises(ValidationFailed):
        services.proposal_create(
            title="x", source="deputy_suggestion", suggestion_id=987654, summary="s", acting_user=lw.clerk
        )
    with pytest.raises(ValidationFailed):
        services.proposal_create(title="x", source="department", summary="s", acting_user=lw.clerk)
    with pytest.raises(ValidationFailed):
        services.proposal_create(title="x", source="public", summary="s", acting_user=lw.clerk)
    with pytest.raises(ValidationFailed):
        services.proposal_create(
            title="x", source="public", proposer_name="张三", kind="amend", summary="s", acting_user=lw.clerk
        )
    proposal = services.proposal_create(
        title="江澜市电动自行车管理条例",
        source="public",
        proposer_name="张三",
        summary="电动自行车乱停乱放。",
        acting_user=lw.clerk,
    )
    services.proposal_assess(
        proposal=proposal, feasibility="not_feasible", priority="low", acting_user=lw.clerk
    )
    plan = services.plan_create(
        kind="five_year", title="五年立法规划", start_year=2023, end_year=2027, acting_user=lw.clerk
    )
    with pytest.raises(InvalidTransition) as info:
        services.proposal_accept(proposal=proposal, plan=plan, category="research", acting_user=lw.clerk)
    assert info.value.code == "not_feasible"
    services.proposal_reject(proposal=proposal, reason="上位法已有规定", acting_user=lw.clerk)


# --- every refused transition, from the table --------------------------------------------------

TODAY = dt.date(2025, 7, 1)


def _call(action: str, lw: Any, bill: Bill) -> Any:
    """A valid-looking call of the service behind ``action`` (refused only by the state)."""
    clerk = lw.clerk
    reading = (
        Reading.objects.create(bill=bill, number=9, session=lw.meetings[3])
        if action == "hold_reading"
        else None
    )
    vote = (
        Vote.objects.create(
            bill=bill,
            session=lw.meetings[3],
            kind="whole",
            rule="more_than_half_of_all_members",
            total_members=15,
            present=15,
            opened_at=timezone.now(),
        )
        if action == "close_vote"
        else None
    )
    return {
        "edit": lambda: services.bill_update(bill=bill, title="新标题", acting_user=clerk),
        "submit": lambda: services.bill_submit(bill=bill, acting_user=clerk),
        "set_readings": lambda: services.bill_set_readings(
            bill=bill, readings=3, note="n", acting_user=clerk
        ),
        "schedule_reading": lambda: services.reading_schedule(
            bill=bill, session=lw.meetings[3], acting_user=clerk
        ),
        "hold_reading": lambda: services.reading_hold(reading=reading, acting_user=clerk),
        "add_version": lambda: services.bill_add_version(bill=bill, text=DOG_REVISED, acting_user=clerk),
        "consultation": lambda: services.consultation_set(
            bill=bill, start=TODAY, end=TODAY + dt.timedelta(days=40), acting_user=clerk
        ),
        "unified_review": lambda: services.review_record(
            bill=bill, report="r", all_adopted=True, acting_user=clerk
        ),
        "open_vote": lambda: services.vote_open(bill=bill, session=lw.meetings[3], acting_user=clerk),
        "close_vote": lambda: services.vote_close(vote=vote, acting_user=clerk),
        "shelve": lambda: services.bill_shelve(bill=bill, reason="r", acting_user=clerk),
        "resume": lambda: services.bill_resume(bill=bill, acting_user=clerk),
        "terminate": lambda: services.bill_terminate(bill=bill, reason="r", acting_user=clerk),
        "withdraw": lambda: services.bill_withdraw(bill=bill, reason="r", acting_user=clerk),
        "submit_approval": lambda: services.approval_submit(
            bill=bill, submitted_on=timezone.localdate(), acting_user=clerk
        ),
        "approve": lambda: services.approval_record(
            bill=bill, approved_on=timezone.localdate(), approving_body="省人大常委会", acting_user=clerk
        ),
        "refuse_approval": lambda: services.approval_refuse(
            bill=bill, on=timezone.localdate(), note="n", acting_user=clerk
        ),
        "promulgate": lambda: services.bill_promulgate(
            bill=bill,
            announcement_number="第1号",
            promulgated_on=timezone.localdate(),
            commencement_on=timezone.localdate(),
            enacting_body="x",
            acting_user=clerk,
        ),
        "file": lambda: services.filing_record(
            bill=bill, filed_on=timezone.localdate(), filed_with="x", acting_user=clerk
        ),
    }[action]


REFUSED = [
    (action, status)
    for action, (sources, _t) in TRANSITIONS.items()
    for status in BillStatus.values
    if status not in sources
]


@pytest.mark.parametrize(("action", "status"), REFUSED)
def test_every_transition_outside_the_table_is_refused_and_changes_nothing(lw, action, status):
    bill = force_status(make_bill(lw), status)
    call = _call(action, lw, bill)
    before = _state(bill)
    with pytest.raises(InvalidTransition) as info:
        call()
    assert _state(bill) == before
    assert str(info.value.message)
    if action == "promulgate" and status == S.PASSED:
        assert info.value.code == "approval_required"


def test_the_table_covers_every_status():
    reached = {t for _s, t in TRANSITIONS.values() if t} | {S.DRAFTING, S.PASSED, S.FAILED}
    assert reached == set(BillStatus.values)


def test_a_proposal_cannot_learn_that_a_hidden_suggestion_exists(lw):
    """Linking a deputy's draft suggestion answers as for a number that does not exist."""
    from lvzhi.suggestions.services import suggestion_create

    draft = suggestion_create(
        lead=lw.w.deputy,
        title="关于规范养犬管理的建议",
        body="建议尽快制定养犬管理条例，明确免疫、登记和文明养犬要求。",
        acting_user=lw.w.deputy_user,
    )
    messages = []
    for number in (draft.pk, draft.pk + 1000):
        with pytest.raises(ValidationFailed) as caught:
            services.proposal_create(
                title="江澜市养犬管理条例",
                source="deputy_suggestion",
                suggestion_id=number,
                summary="犬只伤人事件多发，需要立法。",
                acting_user=lw.clerk,
            )
        messages.append(str(caught.value.message).replace(str(number), "N"))
    assert messages[0] == messages[1] == "There is no suggestion number N."
    assert not ProjectProposal.objects.exists()
    # the platform itself (an import, a migration) links it
    services.proposal_create(
        title="江澜市养犬管理条例",
        source="deputy_suggestion",
        suggestion_id=draft.pk,
        summary="犬只伤人事件多发，需要立法。",
        acting_user=SYSTEM,
    )


def test_a_version_identical_to_the_last_is_refused_and_nothing_saved(lw):
    bill = make_bill(lw)
    audits = AuditLog.objects.count()
    with pytest.raises(ValidationFailed) as info:
        services.bill_add_version(
            bill=bill, text="  " + DOG_DRAFT.replace("\n", "\n\n"), acting_user=lw.clerk
        )
    assert info.value.code == "version_unchanged" and info.value.status == 422
    assert "identical to version 1" in str(info.value.message)
    assert bill.versions.count() == 1 and AuditLog.objects.count() == audits
    # a real change is saved, and then that text is the one compared with
    services.bill_add_version(bill=bill, text=DOG_REVISED, acting_user=lw.clerk)
    with pytest.raises(ValidationFailed):
        services.bill_add_version(bill=bill, text=DOG_REVISED, acting_user=lw.clerk)
    services.bill_add_version(bill=bill, text=DOG_DRAFT, acting_user=lw.clerk)  # back to the first
    assert bill.versions.count() == 3
