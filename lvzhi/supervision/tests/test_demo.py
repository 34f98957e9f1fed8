"""The supervision demo module (``lvzhi/demo/supervision.py``) runs through the services in a
small world too (organs the demo city has and this world lacks are stood in for): two plans,
votes of each outcome with their turnout, tasks escalated by the scan on the profile's ladder.
The demo city itself is tested in ``lvzhi/demo/tests/test_seed_supervision.py``."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from lvzhi.supervision.models import RectificationTask, SatisfactionVote, SupervisionItem
from lvzhi.supervision.states import Escalation, Form, ItemStatus, VoteStatus

from .conftest import voters

pytestmark = pytest.mark.django_db


def test_demo_shows_quorum_turnout_and_escalation(sv: Any) -> None:
    from lvzhi.demo.supervision import seed_supervision
    from lvzhi.supervision.models import SupervisionPlan

    SupervisionPlan.objects.all().delete()  # the demo makes this year's plan itself
    voters(sv, 15)
    today = timezone.localdate()
    sv.today = today
    counts = seed_supervision(today=today)
    assert counts["supervision_plans"] == 2
    assert counts["supervision_items"] == SupervisionItem.objects.count() >= len(Form.values)
    assert set(SupervisionItem.objects.values_list("form", flat=True)) == set(Form.values)
    assert counts["supervision_votes"] == SatisfactionVote.objects.count()
    quorate = SatisfactionVote.objects.filter(status=VoteStatus.CLOSED, accepted=True).first()
    assert quorate is not None and quorate.turnout is not None and quorate.turnout > 15 // 2
    assert quorate.item.status == ItemStatus.CLOSED and quorate.item.is_public
    inquorate = SatisfactionVote.objects.get(status=VoteStatus.INQUORATE)
    assert (inquorate.turnout, inquorate.accepted) == (15 // 2, None)
    assert inquorate.item.status == ItemStatus.REPORTED and inquorate.item.is_public
    escalated = set(RectificationTask.objects.values_list("escalation", flat=True))
    assert set(Escalation.values) - {Escalation.NONE} <= escalated
    assert counts["supervision_escalations"] >= 4
    assert seed_supervision(today=today) == {"supervision_items": 0}
