"""Oversight dashboards, exports and the annual report of deputies' suggestions.

The data goes through the workflow services (create → co-sign → submit → register → assign →
opinion → reply → feedback → re-handling → commitment update). Only what the services cannot
do on the day the test runs is set directly: a deadline moved into the past to make a reply
late or an item overdue, and one item moved to last year.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lvzhi.core.actors import SYSTEM
from lvzhi.core.models import Organ, OrganType
from lvzhi.core.testing import external_references
from lvzhi.office.testing import EVIL_FORMULA, assert_gongwen_page, assert_text_cell
from lvzhi.suggestions import oversight, reports
from lvzhi.suggestions.models import Assignment, Commitment, Suggestion, Topic
from lvzhi.suggestions.states import AssignmentMode, AssignmentRole, Rating, SuggestionStatus

pytestmark = pytest.mark.django_db

BODY = "现状和问题：情况说明若干。具体建议：一是加强统筹，二是完善机制，三是加大投入。"
REPLY = "经认真研究，现就您提出的建议逐条答复如下：一、已纳入年度工作计划；二、正在完善相关制度。"
SECRET = "关于某企业违规排放问题的建议"


@dataclass
class Data:
    year: int
    today: dt.date
    court: Any
    deputy2: Any
    deputy3: Any
    s1: Suggestion
    s2: Suggestion
    s3: Suggestion
    s4: Suggestion
    s5: Suggestion
    s6: Suggestion


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def data(world: Any) -> Data:
    from conftest import make_person
    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.deputies.models import Deputy
    from lvzhi.suggestions import services as sv

    rules_profiles_install_builtin()
    court = Organ.objects.create(code="court", name="测试市中级人民法院", type=OrganType.COURT)
    deputy2 = Deputy.objects.create(
        person=make_person("陈晓梅", 3),
        term=world.term,
        code="D0002",
        electoral_unit=world.unit,
        delegation=world.delegation2,
    )
    deputy3 = Deputy.objects.create(
        person=make_person("赵立新", 4),
        term=world.term,
        code="D0003",
        electoral_unit=world.unit,
        delegation=world.delegation,
    )

    def item(
        lead: Any, title: str, topic: str, *, cosigners: tuple[Any, ...] = (), secret: bool = False
    ) -> Suggestion:
        s = sv.suggestion_create(
            lead=lead,
            title=title,
            body=BODY,
            topic=topic,
            cosigners=cosigners,
            confidential=secret,
            confidential_reason="涉及企业商业秘密" if secret else "",
            acting_user=SYSTEM,
        )
        for d in cosigners:
            sv.signer_respond(suggestion=s, deputy=d, confirm=True, acting_user=SYSTEM)
        sv.suggestion_submit(suggestion=s, acting_user=SYSTEM)
        return sv.suggestion_register(suggestion=s, acting_user=SYSTEM)

    def assign(s: Suggestion, mode: str, *choices: tuple[Any, str]) -> list[Assignment]:
        return sv.suggestion_assign(
            suggestion=s,
            mode=mode,
            acting_user=SYSTEM,
            choices=[
                sv.UnitChoice(unit=u, role=r, part="本单位职责部分" if mode == "separate" else "")
                for u, r in choices
            ],
        )

    def reply(a: Assignment, category: str = "A", *, promise_days: int | None = None) -> Any:
        a.refresh_from_db()
        return sv.reply_submit(
            assignment=a,
            category=category,
            content=REPLY,
            signer="单位负责人",
            acting_user=SYSTEM,
            commitment="年内完成改造并向代表通报" if promise_days else "",
            commitment_due=_days(promise_days) if promise_days else None,
        )

    def late(a: Assignment) -> None:
        """Make the reply just given late: its deadline was three days ago."""
        Assignment.objects.filter(pk=a.pk).update(reply_due=_days(-3))

    def rate(r: Any, rating: str) -> None:
        sv.feedback_submit(
            reply=r,
            rating=rating,
            comment="答复不够具体" if rating == "unsatisfied" else "",
            acting_user=SYSTEM,
        )

    edu, health = world.education, world.health
    # S1: one unit, on time, 满意; co-signed by deputy2.
    s1 = item(world.deputy, "关于加强校园周边交通安全的建议", "education", cosigners=(deputy2,))
    [a] = assign(s1, AssignmentMode.SOLE, (edu, AssignmentRole.SOLE))
    rate(reply(a), "satisfied")
    # S2: joint (health leads, education co-handles), B with an open commitment, 基本满意, key.
    s2 = item(deputy2, "关于提升社区医疗服务能力的建议", "health")
    lead, co = assign(s2, AssignmentMode.JOINT, (health, AssignmentRole.LEAD), (edu, AssignmentRole.CO))
    sv.assignment_send_opinion(
        assignment=co, opinion="同意主办单位意见，配合做好相关工作。", acting_user=SYSTEM
    )
    sv.suggestion_select_key(
        suggestion=s2, committee=world.rep_office, decided_on=timezone.localdate(), acting_user=SYSTEM
    )
    rate(reply(lead, "B", promise_days=60), "basically")
    # S3: separately to education and health; education rated 不满意, handles it again, answers
    # late with a B commitment that is then delivered, and is rated 不满意 again.
    s3 = item(deputy3, "关于增加中小学心理健康教师的建议", "education")
    a_edu, a_health = assign(
        s3, AssignmentMode.SEPARATE, (edu, AssignmentRole.SEPARATE), (health, AssignmentRole.SEPARATE)
    )
    r_edu1 = reply(a_edu, "A")
    rate(reply(a_health, "C"), "satisfied")
    rate(r_edu1, "unsatisfied")
    r_edu2 = reply(a_edu, "B", promise_days=30)
    late(a_edu)
    sv.commitment_update(
        commitment=Commitment.objects.get(reply=r_edu2),
        progress="已全部完成",
        delivered=True,
        acting_user=SYSTEM,
    )
    rate(r_edu2, "unsatisfied")
    # S4: confidential, key, not answered and overdue.
    s4 = item(world.deputy, SECRET, "environment", secret=True)
    [a4] = assign(s4, AssignmentMode.SOLE, (edu, AssignmentRole.SOLE))
    sv.suggestion_select_key(
        suggestion=s4, committee=world.rep_office, decided_on=timezone.localdate(), acting_user=SYSTEM
    )
    late(a4)
    # S5: the court, B with a commitment now past its date; not rated yet.
    s5 = item(deputy2, "关于规范诉讼服务中心建设的建议", "justice")
    [a5] = assign(s5, AssignmentMode.SOLE, (court, AssignmentRole.SOLE))
    reply(a5, "B", promise_days=10)
    Commitment.objects.filter(reply__assignment=a5).update(due=_days(-5))
    # S6: last year's item with a commitment still open (the ledger follows it across years).
    s6 = item(world.deputy, "关于老旧小区加装电梯的建议", "housing")
    [a6] = assign(s6, AssignmentMode.SOLE, (health, AssignmentRole.SOLE))
    reply(a6, "B", promise_days=20)
    # S7 withdrawn, S8 a draft: received / not received.
    s7 = item(deputy3, "关于优化公交线路的建议", "transport")
    sv.suggestion_withdraw(suggestion=s7, reason="已通过其他渠道解决", acting_user=SYSTEM)
    sv.suggestion_create(lead=deputy3, title="草稿中的建议", body=BODY, acting_user=SYSTEM)
    year = timezone.localdate().year
    Suggestion.objects.filter(pk=s6.pk).update(year=year - 1)  # numbered last, so numbering is undisturbed
    for s in (s1, s2, s3, s4, s5, s6):
        s.refresh_from_db()
    return Data(
        year=year,
        today=timezone.localdate(),
        court=court,
        deputy2=deputy2,
        deputy3=deputy3,
        s1=s1,
        s2=s2,
        s3=s3,
        s4=s4,
        s5=s5,
        s6=s6,
    )


def _f(**params: Any) -> oversight.OversightFilters:
    return oversight.OversightFilters.from_params(params)


# --- selectors -----------------------------------------------------------------------------------


def test_workflow_states_as_built(data):
    assert [s.status for s in (data.s1, data.s2, data.s3, data.s4, data.s5)] == [
        "closed",
        "closed",
        "closed",
        "assigned",
        "answered",
    ]


def test_overview_figures(data):
    o = oversight.overview(_f())
    assert (o.received, o.counted, o.withdrawn, o.pending, o.interim, o.session, o.joint) == (
        6,
        5,
        1,
        0,
        5,
        0,
        1,
    )
    assert (o.handled, o.answered_items, o.closed, o.key_items) == (5, 4, 3, 2)
    assert (o.units, o.answering, o.co, o.answered, o.on_time, o.open, o.overdue) == (3, 6, 1, 5, 4, 1, 1)
    assert o.on_time_rate == 80.0
    assert (o.satisfied, o.basically, o.unsatisfied, o.rated, o.rehandled) == (2, 1, 1, 4, 1)
    assert o.satisfaction_rate == 75.0
    assert (o.c_open, o.c_late, o.c_delivered) == (1, 1, 1)
    assert o.categories == {"A": 1, "B": 3, "C": 1}
    assert o.avg_days is not None and o.avg_days < 1


def test_year_filter(data):
    last = oversight.overview(_f(year=data.year - 1))
    assert (last.counted, last.answering, last.c_open) == (1, 1, 1)
    every = oversight.overview(_f(year="all"))
    assert (every.counted, every.c_open) == (6, 2)
    assert oversight.overview(_f(year="junk")).counted == 5  # junk → this year
    assert oversight.overview(_f(channel="session")).counted == 0


def test_unit_rows(data, world):
    rows = {r.unit_id: r for r in oversight.unit_rows(_f())}
    edu, health, court = rows[world.education.pk], rows[world.health.pk], rows[data.court.pk]
    assert (edu.answering, edu.co, edu.answered, edu.on_time, edu.open, edu.overdue) == (3, 1, 2, 1, 1, 1)
    assert (edu.satisfied, edu.basically, edu.unsatisfied, edu.rehandled, edu.satisfaction_rate) == (
        1,
        0,
        1,
        1,
        50.0,
    )
    assert (edu.c_open, edu.c_late, edu.c_delivered) == (0, 0, 1)
    assert edu.on_time_rate == 50.0 and edu.late == 1
    assert (health.answering, health.co, health.answered, health.on_time, health.overdue) == (2, 0, 2, 2, 0)
    assert (health.satisfied, health.basically, health.satisfaction_rate, health.c_open) == (1, 1, 100.0, 1)
    assert (court.answering, court.answered, court.rated, court.satisfaction_rate, court.c_late) == (
        1,
        1,
        0,
        None,
        1,
    )
    total = oversight.unit_totals(rows.values())
    assert (total.answering, total.co, total.answered, total.on_time, total.overdue, total.rated) == (
        6,
        1,
        5,
        4,
        1,
        4,
    )


def test_unit_type_filter_and_sorting(data, world):
    judicial = oversight.unit_rows(_f(unit_type="judicial"))
    assert [r.unit_id for r in judicial] == [data.court.pk]
    government = oversight.unit_rows(_f(unit_type="government"), sort="-overdue")
    assert [r.unit_id for r in government] == [world.education.pk, world.health.pk]
    assert [r.unit_id for r in oversight.unit_rows(_f(), sort="-satisfaction_rate")][:2] == [
        world.health.pk,
        world.education.pk,
    ]
    assert len(oversight.unit_rows(_f(), sort="nonsense")) == 3


def test_topic_and_delegation_rows(data, world):
    topics = {r.key: r for r in oversight.topic_rows(_f())}
    assert set(topics) == {"education", "health", "environment", "justice"}
    edu = topics["education"]
    assert (edu.total, edu.handled, edu.answered, edu.closed, edu.leads) == (2, 2, 2, 2, 2)
    assert (edu.satisfied, edu.unsatisfied, edu.rehandled) == (2, 1, 1)
    assert (topics["environment"].overdue, topics["environment"].key_items) == (1, 1)
    assert topics["justice"].answered == 1 and topics["justice"].closed == 0
    delegations = {r.key: r for r in oversight.delegation_rows(_f())}
    east, west = delegations[world.delegation.pk], delegations[world.delegation2.pk]
    assert (east.total, east.leads, east.overdue, east.key_items, east.satisfied, east.unsatisfied) == (
        3,
        2,
        1,
        1,
        2,
        1,
    )
    assert (west.total, west.key_items, west.basically, west.rated) == (2, 1, 1, 1)
    assert east.label == "东区代表团"


def test_deputy_rows(data, world):
    rows = {r.deputy_id: r for r in oversight.deputy_rows(_f())}
    me, d2, d3 = rows[world.deputy.pk], rows[data.deputy2.pk], rows[data.deputy3.pk]
    assert (me.led, me.led_answered, me.led_key, me.cosigned, me.satisfied) == (2, 1, 1, 0, 1)
    assert (d2.led, d2.led_answered, d2.led_key, d2.cosigned, d2.basically) == (2, 2, 1, 1, 1)
    assert (d3.led, d3.satisfied, d3.unsatisfied, d3.satisfaction_rate) == (1, 1, 1, 50.0)
    west = oversight.deputy_rows(_f(delegation=world.delegation2.pk))
    assert [(r.deputy_id, r.led, r.cosigned) for r in west] == [(data.deputy2.pk, 2, 1)]
    ordered = oversight.attach_deputies(oversight.deputy_rows(_f(), sort="-cosigned"))
    assert ordered[0].deputy == data.deputy2 and ordered[0].name == "陈晓梅"


def test_commitment_ledger_follows_items_across_years(data, world):
    ledger = list(oversight.commitment_ledger(_f(year="all", state="open"), world.staff))
    assert [c.reply.assignment.suggestion_id for c in ledger] == [
        data.s5.pk,
        data.s6.pk,
        data.s2.pk,
    ]  # by due date
    assert [c.is_late for c in ledger] == [True, False, False]
    assert [c.pk for c in oversight.commitment_ledger(_f(year="all", state="late"), world.staff)] == [
        ledger[0].pk
    ]
    delivered = oversight.commitment_ledger(_f(year="all", state="delivered"), world.staff)
    assert [c.reply.assignment.suggestion_id for c in delivered] == [data.s3.pk]
    assert delivered[0].is_late is False  # delivered before its date
    summary = {r.unit_id: r for r in oversight.commitment_summary(_f(year="all"))}
    assert (summary[world.health.pk].c_open, summary[data.court.pk].c_late) == (2, 1)
    assert list(oversight.commitment_summary(_f(year="all")))[0].unit_id == data.court.pk  # most late first


def test_title_visibility_follows_the_confidentiality_rules(data, world):
    def visible(user: Any) -> bool:
        return Suggestion.objects.filter(pk=data.s4.pk).annotate(v=oversight.title_visibility(user)).get().v

    assert visible(world.staff) and visible(world.leader)
    assert visible(world.officer)  # handles it
    assert visible(world.deputy_user)  # signed it
    assert not visible(world.sc_member) and not visible(world.outsider_officer) and not visible(world.public)


# --- pages ---------------------------------------------------------------------------------------

PAGES = [
    ("index", False),
    ("units", False),
    ("unit", True),
    ("topics", False),
    ("delegations", False),
    ("deputies", False),
    ("commitments", False),
]


def _url(name: str, world: Any, **params: Any) -> str:
    args = [world.education.pk] if name == "unit" else []
    url = reverse(f"oversight:{name}", args=args)
    return f"{url}?{urlencode(params)}" if params else url


def _bulk(world: Any, data: Data, n: int) -> None:
    """More items, units, deputies, replies, ratings and commitments, straight into the tables."""
    from conftest import make_person
    from lvzhi.deputies.models import Deputy
    from lvzhi.suggestions.models import Feedback, Reply, Signer

    now = timezone.now()
    units = [
        Organ.objects.create(code=f"bulk{i}", name=f"批量单位{i}", type=OrganType.GOVERNMENT_DEPARTMENT)
        for i in range(3)
    ]
    deputies = [
        Deputy.objects.create(
            person=make_person(f"批量代表{i}", 50 + i),
            term=world.term,
            code=f"B{i:03d}",
            electoral_unit=world.unit,
            delegation=world.delegation2,
        )
        for i in range(3)
    ]
    items = Suggestion.objects.bulk_create(
        [
            Suggestion(
                term=world.term,
                title=f"批量建议{i}",
                body=BODY,
                topic="transport",
                lead=deputies[i % 3],
                status="closed",
                year=data.year,
                number=f"B-{i}",
                sequence=1000 + i,
                rules=data.s1.rules,
                confidential=i % 2 == 0,
                is_key=i % 3 == 0,
                key_committee=world.rep_office if i % 3 == 0 else None,
            )
            for i in range(n)
        ]
    )
    Signer.objects.bulk_create(
        [Signer(suggestion=s, deputy=deputies[(i + 1) % 3], confirmed_at=now) for i, s in enumerate(items)]
    )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                suggestion=s,
                unit=units[i % 3],
                mode="sole",
                role="sole",
                status="answered",
                assigned_at=now,
                answered_at=now,
                return_due=data.today,
                reply_due=data.today,
                reply_cap=data.today,
            )
            for i, s in enumerate(items)
        ]
    )
    replies = Reply.objects.bulk_create(
        [Reply(assignment=a, category="B", content=REPLY, signer="x", replied_at=now) for a in assignments]
    )
    Feedback.objects.bulk_create([Feedback(reply=r, rating="satisfied", rated_at=now) for r in replies])
    Commitment.objects.bulk_create(
        [Commitment(reply=r, unit_id=r.assignment.unit_id, content="承诺", due=data.today) for r in replies]
    )


def test_query_counts_are_small_and_do_not_grow_with_rows(client, data, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.staff)
    client.get(_url("index", world))  # warm the session
    # session, user, roles, unread count, two filter-option queries ... plus the page's own queries
    # (+1 for the duty of the staff's organ: the deputies' affairs office handles suggestions)
    limits = {
        "index": 15,
        "units": 13,
        "unit": 17,
        "topics": 13,
        "delegations": 13,
        "deputies": 15,
        "commitments": 12,
    }
    before = {}
    for name, _detail in PAGES:
        with django_assert_max_num_queries(limits[name]):
            with CaptureQueriesContext(connection) as q:
                assert client.get(_url(name, world)).status_code == 200
        before[name] = len(q.captured_queries)
    _bulk(world, data, 30)
    for name, _detail in PAGES:
        with CaptureQueriesContext(connection) as q:
            assert client.get(_url(name, world, year="all")).status_code == 200
        assert len(q.captured_queries) == before[name], name


def test_export_and_report_query_counts(client, data, world, django_assert_max_num_queries):
    client.force_login(world.staff)
    client.get(_url("index", world))
    _bulk(world, data, 30)
    for table, limit in (
        ("suggestions", 8),
        ("units", 8),
        ("topics", 8),
        ("delegations", 8),
        ("deputies", 9),
        ("commitments", 5),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(reverse("oversight:export", args=[table])).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("oversight:report")).status_code == 200


def test_pages_show_the_figures_a_table_and_a_local_chart(client, data, world):
    client.force_login(world.staff)
    html = client.get(_url("units", world)).content.decode()
    assert 'id="units-table"' in html and "测试市中级人民法院" in html
    assert reverse("oversight:unit", args=[world.education.pk]) in html
    assert '<script id="chart-units" type="application/json">' in html
    assert "/static/vendor/chartjs/chart.umd.min.js" in html and external_references(html) == []
    html = client.get(_url("index", world)).content.decode()
    assert "<dd>6</dd>" in html and "75.0%" in html and "80.0%" in html
    html = client.get(_url("topics", world)).content.decode()
    assert "topic=education" in html and 'id="groups-table"' in html
    html = client.get(_url("delegations", world)).content.decode()
    assert "东区代表团" in html and "西区代表团" in html
    html = client.get(_url("deputies", world)).content.decode()
    assert "赵立新" in html and reverse("deputies:detail", args=[data.deputy3.pk]) in html
    html = client.get(_url("commitments", world)).content.decode()
    assert "关于老旧小区加装电梯的建议" in html  # last year's open commitment is still followed
    assert "关于增加中小学心理健康教师的建议" not in html  # delivered: not in the open ledger
    html = client.get(_url("commitments", world, state="delivered")).content.decode()
    assert "关于增加中小学心理健康教师的建议" in html


def test_sorting_filters_and_junk_parameters(client, data, world):
    client.force_login(world.staff)
    html = client.get(_url("units", world, sort="-overdue")).content.decode()
    table = html[html.index('id="units-table"') :]
    assert table.index("测试市教育局") < table.index("测试市卫生健康委员会")
    html = client.get(_url("units", world, unit_type="judicial")).content.decode()
    assert "测试市中级人民法院" in html and "测试市教育局" not in html[html.index('id="units-table"') :]
    html = client.get(_url("units", world, topic="justice")).content.decode()
    assert "测试市中级人民法院" in html and "测试市教育局" not in html[html.index('id="units-table"') :]
    for name, _detail in PAGES:
        junk = {
            "year": "x'",
            "term": "abc",
            "channel": "<b>",
            "unit_type": "?",
            "sort": "-;drop",
            "page": "999",
            "delegation": "-1",
            "state": "nope",
            "topic": "zz",
            "key": "maybe",
            "unit": "1e9",
        }
        assert client.get(_url(name, world, **junk)).status_code == 200, name
    assert client.get(reverse("oversight:unit", args=[999999])).status_code == 404
    assert client.get(reverse("oversight:export", args=["nonsense"])).status_code == 404


def test_deputies_page_is_paginated(client, data, world, monkeypatch):
    from lvzhi.suggestions import views_oversight

    monkeypatch.setattr(views_oversight, "PAGE", 2)
    client.force_login(world.staff)
    first = client.get(_url("deputies", world)).content.decode()
    second = client.get(_url("deputies", world, page=2)).content.decode()
    table1, table2 = (
        first[first.index('id="deputies-table"') :],
        second[second.index('id="deputies-table"') :],
    )
    assert "王建国" in table1 and "陈晓梅" in table1 and "赵立新" not in table1
    assert "赵立新" in table2 and "page=2" in first


# --- permissions and confidentiality -------------------------------------------------------------


def test_anonymous_deputies_and_the_public_are_kept_out(client, data, world):
    files = [reverse("oversight:export", args=["suggestions"]), reverse("oversight:report")]
    assert client.get(_url("index", world)).status_code == 302  # to the login page
    for user in (world.deputy_user, world.public):
        client.force_login(user)
        for name, _detail in PAGES:
            assert client.get(_url(name, world)).status_code == 403, (user, name)
        for url in files:
            assert client.get(url).status_code == 403


def test_a_unit_officer_sees_only_their_own_unit(client, data, world):
    client.force_login(world.officer)  # 教育局
    response = client.get(_url("index", world))
    assert response.status_code == 302 and response["Location"].endswith(reverse("oversight:units"))
    html = client.get(_url("units", world)).content.decode()
    assert "测试市教育局" in html and "测试市卫生健康委员会" not in html and "测试市中级人民法院" not in html
    assert 'href="/suggestions/oversight/topics/' not in html  # no tabs to the other views
    html = client.get(_url("unit", world)).content.decode()
    assert SECRET in html  # the unit handles the confidential item
    assert client.get(reverse("oversight:unit", args=[world.health.pk])).status_code == 403
    for name in ("topics", "delegations", "deputies", "commitments"):
        assert client.get(_url(name, world)).status_code == 403
    assert client.get(reverse("oversight:export", args=["units"])).status_code == 403
    assert client.get(reverse("oversight:report")).status_code == 403
    client.force_login(world.outsider_officer)  # 卫健委
    html = client.get(_url("units", world)).content.decode()
    assert "测试市卫生健康委员会" in html and "测试市教育局" not in html


def _mask(response: Any) -> str:
    """The mask as the response's language writes it."""
    with translation.override(response["Content-Language"]):
        return str(oversight.MASK)


