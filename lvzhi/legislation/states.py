"""Local-legislation states and the transition tables every service checks.

Basis: legislation-law-2023 Art 32–45 (readings, unified review, withdrawal, separate votes
on clauses, shelving), Art 81 (provincial approval within four months), Art 87–89
(local procedure, promulgation by announcement), Art 109 (filing within 30 days); the
complete local procedure of huzhou-local-legislation-procedure-2020 (plans Art 6–7,
readings Art 29–30, consultation Art 34, unified review Art 37, vote Art 39, withdrawal
Art 40, shelving Art 41, approval and announcement Art 44–45, filing Art 48). The numbers
live in the rules profile. ``docs/legislation.md`` draws the diagrams.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lvzhi.core.workflow import Step, Workflow

# --- plans and project proposals ---------------------------------------------------------------


class PlanKind(models.TextChoices):
    FIVE_YEAR = "five_year", _("Five-year legislative plan")  # 立法规划, for a term
    ANNUAL = "annual", _("Annual legislative programme")  # 年度立法计划


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # the legislative affairs commission is compiling it
    ADOPTED = "adopted", _("Adopted")  # passed by the council of chairpersons and published (Huzhou Art 6)


class ProposalSource(models.TextChoices):
    PUBLIC = "public", _("Member of the public")
    DEPUTY_MOTION = "deputy_motion", _("Deputies' motion")
    DEPUTY_SUGGESTION = "deputy_suggestion", _("Deputy's suggestion")
    DEPARTMENT = "department", _("Government department")
    COMMITTEE = "committee", _("Special committee or working body")
    OTHER = "other", _("Other")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")  # received; awaits the feasibility assessment
    ASSESSED = "assessed", _("Assessed")  # feasibility and priority recorded; awaits the decision
    ACCEPTED = "accepted", _("In a plan")  # accepted into a legislative plan
    REJECTED = "rejected", _("Not accepted")  # not taken up, with reasons


class Feasibility(models.TextChoices):
    FEASIBLE = "feasible", _("Feasible")
    NEEDS_STUDY = "needs_study", _("Needs further study")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class PlanCategory(models.TextChoices):
    """How a project sits in an annual programme (正式项目 / 预备项目 / 调研项目)."""

    FORMAL = "formal", _("Formal project (to be deliberated this year)")
    PREPARATORY = "preparatory", _("Preparatory project")
    RESEARCH = "research", _("Research project")


PROPOSAL: Workflow[Any] = Workflow(
    name="legislation.proposal",
    noun=_("proposal"),
    states=ProposalStatus,
    steps={
        "assess": Step(
            {ProposalStatus.PROPOSED, ProposalStatus.ASSESSED},
            ProposalStatus.ASSESSED,
            _("record the feasibility assessment"),
        ),
        "accept": Step(
            {ProposalStatus.ASSESSED}, ProposalStatus.ACCEPTED, _("accept the proposal into a plan")
        ),
        "reject": Step(
            {ProposalStatus.PROPOSED, ProposalStatus.ASSESSED},
            ProposalStatus.REJECTED,
            _("decline the proposal"),
        ),
        "start_bill": Step({ProposalStatus.ACCEPTED}, None, _("start drafting a bill")),
    },
)

PLAN: Workflow[Any] = Workflow(
    name="legislation.plan",
    noun=_("plan"),
    states=PlanStatus,
    steps={
        "adopt": Step({PlanStatus.DRAFT}, PlanStatus.ADOPTED, _("adopt the plan")),
        # Huzhou Art 6: projects are added after the adoption too
        "add_project": Step({PlanStatus.DRAFT, PlanStatus.ADOPTED}, None, _("add a project to the plan")),
    },
)


def _table(workflow: Workflow[Any]) -> dict[str, tuple[frozenset[str], str | None]]:
    """The ``action → (sources, target)`` view of a workflow (for older callers and tests)."""
    return {action: (step.sources, step.target) for action, step in workflow.steps.items()}


PROPOSAL_TRANSITIONS = _table(PROPOSAL)
PLAN_TRANSITIONS = _table(PLAN)

# --- bills -------------------------------------------------------------------------------------


class BillKind(models.TextChoices):
    ENACT = "enact", _("New regulation")  # 制定
    AMEND = "amend", _("Amendment")  # 修改 / 修订: a new version of a regulation in force
    REPEAL = "repeal", _("Repeal")  # 废止


class ProposerKind(models.TextChoices):
    """Who may table a regulation bill to the Standing Committee (Huzhou Art 22–26)."""

    COUNCIL = "council", _("Council of chairpersons")
    GOVERNMENT = "government", _("People's Government")
    COMMITTEE = "committee", _("Special committee")
    MEMBERS = "members", _("Standing Committee members jointly")


class BillStatus(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")  # 起草: the drafting unit prepares the submission package
    SUBMITTED = "submitted", _("Submitted")  # 提请审议: package in; awaits its first reading
    DELIBERATION = "deliberation", _("Under deliberation")  # 审议中: one or more readings held
    SHELVED = "shelved", _("Shelved")  # 搁置审议 / 暂不付表决 (Art 44–45)
    PASSED = "passed", _("Passed")  # 表决通过: more than half of all members voted yes
    FAILED = "failed", _("Not passed")  # 未获通过
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 撤回: by the proposer before the vote (Art 43)
    TERMINATED = "terminated", _("Deliberation ended")  # 终止审议: shelved two years (Art 45)
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting provincial approval")  # 报请批准 (Art 81)
    APPROVED = "approved", _("Approved")  # 省人大常委会批准
    NOT_APPROVED = "not_approved", _("Not approved")  # the province did not approve it
    PROMULGATED = "promulgated", _("Promulgated")  # 公告公布 (Art 88)
    FILED = "filed", _("Filed")  # 备案 (Art 109)


S = BillStatus

#: Every bill service checks its action here and nowhere else (``BILL.check``); a step whose
#: target is ``None`` keeps the state or lets the service choose the outcome (``close_vote`` →
#: PASSED / FAILED for the whole text).
BILL: Workflow[Any] = Workflow(
    name="legislation.bill",
    noun=_("bill"),
    states=BillStatus,
    steps={
        # the package: texts, explanation, files
        "edit": Step({S.DRAFTING, S.SUBMITTED}, None, _("change the submission package")),
        # needs a draft text and an explanation
        "submit": Step({S.DRAFTING}, S.SUBMITTED, _("submit the bill")),
        # 主任会议 orders more or fewer readings
        "set_readings": Step({S.SUBMITTED, S.DELIBERATION}, None, _("set the number of readings")),
        "schedule_reading": Step(
            {S.SUBMITTED, S.DELIBERATION}, None, _("put a reading on a meeting's agenda")
        ),
        "hold_reading": Step(
            {S.SUBMITTED, S.DELIBERATION}, S.DELIBERATION, _("record that the reading took place")
        ),
        # 修改稿 / 表决稿
        "add_version": Step({S.DRAFTING, S.SUBMITTED, S.DELIBERATION}, None, _("add a text version")),
        # after the first reading
        "consultation": Step({S.DELIBERATION}, None, _("set the public consultation window")),
        # 法制委员会统一审议 (one-reading bills are reviewed before their single reading, Huzhou Art 30)
        "unified_review": Step({S.SUBMITTED, S.DELIBERATION}, None, _("record the unified review")),
        # a clause first, then the whole
        "open_vote": Step({S.DELIBERATION}, None, _("open a vote")),
        # → PASSED / FAILED for the whole text (the service decides)
        "close_vote": Step({S.DELIBERATION}, None, _("close the vote")),
        # 搁置 / 暂不付表决
        "shelve": Step({S.DELIBERATION}, S.SHELVED, _("shelve the bill")),
        "resume": Step({S.SHELVED}, S.DELIBERATION, _("resume deliberation")),
        # two years without a vote
        "terminate": Step({S.DELIBERATION, S.SHELVED}, S.TERMINATED, _("end deliberation")),
        "withdraw": Step(
            {S.DRAFTING, S.SUBMITTED, S.DELIBERATION, S.SHELVED}, S.WITHDRAWN, _("withdraw the bill")
        ),
        "submit_approval": Step(
            {S.PASSED}, S.AWAITING_APPROVAL, _("submit the regulation for provincial approval")
        ),
        "approve": Step({S.AWAITING_APPROVAL}, S.APPROVED, _("record the provincial approval")),
        "refuse_approval": Step(
            {S.AWAITING_APPROVAL}, S.NOT_APPROVED, _("record that the province did not approve")
        ),
        # from PASSED only where the profile needs no provincial approval
        "promulgate": Step({S.PASSED, S.APPROVED}, S.PROMULGATED, _("promulgate the regulation")),
        "file": Step({S.PROMULGATED}, S.FILED, _("record the filing")),
    },
)

#: action → (states it may start from, state it leads to): the table of :data:`BILL`.
TRANSITIONS = _table(BILL)

#: States in which nothing more happens to the bill.
FINAL = frozenset({S.FAILED, S.WITHDRAWN, S.TERMINATED, S.NOT_APPROVED, S.FILED})

#: States in which the bill is before the Standing Committee (on or waiting for its agenda).
PENDING = frozenset({S.SUBMITTED, S.DELIBERATION, S.SHELVED})


def allowed(action: str, status: str) -> bool:
    """True when ``action`` may be taken on a bill in ``status``."""
    return BILL.allowed(action, status)


def target(action: str) -> str | None:
    return BILL.target(action)


#: How each action is named in messages ("This step (…) is not allowed").
ACTION_LABELS: dict[str, Any] = {
    "edit": _("change the submission package"),
    "submit": _("submit the bill"),
    "set_readings": _("set the number of readings"),
    "schedule_reading": _("put a reading on a meeting's agenda"),
    "hold_reading": _("record that the reading took place"),
    "add_version": _("add a text version"),
    "consultation": _("set the public consultation window"),
    "unified_review": _("record the unified review"),
    "open_vote": _("open a vote"),
    "close_vote": _("close the vote"),
    "shelve": _("shelve the bill"),
    "resume": _("resume deliberation"),
    "terminate": _("end deliberation"),
    "withdraw": _("withdraw the bill"),
    "submit_approval": _("submit the regulation for provincial approval"),
    "approve": _("record the provincial approval"),
    "refuse_approval": _("record that the province did not approve"),
    "promulgate": _("promulgate the regulation"),
    "file": _("record the filing"),
    # project proposals and plans
    "assess": _("record the feasibility assessment"),
    "accept": _("accept the proposal into a plan"),
    "reject": _("decline the proposal"),
    "start_bill": _("start drafting a bill"),
    "adopt": _("adopt the plan"),
    "add_project": _("add a project to the plan"),
}

#: Colour of each state's badge (classes of app.css: green, amber, red; none for neutral).
STATUS_TONE: dict[str, str] = {
    S.DRAFTING: "",
    S.SUBMITTED: "suspended",
    S.DELIBERATION: "suspended",
    S.SHELVED: "suspended",
    S.PASSED: "active",
    S.FAILED: "terminated",
    S.WITHDRAWN: "terminated",
    S.TERMINATED: "terminated",
    S.AWAITING_APPROVAL: "suspended",
    S.APPROVED: "active",
    S.NOT_APPROVED: "terminated",
    S.PROMULGATED: "active",
    S.FILED: "active",
}

PROPOSAL_TONE: dict[str, str] = {
    ProposalStatus.PROPOSED: "",
    ProposalStatus.ASSESSED: "suspended",
    ProposalStatus.ACCEPTED: "active",
    ProposalStatus.REJECTED: "terminated",
}

# --- readings, documents, votes, versions ------------------------------------------------------


class ReadingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("On the agenda")  # 列入会议议程
    HELD = "held", _("Held")  # the meeting deliberated the bill


class DocumentKind(models.TextChoices):
    """The documents of a reading (Huzhou Art 29; legislation-law Art 32, 36)."""

    EXPLANATION = "explanation", _("Explanation of the draft")  # 关于草案的说明
    REVIEW_OPINION = "review_opinion", _("Committee's deliberation opinion")  # 审议意见
    REVISION_REPORT = "revision_report", _("Report on the revisions")  # 修改情况的汇报
    RESULT_REPORT = "result_report", _("Report on the results of deliberation")  # 审议结果的报告
    OTHER = "other", _("Other material")


class VoteKind(models.TextChoices):
    CLAUSE = "clause", _("Separate vote on a clause")  # 条款单独表决 (Art 44)
    WHOLE = "whole", _("Vote on the whole text")  # 表决稿


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class VoteResult(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")


class BallotChoice(models.TextChoices):
    YES = "yes", pgettext_lazy("ballot", "Yes")  # 赞成
    NO = "no", pgettext_lazy("ballot", "No")  # 反对
    ABSTAIN = "abstain", pgettext_lazy("ballot", "Abstain")  # 弃权


class AgendaKind(models.TextChoices):
    READING = "reading", _("Reading")
    VOTE = "vote", _("Vote")
    OTHER = "other", _("Other business")


class VersionKind(models.TextChoices):
    ENACTMENT = "enactment", _("Enacted")  # 制定
    AMENDMENT = "amendment", _("Amended")  # 修改 / 修正 / 修订
    REPEAL = "repeal", _("Repealed")  # 废止


READING: Workflow[Any] = Workflow(
    name="legislation.reading",
    noun=_("reading"),
    states=ReadingStatus,
    steps={
        "hold": Step({ReadingStatus.SCHEDULED}, ReadingStatus.HELD, _("record that the reading took place"))
    },
)

VOTE: Workflow[Any] = Workflow(
    name="legislation.vote",
    noun=_("vote"),
    states=VoteStatus,
    steps={
        "cast": Step({VoteStatus.OPEN}, None, _("cast a vote")),
        "close": Step({VoteStatus.OPEN}, VoteStatus.CLOSED, _("close the vote")),
    },
)
