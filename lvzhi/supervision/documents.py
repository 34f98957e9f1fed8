"""Documents of supervision: the 督办函 (.docx, python-docx) and the dashboard (.xlsx, openpyxl)."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt


def _doc() -> Any:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "FangSong"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    return doc


def supervision_letter_docx(*, task: Any) -> bytes:
    """督办函 to the responsible unit of an overdue rectification task."""
    doc = _doc()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_("Supervision letter"))
    run.bold = True
    run.font.size = Pt(22)
    doc.add_paragraph(f"{task.unit.name}：")
    doc.add_paragraph(
        _(
            "The Standing Committee's item “%(item)s” assigned your unit the following problem to rectify by "
            "%(deadline)s:"
        )
        % {"item": task.item.title, "deadline": task.deadline.isoformat()}
    )
    doc.add_paragraph(task.problem)
    doc.add_paragraph(
        _(
            "Progress reported so far: %(p)s%%. Please complete the rectification without delay and report in "
            "writing with evidence."
        )
        % {"p": task.progress}
    )
    sign = doc.add_paragraph(timezone.localdate().isoformat())
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def dashboard_xlsx(data: dict[str, Any]) -> bytes:
    """The dashboard as a workbook: one sheet per grouping."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    header = [
        _("Name"),
        _("Tasks"),
        _("Open"),
        _("Overdue"),
        _("Rectification rate (%)"),
        _("Days overdue"),
        _("Average days overdue"),
    ]
    for key, title in (
        ("by_body", _("By supervised body")),
        ("by_item", _("By item")),
        ("by_unit", _("By responsible unit")),
        ("by_type", _("By problem type")),
    ):
        ws = wb.create_sheet(title[:31])
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in data[key]:
            ws.append([r.label, r.total, r.open, r.overdue, r.rate, r.days_overdue, r.avg_days_overdue])
        ws.column_dimensions["A"].width = 40
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
