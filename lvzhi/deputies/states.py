"""Deputy mandate states and the allowed transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeputyStatus(models.TextChoices):
    ACTIVE = "active", _("Serving")  # 在任: holds the mandate and performs duties
    SUSPENDED = "suspended", _("Suspended")  # 暂停: duties suspended (deputies-law Art 61)
    TERMINATED = "terminated", _("Terminated")  # 终止: mandate ended (deputies-law Art 62)


#: from-state → states it may move to. Termination is final.
TRANSITIONS: dict[str, set[str]] = {
    DeputyStatus.ACTIVE: {DeputyStatus.SUSPENDED, DeputyStatus.TERMINATED},
    DeputyStatus.SUSPENDED: {DeputyStatus.ACTIVE, DeputyStatus.TERMINATED},
    DeputyStatus.TERMINATED: set(),
}


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, set())
