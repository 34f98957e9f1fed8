"""The ``cw`` fixture: a bill after its first reading with an open consultation on its draft."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone


@dataclass
class ConsultWorld:
    lw: Any  # the legislation world (lw.clerk is the legislative affairs office)
    bill: Any
    version: Any
    consultation: Any
    contact_point: Any
    district: Any


def open_consultation(lw: Any, **kw: Any) -> ConsultWorld:
    from lvzhi.deputies.models import LiaisonStation, StationKind
    from lvzhi.legislation.services import bill_submit
    from lvzhi.legislation.tests.factories import make_bill, read

    from ..services import consultation_open

    bill = make_bill(lw)
    bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    bill.refresh_from_db()
    version = bill.versions.order_by("-number").first()
    point = LiaisonStation.objects.create(
        name="西岭社区基层立法联系点", kind=StationKind.CONTACT_POINT, district=lw.w.station.district
    )
    today = timezone.localdate()
    data: dict[str, Any] = {
        "bill": bill,
        "version": version,
        "title": "关于《江澜市养犬管理条例（草案）》公开征求意见",
        "explanation": "草案已经市人大常委会第一次审议，现公开征求意见。",
        "start": today,
        "end": today + dt.timedelta(days=30),
        "contact_points": [point],
        "districts": [lw.w.station.district],
    }
    data.update(kw)
    consultation = consultation_open(acting_user=lw.clerk, **data)
    return ConsultWorld(
        lw=lw,
        bill=bill,
        version=version,
        consultation=consultation,
        contact_point=point,
        district=lw.w.station.district,
    )


@pytest.fixture
def lw(world: Any) -> Any:
    from lvzhi.legislation.tests.factories import build

    return build(world)


@pytest.fixture
def cw(lw: Any, settings: Any, tmp_path: Any) -> ConsultWorld:
    settings.ANALYTICS_DIR = tmp_path / "analytics"
    return open_consultation(lw)


@pytest.fixture
def english() -> Any:
    from django.utils import translation

    with translation.override("en"):
        yield
