"""Word documents of the suggestions workflow: the assignment sheet (交办单) and the reply
letter (答复函), official documents in the 公文 layout (:mod:`lvzhi.office.gongwen`)."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from lvzhi.office.gongwen import Gongwen, Para, Table, paragraphs, render_docx
from lvzhi.office.text import arabic_date


def assignment_sheet_docx(*, suggestion: Any) -> bytes:
    """交办单: what was assigned to whom, how, and by when."""
    signers = "、".join(
        s.deputy.person.name
        for s in suggestion.signers.all()
        # the lead deputy has a Signer row too (is_lead); it is named on its own line
        if not s.is_lead and s.deputy_id != suggestion.lead_id and s.confirmed_at and not s.declined_at
    )
    rows: list[list[Any]] = [
        ["案由", suggestion.title],
        ["领衔代表", suggestion.lead.person.name],
        ["联名代表", signers or "—"],
        ["代表团", suggestion.lead.delegation.name],
        [
            "提出时间",
            arabic_date(timezone.localtime(suggestion.submitted_at)) if suggestion.submitted_at else "—",
        ],
        ["是否保密", "是" if suggestion.confidential else "否"],
    ]
    for a in suggestion.assignments.all():
        if a.status == "returned":
            continue
        rows.append([a.get_role_display(), f"{a.unit.name}" + (f"（办理内容：{a.part}）" if a.part else "")])
        rows.append(
            [
                "答复期限" if a.answers else "协办意见期限",
                arabic_date(a.reply_due if a.answers else a.opinion_due),
            ]
        )
    return render_docx(
        Gongwen(
            title="代表建议、批评和意见交办单",
            body=[
                Para(f"编号：{suggestion.number}", indent=False),
                Table([], [[label, str(value)] for label, value in rows], widths_mm=[36, 120]),
                "",
                "请承办单位按照《代表法》和本市有关规定认真研究办理，在规定期限内书面答复代表，并抄送常委会代表工作机构。"
                "如认为不属于本单位职责范围，请在规定期限内书面说明理由。",
            ],
            date=timezone.localdate(),
        )
    )


def reply_letter_docx(*, reply: Any, category_label: str) -> ContentFile:
    """答复函: addressed to the deputy, point by point, signed, with the result category."""
    a = reply.assignment
    s = a.suggestion
    body: list[Any] = [f"您提出的《{s.title}》收悉。现将办理情况答复如下："]
    body += list(paragraphs(reply.content))
    if reply.commitment:
        body.append(
            f"我单位承诺：{reply.commitment}，预计于{arabic_date(reply.commitment_due)}前落实到位，"
            "并将及时向您通报进展情况。"
        )
    if a.role == "lead":
        opinions = [c for c in s.assignments.all() if c.role == "co" and c.co_opinion]
        for c in opinions:
            body.append(f"协办单位{c.unit.name}的办理意见：{c.co_opinion}")
    body.append("感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见。")
    return ContentFile(
        render_docx(
            Gongwen(
                organ=a.unit.name,
                signer=reply.signer,
                title="关于代表建议的答复",
                subtitle=[f"（{s.number}）    类别：{reply.category}（{category_label}）"],
                addressee=f"{s.lead.person.name}代表",
                body=body,
                signature=a.unit.name,
                date=timezone.localtime(reply.replied_at).date(),
                tail=[
                    Para(
                        f"答复方式：{reply.get_mode_display()}    抄送：市人大常委会代表工作委员会",
                        indent=False,
                    )
                ],
            )
        )
    )
