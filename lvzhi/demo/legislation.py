"""Local legislation of the demo city, all fictional, written through the legislation services.

What a newcomer in the 法制工作委员会 finds (the texts come from :mod:`lvzhi.demo.lawtexts`):

* the **five-year legislative programme** 2022—2026 and **this year's plan**, both adopted,
  with project proposals from a government department, a deputies' motion, a deputy's
  suggestion, a special committee and the public — accepted, one rejected with its reasons,
  one assessed and waiting for the decision, one waiting for its assessment;
* **regulations in force on the portal**, enacted by the 16th Standing Committee since 2022,
  each bill with two readings, a public consultation window, the 法制委员会's unified review,
  attendance and a vote with every member's ballot at its meeting, the province's approval,
  promulgation by announcement and filing; three of them amended (one twice), so that the
  portal shows their 修改前后对照表; the latest one promulgated and not yet filed, in force
  from the first of next year;
* **bills of this year in every state**: in drafting; tabled and on the next meeting's
  agenda; read with its consultation **open** (the e-bike bill of
  :mod:`lvzhi.demo.consultation`, which owns the consultation); read, consultation closed,
  unified review recorded and the second reading scheduled (the waste-sorting bill of the
  same module); passed and awaiting the provincial approval; shelved after two readings; a
  bill withdrawn by the government; one whose deliberation ended two years after shelving.

The services refuse dates after the real today and stamp their own rows with "now"; the
seed — the one writer allowed to place history in the past — then moves each object's
timestamps back to its demo dates in one update and appends one ``seed.backdate`` audit row
with those dates, so the audit log carries them too. Every done step lies on or before
``today`` (which must not be after the real date) and after the step before it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext

from lvzhi.core.actors import SYSTEM
from lvzhi.core.audit import audit_record
from lvzhi.core.models import Organ, OrganMembership, Session, Term, User

from . import lawtexts as L
from . import places as P

ENACTING_BODY = "江澜市人民代表大会常务委员会"
PROVINCE = "省人民代表大会常务委员会"
#: held Standing Committee meetings the schedule needs (the 16th term has 30 by late 2026)
MEETINGS_NEEDED = 30


def _aware(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _first_of_month_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months + 1
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


# (topic, department code drafting it, reading meetings as indexes of the 16th term's held
# meetings, amendments as (amendment, meeting index))
ENACTED: tuple[tuple[L.Topic, str, tuple[int, int], tuple[tuple[L.Amendment, int], ...]], ...] = (
    (L.DOGS, "gaj", (2, 3), ((L.DOGS_2024, 16), (L.DOGS_2026, 25))),
    (L.GREENING, "cgj", (3, 4), ((L.GREENING_2024, 15),)),
    (L.CIVILITY, "zfb", (4, 5), ()),
    (L.WETLANDS, "lyj", (5, 6), ()),
    (L.FIREWORKS, "gaj", (7, 8), ()),
    (L.DATA, "sjzyj", (9, 10), ()),
    (L.FITNESS, "tyj", (11, 12), ()),
    (L.WATER, "sthjj", (13, 14), ()),
    (L.PARKING, "gaj", (14, 15), ((L.PARKING_2025, 21),)),
    (L.ARCHIVES, "zfb", (17, 18), ()),
    (L.BUSINESS, "fgw", (27, 28), ()),
)


class _Seeder:
    def __init__(
        self, *, today: dt.date, term: Term, office: User, held: list[Session], ahead: Session | None
    ):
        from lvzhi.legislation.selectors import law_committee

        self.today = today
        self.term = term
        self.office = office
        self.held = held
        self.ahead = ahead
        self.organs = {o.code: o for o in Organ.objects.all()}
        self.government = self.organs[P.GOVERNMENT]
        self.law_committee = law_committee()
        self.present: dict[int, list[OrganMembership]] = {}
        self.serving: dict[int, list[OrganMembership]] = {}
        self.announcements = 0
        self.counts: Counter[str] = Counter()

    # helpers ---------------------------------------------------------------------------------
    def meeting(self, index: int) -> Session:
        """The ``index``-th held meeting of the schedule (0: the first of the term)."""
        return self.held[index - MEETINGS_NEEDED]

    def backdate(self, obj: Model, **fields: Any) -> None:
        """Move the service's "now" stamps of ``obj`` to its demo dates; one audit row says so."""
        type(obj)._default_manager.filter(pk=obj.pk).update(**fields)
        audit_record(
            actor=SYSTEM,
            action="seed.backdate",
            obj=obj,
            changes={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()},
        )

    def cap(self, day: dt.date) -> dt.date:
        return min(day, self.today)

    def attend(self, session: Session) -> list[OrganMembership]:
        """Record the attendance of ``session`` once: all members but two to four (the chair
        always attends). Written in one ``bulk_create`` with the audit row the service writes
        (``attendance_record`` does one ``update_or_create`` per member: too slow for thirty
        meetings), after the same checks."""
        from lvzhi.legislation.models import Attendance
        from lvzhi.legislation.services import check_done_on

        if session.pk not in self.present:
            check_done_on(session.start_date, field="session", what=gettext("The attendance at this meeting"))
            members = self.members(session)
            absent = {(session.number * 7 + k * 11) % len(members) for k in range(2 + session.number % 3)}
            present = [m for i, m in enumerate(members) if i not in absent or m.position == "chair"]
            chosen = {m.pk for m in present}
            Attendance.objects.filter(session=session).delete()
            Attendance.objects.bulk_create(
                [Attendance(session=session, membership=m, present=m.pk in chosen) for m in members]
            )
            audit_record(
                actor=self.office,
                action="legislation.attendance.record",
                obj=session,
                changes={"present": len(chosen), "members": len(members), "via": "seed"},
            )
            self.present[session.pk] = present
            self.counts["legislation_attendance_meetings"] += 1
        return self.present[session.pk]

    def members(self, session: Session) -> list[OrganMembership]:
        from lvzhi.legislation.selectors import sc_memberships

        if session.pk not in self.serving:
            self.serving[session.pk] = sc_memberships(self.term.pk, session.start_date)
        return self.serving[session.pk]

    # proposals and plans ---------------------------------------------------------------------
    def plan(self, *, kind: str, title: str, adopted_on: dt.date, **years: Any) -> Any:
        from lvzhi.legislation import services

        plan = services.plan_create(kind=kind, title=title, term=self.term, acting_user=self.office, **years)
        plan = services.plan_adopt(plan=plan, adopted_on=adopted_on, acting_user=self.office)
        self.backdate(plan, created_at=_aware(adopted_on - dt.timedelta(days=40)))
        self.counts["legislative_plans"] += 1
        return plan

    def proposal(
        self,
        *,
        title: str,
        source: str,
        summary: str,
        created: dt.date,
        plan: Any = None,
        decided: dt.date | None = None,
        category: str = "formal",
        drafting: str = "",
        feasibility: str = "feasible",
        assess: bool = True,
        reject: str = "",
        kind: str = "enact",
        regulation: Any = None,
        **origin: Any,
    ) -> Any:
        from lvzhi.legislation import services

        proposal = services.proposal_create(
            title=title,
            source=source,
            summary=summary,
            kind=kind,
            regulation=regulation,
            # the platform links the suggestion: the 法工委's account may not see every suggestion
            acting_user=SYSTEM if source == "deputy_suggestion" else self.office,
            **origin,
        )
        stamps: dict[str, Any] = {"created_at": _aware(created)}
        if assess:
            services.proposal_assess(
                proposal=proposal,
                feasibility=feasibility,
                priority="high" if category == "formal" else "normal",
                note="经论证，立法条件" + ("成熟。" if feasibility == "feasible" else "尚需进一步研究。"),
                acting_user=self.office,
            )
            assessed = created + dt.timedelta(days=20)
            if decided is not None:  # assessed before the decision
                assessed = max(created, min(assessed, decided - dt.timedelta(days=1)))
            stamps["assessed_at"] = _aware(self.cap(assessed), 15)
        if reject:
            services.proposal_reject(proposal=proposal, reason=reject, acting_user=self.office)
            stamps["decided_at"] = _aware(decided or created + dt.timedelta(days=40), 16)
        elif plan is not None:
            unit = self.organs.get(drafting) if drafting else None
            services.proposal_accept(
                proposal=proposal,
                plan=plan,
                category=category,
                drafting_unit=unit,
                planned_proposer=self.government,
                note="列入立法规划。" if plan.kind == "five_year" else "列入年度立法计划。",
                acting_user=self.office,
            )
            assert decided is not None
            stamps["decided_at"] = _aware(decided, 16)
        self.backdate(proposal, **stamps)
        if "decided_at" in stamps and proposal.motion_id:
            from lvzhi.deputies.models import DutyRecord

            DutyRecord.objects.filter(
                source_type="legislation.projectproposal", source_id=str(proposal.pk)
            ).update(date=stamps["decided_at"].date())
        self.counts["legislation_proposals"] += 1
        proposal.refresh_from_db()
        return proposal

    # bills ------------------------------------------------------------------------------------
    def table(
        self,
        *,
        title: str,
        text: str,
        explanation: str,
        drafting: str,
        submitted_on: dt.date | None,
        project: Any = None,
        kind: str = "enact",
        regulation: Any = None,
    ) -> Any:
        """Open a government bill (and table it on ``submitted_on`` unless None)."""
        from lvzhi.legislation import services

        bill = services.bill_create(
            title=title,
            proposer_kind="government",
            proposer_organ=self.government,
            drafting_unit=self.organs[drafting],
            kind=kind,
            regulation=regulation,
            project=project,
            term=self.term,
            explanation=explanation,
            text=text,
            acting_user=self.office,
        )
        created = (submitted_on or self.today) - dt.timedelta(days=14)
        if submitted_on is not None:
            services.bill_submit(bill=bill, acting_user=self.office)
            self.backdate(bill, created_at=_aware(created), submitted_at=_aware(submitted_on))
        else:
            self.backdate(bill, created_at=_aware(created))
        bill.versions.filter(number=1).update(created_at=_aware(created))
        self.counts["bills"] += 1
        bill.refresh_from_db()
        return bill

    def read(self, bill: Any, session: Session, *, consult: bool = False) -> Any:
        from lvzhi.legislation import services

        reading = services.reading_schedule(bill=bill, session=session, acting_user=self.office)
        services.reading_hold(reading=reading, held_on=session.end_date, acting_user=self.office)
        self.attend(session)
        if consult:
            start = session.end_date + dt.timedelta(days=7)
            services.consultation_set(
                bill=bill, start=start, end=start + dt.timedelta(days=30), acting_user=self.office
            )
        bill.refresh_from_db()
        return reading

    def review(
        self, bill: Any, *, on: dt.date, text: str, unadopted: Sequence[tuple[str, str, str]] = ()
    ) -> None:
        from lvzhi.legislation import services
        from lvzhi.legislation.models import BillVersion

        last = BillVersion.objects.filter(bill=bill).order_by("-number").first()
        if last is not None and last.text.strip() == text.strip():
            version = last  # reviewed without changes (a short amendment): no new text to save
        else:
            version = services.bill_add_version(
                bill=bill, text=text, note="根据审议意见和公开征求的意见修改", acting_user=self.office
            )
        rows = [(self.organs[code], opinion, reason) for code, opinion, reason in unadopted]
        review = services.review_record(
            bill=bill,
            report=f"法制委员会根据常委会组成人员的审议意见和各方面的意见，对{bill.title}进行了统一审议，"
            "提出了草案修改稿，建议本次常委会会议审议通过。",
            unadopted=rows,
            all_adopted=not rows,
            version=version,
            acting_user=self.office,
        )
        self.backdate(review, recorded_at=_aware(on, 15))
        if version is not last:
            version.__class__._default_manager.filter(pk=version.pk).update(created_at=_aware(on, 11))

    def vote(self, bill: Any, session: Session, *, no: int = 1, abstain: int = 2) -> Any:
        from lvzhi.legislation import services
        from lvzhi.legislation.models import Ballot

        present = self.attend(session)
        vote = services.vote_open(bill=bill, session=session, acting_user=self.office)
        voters = present[:-1]  # the last member present did not press a button
        last = len(voters)
        choices = [
            (m, "no" if i >= last - no else "abstain" if i >= last - no - abstain else "yes")
            for i, m in enumerate(voters)
        ]
        # the electronic voting system's result, as ``ballots_record`` stores it (one
        # ``ballot_cast`` per member, each with its audit row, is too slow for sixteen votes):
        # one bulk insert and one audit row listing every member's choice
        Ballot.objects.bulk_create(
            [Ballot(vote=vote, membership=m, choice=c, recorded_by=self.office) for m, c in choices]
        )
        audit_record(
            actor=self.office,
            action="legislation.vote.ballots",
            obj=vote,
            changes={"ballots": {str(m.pk): c for m, c in choices}, "in_person": False, "via": "seed"},
        )
        vote = services.vote_close(vote=vote, on=session.end_date, acting_user=self.office)
        self.backdate(
            vote, opened_at=_aware(session.end_date, 9, 30), closed_at=_aware(session.end_date, 9, 45)
        )
        self.counts["legislation_votes"] += 1
        self.counts["legislation_ballots"] += len(choices)
        bill.refresh_from_db()
        return vote

    def approve_and_promulgate(
        self, bill: Any, *, approve_after: int = 70, commencement: dt.date | None = None, file: bool = True
    ) -> Any:
        from lvzhi.legislation import services

        assert bill.passed_on is not None
        submitted = self.cap(bill.passed_on + dt.timedelta(days=10))
        services.approval_submit(bill=bill, submitted_on=submitted, acting_user=self.office)
        approved = self.cap(submitted + dt.timedelta(days=approve_after))
        services.approval_record(
            bill=bill,
            approved_on=approved,
            approving_body=PROVINCE,
            note=f"经{PROVINCE}会议审查批准。",
            acting_user=self.office,
        )
        promulgated = self.cap(approved + dt.timedelta(days=5))
        self.announcements += 1
        version = services.bill_promulgate(
            bill=bill,
            announcement_number=f"{ENACTING_BODY}公告（第{promulgated.year % 100}—{self.announcements}号）",
            promulgated_on=promulgated,
            commencement_on=commencement or _first_of_month_after(promulgated, 2),
            enacting_body=ENACTING_BODY,
            acting_user=self.office,
        )
        if file:
            services.filing_record(
                bill=bill,
                filed_on=self.cap(promulgated + dt.timedelta(days=9)),
                filed_with="全国人民代表大会常务委员会、国务院",
                acting_user=self.office,
            )
        version.__class__._default_manager.filter(pk=version.pk).update(created_at=_aware(promulgated, 9))
        if version.number == 1:
            self.backdate(version.regulation, created_at=_aware(promulgated, 9))
        self.counts["regulation_versions"] += 1
        bill.refresh_from_db()
        return version

    # the scenario -----------------------------------------------------------------------------
    def run(self) -> None:
        self.history()
        self.this_year()

    def history(self) -> None:
        """The five-year programme and the regulations enacted (and amended) under it."""
        from lvzhi.legislation.models import Regulation

        first = self.meeting(1)
        five = self.plan(
            kind="five_year",
            title="江澜市人大常委会2022—2026年立法规划",
            adopted_on=first.end_date + dt.timedelta(days=7),
            start_year=2022,
            end_year=2026,
        )
        self.five_year = five
        for topic, drafting, (r1, r2), amendments in ENACTED:
            m1, m2 = self.meeting(r1), self.meeting(r2)
            planned = first.end_date + dt.timedelta(days=7)
            proposal = self.proposal(
                title=f"制定{topic.title}",
                source="department",
                proposer_organ=self.organs[drafting],
                summary=f"{topic.purpose}，有必要制定地方性法规。主要内容包括管理体制、主要制度和法律责任。",
                created=planned - dt.timedelta(days=60),
                plan=five,
                decided=planned,
                drafting=drafting,
            )
            commencement = _first_of_month_after(m2.end_date, 4)
            if topic is L.BUSINESS:
                commencement = dt.date(self.today.year + 1, 1, 1)
            bill = self.table(
                title=f"{topic.title}（草案）",
                text=L.regulation_text(topic, commencement=commencement),
                explanation=f"关于《{topic.title}（草案）》的说明：{topic.purpose}，市人民政府提请审议本草案。",
                drafting=drafting,
                submitted_on=m1.start_date - dt.timedelta(days=35),
                project=proposal,
            )
            self.read(bill, m1, consult=True)
            self.review(
                bill,
                on=m2.start_date - dt.timedelta(days=7),
                text=L.regulation_text(topic, commencement=commencement, revised=True),
                unadopted=(
                    (("cjw", "建议提高罚款数额。", "现行罚款幅度与上位法规定相衔接，暂不调整。"),)
                    if topic is L.PARKING
                    else ()
                ),
            )
            self.read(bill, m2)
            self.vote(bill, m2)
            latest = topic is L.BUSINESS
            self.approve_and_promulgate(
                bill, commencement=commencement, approve_after=65 if latest else 70, file=not latest
            )
            current = topic
            for amendment, index in amendments:
                meeting = self.meeting(index)
                regulation = Regulation.objects.get(title=topic.title)
                current = L.amended(current, amendment)
                text = L.regulation_text(current, commencement=commencement, revised=True)
                bill = self.table(
                    title=f"关于修改《{topic.title}》的决定（草案）",
                    text=text,
                    explanation=f"关于修改《{topic.title}》的决定（草案）的说明：根据上位法的修改和执法检查中发现的问题，"
                    "对条例部分条款作出修改。",
                    drafting=drafting,
                    submitted_on=meeting.start_date - dt.timedelta(days=30),
                    kind="amend",
                    regulation=regulation,
                )
                from lvzhi.legislation import services

                services.bill_set_readings(
                    bill=bill,
                    readings=1,
                    note="修改内容较少，经主任会议决定，一次审议后交付表决。",
                    acting_user=self.office,
                )
                self.review(bill, on=meeting.start_date - dt.timedelta(days=5), text=text)
                self.read(bill, meeting)
                self.vote(bill, meeting, no=0, abstain=1)
                self.approve_and_promulgate(
                    bill, commencement=_first_of_month_after(meeting.end_date, 3), approve_after=60
                )
        self.counts["regulations"] = Regulation.objects.count()

    def this_year(self) -> None:
        from lvzhi.legislation import services
        from lvzhi.legislation.models import Bill, Regulation

        year = self.today.year
        adopted = self.meeting(25).start_date - dt.timedelta(days=7)  # by the council of chairpersons
        annual = self.plan(
            kind="annual", title=f"江澜市人大常委会{year}年度立法计划", adopted_on=adopted, year=year
        )
        compiled = adopted - dt.timedelta(days=120)

        # from a deputies' motion (the congress motion on e-bikes, reported on by the committee)
        from lvzhi.motions.models import Motion

        motion = Motion.objects.filter(
            term=self.term, is_legislative=True, title__contains="电动自行车管理条例"
        ).first()
        ebike = Bill.objects.filter(term=self.term, title__contains="电动自行车").first()
        if motion is not None:
            p = self.proposal(
                title="制定江澜市电动自行车管理条例",
                source="deputy_motion",
                motion=motion,
                summary=motion.proposal or motion.title,
                created=adopted - dt.timedelta(days=14),
                plan=annual,
                decided=adopted,
                drafting="gaj",
            )
            if ebike is not None:  # the consultation seed owns the bill; link it to its project
                Bill.objects.filter(pk=ebike.pk).update(project=p)
                audit_record(
                    actor=SYSTEM,
                    action="legislation.bill.update",
                    obj=ebike,
                    changes={"project": [None, p.pk]},
                )
        # from a deputy's suggestion (the waste-sorting bill)
        from lvzhi.suggestions.models import Suggestion

        suggestion = (
            Suggestion.objects.filter(term=self.term, title__contains="垃圾").exclude(status="draft").first()
            or Suggestion.objects.filter(term=self.term).exclude(status="draft").order_by("pk").first()
        )
        waste = Bill.objects.filter(term=self.term, title__contains="生活垃圾分类").first()
        if suggestion is not None:
            p = self.proposal(
                title="制定江澜市生活垃圾分类管理条例",
                source="deputy_suggestion",
                suggestion_id=suggestion.pk,
                summary="代表建议将生活垃圾分类试点经验上升为地方性法规，明确分类标准和管理责任人制度。",
                created=compiled,
                plan=annual,
                decided=adopted,
                drafting="cgj",
            )
            if waste is not None:
                Bill.objects.filter(pk=waste.pk).update(project=p)
                audit_record(
                    actor=SYSTEM,
                    action="legislation.bill.update",
                    obj=waste,
                    changes={"project": [None, p.pk]},
                )
        if waste is not None and waste.status == "deliberation":
            from lvzhi.demo.consultation import waste_draft

            self.review(
                waste,
                on=self.today - dt.timedelta(days=7),
                text=waste_draft(),
                unadopted=(
                    (
                        "chjzw",
                        "建议删除对个人未分类投放处以罚款的规定。",
                        "上位法对个人未分类投放设定了法律责任；草案修改稿已增加首次违反予以批评教育的规定。",
                    ),
                ),
            )
            first = waste.readings.filter(number=1).first()
            if first is not None:
                doc = services.reading_add_document(
                    reading=first,
                    kind="review_opinion",
                    title="常委会组成人员对《江澜市生活垃圾分类管理条例（草案）》的审议意见",
                    body="一、建议进一步明确管理责任人的确定规则；二、建议投放时段照顾上班族；三、建议细化对个人的处罚规定。",
                    author=self.organs["chjzw"],
                    acting_user=self.office,
                )
                doc.__class__._default_manager.filter(pk=doc.pk).update(
                    created_at=_aware(first.held_on or first.session.end_date, 17)
                )

        # a government department's project: passed at the last meeting, awaiting approval
        m27, m29 = self.meeting(27), self.meeting(29)
        p = self.proposal(
            title="制定江澜市河道管理条例",
            source="department",
            proposer_organ=self.organs["slj"],
            summary="河道管理范围内违法建设和非法采砂屡禁不止，需要以地方性法规明确河长制和河道保护措施。",
            created=compiled,
            plan=annual,
            decided=adopted,
            drafting="slj",
        )
        rivers_commence = dt.date(year + 1, 3, 1)
        bill = self.table(
            title=f"{L.RIVERS.title}（草案）",
            text=L.regulation_text(L.RIVERS, commencement=rivers_commence),
            explanation="关于《江澜市河道管理条例（草案）》的说明：草案共六章十五条，规定了河长制和河道保护措施。",
            drafting="slj",
            submitted_on=m27.start_date - dt.timedelta(days=35),
            project=p,
        )
        self.read(bill, m27, consult=True)
        self.review(
            bill,
            on=m29.start_date - dt.timedelta(days=7),
            text=L.regulation_text(L.RIVERS, commencement=rivers_commence, revised=True),
        )
        self.read(bill, m29)
        self.vote(bill, m29, no=2, abstain=1)
        services.approval_submit(
            bill=bill, submitted_on=self.cap(bill.passed_on + dt.timedelta(days=10)), acting_user=self.office
        )
        self.counts["bills_awaiting_approval"] += 1

        # tabled, first reading on the next meeting's agenda
        p = self.proposal(
            title="制定江澜市历史文化名城保护条例",
            source="committee",
            proposer_organ=self.organs["jkwws"],
            summary="历史文化街区保护与城市更新矛盾突出，需要制定专门法规。",
            created=compiled,
            plan=annual,
            decided=adopted,
            drafting="zrzyj",
        )
        if self.ahead is not None:
            bill = self.table(
                title=f"{L.HERITAGE.title}（草案）",
                text=L.regulation_text(L.HERITAGE, commencement=dt.date(year + 1, 10, 1)),
                explanation="关于《江澜市历史文化名城保护条例（草案）》的说明：草案共六章十五条。",
                drafting="zrzyj",
                submitted_on=self.today - dt.timedelta(days=14),
                project=p,
            )
            services.reading_schedule(bill=bill, session=self.ahead, acting_user=self.office)

        # from the public: accepted as a preparatory project, the bill in drafting
        p = self.proposal(
            title="制定江澜市物业管理条例",
            source="public",
            proposer_name="江澜市业主权益促进会 周敏",
            summary="物业服务收费不透明、业主委员会成立难，建议制定物业管理条例。",
            created=compiled - dt.timedelta(days=30),
            plan=annual,
            decided=adopted,
            category="preparatory",
            drafting="zjj",
        )
        self.table(
            title=f"{L.PROPERTY.title}（草案）",
            text=L.regulation_text(L.PROPERTY, commencement=dt.date(year + 1, 7, 1)),
            explanation="",
            drafting="zjj",
            submitted_on=None,
            project=p,
        )
        # from the public: rejected with reasons
        fireworks = Regulation.objects.filter(title=L.FIREWORKS.title).first()
        self.proposal(
            title="修改江澜市烟花爆竹燃放管理条例，全市全域全年禁止燃放",
            source="public",
            proposer_name="市民 林志远",
            kind="amend" if fireworks is not None else "enact",
            regulation=fireworks,
            summary="建议将烟花爆竹禁止燃放区域扩大到全市全部区域、全年所有时间。",
            created=compiled - dt.timedelta(days=20),
            feasibility="not_feasible",
            reject="现行条例已授权市人民政府划定和调整禁止燃放区域，重污染天气期间可以临时全域禁放，"
            "通过调整禁放区域即可解决，暂不列入立法计划。已向建议人反馈。",
            decided=adopted - dt.timedelta(days=10),
        )
        # assessed, waiting for the council of chairpersons' decision
        self.proposal(
            title="制定江澜市学前教育条例",
            source="committee",
            proposer_organ=self.organs["jkwws"],
            summary="普惠性幼儿园经费保障和教师待遇需要地方性法规予以保障。",
            created=self.today - dt.timedelta(days=60),
            feasibility="needs_study",
            category="research",
        )
        # from the public, received recently: waiting for its assessment
        self.proposal(
            title="制定江澜市古树名木保护条例",
            source="public",
            proposer_name="市民 沈佳怡",
            summary="城区多株古树因施工受损，建议制定古树名木保护条例，明确养护责任和保护范围。",
            created=self.today - dt.timedelta(days=6),
            assess=False,
        )

        # shelved after two readings (暂不付表决)
        m24, m26 = self.meeting(24), self.meeting(26)
        p = self.proposal(
            title="制定江澜市电梯安全条例",
            source="department",
            proposer_organ=self.organs["scjgj"],
            summary="老旧住宅电梯故障频发，需要明确更新改造费用和维保责任。",
            created=self.meeting(1).end_date - dt.timedelta(days=53),
            plan=self.five_year,
            decided=self.meeting(1).end_date + dt.timedelta(days=7),
            drafting="scjgj",
        )
        bill = self.table(
            title=f"{L.ELEVATORS.title}（草案）",
            text=L.regulation_text(L.ELEVATORS, commencement=dt.date(year, 7, 1)),
            explanation="关于《江澜市电梯安全条例（草案）》的说明：草案共六章十五条。",
            drafting="scjgj",
            submitted_on=m24.start_date - dt.timedelta(days=35),
            project=p,
        )
        self.read(bill, m24, consult=True)
        self.read(bill, m26)
        services.bill_shelve(
            bill=bill,
            reason="住宅电梯更新改造费用分担问题分歧较大，经主任会议决定暂不付表决，由法制工作委员会会同有关方面进一步调研。",
            on=m26.end_date,
            acting_user=self.office,
        )

        # withdrawn by the government before its second reading
        m22 = self.meeting(22)
        bill = self.table(
            title=f"{L.ADS.title}（草案）",
            text=L.regulation_text(L.ADS, commencement=dt.date(year, 1, 1)),
            explanation="关于《江澜市户外广告设施设置管理条例（草案）》的说明：草案共六章十五条。",
            drafting="cgj",
            submitted_on=m22.start_date - dt.timedelta(days=35),
        )
        self.read(bill, m22, consult=True)
        services.bill_withdraw(
            bill=bill,
            reason="上位法正在修改，市人民政府提出撤回，经主任会议同意。",
            acting_user=self.office,
        )
        self.backdate(bill, withdrawn_at=_aware(m22.end_date + dt.timedelta(days=40)))

        # shelved in 2023, deliberation ended two years later (Art 45)
        m8, m9 = self.meeting(8), self.meeting(9)
        bill = self.table(
            title=f"{L.TOURISM.title}（草案）",
            text=L.regulation_text(L.TOURISM, commencement=dt.date(2024, 1, 1)),
            explanation="关于《江澜市乡村旅游促进条例（草案）》的说明：草案共六章十五条。",
            drafting="wglj",
            submitted_on=m8.start_date - dt.timedelta(days=35),
        )
        self.read(bill, m8, consult=True)
        self.read(bill, m9)
        services.bill_shelve(
            bill=bill,
            reason="各方面对主要制度意见分歧较大，暂不付表决。",
            on=m9.end_date,
            acting_user=self.office,
        )
        ended = self.cap(m9.end_date.replace(year=m9.end_date.year + 2) + dt.timedelta(days=1))
        services.bill_terminate(
            bill=bill,
            reason="搁置审议满两年，经主任会议向常委会报告，终止审议。",
            on=ended,
            acting_user=self.office,
        )


