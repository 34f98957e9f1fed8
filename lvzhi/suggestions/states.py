"""Suggestion (代表建议、批评和意见) and assignment states and their transition tables.

Basis: deputies law Art 24, 51; qingdao-deputy-suggestions-2021 Art 9–31 (see the rules
profile for the deadlines). ``docs/states.md`` draws the diagrams.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.workflow import Step, Workflow


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


#: The suggestion's workflow: one table for every service (``SUGGESTION.allowed`` / ``check``).
SUGGESTION: Workflow = Workflow(
    name="suggestion",
    noun=_("suggestion"),
    states=SuggestionStatus,
    steps={
        "submit": Step({S.DRAFT, S.RETURNED}, S.SUBMITTED, _("submit")),
        "return": Step({S.SUBMITTED}, S.RETURNED, _("return for revision")),
        "convert": Step({S.SUBMITTED, S.REGISTERED}, S.CONVERTED, _("convert to a deputy's letter")),
        "register": Step({S.SUBMITTED}, S.REGISTERED, _("register")),
        "merge": Step({S.SUBMITTED, S.REGISTERED}, S.MERGED, _("merge")),
        "assign": Step({S.REGISTERED}, S.ASSIGNED, _("assign")),
        "reassign": Step({S.ASSIGNED}, S.ASSIGNED, _("reassign")),
        # → ANSWERED when every answering unit has replied (the service decides)
        "reply": Step({S.ASSIGNED, S.REHANDLING}, None, _("reply")),
        # → CLOSED, or REHANDLING on 不满意 (the service decides)
        "rate": Step({S.ANSWERED, S.REHANDLING}, None, _("rate")),
        # the feedback window passed without a rating
        "close": Step({S.ANSWERED}, S.CLOSED, _("close")),
        "withdraw": Step(
            {S.DRAFT, S.SUBMITTED, S.RETURNED, S.REGISTERED, S.ASSIGNED, S.REHANDLING},
            S.WITHDRAWN,
            _("withdraw"),
        ),
        "edit": Step({S.DRAFT, S.RETURNED}, None, _("edit")),
        # an office step after the reply; the status stays, ``published_at`` is set
        "publish": Step(PUBLISHABLE, None, _("publish")),
        "select_key": Step(
            {S.REGISTERED, S.ASSIGNED, S.ANSWERED, S.REHANDLING}, None, _("select for key supervision")
        ),
    },
)

#: action → (states it may start from, state it leads to): the table above, as plain data.
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    action: (step.sources, step.target) for action, step in SUGGESTION.steps.items()
}

FINAL = frozenset({S.CLOSED, S.CONVERTED, S.WITHDRAWN, S.MERGED})


def allowed(action: str, status: str) -> bool:
    return SUGGESTION.allowed(action, status)


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


A = AssignmentStatus

#: One unit's assignment (交办): its own workflow.
ASSIGNMENT: Workflow = Workflow(
    name="assignment",
    noun=_("assignment"),
    states=AssignmentStatus,
    steps={
        "request_return": Step({A.ACTIVE}, A.RETURN_REQUESTED, _("ask to return")),
        "accept_return": Step({A.RETURN_REQUESTED}, A.RETURNED, _("accept the return")),
        "refuse_return": Step({A.RETURN_REQUESTED}, A.ACTIVE, _("refuse the return")),
        "send_opinion": Step({A.ACTIVE, A.REHANDLING, A.OPINION_SENT}, A.OPINION_SENT, _("send the opinion")),
        "contact": Step(
            {A.ACTIVE, A.RETURN_REQUESTED, A.OPINION_SENT, A.ANSWERED, A.REHANDLING},
            None,
            _("record a contact"),
        ),
        "request_extension": Step({A.ACTIVE, A.REHANDLING}, None, _("ask for more time")),
        "reply": Step({A.ACTIVE, A.REHANDLING}, A.ANSWERED, _("reply")),
        "rehandle": Step({A.ANSWERED}, A.REHANDLING, _("handle again")),  # the deputy rated 不满意
    },
)

#: A unit's request for more time.
EXTENSION: Workflow = Workflow(
    name="extension",
    noun=_("extension request"),
    states=ExtensionStatus,
    steps={
        "approve": Step({ExtensionStatus.PENDING}, ExtensionStatus.APPROVED, _("approve")),
        "reject": Step({ExtensionStatus.PENDING}, ExtensionStatus.REJECTED, _("refuse")),
    },
)

#: A B-category promise in the ledger.
COMMITMENT: Workflow = Workflow(
    name="commitment",
    noun=_("commitment"),
    states=CommitmentStatus,
    steps={
        "progress": Step({CommitmentStatus.OPEN}, None, _("report progress")),
        "deliver": Step({CommitmentStatus.OPEN}, CommitmentStatus.DELIVERED, _("deliver")),
    },
)
