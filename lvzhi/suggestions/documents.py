"""Word documents of the suggestions workflow: the assignment sheet (交办单) and the reply
letter (答复函). Built with python-docx; fonts follow official-document practice."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt


def _document() -> Any:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    return doc


def _title(doc: Any, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(20)
    run.font.name = "SimHei"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")


def _bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cn_date(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def assignment_sheet_docx(*, suggestion: Any) -> bytes:
    """交办单: what was assigned to whom, how, and by when."""
    doc = _document()
    _title(doc, "代表建议、批评和意见交办单")
    doc.add_paragraph(f"编号：{suggestion.number}")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    signers = "、".join(
        s.deputy.person.name for s in suggestion.signers.all() if s.confirmed_at and not s.declined_at
    )
    rows = [
        ("案由", suggestion.title),
        ("领衔代表", suggestion.lead.person.name),
        ("联名代表", signers or "—"),
        ("代表团", suggestion.lead.delegation.name),
        (
            "提出时间",
            _cn_date(timezone.localtime(suggestion.submitted_at)) if suggestion.submitted_at else "—",
        ),
        ("是否保密", "是" if suggestion.confidential else "否"),
    ]
    for a in suggestion.assignments.all():
        if a.status == "returned":
            continue
        rows.append((a.get_role_display(), f"{a.unit.name}" + (f"（办理内容：{a.part}）" if a.part else "")))
        rows.append(
            (
                "答复期限" if a.answers else "协办意见期限",
                _cn_date(a.reply_due if a.answers else a.opinion_due),
            )
        )
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, str(value)
    doc.add_paragraph()
    doc.add_paragraph(
        "请承办单位按照《代表法》和本市有关规定认真研究办理，在规定期限内书面答复代表，并抄送常委会代表工作机构。"
        "如认为不属于本单位职责范围，请在规定期限内书面说明理由。"
    )
    p = doc.add_paragraph(_cn_date(timezone.localdate()))
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _bytes(doc)


def reply_letter_docx(*, reply: Any, category_label: str) -> ContentFile:
    """答复函: addressed to the deputy, point by point, signed, with the result category."""
    a = reply.assignment
    s = a.suggestion
    doc = _document()
    _title(doc, f"{a.unit.name}")
    _title(doc, "关于代表建议的答复")
    doc.add_paragraph(f"（{s.number}）    类别：{reply.category}（{category_label}）")
    doc.add_paragraph(f"{s.lead.person.name}代表：")
    doc.add_paragraph(f"您提出的《{s.title}》收悉。现将办理情况答复如下：")
    for para in reply.content.splitlines():
        if para.strip():
            doc.add_paragraph(para.strip())
    if reply.commitment:
        doc.add_paragraph(
            f"我单位承诺：{reply.commitment}，预计于{_cn_date(reply.commitment_due)}前落实到位，"
            "并将及时向您通报进展情况。"
        )
    if a.role == "lead":
        opinions = [c for c in s.assignments.all() if c.role == "co" and c.co_opinion]
        for c in opinions:
            doc.add_paragraph(f"协办单位{c.unit.name}的办理意见：{c.co_opinion}")
    doc.add_paragraph("感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见。")
    for text in (f"签发人：{reply.signer}", a.unit.name, _cn_date(timezone.localtime(reply.replied_at))):
        p = doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph(f"答复方式：{reply.get_mode_display()}    抄送：市人大常委会代表工作委员会")
    return ContentFile(_bytes(doc))
