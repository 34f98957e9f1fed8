"""Factories for motion tests: the root ``world`` plus sessions, extra deputies, a committee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from conftest import make_person
from lvzhi.core.actors import SYSTEM


@dataclass
class MotionWorld:
    w: Any  # the root World
    session: Any  # congress session, cut-off in a week
    meeting: Any  # standing committee meeting, cut-off in a week
    deputies: list[Any]  # 14 serving deputies besides world.deputy; the first 6 sit on the SC
    users: dict[int, Any]  # deputy pk → account, for the first 4 co-signers
    committee: Any  # a special committee
    committee_user: Any  # a member acting for that committee
    other_deputy_user: Any  # a deputy who has nothing to do with the motions


def create_deputies(world: Any, count: int, *, start: int = 100, sc: int = 0) -> list[Any]:
    from lvzhi.deputies.models import Deputy

    out = []
    for i in range(count):
        person = make_person(f"代表{start + i}", start + i)
        out.append(
            Deputy.objects.create(
                person=person,
                term=world.term,
                code=f"D{start + i:04d}",
                electoral_unit=world.unit,
                delegation=world.delegation2 if i % 2 else world.delegation,
                is_sc_member=i < sc,
            )
        )
    return out


def build(world: Any) -> MotionWorld:
    from lvzhi.core.models import Organ, OrganType, Role, Session
    from lvzhi.core.services import rules_profiles_install_builtin, user_create

    rules_profiles_install_builtin()
    today = timezone.localdate()
    cutoff = timezone.now() + dt.timedelta(days=7)
    session = Session.objects.create(
        term=world.term,
        body="congress",
        number=5,
        start_date=today,
        end_date=today + dt.timedelta(days=10),
        motion_cutoff=cutoff,
    )
    meeting = Session.objects.create(
        term=world.term,
        body="standing_committee",
        number=30,
        start_date=today,
        end_date=today + dt.timedelta(days=3),
        motion_cutoff=cutoff,
    )
    deputies = create_deputies(world, 14, sc=6)
    users = {}
    for d in deputies[:4]:
        users[d.pk] = user_create(
            username=f"dep{d.code}",
            password="pw",
            roles=[(Role.DEPUTY, None)],
            person=d.person,
            acting_user=SYSTEM,
        )
    committee = Organ.objects.create(
        code="jkww", name="教育科学文化卫生委员会", type=OrganType.SPECIAL_COMMITTEE, parent=world.congress
    )
    committee_user = user_create(
        username="jkww", password="pw", roles=[(Role.SC_MEMBER, committee)], acting_user=SYSTEM
    )
    other = create_deputies(world, 1, start=300)[0]
    other_user = user_create(
        username="other", password="pw", roles=[(Role.DEPUTY, None)], person=other.person, acting_user=SYSTEM
    )
    world.deputy.is_sc_member = True
    world.deputy.save(update_fields=["is_sc_member"])
    return MotionWorld(
        w=world,
        session=session,
        meeting=meeting,
        deputies=deputies,
        users=users,
        committee=committee,
        committee_user=committee_user,
        other_deputy_user=other_user,
    )


def make_motion(
    mw: MotionWorld,
    *,
    confirmed: int = 9,
    pending: int = 0,
    session: Any = None,
    cosigners: list[Any] | None = None,
    quick: bool = False,
    **fields: Any,
) -> Any:
    """A draft led by ``world.deputy`` with ``confirmed`` co-signers who signed and ``pending`` who did not.

    ``quick`` marks the signatures confirmed in one update instead of through the service (for
    the large parametrized tests, where only the resulting state matters)."""
    from lvzhi.motions.models import MotionSigner
    from lvzhi.motions.services import motion_confirm_signature, motion_create

    chosen = cosigners if cosigners is not None else mw.deputies[: confirmed + pending]
    data = {
        "title": "关于加强中小学周边交通安全管理的议案",
        "reason": "上下学时段拥堵，事故多发。",
        "proposal": "制定学校周边交通安全管理规定。",
    }
    data.update(fields)
    motion = motion_create(
        session=session or mw.session,
        lead=mw.w.deputy,
        cosigners=chosen,
        acting_user=mw.w.deputy_user,
        **data,
    )
    if quick:
        MotionSigner.objects.filter(motion=motion, deputy__in=chosen[:confirmed]).update(
            confirmed_at=timezone.now()
        )
    else:
        for deputy in chosen[:confirmed]:
            motion_confirm_signature(motion=motion, deputy=deputy, acting_user=SYSTEM)
    motion.refresh_from_db()
    return motion


def force_status(motion: Any, status: str, *, committee: Any = None) -> Any:
    """Put a motion straight into ``status`` with the fields its constraints require."""
    from lvzhi.motions.models import Motion

    now = timezone.now()
    fields: dict[str, Any] = {"status": status}
    if status not in ("draft",):
        fields.update(number=f"测试第{motion.pk}号", sequence=motion.pk, submitted_at=now)
    if status in ("not_listed", "reported"):
        fields.update(committee=committee, report_due=timezone.localdate() + dt.timedelta(days=90))
    if status == "reported":
        fields.update(report="报告", reported_at=now)
    if status == "converted":
        fields.update(converted_suggestion_id=999999)
    if status == "withdrawn":
        fields.update(withdrawal_reason="理由", withdrawn_at=now)
    if status == "ended":
        fields.update(end_reason="不足", ended_at=now)
    Motion.objects.filter(pk=motion.pk).update(**fields)
    motion.refresh_from_db()
    return motion