def _fix_bill_stamps(term: Term) -> int:
    """Bills opened by other demo modules keep the service's "now" as their creation time;
    move it before their submission (and their first text with it)."""
    from lvzhi.legislation.models import Bill, BillVersion

    moved = 0
    for bill in Bill.objects.filter(term=term, submitted_at__isnull=False):
        assert bill.submitted_at is not None
        if bill.created_at > bill.submitted_at:
            created = bill.submitted_at - dt.timedelta(days=14)
            Bill.objects.filter(pk=bill.pk).update(created_at=created)
            BillVersion.objects.filter(bill=bill, number=1).update(created_at=created)
            audit_record(
                actor=SYSTEM, action="seed.backdate", obj=bill, changes={"created_at": created.isoformat()}
            )
            moved += 1
    return moved


def seed_legislation(*, today: dt.date, say: Any = None) -> dict[str, int]:
    """Seed the legislation demo; returns counts. Does nothing without the 16th term's first
    thirty meetings held, or when its plans exist already."""
    from lvzhi.legislation.models import Bill, LegislativePlan

    term = Term.objects.filter(number=16, is_current=True).first()
    office = User.objects.filter(username="staff_fagong").first()
    if term is None or office is None or LegislativePlan.objects.filter(term=term).exists():
        return {}
    meetings = list(Session.objects.filter(term=term, body="standing_committee").order_by("start_date"))
    held = [m for m in meetings if m.end_date < today]
    ahead = next((m for m in meetings if m.start_date > today), None)
    if len(held) < MEETINGS_NEEDED:
        return {}
    seeder = _Seeder(today=today, term=term, office=office, held=held, ahead=ahead)
    seeder.run()
    _fix_bill_stamps(term)
    counts = dict(seeder.counts)
    counts["bills"] = Bill.objects.filter(term=term).count()
    counts["bill_states"] = Bill.objects.filter(term=term).values("status").distinct().count()
    if say is not None:
        say(
            f"  legislation: {counts['legislative_plans']} plans, {counts['legislation_proposals']} proposals, "
            f"{counts['regulations']} regulations ({counts['regulation_versions']} versions), {counts['bills']} bills "
            f"in {counts['bill_states']} states, {counts['legislation_votes']} votes"
        )
    return counts


