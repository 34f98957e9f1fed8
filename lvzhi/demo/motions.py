"""Motions of the demo city (议案), all fictional, written through the motions services as the
system actor, so that the pages show each kind of visibility and every state:

* a **draft** led by the demo account ``deputy`` (when that deputy sits on the Standing
  Committee; otherwise by the first SC deputy), with three co-signers invited and one who
  confirmed — only these four see it: the office, leaders and members get "not found";
* a **submitted** motion with exactly the signers the rules profile requires — the office
  sees it with its "decide" step, members and leaders read it;
* a motion **on the agenda** (listed): public on ``/motions/public/``.

These three are addressed to the next Standing Committee meeting (the one scheduled ahead),
whose cut-off has not passed. Then :func:`seed_congress_motions` adds

* the motions of this year's congress session (人代会), past: a legislative motion referred to
  the 法制委员会, which reported (it entered this year's legislative plan, see
  :mod:`lvzhi.demo.legislation`); one converted into a suggestion; one put on the agenda and
  passed, one put on the agenda and not passed; one withdrawn with the presidium's consent;
  one whose handling ended when a co-signer withdrew below the threshold; and a Standing
  Committee motion of the last meeting referred to a committee whose report is still due;
* the **next congress session** (early next year) with its motion cut-off ahead, so that any
  serving deputy can table a motion now; the demo account ``deputy`` has one drafted with
  enough confirmed co-signers to submit it, another deputy's is already submitted.

Motions of a past session are written through the services while its cut-off is moved to
the future for a moment, then put back; their timestamps are moved to the session's days in
one update each, with a ``seed.backdate`` audit row carrying the dates. Call
:func:`seed_motions` inside the city seed's transaction, after the roster and the sessions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lvzhi.core.actors import SYSTEM
from lvzhi.core.models import Session, SessionBody, Term, User
from lvzhi.deputies.models import Deputy
from lvzhi.deputies.states import DeputyStatus

TEXTS = [
    (
        "关于制定江澜市电动自行车停放充电安全管理规定的议案",
        "老旧小区电动自行车楼道停放、飞线充电现象普遍，火灾隐患突出。",
        "建议常委会将电动自行车停放充电安全管理列入立法计划，明确物业、街道和消防部门职责。",
    ),
    (
        "关于修改江澜市城市绿化条例的议案",
        "现行条例制定于2012年，部分条款与上位法不一致。",
        "建议对条例第十二条至第二十条进行修改，增加口袋公园建设和管护的规定。",
    ),
    (
        "关于加强江澜市中小学课后服务保障的议案",
        "课后服务经费来源不稳定，教师负担较重。",
        "建议制定课后服务经费保障和教师补助办法。",
    ),
]


def seed_motions(*, today: dt.date, say: Any = None) -> dict[str, int]:
    """Write the demo motions; returns counts."""
    counts = _seed_sc_motions(today=today, say=say)
    more = seed_congress_motions(today=today, say=say)
    counts["motions"] = counts.get("motions", 0) + more.pop("motions", 0)
    counts.update(more)
    return counts


def _seed_sc_motions(*, today: dt.date, say: Any = None) -> dict[str, int]:
    """Write the three motions to the next meeting (nothing when there is no meeting ahead or
    too few Standing Committee deputies)."""
    from lvzhi.motions import services
    from lvzhi.motions.models import Motion

    term = Term.objects.filter(is_current=True).first()
    meeting = (
        Session.objects.filter(term=term, body=SessionBody.STANDING_COMMITTEE, end_date__gte=today)
        .order_by("start_date")
        .first()
    )
    sc = list(
        Deputy.objects.select_related("person")
        .filter(term=term, status=DeputyStatus.ACTIVE, is_sc_member=True)
        .order_by("code")
    )
    if term is None or meeting is None or len(sc) < 2:
        return {"motions": 0}
    demo_user = User.objects.filter(username="deputy").first()
    lead = next((d for d in sc if demo_user is not None and d.person_id == demo_user.person_id), sc[0])
    others = [d for d in sc if d.pk != lead.pk]

    def create(n: int, cosigners: list[Deputy], lead_deputy: Deputy) -> Motion:
        title, reason, proposal = TEXTS[n]
        return services.motion_create(
            session=meeting,
            lead=lead_deputy,
            title=title,
            reason=reason,
            proposal=proposal,
            is_legislative=n == 0,
            draft_outline="立法目的、主要内容和说明（略）。" if n == 0 else "",
            cosigners=cosigners,
            acting_user=SYSTEM,
        )

    def confirm(motion: Motion, deputies: list[Deputy]) -> None:
        for deputy in deputies:
            services.motion_confirm_signature(motion=motion, deputy=deputy, acting_user=SYSTEM)

    draft = create(0, others[:3], lead)
    confirm(draft, others[:1])
    counts = {"motions": 1, "motion_drafts": 1}
    tabled_lead = others[0] if others else lead
    pool = [d for d in sc if d.pk != tabled_lead.pk]
    submitted = create(1, pool, tabled_lead)
    needed = services.signer_threshold(submitted) - 1  # the lead signs already
    if len(pool) < needed:
        return counts
    confirm(submitted, pool[:needed])
    services.motion_submit(motion=submitted, acting_user=SYSTEM)
    listed = create(2, pool, tabled_lead)
    confirm(listed, pool[:needed])
    listed = services.motion_submit(motion=listed, acting_user=SYSTEM)
    services.motion_decide(motion=listed, decision="list", acting_user=SYSTEM)
    counts.update(motions=3, motions_tabled=2)
    if say is not None:
        say(f"  motions: {counts['motions']} (a draft only its authors see, one submitted, one listed)")
    return counts


# --- congress motions, past and upcoming ----------------------------------------------------------

CONGRESS_TEXTS: dict[str, tuple[str, str, str]] = {
    "reported": (
        "关于制定江澜市电动自行车管理条例的议案",
        "全市电动自行车保有量超过一百二十万辆，违规充电引发的火灾和交通事故逐年增加，现有规定层级低、处罚弱。",
        "建议制定江澜市电动自行车管理条例，对登记上牌、停放充电、通行规则和法律责任作出规定。",
    ),
    "converted": (
        "关于加快推进江澜市城区学校建设的议案",
        "城区新建住宅小区集中，配套学校建设滞后，部分学校大班额问题突出。",
        "建议市人民政府编制城区学校建设三年计划，优先保障用地和资金。",
    ),
    "passed": (
        "关于加强江澜市饮用水水源地保护工作的议案",
        "江澜水库上游仍有农家乐和养殖场，饮用水水源保护压力较大。",
        "建议大会作出决议，要求市人民政府三年内完成一级保护区内违法建设的清理整治。",
    ),
    "failed": (
        "关于设立江澜市民营企业纾困发展基金的议案",
        "部分中小民营企业融资难、融资贵。",
        "建议由市财政出资五十亿元设立纾困发展基金。",
    ),
    "withdrawn": (
        "关于建设江澜市第二水厂的议案",
        "城市东部供水能力不足，夏季高峰时段水压偏低。",
        "建议将第二水厂建设列入本年度重点工程。",
    ),
    "ended": (
        "关于在江澜市中心城区实行机动车单双号限行的议案",
        "中心城区早晚高峰交通拥堵严重。",
        "建议在工作日早晚高峰时段实行机动车单双号限行。",
    ),
    "not_listed": (
        "关于加强江澜市农村养老服务设施建设的议案",
        "农村老年人口比重高，村级养老服务设施覆盖率低。",
        "建议市人民政府加大投入，三年内实现村级互助养老服务点全覆盖。",
    ),
    "upcoming_draft": (
        "关于制定江澜市托育服务促进条例的议案",
        "全市三岁以下婴幼儿托位缺口较大，托育机构设置标准和监管规定缺失。",
        "建议制定江澜市托育服务促进条例，明确托育机构设置、从业人员资质和财政支持措施。",
    ),
    "upcoming_submitted": (
        "关于加快江澜市老旧小区加装电梯工作的议案",
        "老旧小区加装电梯审批环节多、协调难，进展缓慢。",
        "建议简化审批流程，明确财政补贴标准和业主协商规则。",
    ),
}


def _aware(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _backdate(obj: Any, **fields: Any) -> None:
    from lvzhi.core.audit import audit_record

    type(obj)._default_manager.filter(pk=obj.pk).update(**fields)
    audit_record(
        actor=SYSTEM,
        action="seed.backdate",
        obj=obj,
        changes={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()},
    )


def _next_congress_start(today: dt.date) -> dt.date:
    """The third Monday of next January (the annual session)."""
    first = dt.date(today.year + 1, 1, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7 + 14)


def upcoming_congress_session(term: Term, today: dt.date) -> Session:
    """The next annual session of the congress, with its motion cut-off (the presidium's, at
    noon of its second day) still ahead; created (with its audit row) if missing."""
    from django.db.models import Max

    from lvzhi.core.audit import audit_record
    from lvzhi.core.audit import snapshot as audit_snapshot

    from .plan import CONGRESS_VENUE

    ahead = Session.objects.filter(term=term, body=SessionBody.CONGRESS, start_date__gt=today).first()
    if ahead is not None:
        return ahead
    start = _next_congress_start(today)
    number = (
        Session.objects.filter(term=term, body=SessionBody.CONGRESS).aggregate(m=Max("number"))["m"] or 0
    ) + 1
    session = Session.objects.create(
        term=term,
        body=SessionBody.CONGRESS,
        number=number,
        start_date=start,
        end_date=start + dt.timedelta(days=3),
        venue=CONGRESS_VENUE,
        motion_cutoff=_aware(start + dt.timedelta(days=1), 12),
    )
    audit_record(
        actor=SYSTEM,
        action="session.create",
        obj=session,
        changes={
            **audit_snapshot(session, ["term", "body", "number", "start_date", "end_date", "motion_cutoff"]),
            "via": "seed",
        },
    )
    return session


def seed_congress_motions(*, today: dt.date, say: Any = None) -> dict[str, int]:
    """The congress motions (past session, every state) and the upcoming session; returns counts."""
    from lvzhi.core.models import Organ
    from lvzhi.motions import services
    from lvzhi.motions.models import Motion, MotionSigner
    from lvzhi.suggestions.models import Suggestion

    term = Term.objects.filter(is_current=True).first()
    if term is None:
        return {}
    past = (
        Session.objects.filter(term=term, body=SessionBody.CONGRESS, end_date__lt=today)
        .order_by("-start_date")
        .first()
    )
    active = list(
        Deputy.objects.select_related("person").filter(term=term, status=DeputyStatus.ACTIVE).order_by("code")
    )
    if past is None or len(active) < 200:
        return {}
    demo_user = User.objects.filter(username="deputy").first()
    demo = next(
        (d for d in active if demo_user is not None and d.person_id == demo_user.person_id), active[0]
    )
    others = [d for d in active if d.pk != demo.pk]
    committees = {o.code: o for o in Organ.objects.filter(code__in=["fzw", "cjw", "shjsw", "nynw"])}
    counts: dict[str, int] = {"motions": 0}

    def write(key: str, session: Session, lead: Deputy, cosigners: list[Deputy], confirmed: int) -> Motion:
        title, reason, proposal = CONGRESS_TEXTS[key]
        legislative = "条例" in title
        motion = services.motion_create(
            session=session,
            lead=lead,
            title=title,
            reason=reason,
            proposal=proposal,
            is_legislative=legislative,
            draft_outline="立法目的、主要制度和法律责任的说明（附条文建议稿）。" if legislative else "",
            cosigners=cosigners,
            acting_user=SYSTEM,
        )
        for deputy in cosigners[:confirmed]:
            services.motion_confirm_signature(motion=motion, deputy=deputy, acting_user=SYSTEM)
        counts["motions"] += 1
        return motion

    # 1. the past session: open its cut-off for a moment, write, put it back, move the stamps
    from django.utils import timezone

    cutoff = past.motion_cutoff
    Session.objects.filter(pk=past.pk).update(motion_cutoff=timezone.now() + dt.timedelta(hours=1))
    past.refresh_from_db()
    from lvzhi.core.selectors import current_ruleset

    rules = current_ruleset()[1]
    threshold = rules.integer("motions.congress_signer_threshold")  # the lead included
    tabled: dict[str, Motion] = {}
    for n, key in enumerate(("reported", "converted", "passed", "failed", "withdrawn", "ended")):
        lead = demo if key == "reported" else others[n * 12]
        pool = [d for d in others[n * 12 + 1 : n * 12 + 2 + threshold] if d.pk != lead.pk]
        motion = write(key, past, lead, pool[: threshold - 1], threshold - 1)
        tabled[key] = services.motion_submit(motion=motion, acting_user=SYSTEM)
    fzw = committees.get("fzw")
    services.motion_decide(motion=tabled["reported"], decision="not_list", committee=fzw, acting_user=SYSTEM)
    services.motion_report(
        motion=tabled["reported"],
        report="法制委员会经研究认为，议案提出的问题确实存在，制定电动自行车管理方面的地方性法规是必要的。"
        "经与市人民政府沟通，该项目已列入常委会本年度立法计划，由市公安局负责起草。",
        acting_user=SYSTEM,
    )
    services.motion_decide(
        motion=tabled["converted"],
        decision="convert",
        note="议案内容属于市人民政府职权范围内的具体工作，作为代表建议交市人民政府研究办理。",
        acting_user=SYSTEM,
    )
    for key, passed in (("passed", True), ("failed", False)):
        services.motion_decide(motion=tabled[key], decision="list", acting_user=SYSTEM)
        services.motion_record_vote(
            motion=tabled[key],
            passed=passed,
            note="大会全体会议表决通过。" if passed else "赞成票未超过全体代表的半数，未获通过。",
            acting_user=SYSTEM,
        )
    services.motion_withdraw(
        motion=tabled["withdrawn"],
        reason="领衔代表了解到市人民政府已将第二水厂列入年度重点工程，经主席团同意撤回。",
        acting_user=SYSTEM,
    )
    leaving = (
        MotionSigner.objects.filter(motion=tabled["ended"], is_lead=False, confirmed_at__isnull=False)
        .select_related("deputy__person")
        .first()
    )
    if leaving is not None:
        services.motion_withdraw_signature(
            motion=tabled["ended"],
            deputy=leaving.deputy,
            reason="经进一步调研，认为限行措施影响面过大。",
            acting_user=SYSTEM,
        )
    Session.objects.filter(pk=past.pk).update(motion_cutoff=cutoff)
    opened, cut = past.start_date, past.start_date + dt.timedelta(days=1)
    for motion in tabled.values():
        motion.refresh_from_db()
        stamps: dict[str, Any] = {"created_at": _aware(opened, 9), "submitted_at": _aware(cut, 10)}
        if motion.decided_at is not None:
            stamps["decided_at"] = _aware(past.end_date - dt.timedelta(days=1), 16)
        if motion.report_due is not None:
            stamps["report_due"] = past.end_date + dt.timedelta(days=90)
        if motion.reported_at is not None:
            stamps["reported_at"] = _aware(past.end_date + dt.timedelta(days=80), 15)
        if motion.voted_at is not None:
            stamps["voted_at"] = _aware(past.end_date, 11)
        if motion.withdrawn_at is not None:
            stamps["withdrawn_at"] = _aware(cut, 17)
        if motion.ended_at is not None:
            stamps["ended_at"] = _aware(cut, 18)
        _backdate(motion, **stamps)
        MotionSigner.objects.filter(motion=motion, confirmed_at__isnull=False).update(
            confirmed_at=_aware(opened, 15)
        )
        MotionSigner.objects.filter(motion=motion, withdrawn_at__isnull=False).update(
            withdrawn_at=_aware(cut, 18)
        )
        if motion.converted_suggestion_id:
            suggestion = Suggestion.objects.get(pk=motion.converted_suggestion_id)
            _backdate(suggestion, created_at=stamps["decided_at"], submitted_at=stamps["decided_at"])
    from lvzhi.deputies.models import DutyRecord

    DutyRecord.objects.filter(
        source_type="motions.motion", source_id__in=[str(m.pk) for m in tabled.values()]
    ).update(date=cut)

    # 2. a Standing Committee motion of the last meeting, referred to a committee: report due
    last = (
        Session.objects.filter(term=term, body=SessionBody.STANDING_COMMITTEE, end_date__lt=today)
        .order_by("-start_date")
        .first()
    )
    sc = [d for d in active if d.is_sc_member]
    if last is not None and len(sc) >= 6 and "shjsw" in committees:
        cutoff = last.motion_cutoff
        Session.objects.filter(pk=last.pk).update(motion_cutoff=timezone.now() + dt.timedelta(hours=1))
        last.refresh_from_db()
        motion = write("not_listed", last, sc[-1], sc[-6:-1], 5)
        motion = services.motion_submit(motion=motion, acting_user=SYSTEM)
        motion = services.motion_decide(
            motion=motion, decision="not_list", committee=committees["shjsw"], acting_user=SYSTEM
        )
        Session.objects.filter(pk=last.pk).update(motion_cutoff=cutoff)
        due = last.end_date + dt.timedelta(days=91)
        _backdate(
            motion,
            created_at=_aware(last.start_date - dt.timedelta(days=10), 9),
            submitted_at=_aware(last.start_date - dt.timedelta(days=3), 10),
            decided_at=_aware(last.start_date, 8, 30),
            report_due=max(due, today + dt.timedelta(days=1)),
        )
        MotionSigner.objects.filter(motion=motion, confirmed_at__isnull=False).update(
            confirmed_at=_aware(last.start_date - dt.timedelta(days=8), 15)
        )

    # 3. the next annual session: cut-off ahead, a draft ready to table and one submitted
    upcoming = upcoming_congress_session(term, today)
    counts["congress_sessions_ahead"] = 1
    draft = write("upcoming_draft", upcoming, demo, others[100 : 100 + threshold], threshold - 1)
    counts["motion_drafts"] = counts.get("motion_drafts", 0) + 1
    del draft
    submitted = write("upcoming_submitted", upcoming, others[150], others[151 : 151 + threshold], threshold)
    services.motion_submit(motion=submitted, acting_user=SYSTEM)
    states = Motion.objects.filter(term=term).values("status").distinct().count()
    counts["motion_states"] = states
    if say is not None:
        say(
            f"  congress motions: {counts['motions']} (session {past.number}: every state; "
            f"session {upcoming.number} ahead, cut-off {upcoming.motion_cutoff:%Y-%m-%d %H:%M})"
        )
    return counts
