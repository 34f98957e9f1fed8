"""Issue 12: every write is a service that takes an Actor and authorizes it — analysis runs,
contact reveals, the SMS export and sheet imports included."""

from __future__ import annotations

import pytest

from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import PermissionDeniedError
from lvzhi.core.models import AuditLog

from .. import services
from ..models import CommentImport
from .conftest import ConsultWorld
from .test_closing import _import

pytestmark = pytest.mark.django_db


def _audits(action: str) -> int:
    return AuditLog.objects.filter(action=action).count()


def test_an_analysis_run_is_the_office_s_or_the_platform_s(cw: ConsultWorld) -> None:
    services.comment_submit(consultation=cw.consultation, text="建议缩短登记期限。", article="4")
    with pytest.raises(PermissionDeniedError):
        services.analysis_run(consultation=cw.consultation, acting_user=cw.lw.w.leader)
    analysis = services.analysis_run(consultation=cw.consultation, acting_user=cw.lw.clerk)
    assert analysis.comments == 1 and _audits("consultation.analyse") == 1
    services.analysis_run(consultation=cw.consultation, acting_user=SYSTEM)  # the worker: not audited
    assert _audits("consultation.analyse") == 1


def test_a_contact_reveal_is_audited_and_only_for_the_office(cw: ConsultWorld) -> None:
    comment = services.comment_submit(
        consultation=cw.consultation,
        text="建议缩短登记期限。",
        article="4",
        name="张三",
        contact="13812345678",
    )
    with pytest.raises(PermissionDeniedError):
        services.comment_contact_reveal(comment=comment, acting_user=cw.lw.w.leader)
    assert _audits("consultation.contact.view") == 0
    contact = services.comment_contact_reveal(comment=comment, acting_user=cw.lw.clerk)
    assert contact is not None and contact.contact == "13812345678"
    assert _audits("consultation.contact.view") == 1
    with pytest.raises(PermissionDeniedError):
        services.sms_list_export(consultation=cw.consultation, base_url="", acting_user=cw.lw.w.staff)
    content = services.sms_list_export(consultation=cw.consultation, base_url="", acting_user=cw.lw.clerk)
    assert content[:2] == b"PK" and _audits("consultation.contact.view") == 2


def test_a_sheet_is_stored_by_the_service_with_its_actor(cw: ConsultWorld) -> None:
    batch, result = _import(cw)
    assert result.created == 1 and batch is not None and batch.created_by == cw.lw.clerk
    assert _audits("consultation.import") == 1
    with pytest.raises(PermissionDeniedError):
        services.comments_import_store(
            consultation=cw.consultation,
            rows=[],
            channel="letter",
            source_station=None,
            source_organ=None,
            filename="x.xlsx",
            acting_user=cw.lw.w.deputy_user,
        )
    assert CommentImport.objects.count() == 1