def test_confidential_titles_are_masked_for_those_who_may_not_see_them(client, data, world):
    Suggestion.objects.filter(pk=data.s2.pk).update(confidential=True, confidential_reason="测试")
    client.force_login(world.sc_member)
    response = client.get(_url("unit", world))
    html, mask = response.content.decode(), _mask(response)
    assert SECRET not in html and "关于提升社区医疗服务能力的建议" not in html and mask in html
    assert "关于加强校园周边交通安全的建议" in html
    html = client.get(_url("commitments", world)).content.decode()
    assert "关于提升社区医疗服务能力的建议" not in html and "年内完成改造并向代表通报" in html  # S5's, S6's
    assert html.count(mask) >= 2  # S2's title and commitment
    assert (
        client.get(reverse("oversight:export", args=["suggestions"])).status_code == 403
    )  # members: no exports
    client.force_login(world.staff)
    html = client.get(_url("unit", world)).content.decode()
    assert SECRET in html


# --- files ---------------------------------------------------------------------------------------


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    return list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))


def test_suggestions_export_with_filters_and_masking(client, data, world):
    client.force_login(world.staff)
    url = reverse("oversight:export", args=["suggestions"])
    response = client.get(url)
    rows = _sheet(response)
    header, body = rows[0], rows[1:]
    assert len(body) == 5 and len(header) == 15
    by_number = {r[0]: r for r in body}
    assert by_number[data.s4.number][1] == SECRET  # staff may see it
    s3 = by_number[data.s3.number]
    assert s3[1] == "关于增加中小学心理健康教师的建议" and s3[2] == "赵立新" and s3[3] == "东区代表团"
    assert s3[10].startswith("测试市教育局：") and "；测试市卫生健康委员会：" in s3[10]
    assert s3[13] == "B；C"
    with translation.override(response["Content-Language"]):
        assert s3[14] == f"{Rating.UNSATISFIED.label}；{Rating.SATISFIED.label}"
    assert by_number[data.s1.number][4] == "陈晓梅"  # co-signer
    response = client.get(url, {"mask": "1"})
    masked = {r[0]: r for r in _sheet(response)[1:]}
    assert masked[data.s4.number][1] == _mask(response)
    assert masked[data.s1.number][1] == "关于加强校园周边交通安全的建议"
    assert SECRET not in str(masked)
    judicial = _sheet(client.get(url, {"unit_type": "judicial"}))[1:]
    assert [r[0] for r in judicial] == [data.s5.number]
    closed = _sheet(client.get(url, {"status": "closed", "topic": "education"}))[1:]
    assert sorted(r[0] for r in closed) == sorted([data.s1.number, data.s3.number])
    last_year = _sheet(client.get(url, {"year": data.year - 1}))[1:]
    assert [r[0] for r in last_year] == [data.s6.number]


