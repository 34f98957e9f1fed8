"""Issue 11.16 (consultation side): a consultation ends with its bill, and the intake (portal,
API, letters, .xlsx import) takes nothing once it is closed, past its last day, or its bill
has concluded — even for data from before the bill_concluded signal existed."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import InvalidTransition, ValidationFailed
from lvzhi.core.models import AuditLog
from lvzhi.legislation.models import Bill
from lvzhi.legislation.signals import REASONS, bill_concluded
from lvzhi.legislation.states import BillStatus

from .. import services
from ..imports import comments_import_xlsx
from ..models import Comment, Consultation
from ..states import Channel, ConsultationStatus
from .conftest import ConsultWorld

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _fresh(client: Any, settings: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.COMMENT_RATE_LIMITS = "1000/60"
    cache.clear()
    yield
    cache.clear()


def _conclude_quietly(cw: ConsultWorld, status: str = BillStatus.PASSED) -> None:
    """The bill concluded before the signal was connected (data from before): no close ran."""
    today = timezone.localdate()
    Bill.objects.filter(pk=cw.bill.pk).update(
        status=status,
        passed_on=today,
        withdrawal_reason="提案人撤回",
        terminated_on=today,
        termination_reason="搁置满两年",
        shelved_on=today,
    )


def _api_comment(client: Any, c: Consultation) -> Any:
    body = {"text": "建议将登记期限缩短为二十日。", "article": "第四条"}
    return client.post(
        f"/api/consultations/{c.pk}/comments",
        json.dumps(body),
        content_type="application/json",
        REMOTE_ADDR="198.51.100.7",
    )


def _portal_comment(client: Any, c: Consultation, **extra: Any) -> Any:
    body = {
        "text": "建议将登记期限缩短为二十日。",
        "article": "4",
        "paragraph": "",
        "name": "",
        "contact": "",
    }
    return client.post(
        reverse("consultation:public_comment", args=[c.pk]), body, REMOTE_ADDR="198.51.100.7", **extra
    )


def _sheet() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["条款", "款", "意见", "提出人", "联系方式", "日期"])
    ws.append(["第三条", 1, "建议明确登记办理时限。", None, None, timezone.localdate().isoformat()])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _import(cw: ConsultWorld) -> Any:
    return comments_import_xlsx(
        consultation=cw.consultation,
        data=_sheet(),
        filename="西岭联系点.xlsx",
        channel=Channel.CONTACT_POINT,
        source_station=cw.contact_point,
        acting_user=cw.lw.clerk,
    )


def _letter(cw: ConsultWorld) -> Comment:
    return services.comment_enter_letter(
        consultation=cw.consultation, text="来信：建议缩短期限。", article="4", acting_user=cw.lw.clerk
    )


# --- the signal closes the bill's consultations ---------------------------------------------------


@pytest.mark.parametrize("reason", REASONS)
def test_bill_concluded_closes_its_open_consultation_as_the_system_audited(
    cw: ConsultWorld, reason: str
) -> None:
    c = cw.consultation
    assert c.status == ConsultationStatus.OPEN
    bill_concluded.send(sender=Bill, bill=cw.bill, reason=reason)
    c.refresh_from_db()
    assert c.status == ConsultationStatus.CLOSED and c.closed_at is not None
    row = AuditLog.objects.filter(action="consultation.close", object_id=str(c.pk)).get()
    assert row.actor_id is None and row.actor_label == "system"
    assert str(services.CONCLUDED_REASONS[reason]) in row.changes["reason"]


def test_bill_concluded_leaves_other_bills_and_closed_consultations_alone(cw: ConsultWorld) -> None:
    from lvzhi.legislation.services import bill_submit
    from lvzhi.legislation.tests.factories import make_bill, read

    bill = make_bill(cw.lw, title="江澜市文明行为促进条例（草案）")
    bill_submit(bill=bill, acting_user=cw.lw.clerk)
    read(cw.lw, bill, cw.lw.meetings[0])
    bill.refresh_from_db()
    today = timezone.localdate()
    other = services.consultation_open(
        bill=bill,
        version=bill.versions.order_by("-number").first(),
        title="关于《江澜市文明行为促进条例（草案）》公开征求意见",
        explanation="现公开征求意见。",
        start=today,
        end=today + dt.timedelta(days=30),
        acting_user=cw.lw.clerk,
    )
    services.consultation_close(consultation=cw.consultation, reason="提前结束", acting_user=cw.lw.clerk)
    before = AuditLog.objects.filter(action="consultation.close").count()
    bill_concluded.send(sender=Bill, bill=cw.bill, reason="voted")  # already closed: nothing to do
    assert AuditLog.objects.filter(action="consultation.close").count() == before
    other.refresh_from_db()
    assert other.status == ConsultationStatus.OPEN


def test_closing_for_a_bill_needs_the_office_or_the_system(cw: ConsultWorld) -> None:
    from lvzhi.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        services.consultations_close_for_bill(bill=cw.bill, reason="voted", acting_user=cw.lw.w.deputy_user)
    assert services.consultations_close_for_bill(bill=cw.bill, reason="voted", acting_user=SYSTEM) == 1


# --- the intake refuses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [
        BillStatus.PASSED,
        BillStatus.PROMULGATED,
        BillStatus.WITHDRAWN,
        BillStatus.TERMINATED,
        BillStatus.FAILED,
    ],
)
def test_api_refuses_a_comment_once_the_bill_has_concluded(
    client: Any, cw: ConsultWorld, status: str
) -> None:
    _conclude_quietly(cw, status)
    response = _api_comment(client, cw.consultation)
    assert response.status_code == 409, response.content
    body = response.json()
    assert set(body) == {"code", "message", "detail"} and body["code"] == "consultation_closed"
    assert "has concluded" in body["message"]
    assert not Comment.objects.filter(consultation=cw.consultation).exists()


def test_a_shelved_bill_still_takes_comments(client: Any, cw: ConsultWorld) -> None:
    _conclude_quietly(cw, BillStatus.SHELVED)
    assert _api_comment(client, cw.consultation).status_code == 201


def test_portal_refuses_a_comment_once_the_bill_has_concluded(client: Any, cw: ConsultWorld) -> None:
    _conclude_quietly(cw)
    for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = _portal_comment(client, cw.consultation, **extra)
        assert response.status_code == 409
        assert "has concluded" in response.content.decode()
    assert not Comment.objects.filter(consultation=cw.consultation).exists()
    page = client.get(reverse("consultation:public_detail", args=[cw.consultation.pk]))
    assert page.status_code == 200
    assert not services.is_taking_comments(Consultation.objects.get(pk=cw.consultation.pk))


def test_closed_early_says_the_day_it_closed_not_the_announced_end(client: Any, cw: ConsultWorld) -> None:
    services.consultation_close(consultation=cw.consultation, reason="提前结束", acting_user=cw.lw.clerk)
    body = _api_comment(client, cw.consultation).json()
    assert body["code"] == "consultation_closed"
    assert timezone.localdate().isoformat() in body["message"]
    assert cw.consultation.end.isoformat() not in body["message"]


def test_past_its_last_day_refuses_before_the_worker_closes_it(client: Any, cw: ConsultWorld) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Consultation.objects.filter(pk=cw.consultation.pk).update(start=yesterday, end=yesterday)
    assert _api_comment(client, cw.consultation).status_code == 409
    cw.consultation.refresh_from_db()
    with pytest.raises(InvalidTransition):
        _letter(cw)
    with pytest.raises(InvalidTransition):
        _import(cw)


@pytest.mark.parametrize("how", ["closed", "concluded"])
def test_letters_and_imports_are_refused_after_the_close_or_the_bill(cw: ConsultWorld, how: str) -> None:
    if how == "closed":
        services.consultation_close(consultation=cw.consultation, reason="提前结束", acting_user=cw.lw.clerk)
    else:
        _conclude_quietly(cw)
    cw.consultation.refresh_from_db()
    with pytest.raises(InvalidTransition) as letter:
        _letter(cw)
    with pytest.raises(InvalidTransition) as sheet:
        _import(cw)
    assert letter.value.code == sheet.value.code == "consultation_closed"
    assert not Comment.objects.filter(consultation=cw.consultation).exists()


def test_the_import_page_tells_why_nothing_is_taken(client: Any, cw: ConsultWorld) -> None:
    _conclude_quietly(cw)
    client.force_login(cw.lw.clerk)
    for name in ("consultation:import", "consultation:letter"):
        html = client.get(reverse(name, args=[cw.consultation.pk])).content.decode()
        assert "has concluded" in html, name


def test_the_surge_path_refuses_too_once_the_bill_has_concluded(cw: ConsultWorld) -> None:
    """The WSGI fast path (``intake.py``) reads the bill's status in its one narrow query."""
    from .test_intake import _fast

    _conclude_quietly(cw)
    body = json.dumps({"text": "建议第三条明确办理时限。", "article": "第三条"}, ensure_ascii=False)
    status, _headers, answer = _fast(cw.consultation.pk, body)
    assert status == 409 and answer["code"] == "consultation_closed" and "has concluded" in answer["message"]
    assert not Comment.objects.filter(consultation=cw.consultation).exists()


