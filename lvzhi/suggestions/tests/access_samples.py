"""Samples for the access matrix (``test_access_matrix.py``): suggestions.

Every suggestion here is led by the matrix's deputy (``P.DEPUTY``) and handled by the
officer's unit (教育局, ``P.OFFICER``), built through the services as the office would.
"""

from __future__ import annotations

from typing import Any

from lvzhi.core.actors import SYSTEM

BODY = "本市部分老旧小区没有电梯，老年居民上下楼困难。建议简化加装电梯审批流程，并给予财政补贴。"


def _draft(m: Any, **kw: Any) -> Any:
    from lvzhi.suggestions import services as sv

    kw.setdefault("title", "关于加快老旧小区加装电梯的建议")
    kw.setdefault("lead", m.w.deputy)
    author = m.users["deputy"] if kw["lead"] == m.w.deputy else SYSTEM
    return sv.suggestion_create(body=BODY, acting_user=author, **kw)


def _assigned(m: Any, *, attach: bool = False, **kw: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lvzhi.suggestions import services as sv
    from lvzhi.suggestions.services import UnitChoice
    from lvzhi.suggestions.states import AssignmentRole

    s = _draft(m, **kw)
    if attach:
        upload = SimpleUploadedFile("survey.txt", "问卷结果".encode(), content_type="text/plain")
        sv.suggestion_attach(suggestion=s, upload=upload, acting_user=m.users["deputy"])
    s = sv.suggestion_submit(suggestion=s, acting_user=m.users["deputy"])
    s = sv.suggestion_register(suggestion=s, acting_user=m.users["office"])
    sv.suggestion_assign(
        suggestion=s,
        mode="sole",
        choices=[UnitChoice(m.w.education, AssignmentRole.SOLE)],
        acting_user=m.users["office"],
    )
    s.refresh_from_db()
    return s


def _replied(m: Any, **kw: Any) -> tuple[Any, Any]:
    from lvzhi.suggestions import services as sv

    s = _assigned(m, **kw)
    reply = sv.reply_submit(
        assignment=s.assignments.get(),
        category="A",
        content="一、关于审批流程，我局已会同有关部门简化为一个环节。二、关于补贴，已列入预算。",
        signer="局长 赵明",
        acting_user=m.users["officer"],
    )
    s.refresh_from_db()
    return s, reply


def draft(m: Any) -> dict[str, Any]:
    return {"pk": _draft(m).pk}


def cosign(m: Any) -> dict[str, Any]:
    """A draft led by a deputy without an account, the matrix's deputy invited to co-sign."""
    from conftest import make_person
    from lvzhi.deputies.models import Deputy

    lead = Deputy.objects.create(
        person=make_person("钱领衔", 91),
        term=m.w.term,
        code="D0091",
        electoral_unit=m.w.unit,
        delegation=m.w.delegation,
    )
    return {"pk": _draft(m, lead=lead, cosigners=[m.w.deputy]).pk}


def assigned(m: Any) -> dict[str, Any]:
    return {"pk": _assigned(m).pk}


def confidential(m: Any) -> dict[str, Any]:
    return {"pk": _assigned(m, confidential=True, confidential_reason="涉及个人隐私").pk}


def attachment(m: Any) -> dict[str, Any]:
    from lvzhi.suggestions.services import attachments_of

    s = _assigned(m, attach=True)
    return {"pk": s.pk, "attachment": attachments_of(s).get().pk}


def reply(m: Any) -> dict[str, Any]:
    _s, row = _replied(m)
    return {"pk": row.pk}


def action(m: Any) -> dict[str, Any]:
    return {"pk": _assigned(m).pk, "name": "register"}


def published(m: Any) -> dict[str, Any]:
    from lvzhi.suggestions import services as sv

    s, _reply = _replied(m)
    sv.suggestion_publish(suggestion=s, acting_user=m.users["office"])
    return {"pk": s.pk}


def unit(m: Any) -> dict[str, Any]:
    return {"pk": m.w.education.pk}


def export_table(m: Any) -> dict[str, Any]:
    return {"table": "suggestions"}


SAMPLES = {
    "suggestions.draft": draft,
    "suggestions.cosign": cosign,
    "suggestions.assigned": assigned,
    "suggestions.confidential": confidential,
    "suggestions.attachment": attachment,
    "suggestions.reply": reply,
    "suggestions.action": action,
    "suggestions.published": published,
    "suggestions.unit": unit,
    "suggestions.export_table": export_table,
}
