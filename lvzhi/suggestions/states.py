"""Suggestion (代表建议、批评和意见) and assignment states and their transition tables.

Basis: deputies law Art 24, 51; qingdao-deputy-suggestions-2021 Art 9–31 (see the rules
profile for the deadlines). ``docs/states.md`` draws the diagrams.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SuggestionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # the lead deputy is writing; co-signers confirm here
    SUBMITTED = "submitted", _("Submitted")  # handed in, waiting for the office to screen and register it
    RETURNED = "returned", _("Returned for revision")  # office asked the deputy to revise (Qingdao Art 11)
    REGISTERED = "registered", _("Registered")  # numbered, waiting to be assigned to units
    ASSIGNED = "assigned", _("Being handled")  # assigned (交办); units are handling it
    ANSWERED = "answered", _("Answered")  # every unit has replied; the deputy may rate the replies
    REHANDLING = "rehandling", _("Re-handling")  # rated 不满意: units handle it again
    CLOSED = "closed", _("Closed")  # handling finished (办结)
    CONVERTED = "converted", _("Converted to a deputy's letter")  # not admissible as a suggestion (来信)
    WITHDRAWN = "withdrawn", _("Withdrawn")  # withdrawn in writing by the lead deputy; handling ends (Art 12)
    MERGED = "merged", _("Merged")  # merged into another suggestion (并案)


S = SuggestionStatus

#: Replied (every answering unit has answered at least once) or closed: the office may publish it
#: on the portal (``services.suggestion_publish``), and the portal shows it only while it is in
#: one of these states. Never while it is still being handled.
PUBLISHABLE = frozenset({S.ANSWERED, S.REHANDLING, S.CLOSED})


#: action → (states it may start from, state it leads to). One table for every service.
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "submit": (frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
    "return": (frozenset({S.SUBMITTED}), S.RETURNED),
    "convert": (frozenset({S.SUBMITTED, S.REGISTERED}), S.CONVERTED),
    "register": (frozenset({S.SUBMITTED}), S.REGISTERED),
    "merge": (frozenset({S.SUBMITTED, S.REGISTERED}), S.MERGED),
    "assign": (frozenset({S.REGISTERED}), S.ASSIGNED),
    "reassign": (frozenset({S.ASSIGNED}), S.ASSIGNED),
    "reply": (frozenset({S.ASSIGNED, S.REHANDLING}), None),  # → ANSWERED when every unit has replied
    "rate": (frozenset({S.ANSWERED, S.REHANDLING}), None),  # → CLOSED, or REHANDLING on 不满意
    "close": (frozenset({S.ANSWERED}), S.CLOSED),  # the feedback window passed without a rating
    "withdraw": (
        frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.REGISTERED, S.ASSIGNED, S.REHANDLING}),
        S.WITHDRAWN,
    ),
    "edit": (frozenset({S.DRAFT, S.RETURNED}), None),
    "publish": (PUBLISHABLE, None),  # an office step after the reply; the item stays as it is
    "select_key": (frozenset({S.REGISTERED, S.ASSIGNED, S.ANSWERED, S.REHANDLING}), None),
}

FINAL = frozenset({S.CLOSED, S.CONVERTED, S.WITHDRAWN, S.MERGED})


def allowed(action: str, status: str) -> bool:
    sources, _target = TRANSITIONS[action]
    return status in sources


class AssignmentMode(models.TextChoices):
    SOLE = "sole", _("Single unit")  # one unit handles and answers
    SEPARATE = "separate", _("Separately (分别办理)")  # each unit answers its stated part
    JOINT = "joint", _("Jointly (会同办理)")  # a lead unit answers for all, co-units send opinions


class AssignmentRole(models.TextChoices):
    SOLE = "sole", _("Handling unit")
    SEPARATE = "separate", _("Handling unit (own part)")
    LEAD = "lead", _("Lead unit (主办)")
    CO = "co", _("Co-handling unit (协办)")


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("Handling")  # the unit is working on it
    RETURN_REQUESTED = "return_requested", _("Return requested")  # the unit says it is not theirs
    RETURNED = "returned", _("Returned")  # the office took it back (reassigned elsewhere)
    OPINION_SENT = "opinion_sent", _("Opinion sent")  # a co-unit sent its opinion to the lead unit
    ANSWERED = "answered", _("Answered")  # the unit replied to the deputy
    REHANDLING = "rehandling", _("Re-handling")  # the deputy was not satisfied; handle again


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    BASICALLY = "basically", _("Basically satisfied")  # 基本满意
    UNSATISFIED = "unsatisfied", _("Not satisfied")  # 不满意


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("In progress")  # promised, not delivered yet
    DELIVERED = "delivered", _("Delivered")  # the unit reports it done and the office confirms
