"""The demo city generator: counts, determinism, valid data, audit trail, refusal and reset.

The demo scale is seeded once for the module inside a transaction that is rolled back at the
end, so the other test modules never see it (the audit log cannot be deleted, only rolled back).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
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

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def city(django_db_setup: Any, django_db_blocker: Any) -> Iterator[SeedSummary]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield seed_city(scale="demo", seed=1, today=TODAY)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


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
    assert [s.number for s in congress] == [1, 2, 3, 4, 5]
    assert [s.start_date.year for s in congress] == [2022, 2023, 2024, 2025, 2026]
    assert all(s.start_date.month in (1, 2) for s in congress)
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
    assert actions["suggestion.seed"] == city.counts["suggestions"] == Suggestion.objects.count()
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
    assert Bill.objects.count() == 2


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
