"""Issue 13.4 (legislation side): meeting drop-downs offer the meetings that matter, and the
number of readings is bounded by the rules profile, with its article, in form, service and API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lvzhi.core.errors import InvalidTransition
from lvzhi.core.models import Session
from lvzhi.core.services import api_token_create
from lvzhi.legislation import services
from lvzhi.legislation.forms import RECENT_MEETING_DAYS, ReadingsForm, ScheduleForm, VoteOpenForm

from .factories import make_bill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _meeting(lw, number, start, end=None):
    return Session.objects.create(
        term=lw.w.term, body="standing_committee", number=number, start_date=start, end_date=end or start
    )


def test_meeting_dropdowns_offer_coming_and_recent_meetings_soonest_first(lw):
    today = timezone.localdate()
    old = _meeting(lw, 2, today - dt.timedelta(days=RECENT_MEETING_DAYS + 40))
    recent = _meeting(lw, 10, today - dt.timedelta(days=20))
    next_one = _meeting(lw, 30, today + dt.timedelta(days=30))
    later = _meeting(lw, 31, today + dt.timedelta(days=75))
    congress = Session.objects.create(
        term=lw.w.term,
        body="congress",
        number=9,
        start_date=today + dt.timedelta(days=5),
        end_date=today + dt.timedelta(days=8),
    )
    for form in (ScheduleForm(), VoteOpenForm()):
        offered = list(form.fields["session"].queryset)
        assert old not in offered and congress not in offered
        sitting = [m for m in offered if m.end_date >= today]
        # sitting or coming first, soonest first; then recent ones
        assert offered[: len(sitting)] == sorted(sitting, key=lambda m: (m.start_date, m.pk))
        assert offered.index(next_one) < offered.index(later) < offered.index(recent)
        assert offered[-1] == recent


def test_readings_form_follows_the_rules_profile_with_its_article(lw):
    bill = make_bill(lw)
    form = ReadingsForm(data={"readings": 9, "note": "主任会议决定"}, bill=bill)
    with translation.override("en"):
        assert not form.is_valid()
        message = form.errors["readings"][0]
    assert "between 1 and 3" in message and "第二十九条" in message
    with translation.override("zh-hans"):
        form = ReadingsForm(data={"readings": 9, "note": "主任会议决定"}, bill=bill)
        assert not form.is_valid() and "1次至3次" in form.errors["readings"][0]
    assert form.fields["readings"].widget.attrs["max"] == 3
    assert ReadingsForm(data={"readings": 3, "note": "主任会议决定"}, bill=bill).is_valid()


def test_readings_page_refuses_nine_naming_the_article(client, lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    client.force_login(lw.clerk)
    url = reverse("legislation:bill_step", args=[bill.pk, "readings"])
    assert 'max="3"' in client.get(url).content.decode()
    response = client.post(url, {"readings": 9, "note": "主任会议决定"})
    assert response.status_code == 200 and "第二十九条" in response.content.decode()
    bill.refresh_from_db()
    assert bill.readings_planned != 9


def test_readings_service_and_api_name_the_article(client, lw):
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    with pytest.raises(InvalidTransition) as refused:
        services.bill_set_readings(bill=bill, readings=9, note="x", acting_user=lw.clerk)
    assert "第二十九条" in str(refused.value.message)
    _token, raw = api_token_create(user=lw.clerk, name="t", acting_user=lw.clerk)
    response = client.post(
        f"/api/legislation/bills/{bill.pk}/readings-planned",
        json.dumps({"readings": 9, "note": "x"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    body = response.json()
    assert response.status_code == 409 and body["code"] == "readings_out_of_range"
    assert body["detail"]["max"] == 3 and "第二十九条" in body["detail"]["basis"]