def test_a_letter_received_in_time_may_still_be_entered_but_not_once_the_bill_concluded(
    cw: ConsultWorld,
) -> None:
    services.consultation_close(consultation=cw.consultation, reason="提前结束", acting_user=cw.lw.clerk)
    cw.consultation.refresh_from_db()
    today = timezone.localdate()
    letter = services.comment_enter_letter(
        consultation=cw.consultation, text="来信。", received_on=today, acting_user=cw.lw.clerk
    )
    assert letter.channel == Channel.LETTER
    with pytest.raises(ValidationFailed):  # dates cannot lie
        services.comment_enter_letter(
            consultation=cw.consultation,
            text="来信。",
            received_on=today + dt.timedelta(days=1),
            acting_user=cw.lw.clerk,
        )
    _conclude_quietly(cw)
    c = Consultation.objects.get(pk=cw.consultation.pk)
    with pytest.raises(InvalidTransition) as refused:
        services.comment_enter_letter(
            consultation=c, text="来信。", received_on=today, acting_user=cw.lw.clerk
        )
    assert "has concluded" in str(refused.value.message)


def test_no_import_once_the_feedback_is_published(client: Any, cw: ConsultWorld) -> None:
    """The 导入表格 button and form stayed after the feedback was published."""
    services.consultation_close(consultation=cw.consultation, reason="提前结束", acting_user=cw.lw.clerk)
    cw.consultation.refresh_from_db()
    services.feedback_publish(consultation=cw.consultation, summary="情况通报。", acting_user=cw.lw.clerk)
    cw.consultation.refresh_from_db()
    with pytest.raises(InvalidTransition) as refused:
        _import(cw)
    assert "feedback" in str(refused.value.message)
    client.force_login(cw.lw.clerk)
    pk = cw.consultation.pk
    detail = client.get(reverse("consultation:detail", args=[pk])).content.decode()
    assert reverse("consultation:import", args=[pk]) not in detail
    page = client.get(reverse("consultation:import", args=[pk])).content.decode()
    assert (
        'enctype="multipart/form-data"' not in page and "feedback on this consultation was published" in page
    )
    assert not Comment.objects.filter(consultation=cw.consultation).exists()
