"""The web shell through the client: log in/out, dashboards per role, language, pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from lvzhi.core.actors import SYSTEM
from lvzhi.core.models import CalendarOverride, Notification
from lvzhi.core.services import notify, rules_profiles_install_builtin, todo_create

pytestmark = pytest.mark.django_db


def test_login_and_logout(client, world):
    # a deputy signs in with the password alone; staff go on to the second factor (test_signin.py)
    response = client.post(reverse("login"), {"username": "deputy", "password": "pw-deputy"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    bad = client.post(reverse("login"), {"username": "deputy", "password": "wrong"})
    assert bad.status_code == 200 and "不正确" in bad.content.decode()
    client.post(reverse("login"), {"username": "deputy", "password": "pw-deputy"})
    client.post(reverse("logout"))
    assert client.get(reverse("home"))["Location"] == reverse("portal:home")


@pytest.mark.parametrize("who", ["admin", "staff", "leader", "sc_member", "deputy_user", "officer"])
def test_every_workspace_role_gets_its_dashboard(client, world, who):
    user = getattr(world, who)
    todo_create(title=f"{who} 的待办事项", assignee=user, acting_user=SYSTEM, due_date=dt.date(2026, 12, 1))
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert f"{who} 的待办事项" in html
    assert 'lang="zh-CN"' in html
    if who in ("admin", "staff", "leader"):
        assert "东区代表团" in html  # roster by delegation
    if who == "deputy_user":
        assert "D0001" in html  # my mandate
    if who == "officer":
        assert "测试市教育局" in html  # the unit I answer for
    if who == "admin":
        assert "审计" in html


def test_public_user_goes_to_the_portal(client, world):
    client.force_login(world.public)
    assert client.get(reverse("home"))["Location"] == reverse("portal:home")
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200


def test_portal_is_open_and_shows_no_contact_details(client, world):
    for name in ("portal:home", "portal:deputies", "portal:stations"):
        assert client.get(reverse(name)).status_code == 200
    html = client.get(reverse("portal:deputies")).content.decode()
    assert (
        "王建国" in html
        and world.deputy.person.phone not in html
        and world.deputy.person.id_number not in html
    )


def test_language_switch_to_english(client, world):
    client.force_login(world.staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in html and "Awaiting you" in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "等待您处理" in client.get(reverse("home")).content.decode()


def test_inbox_open_marks_read_and_others_cannot(client, world):
    [n] = notify(recipients=[world.staff], title="会议通知", url="/deputies/", email=False)
    client.force_login(world.officer)
    # someone else's message answers as a missing one does: its existence does not leak
    assert client.get(reverse("notification_open", args=[n.pk])).status_code == 404
    assert client.get(reverse("notification_open", args=[n.pk + 1000])).status_code == 404
    client.force_login(world.staff)
    response = client.get(reverse("notification_open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == "/deputies/"
    assert Notification.objects.get(pk=n.pk).read_at is not None


def _english(client, params):
    from django.utils import translation

    with translation.override("en"):
        return client.get(reverse("calendar"), params, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_calendar_override_by_staff_only(client, world):
    client.force_login(world.officer)
    assert client.post(reverse("calendar"), {"date": "2027-02-06", "is_working_day": "1"}).status_code == 403
    client.force_login(world.staff)
    page = client.get(reverse("calendar"), {"year": "2027", "month": "2"})
    assert page.status_code == 200 and page.context["known"] is False
    assert page.context["provisional"] is True
    assert "statutory holidays are computed" in _english(client, {"year": "2027", "month": "2"})
    client.post(reverse("calendar"), {"date": "2027-02-06", "is_working_day": "1", "note": "春节调休"})
    assert CalendarOverride.objects.get(date=dt.date(2027, 2, 6)).is_working_day
    page = client.get(reverse("calendar"), {"year": "2027", "month": "2"})
    assert page.context["provisional"] is False
    assert "are provisional" not in _english(client, {"year": "2027", "month": "2"})
    bad = client.post(reverse("calendar"), {"date": "2027-02-30", "is_working_day": "1"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert client.get(reverse("calendar"), {"year": "x", "month": "99"}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"year": "1", "month": "1"},
        {"year": "9999", "month": "12"},
        {"year": "99999999999999999999"},
        {"year": "1" * 5000},  # longer than Python converts to an int
        {"year": "\u00b2"},  # a superscript two: a digit that int() refuses
        {"year": "1899", "month": "12"},
        {"year": "2201", "month": "1"},
        {"year": "2026", "month": "0"},
        {"month": "-1"},
    ],
)
def test_calendar_months_outside_the_range_show_the_current_month(client, world, query):
    client.force_login(world.staff)
    with translation.override("en"):
        page = client.get(reverse("calendar"), query, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page.context["first"] == timezone.localdate().replace(day=1)
    assert "covers the years 1900 to 2200" in page.content.decode()


def test_calendar_stops_at_the_edges_of_its_range(client, world):
    client.force_login(world.staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first = client.get(reverse("calendar"), {"year": "1900", "month": "1"})
    assert first.status_code == 200 and first.context["first"] == dt.date(1900, 1, 1)
    assert first.context["prev"] is None and first.context["next"] == dt.date(1900, 2, 1)
    last = client.get(reverse("calendar"), {"year": "2200", "month": "12"})
    assert last.status_code == 200 and last.context["next"] is None
    assert last.context["prev"] == dt.date(2200, 11, 1)
    with translation.override("en"):
        far = client.post(reverse("calendar"), {"date": "0001-01-01", "is_working_day": "1"})
    assert far.status_code == 200 and "covers the years" in str(far.context["form"].errors["date"])
    assert not CalendarOverride.objects.exists()


def test_rules_profiles_pages(client, world):
    rules_profiles_install_builtin()
    client.force_login(world.staff)
    html = client.get(reverse("rules_profiles")).content.decode()
    assert "shanghai" in html
    detail = client.get(reverse("rules_profile_detail", args=["default"])).content.decode()
    assert "suggestions.reply_deadline" in detail and "第五十一条" in detail
    assert client.post(reverse("rules_profile_make_default", args=["shanghai"])).status_code == 403
    client.force_login(world.admin)
    client.post(reverse("rules_profile_make_default", args=["shanghai"]))
    from lvzhi.core.models import RulesProfile

    assert RulesProfile.objects.get(is_default=True).code == "shanghai"


def test_audit_page_for_admin_and_leader_only(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("audit_log")).status_code == 403
    client.force_login(world.leader)
    assert client.get(reverse("audit_log")).status_code == 200
    assert client.post(reverse("audit_verify")).status_code == 403
    client.force_login(world.admin)
    response = client.post(reverse("audit_verify"), follow=True)
    assert "完好" in response.content.decode() or "intact" in response.content.decode()


def test_api_token_page_shows_the_key_once(client, world):
    client.force_login(world.officer)
    response = client.post(reverse("api_tokens"), {"name": "对接脚本"})
    key = response.context["new_key"]
    assert key and key in response.content.decode()
    assert key not in client.get(reverse("api_tokens")).content.decode()


def test_unknown_page_is_a_friendly_404(client, world):
    client.force_login(world.staff)
    assert client.get("/no/such/page/").status_code == 404


def test_admin_publishes_a_changed_rule_as_a_new_version(client, world):
    from lvzhi.core.models import RulesProfile
    from lvzhi.core.selectors import current_ruleset, ruleset_for

    rules_profiles_install_builtin()
    old_version, old_rules = current_ruleset()  # a case started now keeps this version
    client.force_login(world.admin)
    url = reverse("rules_profile_change", args=["default"])
    response = client.post(
        url,
        {
            "key": "suggestions.assignment_deadline",
            "value": '{"amount": 7, "unit": "working_days"}',
            "source": "local-practice",
            "note": "常委会主任会议决定延长",
        },
        follow=True,
    )
    assert response.status_code == 200
    profile = RulesProfile.objects.get(code="default")
    assert profile.versions.count() == 2
    new_version, new_rules = current_ruleset()
    assert new_version.number == old_version.number + 1
    assert new_rules.period("suggestions.assignment_deadline").amount == 7
    assert ruleset_for(old_version).period("suggestions.assignment_deadline").amount == 5

    bad = client.post(
        url,
        {
            "key": "suggestions.assignment_deadline",
            "value": '"soon"',
            "source": "local-practice",
            "note": "x",
        },
        follow=True,
    )
    assert profile.versions.count() == 2  # refused, nothing published
    assert bad.status_code == 200
    junk = client.post(
        url,
        {"key": "suggestions.assignment_deadline", "value": "{not json", "source": "x", "note": "x"},
        follow=True,
    )
    assert junk.status_code == 200 and profile.versions.count() == 2
    client.force_login(world.staff)
    assert client.post(url, {}).status_code == 403


def test_home_alert_names_a_provisional_year_until_its_arrangement_is_entered(world, monkeypatch):
    from lvzhi.core import dashboards
    from lvzhi.core.actors import SYSTEM
    from lvzhi.core.services import calendar_override_set

    monkeypatch.setattr(dashboards.timezone, "localdate", lambda: dt.date(2026, 12, 1))
    assert dashboards.panel_calendar_gap(world.staff) == {"year": 2027}  # 2026 is official
    calendar_override_set(date=dt.date(2027, 2, 20), is_working_day=True, note="调休", acting_user=SYSTEM)
    assert dashboards.panel_calendar_gap(world.staff) is None
