"""The demo module writes a draft only its authors see, a submitted and a listed motion."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lvzhi.demo.motions import seed_motions
from lvzhi.motions import permissions as perms
from lvzhi.motions import selectors
from lvzhi.motions.models import Motion

pytestmark = pytest.mark.django_db


def test_seed_motions_shows_each_kind_of_visibility(mw):
    counts = seed_motions(today=timezone.localdate())
    assert counts == {"motions": 3, "motion_drafts": 1, "motions_tabled": 2}
    draft = selectors.motion_detail(Motion.objects.get(status="draft").pk)
    assert draft.lead_id == mw.w.deputy.pk  # the demo "deputy" account leads it when on the SC
    assert perms.can_view_motion(mw.w.deputy_user, draft)
    assert not perms.can_view_motion(mw.w.staff, draft) and not perms.can_view_motion(mw.w.leader, draft)
    assert set(Motion.objects.values_list("status", flat=True)) == {"draft", "submitted", "listed"}
    assert selectors.public_motions().count() == 1