def test_dashboard_table_exports(client, data, world):
    client.force_login(world.leader)  # leaders may export too
    rows = _sheet(client.get(reverse("oversight:export", args=["units"]), {"sort": "name"}))
    body = {r[0]: r for r in rows[1:]}
    assert body["测试市教育局"][2:6] == (3, 1, 2, 1) and body["测试市教育局"][8] == 1
    assert body["测试市卫生健康委员会"][13] == 1.0  # a rate is a number, shown as a percentage
    total = rows[-1]
    assert total[2:6] == (6, 1, 5, 4) and total[13] == 0.75
    response = client.get(reverse("oversight:export", args=["topics"]))
    topics = {r[0]: r for r in _sheet(response)[1:]}
    with translation.override(response["Content-Language"]):
        education, environment = str(Topic.EDUCATION.label), str(Topic.ENVIRONMENT.label)
    assert topics[education][1:5] == (2, 2, 2, 2) and topics[environment][7] == 1
    deputies = _sheet(client.get(reverse("oversight:export", args=["deputies"])))[1:]
    assert [(r[0], r[3], r[6]) for r in deputies] == [("王建国", 2, 0), ("陈晓梅", 2, 1), ("赵立新", 1, 0)]
    delegations = {r[0]: r for r in _sheet(client.get(reverse("oversight:export", args=["delegations"])))[1:]}
    assert delegations["东区代表团"][1] == 3 and delegations["西区代表团"][1] == 2


