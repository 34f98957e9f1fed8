"""The public portal's home page: meetings held and coming, the way to supervision results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _section(html: str, heading: str) -> str:
    start = html.index(heading)
    return html[start : html.index("</section>", start)]


def test_recent_meetings_are_only_those_already_held(client, world):
    from lvzhi.core.models import Session

    today = timezone.localdate()
    held = Session.objects.create(
        term=world.term,
        body="standing_committee",
        number=30,
        start_date=today - dt.timedelta(days=20),
        end_date=today - dt.timedelta(days=19),
    )
    future = Session.objects.create(
        term=world.term,
        body="standing_committee",
        number=31,
        start_date=today + dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=11),
    )
    html = client.get(reverse("portal:home")).content.decode()
    recent = _section(html, "Recent sessions and meetings")
    assert held.title in recent
    assert future.title not in recent
    assert future.title in _section(html, "Coming up")


def test_supervision_results_are_linked_from_the_portal(client, world):
    html = client.get(reverse("portal:home")).content.decode()
    url = reverse("supervision_public:public_list")
    assert html.count(f'href="{url}"') >= 2  # the portal's navigation and the home page's card
    assert client.get(url).status_code == 200
