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

from lvzhi.core.workflow import Step, Workflow


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

#: The motion's life: action → (states it may start from, state it leads to; ``None``: stays, or
#: depends on the outcome). Every service checks its action here and nowhere else
#: (``MOTION.check`` / ``MOTION.advance``); pages ask ``MOTION.allowed`` for their buttons.
MOTION: Workflow[Any] = Workflow(
    name="motion",
    noun=_("motion"),
    states=MotionStatus,
    steps={
        # change the text, invite or remove co-signers
        "edit": Step({S.DRAFT}, None, ACTION_LABELS["edit"]),
        # a co-signer confirms or declines
        "sign": Step({S.DRAFT}, None, ACTION_LABELS["sign"]),
        # needs the signer threshold and the cut-off
        "submit": Step({S.DRAFT}, S.SUBMITTED, ACTION_LABELS["submit"]),
        # presidium / council of chairpersons decision
        "list": Step({S.SUBMITTED}, S.LISTED, ACTION_LABELS["list"]),
        # decision: referred to a committee
        "not_list": Step({S.SUBMITTED}, S.NOT_LISTED, ACTION_LABELS["not_list"]),
        # decision, or the lead after the cut-off
        "convert": Step({S.DRAFT, S.SUBMITTED}, S.CONVERTED, ACTION_LABELS["convert"]),
        # the committee's report on a not-listed motion
        "report": Step({S.NOT_LISTED}, S.REPORTED, ACTION_LABELS["report"]),
        # → PASSED or FAILED (the service decides)
        "vote": Step({S.LISTED}, None, ACTION_LABELS["vote"]),
        # the lead asks; the office consents
        "request_withdrawal": Step({S.SUBMITTED, S.LISTED}, None, ACTION_LABELS["request_withdrawal"]),
        # before the decision or the vote
        "withdraw": Step({S.DRAFT, S.SUBMITTED, S.LISTED}, S.WITHDRAWN, ACTION_LABELS["withdraw"]),
        # → ENDED below the threshold (the service decides)
        "withdraw_signature": Step(
            {S.SUBMITTED, S.LISTED, S.NOT_LISTED}, None, ACTION_LABELS["withdraw_signature"]
        ),
    },
)

#: The same table as plain tuples (kept for readers of the old shape).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    action: (step.sources, step.target) for action, step in MOTION.steps.items()
}


def allowed(action: str, status: str) -> bool:
    """True when ``action`` may be taken on a motion in ``status``."""
    return MOTION.allowed(action, status)


def target(action: str) -> str | None:
    return MOTION.target(action)


#: Decisions the presidium (or the council of chairpersons) takes on a submitted motion.
DECISIONS: tuple[str, ...] = ("list", "not_list", "convert")

#: States in which nothing more happens to the motion.
FINAL = frozenset({S.REPORTED, S.CONVERTED, S.PASSED, S.FAILED, S.WITHDRAWN, S.ENDED})

#: States the public may see (motions put on the agenda and their outcome).
PUBLIC = frozenset({S.LISTED, S.PASSED, S.FAILED})

#: States in which the motion is tabled and its signers count toward the threshold.
TABLED = frozenset({S.SUBMITTED, S.LISTED, S.NOT_LISTED})


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