def test_commitment_ledger_export_masks_confidential_items(client, data, world):
    Suggestion.objects.filter(pk=data.s5.pk).update(confidential=True, confidential_reason="测试")
    client.force_login(world.staff)
    url = reverse("oversight:export", args=["commitments"])
    rows = _sheet(client.get(url))[1:]
    assert [r[1] for r in rows] == [
        data.s5.number,
        data.s6.number,
        data.s2.number,
    ]  # open, all years, by due date
    assert rows[0][3] == "关于规范诉讼服务中心建设的建议" and rows[1][2] == data.year - 1
    response = client.get(url, {"mask": "1"})
    masked = _sheet(response)[1:]
    assert masked[0][3] == _mask(response) and masked[0][5] == _mask(response)
    assert masked[1][3] == "关于老旧小区加装电梯的建议"
    delivered = _sheet(client.get(url, {"state": "delivered"}))[1:]
    assert [r[1] for r in delivered] == [data.s3.number]


def _docx_text(response: Any) -> tuple[str, list[list[list[str]]]]:
    import docx

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = docx.Document(io.BytesIO(response.content))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    return "\n".join(p.text for p in document.paragraphs), tables


def test_annual_report(client, data, world):
    client.force_login(world.staff)
    response = client.get(reverse("oversight:report"), {"year": data.year})
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert_gongwen_page(response.content)
    text, tables = _docx_text(response)
    y = data.year
    assert f"关于{y}年度代表建议、批评和意见办理情况的报告" in text
    assert f"{y}年，共收到代表建议、批评和意见（以下简称代表建议）6件" in text
    assert "立案办理5件" in text and "闭会期间提出5件" in text and "多名代表联名提出1件" in text
    assert "代表书面撤回1件" in text
    assert "共交由3个承办单位办理，交办7件次" in text and "协办1件次" in text
    assert "已全部答复的代表建议4件，占已交办建议的80.0%" in text
    assert "其中在规定期限内答复4件次，按期答复率为80.0%" in text and "已超过答复期限1件次" in text
    assert "A类" in text and "B类" in text and "3件次，占60.0%" in text
    assert "满意2件次，基本满意1件次，不满意1件次，满意和基本满意率为75.0%" in text
    assert "重点督办代表建议2件" in text and "《关于提升社区医疗服务能力的建议》" in text
    assert SECRET not in text and f"{data.s4.number}（保密）" in text
    assert "形成承诺事项3项，已兑现1项，正在落实1项，逾期未兑现1项" in text
    assert "以前年度结转尚未兑现的承诺事项1项" in text
    unit_table, late_table = tables
    assert unit_table[0][0] == "承办单位" and len(unit_table) == 4
    edu = next(r for r in unit_table if r[0] == "测试市教育局")
    assert edu[1:7] == ["3", "1", "2", "1", "1", "50.0%"]
    assert late_table[1][:2] == ["测试市中级人民法院", data.s5.number]
    with translation.override("zh-hans"):
        assert (
            f"办理状态：{SuggestionStatus.ASSIGNED.label}" in text
        )  # Chinese whatever the reader's language
    client.cookies["django_language"] = "en"
    last, _tables = _docx_text(client.get(reverse("oversight:report"), {"year": y - 1}))
    assert f"关于{y - 1}年度" in last and "（以下简称代表建议）1件" in last and "未确定重点督办" in last