def delete_legislation(terms: list[Term]) -> Counter[str]:
    """Delete the plans, proposals, regulations, votes and attendance of ``terms`` (``--reset``),
    before the bills, motions and memberships they refer to."""
    from lvzhi.legislation.models import (
        Attendance,
        Ballot,
        Bill,
        LegislativePlan,
        ProjectProposal,
        Regulation,
        RegulationVersion,
        Vote,
    )

    counts: Counter[str] = Counter()
    bills = Bill.objects.filter(term__in=terms)
    regulations = Regulation.objects.filter(versions__bill__in=bills).distinct()
    regulation_ids = list(regulations.values_list("pk", flat=True))
    counts["ballots"] = Ballot.objects.filter(vote__bill__in=bills).delete()[0]
    counts["votes"] = Vote.objects.filter(bill__in=bills).delete()[0]
    counts["attendance"] = Attendance.objects.filter(session__term__in=terms).delete()[0]
    plans = LegislativePlan.objects.filter(term__in=terms)
    proposals = ProjectProposal.objects.filter(plan__in=plans) | ProjectProposal.objects.filter(
        bills__in=bills
    )
    unplanned = ProjectProposal.objects.filter(plan__isnull=True).filter(
        Q(motion__term__in=terms) | Q(title__regex=r"^(制定|修改)江澜市")
    )
    proposal_ids = set(proposals.values_list("pk", flat=True)) | set(unplanned.values_list("pk", flat=True))
    bills.update(base_version=None, project=None)
    counts["regulation versions"] = RegulationVersion.objects.filter(
        regulation_id__in=regulation_ids
    ).delete()[0]
    # the bills of the consultations go with them (lvzhi.demo.consultation); the others now
    from lvzhi.consultation.models import Consultation

    consulted = Consultation.objects.values("bill_id")
    counts["bills"] = bills.exclude(pk__in=consulted).delete()[0]
    counts["project proposals"] = ProjectProposal.objects.filter(pk__in=proposal_ids).delete()[0]
    counts["regulations"] = Regulation.objects.filter(pk__in=regulation_ids).delete()[0]
    counts["legislative plans"] = plans.delete()[0]
    return +counts
