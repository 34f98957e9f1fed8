"""What awaits the council of chairpersons (主任会议) among motions: motions tabled to the
Standing Committee, which the council decides to put on the agenda or not (local organic law
2022 Art 52 (3)). Counted with the list's own query, so the link shows exactly those."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import permissions as perms
from . import selectors
from .states import MotionBody, MotionStatus


def council_rows(user: Any) -> list[tuple[Any, int, str]]:
    if not perms.can_view_motions(user):
        return []
    params = {"body": MotionBody.STANDING_COMMITTEE.value, "status": MotionStatus.SUBMITTED.value}
    term = selectors.current_term()  # the list shows the current term unless told otherwise
    if term is not None:
        params["term"] = str(term.pk)
    n = selectors.motion_list(selectors.MotionFilters.from_params(params), user).count()
    return [
        (
            _("Motions to the Standing Committee awaiting its decision"),
            n,
            reverse("motions:list") + "?" + urlencode(params),
        )
    ]
