"""Supervision in the demo city: last year's plan (published, every item closed) and this
year's (adopted) with items of every form the app supports, supervised bodies across the
一府一委两院 (the government and its departments, the 监察委员会, the court, the
procuratorate), and every stage of the closed loop (监督闭环) —

* special work reports, law-enforcement inspections (team, activities), budget and final
  accounts, audit work reports, thematic inquiries, questions, a formal inquiry (质询案) with a
  second answer, an investigation of a specific question with a resolution, a satisfaction vote
  held as an item of its own, a filing review;
* 审议意见 sent, handling reports received, satisfaction votes with their turnout: accepted,
  not accepted (the body reports again; last year's then accepted), inquorate;
* rectification tasks in every state (open, rectifying, awaiting verification, verified,
  closed; one refused once, one with an extension) and on every step of the rules profile's
  escalation ladder, reached by the daily scan on the day each step fell due;
* results published on the portal; a few items planned for later this year, nothing done.

Everything goes through the services, as ``SYSTEM`` for the office's records, as the committee's
staff for verification, as the unit's officer for progress and results, and as each member for
their own ballot, signature or judgement. The services refuse anything dated after today and a
task deadline that has passed, and stamp ``created_at``/``closed_at`` with the clock, so right
after such a call the seed moves that one row into the past with one update (the seed is the one
writer allowed to place history there). The audit log is append-only: its rows keep the time of
seeding, and their ``changes`` carry the recorded dates. Deterministic for a ``today``;
``today`` must not be after the real date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lvzhi.core.actors import SYSTEM, Actor
from lvzhi.core.models import HANDLING_TYPES, Organ, Role, Session, Term, Todo, User


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _voters(term: Term, on: dt.date) -> list[User]:
    """Accounts of the Standing Committee members serving on ``on`` (they vote in person)."""
    from lvzhi.supervision.services import sc_members

    people = [m.person_id for m in sc_members(term, on)]
    return list(User.objects.filter(is_active=True, person_id__in=people).order_by("id"))


class _Seeder:
    """Writes the two plans; one method per step of the loop, each one service call (plus the
    one update that dates it)."""

    def __init__(self, term: Term, today: dt.date) -> None:
        from lvzhi.supervision import services

        self.s = services
        self.term, self.today = term, today
        self.clock = services._today()  # the services' today: a new deadline may not precede it
        self.counts: Counter[str] = Counter()
        self.meetings = sorted(
            Session.objects.filter(body="standing_committee", start_date__lte=today).values_list(
                "start_date", flat=True
            )
        )
        self.ahead = sorted(
            Session.objects.filter(body="standing_committee", start_date__gt=today).values_list(
                "start_date", flat=True
            )
        )
        self.handling = list(Organ.objects.filter(type__in=HANDLING_TYPES).order_by("sort_order", "id"))
        self._task_ct = ContentType.objects.get(app_label="supervision", model="rectificationtask")

    # --- who and where ---------------------------------------------------------------------------

    def organ(self, code: str, otype: str = "") -> Organ:
        """The organ ``code`` of the demo city; in a smaller world one of the same type."""
        by_code = {o.code: o for o in self.handling}
        if code in by_code:
            return by_code[code]
        same = [o for o in self.handling if o.type == otype] or self.handling
        return next((o for o in same if self.officer(o) is not None), same[0])

    def committee(self, code: str) -> Organ | None:
        return Organ.objects.filter(code=code).first()

    def officer(self, unit: Organ) -> User | None:
        return (
            User.objects.filter(roles__role=Role.UNIT_OFFICER, roles__organ=unit, is_active=True)
            .order_by("id")
            .first()
        )

    def staff(self, committee: Organ | None) -> Actor:
        """Staff of the responsible working body verify; the 办公厅 (or the platform) otherwise."""
        users = User.objects.filter(roles__role=Role.STAFF, is_active=True).order_by("id")
        user = users.filter(roles__organ=committee).first() if committee is not None else None
        user = user or users.filter(roles__organ__code="bangongting").first()
        return user if user is not None else SYSTEM

    # --- dates ------------------------------------------------------------------------------------

    def meeting_before(self, day: dt.date) -> dt.date:
        """The last Standing Committee meeting on or before ``day`` (``day`` if none)."""
        earlier = [m for m in self.meetings if m <= day]
        return earlier[-1] if earlier else day

    def meeting_after(self, day: dt.date) -> dt.date:
        """The first meeting after ``day`` that is not after today (else a day later)."""
        later = [m for m in self.meetings if day < m <= self.today]
        return later[0] if later else min(self.today, day + dt.timedelta(days=1))

    def meeting_in(self, year: int, month: int) -> dt.date:
        from .plan import _meeting_day

        in_month = [m for m in self.meetings if (m.year, m.month) == (year, month)]
        return in_month[0] if in_month else _meeting_day(year, month)

    def later_this_year(self, n: int) -> list[dt.date | None]:
        """Meeting days still ahead this year (scheduled, or the bimonthly rhythm); None when
        the year has no meeting left."""
        from .plan import _meeting_day

        days = [d for d in self.ahead if d.year == self.today.year]
        days += [
            d
            for d in (_meeting_day(self.today.year, m) for m in (2, 4, 6, 8, 10, 12))
            if d > self.today and d not in days
        ]
        days = sorted(days)
        return [days[i] if i < len(days) else None for i in range(n)]

    # --- plans and items --------------------------------------------------------------------------

    def plan(self, year: int, title: str) -> Any:
        self.counts["supervision_plans"] += 1
        return self.s.plan_create(year=year, title=title, term=self.term, acting_user=SYSTEM)

    def adopt(self, plan: Any, on: dt.date, publish_on: dt.date | None = None) -> None:
        from lvzhi.supervision.models import SupervisionItem, SupervisionPlan

        SupervisionItem.objects.filter(plan=plan).update(created_at=_at(on - dt.timedelta(days=12), 9))
        self.s.plan_adopt(plan=plan, adopted_on=on, acting_user=SYSTEM)
        if publish_on is not None:
            self.s.plan_publish(plan=plan, acting_user=SYSTEM)
            SupervisionPlan.objects.filter(pk=plan.pk).update(published_at=_at(publish_on, 15))

    def item(
        self,
        plan: Any,
        form: str,
        title: str,
        body: Organ,
        committee: Organ | None,
        meeting: dt.date | None,
        summary: str = "",
    ) -> Any:
        self.counts["supervision_items"] += 1
        return self.s.item_create(
            plan=plan,
            form=form,
            title=title,
            body=body,
            committee=committee,
            meeting_date=meeting,
            summary=summary,
            acting_user=SYSTEM,
        )

    def heard(self, it: Any, on: dt.date, findings: str, *, submitted: dt.date | None = None) -> Any:
        """Work started, the body's report in (report forms), heard and deliberated on ``on``."""
        self.s.item_start(item=it, acting_user=SYSTEM)
        if submitted is not None:
            self.s.report_submit(item=it, submitted_on=submitted, acting_user=SYSTEM)
        return self.s.item_deliberate(item=it, deliberated_on=on, findings=findings, acting_user=SYSTEM)

    def opinion(self, it: Any, adopted: dt.date, text: str, *, days_to_send: int = 4) -> Any:
        return self.s.opinion_issue(
            item=it,
            text=text,
            adopted_on=adopted,
            transmitted_on=adopted + dt.timedelta(days=days_to_send),
            acting_user=SYSTEM,
        )

    def report(self, it: Any, on: dt.date, text: str) -> Any:
        return self.s.handling_report_receive(item=it, text=text, received_on=on, acting_user=SYSTEM)

    def vote(self, it: Any, on: dt.date, subject: str, share: float, mix: tuple[int, int, int]) -> Any:
        """Open on ``on``; members take part in turn until ``share`` of all members voted (or
        one short of the quorum when ``share`` is 0), choosing in the proportions ``mix``."""
        from lvzhi.supervision.models import SatisfactionVote

        vote = self.s.vote_open(item=it, subject=subject, opened_on=on, acting_user=SYSTEM)
        voters = _voters(self.term, on)
        quorum, _rule = self.s.vote_quorum(self.s.item_rules(it), vote.total_members)
        turnout = int(vote.total_members * share + 0.5) if share else quorum - 1
        turnout = max(0, min(turnout, len(voters)))
        shift = (self.counts["supervision_votes"] * 7) % max(1, len(voters))
        rotated = voters[shift:] + voters[:shift]
        total = sum(mix)
        bounds = [turnout * mix[0] // total, turnout * (mix[0] + mix[1]) // total]
        for i, user in enumerate(rotated[:turnout]):
            choice = (
                "satisfied" if i < bounds[0] else "basically_satisfied" if i < bounds[1] else "unsatisfied"
            )
            self.s.vote_cast(vote=vote, choice=choice, acting_user=user)
        vote = self.s.vote_close(vote=vote, acting_user=SYSTEM, today=on)
        SatisfactionVote.objects.filter(pk=vote.pk).update(closed_at=_at(on, 16, 30))
        self.counts["supervision_votes"] += 1
        self.counts["supervision_ballots"] += turnout
        return vote

    def close(self, it: Any, on: dt.date, result: str) -> None:
        from lvzhi.supervision.models import SupervisionItem

        self.s.item_close(item=it, result=result, acting_user=SYSTEM)
        SupervisionItem.objects.filter(pk=it.pk).update(closed_at=_at(on, 17))

    def publish(self, it: Any, result: str | None = None) -> None:
        self.s.item_publish(item=it, result=result, acting_user=SYSTEM)
        self.counts["supervision_published"] += 1

    # --- rectification tasks ----------------------------------------------------------------------

    def task(
        self,
        it: Any,
        problem: str,
        ptype: str,
        unit: Organ,
        assigned: dt.date,
        deadline: dt.date,
        milestones: Sequence[tuple[str, dt.date]] = (),
    ) -> Any:
        """Assigned on ``assigned`` with ``deadline``: the service takes no deadline before its
        today, so a past one is given as today and moved back at once with its to-do."""
        from lvzhi.supervision.models import RectificationTask

        given = max(deadline, self.clock)
        task = self.s.task_add(
            item=it,
            problem=problem,
            problem_type=ptype,
            unit=unit,
            deadline=given,
            milestones=[(t, min(d, given)) for t, d in milestones],
            acting_user=SYSTEM,
        )
        RectificationTask.objects.filter(pk=task.pk).update(deadline=deadline, created_at=_at(assigned, 11))
        Todo.objects.filter(source_type=self._task_ct, source_id=str(task.pk)).update(
            due_date=deadline, created_at=_at(assigned, 11)
        )
        task.deadline = deadline
        self.counts["supervision_tasks"] += 1
        return task

    def progress(self, task: Any, on: dt.date, note: str, percent: int, *, milestones: bool = False) -> None:
        from lvzhi.supervision.models import ProgressReport

        officer = self.officer(task.unit)
        if officer is None:
            return
        done = list(task.milestones.values_list("pk", flat=True)) if milestones else []
        report = self.s.task_report_progress(
            task=task, note=note, percent=percent, milestones_done=done, today=on, acting_user=officer
        )
        ProgressReport.objects.filter(pk=report.pk).update(created_at=_at(on, 15))

    def submit(self, task: Any, on: dt.date, result: str) -> bool:
        from lvzhi.supervision.models import ProgressReport

        officer = self.officer(task.unit)
        if officer is None:
            return False
        self.s.task_submit(task=task, result=result, acting_user=officer)
        latest = ProgressReport.objects.filter(task=task).order_by("-id").first()
        if latest is not None:
            ProgressReport.objects.filter(pk=latest.pk).update(created_at=_at(on, 16))
        Todo.objects.filter(
            source_type=self._task_ct, source_id=str(task.pk), closed_at__isnull=False
        ).update(closed_at=_at(on, 16))
        return True

    def verify(
        self, task: Any, on: dt.date, note: str, *, passed: bool = True, close: dt.date | None = None
    ) -> None:
        from lvzhi.supervision.models import RectificationTask

        staff = self.staff(task.item.committee)
        self.s.task_verify(task=task, passed=passed, note=note, acting_user=staff)
        if passed:
            RectificationTask.objects.filter(pk=task.pk).update(verified_at=_at(on, 10))
        if close is not None:
            self.s.task_close(task=task, acting_user=staff)
            RectificationTask.objects.filter(pk=task.pk).update(closed_at=_at(close, 11))

    def done(self, task: Any, progress_on: dt.date, submit_on: dt.date, result: str) -> None:
        """Rectified on time: progress, result, verified three days later, closed the day after."""
        self.progress(
            task, progress_on, "已制定整改方案，明确责任人和时间表，正在推进。", 50, milestones=True
        )
        if self.submit(task, submit_on, result):
            verified = submit_on + dt.timedelta(days=3)
            self.verify(
                task, verified, "经实地核查，整改到位，同意销号。", close=verified + dt.timedelta(days=1)
            )

    def extend(self, task: Any, asked: dt.date, until: dt.date, reason: str) -> None:
        from lvzhi.supervision.models import Extension

        officer = self.officer(task.unit)
        if officer is None:
            return
        ext = self.s.extension_request(task=task, until=until, reason=reason, acting_user=officer)
        self.s.extension_decide(extension=ext, approve=True, acting_user=self.staff(task.item.committee))
        Extension.objects.filter(pk=ext.pk).update(decided_at=_at(asked + dt.timedelta(days=2), 10))

    def scan(self, ladder: tuple[int, tuple[tuple[int, int], ...]]) -> None:
        """Run the daily scan on each day a step of the ladder fell due for an open task (and
        today), so every step is dated the day it was taken."""
        from lvzhi.supervision.models import EscalationStep, RectificationTask
        from lvzhi.supervision.states import OPEN_TASK_STATES, TaskStatus

        reminder, steps = ladder
        days = {self.today}
        for deadline, created in (
            RectificationTask.objects.filter(status__in=OPEN_TASK_STATES)
            .exclude(status=TaskStatus.SUBMITTED)
            .values_list("deadline", "created_at")
        ):
            for offset in (-reminder, *(after for after, _level in steps)):
                day = deadline + dt.timedelta(days=offset)
                if timezone.localdate(created) < day <= self.today:
                    days.add(day)
        for day in sorted(days):
            last = EscalationStep.objects.order_by("-id").values_list("id", flat=True).first() or 0
            counts = self.s.deadlines_scan(today=day)
            EscalationStep.objects.filter(id__gt=last).update(created_at=_at(day, 7, 30))
            self.counts["supervision_escalations"] += counts["escalations"]
            self.counts["supervision_reminders"] += counts["reminders"]


def _ladder(plan: Any) -> tuple[int, tuple[tuple[int, int], ...]]:
    """The reminder and escalation ladder of the plan's rules profile (days from the deadline)."""
    from lvzhi.core.selectors import ruleset_for
    from lvzhi.supervision.services import ESCALATION_LEVELS

    rules = ruleset_for(plan.rules)
    days = [int(d) for d in rules.items("supervision.escalation_days_overdue")]
    return rules.integer("supervision.reminder_days_before"), tuple(
        zip(days, ESCALATION_LEVELS, strict=False)
    )


def seed_supervision(*, today: dt.date, say: Any = None) -> dict[str, int]:
    """Seed the supervision demo; returns counts. Does nothing if this year's plan exists."""
    from lvzhi.supervision.models import SupervisionPlan

    say = say or (lambda _msg: None)
    term = Term.objects.filter(is_current=True).first()
    if (
        term is None
        or Organ.objects.filter(type__in=HANDLING_TYPES).count() < 2
        or SupervisionPlan.objects.filter(term=term, year__in=[today.year, today.year - 1]).exists()
    ):
        return {"supervision_items": 0}
    sd = _Seeder(term, today)
    _last_year(sd)
    _this_year(sd)
    counts = dict(sorted(sd.counts.items()))
    say(
        f"Supervision: plans {today.year - 1} (closed) and {today.year}, {counts['supervision_items']} items, "
        f"{counts['supervision_tasks']} tasks, {counts['supervision_votes']} votes, "
        f"{counts['supervision_escalations']} escalation steps."
    )
    return counts


# --- last year: published, every item closed ----------------------------------------------------


def _last_year(sd: _Seeder) -> None:
    from lvzhi.supervision.states import Form

    year = sd.today.year - 1
    m = {month: sd.meeting_in(year, month) for month in (2, 4, 6, 8, 10, 12)}
    d = dt.timedelta
    gov = sd.organ("government", "government")
    fgw, sthjj = sd.organ("fgw", "government_department"), sd.organ("sthjj", "government_department")
    czj, zjj = sd.organ("czj", "government_department"), sd.organ("zjj", "government_department")
    jyj, wjw = sd.organ("jyj", "government_department"), sd.organ("wjw", "government_department")
    court, procur = sd.organ("zhongyuan", "court"), sd.organ("jianchayuan", "procuratorate")
    yusuan, jiansi, fagong = sd.committee("yusuan"), sd.committee("jiansi"), sd.committee("fagong")
    chjzw = sd.committee("chjzw")
    plan = sd.plan(year, f"江澜市人大常委会{year}年度监督工作计划")

    business = sd.item(
        plan,
        Form.WORK_REPORT,
        "关于全市优化营商环境工作情况的报告",
        gov,
        yusuan,
        m[4],
        "听取和审议市人民政府关于优化营商环境工作情况的专项工作报告。",
    )
    air = sd.item(
        plan,
        Form.INSPECTION,
        "《中华人民共和国大气污染防治法》执法检查",
        sthjj,
        chjzw,
        m[6],
        "检查大气污染防治法在本市的实施情况，重点是扬尘治理和机动车排气污染防治。",
    )
    accounts = sd.item(
        plan,
        Form.BUDGET,
        f"关于{year - 1}年度市级决算草案的报告",
        czj,
        yusuan,
        m[6],
        f"审查和批准{year - 1}年度市级决算。",
    )
    audit = sd.item(
        plan,
        Form.AUDIT,
        f"关于{year - 1}年度市级预算执行和其他财政收支的审计工作报告",
        gov,
        yusuan,
        m[8],
        "听取和审议审计工作报告，跟踪审计查出问题的整改。",
    )
    enforcement = sd.item(
        plan,
        Form.THEMATIC_INQUIRY,
        "关于切实解决执行难工作情况的专题询问",
        court,
        jiansi,
        m[4],
        "结合审议市中级人民法院关于执行工作情况的报告开展专题询问。",
    )
    public_interest = sd.item(
        plan,
        Form.WORK_REPORT,
        "关于公益诉讼检察工作情况的报告",
        procur,
        jiansi,
        m[2],
        "听取和审议市人民检察院关于公益诉讼检察工作情况的专项工作报告。",
    )
    filing = sd.item(
        plan,
        Form.FILING_REVIEW,
        f"{year}年规范性文件备案审查工作情况",
        gov,
        fagong,
        m[12],
        "审查市人民政府报送备案的规范性文件。",
    )
    sd.adopt(plan, dt.date(year - 1, 12, 19), publish_on=dt.date(year - 1, 12, 26))

    # a special work report: the whole loop, one task rectified on time, accepted
    sd.heard(
        business,
        m[4],
        "审议认为营商环境持续改善，但涉企审批事项仍有堵点，惠企政策兑现不够及时。",
        submitted=m[4] - d(11),
    )
    sd.opinion(
        business,
        m[4] + d(5),
        "一、深化“一件事一次办”改革；二、建立惠企政策免申即享机制；三、加强涉企执法监督。",
    )
    t = sd.task(
        business,
        "部分惠企政策兑现周期超过三十日",
        "services",
        fgw,
        m[4] + d(10),
        m[4] + d(100),
        [("梳理惠企政策清单", m[4] + d(40))],
    )
    sd.done(t, m[4] + d(40), m[4] + d(85), "惠企政策清单化管理，兑现周期压缩至十五个工作日以内。")
    sd.report(business, m[4] + d(70), "市人民政府关于优化营商环境工作情况报告审议意见研究处理情况的报告。")
    sd.vote(business, m[8], "对市人民政府研究处理审议意见情况的满意度测评", 0.84, (6, 3, 1))
    sd.close(business, m[8] + d(1), "满意度测评结果为满意，审议意见落实到位，监督闭环。")
    sd.publish(business)

    # an inspection: team, activities, two tasks (one refused once), a re-report after "not satisfied"
    for name, role in (
        ("常委会副主任", "leader"),
        ("城乡建设环境资源保护委员会委员", "member"),
        ("法制工作委员会干部", "staff"),
        ("市人大代表", "deputy"),
    ):
        sd.s.team_member_add(item=air, name=name, role=role, acting_user=SYSTEM)
    sd.s.item_start(item=air, acting_user=SYSTEM)
    for kind, day, place, text in (
        ("plan", m[6] - d(70), "", "制定执法检查方案，明确检查重点和分组。"),
        ("notice", m[6] - d(62), "", "印发执法检查通知，请市人民政府及有关部门开展自查。"),
        ("visit", m[6] - d(45), "澜城区、江湾区", "实地检查建筑工地扬尘治理和重点企业排放。"),
        ("forum", m[6] - d(44), "市生态环境局", "召开部门、企业和人大代表座谈会。"),
        ("spot_check", m[6] - d(38), "松川区", "随机抽查机动车排气检测站三家。"),
        ("questionnaire", m[6] - d(30), "", "面向市民开展问卷调查，回收有效问卷一千二百份。"),
    ):
        sd.s.activity_record(item=air, kind=kind, date=day, place=place, summary=text, acting_user=SYSTEM)
    sd.s.report_submit(item=air, submitted_on=m[6] - d(12), acting_user=SYSTEM)
    sd.s.item_deliberate(
        item=air,
        deliberated_on=m[6],
        findings="执法检查报告：扬尘管控责任落实不到位，排气检测监管存在漏洞。",
        acting_user=SYSTEM,
    )
    sd.opinion(
        air, m[6] + d(6), "一、压实施工扬尘管控责任；二、加强机动车排气检测机构监管；三、完善重污染天气应对。"
    )
    dust = sd.task(
        air, "建筑工地扬尘“六个百分之百”落实不到位", "environment", zjj, m[6] + d(12), m[6] + d(110)
    )
    sd.progress(dust, m[6] + d(40), "开展工地扬尘专项整治，已检查工地一百二十个。", 40)
    sd.submit(dust, m[6] + d(70), "完成专项整治，出台扬尘管控考核办法。")
    sd.verify(dust, m[6] + d(74), "抽查发现三个工地仍未落实围挡喷淋，退回继续整改。", passed=False)
    sd.done(dust, m[6] + d(80), m[6] + d(100), "全部在建工地落实围挡、喷淋和车辆冲洗，纳入智慧工地监管平台。")
    check = sd.task(
        air, "机动车排气检测机构监督抽查比例偏低", "law_enforcement", sthjj, m[6] + d(12), m[6] + d(100)
    )
    sd.done(check, m[6] + d(30), m[6] + d(80), "检测机构监督抽查实现全覆盖，查处违规机构两家。")
    sd.report(air, m[6] + d(75), "市人民政府关于大气污染防治法执法检查审议意见研究处理情况的报告。")
    sd.vote(air, m[10], "对大气污染防治法执法检查审议意见研究处理情况的满意度测评", 0.8, (3, 4, 9))
    sd.report(air, m[10] + d(40), "市人民政府关于大气污染防治法执法检查审议意见研究处理情况的再次报告。")
    sd.vote(air, m[12], "对大气污染防治法执法检查审议意见研究处理情况的再次满意度测评", 0.82, (7, 4, 1))
    sd.close(air, m[12] + d(1), "首次测评不满意，市人民政府再次报告后测评满意，监督闭环。")
    sd.publish(air)

    # final accounts: approved by a resolution whose execution was reported
    sd.heard(accounts, m[6], f"{year - 1}年度市级决算草案总体反映了预算执行情况。", submitted=m[6] - d(11))
    res = sd.s.resolution_adopt(
        item=accounts,
        text=f"江澜市人民代表大会常务委员会关于批准{year - 1}年度市级决算的决议",
        adopted_on=m[6] + d(1),
        due=m[6] + d(91),
        acting_user=SYSTEM,
    )
    sd.s.resolution_report(resolution=res, reported_on=m[6] + d(60), acting_user=SYSTEM)
    sd.close(accounts, m[8], "决算已批准，决议执行情况已报告。")
    sd.publish(accounts)

    # the audit work report: three rectification tasks, the rectification report, accepted
    sd.heard(
        audit, m[8], "审计查出问题十五项，涉及专项资金管理、政府采购和国有资产。", submitted=m[8] - d(10)
    )
    sd.opinion(audit, m[8] + d(5), "一、建立审计查出问题整改长效机制；二、加强专项资金绩效管理。")
    for problem, ptype, unit, result in (
        ("部分专项资金未按规定时限拨付", "funds", czj, "专项资金全部拨付到位，建立资金拨付预警机制。"),
        ("学生资助资金发放不及时", "funds", jyj, "资助资金全部补发到位，实行按月对账。"),
        ("基层医疗设备闲置", "services", wjw, "闲置设备调剂使用，建立设备配置论证制度。"),
    ):
        t = sd.task(audit, problem, ptype, unit, m[8] + d(9), m[8] + d(80))
        sd.done(t, m[8] + d(30), m[8] + d(60), result)
    sd.report(audit, m[8] + d(100), "市人民政府关于审计查出问题整改情况的报告。")
    sd.vote(audit, m[12], "对审计查出问题整改情况报告的满意度测评", 0.87, (7, 2, 1))
    sd.close(audit, m[12] + d(1), "审计查出问题整改到位，监督闭环。")
    sd.publish(audit)

    # a thematic inquiry of the court
    sd.s.item_start(item=enforcement, acting_user=SYSTEM)
    for asker, q, a, official in (
        (
            "常委会委员",
            "执行案件平均用时较长，有何具体措施？",
            "推行执行繁简分流，平均用时缩短二十天。",
            "市中级人民法院院长",
        ),
        (
            "常委会委员",
            "如何加强失信被执行人联合惩戒？",
            "与二十个部门建立联合惩戒机制。",
            "市中级人民法院副院长",
        ),
        (
            "市人大代表",
            "涉民生执行案件如何优先办理？",
            "开辟涉民生案件绿色通道，优先立案、优先执行。",
            "市中级人民法院执行局局长",
        ),
    ):
        sd.s.question_record(
            item=enforcement,
            asker=asker,
            question=q,
            answer=a,
            official=official,
            asked_on=m[4],
            acting_user=SYSTEM,
        )
    sd.s.item_deliberate(
        item=enforcement,
        deliberated_on=m[4],
        findings="询问认为执行工作取得明显成效，执行难问题仍需标本兼治。",
        acting_user=SYSTEM,
    )
    sd.opinion(enforcement, m[4] + d(6), "一、健全综合治理执行难工作格局；二、加强执行规范化建设。")
    sd.report(enforcement, m[4] + d(80), "市中级人民法院关于专题询问审议意见研究处理情况的报告。")
    # not every loop ends in a satisfaction vote
    sd.close(enforcement, m[8], "研究处理情况报告经常委会会议审议，监督闭环。")
    sd.publish(enforcement)

    # the procuratorate's special work report
    sd.heard(public_interest, m[2], "公益诉讼检察工作成效明显，办案领域有待拓展。", submitted=m[2] - d(12))
    sd.opinion(public_interest, m[2] + d(5), "一、拓展公益诉讼办案领域；二、加强与行政机关的协作配合。")
    sd.report(public_interest, m[2] + d(60), "市人民检察院关于公益诉讼检察工作审议意见研究处理情况的报告。")
    sd.close(public_interest, m[6], "研究处理情况报告经常委会会议审议，监督闭环。")
    sd.publish(public_interest)

    # the year's filing review
    sd.heard(filing, m[12], f"{year}年审查规范性文件四十二件，督促纠正两件。")
    sd.close(filing, m[12], "存在问题的两件规范性文件已由制定机关修改。")
    sd.publish(filing)


# --- this year: adopted, every stage -------------------------------------------------------------


def _this_year(sd: _Seeder) -> None:
    from lvzhi.supervision.services import sc_members
    from lvzhi.supervision.states import Form

    today, d = sd.today, dt.timedelta
    gov = sd.organ("government", "government")
    dep = {
        c: sd.organ(c, "government_department")
        for c in ("czj", "jyj", "wjw", "zjj", "sthjj", "zrzyj", "gaj", "sfj", "yjj", "mzj", "rsj")
    }
    jianwei = sd.organ("jianwei", "supervisory_commission")
    court, procur = sd.organ("zhongyuan", "court"), sd.organ("jianchayuan", "procuratorate")
    com = {c: sd.committee(c) for c in ("yusuan", "jiansi", "fagong", "jkwws", "chjzw", "shjsw")}
    plan = sd.plan(today.year, f"江澜市人大常委会{today.year}年度监督工作计划")
    reminder, steps = _ladder(plan)
    longest = max((after for after, _level in steps), default=90)

    # meetings, counted back from today so the ladder fits whatever the date
    m_audit = sd.meeting_before(today - d(longest + reminder + 50))
    m_report = sd.meeting_before(today - d(200))
    m_inspect = sd.meeting_before(today - d(150))
    m_inquiry = sd.meeting_before(today - d(120))
    m_question = sd.meeting_before(today - d(60))
    m_interp = sd.meeting_before(today - d(90))
    m_investigate = sd.meeting_before(today - d(30))
    m_latest = sd.meeting_before(today)
    ahead = sd.later_this_year(3)
    earliest = min(m_audit, m_report, m_inspect) - d(80)
    adopted = min(dt.date(today.year - 1, 12, 18), earliest)

    audit = sd.item(
        plan,
        Form.AUDIT,
        f"关于{today.year - 1}年度市级预算执行和其他财政收支的审计工作报告",
        gov,
        com["yusuan"],
        m_audit,
        "听取和审议审计工作报告，跟踪审计查出问题整改。",
    )
    report = sd.item(
        plan,
        Form.WORK_REPORT,
        "关于整治群众身边不正之风和腐败问题工作情况的报告",
        jianwei,
        com["jiansi"],
        m_report,
        "听取和审议市监察委员会专项工作报告。",
    )
    inspection = sd.item(
        plan,
        Form.INSPECTION,
        "《中华人民共和国道路交通安全法》执法检查",
        dep["gaj"],
        com["fagong"],
        m_inspect,
        "检查道路交通安全法的实施情况。",
    )
    inquiry = sd.item(
        plan,
        Form.THEMATIC_INQUIRY,
        "关于基层医疗卫生服务能力建设情况的专题询问",
        dep["wjw"],
        com["jkwws"],
        m_inquiry,
        "结合审议专项工作报告开展专题询问。",
    )
    question = sd.item(plan, Form.QUESTION, "关于未成年人检察工作的询问", procur, com["jiansi"], m_question)
    interp = sd.item(
        plan, Form.INTERPELLATION, "关于老旧小区改造工程质量问题的质询案", dep["zjj"], com["chjzw"], m_interp
    )
    investigate = sd.item(
        plan,
        Form.INVESTIGATION,
        "关于城区内涝防治资金使用情况的特定问题调查",
        gov,
        com["yusuan"],
        m_investigate,
    )
    court_vote = sd.item(
        plan, Form.SATISFACTION, "对市中级人民法院审判执行工作的满意度测评", court, com["jiansi"], m_latest
    )
    accounts = sd.item(
        plan, Form.BUDGET, f"关于{today.year - 1}年度市级决算草案的报告", dep["czj"], com["yusuan"], m_inspect
    )
    property_law = sd.item(
        plan,
        Form.INSPECTION,
        "《江澜市物业管理条例》执法检查",
        dep["zjj"],
        com["chjzw"],
        ahead[0],
        "检查物业管理条例的实施情况。",
    )
    planned = [
        sd.item(
            plan,
            Form.WORK_REPORT,
            "关于义务教育优质均衡发展工作情况的报告",
            dep["jyj"],
            com["jkwws"],
            ahead[0],
            "听取和审议市人民政府专项工作报告。",
        ),
        sd.item(plan, Form.WORK_REPORT, "关于刑事诉讼监督工作情况的报告", procur, com["jiansi"], ahead[1]),
        sd.item(
            plan,
            Form.FILING_REVIEW,
            f"{today.year}年规范性文件备案审查工作情况",
            dep["sfj"],
            com["fagong"],
            ahead[2] or ahead[0],
        ),
    ]
    sd.adopt(plan, adopted)
    del planned  # in the plan, nothing done yet

    # the audit work report: rectification tasks in every state and on every step of the ladder
    sd.heard(
        audit,
        m_audit,
        "审计查出问题二十一项，涉及预算管理、专项资金、政府投资项目和国有资产。",
        submitted=m_audit - d(10),
    )
    sd.opinion(audit, m_audit + d(5), "一、对审计查出问题实行清单化整改；二、对整改不力的单位严肃问责。")
    assigned = m_audit + d(12)
    t = sd.task(audit, "部分专项资金结转结余未及时收回", "funds", dep["czj"], assigned, today - d(40))
    sd.done(t, today - d(70), today - d(50), "收回结转结余资金并统筹使用，完善清理机制。")
    t = sd.task(audit, "政府投资项目竣工决算滞后", "funds", gov, assigned, today - d(5))
    sd.progress(t, today - d(40), "已完成十二个项目的竣工决算。", 70)
    if sd.submit(t, today - d(12), "全部项目完成竣工决算审计。"):
        sd.verify(t, today - d(6), "资料齐全，整改到位。")  # verified, not yet closed
    t = sd.task(audit, "部分政府投资项目超概算", "funds", gov, assigned, today + d(45))
    sd.progress(t, today - d(10), "已对超概算项目逐一核查，制定分类整改方案。", 40)
    t = sd.task(audit, "学生营养改善计划资金管理不规范", "funds", dep["jyj"], assigned, today + d(30))
    sd.progress(t, today - d(20), "已对全市学校开展资金专项检查。", 60)
    sd.submit(t, today - d(3), "完善资金管理办法，问题资金全部整改。")  # awaiting verification
    t = sd.task(
        audit,
        "公立医院大型设备采购论证不充分",
        "governance",
        dep["wjw"],
        assigned,
        today + d(45),
        [("制定设备采购论证办法", today - d(10))],
    )
    sd.progress(t, today - d(10), "设备采购论证办法已印发。", 50, milestones=True)  # rectifying
    t = sd.task(audit, "保障性住房分配管理不规范", "services", dep["zjj"], assigned, today - d(20))
    sd.extend(t, today - d(25), max(today + d(40), sd.clock + d(1)), "涉及住户较多，需逐户核查。")
    sd.progress(t, today - d(15), "已完成七成住户的核查。", 70)
    t = sd.task(audit, "养老服务补贴发放不及时", "services", dep["mzj"], assigned, today + d(20))
    sd.progress(t, today - d(35), "已补发拖欠补贴。", 80)
    if sd.submit(t, today - d(30), "补贴全部发放到位。"):
        sd.verify(t, today - d(28), "部分区县仍有拖欠，退回继续整改。", passed=False)
    # one task on each step of the ladder: the reminder, then each step's day count plus nine
    ladder_units = ("rsj", "sthjj", "zrzyj", "yjj", "sfj")
    ladder_problems = (
        ("就业补助资金审核把关不严", "funds"),
        ("污水处理厂提标改造进度滞后", "environment"),
        ("闲置土地处置不到位", "governance"),
        ("安全生产专项资金使用效益不高", "safety"),
        ("法律援助经费结余较大", "funds"),
    )
    deadlines = [today + d(max(1, min(3, reminder - 1)))] + [today - d(after + 9) for after, _level in steps]
    for (problem, ptype), code, deadline in zip(ladder_problems, ladder_units, deadlines, strict=False):
        sd.task(audit, problem, ptype, dep[code], assigned, deadline)  # open, nothing reported

    # the 监察委员会's special work report: the whole loop this year, accepted
    sd.heard(
        report,
        m_report,
        "审议认为专项整治成效明显，群众反映强烈的问题得到有效解决。",
        submitted=m_report - d(10),
    )
    sd.opinion(report, m_report + d(6), "一、持续深化专项整治；二、健全长效机制；三、加强监察队伍建设。")
    t = sd.task(
        report, "部分乡镇“三资”管理问题整改不彻底", "governance", jianwei, m_report + d(10), m_report + d(80)
    )
    sd.done(t, m_report + d(30), m_report + d(60), "督促乡镇完成“三资”清理，建立定期公开制度。")
    sd.report(report, m_report + d(70), "市监察委员会关于专项工作报告审议意见研究处理情况的报告。")
    on = sd.meeting_after(m_report + d(70))
    sd.vote(report, on, "对市监察委员会研究处理审议意见情况的满意度测评", 0.84, (7, 2, 1))
    sd.close(report, on, "满意度测评结果为满意，监督闭环。")
    sd.publish(report)

    # an inspection whose vote missed its quorum: it decided nothing, the item stays "reported"
    for name, role in (
        ("常委会副主任", "leader"),
        ("法制委员会委员", "member"),
        ("法制工作委员会干部", "staff"),
    ):
        sd.s.team_member_add(item=inspection, name=name, role=role, acting_user=SYSTEM)
    sd.s.item_start(item=inspection, acting_user=SYSTEM)
    for kind, day, place, text in (
        ("plan", m_inspect - d(60), "", "制定执法检查方案。"),
        ("visit", m_inspect - d(35), "澜东区、鹭洲区", "检查交通事故多发路段和电动自行车管理。"),
        ("forum", m_inspect - d(34), "市公安局", "召开部门和代表座谈会。"),
    ):
        sd.s.activity_record(
            item=inspection, kind=kind, date=day, place=place, summary=text, acting_user=SYSTEM
        )
    sd.s.report_submit(item=inspection, submitted_on=m_inspect - d(8), acting_user=SYSTEM)  # two days late
    sd.s.item_deliberate(
        item=inspection,
        deliberated_on=m_inspect,
        findings="执法检查报告：电动自行车管理和农村道路交通安全仍是薄弱环节。",
        acting_user=SYSTEM,
    )
    sd.opinion(inspection, m_inspect + d(5), "一、加强电动自行车全链条管理；二、完善农村道路安全设施。")
    sd.report(
        inspection, m_inspect + d(80), "市人民政府关于道路交通安全法执法检查审议意见研究处理情况的报告。"
    )
    sd.vote(
        inspection,
        sd.meeting_after(m_inspect + d(80)),
        "对道路交通安全法执法检查审议意见研究处理情况的满意度测评",
        0,
        (1, 1, 1),
    )
    sd.publish(inspection)

    # a thematic inquiry: the vote was not satisfied, the body reports again
    sd.s.item_start(item=inquiry, acting_user=SYSTEM)
    for asker, q, a, official in (
        (
            "常委会委员",
            "基层医疗机构人才流失的原因和对策是什么？",
            "实施县管乡用，提高基层待遇。",
            "市卫生健康委员会主任",
        ),
        ("市人大代表", "家庭医生签约服务如何做实？", "推行签约服务包，加强考核。", "市卫生健康委员会副主任"),
    ):
        sd.s.question_record(
            item=inquiry,
            asker=asker,
            question=q,
            answer=a,
            official=official,
            asked_on=m_inquiry,
            acting_user=SYSTEM,
        )
    sd.s.item_deliberate(
        item=inquiry, deliberated_on=m_inquiry, findings="基层医疗卫生服务能力仍然薄弱。", acting_user=SYSTEM
    )
    sd.opinion(inquiry, m_inquiry + d(5), "一、加强基层卫生人才队伍建设；二、提升家庭医生签约服务质量。")
    sd.report(inquiry, m_inquiry + d(60), "市卫生健康委员会关于专题询问审议意见研究处理情况的报告。")
    sd.vote(
        inquiry,
        sd.meeting_after(m_inquiry + d(60)),
        "对基层医疗卫生服务能力建设研究处理情况的满意度测评",
        0.78,
        (2, 3, 7),
    )
    sd.publish(inquiry)

    # questions to the procuratorate, answered at the meeting
    sd.s.item_start(item=question, acting_user=SYSTEM)
    sd.s.question_record(
        item=question,
        asker="常委会委员",
        question="未成年人强制报告制度落实情况如何？",
        answer="已建立强制报告线索移送机制。",
        official="市人民检察院副检察长",
        asked_on=m_question,
        acting_user=SYSTEM,
    )
    sd.s.item_deliberate(
        item=question, deliberated_on=m_question, findings="询问情况良好。", acting_user=SYSTEM
    )
    sd.close(question, m_question + d(1), "市人民检察院已当场答复询问。")
    sd.publish(question)

    # a formal inquiry: signed by members in person, answered twice
    members = sc_members(sd.term, m_interp)
    accounts_of = {u.person_id: u for u in User.objects.filter(person_id__in=[x.person_id for x in members])}
    signers = [(x, accounts_of[x.person_id]) for x in members if x.person_id in accounts_of][:6]
    for membership, user in signers:
        sd.s.interpellation_sign(item=interp, membership=membership, acting_user=user)
    if len(signers) >= sd.s.item_rules(interp).integer("supervision.inquiry_signer_threshold"):
        sd.s.item_start(item=interp, acting_user=SYSTEM)
        first = sd.s.interpellation_answer(
            item=interp,
            mode="written",
            official="市住房和城乡建设局局长",
            content="书面答复：已对问题小区开展排查。",
            answered_on=m_interp,
            acting_user=SYSTEM,
        )
        for membership, user in signers[: len(signers) // 2 + 1]:
            sd.s.answer_mark_dissatisfied(answer=first, membership=membership, acting_user=user)
        second = sd.meeting_after(m_interp)
        sd.s.interpellation_answer(
            item=interp,
            mode="oral",
            official="市人民政府副市长",
            content="口头答复：对施工单位追责，全面返修问题工程。",
            answered_on=second,
            acting_user=SYSTEM,
        )
        sd.s.item_deliberate(
            item=interp, deliberated_on=second, findings="质询案经再次答复。", acting_user=SYSTEM
        )
        sd.close(interp, second, "提案人对再次答复表示满意。")
        sd.publish(interp)

    # an investigation of a specific question, ending in a resolution not yet due
    for name, role in (("常委会副主任", "leader"), ("预算工作委员会干部", "staff")):
        sd.s.team_member_add(item=investigate, name=name, role=role, acting_user=SYSTEM)
    sd.s.item_start(item=investigate, acting_user=SYSTEM)
    sd.s.activity_record(
        item=investigate,
        kind="visit",
        date=m_investigate - d(40),
        place="澜西区",
        summary="调阅内涝防治项目资金台账。",
        acting_user=SYSTEM,
    )
    sd.s.item_deliberate(
        item=investigate,
        deliberated_on=m_investigate,
        findings="调查报告：部分资金被挤占挪用。",
        acting_user=SYSTEM,
    )
    sd.s.resolution_adopt(
        item=investigate,
        text="关于城区内涝防治资金使用情况调查报告的决议",
        adopted_on=m_investigate,
        due=m_investigate + d(120),
        acting_user=SYSTEM,
    )
    sd.publish(investigate)

    # a satisfaction vote as an item of its own (the court's work), accepted
    sd.heard(court_vote, m_latest, "听取市中级人民法院审判执行工作情况的报告。")
    sd.vote(court_vote, m_latest, "对市中级人民法院审判执行工作的满意度测评", 0.89, (8, 2, 1))
    sd.close(court_vote, m_latest, "满意度测评结果为满意。")
    sd.publish(court_vote)

    # final accounts approved, the resolution's execution reported
    sd.heard(accounts, m_inspect, f"{today.year - 1}年度市级决算草案总体良好。", submitted=m_inspect - d(11))
    res = sd.s.resolution_adopt(
        item=accounts,
        text=f"关于批准{today.year - 1}年度市级决算的决议",
        adopted_on=m_inspect,
        due=m_inspect + d(90),
        acting_user=SYSTEM,
    )
    sd.s.resolution_report(resolution=res, reported_on=min(today, m_inspect + d(60)), acting_user=SYSTEM)
    sd.close(accounts, min(today, m_inspect + d(60)), "决算已批准，决议执行情况已报告。")
    sd.publish(accounts)

    # an inspection under way: team and first activities, the meeting still ahead
    sd.s.team_member_add(item=property_law, name="常委会副主任", role="leader", acting_user=SYSTEM)
    sd.s.item_start(item=property_law, acting_user=SYSTEM)
    sd.s.activity_record(
        item=property_law, kind="plan", date=today - d(20), summary="制定执法检查方案。", acting_user=SYSTEM
    )

    sd.scan((reminder, steps))


def delete_supervision(terms: list[Term]) -> Counter[str]:
    """Delete the supervision plans of ``terms`` with their items, tasks and votes (``--reset``):
    the tasks' to-dos, then items (their tasks, votes and ballots go with them), then the plans."""
    from lvzhi.supervision.models import RectificationTask, SupervisionItem, SupervisionPlan

    counts: Counter[str] = Counter()
    plans = SupervisionPlan.objects.filter(term__in=terms)
    items = SupervisionItem.objects.filter(plan__in=plans)
    task_ids = [
        str(pk) for pk in RectificationTask.objects.filter(item__in=items).values_list("pk", flat=True)
    ]
    if task_ids:
        ct = ContentType.objects.get_for_model(RectificationTask)
        counts["supervision to-dos"] = Todo.objects.filter(source_type=ct, source_id__in=task_ids).delete()[0]
    counts["supervision items"] = items.delete()[0]
    counts["supervision plans"] = plans.delete()[0]
    return counts
