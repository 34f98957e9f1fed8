"""The registry of rules a profile must set, and validation of a profile's JSON.

Every local deadline and threshold the platform uses is a :class:`RuleSpec` here; a rules
profile (``profiles/*.json``) gives each one a value and the article it comes from. Pure
Python, no Django: the lead's ``RulesProfileVersion`` model stores validated profile JSON.

A profile looks like::

    {"code": "default", "name_zh": "...", "name_en": "...", "city": "...",
     "schema_version": 1,
     "rules": {
        "suggestions.reply_deadline": {
            "value": {"amount": 3, "unit": "months"},
            "basis": {"source": "deputies-law-2025", "article": "第五十一条",
                      "quote": "并自交办之日起三个月内答复"},
            "also": [{"source": "qingdao-deputy-suggestions-2021", "article": "第二十五条",
                      "quote": "..."}]},
        ...}}

``basis.source`` is a statute file stem from ``shared/reference/statutes`` or
``"local-practice"`` (then a ``note`` explaining the choice is required and there is no
article or quote). ``also`` optionally lists further supporting clauses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, Literal

from ..workdays import PERIOD_UNITS, Period, PeriodError

__all__ = [
    "ARTICLE_RE",
    "KINDS",
    "KNOWN_SOURCES",
    "LOCAL_PRACTICE",
    "MAJORITY_RULES",
    "MAX_QUOTE_CHARS",
    "RULE_SPECS",
    "SCHEMA_VERSION",
    "SECTIONS",
    "RuleSpec",
    "validate_basis",
    "validate_profile",
]

Kind = Literal["period", "integer", "decimal", "percent", "boolean", "choice", "list"]
KINDS: Final = ("period", "integer", "decimal", "percent", "boolean", "choice", "list")

SCHEMA_VERSION: Final = 1
LOCAL_PRACTICE: Final = "local-practice"
MAX_QUOTE_CHARS: Final = 80
#: 第十四条, 第一百零九条, 第十条之一
ARTICLE_RE: Final = re.compile(r"^第[一二三四五六七八九十百千零〇两]+条(之[一二三四五六七八九十]+)?$")

#: Statute files (stem → title) that a basis may cite; mirrors shared/reference/statutes/index.json.
KNOWN_SOURCES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "deputies-law-2025": "中华人民共和国全国人民代表大会和地方各级人民代表大会代表法",
        "supervision-law-2024": "中华人民共和国各级人民代表大会常务委员会监督法",
        "legislation-law-2023": "中华人民共和国立法法",
        "local-organic-law-2022": "中华人民共和国地方各级人民代表大会和地方各级人民政府组织法",
        "budget-law-2018": "中华人民共和国预算法",
        "qingdao-deputy-suggestions-2021": "青岛市人民代表大会代表建议、批评和意见工作条例",
        "shanghai-deputy-suggestions": "上海市人民代表大会关于代表建议、批评和意见的规定",
        "shanghai-deputy-motions": "上海市人民代表大会关于代表议案的规定",
        "huzhou-local-legislation-procedure-2020": "湖州市制定地方性法规条例",
        "shanghai-budget-supervision-2021": "上海市预算审查监督条例",
        "beijing-filing-review-2024": "北京市各级人民代表大会常务委员会规范性文件备案审查条例",
        "zhejiang-standing-committee-supervision-2008": "浙江省各级人民代表大会常务委员会监督条例",
    }
)

#: Section code → (Chinese, English) heading.
SECTIONS: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "suggestions": ("代表建议、批评和意见", "Deputies' suggestions"),
        "motions": ("代表议案", "Motions"),
        "legislation": ("地方立法", "Local legislation"),
        "standing_committee": ("常务委员会", "Standing Committee"),
        "supervision": ("监督", "Supervision"),
        "budget": ("预算联网监督", "Online budget supervision"),
        "deputies": ("代表", "Deputies"),
    }
)

#: Codes for vote and quorum rules (choice values).
MAJORITY_RULES: Final = (
    "more_than_half_of_all_members",
    "more_than_half_of_present",
    "two_thirds_of_all_members",
)

_LABELLED = (("code", str), ("label_zh", str), ("label_en", str))


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule a profile must set.

    ``unit`` is the expected unit: for a ``period`` the unit the shipped profiles use (a
    profile may use another period unit, e.g. calendar days where a city counts 日), for
    other kinds a word for documentation (``"deputies"``, ``"percent"``...).
    """

    key: str
    kind: Kind
    unit: str
    label_zh: str
    label_en: str
    section: str
    description: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    item_kind: Literal["integer", "object"] | None = None
    item_fields: tuple[tuple[str, type], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.key}: unknown kind {self.kind!r}")
        if self.section not in SECTIONS or not self.key.startswith(self.section + "."):
            raise ValueError(f"{self.key}: key must start with its section {self.section!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"{self.key}: a choice rule needs choices")
        if self.kind == "list" and self.item_kind is None:
            raise ValueError(f"{self.key}: a list rule needs item_kind")
        if self.kind == "period" and self.unit not in PERIOD_UNITS:
            raise ValueError(f"{self.key}: period unit {self.unit!r} unknown")


def _specs(*specs: RuleSpec) -> Mapping[str, RuleSpec]:
    out: dict[str, RuleSpec] = {}
    for spec in specs:
        if spec.key in out:
            raise ValueError(f"duplicate rule key {spec.key}")
        out[spec.key] = spec
    return MappingProxyType(out)


_S, _M, _L, _C, _V, _B, _D = (
    "suggestions",
    "motions",
    "legislation",
    "standing_committee",
    "supervision",
    "budget",
    "deputies",
)

#: Every rule, in documentation order.
# fmt: off
RULE_SPECS: Final[Mapping[str, RuleSpec]] = _specs(
    # --- deputies' suggestions -----------------------------------------------------------------
    RuleSpec(
        "suggestions.assignment_deadline", "period", "working_days",
        "闭会期间建议交办期限", "Assignment deadline (between sessions)", _S,
        "Time from receipt of a suggestion made between sessions to its assignment (交办) "
        "by the deputies' affairs body.",
    ),
    RuleSpec(
        "suggestions.co_handler_opinion_deadline", "period", "months",
        "协办（会办）单位提出意见期限", "Co-handler opinion deadline", _S,
        "Time from receipt for each 协办/会办 unit to send its written opinion to the 主办 unit.",
    ),
    RuleSpec(
        "suggestions.return_request_window", "period", "working_days",
        "承办单位申请退回期限", "Return-request window", _S,
        "Time from receipt within which a unit that thinks the item is not its business must "
        "ask, with reasons, for it to be returned and reassigned.",
    ),
    RuleSpec(
        "suggestions.reply_deadline", "period", "months",
        "答复期限", "Reply deadline", _S,
        "Time from assignment within which the unit answers the deputy.",
    ),
    RuleSpec(
        "suggestions.reply_deadline_max", "period", "months",
        "延期答复最长期限", "Longest reply deadline with extension", _S,
        "Hard cap, counted from assignment, for wide-ranging or difficult items whose reply "
        "deadline was extended.",
    ),
    RuleSpec(
        "suggestions.extension_requires_approval", "boolean", "",
        "延期须经代表工作机构同意", "Extension needs the deputies' affairs body's consent", _S,
        "Whether a unit may extend the reply deadline only with the consent of the "
        "代表工作机构.",
    ),
    RuleSpec(
        "suggestions.feedback_window", "period", "working_days",
        "代表反馈期限", "Deputy feedback window", _S,
        "Time after the reply within which the deputy records 满意/基本满意/不满意; after it, "
        "the item may be closed as 'no feedback given'.",
    ),
    RuleSpec(
        "suggestions.feedback_options", "list", "",
        "代表反馈选项", "Deputy feedback options", _S,
        "The answers a deputy can give; an option with triggers_rehandling sends the item "
        "back for 重新办理.",
        item_kind="object", item_fields=(*_LABELLED, ("triggers_rehandling", bool)),
    ),
    RuleSpec(
        "suggestions.rehandling_deadline", "period", "months",
        "重新办理答复期限", "Re-handling deadline", _S,
        "Time from re-assignment after 不满意 within which the unit answers again.",
    ),
    RuleSpec(
        "suggestions.reply_categories", "list", "",
        "办理结果分类", "Reply categories", _S,
        "Result categories of a reply; needs_date: the reply must give a date; commitment: "
        "the item goes into the commitment ledger (承诺事项台账) until delivered.",
        item_kind="object", item_fields=(*_LABELLED, ("needs_date", bool), ("commitment", bool)),
    ),
    RuleSpec(
        "suggestions.reply_recipients", "choice", "",
        "联名建议答复对象", "Who receives the reply to a joint suggestion", _S,
        "lead_deputy: the 领衔代表 (who informs co-signers); every_signer: every deputy who signed.",
        choices=("lead_deputy", "every_signer"),
    ),
    RuleSpec(
        "suggestions.fast_lane_enabled", "boolean", "",
        "“直通车”制度", "'Through train' fast lane", _S,
        "Whether high-quality suggestions made between sessions can be sent straight to the "
        "responsible organ for priority handling.",
    ),
    RuleSpec(
        "suggestions.reminder_lead_times", "list", "working_days",
        "到期提醒提前量", "Reminder lead times", _S,
        "Working days before a deadline at which the unit and staff are reminded.",
        item_kind="integer", minimum=0,
    ),
    RuleSpec(
        "suggestions.transferred_opinion_deadline", "period", "months",
        "转交意见建议答复期限", "Answer deadline for transferred opinions", _S,
        "Time within which opinions deputies raise while in contact with members, on "
        "inspections or surveys are handled and answered after transfer.",
    ),
    # --- motions -------------------------------------------------------------------------------
    RuleSpec(
        "motions.congress_signer_threshold", "integer", "deputies",
        "向人代会提出议案的代表联名人数", "Deputies needed to table a motion to the congress", _M,
        "Minimum number of deputies who jointly table a motion to the 人代会.", minimum=1,
    ),
    RuleSpec(
        "motions.standing_committee_signer_threshold", "integer", "members",
        "向常委会提出议案的组成人员联名人数", "Members needed to table a motion to the Standing Committee",
        _M, "Minimum number of Standing Committee members who jointly table a motion.", minimum=1,
    ),
    RuleSpec(
        "motions.not_listed_report_deadline", "period", "months",
        "未列入议程议案审议结果报告期限", "Report deadline for motions not put on the agenda", _M,
        "Time after the session within which the committee reports on a motion the presidium "
        "did not put on the agenda.",
    ),
    RuleSpec(
        "motions.min_remaining_signers", "integer", "deputies",
        "撤回后议案终止办理的人数下限", "Signers below which a motion's handling ends", _M,
        "If withdrawals leave fewer deputies than this behind a motion, its handling ends.",
        minimum=1,
    ),
    RuleSpec(
        "motions.congress_passing_rule", "choice", "",
        "人代会表决通过规则", "Congress passing rule", _M,
        "Majority needed for the congress to pass a resolution or motion.", choices=MAJORITY_RULES,
    ),
    # --- legislation ---------------------------------------------------------------------------
    RuleSpec(
        "legislation.readings_default", "integer", "readings",
        "常委会审议次数（一般）", "Readings before the vote (usual)", _L,
        "Number of Standing Committee readings a draft usually gets before the vote.",
        minimum=1,
    ),
    RuleSpec(
        "legislation.readings_min", "integer", "readings",
        "常委会审议次数（最少）", "Readings before the vote (fewest)", _L,
        "Fewest readings allowed (single-matter or partial amendments).", minimum=1,
    ),
    RuleSpec(
        "legislation.readings_max", "integer", "readings",
        "常委会审议次数（最多）", "Readings before the vote (most)", _L,
        "Most readings the procedure provides for (major or contested drafts).", minimum=1,
    ),
    RuleSpec(
        "legislation.public_consultation_min", "period", "days",
        "草案公开征求意见最短期限", "Minimum public consultation period", _L,
        "Shortest period a draft is published for public comment after the first reading.",
    ),
    RuleSpec(
        "legislation.draft_to_members_days_before", "integer", "days",
        "草案提前发给组成人员天数", "Days before the meeting the draft goes to members", _L,
        "The draft is sent to Standing Committee members at least this many days before "
        "the meeting.", minimum=0,
    ),
    RuleSpec(
        "legislation.shelving_period", "period", "years",
        "搁置审议终止期限", "Shelving period", _L,
        "A draft shelved, or not put to the vote again, for this long is ended.",
    ),
    RuleSpec(
        "legislation.shelving_terminates_automatically", "boolean", "",
        "搁置期满即终止审议", "Shelving ends the draft automatically", _L,
        "True: the draft ends when the shelving period is over (reported to the committee); "
        "false: the 主任会议 may decide to end it (or to extend).",
    ),
    RuleSpec(
        "legislation.provincial_approval_required", "boolean", "",
        "须报省级人大常委会批准", "Needs provincial approval", _L,
        "Whether local regulations must be approved by the provincial Standing Committee "
        "before they take effect (设区的市: yes; 直辖市: no).",
    ),
    RuleSpec(
        "legislation.provincial_approval_deadline", "period", "months",
        "省级人大常委会批准期限", "Provincial approval deadline", _L,
        "Time within which the provincial Standing Committee decides on approval.",
    ),
    RuleSpec(
        "legislation.filing_deadline", "period", "days",
        "报送备案期限", "Filing deadline", _L,
        "Time after promulgation within which the regulation is filed (备案).",
    ),
    RuleSpec(
        "legislation.vote_majority", "choice", "",
        "法规草案表决通过规则", "Majority needed to pass a regulation", _L,
        "Majority of the Standing Committee needed to pass a local regulation.",
        choices=MAJORITY_RULES,
    ),
    # --- standing committee --------------------------------------------------------------------
    RuleSpec(
        "standing_committee.members_min", "integer", "members",
        "常委会组成人员名额下限", "Standing Committee size (minimum)", _C,
        "Statutory minimum number of Standing Committee members.", minimum=1,
    ),
    RuleSpec(
        "standing_committee.members_max", "integer", "members",
        "常委会组成人员名额上限", "Standing Committee size (maximum)", _C,
        "Statutory maximum number of Standing Committee members.", minimum=1,
    ),
    RuleSpec(
        "standing_committee.quorum_rule", "choice", "",
        "常委会会议法定人数", "Quorum", _C,
        "Attendance needed for a Standing Committee meeting to be held.", choices=MAJORITY_RULES,
    ),
    RuleSpec(
        "standing_committee.passing_rule", "choice", "",
        "常委会决议通过规则", "Passing rule", _C,
        "Majority needed for a Standing Committee resolution.", choices=MAJORITY_RULES,
    ),
    RuleSpec(
        "standing_committee.meeting_interval_max", "period", "months",
        "常委会会议最长间隔", "Longest interval between meetings", _C,
        "The Standing Committee meets at least this often.",
    ),
    # --- supervision ---------------------------------------------------------------------------
    RuleSpec(
        "supervision.review_opinion_transmittal_deadline", "period", "days",
        "审议意见交办期限", "Deadline to send deliberation opinions", _V,
        "Time after the 主任会议 adopts the collated 审议意见 within which they are sent to "
        "the body concerned.",
    ),
    RuleSpec(
        "supervision.written_report_deadline", "period", "months",
        "研究处理情况报告期限", "Deadline for the written handling report", _V,
        "Time from receipt of the 审议意见 within which the body reports in writing on how "
        "it dealt with them (unless the 主任会议 sets another date).",
    ),
    RuleSpec(
        "supervision.audit_rectification_report_deadline", "period", "months",
        "审计查出问题整改情况报告期限", "Audit rectification report deadline", _V,
        "Time after the audit work report is heard within which the committee hears the "
        "government's report on rectifying the audit findings.",
    ),
    RuleSpec(
        "supervision.report_to_committee_days_before", "integer", "days",
        "专项工作报告提前送交天数", "Days before the meeting a work report is submitted", _V,
        "A special work report is sent to the Standing Committee at least this many days "
        "before the meeting.", minimum=0,
    ),
    RuleSpec(
        "supervision.inquiry_signer_threshold", "integer", "members",
        "质询案联名人数", "Members needed for a formal inquiry (质询)", _V,
        "Minimum number of Standing Committee members who jointly submit a 质询案.", minimum=1,
    ),
    RuleSpec(
        "supervision.satisfaction_pass_rule", "choice", "",
        "满意度测评通过规则", "Satisfaction vote: when a report is accepted", _V,
        "votes_cast: 满意 + 基本满意 are more than half of the votes cast; all_members: more than "
        "half of all members of the standing committee.",
        choices=("votes_cast", "all_members"),
    ),
    RuleSpec(
        "supervision.satisfaction_quorum", "choice", "",
        "满意度测评有效人数", "Satisfaction vote: members who must take part", _V,
        "A satisfaction vote decides only if at least this share of all members of the standing "
        "committee took part; otherwise it is inquorate and decides nothing.",
        choices=MAJORITY_RULES,
    ),
    RuleSpec(
        "supervision.reminder_days_before", "integer", "days",
        "整改期限到期前提醒天数", "Reminder before a rectification deadline", _V,
        "Calendar days before a rectification task's deadline at which the unit is reminded.",
        minimum=0,
    ),
    RuleSpec(
        "supervision.escalation_days_overdue", "list", "days",
        "整改逾期督办升级天数", "Escalation steps for overdue rectification", _V,
        "Days overdue at which each step is taken: 督办函, listing for the council of chairpersons, "
        "proposal of stronger means (专题询问 / 质询 / 满意度测评), 决议.",
        item_kind="integer", minimum=0,
    ),
    RuleSpec(
        "supervision.satisfaction_vote_options", "list", "",
        "满意度测评选项", "Satisfaction vote options", _V,
        "Options of the secret-ballot satisfaction vote (满意度测评).",
        item_kind="object", item_fields=_LABELLED,
    ),
    # --- budget --------------------------------------------------------------------------------
    RuleSpec(
        "budget.december_spending_share_threshold", "percent", "percent",
        "十二月支出占比预警线", "December spending share warning", _B,
        "Warn when a department's December spending exceeds this share of its full-year "
        "spending (年底突击花钱).", minimum=0, maximum=100,
    ),
    RuleSpec(
        "budget.execution_lag_threshold", "decimal", "percentage_points",
        "预算执行进度滞后预警线", "Budget execution lag warning", _B,
        "Warn when the share of the annual budget spent trails the elapsed share of the year "
        "by more than this many percentage points.", minimum=0, maximum=100,
    ),
    RuleSpec(
        "budget.reserve_fund_min_percent", "percent", "percent",
        "预备费比例下限", "Reserve fund (minimum share)", _B,
        "Lowest reserve fund (预备费) as a share of general public budget spending.",
        minimum=0, maximum=100,
    ),
    RuleSpec(
        "budget.reserve_fund_max_percent", "percent", "percent",
        "预备费比例上限", "Reserve fund (maximum share)", _B,
        "Highest reserve fund (预备费) as a share of general public budget spending.",
        minimum=0, maximum=100,
    ),
    RuleSpec(
        "budget.carryover_unused_years", "integer", "years",
        "结转资金连续未用完年限", "Years unused before a carry-over becomes a balance", _B,
        "Carry-over funds unused for this many consecutive years are managed as balances "
        "(结余资金).", minimum=1,
    ),
    RuleSpec(
        "budget.department_approval_deadline", "period", "days",
        "财政部门批复部门预算期限", "Budget approval to departments", _B,
        "Time after the congress approves the budget within which the finance bureau "
        "approves each department's budget.",
    ),
    RuleSpec(
        "budget.unit_approval_deadline", "period", "days",
        "部门批复所属单位预算期限", "Budget approval to units", _B,
        "Time after a department receives its approved budget within which it approves its "
        "units' budgets.",
    ),
    RuleSpec(
        "budget.publication_deadline", "period", "days",
        "预算公开期限", "Budget publication deadline", _B,
        "Time after approval within which the approved budget, adjustments and final "
        "accounts are published.",
    ),
    RuleSpec(
        "budget.general_transfer_release_deadline", "period", "days",
        "一般性转移支付下达期限", "General transfer release deadline", _B,
        "Time after the congress approves the budget within which general transfers to "
        "lower governments are released.",
    ),
    RuleSpec(
        "budget.special_transfer_release_deadline", "period", "days",
        "专项转移支付下达期限", "Special transfer release deadline", _B,
        "Time after the congress approves the budget within which special transfers to "
        "lower governments are released.",
    ),
    # --- deputies ------------------------------------------------------------------------------
    RuleSpec(
        "deputies.unexcused_absences_end_mandate", "integer", "sessions",
        "未经批准缺席终止代表资格次数", "Unexcused absences that end a mandate", _D,
        "A deputy absent without approval from this many congress sessions loses the mandate.",
        minimum=1,
    ),
)
# fmt: on


# --- validation -----------------------------------------------------------------------------------

_TOP_LEVEL_REQUIRED: Final = ("code", "name_zh", "name_en", "city", "rules")
_TOP_LEVEL_OPTIONAL: Final = ("schema_version", "notes")
_CODE_RE: Final = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate_basis(basis: Any, where: str) -> list[str]:
    """Problems with one citation object (``where`` prefixes each message)."""
    if not isinstance(basis, Mapping):
        return [f"{where}: the basis must be an object with source, article and quote"]
    problems: list[str] = []
    extra = set(basis) - {"source", "article", "quote", "note"}
    if extra:
        problems.append(f"{where}: unexpected basis field(s) {', '.join(sorted(map(str, extra)))}")
    source = basis.get("source")
    note = basis.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        problems.append(f"{where}: the note must be non-empty text")
    if not isinstance(source, str) or not source:
        problems.append(f"{where}: missing citation source")
        return problems
    if source == LOCAL_PRACTICE:
        if not isinstance(note, str) or not note.strip():
            problems.append(f"{where}: a local-practice value needs a note explaining it")
        if basis.get("article") or basis.get("quote"):
            problems.append(f"{where}: a local-practice value cites no article or quote")
        return problems
    if source not in KNOWN_SOURCES:
        problems.append(f"{where}: unknown citation source {source!r}")
    article = basis.get("article")
    if not isinstance(article, str) or not article:
        problems.append(f"{where}: missing citation article (e.g. 第十四条)")
    elif not ARTICLE_RE.match(article):
        problems.append(f"{where}: article {article!r} is not of the form 第X条")
    quote = basis.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        problems.append(f"{where}: missing citation quote")
    elif len(quote) > MAX_QUOTE_CHARS:
        problems.append(f"{where}: quote is {len(quote)} characters; keep it to {MAX_QUOTE_CHARS}")
    return problems


def _validate_value(spec: RuleSpec, value: Any) -> list[str]:
    where = spec.key
    kind = spec.kind
    if kind == "period":
        try:
            Period.from_value(value)
        except PeriodError as exc:
            return [f"{where}: {exc}"]
        return []
    if kind == "integer":
        if not _is_int(value):
            return [f"{where}: expected a whole number, got {value!r}"]
        return _check_range(spec, value)
    if kind in ("decimal", "percent"):
        if not _is_number(value):
            return [f"{where}: expected a number, got {value!r}"]
        return _check_range(spec, value)
    if kind == "boolean":
        if not isinstance(value, bool):
            return [f"{where}: expected true or false, got {value!r}"]
        return []
    if kind == "choice":
        if value not in spec.choices:
            return [f"{where}: {value!r} is not one of {', '.join(spec.choices)}"]
        return []
    # list
    if not isinstance(value, list):
        return [f"{where}: expected a list, got {type(value).__name__}"]
    problems: list[str] = []
    if spec.item_kind == "integer":
        for i, item in enumerate(value):
            if not _is_int(item):
                problems.append(f"{where}[{i}]: expected a whole number, got {item!r}")
            else:
                problems.extend(f"{where}[{i}]: {p.split(': ', 1)[1]}" for p in _check_range(spec, item))
        if len(set(map(repr, value))) != len(value):
            problems.append(f"{where}: duplicate entries")
        return problems
    if not value:
        problems.append(f"{where}: the list must not be empty")
    codes: list[Any] = []
    for i, item in enumerate(value):
        if not isinstance(item, Mapping):
            problems.append(f"{where}[{i}]: expected an object")
            continue
        for name, typ in spec.item_fields:
            if name not in item:
                problems.append(f"{where}[{i}]: missing field {name!r}")
            elif not isinstance(item[name], typ) or (typ is str and not item[name]):
                problems.append(f"{where}[{i}]: field {name!r} must be {typ.__name__}")
        extra = set(item) - {name for name, _ in spec.item_fields}
        if extra:
            problems.append(f"{where}[{i}]: unexpected field(s) {', '.join(sorted(map(str, extra)))}")
        codes.append(item.get("code"))
    if len(set(map(repr, codes))) != len(codes):
        problems.append(f"{where}: duplicate codes")
    return problems


def _check_range(spec: RuleSpec, value: float) -> list[str]:
    if spec.minimum is not None and value < spec.minimum:
        return [f"{spec.key}: {value} is below the minimum {spec.minimum:g}"]
    if spec.maximum is not None and value > spec.maximum:
        return [f"{spec.key}: {value} is above the maximum {spec.maximum:g}"]
    return []


def _months(value: Any) -> int | None:
    try:
        period = Period.from_value(value)
    except PeriodError:
        return None
    if period.unit == "months":
        return period.amount
    if period.unit == "years":
        return period.amount * 12
    return None


def _consistency(values: Mapping[str, Any]) -> list[str]:
    """Cross-rule checks, run only on values that passed their own checks."""
    problems: list[str] = []

    def ordered(low_key: str, high_key: str, what: str) -> None:
        low: Any = values.get(low_key)
        high: Any = values.get(high_key)
        if _is_number(low) and _is_number(high) and low > high:
            problems.append(f"{low_key} ({low}) is greater than {high_key} ({high}): {what}")

    ordered("legislation.readings_min", "legislation.readings_default", "readings out of order")
    ordered("legislation.readings_default", "legislation.readings_max", "readings out of order")
    ordered("standing_committee.members_min", "standing_committee.members_max", "size range reversed")
    ordered("budget.reserve_fund_min_percent", "budget.reserve_fund_max_percent", "reserve range reversed")
    reply = _months(values.get("suggestions.reply_deadline"))
    cap = _months(values.get("suggestions.reply_deadline_max"))
    if reply is not None and cap is not None and reply > cap:
        problems.append(
            "suggestions.reply_deadline is longer than suggestions.reply_deadline_max: "
            "the extension cap must not be shorter than the normal deadline"
        )
    return problems


def validate_profile(data: Any) -> list[str]:
    """Human-readable problems with a profile; an empty list means it is valid.

    Checks the top-level fields, that every rule in :data:`RULE_SPECS` is present with a
    value of the right kind and a citation, that no unknown rule is present, and a few
    cross-rule consistency checks. Whether quotes really occur in the statutes is checked
    separately by :func:`lvzhi.core.rules.citations.verify_citations`.
    """
    if not isinstance(data, Mapping):
        return ["the profile must be a JSON object"]
    problems: list[str] = []
    for name in _TOP_LEVEL_REQUIRED:
        if name not in data:
            problems.append(f"missing top-level field {name!r}")
    for name in set(data) - set(_TOP_LEVEL_REQUIRED) - set(_TOP_LEVEL_OPTIONAL):
        problems.append(f"unexpected top-level field {name!r}")
    code = data.get("code")
    if "code" in data and (not isinstance(code, str) or not _CODE_RE.match(code)):
        problems.append("code must be lower-case letters, digits, '-' or '_' (at most 40)")
    for name in ("name_zh", "name_en", "city"):
        if name in data and (not isinstance(data[name], str) or not data[name].strip()):
            problems.append(f"{name} must be non-empty text")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        problems.append(f"schema_version {version!r} is not supported (expected {SCHEMA_VERSION})")
    if "notes" in data and not isinstance(data["notes"], str):
        problems.append("notes must be text")
    rules = data.get("rules")
    if "rules" in data and not isinstance(rules, Mapping):
        problems.append("rules must be an object keyed by rule key")
        return problems
    if not isinstance(rules, Mapping):
        return problems

    good_values: dict[str, Any] = {}
    for key, spec in RULE_SPECS.items():
        if key not in rules:
            problems.append(f"missing rule {key} ({spec.label_zh})")
            continue
        entry = rules[key]
        if not isinstance(entry, Mapping):
            problems.append(f"{key}: expected an object with value and basis")
            continue
        extra = set(entry) - {"value", "basis", "also"}
        if extra:
            problems.append(f"{key}: unexpected field(s) {', '.join(sorted(map(str, extra)))}")
        if "value" not in entry:
            problems.append(f"{key}: missing value")
        else:
            value_problems = _validate_value(spec, entry["value"])
            problems.extend(value_problems)
            if not value_problems:
                good_values[key] = entry["value"]
        if "basis" not in entry:
            problems.append(f"{key}: missing citation (basis)")
        else:
            problems.extend(validate_basis(entry["basis"], f"{key}: basis"))
        also = entry.get("also", [])
        if not isinstance(also, list):
            problems.append(f"{key}: 'also' must be a list of citations")
        else:
            for i, extra_basis in enumerate(also):
                problems.extend(validate_basis(extra_basis, f"{key}: also[{i}]"))
                if isinstance(extra_basis, Mapping) and extra_basis.get("source") == LOCAL_PRACTICE:
                    problems.append(f"{key}: also[{i}]: 'also' lists statute citations only")
    for key in sorted(set(rules) - set(RULE_SPECS)):
        problems.append(f"unknown rule {key!r}")
    problems.extend(_consistency(good_values))
    return problems
