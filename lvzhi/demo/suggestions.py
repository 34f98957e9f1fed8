"""Suggestion history of the demo city: several years of deputies' suggestions in every
state, with assignments, replies, ratings, re-handling and commitments, so that dashboards,
the recommender and the benchmarks have realistic data. Texts come from the seeded synthetic
generator (``lvzhi.suggestions.engines.synthetic``); everything is fictional.

Bulk-written for speed (20,000 items in seconds) with one audit entry per suggestion.
Deterministic for a seed and a ``today``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from lvzhi.core.audit import AuditEntry, audit_record_many
from lvzhi.core.models import Organ, Session, SessionBody, Term
from lvzhi.core.selectors import current_ruleset
from lvzhi.core.workdays import WorkCalendar
from lvzhi.deputies.models import Deputy, DutyKind, DutyRecord
from lvzhi.deputies.states import DeputyStatus
from lvzhi.suggestions.models import (
    Assignment,
    Channel,
    Commitment,
    Feedback,
    Reply,
    Signer,
    Suggestion,
    Topic,
)
from lvzhi.suggestions.states import (
    AssignmentMode,
    AssignmentRole,
    AssignmentStatus,
    CommitmentStatus,
    Rating,
)
from lvzhi.suggestions.states import SuggestionStatus as S

#: synthetic generator unit code → demo organ code (lvzhi/demo/places.py)
UNIT_TO_ORGAN = {
    "gov-office": "zfb",
    "gov-dev-reform": "fgw",
    "gov-edu": "jyj",
    "gov-sci-tech": "kjj",
    "gov-industry-it": "gxj",
    "gov-police": "gaj",
    "gov-civil-affairs": "mzj",
    "gov-justice": "sfj",
    "gov-finance": "czj",
    "gov-hrss": "rsj",
    "gov-natural-resources": "zrzyj",
    "gov-eco-env": "sthjj",
    "gov-housing": "zjj",
    "gov-transport": "jtj",
    "gov-water": "slj",
    "gov-agri": "nyj",
    "gov-commerce": "swj",
    "gov-culture-tourism": "wglj",
    "gov-health": "wjw",
    "gov-veterans": "tyjrj",
    "gov-emergency": "yjj",
    "gov-audit": "sjj",
    "gov-sasac": "gzw",
    "gov-market": "scjgj",
    "gov-sports": "tyj",
    "gov-stats": "tjj",
    "gov-medical-security": "ybj",
    "gov-urban-mgmt": "cgj",
    "gov-forestry": "lyj",
    "gov-data": "sjzyj",
    "gov-admin-approval": "xzspj",
    "gov-petition": "xfj",
    "gov-ethnic-religion": "mzzj",
    "gov-local-finance": "jrj",
    "gov-housing-fund": "gjj",
    "gov-fire": "yjj",
    "gov-tax": "czj",
    "gov-disabled": "mzj",
    "supervision": "jianwei",
    "court": "zhongyuan",
    "procuratorate": "jianchayuan",
    "npc-legal": "fzw",
    "npc-fin-econ": "cjw",
    "npc-edu-sci": "jkwws",
    "npc-urban-env": "chjzw",
    "npc-social": "shjsw",
    "npc-deputies": "daigong",
    "npc-office": "bangongting",
}

#: The special committee that supervises a key suggestion (重点督办) of each topic; others fall to
#: the 代表工作委员会 (``daigong``).
TOPIC_TO_COMMITTEE: dict[str, str] = {
    Topic.ECONOMY: "cjw",
    Topic.EDUCATION: "jkwws",
    Topic.HEALTH: "jkwws",
    Topic.CULTURE: "jkwws",
    Topic.TRANSPORT: "chjzw",
    Topic.HOUSING: "chjzw",
    Topic.ENVIRONMENT: "chjzw",
    Topic.URBAN: "chjzw",
    Topic.SOCIAL: "shjsw",
    Topic.EMPLOYMENT: "shjsw",
    Topic.MARKET: "cjw",
    Topic.SECURITY: "jsw",
    Topic.JUSTICE: "jsw",
    Topic.AGRICULTURE: "nynw",
}

DOMAIN_TO_TOPIC = {
    "教育": Topic.EDUCATION,
    "医疗": Topic.HEALTH,
    "交通": Topic.TRANSPORT,
    "住建": Topic.HOUSING,
    "环保": Topic.ENVIRONMENT,
    "民政": Topic.SOCIAL,
    "人社": Topic.EMPLOYMENT,
    "市场监管": Topic.MARKET,
    "城管": Topic.URBAN,
    "公安": Topic.SECURITY,
    "法院": Topic.JUSTICE,
    "检察院": Topic.JUSTICE,
    "监委": Topic.JUSTICE,
    "农业农村": Topic.AGRICULTURE,
    "文旅": Topic.CULTURE,
    "数据资源": Topic.DIGITAL,
    "人大": Topic.CONGRESS,
    "应急": Topic.SECURITY,
    "发改": Topic.ECONOMY,
    "商务": Topic.ECONOMY,
    "科技": Topic.ECONOMY,
    "残联": Topic.SOCIAL,
    "退役军人": Topic.SOCIAL,
    "水利": Topic.ENVIRONMENT,
    "园林": Topic.ENVIRONMENT,
    "自然资源": Topic.HOUSING,
    "体育": Topic.CULTURE,
}
COUNTS = {"demo": 1200, "city": 20000}
REPLY_TEXT = (
    "{unit}收到您提出的建议后高度重视，经认真研究，现答复如下：\n一、{first}\n二、下一步，我们将{next}。\n"
    "感谢您对我市{field}工作的关心和支持。"
)
FIRSTS = (
    "您反映的问题确实存在，我们已会同有关部门实地调研，制定了整改方案并已组织实施。",
    "您提出的建议已经吸收进我单位年度工作计划，相关资金已落实。",
    "受现行政策和财力所限，您提出的部分建议暂时难以实施，我们将积极创造条件。",
    "经研究，您提出的措施已在部分区县试点，效果良好，拟在全市推广。",
)
NEXTS = (
    "持续跟踪落实情况并及时向您通报",
    "加强督促检查，确保按期完成",
    "进一步完善长效机制",
    "积极争取上级支持",
)


def seed_suggestions(*, scale: str, seed: int, today: dt.date, say: Any = None) -> dict[str, int]:
    """Write the suggestion history; returns counts. Call inside the city seed's transaction."""
    from lvzhi.suggestions.engines.synthetic import generate

    rng = random.Random(f"suggestions-{seed}")
    term = Term.objects.get(is_current=True)
    version, rules = current_ruleset()
    calendar = WorkCalendar()
    organs = {o.code: o for o in Organ.objects.filter(code__in=set(UNIT_TO_ORGAN.values()))}
    supervisors = {
        o.code: o for o in Organ.objects.filter(code__in={*TOPIC_TO_COMMITTEE.values(), "daigong"})
    }
    deputies = list(Deputy.objects.filter(term=term).order_by("pk").values_list("pk", "status"))
    active = [pk for pk, status in deputies if status == DeputyStatus.ACTIVE]
    sessions = {s.start_date.year: s for s in Session.objects.filter(term=term, body=SessionBody.CONGRESS)}
    years = [y for y in range(term.start_date.year, today.year + 1)]
    items = generate(COUNTS[scale], seed=seed, years=years)
    tz = timezone.get_current_timezone()

    def at(day: dt.date, hour: int = 10) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=tz)

    suggestions: list[Suggestion] = []
    plan: list[dict[str, Any]] = []
    seq: dict[tuple[str, int], int] = {}
    for item in items:
        units = [organs[UNIT_TO_ORGAN[u]] for u in item.units if UNIT_TO_ORGAN.get(u) in organs]
        if not units:
            continue
        units = list(dict.fromkeys(units))
        session = sessions.get(item.year)
        in_session = session is not None and rng.random() < 0.6 and session.start_date <= today
        if in_session:
            assert session is not None
            submitted = session.start_date + dt.timedelta(days=rng.randrange(0, 3))
            registered = session.end_date + dt.timedelta(days=rng.randrange(1, 10))
        else:
            start = max(dt.date(item.year, 3, 1), term.start_date)
            end = min(dt.date(item.year, 12, 20), today - dt.timedelta(days=1))
            if end <= start:
                continue
            submitted = start + dt.timedelta(days=rng.randrange((end - start).days))
            registered = calendar.add_working_days(submitted, rng.randrange(0, 3))
        age = (today - submitted).days
        # how far along is it, given its age
        if age < 4:
            stage = rng.choice(["submitted", "submitted", "registered"])
        elif age < 12:
            stage = rng.choice(["registered", "assigned", "assigned"])
        elif age < 80:
            stage = rng.choice(["assigned", "assigned", "answered"])
        elif age < 120:
            stage = rng.choice(["assigned", "answered", "closed", "closed"])
        else:
            stage = "closed" if rng.random() > 0.01 else "withdrawn"
        channel = Channel.SESSION if in_session else Channel.INTERIM
        key = (channel, session.pk if in_session and session else item.year)
        seq[key] = seq.get(key, 0) + 1
        number = (
            f"{term.number}届{session.number}次会议第{seq[key]:04d}号"
            if in_session and session
            else f"{term.number}届{item.year}年闭会期间第{seq[key]:04d}号"
        )
        lead = rng.choice(active)
        status = {
            "submitted": S.SUBMITTED,
            "registered": S.REGISTERED,
            "assigned": S.ASSIGNED,
            "answered": S.ANSWERED,
            "closed": S.CLOSED,
            "withdrawn": S.WITHDRAWN,
        }[stage]
        if stage == "submitted":
            number, seq[key] = "", seq[key] - 1
        confidential = rng.random() < 0.02
        suggestions.append(
            Suggestion(
                term=term,
                channel=channel,
                session=session if in_session else None,
                title=item.title[:200],
                body=item.body,
                topic=DOMAIN_TO_TOPIC.get(item.domain, Topic.OTHER),
                lead_id=lead,
                status=status,
                confidential=confidential,
                confidential_reason="涉及个人隐私" if confidential else "",
                year=item.year,
                number=number,
                sequence=seq[key] if number else None,
                rules=version,
                submitted_at=at(submitted),
                registered_at=at(registered) if number else None,
                assign_due=calendar.add_working_days(registered, 5) if number else None,
            )
        )
        if stage in ("assigned", "answered", "closed") and rng.random() < 0.01:
            # 重点督办 is always led by a committee: the one for the topic, else 代表工作委员会
            topic = suggestions[-1].topic
            committee = supervisors.get(TOPIC_TO_COMMITTEE.get(topic, "daigong")) or supervisors.get(
                "daigong"
            )
            if committee is not None:
                suggestions[-1].is_key, suggestions[-1].key_committee = True, committee
        plan.append(
            {
                "units": units,
                "stage": stage,
                "registered": registered,
                "lead": lead,
                "cosigners": rng.sample(active, k=rng.choice([0, 0, 1, 2, 3, 5])),
            }
        )
    # Work out each item's whole history first, then write every table once (no bulk updates).
    pending_replies: list[tuple[Assignment, dict[str, Any]]] = []
    assignments: list[Assignment] = []
    stage_of: dict[int, str] = {}
    for s, p in zip(suggestions, plan, strict=True):
        if p["stage"] in ("submitted", "registered"):
            continue
        assigned_on = calendar.add_working_days(p["registered"], rng.randrange(1, 5))
        units = p["units"][:3]
        mode = (
            AssignmentMode.SOLE
            if len(units) == 1
            else rng.choice([AssignmentMode.JOINT, AssignmentMode.SEPARATE])
        )
        reply_due = calendar.add_months(assigned_on, 3, roll_to_working_day=True)
        cap = calendar.add_months(assigned_on, 6, roll_to_working_day=True)
        s.assigned_at = at(assigned_on, 15)
        last: dt.date | None = None
        for i, unit in enumerate(units):
            role = (
                AssignmentRole.SOLE
                if mode == AssignmentMode.SOLE
                else AssignmentRole.SEPARATE
                if mode == AssignmentMode.SEPARATE
                else AssignmentRole.LEAD
                if i == 0
                else AssignmentRole.CO
            )
            a = Assignment(
                suggestion=s,
                unit=unit,
                mode=mode,
                role=role,
                part="承担与本单位职责相关的部分" if role == "separate" else "",
                status=AssignmentStatus.ACTIVE,
                assigned_at=s.assigned_at,
                return_due=calendar.add_working_days(assigned_on, 5),
                reply_due=reply_due,
                reply_cap=cap,
                opinion_due=calendar.add_months(assigned_on, 1, roll_to_working_day=True)
                if role == "co"
                else None,
            )
            assignments.append(a)
            if p["stage"] in ("assigned", "withdrawn"):
                continue
            if role == AssignmentRole.CO:
                a.status = AssignmentStatus.OPINION_SENT
                a.co_opinion = "我单位同意主办单位的办理意见，并将在职责范围内积极配合落实。"
                a.co_opinion_at = at(assigned_on + dt.timedelta(days=rng.randrange(10, 30)), 11)
                continue
            late = rng.random() < 0.07
            days = rng.randrange(20, 85) if not late else rng.randrange(95, 120)
            replied_on = min(
                calendar.roll_forward(assigned_on + dt.timedelta(days=days)), today - dt.timedelta(days=1)
            )
            category = rng.choices(["A", "B", "C"], weights=[62, 28, 10])[0]
            a.status = AssignmentStatus.ANSWERED
            a.answered_at = at(replied_on, 16)
            last = max(last or replied_on, replied_on)
            pending_replies.append(
                (
                    a,
                    {
                        "round": 1,
                        "category": category,
                        "signer": rng.choice(["局长", "主任", "院长", "负责人"])
                        + " "
                        + rng.choice("王李张刘陈杨赵黄周吴")
                        + rng.choice("明华强军平国建立志文"),
                        "content": REPLY_TEXT.format(
                            unit=unit.name,
                            first=rng.choice(FIRSTS),
                            next=rng.choice(NEXTS),
                            field=s.get_topic_display(),
                        ),
                        "mode": rng.choice(["face", "face", "written"]),
                        "commitment": "列入下一年度工作计划并按期完成" if category == "B" else "",
                        "commitment_due": replied_on + dt.timedelta(days=rng.randrange(120, 540))
                        if category == "B"
                        else None,
                        "replied_at": at(replied_on, 16),
                    },
                )
            )
        if p["stage"] == "withdrawn":
            s.closed_at = s.assigned_at + dt.timedelta(days=rng.randrange(5, 40))
        if last is not None:
            s.answered_at = at(last, 17)
            s.feedback_due = calendar.add_working_days(last, 10)
            if p["stage"] == "closed":
                s.closed_at = at(min(s.feedback_due, today), 18)
            if not s.confidential and s.status in (S.ANSWERED, S.CLOSED):
                # the office publishes replied items on the portal (an explicit step after the
                # reply): two days after the answer, never later than now
                s.published_at = min(s.answered_at + dt.timedelta(days=2), timezone.now())
    suggestions = Suggestion.objects.bulk_create(suggestions, batch_size=1000)
    for s, p in zip(suggestions, plan, strict=True):
        stage_of[s.pk] = p["stage"]

    signers: list[Signer] = []
    duty: list[DutyRecord] = []
    for s, p in zip(suggestions, plan, strict=True):
        assert s.submitted_at is not None
        day = timezone.localtime(s.submitted_at).date()
        signers.append(Signer(suggestion=s, deputy_id=p["lead"], is_lead=True, confirmed_at=s.submitted_at))
        duty.append(
            DutyRecord(
                deputy_id=p["lead"],
                kind=DutyKind.SUGGESTION_LEAD,
                date=day,
                title=s.title,
                url=f"/suggestions/{s.pk}/",
                source_type="suggestions.suggestion",
                source_id=str(s.pk),
                public=not s.confidential,
            )
        )
        for c in dict.fromkeys(p["cosigners"]):
            if c != p["lead"]:
                signers.append(Signer(suggestion=s, deputy_id=c, confirmed_at=s.submitted_at))
                duty.append(
                    DutyRecord(
                        deputy_id=c,
                        kind=DutyKind.SUGGESTION_COSIGN,
                        date=day,
                        title=s.title,
                        url=f"/suggestions/{s.pk}/",
                        source_type="suggestions.suggestion",
                        source_id=str(s.pk),
                        public=not s.confidential,
                    )
                )
    Signer.objects.bulk_create(signers, batch_size=2000)
    DutyRecord.objects.bulk_create(duty, batch_size=2000, ignore_conflicts=True)
    for a in assignments:
        a.suggestion_id = a.suggestion.pk  # the suggestion got its id after the assignment was built
    assignments = Assignment.objects.bulk_create(assignments, batch_size=2000)
    replies = Reply.objects.bulk_create(
        [Reply(assignment=a, **fields) for a, fields in pending_replies], batch_size=2000
    )

    feedback: list[Feedback] = []
    commitments: list[Commitment] = []
    for r in replies:
        stage = stage_of[r.assignment.suggestion_id]
        if r.category == "B" and r.commitment_due is not None:
            delivered = r.commitment_due is not None and r.commitment_due < today and rng.random() < 0.8
            commitments.append(
                Commitment(
                    reply=r,
                    unit_id=r.assignment.unit_id,
                    content=r.commitment,
                    due=r.commitment_due,
                    status=CommitmentStatus.DELIVERED if delivered else CommitmentStatus.OPEN,
                    delivered_at=at(r.commitment_due, 12) if delivered and r.commitment_due else None,
                    progress="已按承诺完成" if delivered else "正在推进",
                )
            )
        if stage == "closed":
            rating = rng.choices(
                [Rating.SATISFIED, Rating.BASICALLY, Rating.UNSATISFIED], weights=[84, 13, 3]
            )[0]
            if rating == Rating.UNSATISFIED:
                rating = Rating.BASICALLY  # history keeps re-handled items simple: rated after re-handling
            feedback.append(
                Feedback(
                    reply=r,
                    rating=rating,
                    rated_at=r.replied_at + dt.timedelta(days=rng.randrange(2, 12)),
                    comment="" if rating == Rating.SATISFIED else "希望进一步加大落实力度。",
                )
            )
    Feedback.objects.bulk_create(feedback, batch_size=2000)
    Commitment.objects.bulk_create(commitments, batch_size=2000)
    audit_record_many(
        actor=None,
        entries=[
            AuditEntry("suggestion.seed", s, {"status": s.status, "number": s.number}) for s in suggestions
        ],
    )
    counts = {
        "suggestions": len(suggestions),
        "assignments": len(assignments),
        "replies": len(replies),
        "ratings": len(feedback),
        "commitments": len(commitments),
    }
    if say:
        say(f"  suggestions: {counts}")
    return counts
