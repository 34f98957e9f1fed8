"""Samples for the access matrix (``lvzhi/core/tests/test_access_matrix.py``): consultations.

The matrix's legislative affairs office (``P.LEGAL``) opens them, as it would in real life.

* ``consultation.open`` — an open consultation with two comments and an analysis (``pk``,
  ``comment_pk``, ``theme_id``);
* ``consultation.published`` — a consultation closed early and with its feedback published.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lvzhi.core.access import P


def _bill(m: Any, title: str) -> Any:
    from lvzhi.core.models import Session
    from lvzhi.legislation.services import bill_create, bill_submit, reading_hold, reading_schedule
    from lvzhi.legislation.tests.factories import DOG_DRAFT

    clerk = m.users[P.LEGAL]
    bill = bill_create(
        acting_user=clerk,
        title=title,
        proposer_kind="government",
        proposer_organ=m.w.government,
        drafting_unit=m.w.health,
        explanation="关于草案的说明：……",
        text=DOG_DRAFT,
    )
    bill_submit(bill=bill, acting_user=clerk)
    today = timezone.localdate()
    number = 70 + Session.objects.filter(term=m.w.term, body="standing_committee").count()
    meeting = Session.objects.create(
        term=m.w.term, body="standing_committee", number=number, start_date=today, end_date=today
    )
    reading = reading_schedule(bill=bill, session=meeting, acting_user=clerk)
    reading_hold(reading=reading, acting_user=clerk)
    bill.refresh_from_db()
    return bill


def _consultation(m: Any, title: str) -> Any:
    from lvzhi.consultation.services import consultation_open

    bill = _bill(m, title)
    today = timezone.localdate()
    return consultation_open(
        bill=bill,
        version=bill.versions.order_by("-number").first(),
        title=f"关于《{title}》公开征求意见",
        explanation="草案已经市人大常委会第一次审议，现公开征求意见。",
        start=today,
        end=today + dt.timedelta(days=30),
        acting_user=m.users[P.LEGAL],
    )


def open_consultation(m: Any) -> dict[str, Any]:
    from lvzhi.consultation.analysis import analysis_refresh
    from lvzhi.consultation.services import comment_submit

    c = _consultation(m, "江澜市养犬管理条例（草案）")
    first = comment_submit(consultation=c, text="建议将登记期限缩短为十五日。", article="4")
    comment_submit(consultation=c, text="携犬出户应当佩戴嘴套。", article="6")
    analysis_refresh(c)
    return {"pk": c.pk, "comment_pk": first.pk, "theme_id": 1}


def published_consultation(m: Any) -> dict[str, Any]:
    from lvzhi.consultation.services import (
        comment_decide,
        comment_submit,
        consultation_close,
        feedback_publish,
    )

    clerk = m.users[P.LEGAL]
    c = _consultation(m, "江澜市文明行为促进条例（草案）")
    comment = comment_submit(consultation=c, text="建议增加志愿服务的内容。", article="2")
    consultation_close(consultation=c, reason="probe", acting_user=clerk)
    comment_decide(comment=comment, decision="adopted", reason="已采纳。", acting_user=clerk)
    feedback_publish(consultation=c, summary="共收到意见一条，已采纳。", acting_user=clerk)
    return {"pk": c.pk}


SAMPLES = {
    "consultation.open": open_consultation,
    "consultation.published": published_consultation,
}