def test_annual_report_counts_and_lists_the_same_late_commitments(client, data, world):
    """The next steps named this year's late commitments plus those carried over from earlier
    years while the table listed this year's only: one selector now feeds both."""
    Commitment.objects.filter(reply__assignment__suggestion=data.s6).update(
        due=data.today - dt.timedelta(days=9)
    )
    d = reports.annual_report_data(data.year, today=data.today)
    assert (d.overview.c_late, d.carried_late, d.late_total) == (1, 1, 2)
    assert [c.reply.assignment.suggestion_id for c in d.late_commitments] == [data.s6.pk, data.s5.pk]
    client.force_login(world.staff)
    text, tables = _docx_text(client.get(reverse("oversight:report"), {"year": data.year}))
    late_table = tables[1]
    assert [row[1] for row in late_table[1:]] == [data.s6.number, data.s5.number]
    assert "逾期未兑现的承诺事项2项（含以前年度结转）如下：" in text
    assert "对逾期未兑现的2项承诺事项逐项督办" in text


def test_key_items_name_their_committee_and_the_database_requires_one(client, data, world):
    from django.db import IntegrityError, transaction

    client.force_login(world.staff)
    text, _tables = _docx_text(client.get(reverse("oversight:report"), {"year": data.year}))
    assert "督办机构：—" not in text and f"督办机构：{world.rep_office.name}" in text
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.filter(pk=data.s1.pk).update(is_key=True, key_committee=None)


