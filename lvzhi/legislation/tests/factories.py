"""Factories for legislation tests: the root ``world`` plus the legislative affairs commission,
the law committee, Standing Committee members with accounts, meetings, and a fictional
regulation text (江澜市养犬管理条例, written for these tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from conftest import make_person
from lvzhi.core.actors import SYSTEM

#: A fictional draft regulation (not a real statute).
DOG_DRAFT = """江澜市养犬管理条例（草案）

第一章 总则

第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会公共秩序，制定本条例。

第二条 本市行政区域内养犬及相关管理活动，适用本条例。

第三条 养犬管理遵循政府监管、部门协同、养犬人负责、社会监督的原则。

第二章 养犬登记

第四条 本市实行养犬登记制度。养犬人应当自取得犬只之日起三十日内办理登记。

第五条 办理养犬登记，应当提交下列材料：
（一）养犬人身份证明；
（二）犬只免疫证明；
（三）犬只照片。

第三章 养犬行为规范

第六条 携犬出户的，应当为犬只束犬链，并由完全民事行为能力人牵领。

第七条 犬只在公共场所排泄粪便的，携犬人应当立即清除。

第四章 附则

第八条 本条例自公布之日起施行。
"""

#: The revised draft after the first reading: one article amended, one added, renumbered.
DOG_REVISED = """江澜市养犬管理条例（草案修改稿）

第一章 总则

第一条 为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会公共秩序，制定本条例。

第二条 本市行政区域内养犬及相关管理活动，适用本条例。

第三条 养犬管理遵循政府监管、部门协同、养犬人负责、基层自治、社会监督的原则。

第二章 养犬登记

第四条 本市实行养犬登记制度。养犬人应当自取得犬只之日起二十日内办理登记。

第五条 办理养犬登记，应当提交下列材料：
（一）养犬人身份证明；
（二）犬只免疫证明；
（三）犬只照片。

第六条 养犬登记证遗失的，养犬人应当及时补办。

第三章 养犬行为规范

第七条 携犬出户的，应当为犬只束犬链，并由完全民事行为能力人牵领。

第八条 犬只在公共场所排泄粪便的，携犬人应当立即清除。

第四章 附则

第九条 本条例自公布之日起施行。
"""


@dataclass
class LegWorld:
    w: Any  # the root World
    office: Any  # 法制工作委员会
    law_committee: Any  # 法制委员会
    council: Any  # 主任会议
    clerk: Any  # staff of the legislative affairs commission
    committee_user: Any  # acts for the law committee
    members: list[Any]  # OrganMembership rows of the term's Standing Committee
    member_users: dict[int, Any]  # membership pk → account (the first few)
    meetings: list[Any]  # Standing Committee meetings, in order
    extra: dict[str, Any] = field(default_factory=dict)


def add_members(
    world: Any, count: int, *, start: int = 500, accounts: int = 3
) -> tuple[list[Any], dict[int, Any]]:
    from lvzhi.core.models import OrganMembership, Role
    from lvzhi.core.services import user_create

    members = []
    users = {}
    for i in range(count):
        person = make_person(f"委员{start + i}", start + i)
        position = "chair" if i == 0 else ("vice_chair" if i < 3 else "member")
        m = OrganMembership.objects.create(
            person=person,
            organ=world.sc,
            term=world.term,
            position=position,
            start_date=world.term.start_date,
        )
        members.append(m)
        if i < accounts:
            users[m.pk] = user_create(
                username=f"sc{start + i}",
                password="pw",
                roles=[(Role.SC_MEMBER, None)],
                person=person,
                acting_user=SYSTEM,
            )
    return members, users


def build(world: Any, *, members: int = 15) -> LegWorld:
    from lvzhi.core.models import Organ, OrganType, Role, Session
    from lvzhi.core.services import rules_profiles_install_builtin, user_create

    rules_profiles_install_builtin(acting_user=SYSTEM)
    office = Organ.objects.create(
        code="fagong", name="法制工作委员会", type=OrganType.WORKING_BODY, parent=world.sc
    )
    law = Organ.objects.create(
        code="fzw", name="法制委员会", type=OrganType.SPECIAL_COMMITTEE, parent=world.congress
    )
    council = Organ.objects.create(
        code="council", name="主任会议", type=OrganType.CHAIRPERSONS_COUNCIL, parent=world.sc
    )
    clerk = user_create(
        username="fagong",
        password="pw",
        roles=[(Role.STAFF, office)],
        organ=office,
        email="fagong@example.org",
        acting_user=SYSTEM,
    )
    committee_user = user_create(
        username="fzw", password="pw", roles=[(Role.SC_MEMBER, law)], acting_user=SYSTEM
    )
    rows, users = add_members(world, members)
    today = timezone.localdate()
    # Meetings that have begun (a step is recorded as done only on or before today), in order,
    # each still sitting today: the bills of the tests are submitted today and read after that.
    meetings = [
        Session.objects.create(
            term=world.term,
            body="standing_committee",
            number=20 + i,
            start_date=today - dt.timedelta(days=3 - i),
            end_date=today + dt.timedelta(days=1),
        )
        for i in range(4)
    ]
    return LegWorld(
        w=world,
        office=office,
        law_committee=law,
        council=council,
        clerk=clerk,
        committee_user=committee_user,
        members=rows,
        member_users=users,
        meetings=meetings,
    )


def make_bill(lw: LegWorld, *, text: str = DOG_DRAFT, **kw: Any) -> Any:
    """A bill from the People's Government in drafting, with its draft text and explanation."""
    from lvzhi.legislation.services import bill_create

    data: dict[str, Any] = {
        "title": "江澜市养犬管理条例（草案）",
        "proposer_kind": "government",
        "proposer_organ": lw.w.government,
        "drafting_unit": lw.w.health,
        "explanation": "关于《江澜市养犬管理条例（草案）》的说明：……",
        "text": text,
    }
    data.update(kw)
    return bill_create(acting_user=lw.clerk, **data)


