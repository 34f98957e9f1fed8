"""Supervision states and transition tables: the plan, the item's closed loop (监督闭环),
rectification tasks, escalation levels and the satisfaction vote.

Basis: supervision-law-2024 Art 15–17 (special work reports, 审议意见, written report,
决议), Art 27 (audit rectification within six months), Art 51–54 (质询);
zhejiang-standing-committee-supervision-2008 Art 43–44 (transmittal, written report).
``docs/supervision.md`` draws the diagrams.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # the office is drafting the annual plan
    ADOPTED = "adopted", _("Adopted")  # passed by the council of chairpersons (主任会议)
    PUBLISHED = "published", _("Published")  # made public


PLAN_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "add_item": (frozenset({PlanStatus.DRAFT, PlanStatus.ADOPTED, PlanStatus.PUBLISHED}), None),
    "adopt": (frozenset({PlanStatus.DRAFT}), PlanStatus.ADOPTED),
    "publish": (frozenset({PlanStatus.ADOPTED}), PlanStatus.PUBLISHED),
}


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

ITEM_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "start": (frozenset({IS.PLANNED}), IS.IN_PROGRESS),
    "edit": (frozenset({IS.PLANNED, IS.IN_PROGRESS}), None),
    "record_activity": (frozenset({IS.IN_PROGRESS, IS.DELIBERATED}), None),
    "record_question": (frozenset({IS.IN_PROGRESS, IS.DELIBERATED}), None),
    "deliberate": (frozenset({IS.IN_PROGRESS}), IS.DELIBERATED),
    "issue_opinion": (frozenset({IS.DELIBERATED}), IS.OPINION_SENT),
    "add_task": (frozenset({IS.DELIBERATED, IS.OPINION_SENT, IS.REPORTED, IS.RE_REPORT}), None),
    "receive_report": (frozenset({IS.OPINION_SENT, IS.RE_REPORT}), IS.REPORTED),
    "open_vote": (frozenset({IS.REPORTED, IS.DELIBERATED}), None),
    "resolve": (frozenset({IS.DELIBERATED, IS.OPINION_SENT, IS.REPORTED, IS.RE_REPORT}), None),
    "close": (frozenset({IS.DELIBERATED, IS.REPORTED}), IS.CLOSED),
}

OPEN_ITEM_STATES = frozenset(
    {IS.PLANNED, IS.IN_PROGRESS, IS.DELIBERATED, IS.OPINION_SENT, IS.REPORTED, IS.RE_REPORT}
)
PUBLIC_ITEM_STATES = frozenset({IS.DELIBERATED, IS.OPINION_SENT, IS.REPORTED, IS.RE_REPORT, IS.CLOSED})


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")  # assigned to the responsible unit
    IN_PROGRESS = "in_progress", _("Rectifying")  # the unit has reported progress
    SUBMITTED = "submitted", _("Awaiting verification")  # the unit reports it done
    VERIFIED = "verified", _("Verified")  # committee staff checked the rectification
    CLOSED = "closed", _("Closed")  # 销号


T = TaskStatus

TASK_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "report_progress": (frozenset({T.OPEN, T.IN_PROGRESS}), T.IN_PROGRESS),
    "submit": (frozenset({T.OPEN, T.IN_PROGRESS}), T.SUBMITTED),
    "request_extension": (frozenset({T.OPEN, T.IN_PROGRESS}), None),
    "verify": (frozenset({T.SUBMITTED}), T.VERIFIED),
    "reject": (frozenset({T.SUBMITTED}), T.IN_PROGRESS),
    "close": (frozenset({T.VERIFIED}), T.CLOSED),
    "escalate": (frozenset({T.OPEN, T.IN_PROGRESS, T.SUBMITTED}), None),
    "deescalate": (frozenset({T.OPEN, T.IN_PROGRESS, T.SUBMITTED}), None),
}

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


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")  # counted with its quorum: the result decides
    INQUORATE = "inquorate", _("Closed without quorum")  # too few took part: it decides nothing


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


def allowed(table: dict[str, tuple[frozenset[str], str | None]], action: str, status: str) -> bool:
    sources, _target = table[action]
    return status in sources
