"""Data model of a parsed regulation: plain dataclasses, no behaviour beyond derived views.

A :class:`Document` has a :class:`Header` (title plus enacting/amending notes), an optional
:class:`Toc` (目录) and a body: a list of :class:`Division` (编 / 分编 / 章 / 节) and
:class:`Article` (条) nodes.  An article holds :class:`Paragraph` (款) objects, each with
:class:`Item` (项, "（一）") objects, each with :class:`SubItem` (目, "1.") objects.

Every node keeps the raw pieces of its source line (label, separator, text) so that
:func:`lvzhi.legislation.lawtext.parser.render_text` reproduces the input line for line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lvzhi.textkit.articles import ArticleKey, article_anchor, format_article_key

#: Division kinds from the outermost to the innermost (legislation law Art 65).
DIVISION_KINDS: tuple[str, ...] = ("编", "分编", "章", "节")

#: English names used in JSON and Akoma Ntoso output.
DIVISION_NAMES: dict[str, str] = {"编": "part", "分编": "subpart", "章": "chapter", "节": "section"}


@dataclass
class SubItem:
    """A 目: a numbered sub-item ("1." / "（1）") inside an item."""

    label: str
    number: int
    text: str
    sep: str = ""

    @property
    def line(self) -> str:
        """The source line of this sub-item."""
        return f"{self.label}{self.sep}{self.text}"


@dataclass
class Item:
    """A 项: an enumerated item ("（一）") inside a paragraph."""

    label: str
    number: int
    text: str
    sep: str = ""
    subitems: list[SubItem] = field(default_factory=list)

    @property
    def line(self) -> str:
        """The source line of this item (without its sub-items)."""
        return f"{self.label}{self.sep}{self.text}"

    def lines(self) -> list[str]:
        """The item line followed by its sub-item lines."""
        return [self.line, *(s.line for s in self.subitems)]


@dataclass
class Paragraph:
    """A 款: an unnumbered paragraph of an article, possibly followed by items."""

    text: str
    items: list[Item] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The paragraph's lines: its own text (if any) then its items and sub-items."""
        out = [self.text] if self.text else []
        for item in self.items:
            out.extend(item.lines())
        return out


@dataclass
class Article:
    """A 条.

    ``number``/``suffix`` encode the label: 第十条 → (10, 0), 第十条之一 → (10, 1).
    ``head_raw`` is the exact source text between the label and the first paragraph
    (usually a space; may contain a 【heading】).  ``label_own_line`` is true when the label
    stood alone on its line.  The ``part``/``chapter``/``section`` fields record the enclosing
    divisions' labels and titles at parse time.  ``uid`` is an identity that survives
    renumbering; it is assigned by :func:`lvzhi.legislation.lawtext.diff.diff_documents`.
    """

    number: int
    label: str
    suffix: int = 0
    paragraphs: list[Paragraph] = field(default_factory=list)
    head_raw: str = " "
    heading: str | None = None
    label_own_line: bool = False
    part_label: str | None = None
    part_title: str | None = None
    chapter_label: str | None = None
    chapter_title: str | None = None
    section_label: str | None = None
    section_title: str | None = None
    uid: str | None = None

    @property
    def key(self) -> str:
        """The article key (:mod:`lvzhi.textkit.articles`): ``"10"``, ``"10-1"`` (第十条之一)."""
        return format_article_key((self.number, self.suffix))

    @property
    def anchor(self) -> str:
        """The key as written in this engine's JSON and HTML: ``"art-10"``, ``"art-10-1"``."""
        return article_anchor((self.number, self.suffix))

    @property
    def sort_key(self) -> ArticleKey:
        """(number, suffix), the order of articles in a well-numbered text."""
        return ArticleKey(self.number, self.suffix)

    def body_lines(self) -> list[str]:
        """All paragraph, item and sub-item lines, without the label."""
        out: list[str] = []
        for para in self.paragraphs:
            out.extend(para.lines())
        return out

    @property
    def text(self) -> str:
        """The complete text of the article without its label, one line per 款/项/目."""
        return "\n".join(self.body_lines())

    @property
    def full_text(self) -> str:
        """The text as it appears in the regulation, label included."""
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        """The source lines of the article (label line first)."""
        first = self.label + self.head_raw
        if self.label_own_line or not self.paragraphs:
            return [first.rstrip() or self.label, *self.body_lines()]
        para0 = self.paragraphs[0]
        out = [first + para0.text] if para0.text else [first.rstrip() or self.label]
        for item in para0.items:
            out.extend(item.lines())
        for para in self.paragraphs[1:]:
            out.extend(para.lines())
        return out