# --- user text in the exports stays text ---------------------------------------------------------


def test_suggestions_export_writes_a_formula_looking_title_as_text(client, data, world):
    from lvzhi.suggestions import services as sv

    s = sv.suggestion_create(
        lead=world.deputy, title=EVIL_FORMULA, body=BODY, topic="education", acting_user=SYSTEM
    )
    sv.suggestion_submit(suggestion=s, acting_user=SYSTEM)
    sv.suggestion_register(suggestion=s, acting_user=SYSTEM)
    client.force_login(world.staff)
    response = client.get(reverse("oversight:export", args=["suggestions"]))
    assert response.status_code == 200
    cell = assert_text_cell(response.content)
    assert cell.column == 2 and cell.quotePrefix


def test_commitment_ledger_writes_formula_looking_text_as_text_and_dates_as_dates(client, data, world):
    from openpyxl import load_workbook

    from lvzhi.suggestions import services as sv

    s = sv.suggestion_create(
        lead=world.deputy, title="关于增设路灯的建议", body=BODY, topic="transport", acting_user=SYSTEM
    )
    sv.suggestion_submit(suggestion=s, acting_user=SYSTEM)
    sv.suggestion_register(suggestion=s, acting_user=SYSTEM)
    [a] = sv.suggestion_assign(
        suggestion=s,
        mode=AssignmentMode.SOLE,
        choices=[sv.UnitChoice(unit=data.court, role=AssignmentRole.SOLE)],
        acting_user=SYSTEM,
    )
    sv.reply_submit(
        assignment=a,
        category="B",
        content=REPLY,
        signer="单位负责人",
        commitment=EVIL_FORMULA,  # the unit's promise, as the unit typed it
        commitment_due=_days(30),
        acting_user=SYSTEM,
    )
    s.refresh_from_db()
    client.force_login(world.staff)
    response = client.get(reverse("oversight:export", args=["commitments"]))
    assert_text_cell(response.content)
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == s.number)
    assert row[5].value == EVIL_FORMULA and row[5].data_type == "s"
    assert row[6].is_date and row[6].value.date() == _days(30)  # "Promised by"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:J")


def test_dashboard_table_export_writes_a_formula_looking_unit_name_as_text(client, data, world):
    Organ.objects.filter(pk=data.court.pk).update(name=EVIL_FORMULA)  # an organ named by an administrator
    client.force_login(world.staff)
    response = client.get(reverse("oversight:export", args=["units"]))
    assert_text_cell(response.content)
