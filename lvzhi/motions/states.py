"""Motion (议案) states and the one transition table every service checks.

Basis: local-organic-law-2022 Art 22 (motions to the 人代会: 10 or more deputies, the
presidium decides whether to list them; withdrawal before the vote with its consent) and
Art 52 (motions to the 常委会: 5 or more members, the council of chairpersons decides);
shanghai-deputy-motions Art 5, 8, 11–15 (cut-off, decisions, not-listed report, ending when
too few signers remain). The numbers live in the rules profile. ``docs/motions.md`` draws
the diagram.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class MotionBody(models.TextChoices):
    """The body a motion is addressed to; the values match :class:`lvzhi.core.models.SessionBody`."""

    CONGRESS = "congress", _("People's Congress")
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee")


class MotionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # the lead deputy is writing it; co-signers are invited and confirm
    SUBMITTED = (
        "submitted",
        _("Submitted"),
    )  # tabled before the cut-off with enough signers; awaits the decision
    LISTED = "listed", _("On the agenda")  # 列入会议议程: to be deliberated and put to the vote
    NOT_LISTED = (
        "not_listed",
        _("Not on the agenda"),
    )  # 不列入: referred to a committee, which reports by a deadline
    REPORTED = "reported", _("Committee reported")  # the committee made its report on the not-listed motion
    CONVERTED = (
        "converted",
        _("Converted to a suggestion"),
    )  # 转为建议: after the cut-off or outside the powers
    PASSED = "passed", _("Passed")  # a listed motion the meeting voted for
    FAILED = "failed", _("Not passed")  # a listed motion the meeting voted down
    WITHDRAWN = (
        "withdrawn",
        _("Withdrawn"),
    )  # withdrawn by the lead (tabled ones with the presidium's consent)
    ENDED = "ended", _("Handling ended")  # signatures withdrawn until fewer than the threshold remained


S = MotionStatus

#: action → (states it may start from, state it leads to; ``None``: stays, or depends on the outcome).
#: Every service checks its action here and nowhere else.
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "edit": (frozenset({S.DRAFT}), None),  # change the text, invite or remove co-signers
    "sign": (frozenset({S.DRAFT}), None),  # a co-signer confirms or declines
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),  # needs the signer threshold and the cut-off
    "list": (frozenset({S.SUBMITTED}), S.LISTED),  # presidium / council of chairpersons decision
    "not_list": (frozenset({S.SUBMITTED}), S.NOT_LISTED),  # decision: referred to a committee
    "convert": (frozenset({S.DRAFT, S.SUBMITTED}), S.CONVERTED),  # decision, or the lead after the cut-off
    "report": (frozenset({S.NOT_LISTED}), S.REPORTED),  # the committee's report on a not-listed motion
    "vote": (frozenset({S.LISTED}), None),  # → PASSED or FAILED
    "request_withdrawal": (frozenset({S.SUBMITTED, S.LISTED}), None),  # the lead asks; the office consents
    "withdraw": (frozenset({S.DRAFT, S.SUBMITTED, S.LISTED}), S.WITHDRAWN),  # before the decision or the vote
    "withdraw_signature": (frozenset({S.SUBMITTED, S.LISTED, S.NOT_LISTED}), None),  # → ENDED below threshold
}

#: Decisions the presidium (or the council of chairpersons) takes on a submitted motion.
DECISIONS: tuple[str, ...] = ("list", "not_list", "convert")

#: States in which nothing more happens to the motion.
FINAL = frozenset({S.REPORTED, S.CONVERTED, S.PASSED, S.FAILED, S.WITHDRAWN, S.ENDED})

#: States the public may see (motions put on the agenda and their outcome).
PUBLIC = frozenset({S.LISTED, S.PASSED, S.FAILED})

#: States in which the motion is tabled and its signers count toward the threshold.
TABLED = frozenset({S.SUBMITTED, S.LISTED, S.NOT_LISTED})


def allowed(action: str, status: str) -> bool:
    """True when ``action`` may be taken on a motion in ``status``."""
    sources, _target = TRANSITIONS[action]
    return status in sources


def target(action: str) -> str | None:
    return TRANSITIONS[action][1]


#: How each action is named in messages ("This step (…) is not allowed").
ACTION_LABELS: dict[str, Any] = {
    "edit": _("change the motion"),
    "sign": _("confirm or decline a signature"),
    "submit": _("submit the motion"),
    "list": _("put the motion on the agenda"),
    "not_list": _("decide not to put the motion on the agenda"),
    "convert": _("convert the motion into a suggestion"),
    "report": _("record the committee's report"),
    "vote": _("record the vote"),
    "request_withdrawal": _("ask to withdraw the motion"),
    "withdraw": _("withdraw the motion"),
    "withdraw_signature": _("withdraw a signature"),
}

#: Colour of each state's badge (classes of app.css: green, amber, red; none for neutral).
STATUS_TONE: dict[str, str] = {
    S.DRAFT: "",
    S.SUBMITTED: "suspended",
    S.LISTED: "active",
    S.NOT_LISTED: "suspended",
    S.REPORTED: "active",
    S.CONVERTED: "",
    S.PASSED: "active",
    S.FAILED: "terminated",
    S.WITHDRAWN: "terminated",
    S.ENDED: "terminated",
}
