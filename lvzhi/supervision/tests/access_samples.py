"""Samples for the access matrix (``lvzhi/core/tests/test_access_matrix.py``): a supervision
plan with one deliberated and published inspection of the education bureau (the unit of
``P.OFFICER``), its rectification task with an evidence file, and a satisfaction vote."""

from __future__ import annotations

import datetime as dt
from typing import Any

D = dt.date


def _base(m: Any) -> dict[str, Any]:
    """Built once per matrix world; every sample below reads from it."""
    cached: dict[str, Any] | None = getattr(m, "_supervision", None)
    if cached is not None:
        return cached
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lvzhi.supervision import services

    staff, officer = m.w.staff, m.w.officer
    plan = services.plan_create(year=2026, title="2026年度监督工作计划", acting_user=staff)
    item = services.item_create(
        plan=plan,
        form="inspection",
        title="《测试市养犬管理条例》执法检查",
        body=m.w.education,
        meeting_date=D(2026, 6, 26),
        acting_user=staff,
    )
    services.plan_adopt(plan=plan, adopted_on=D(2026, 1, 20), acting_user=staff)
    services.item_start(item=item, acting_user=staff)
    services.item_deliberate(
        item=item, deliberated_on=D(2026, 6, 26), findings="检查报告：存在三方面问题。", acting_user=staff
    )
    task = services.task_add(
        item=item,
        problem="校园周边犬只管理不到位",
        unit=m.w.education,
        deadline=D(2027, 6, 30),
        problem_type="law_enforcement",
        acting_user=staff,
    )
    report = services.task_report_progress(
        task=task,
        note="已完成排查",
        percent=20,
        files=[SimpleUploadedFile("照片.png", b"\x89PNG", content_type="image/png")],
        acting_user=officer,
    )
    from lvzhi.supervision.selectors import evidence_for

    attachment = evidence_for(task)[report.pk][0]
    vote = services.vote_open(item=item, subject="满意度测评", opened_on=D(2026, 9, 2), acting_user=staff)
    services.item_publish(item=item, acting_user=staff)
    cached = {"plan": plan, "item": item, "task": task, "attachment": attachment, "vote": vote}
    m._supervision = cached
    return cached


def plan_publish(m: Any) -> dict[str, Any]:
    return {"pk": _base(m)["plan"].pk, "action": "publish"}


def item(m: Any) -> dict[str, Any]:
    return {"pk": _base(m)["item"].pk}


def item_start(m: Any) -> dict[str, Any]:
    return {"pk": _base(m)["item"].pk, "action": "start"}


def task(m: Any) -> dict[str, Any]:
    return {"pk": _base(m)["task"].pk}


def task_progress(m: Any) -> dict[str, Any]:
    return {"pk": _base(m)["task"].pk, "action": "progress"}


def evidence(m: Any) -> dict[str, Any]:
    base = _base(m)
    return {"pk": base["task"].pk, "attachment": base["attachment"].pk}


def vote(m: Any) -> dict[str, Any]:
    return {"pk": _base(m)["vote"].pk}


def vote_close(m: Any) -> dict[str, Any]:
    return {"pk": _base(m)["vote"].pk, "action": "close"}


def public_item(m: Any) -> dict[str, Any]:
    return {"pk": _base(m)["item"].pk}


SAMPLES = {
    "supervision.plan_publish": plan_publish,
    "supervision.item": item,
    "supervision.item_start": item_start,
    "supervision.task": task,
    "supervision.task_progress": task_progress,
    "supervision.evidence": evidence,
    "supervision.vote": vote,
    "supervision.vote_close": vote_close,
    "supervision.public_item": public_item,
}
