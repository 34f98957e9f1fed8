"""The supervision demo module (``lvzhi/demo/supervision.py``) runs through the services and
shows the new behaviour: a quorate vote, an inquorate one, a task escalated by the scan."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from lvzhi.supervision.models import RectificationTask, SatisfactionVote
from lvzhi.supervision.states import Escalation, ItemStatus

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
    assert counts["supervision_items"] == 3 and counts["supervision_votes"] == 2
    quorate, inquorate = SatisfactionVote.objects.order_by("id")
    assert quorate.status == "closed" and quorate.turnout == 9 and quorate.accepted is True
    assert quorate.item.status == ItemStatus.CLOSED and quorate.item.is_public
    assert (inquorate.status, inquorate.turnout, inquorate.accepted) == ("inquorate", 3, None)
    assert inquorate.item.status == ItemStatus.REPORTED and inquorate.item.is_public
    (task,) = RectificationTask.objects.all()
    assert task.escalation > Escalation.LETTER and counts["supervision_escalations"] >= 2
    assert seed_supervision(today=today) == {"supervision_items": 0}
