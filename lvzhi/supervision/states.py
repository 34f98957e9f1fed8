"""Supervision states and transition tables: the plan, the item's closed loop (监督闭环),
rectification tasks, escalation levels and the satisfaction vote.

Basis: supervision-law-2024 Art 15–17 (special work reports, 审议意见, written report,
决议), Art 27 (audit rectification within six months), Art 51–54 (质询);
zhejiang-standing-committee-supervision-2008 Art 43–44 (transmittal, written report).
``docs/supervision.md`` draws the diagrams.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from lvzhi.core.workflow import Step, Workflow

if TYPE_CHECKING:
    from .models import Extension, RectificationTask, SatisfactionVote, SupervisionItem, SupervisionPlan


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # the office is drafting the annual plan
    ADOPTED = "adopted", _("Adopted")  # passed by the council of chairpersons (主任会议)
    PUBLISHED = "published", _("Published")  # made public


PLAN: Workflow[SupervisionPlan] = Workflow(
    name="supervision_plan",
    noun=_("supervision plan"),
    states=PlanStatus,
    steps={
        "add_item": Step(
            {PlanStatus.DRAFT, PlanStatus.ADOPTED, PlanStatus.PUBLISHED}, None, _("add an item")
        ),
        "adopt": Step({PlanStatus.DRAFT}, PlanStatus.ADOPTED, _("adopt")),
        "publish": Step({PlanStatus.ADOPTED}, PlanStatus.PUBLISHED, _("publish")),
    },
)
#: Plans under which work on an item may start (11.17: never under a draft).
WORKING_PLAN_STATES = frozenset({PlanStatus.ADOPTED, PlanStatus.PUBLISHED})


class Form(models.TextChoices):
    """The forms of supervision (监督形式)."""

    WORK_REPORT = "work_report", _("Special work report")  # 听取和审议专项工作报告 (Art 11–17)
    INSPECTION = "inspection", _("Law-enforcement inspection")  # 执法检查 (Art 38–45)
    BUDGET = "budget", _("Budget or final accounts review")  # 预算决算审查 (Art 18–)
    AUDIT = "audit", _("Audit work report")  # 审计工作报告 and 整改 (Art 27)
    THEMATIC_INQUIRY = "thematic_inquiry", _("Thematic inquiry")  # 专题询问 (Art 48–50)
    QUESTION = "question", _("Question")  # 询问 (Art 48)
    INTERPELLATION = "interpellation", _("Interpellation")  # 质询 (Art 51–54)
    INVESTIGATION = "investigation", _("Investigation of a specific question")  # 特定问题调查 (Art 55–)
    SATISFACTION = "satisfaction", _("Satisfaction vote")  # 满意度测评 (local practice)
    FILING_REVIEW = "filing_review", _("Filing review of normative documents")  # 规范性文件备案审查


#: Forms whose report must reach the committee before the meeting (Art 15).
REPORT_FORMS = frozenset({Form.WORK_REPORT, Form.BUDGET, Form.AUDIT, Form.INSPECTION})


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")  # in the plan, work not begun
    IN_PROGRESS = "in_progress", _("In progress")  # report being prepared / inspection under way
    DELIBERATED = "deliberated", _("Deliberated")  # heard and deliberated at a committee meeting
    OPINION_SENT = "opinion_sent", _("Opinions sent")  # 审议意见 sent; waiting for the 研究处理 report
    REPORTED = "reported", _("Handling reported")  # the body's written report received
    RE_REPORT = "re_report", _("Re-report required")  # the vote was unsatisfactory: report again
    CLOSED = "closed", _("Closed")  # the loop is closed


IS = ItemStatus

OPEN_ITEM_STATES = frozenset(
    {IS.PLANNED, IS.IN_PROGRESS, IS.DELIBERATED, IS.OPINION_SENT, IS.REPORTED, IS.RE_REPORT}
)
PUBLIC_ITEM_STATES = frozenset({IS.DELIBERATED, IS.OPINION_SENT, IS.REPORTED, IS.RE_REPORT, IS.CLOSED})

ITEM: Workflow[SupervisionItem] = Workflow(
    name="supervision_item",
    noun=_("supervision item"),
    states=ItemStatus,
    steps={
        "sign": Step({IS.PLANNED}, None, _("sign the formal inquiry")),
        "start": Step({IS.PLANNED}, IS.IN_PROGRESS, _("start")),
        "edit": Step({IS.PLANNED, IS.IN_PROGRESS}, None, _("record the report's submission")),
        "record_activity": Step({IS.IN_PROGRESS, IS.DELIBERATED}, None, _("record an activity")),
        "record_question": Step({IS.IN_PROGRESS, IS.DELIBERATED}, None, _("record a question or answer")),
        "deliberate": Step({IS.IN_PROGRESS}, IS.DELIBERATED, _("record the deliberation")),
        "issue_opinion": Step({IS.DELIBERATED}, IS.OPINION_SENT, _("send the deliberation opinions")),
        "add_task": Step(
            {IS.DELIBERATED, IS.OPINION_SENT, IS.REPORTED, IS.RE_REPORT},
            None,
            _("assign a rectification task"),
        ),
        "receive_report": Step({IS.OPINION_SENT, IS.RE_REPORT}, IS.REPORTED, _("record the handling report")),
        "open_vote": Step({IS.REPORTED, IS.DELIBERATED}, None, _("open a satisfaction vote")),
        "resolve": Step(
            {IS.DELIBERATED, IS.OPINION_SENT, IS.REPORTED, IS.RE_REPORT}, None, _("record a resolution")
        ),
        "close": Step({IS.DELIBERATED, IS.REPORTED}, IS.CLOSED, _("close")),
        # a quorate vote that did not accept the handling report sends the body back to it
        "require_re_report": Step({IS.REPORTED}, IS.RE_REPORT, _("require a new report")),
        "publish": Step(PUBLIC_ITEM_STATES, None, _("publish the results")),
    },
)


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")  # assigned to the responsible unit
    IN_PROGRESS = "in_progress", _("Rectifying")  # the unit has reported progress
    SUBMITTED = "submitted", _("Awaiting verification")  # the unit reports it done
    VERIFIED = "verified", _("Verified")  # committee staff checked the rectification
    CLOSED = "closed", _("Closed")  # 销号


T = TaskStatus

TASK: Workflow[RectificationTask] = Workflow(
    name="supervision_task",
    noun=_("rectification task"),
    states=TaskStatus,
    steps={
        "report_progress": Step({T.OPEN, T.IN_PROGRESS}, T.IN_PROGRESS, _("report progress")),
        "submit": Step({T.OPEN, T.IN_PROGRESS}, T.SUBMITTED, _("submit for verification")),
        "request_extension": Step({T.OPEN, T.IN_PROGRESS}, None, _("ask for an extension")),
        "verify": Step({T.SUBMITTED}, T.VERIFIED, _("verify")),
        "reject": Step({T.SUBMITTED}, T.IN_PROGRESS, _("refuse the rectification")),
        "close": Step({T.VERIFIED}, T.CLOSED, _("close")),
        "escalate": Step({T.OPEN, T.IN_PROGRESS, T.SUBMITTED}, None, _("escalate")),
        "deescalate": Step({T.OPEN, T.IN_PROGRESS, T.SUBMITTED}, None, _("de-escalate")),
    },
)

OPEN_TASK_STATES = frozenset({T.OPEN, T.IN_PROGRESS, T.SUBMITTED})
DONE_TASK_STATES = frozenset({T.VERIFIED, T.CLOSED})


class ProblemType(models.TextChoices):
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    FUNDS = "funds", _("Use of public funds")
    SERVICES = "services", _("Public services")
    ENVIRONMENT = "environment", _("Environment and resources")
    SAFETY = "safety", _("Safety")
    GOVERNANCE = "governance", _("Institutions and governance")
    OTHER = "other", _("Other")


class Escalation(models.IntegerChoices):
    """The escalation ladder for lagging rectification (domain §4)."""

    NONE = 0, _("None")
    REMINDER = 1, _("Reminder")  # 提醒
    LETTER = 2, _("Supervision letter (督办函)")  # 督办函
    COUNCIL = 3, _("Listed for the council of chairpersons")  # 报主任会议
    STRONGER_MEANS = 4, _("Thematic inquiry, interpellation or satisfaction vote proposed")
    RESOLUTION = 5, _("Resolution proposed")  # 决议


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


EXTENSION: Workflow[Extension] = Workflow(
    name="supervision_extension",
    noun=_("extension request"),
    states=ExtensionStatus,
    steps={
        "approve": Step({ExtensionStatus.PENDING}, ExtensionStatus.APPROVED, _("approve")),
        "reject": Step({ExtensionStatus.PENDING}, ExtensionStatus.REJECTED, _("refuse")),
    },
)


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")  # counted with its quorum: the result decides
    INQUORATE = "inquorate", _("Closed without quorum")  # too few took part: it decides nothing


VOTE: Workflow[SatisfactionVote] = Workflow(
    name="supervision_vote",
    noun=_("satisfaction vote"),
    states=VoteStatus,
    steps={
        "cast": Step({VoteStatus.OPEN}, None, _("cast a ballot")),
        # the service decides: CLOSED with its quorum, INQUORATE without
        "close": Step({VoteStatus.OPEN}, None, _("close and count")),
    },
)


class ActivityKind(models.TextChoices):
    PLAN = "plan", _("Inspection plan")
    NOTICE = "notice", _("Notice")
    VISIT = "visit", _("Site visit")
    FORUM = "forum", _("Forum")
    SPOT_CHECK = "spot_check", _("Spot check")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    THIRD_PARTY = "third_party", _("Third-party evaluation")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    MEMBER = "member", _("Standing Committee member")
    STAFF = "staff", _("Committee staff")
    DEPUTY = "deputy", _("Invited deputy")


class AnswerMode(models.TextChoices):
    WRITTEN = "written", _("Written answer")
    ORAL = "oral", _("Oral answer")
