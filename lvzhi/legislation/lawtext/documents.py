"""Word documents of one version and of the amendment decision draft, in the 公文 layout of
:mod:`lvzhi.office.gongwen` (A4 portrait, 版心 156 × 225 mm, title in 小标宋, notes as 题注 in
楷体, body in 3号 仿宋; see ``docs/documents.md``), and the plain text of a version.

python-docx is imported only when a document is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Article, Division, Document
from .parser import render_text

if TYPE_CHECKING:
    from lvzhi.office.gongwen import Block

__all__ = ["decision_docx", "regulation_docx", "regulation_txt"]


def _article_blocks(article: Article) -> list[Block]:
    """An article: its label in 黑体 before the first 款, each 款/项/目 its own paragraph."""
    from lvzhi.office.gongwen import Para, Span

    blocks: list[Block] = []
    lines = article.text.split("\n") if article.text else [""]
    label = article.label + (f"【{article.heading}】" if article.heading else "")
    for k, line in enumerate(lines):
        if k == 0:
            blocks.append(Para([Span(label + "\u3000", bold=True), Span(line)]))
        else:
            blocks.append(Para(line))
    return blocks


def _division_blocks(node: Division | Article) -> list[Block]:
    from lvzhi.office.gongwen import HEITI, Para

    if isinstance(node, Article):
        return _article_blocks(node)
    heading = f"{node.label}\u3000{node.compact_title}" if node.compact_title else node.label
    blocks: list[Block] = [Para(heading, align="center", indent=False, font=HEITI)]
    for child in node.children:
        blocks.extend(_division_blocks(child))
    return blocks


def regulation_docx(doc: Document, *, title: str | None = None) -> bytes:
    """One version of a regulation as .docx: title, the enacting/amending notes under it,
    the 目录 if the text has one, chapters centred in 黑体, articles with their label."""
    from lvzhi.office.gongwen import Gongwen, Para, render_docx

    body: list[Block] = []
    if doc.toc is not None and doc.toc.entries:
        body.append(Para(doc.toc.label, align="center", indent=False))
        body.extend(Para(entry, indent=False) for entry in doc.toc.entries)
    for node in doc.body:
        body.extend(_division_blocks(node))
    name = title or doc.title or "法规"
    return render_docx(
        Gongwen(title=name, subtitle=list(doc.header.notes), body=body, numbered=False, author=name)
    )


def regulation_txt(doc: Document) -> bytes:
    """One version as UTF-8 plain text (the text as rendered by the parser, one 款 a line)."""
    return render_text(doc).encode("utf-8")


def decision_docx(decision: str, *, signature: str = "", subtitle: str = "") -> bytes:
    """The amendment decision draft (:func:`~.decision.render_decision`'s text) as .docx:
    its first line is the title; then one paragraph per line (一、… items and the closing
    sentences); quotations that run over several paragraphs stay as written."""
    from lvzhi.office.gongwen import Gongwen, Para, render_docx

    lines = [line for line in decision.split("\n")]
    title = lines[0].strip() if lines else "修改决定（草案）"
    body: list[Block] = [Para(line) for line in lines[1:] if line.strip()]
    return render_docx(
        Gongwen(
            title=title,
            subtitle=[subtitle] if subtitle else [],
            body=body,
            numbered=False,
            signature=signature,
            author=signature or title,
        )
    )
