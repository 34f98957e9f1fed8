"""The 修改前后对照表 as a Word document: the conventional three-column table.

Columns 修改前 / 修改后 / 说明; inserted text is bold and underlined in the 修改后 column,
deleted text struck through in the 修改前 column; division headings get their own rows.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from .diff import DiffResult
from .layout import Block, Run, rows, summary

_FONT = "宋体"


def _set_east_asian_font(style: Any, name: str) -> None:
    from docx.oxml.ns import qn

    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _add_runs(paragraph: Any, runs: list[Run]) -> None:
    for run in runs:
        r = paragraph.add_run(run.text)
        if run.mark == "ins":
            r.bold = True
            r.underline = True
        elif run.mark == "del":
            r.font.strike = True


def _fill(cell: Any, blocks: list[Block]) -> None:
    first = True
    for block in blocks:
        for k, line in enumerate(block.lines):
            para = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            if k == 0:
                label = para.add_run(block.label + "\u3000")
                label.bold = True
            _add_runs(para, line)


def build_docx(result: DiffResult, *, include_unchanged: bool = True, title: str | None = None) -> Any:
    """Build the python-docx ``Document`` of the comparison."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    _set_east_asian_font(document.styles["Normal"], _FONT)
    document.styles["Normal"].font.size = Pt(10.5)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))

    name = title or result.new.title or result.old.title or "法规"
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(f"《{name}》修改前后对照表")
    run.bold = True
    run.font.size = Pt(16)
    info = document.add_paragraph(summary(result))
    info.alignment = WD_ALIGN_PARAGRAPH.CENTER

    widths = (Cm(11.0), Cm(11.0), Cm(3.7))
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.autofit = False
    for cell, text, width in zip(table.rows[0].cells, ("修改前", "修改后", "说明"), widths, strict=True):
        cell.width = width
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = True
    for row in rows(result, include_unchanged=include_unchanged):
        if row.heading is not None:
            cells = table.add_row().cells
            for cell, lines in ((cells[0], row.heading.old), (cells[1], row.heading.new)):
                for k, line in enumerate(lines):
                    p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for r in line:
                        piece = p.add_run(r.text)
                        piece.bold = True
                        if r.mark == "ins":
                            piece.underline = True
                        elif r.mark == "del":
                            piece.font.strike = True
        if not row.old and not row.new:
            continue
        cells = table.add_row().cells
        _fill(cells[0], row.old)
        _fill(cells[1], row.new)
        cells[2].paragraphs[0].add_run(row.note)
    for tr in table.rows:
        for cell, width in zip(tr.cells, widths, strict=True):
            cell.width = width
    return document


def write_docx(
    result: DiffResult,
    target: str | Path | IO[bytes],
    *,
    include_unchanged: bool = True,
    title: str | None = None,
) -> None:
    """Write the comparison as .docx to a path or a binary stream."""
    document = build_docx(result, include_unchanged=include_unchanged, title=title)
    document.save(target if not isinstance(target, Path) else str(target))


def docx_bytes(result: DiffResult, *, include_unchanged: bool = True, title: str | None = None) -> bytes:
    """The .docx file content."""
    buffer = io.BytesIO()
    write_docx(result, buffer, include_unchanged=include_unchanged, title=title)
    return buffer.getvalue()
