"""lvzhi law-text engine: parse regulations, compare versions, render the 对照表.

Pure Python (no Django).  Main entry points::

    from lvzhi.legislation.lawtext import parse_file, diff_documents, render_html

    old, new = parse_file("old.docx"), parse_file("new.md")
    result = diff_documents(old, new)
    html = render_html(result)

See ``docs/lawtext.md`` for the data model, the diff semantics, the outputs and the CLI.
"""

from lvzhi.textkit.numerals import article_label, cn_to_int, int_to_cn

from .akn import to_akn
from .decision import render_decision
from .diff import OPS, Change, DiffConfig, DiffEntry, DiffResult, DivisionChange, char_diff, diff_documents
from .errors import EmptyDocumentError, LawTextError, NotARegulationError, TooLargeError, UnreadableFileError
from .model import (
    Article,
    Chapter,
    Division,
    Document,
    Header,
    HeaderLine,
    Item,
    Paragraph,
    Part,
    Section,
    SubItem,
    SubPart,
    Toc,
)
from .parser import (
    ReadLimits,
    normalise,
    parse_bytes,
    parse_file,
    parse_text,
    read_bytes,
    render_text,
    to_json,
)
from .table_docx import build_docx, docx_bytes, write_docx
from .table_html import render_html

__all__ = [
    "OPS",
    "Article",
    "Change",
    "Chapter",
    "DiffConfig",
    "DiffEntry",
    "DiffResult",
    "Division",
    "DivisionChange",
    "Document",
    "EmptyDocumentError",
    "Header",
    "HeaderLine",
    "Item",
    "LawTextError",
    "NotARegulationError",
    "Paragraph",
    "Part",
    "ReadLimits",
    "Section",
    "SubItem",
    "SubPart",
    "Toc",
    "TooLargeError",
    "UnreadableFileError",
    "article_label",
    "build_docx",
    "char_diff",
    "cn_to_int",
    "diff_documents",
    "docx_bytes",
    "int_to_cn",
    "normalise",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "read_bytes",
    "render_decision",
    "render_html",
    "render_text",
    "to_akn",
    "to_json",
    "write_docx",
]
