"""Deputy mandate states and the one transition table the services check.

Basis: deputies-law Art 61 (suspension of duties), Art 62 (termination of the mandate).
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.workflow import Step, Workflow


class DeputyStatus(models.TextChoices):
    ACTIVE = "active", _("Serving")  # 在任: holds the mandate and performs duties
    SUSPENDED = "suspended", _("Suspended")  # 暂停: duties suspended (deputies-law Art 61)
    TERMINATED = "terminated", _("Terminated")  # 终止: mandate ended (deputies-law Art 62)


S = DeputyStatus

#: The mandate: suspend, restore, terminate. Termination is final.
MANDATE: Workflow[Any] = Workflow(
    name="mandate",
    noun=_("mandate"),
    states=DeputyStatus,
    steps={
        "suspend": Step({S.ACTIVE}, S.SUSPENDED, _("suspend the mandate")),
        "restore": Step({S.SUSPENDED}, S.ACTIVE, _("restore the mandate")),
        "terminate": Step({S.ACTIVE, S.SUSPENDED}, S.TERMINATED, _("terminate the mandate")),
    },
)

#: The step that leads to each status (a status change names its target).
ACTION_TO: dict[str, str] = {
    step.target: action for action, step in MANDATE.steps.items() if step.target is not None
}

#: from-state → states it may move to (derived from ``MANDATE``; for pages).
TRANSITIONS: dict[str, set[str]] = {
    state: {target for target, action in ACTION_TO.items() if MANDATE.allowed(action, state)}
    for state in DeputyStatus.values
}


def can_transition(current: str, target: str) -> bool:
    action = ACTION_TO.get(str(target))
    return action is not None and MANDATE.allowed(action, current)
