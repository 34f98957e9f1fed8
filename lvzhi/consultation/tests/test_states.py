"""The transition tables (``states.CONSULTATION``, ``states.MODERATION``, ``states.NOTICE``),
walked exhaustively:
every action from every state is either allowed (and the service goes through to the table's
target) or refused with InvalidTransition and nothing changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import InvalidTransition

from .. import services
from ..models import Comment, Consultation, FeedbackNotice
from ..states import CONSULTATION, MODERATION, NOTICE, ConsultationStatus, Moderation, NoticeStatus
from .conftest import ConsultWorld
from .test_closing import _import

pytestmark = pytest.mark.django_db


def _today() -> dt.date:
    return timezone.localdate()


CALLS: dict[str, Any] = {
    "open": lambda cw, c, comment: services.consultations_sync(acting_user=SYSTEM, today=_today()),
    "close": lambda cw, c, comment: services.consultation_close(
        consultation=c, reason="提前结束", acting_user=cw.lw.clerk
    ),
    "extend": lambda cw, c, comment: services.consultation_extend(
        consultation=c, end=c.end + dt.timedelta(days=7), acting_user=cw.lw.clerk
    ),
    "enter_letter": lambda cw, c, comment: services.comment_enter_letter(
        consultation=c, text="来信。", article="4", received_on=_today(), acting_user=cw.lw.clerk
    ),
    "import": lambda cw, c, comment: _import(cw),
    "decide": lambda cw, c, comment: services.comment_decide(
        comment=comment, decision="adopted", reason="已采纳。", acting_user=cw.lw.clerk
    ),
    "publish_feedback": lambda cw, c, comment: services.feedback_publish(
        consultation=c, summary="共收到意见若干条。", acting_user=cw.lw.clerk
    ),
}


def test_every_step_of_the_table_has_a_call() -> None:
    assert set(CALLS) == set(CONSULTATION.steps)


@pytest.mark.parametrize(("action", "status", "ok"), CONSULTATION.matrix())
def test_consultation_transition_table(cw: ConsultWorld, action: str, status: str, ok: bool) -> None:
    comment = services.comment_submit(consultation=cw.consultation, text="建议缩短登记期限。", article="4")
    extra = {"feedback_published_at": timezone.now()} if status == ConsultationStatus.PUBLISHED else {}
    Consultation.objects.filter(pk=cw.consultation.pk).update(status=status, **extra)
    c = Consultation.objects.select_related("bill", "version").get(pk=cw.consultation.pk)
    cw.consultation = c
    if action == "open":  # the worker's step: it opens only what the table allows, never refuses
        CALLS[action](cw, c, comment)
        c.refresh_from_db()
        assert c.status == (CONSULTATION.target(action) if ok else status)
        return
    if ok:
        CALLS[action](cw, c, comment)
        c.refresh_from_db()
        assert c.status == (CONSULTATION.target(action) or status)
    else:
        with pytest.raises(InvalidTransition):
            CALLS[action](cw, c, comment)
        c.refresh_from_db()
        assert c.status == status


@pytest.mark.parametrize(("action", "status", "ok"), MODERATION.matrix())
def test_moderation_transition_table(cw: ConsultWorld, action: str, status: str, ok: bool) -> None:
    comment = services.comment_submit(consultation=cw.consultation, text="建议缩短登记期限。", article="4")
    reason = "" if status == Moderation.PUBLISHED else "off_topic"
    Comment.objects.filter(pk=comment.pk).update(moderation=status, moderation_reason=reason)
    comment.refresh_from_db()
    moderation = Moderation.PUBLISHED if action == "accept" else Moderation.REMOVED

    def call() -> Comment:
        return services.comment_moderate(
            comment=comment, moderation=moderation, reason="advertising", acting_user=cw.lw.clerk
        )

    if ok:
        call()
        comment.refresh_from_db()
        assert comment.moderation == MODERATION.target(action)
    else:
        with pytest.raises(InvalidTransition):
            call()
        comment.refresh_from_db()
        assert comment.moderation == status


@pytest.mark.parametrize(("action", "status", "ok"), NOTICE.matrix())
def test_notice_transition_table(cw: ConsultWorld, action: str, status: str, ok: bool) -> None:
    comment = services.comment_submit(consultation=cw.consultation, text="建议缩短登记期限。", article="4")
    notice = FeedbackNotice.objects.create(comment=comment, channel="email", status=status)
    if ok:
        assert services.notice_advance(notice=notice, action=action, error="smtp down") is True
        notice.refresh_from_db()
        assert notice.status == NOTICE.target(action)
        assert (notice.sent_at is not None) == (action == "send")
        assert notice.error == ("smtp down" if action == "fail" else "")
    else:
        with pytest.raises(InvalidTransition):
            services.notice_advance(notice=notice, action=action)
        notice.refresh_from_db()
        assert notice.status == status and notice.sent_at is None


def test_a_notice_recorded_meanwhile_is_left_alone(cw: ConsultWorld) -> None:
    comment = services.comment_submit(consultation=cw.consultation, text="建议缩短登记期限。", article="4")
    notice = FeedbackNotice.objects.create(comment=comment, channel="email", status=NoticeStatus.QUEUED)
    FeedbackNotice.objects.filter(pk=notice.pk).update(status=NoticeStatus.SENT)  # another worker
    assert services.notice_advance(notice=notice, action="fail", error="late") is False
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT and notice.error == ""