def read(lw: LegWorld, bill: Any, meeting: Any) -> Any:
    """Schedule and hold one reading of ``bill`` at ``meeting``."""
    from lvzhi.legislation.services import reading_hold, reading_schedule

    reading = reading_schedule(bill=bill, session=meeting, acting_user=lw.clerk)
    return reading_hold(reading=reading, acting_user=lw.clerk)


def attend(lw: LegWorld, meeting: Any, present: int) -> None:
    from lvzhi.legislation.services import attendance_record

    attendance_record(session=meeting, present=lw.members[:present], acting_user=lw.clerk)


def review(lw: LegWorld, bill: Any) -> Any:
    from lvzhi.legislation.services import review_record

    return review_record(
        bill=bill,
        report="法制委员会关于《江澜市养犬管理条例（草案）》审议结果的报告……",
        unadopted=[(lw.law_committee, "建议删除第七条。", "该条系养犬人基本义务，予以保留。")],
        acting_user=lw.clerk,
    )


def ready_for_vote(lw: LegWorld, *, present: int | None = None) -> Any:
    """A bill read twice (the default profile's two readings), reviewed, with attendance taken
    at the third meeting."""
    from lvzhi.legislation.services import bill_add_version, bill_submit

    bill = make_bill(lw)
    bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    bill_add_version(bill=bill, text=DOG_REVISED, acting_user=lw.clerk)
    review(lw, bill)
    read(lw, bill, lw.meetings[1])
    attend(lw, lw.meetings[2], len(lw.members) if present is None else present)
    bill.refresh_from_db()
    return bill


def vote_whole(
    lw: LegWorld, bill: Any, *, yes: int, no: int = 0, abstain: int = 0, meeting: Any = None
) -> Any:
    """Open the vote on the whole text, cast ``yes``/``no``/``abstain`` ballots from the members
    present (in roster order) and close it."""
    from lvzhi.legislation.services import ballot_cast, vote_close, vote_open

    meeting = meeting or lw.meetings[2]
    vote = vote_open(bill=bill, session=meeting, acting_user=lw.clerk)
    choices = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    for membership, choice in zip(lw.members, choices, strict=False):
        ballot_cast(vote=vote, membership=membership, choice=choice, acting_user=lw.clerk)
    return vote_close(vote=vote, acting_user=lw.clerk)


def force_status(bill: Any, status: str) -> Any:
    """Put a bill straight into ``status`` with the fields its constraints require."""
    from lvzhi.legislation.models import Bill

    today = timezone.localdate()
    fields: dict[str, Any] = {"status": status}
    if status in ("passed", "awaiting_approval", "approved", "not_approved", "promulgated", "filed"):
        fields["passed_on"] = today
    if status == "awaiting_approval":
        fields.update(approval_submitted_on=today, approval_due=today + dt.timedelta(days=120))
    if status == "approved":
        fields.update(approved_on=today, approving_body="某省人民代表大会常务委员会")
    if status == "withdrawn":
        fields["withdrawal_reason"] = "理由"
    if status == "terminated":
        fields.update(terminated_on=today, termination_reason="理由")
    if status == "shelved":
        fields["shelved_on"] = today
    Bill.objects.filter(pk=bill.pk).update(**fields)
    bill.refresh_from_db()
    return bill


def amended_regulation(lw: LegWorld, *, renamed: bool = True) -> tuple[Any, Any, Any]:
    """A regulation in force since 2019 (DOG_DRAFT's text without the draft mark) and an
    amendment bill submitted against it whose draft (DOG_REVISED) is, when ``renamed``,
    also retitled 江澜市犬只管理条例. Returns (regulation, version in force, bill)."""
    from lvzhi.legislation.models import Regulation, RegulationVersion
    from lvzhi.legislation.services import bill_submit

    regulation = Regulation.objects.create(
        title="江澜市养犬管理条例", enacting_body="江澜市人民代表大会常务委员会"
    )
    day = dt.date(2019, 5, 1)
    version = RegulationVersion.objects.create(
        regulation=regulation,
        number=1,
        kind="enactment",
        title=regulation.title,
        text=DOG_DRAFT.replace("（草案）", "", 1),
        announcement_number="第3号",
        enacting_body=regulation.enacting_body,
        passed_on=day,
        promulgated_on=day,
        commencement_on=day,
    )
    text = DOG_REVISED.replace("江澜市养犬管理条例", "江澜市犬只管理条例", 1) if renamed else DOG_REVISED
    bill = make_bill(
        lw, title="江澜市养犬管理条例（修正草案）", kind="amend", regulation=regulation, text=text
    )
    bill_submit(bill=bill, acting_user=lw.clerk)
    bill.refresh_from_db()
    return regulation, version, bill
