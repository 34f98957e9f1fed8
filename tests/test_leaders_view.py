"""The leaders' view (``/leaders/``): who may open it, that its figures are right on a small
fixture city, that every figure's link opens a list of exactly the items counted, and that the
page's queries stay bounded whatever the amount of data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from lvzhi.core.actors import SYSTEM
from lvzhi.core.dashboards import FigureTable

pytestmark = pytest.mark.django_db

BODY = "现状和问题：情况说明若干。具体建议：一是加强统筹，二是完善机制，三是加大投入。"


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@dataclass
class City:
    w: Any
    lw: Any
    tasks: dict[str, Any]
    suggestions: dict[str, Any]
    consultation: Any


def _suggestion(w: Any, title: str, unit: Any | None) -> Any:
    from lvzhi.suggestions import services as sv

    s = sv.suggestion_create(lead=w.deputy, title=title, body=BODY, topic="education", acting_user=SYSTEM)
    sv.suggestion_submit(suggestion=s, acting_user=SYSTEM)
    s = sv.suggestion_register(suggestion=s, acting_user=SYSTEM)
    if unit is not None:
        sv.suggestion_assign(
            suggestion=s, mode="sole", acting_user=SYSTEM, choices=[sv.UnitChoice(unit=unit, role="sole")]
        )
    return s


@pytest.fixture
def city(world: Any, settings: Any, tmp_path: Any) -> City:
    from lvzhi.consultation.models import Comment
    from lvzhi.consultation.tests.conftest import open_consultation
    from lvzhi.legislation.services import bill_submit
    from lvzhi.legislation.tests.factories import build, make_bill
    from lvzhi.suggestions.models import Assignment
    from lvzhi.supervision import services as sup
    from lvzhi.supervision.models import RectificationTask

    settings.ANALYTICS_DIR = tmp_path / "analytics"
    lw = build(world)
    today = timezone.localdate()
    # legislation: one bill drafting, one submitted; the consultation's bill is under deliberation
    make_bill(lw)
    bill_submit(bill=make_bill(lw, title="江澜市物业管理条例（草案）"), acting_user=lw.clerk)
    cw = open_consultation(lw)
    now = timezone.now()
    for i, (moderation, decision) in enumerate(
        [("published", ""), ("published", "adopted"), ("pending", "")]
    ):
        Comment.objects.create(
            consultation=cw.consultation,
            receipt=f"R{i:08d}",
            text=f"意见{i}",
            submitted_at=now,
            moderation=moderation,
            decision=decision,
            decision_reason="理由" if decision else "",
            moderation_reason="" if moderation == "published" else "other",
        )
    # supervision: a draft plan, two items, four tasks
    plan = sup.plan_create(year=today.year, title="年度监督工作计划", acting_user=world.staff)
    edu_item = sup.item_create(
        plan=plan, form="inspection", title="执法检查", body=world.education, acting_user=world.staff
    )
    health_item = sup.item_create(
        plan=plan, form="work_report", title="专项工作报告", body=world.health, acting_user=world.staff
    )

    def task(item: Any, name: str, days: int, status: str, escalation: int) -> Any:
        return RectificationTask.objects.create(
            item=item,
            problem=name,
            unit=item.body,
            deadline=today + dt.timedelta(days=days),
            status=status,
            escalation=escalation,
        )

    tasks = {
        "edu_late_council": task(edu_item, "甲", -40, "open", 3),
        "edu_open": task(edu_item, "乙", 30, "in_progress", 0),
        "edu_done": task(edu_item, "丙", -5, "verified", 0),
        "health_late_reminded": task(health_item, "丁", -3, "submitted", 1),
    }
    # suggestions: two with the education bureau (one overdue), one with health, one unassigned
    s = {
        "edu": _suggestion(world, "关于加强校园安全的建议", world.education),
        "edu_late": _suggestion(world, "关于增加学位供给的建议", world.education),
        "health": _suggestion(world, "关于社区医院建设的建议", world.health),
        "registered": _suggestion(world, "关于公交线路的建议", None),
    }
    Assignment.objects.filter(suggestion=s["edu_late"]).update(reply_due=today - dt.timedelta(days=2))
    return City(world, lw, tasks, s, cw.consultation)


def _panels(response: Any) -> dict[str, Any]:
    return {
        shown.panel.key: shown.context for region in response.context["regions"].values() for shown in region
    }


def _table(response: Any, key: str) -> FigureTable:
    for ctx in _panels(response).values():
        for table in ctx.get("tables", []):
            if table.key == key:
                return table
    raise AssertionError(f"no table {key}")


def _row(table: FigureTable, label: str) -> list[int]:
    for row in table.rows:
        if str(row.label) == label:
            return [c.n for c in row.cells]
    raise AssertionError(f"no row {label} in {table.key}: {[str(r.label) for r in table.rows]}")


def _by_link(table: FigureTable, fragment: str) -> list[int]:
    """The figures of the row whose first link carries ``fragment`` (labels are translated)."""
    for row in table.rows:
        if fragment in row.cells[0].url:
            return [c.n for c in row.cells]
    raise AssertionError(f"no row for {fragment} in {table.key}")


def _shown(client: Client, url: str) -> tuple[int, set[int]]:
    """How many items the list at ``url`` shows (all pages), and the pks on its first page."""
    response = client.get(url)
    assert response.status_code == 200, url
    ctx = response.context
    if "page" in ctx and hasattr(ctx["page"], "paginator"):
        page = ctx["page"]
        return page.paginator.count, {getattr(o, "pk", o) for o in page.object_list}
    if "plans" in ctx:
        return len(ctx["plans"]), {p.pk for p in ctx["plans"]}
    if "agenda" in ctx:
        return len(ctx["agenda"]), {a.pk for a in ctx["agenda"]}
    raise AssertionError(f"no list in {url}")


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- access ------------------------------------------------------------------------------------


def test_access_by_role(world: Any) -> None:
    url = reverse("leaders")
    assert Client().get(url).status_code == 302  # to the sign-in page
    for user in (world.leader, world.admin, world.staff):
        assert _as(user).get(url).status_code == 200, user
    for user in (world.sc_member, world.deputy_user, world.officer, world.public):
        assert _as(user).get(url).status_code == 403, user


def test_leader_finds_it_on_the_home_page_and_in_the_navigation(world: Any) -> None:
    page = _as(world.leader).get("/").content.decode()
    assert page.count(f'href="{reverse("leaders")}"') >= 2  # the navigation and the home-page notice
    member_page = _as(world.sc_member).get("/").content.decode()
    assert f'href="{reverse("leaders")}"' not in member_page


# --- figures and drill-down --------------------------------------------------------------------


def test_supervision_figures_and_their_lists(city: City) -> None:
    client = _as(city.w.leader)
    response = client.get(reverse("leaders"))
    table = _table(response, "supervision-bodies")
    assert _row(table, city.w.education.name) == [2, 1, 1]  # open, overdue, escalated
    assert _row(table, city.w.health.name) == [1, 1, 1]
    edu = next(r for r in table.rows if str(r.label) == city.w.education.name)
    t = city.tasks
    assert _shown(client, edu.cells[0].url)[1] == {t["edu_late_council"].pk, t["edu_open"].pk}
    assert _shown(client, edu.cells[1].url)[1] == {t["edu_late_council"].pk}
    assert _shown(client, edu.cells[2].url)[1] == {t["edu_late_council"].pk}
    with translation.override("en"):  # the request left Chinese active; the labels are lazy
        lines = {str(label): (n, url) for label, n, url in _panels(response)["supervision.leaders"]["lines"]}
    n, url = lines["All open rectification tasks"]
    assert n == 3 and _shown(client, url)[0] == 3


def test_suggestion_figures_by_unit_and_their_lists(city: City) -> None:
    client = _as(city.w.leader)
    table = _table(client.get(reverse("leaders")), "suggestion-units")
    assert _row(table, city.w.education.name) == [2, 1]  # being handled, overdue
    assert _row(table, city.w.health.name) == [1, 0]
    edu = next(r for r in table.rows if str(r.label) == city.w.education.name)
    s = city.suggestions
    assert _shown(client, edu.cells[0].url)[1] == {s["edu"].pk, s["edu_late"].pk}
    assert _shown(client, edu.cells[1].url)[1] == {s["edu_late"].pk}
    health = next(r for r in table.rows if str(r.label) == city.w.health.name)
    # the health unit has nothing overdue, even though another unit's suggestion is late
    assert _shown(client, health.cells[1].url) == (0, set())


def test_legislation_consultation_and_council_figures(city: City) -> None:
    client = _as(city.w.leader)
    response = client.get(reverse("leaders"))
    bills = _table(response, "bills")
    assert _by_link(bills, "status=drafting") == [1]
    assert _by_link(bills, "status=submitted") == [1]
    assert _by_link(bills, "status=deliberation") == [1]
    comments = _table(response, "consultation-comments")
    assert _row(comments, city.consultation.title) == [2, 1, 1]  # accepted, pending, undecided
    council = {
        url.split("?")[0] + "?" + url.split("?")[-1]: n
        for _, n, url in _panels(response)["core.council"]["rows"]
    }
    assert council[reverse("legislation:bill_list") + "?status=submitted"] == 1
    assert council[reverse("legislation:plan_list") + "?status=draft"] == 0
    assert council[reverse("supervision:tasks") + "?status=open&escalation=3"] == 1
    supervision_plans = [n for label, n, url in _panels(response)["core.council"]["rows"] if "?plan=" in url]
    assert supervision_plans == [1]  # the one draft plan, linked to its own items
    motions = [n for _, n, url in _panels(response)["core.council"]["rows"] if "motions" in url]
    assert motions == [0]


def test_every_figure_opens_a_list_of_exactly_that_many(city: City) -> None:
    client = _as(city.w.leader)
    response = client.get(reverse("leaders"))
    checked = 0
    for key, ctx in _panels(response).items():
        for table in ctx.get("tables", []):
            for row in table.rows:
                for cell in row.cells:
                    if cell.url and "meetings/" not in cell.url:
                        assert _shown(client, cell.url)[0] == cell.n, (key, row.label, cell.url)
                        checked += 1
        for label, n, url in ctx.get("lines", []) + ctx.get("rows", []):
            if url and "?plan=" not in url:  # a draft supervision plan links to the plan itself
                assert _shown(client, url)[0] == n, (key, label, url)
                checked += 1
    assert checked > 40
    # the page draws the charts from the same numbers, with the links for the drill-down
    assert b'data-chart="chart-supervision-bodies"' in response.content
    spec = _table(response, "supervision-bodies").chart
    assert spec["links"][0][0].startswith(reverse("supervision:tasks"))


def test_staff_see_only_the_panels_of_lists_they_may_open(city: City) -> None:
    from lvzhi.core.models import Organ, OrganType, Role
    from lvzhi.core.services import user_create

    budget = Organ.objects.create(
        code="ys", name="预算工作委员会", type=OrganType.WORKING_BODY, duty="budget"
    )
    other = user_create(
        username="ys", password="pw", roles=[(Role.STAFF, budget)], organ=budget, acting_user=SYSTEM
    )
    panels = _panels(_as(other).get(reverse("leaders")))
    assert "suggestions.leaders" not in panels  # the deputies' office and leaders see every suggestion
    assert "core.council" in panels


def test_queries_are_bounded(city: City, django_assert_max_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lvzhi.core.models import Organ, OrganType
    from lvzhi.supervision.models import RectificationTask

    client = _as(city.w.leader)
    client.get(reverse("leaders"))  # warm the per-process caches (rules, calendar)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("leaders")).status_code == 200
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("leaders"))
    # more bodies, units and items: the same number of queries
    item = city.tasks["edu_open"].item
    for i in range(5):
        unit = Organ.objects.create(code=f"u{i}", name=f"单位{i}", type=OrganType.GOVERNMENT_DEPARTMENT)
        item.pk = None
        item.body = unit
        item.save()
        RectificationTask.objects.create(
            item=item, problem="问题", unit=unit, deadline=timezone.localdate(), status="open"
        )
        _suggestion(city.w, f"关于第{i}项工作的建议", unit)
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("leaders"))
    assert len(after.captured_queries) == len(before.captured_queries)
