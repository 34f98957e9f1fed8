"""The demo city generator: counts, determinism, valid data, audit trail, refusal and reset.

The demo scale is seeded once for the module inside a transaction that is rolled back at the
end, so the other test modules never see it (the audit log cannot be deleted, only rolled back).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models import Count

from lvzhi.core.audit import audit_verify
from lvzhi.core.models import (
    AuditLog,
    Organ,
    OrganMembership,
    Person,
    Role,
    RoleAssignment,
    Session,
    Term,
    Todo,
    TodoStatus,
    User,
)
from lvzhi.demo.plan import plan_city, plan_sessions
from lvzhi.demo.seed import DEMO_PASSWORD, SeedError, SeedSummary, demo_logins, seed_city
from lvzhi.deputies.models import Delegation, Deputy, DeputyGroup, ElectoralUnit, LiaisonStation
from lvzhi.deputies.validation import is_valid_id_number
from lvzhi.suggestions.models import Suggestion

from .conftest import TODAY

pytestmark = pytest.mark.django_db


# --- counts -------------------------------------------------------------------------------------


def test_counts_at_demo_scale(city: SeedSummary) -> None:
    term = Term.objects.get(is_current=True)
    assert term.number == 16 and term.start_date == dt.date(2022, 1, 10)
    assert Term.objects.get(number=15).end_date == dt.date(2022, 1, 9)
    assert Deputy.objects.filter(term=term).count() == 600 == city.counts["deputies"]
    assert Person.objects.count() == 600
    assert Organ.objects.filter(type="government_department").count() == 40
    assert Organ.objects.filter(type="district_congress").count() == 10
    assert Organ.objects.filter(type="special_committee").count() == 9
    assert Organ.objects.filter(type="working_body").count() == 7
    for otype in (
        "congress",
        "standing_committee",
        "chairpersons_council",
        "government",
        "supervisory_commission",
        "court",
        "procuratorate",
    ):
        assert Organ.objects.filter(type=otype).count() == 1, otype
    assert Delegation.objects.filter(term=term).count() == 11
    assert ElectoralUnit.objects.filter(term=term).count() == 11
    assert ElectoralUnit.objects.filter(term=term, organ__type="district_congress").count() == 10
    stations = LiaisonStation.objects.count()
    assert 50 <= stations <= 70
    for row in Delegation.objects.annotate(n=Count("groups")):
        assert 4 <= row.n <= 8, row.name


def test_organ_hierarchy() -> None:
    congress = Organ.objects.get(code="congress")
    sc = Organ.objects.get(type="standing_committee")
    assert sc.parent == congress
    assert Organ.objects.get(type="chairpersons_council").parent == sc
    assert set(Organ.objects.filter(type="special_committee").values_list("parent", flat=True)) == {
        congress.pk
    }
    assert set(Organ.objects.filter(type="working_body").values_list("parent", flat=True)) == {sc.pk}
    government = Organ.objects.get(type="government")
    assert set(Organ.objects.filter(type="government_department").values_list("parent", flat=True)) == {
        government.pk
    }
    assert Organ.objects.get(name="江澜市教育局").type == "government_department"


def test_sessions() -> None:
    term = Term.objects.get(number=16)
    congress = list(Session.objects.filter(term=term, body="congress").order_by("number"))
    # five sessions held and the next annual session ahead, taking motions (lvzhi.demo.motions)
    assert [s.number for s in congress] == [1, 2, 3, 4, 5, 6]
    assert [s.start_date.year for s in congress] == [2022, 2023, 2024, 2025, 2026, 2027]
    assert all(s.start_date.month in (1, 2) for s in congress)
    assert congress[-2].end_date < TODAY < congress[-1].start_date
    meetings = list(Session.objects.filter(term=term, body="standing_committee").order_by("number"))
    assert len(meetings) == 31  # 30 held and the next one scheduled
    assert meetings[-2].start_date <= TODAY < meetings[-1].start_date
    gaps = [(b.start_date - a.start_date).days for a, b in zip(meetings, meetings[1:], strict=False)]
    assert max(gaps) <= 70  # at least every two months (local-organic-law Art 47)


def test_sessions_stop_at_today_but_one_meeting_ahead() -> None:
    early = plan_sessions(dt.date(2024, 3, 1))
    ahead = [s for s in early if s.start_date > dt.date(2024, 3, 1)]
    assert [(s.term, s.body) for s in ahead] == [(16, "standing_committee")]
    assert ahead[0].start_date <= dt.date(2024, 3, 1) + dt.timedelta(days=75)
    assert len([s for s in early if s.term == 16 and s.body == "congress"]) == 3


def test_standing_committee(city: SeedSummary) -> None:
    sc = Organ.objects.get(type="standing_committee")
    rows = OrganMembership.objects.filter(organ=sc, term__number=16)
    positions = Counter(rows.values_list("position", flat=True))
    assert positions == {"chair": 1, "vice_chair": 6, "secretary_general": 1, "member": 37}
    members = Deputy.objects.filter(is_sc_member=True)
    assert members.count() == 45 == city.counts["sc_members"]
    assert set(members.values_list("person_id", flat=True)) == set(rows.values_list("person_id", flat=True))
    assert not members.exclude(status="active").exists()
    council = OrganMembership.objects.filter(organ__type="chairpersons_council")
    assert council.count() == 8
    for committee in Organ.objects.filter(type="special_committee"):
        committee_rows = OrganMembership.objects.filter(organ=committee)
        assert 5 <= committee_rows.count() <= 12, committee.name
        assert committee_rows.filter(position="chair").count() == 1
        chair = committee_rows.get(position="chair")
        assert Deputy.objects.get(person=chair.person).is_sc_member
    # every committee member is a deputy of the current term, in one committee at most
    committee_people = OrganMembership.objects.filter(organ__type="special_committee").values_list(
        "person_id", flat=True
    )
    assert len(committee_people) == len(set(committee_people))
    assert Deputy.objects.filter(person_id__in=committee_people).count() == len(committee_people)


# --- accounts -----------------------------------------------------------------------------------


def test_accounts_for_every_role(city: SeedSummary) -> None:
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert set(admin.roles.values_list("role", flat=True)) == {Role.ADMIN}
    leader = User.objects.get(username="leader")
    assert set(leader.roles.values_list("role", flat=True)) == {Role.LEADER, Role.SC_MEMBER, Role.DEPUTY}
    chair = OrganMembership.objects.get(organ__type="standing_committee", position="chair")
    assert leader.person_id == chair.person_id
    assert RoleAssignment.objects.filter(role=Role.LEADER).count() == 7  # the chair and six vice chairs
    assert RoleAssignment.objects.filter(role=Role.SC_MEMBER).count() == 45
    staff = User.objects.get(username="staff")
    assert staff.roles.get().organ.name == "江澜市人大常委会代表工作委员会"
    unit = User.objects.get(username="unit")
    assert unit.roles.get(role=Role.UNIT_OFFICER).organ.name == "江澜市教育局"
    handling = Organ.objects.filter(
        type__in=["government", "government_department", "supervisory_commission", "court", "procuratorate"]
    )
    officers = RoleAssignment.objects.filter(role=Role.UNIT_OFFICER)
    assert sorted(officers.values_list("organ_id", flat=True)) == sorted(
        handling.values_list("pk", flat=True)
    )
    assert User.objects.get(username="public").roles.get().role == Role.PUBLIC
    # every login row is a real account, and together they show every role
    assert {x.role_code for x in city.logins} == set(Role.values)
    for login in city.logins:
        user = User.objects.get(username=login["username"])
        assert user.is_active and user.roles.filter(role=login.role_code).exists(), login.username
        assert login["password"] == DEMO_PASSWORD and login.get("note")
    assert demo_logins() == city.logins


def test_every_deputy_has_an_account() -> None:
    deputies = Deputy.objects.select_related("person__user")
    for deputy in deputies:
        user = deputy.person.user
        assert user.roles.filter(role=Role.DEPUTY).exists()
        assert user.is_active == (deputy.status != "terminated")
        if user.username not in ("leader", "deputy"):
            assert user.username == f"d{deputy.code}"
    assert RoleAssignment.objects.filter(role=Role.DEPUTY).count() == 600
    typical = User.objects.get(username="deputy")
    assert not Deputy.objects.get(person=typical.person).is_sc_member


def test_one_password_hash_for_all() -> None:
    hashes = set(User.objects.values_list("password", flat=True))
    assert len(hashes) == 1
    assert check_password(DEMO_PASSWORD, hashes.pop())


# --- data quality -------------------------------------------------------------------------------


def test_every_id_number_is_valid_and_matches_the_person() -> None:
    for name, id_number, birth, gender in Person.objects.values_list(
        "name", "id_number", "birth_date", "gender"
    ):
        assert is_valid_id_number(id_number), (name, id_number)
        assert id_number[6:14] == birth.strftime("%Y%m%d")
        assert int(id_number[16]) % 2 == (1 if gender == "M" else 0)
        assert id_number.startswith("3699") or id_number.startswith("3698")
        age = (dt.date(2022, 1, 10) - birth).days / 365.25
        assert 25 <= age <= 66


def test_people_look_real() -> None:
    people = list(Person.objects.all())
    assert len({p.name for p in people}) == len(people)
    genders = Counter(p.gender for p in people)
    assert 0.2 < genders["F"] / len(people) < 0.45
    assert Counter(p.ethnicity for p in people)["汉族"] / len(people) > 0.85
    assert Counter(p.party for p in people)["中共党员"] / len(people) > 0.5
    assert all(2 <= len(p.name) <= 4 for p in people)
    assert all(p.phone.isdigit() and len(p.phone) == 11 and p.phone[0] == "1" for p in people)
    assert all(p.email.endswith(".example") and p.workplace for p in people)
    sectors = Counter(Deputy.objects.values_list("sector", flat=True))
    assert set(sectors) == {"worker", "farmer", "professional", "official", "business", "military", "other"}
    assert sectors["military"] == Deputy.objects.filter(delegation__name="驻军代表团").count()


def test_non_active_deputies_have_reason_and_date() -> None:
    others = Deputy.objects.exclude(status="active")
    statuses = Counter(others.values_list("status", flat=True))
    assert statuses["suspended"] >= 2 and statuses["terminated"] >= 3
    for deputy in others:
        assert deputy.status_reason and deputy.status_date, deputy.code
        assert dt.date(2022, 1, 10) < deputy.status_date <= TODAY
    assert not Deputy.objects.filter(status="active").exclude(status_reason="").exists()


def test_by_elected_deputies_and_groups() -> None:
    by_elected = Deputy.objects.filter(elected_on__gt=dt.date(2022, 1, 10))
    assert by_elected.count() >= 3
    assert by_elected.filter(group__isnull=True).count() == 3  # waiting for the staff to place them
    assert Deputy.objects.filter(group__isnull=True).count() == 3
    for deputy in Deputy.objects.select_related("group", "station__district", "delegation")[:200]:
        assert deputy.group.delegation_id == deputy.delegation_id
    for station in LiaisonStation.objects.all():
        assert station.address and station.phone and station.opening_hours and station.district_id


def test_todos_for_each_role() -> None:
    open_todos = Todo.objects.filter(status=TodoStatus.OPEN)
    for username in ("admin", "staff", "staff_fagong", "staff_yusuan", "leader", "deputy", "unit"):
        assert open_todos.filter(assignee__username=username).exists(), username
        assert all(t.due_date and t.due_date > TODAY for t in open_todos.filter(assignee__username=username))
    staff_titles = list(open_todos.filter(assignee__username="staff").values_list("title", flat=True))
    assert any("名代表状态待确认" in t for t in staff_titles)
    assert (
        open_todos.filter(title="确认本人履职信息").count() == Deputy.objects.filter(status="active").count()
    )
    assert DeputyGroup.objects.exists()


# --- determinism --------------------------------------------------------------------------------


def _head(scale: str, seed: int) -> list[tuple[str, str]]:
    plan = plan_city(scale=scale, seed=seed)
    return [(d.person.name, d.person.id_number) for d in plan.deputies[:20] if d.person]


def test_same_seed_same_city() -> None:
    assert _head("demo", 1) == _head("demo", 1)
    stored = list(Deputy.objects.order_by("code").values_list("person__name", "person__id_number")[:20])
    assert stored == _head("demo", 1)


def test_different_seed_different_city() -> None:
    assert _head("demo", 2) != _head("demo", 1)
    assert len(set(_head("demo", 2)) & set(_head("demo", 1))) < 5


def test_city_scale_plan() -> None:
    plan = plan_city(scale="city", seed=1)
    assert len(plan.deputies) == 3000
    assert len({d.person.id_number for d in plan.deputies if d.person}) == 3000
    assert 250 <= len(plan.stations) <= 350
    with pytest.raises(ValueError):
        plan_city(scale="country", seed=1)


# --- audit trail, refusal, reset ----------------------------------------------------------------


def test_audit_chain_verifies_and_covers_every_object(city: SeedSummary) -> None:
    result = audit_verify()
    assert result.ok, result.problem
    actions = Counter(AuditLog.objects.values_list("action", flat=True))
    assert actions["deputy.create"] == 600
    assert actions["user.create"] == User.objects.count()
    assert actions["organ.create"] == Organ.objects.count()
    assert actions["todo.create"] == Todo.objects.count()
    assert actions["seed.complete"] == 1
    from lvzhi.motions.models import Motion

    converted = Motion.objects.filter(status="converted").count()  # their suggestions come from the service
    assert actions["suggestion.seed"] == city.counts["suggestions"] == Suggestion.objects.count() - converted
    assert city.counts["audit_entries"] == sum(
        v for k, v in actions.items() if not k.startswith("rules_profile") and k != "suggestion.seed"
    )


def test_suggestion_history_is_consistent(city: SeedSummary) -> None:
    from lvzhi.suggestions.models import Assignment, Feedback, Reply
    from lvzhi.suggestions.states import SuggestionStatus as S

    assert Suggestion.objects.count() > 1000
    closed = Suggestion.objects.filter(status=S.CLOSED)
    assert closed.exists() and not closed.filter(closed_at__isnull=True).exists()
    # every closed item has all its answering units' replies, and they are rated
    answering = Assignment.objects.filter(suggestion__status=S.CLOSED).exclude(role="co")
    assert not answering.exclude(status="answered").exists()
    assert (
        Reply.objects.filter(assignment__suggestion__status=S.CLOSED).count()
        == Feedback.objects.filter(reply__assignment__suggestion__status=S.CLOSED).count()
    )
    assert not Suggestion.objects.filter(status=S.SUBMITTED).exclude(number="").exists()
    numbers = list(Suggestion.objects.exclude(number="").values_list("term_id", "number"))
    assert len(numbers) == len(set(numbers))


def test_key_suggestions_name_their_supervising_committee(city: SeedSummary) -> None:
    """重点督办 items were seeded without a committee (the report said 督办机构：—)."""
    from lvzhi.demo.suggestions import TOPIC_TO_COMMITTEE

    key = list(Suggestion.objects.filter(is_key=True).select_related("key_committee"))
    assert key
    for s in key:
        assert s.key_committee is not None
        assert s.key_committee.code == TOPIC_TO_COMMITTEE.get(s.topic, "daigong"), s.topic


def test_refuses_to_seed_twice() -> None:
    with pytest.raises(SeedError, match="--reset"):
        seed_city(scale="demo", seed=1, today=TODAY)
    assert Deputy.objects.count() == 600


def test_reset_replaces_the_city_and_keeps_the_audit_log() -> None:
    before = AuditLog.objects.count()
    first_names = _head("demo", 1)
    summary = seed_city(scale="demo", seed=2, reset=True, today=TODAY)
    assert Deputy.objects.count() == 600 == summary.counts["deputies"]
    stored = list(Deputy.objects.order_by("code").values_list("person__name", "person__id_number")[:20])
    assert stored == _head("demo", 2) != first_names
    assert AuditLog.objects.count() > before
    assert AuditLog.objects.filter(action="seed.reset").count() == 1
    assert audit_verify().ok
    assert any(n.startswith("reset:") for n in summary.notes)
    from lvzhi.consultation.models import Consultation
    from lvzhi.legislation.models import Bill

    assert (
        Consultation.objects.count() == 2 == summary.counts["consultations"]
    )  # the old ones went with the city
    assert Bill.objects.count() == summary.counts["bills"] >= 20  # the old ones went with the city
    from lvzhi.legislation.models import LegislativePlan, Regulation

    assert (
        LegislativePlan.objects.count() == 2 and Regulation.objects.count() == summary.counts["regulations"]
    )


def test_logins_table(city: SeedSummary) -> None:
    table = city.logins_table()
    for username in ("admin", "staff", "leader", "deputy", "unit", "public"):
        assert username in table
    assert DEMO_PASSWORD in table


# --- public consultations -----------------------------------------------------------------------


def test_open_consultation_with_analysed_comments(city: SeedSummary) -> None:
    import re

    from lvzhi.consultation.models import Analysis, Comment, CommentContact, CommentImport, Consultation
    from lvzhi.consultation.selectors import consultation_totals, heatmap
    from lvzhi.consultation.services import version_articles

    c = Consultation.objects.get(status="open")
    assert c.bill.status == "deliberation" and c.bill.readings_held == 1
    assert c.start <= TODAY <= c.end and (c.end - c.start).days >= 20
    assert c.bill.consultation_start == c.start and c.bill.consultation_end == c.end
    assert len(version_articles(c.version)) == 60
    totals = consultation_totals(c)
    assert totals["received"] == c.comments.count() >= 3000
    assert set(totals["channels"]) == {"portal", "api", "deputy", "contact_point", "district", "letter"}
    assert totals["pending"] >= 3 and totals["removed"] >= 1
    assert (
        c.tally_upto == c.comments.order_by("-pk").values_list("pk", flat=True).first()
    )  # snapshot is current
    receipts = list(Comment.objects.values_list("receipt", flat=True))
    assert len(receipts) == len(set(receipts))
    assert all(
        re.fullmatch(rf"{c.pk:03d}-[2-9A-HJKMNP-Z]{{8}}", r)
        for r in c.comments.values_list("receipt", flat=True)
    )
    with_contact = c.comments.filter(has_contact=True)
    assert with_contact.count() == CommentContact.objects.filter(comment__consultation=c).count() > 100
    assert not with_contact.filter(contact_masked="").exists()
    for imp in CommentImport.objects.filter(consultation=c):
        assert imp.rows == imp.comments.count() > 0
    assert not c.comments.filter(channel="deputy", user__isnull=True).exists()
    analysis = Analysis.objects.get(consultation=c)
    assert analysis.comments == totals["accepted"]
    assert len(analysis.summary["themes"]) >= 5 and len(analysis.summary["campaigns"]) >= 3
    assert any(cell.level == 5 for cell in heatmap(c, totals))


def test_closed_consultation_with_published_feedback(city: SeedSummary) -> None:
    from lvzhi.consultation.models import Consultation, FeedbackNotice, ThemeDecision
    from lvzhi.consultation.selectors import public_feedback

    c = Consultation.objects.get(status="published")
    assert c.end < TODAY and c.closed_at and c.feedback_published_at
    from django.utils import timezone

    assert timezone.localdate(c.closed_at) > c.end and timezone.localdate(c.feedback_published_at) < TODAY
    assert c.feedback_summary.startswith("本次公开征求意见")
    themes = ThemeDecision.objects.filter(consultation=c)
    assert themes.count() >= 4 and set(themes.values_list("decision", flat=True)) >= {"adopted", "partly"}
    assert all(t.reason and t.comment_count > 0 for t in themes)
    singles = c.comments.exclude(decision="").filter(decision_theme__isnull=True)
    assert singles.count() >= 5 and not singles.filter(decision_reason="").exists()
    data = public_feedback(c)
    assert data["totals"]["decided"] > 0 and any(row["themes"] for row in data["articles"])
    notices = FeedbackNotice.objects.filter(comment__consultation=c)
    assert notices.filter(status="sent").exists() and notices.filter(status="for_sms").exists()
    assert not notices.filter(status="queued").exists()
    assert c.bill.readings.filter(status="scheduled").exists()  # the second reading is on the next agenda


def test_comments_stay_protected_after_the_seed(city: SeedSummary) -> None:
    from django.db import DatabaseError

    from lvzhi.consultation.models import Comment

    with pytest.raises(DatabaseError), transaction.atomic():
        Comment.objects.filter(
            pk=Comment.objects.order_by("pk").values_list("pk", flat=True).first()
        )._raw_delete(using="default")


# --- legislation and motions --------------------------------------------------------------------


def _day(value: Any) -> dt.date:
    from django.utils import timezone

    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def test_legislative_plans_and_project_proposals(city: SeedSummary) -> None:
    from lvzhi.legislation.models import LegislativePlan, ProjectProposal
    from lvzhi.motions.models import Motion

    five = LegislativePlan.objects.get(kind="five_year")
    annual = LegislativePlan.objects.get(kind="annual", year=TODAY.year)
    for plan in (five, annual):
        assert plan.status == "adopted" and plan.adopted_on is not None
        assert _day(plan.created_at) < plan.adopted_on <= TODAY
    assert (five.start_year, five.end_year) == (2022, 2026)
    proposals = ProjectProposal.objects.all()
    assert set(proposals.values_list("status", flat=True)) == {"proposed", "assessed", "accepted", "rejected"}
    assert set(proposals.values_list("source", flat=True)) >= {
        "public",
        "deputy_motion",
        "deputy_suggestion",
        "department",
        "committee",
    }
    assert proposals.filter(plan=annual).count() >= 5 and proposals.filter(plan=five).count() >= 10
    rejected = proposals.get(status="rejected")
    assert rejected.source == "public" and rejected.decision_note and rejected.feasibility == "not_feasible"
    assert proposals.get(status="proposed").feasibility == ""  # waiting for its assessment
    from_motion = proposals.get(source="deputy_motion")
    assert from_motion.plan == annual and from_motion.motion is not None
    assert Motion.objects.get(pk=from_motion.motion_id).status == "reported"
    assert proposals.get(source="deputy_suggestion").suggestion_id
    for p in proposals:
        steps = [_day(p.created_at)]
        if p.assessed_at:
            steps.append(_day(p.assessed_at))
        if p.decided_at:
            steps.append(_day(p.decided_at))
        assert steps == sorted(steps) and steps[-1] <= TODAY, p.title
        if p.status == "accepted":
            assert p.plan is not None and p.plan.adopted_on is not None
            assert _day(p.decided_at) >= p.plan.adopted_on
            for bill in p.bills.all():
                assert _day(bill.created_at) >= _day(p.decided_at), bill.title


def test_regulations_in_force_with_amendments() -> None:
    from lvzhi.legislation.models import Regulation
    from lvzhi.legislation.selectors import version_in_force

    regulations = list(Regulation.objects.prefetch_related("versions"))
    assert len(regulations) >= 10
    amended = [r for r in regulations if r.versions.count() >= 2]
    assert len(amended) >= 3 and any(r.versions.count() >= 3 for r in amended)
    in_force = [r for r in regulations if version_in_force(r, TODAY) is not None]
    assert len(in_force) >= 10
    for r in regulations:
        versions = list(r.versions.order_by("number"))
        assert [v.number for v in versions] == list(range(1, len(versions) + 1))
        assert versions[0].kind == "enactment" and all(v.kind == "amendment" for v in versions[1:])
        assert [v.promulgated_on for v in versions] == sorted(v.promulgated_on for v in versions)
        for v in versions:
            assert v.approved_on is not None and v.approving_body
            assert v.passed_on <= v.approved_on <= v.promulgated_on <= TODAY
            assert v.commencement_on >= v.promulgated_on
            assert v.announcement_number and v.text.startswith(r.title)
            assert v.filed_on is None or v.promulgated_on <= v.filed_on <= TODAY
        assert "第一章" in versions[0].text and "（一）" in versions[0].text  # chapters, articles, items


def test_bills_in_every_state_with_votes_and_attendance() -> None:
    from lvzhi.consultation.models import Consultation
    from lvzhi.legislation.models import Attendance, Bill, UnifiedReview, Vote
    from lvzhi.legislation.selectors import sc_memberships

    states = set(Bill.objects.values_list("status", flat=True))
    assert states >= {
        "drafting",
        "submitted",
        "deliberation",
        "shelved",
        "awaiting_approval",
        "promulgated",
        "filed",
        "withdrawn",
        "terminated",
    }
    submitted = Bill.objects.get(status="submitted")
    assert (
        submitted.readings.get().status == "scheduled" and submitted.readings.get().session.start_date > TODAY
    )
    open_consultation = Consultation.objects.get(status="open")
    assert open_consultation.bill.status == "deliberation" and open_consultation.bill.project is not None
    reviewed = Bill.objects.get(status="deliberation", review__isnull=False)
    assert reviewed.review.unadopted.exists() and reviewed.readings.filter(status="scheduled").exists()
    assert UnifiedReview.objects.count() >= 15
    awaiting = Bill.objects.get(status="awaiting_approval")
    assert awaiting.approval_due is not None and awaiting.approval_due > TODAY
    votes = list(Vote.objects.select_related("session", "bill"))
    assert len(votes) >= 15
    for vote in votes:
        total = len(sc_memberships(vote.session.term_id, vote.session.start_date))
        present = Attendance.objects.filter(session=vote.session, present=True).count()
        assert vote.status == "closed" and vote.total_members == total
        assert vote.present == present and present * 2 > total  # quorum: more than half of all members
        assert vote.ballots.count() == vote.yes + vote.no + vote.abstain == present - vote.not_voting
        assert vote.result == "adopted" and vote.yes * 2 > total
        assert (
            vote.ballots.filter(
                membership__attendance__session=vote.session, membership__attendance__present=False
            ).count()
            == 0
        )


def test_legislation_dates_are_consistent() -> None:
    from lvzhi.legislation.models import Bill

    for bill in Bill.objects.prefetch_related("readings__session", "votes__session"):
        title = bill.title
        created = _day(bill.created_at)
        assert created <= TODAY, title
        if bill.submitted_at is None:
            assert bill.status == "drafting", title
            continue
        submitted = _day(bill.submitted_at)
        assert created <= submitted <= TODAY, title
        held = sorted((r for r in bill.readings.all() if r.status == "held"), key=lambda r: r.number)
        days = [r.held_on for r in held]
        assert all(d is not None for d in days), title
        assert days == sorted(days) and all(submitted <= d <= TODAY for d in days), title  # type: ignore[operator]
        for r in held:
            assert r.session.start_date <= r.held_on <= r.session.end_date, title
        if bill.consultation_start:
            assert held and bill.consultation_start >= held[0].held_on, title  # after the first reading
        last = held[-1].held_on if held else submitted
        for vote in bill.votes.all():
            assert vote.session.start_date >= held[-1].session.start_date, title
            assert _day(vote.opened_at) <= _day(vote.closed_at) <= TODAY, title
        if bill.passed_on:
            assert last <= bill.passed_on <= TODAY, title
        if bill.approval_submitted_on:
            assert bill.passed_on and bill.passed_on <= bill.approval_submitted_on <= TODAY, title
        if bill.approved_on:
            assert bill.approval_submitted_on and bill.approval_submitted_on <= bill.approved_on <= TODAY, (
                title
            )
        if bill.shelved_on:
            assert last <= bill.shelved_on <= TODAY, title
        if bill.terminated_on:
            assert bill.shelved_on and bill.shelved_on < bill.terminated_on <= TODAY, title
        if bill.withdrawn_at:
            assert last <= _day(bill.withdrawn_at) <= TODAY, title
        if hasattr(bill, "review"):
            assert submitted <= _day(bill.review.recorded_at) <= TODAY, title


def test_motions_in_every_state_and_dates_in_order() -> None:
    from django.utils import timezone

    from lvzhi.motions.models import Motion
    from lvzhi.motions.states import MotionStatus

    motions = Motion.objects.all()
    assert set(motions.values_list("status", flat=True)) == set(MotionStatus.values)
    assert motions.filter(body="congress").count() >= 6
    for m in motions:
        steps = [_day(m.created_at)]
        for stamp in (m.submitted_at, m.decided_at, m.voted_at, m.reported_at, m.withdrawn_at, m.ended_at):
            if stamp is not None:
                steps.append(_day(stamp))
        assert steps[1:] == sorted(steps[1:]) and steps[0] <= steps[-1], m.title
        # the motions to sessions ahead are written on the real day (TODAY is the seed's "today")
        assert steps[-1] <= max(TODAY, timezone.localdate()), m.title
        if m.submitted_at is not None and m.session.motion_cutoff is not None:
            assert m.submitted_at <= m.session.motion_cutoff, m.title


def test_upcoming_congress_session_takes_motions(city: SeedSummary, client: Any) -> None:
    from django.urls import reverse

    from lvzhi.motions import permissions as motion_perms
    from lvzhi.motions.models import Motion
    from lvzhi.motions.selectors import sessions_open_for_motions
    from lvzhi.motions.services import signer_threshold

    upcoming = Session.objects.get(body="congress", start_date__gt=TODAY)
    assert upcoming.motion_cutoff is not None and upcoming.motion_cutoff.date() > TODAY
    assert upcoming in sessions_open_for_motions(term=upcoming.term)
    deputy = User.objects.get(username="deputy")
    draft = Motion.objects.get(session=upcoming, status="draft")
    assert draft.lead.person_id == deputy.person_id
    assert draft.signers.filter(confirmed_at__isnull=False).count() >= signer_threshold(draft)
    assert motion_perms.can_submit_motion(deputy, draft)
    assert Motion.objects.filter(session=upcoming, status="submitted").exists()
    client.force_login(deputy)
    page = client.get(reverse("motions:create"))
    assert page.status_code == 200 and upcoming.title in page.content.decode()


def test_legislation_pages_show_the_demo(city: SeedSummary, client: Any) -> None:
    from django.urls import reverse

    from lvzhi.legislation.models import Bill, LegislativePlan, ProjectProposal, Regulation, Vote

    public = client.get("/public/regulations/")
    html = public.content.decode()
    assert public.status_code == 200 and "尚未公布" not in html
    for regulation in Regulation.objects.all():
        assert regulation.title in html
    amended = Regulation.objects.filter(versions__number=2).first()
    assert amended is not None
    compare = client.get(reverse("regulations_public:compare", args=[amended.pk]))
    assert compare.status_code == 200
    client.force_login(User.objects.get(username="staff_fagong"))
    annual = LegislativePlan.objects.get(kind="annual")
    assert annual.title in client.get(reverse("legislation:plan_list")).content.decode()
    plan_page = client.get(reverse("legislation:plan_detail", args=[annual.pk])).content.decode()
    assert all(p.title in plan_page for p in ProjectProposal.objects.filter(plan=annual))
    proposals_page = client.get(reverse("legislation:proposal_list")).content.decode()
    assert ProjectProposal.objects.get(status="proposed").title in proposals_page
    bills_page = client.get(reverse("legislation:bill_list")).content.decode()
    for status in ("drafting", "submitted", "shelved", "awaiting_approval"):
        assert Bill.objects.filter(status=status).first().title in bills_page  # type: ignore[union-attr]
    vote = Vote.objects.select_related("session").order_by("-session__start_date").first()
    assert vote is not None
    vote_page = client.get(reverse("legislation:vote_detail", args=[vote.pk]))
    first_ballot = vote.ballots.select_related("membership__person").first()
    assert vote_page.status_code == 200 and first_ballot is not None
    assert first_ballot.membership.person.name in vote_page.content.decode()
    meeting_page = client.get(reverse("legislation:meeting_detail", args=[vote.session_id])).content.decode()
    assert f">{vote.present}<" in meeting_page and 'id="quorum-met"' in meeting_page  # attendance
