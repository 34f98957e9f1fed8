"""The 修改前后对照表 as a Word document: the conventional three-column table.

Columns 修改前 / 修改后 / 说明; inserted text is bold and underlined in the 修改后 column,
deleted text struck through in the 修改前 column; division headings get their own rows, and
a changed title the first row. The two versions are named under the title.
The page is the landscape 公文 layout of :mod:`lvzhi.office.gongwen` (A4 turned, the 版心
156 × 225 mm, title in 小标宋, the table in 仿宋 小四 with its header row repeated on each page).
python-docx is imported only when a document is made, so the engine parses and compares
without it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .diff import DiffResult
from .layout import Block, Run, rows, summary, title_change, versions_line

if TYPE_CHECKING:
    from lvzhi.office.gongwen import Para, Span

#: Column widths in millimetres (修改前, 修改后, 说明): the landscape 版心 is 225 mm wide.
WIDTHS_MM = (100.0, 100.0, 25.0)
FONT_SIZE = 12.0  # 小四


def _span(run: Run, *, bold: bool = False) -> Span:
    from lvzhi.office.gongwen import Span

    if run.mark == "ins":
        return Span(run.text, bold=True, underline=True)
    if run.mark == "del":
        return Span(run.text, bold=bold, strike=True)
    return Span(run.text, bold=bold)


def _blocks(blocks: list[Block]) -> list[Para]:
    """An article block: its label in bold, then its lines, one paragraph a line."""
    from lvzhi.office.gongwen import Para, Span

    paras = []
    for block in blocks:
        for k, line in enumerate(block.lines):
            label = [Span(block.label + "\u3000", bold=True)] if k == 0 else []
            paras.append(Para([*label, *(_span(r) for r in line)], align="left"))
    return paras


def _heading(lines: list[list[Run]]) -> list[Para]:
    """A division heading (第X章 …): centred and bold."""
    from lvzhi.office.gongwen import Para

    return [Para([_span(r, bold=True) for r in line], align="center") for line in lines]


def build_docx(
    result: DiffResult,
    *,
    include_unchanged: bool = True,
    title: str | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
) -> Any:
    """Build the python-docx ``Document`` of the comparison."""
    from lvzhi.office.gongwen import GongwenWriter, Table

    name = title or result.new.title or result.old.title or "法规"
    heading = f"《{name}》修改前后对照表"
    table: list[list[Any]] = []
    change = title_change(result)
    if change is not None:
        table.append([_heading([change.old]), _heading([change.new]), "标题修改"])
    for row in rows(result, include_unchanged=include_unchanged):
        if row.heading is not None:
            table.append([_heading(row.heading.old), _heading(row.heading.new), ""])
        if not row.old and not row.new:
            continue
        table.append([_blocks(row.old), _blocks(row.new), row.note])
    writer = GongwenWriter(landscape=True, title=heading)
    writer.title(heading)
    writer.subtitle(summary(result))
    if old_label or new_label:
        writer.subtitle(versions_line(old_label, new_label))
    writer.blank()
    writer.table(Table(["修改前", "修改后", "说明"], table, widths_mm=WIDTHS_MM, font_size=FONT_SIZE))
    return writer.document


def write_docx(
    result: DiffResult,
    target: str | Path | IO[bytes],
    *,
    include_unchanged: bool = True,
    title: str | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
) -> None:
    """Write the comparison as .docx to a path or a binary stream."""
    document = build_docx(
        result, include_unchanged=include_unchanged, title=title, old_label=old_label, new_label=new_label
    )
    document.save(target if not isinstance(target, Path) else str(target))


def docx_bytes(
    result: DiffResult,
    *,
    include_unchanged: bool = True,
    title: str | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
) -> bytes:
    """The .docx file content."""
    buffer = io.BytesIO()
    write_docx(
        result,
        buffer,
        include_unchanged=include_unchanged,
        title=title,
        old_label=old_label,
        new_label=new_label,
    )
    return buffer.getvalue()
