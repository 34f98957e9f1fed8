"""Motions of the demo city (议案), all fictional, written through the motions services as the
system actor, so that the pages show each kind of visibility:

* a **draft** led by the demo account ``deputy`` (when that deputy sits on the Standing
  Committee; otherwise by the first SC deputy), with three co-signers invited and one who
  confirmed — only these four see it: the office, leaders and members get "not found";
* a **submitted** motion with exactly the signers the rules profile requires — the office
  sees it with its "decide" step, members and leaders read it;
* a motion **on the agenda** (listed): public on ``/motions/public/``.

All are addressed to the next Standing Committee meeting (the one scheduled ahead), whose
cut-off has not passed. Call :func:`seed_motions` inside the city seed's transaction, after
the roster and the sessions.
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
    """Write the three demo motions; returns counts (nothing when there is no meeting ahead or
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