@dataclass
class Division:
    """A structural division: 编, 分编, 章 or 节 (see the subclasses).

    ``title`` is the raw title on the heading line ("总　则"); ``title_extra`` holds
    continuation lines that followed the heading before its first article (long headings
    wrapped over two lines).  ``compact_title`` removes all whitespace ("总则").
    """

    kind: str
    number: int
    label: str
    sep: str = " "
    title: str = ""
    title_extra: list[str] = field(default_factory=list)
    children: list[Division | Article] = field(default_factory=list)

    @property
    def full_title(self) -> str:
        """Title including continuation lines, whitespace kept."""
        return self.title + "".join(self.title_extra)

    @property
    def compact_title(self) -> str:
        """Title including continuation lines with all whitespace removed."""
        return "".join(self.full_title.split())

    @property
    def heading(self) -> str:
        """The heading line as it appears in the text."""
        return f"{self.label}{self.sep}{self.title}".rstrip() if self.title else self.label

    def articles(self) -> Iterator[Article]:
        """All articles in this division, depth first."""
        for child in self.children:
            if isinstance(child, Article):
                yield child
            else:
                yield from child.articles()


class Part(Division):
    """编."""


class SubPart(Division):
    """分编."""


class Chapter(Division):
    """章."""


class Section(Division):
    """节."""


DIVISION_CLASSES: dict[str, type[Division]] = {"编": Part, "分编": SubPart, "章": Chapter, "节": Section}


@dataclass
class HeaderLine:
    """A line between the title and the body: ``kind`` is ``"note"`` for enacting/amending
    notes (dates, 通过/修正/修订) and ``"text"`` for anything else (a repeated title, a
    preamble)."""

    text: str
    kind: str = "note"


@dataclass
class Header:
    """Title and the lines that follow it before the body."""

    title: str = ""
    lines: list[HeaderLine] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """Enacting and amending notes, e.g. "（2020年4月10日…通过）"."""
        return [line.text for line in self.lines if line.kind == "note"]

    @property
    def preamble(self) -> list[str]:
        """Header lines that are not notes."""
        return [line.text for line in self.lines if line.kind != "note"]


@dataclass
class Toc:
    """A 目录: its label line and its entries, raw."""

    label: str = "目录"
    entries: list[str] = field(default_factory=list)


@dataclass
class Document:
    """A parsed regulation."""

    header: Header = field(default_factory=Header)
    toc: Toc | None = None
    body: list[Division | Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The regulation's title ("" when the text had none)."""
        return self.header.title

    def articles(self) -> list[Article]:
        """All articles in document order."""
        out: list[Article] = []
        for node in self.body:
            if isinstance(node, Article):
                out.append(node)
            else:
                out.extend(node.articles())
        return out

    def divisions(self, kind: str | None = None) -> list[Division]:
        """All divisions (optionally only of one kind) in document order."""
        out: list[Division] = []

        def walk(nodes: list[Division | Article]) -> None:
            for node in nodes:
                if isinstance(node, Division):
                    if kind is None or node.kind == kind:
                        out.append(node)
                    walk(node.children)

        walk(self.body)
        return out

    def article_divisions(self) -> dict[int, list[Division]]:
        """Map ``id(article)`` to its enclosing divisions, outermost first."""
        out: dict[int, list[Division]] = {}

        def walk(nodes: list[Division | Article], stack: list[Division]) -> None:
            for node in nodes:
                if isinstance(node, Article):
                    out[id(node)] = list(stack)
                else:
                    walk(node.children, [*stack, node])

        walk(self.body, [])
        return out
