"""Samples for the access matrix (``test_access_matrix.py``): core's objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lvzhi.core.actors import SYSTEM


def notification(m: Any) -> dict[str, Any]:
    from lvzhi.core.services import notify

    (row,) = notify(
        recipients=[m.users["deputy"]], title="A message for the deputy", url="/inbox/", email=False
    )
    return {"pk": row.pk}


def todo(m: Any) -> dict[str, Any]:
    from lvzhi.core.services import todo_create

    row = todo_create(title="Register a suggestion", organ=m.w.rep_office, kind="general", acting_user=SYSTEM)
    return {"pk": row.pk}


def calendar_override(m: Any) -> dict[str, Any]:
    from lvzhi.core.services import calendar_override_set

    row = calendar_override_set(
        date=dt.date(2027, 1, 4), is_working_day=False, note="probe", acting_user=SYSTEM
    )
    return {"pk": row.pk}


def rules_profile(m: Any) -> dict[str, Any]:
    return {"code": "default"}


def api_token(m: Any) -> dict[str, Any]:
    from lvzhi.core.services import api_token_create

    token, _raw = api_token_create(user=m.users["deputy"], name="probe", acting_user=SYSTEM)
    return {"pk": token.pk}


SAMPLES = {
    "core.notification": notification,
    "core.todo": todo,
    "core.calendar_override": calendar_override,
    "core.rules_profile": rules_profile,
    "core.api_token": api_token,
}
