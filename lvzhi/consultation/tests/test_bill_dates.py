"""Issue 13.4: the bill and its consultation kept two sets of dates. The consultation is the
source (docs/consultation.md): the bill page and the bill API show its dates and link to it, the
consultation pages link back to the bill, and one closed early shows the day it really closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.errors import InvalidTransition
from lvzhi.core.services import api_token_create
from lvzhi.legislation.models import Bill
from lvzhi.legislation.services import consultation_set
from lvzhi.legislation.signals import bill_concluded

from .. import services
from ..models import Consultation
from .conftest import ConsultWorld

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _close_early(cw: ConsultWorld, days_ago: int = 3) -> Consultation:
    """Opened a week ago for thirty days, closed ``days_ago`` days ago by the bill's conclusion."""
    today = timezone.localdate()
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        start=today - dt.timedelta(days=7), end=today + dt.timedelta(days=23)
    )
    bill_concluded.send(sender=Bill, bill=cw.bill, reason="withdrawn")
    closed_at = timezone.now() - dt.timedelta(days=days_ago)
    Consultation.objects.filter(pk=cw.consultation.pk).update(closed_at=closed_at)
    return Consultation.objects.get(pk=cw.consultation.pk)


def test_closed_early_the_consultation_knows_its_real_last_day(cw: ConsultWorld) -> None:
    c = _close_early(cw)
    assert c.closed_early
    assert c.last_day == timezone.localdate() - dt.timedelta(days=3) < c.end
    assert services.closing_day(c) == c.last_day
    assert not cw.consultation.closed_early and cw.consultation.last_day == cw.consultation.end


def test_bill_page_shows_and_links_the_consultation_with_its_real_end(
    client: Any, cw: ConsultWorld, settings: Any
) -> None:
    c = _close_early(cw)
    client.force_login(cw.lw.clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("legislation:bill_detail", args=[cw.bill.pk])).content.decode()
    dd = html.split('id="consultation"', 1)[1].split("</dd>", 1)[0]
    assert reverse("consultation:detail", args=[c.pk]) in dd
    assert c.last_day.isoformat() in dd and f"announced until {c.end.isoformat()}" in dd
    # the consultation page links back to the bill and shows the same last day
    page = client.get(reverse("consultation:detail", args=[c.pk])).content.decode()
    assert reverse("legislation:bill_detail", args=[cw.bill.pk]) in page
    assert f'<span id="last-day">{c.last_day.isoformat()}</span>' in page


def test_public_page_says_the_day_it_really_closed(client: Any, cw: ConsultWorld, settings: Any) -> None:
    c = _close_early(cw)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("consultation:public_detail", args=[c.pk])).content.decode()
    assert f"This consultation closed on {c.last_day.isoformat()}" in html
    assert f"This consultation closed on {c.end.isoformat()}" not in html


def test_bill_api_reads_the_dates_from_the_consultation(client: Any, cw: ConsultWorld) -> None:
    c = _close_early(cw)
    _token, raw = api_token_create(user=cw.lw.clerk, name="test", acting_user=cw.lw.clerk)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = client.get(f"/api/legislation/bills/{cw.bill.pk}", **auth).json()
    assert (body["consultation_start"], body["consultation_end"], body["consultation_id"]) == (
        c.start.isoformat(),
        c.last_day.isoformat(),
        c.pk,
    )
    listed = client.get("/api/legislation/bills", **auth).json()
    row = next(r for r in listed["results"] if r["id"] == cw.bill.pk)
    assert row["consultation_end"] == c.last_day.isoformat()
    summary = client.get(f"/api/consultations/{c.pk}").json()
    assert (summary["bill_id"], summary["closed_on"], summary["end"]) == (
        cw.bill.pk,
        c.last_day.isoformat(),
        c.end.isoformat(),
    )


def test_the_bill_no_longer_takes_a_second_set_of_dates(client: Any, cw: ConsultWorld) -> None:
    today = timezone.localdate()
    with pytest.raises(InvalidTransition):
        consultation_set(
            bill=cw.bill, start=today, end=today + dt.timedelta(days=40), acting_user=cw.lw.clerk
        )
    client.force_login(cw.lw.clerk)
    html = client.get(reverse("legislation:bill_detail", args=[cw.bill.pk])).content.decode()
    assert 'id="set-consultation"' not in html
