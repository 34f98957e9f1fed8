"""Official documents (公文) as .docx in the 党政机关公文格式, GB/T 9704-2012. Django-free.

Layout (the standard's section in brackets):

* A4, 210 × 297 mm; margins 37 mm top (天头), 28 mm left (订口), 26 mm right, 35 mm bottom,
  so the 版心 is 156 × 225 mm (§5.2.1, §5.2.2); 22 lines of 28 characters a page (§5.2.3):
  lines exactly 28.95 pt apart, characters condensed by 0.25 pt;
* 版头 (§7.2): the issuing organ's name (发文机关标志) centred in red 小标宋, its top 35 mm
  below the 版心's; the 发文字号 two lines below it; a red line as wide as the 版心 4 mm below
  the 发文字号;
* the title in 2号 小标宋, centred, two lines below the red line (§7.3.1); 主送机关 one line
  below the title, flush left (§7.3.2); the body in 3号 仿宋 with a first-line indent of two
  characters (§7.3.3); headings "一、" in 黑体 and "（一）" in 楷体, both 3号 (§7.3.3), as
  Word's *Heading 1* / *Heading 2* styles (outline levels 1 and 2), so the navigation pane
  and a table of contents work; "1." headings in 仿宋 as *Heading 3*;
* 发文机关署名 and 成文日期 (§7.3.5.2, a document without a seal): one line below the body,
  the organ two characters from the right margin, the date on the next line with its first
  character two characters right of the organ's first (the organ moves left when the date is
  longer), the date in Chinese numerals (二〇二六年十二月三日) by default;
* page numbers "— 1 —" in 4号 宋体 in the footer, 7 mm below the 版心 (§7.5): odd pages on the
  right and even pages on the left, each one character in from the margin — the standard's
  layout for documents printed on both sides and bound on the left;
* tables in the body font (仿宋), the header row in 黑体 and repeated on every page.

A landscape variant (``landscape=True``) for wide tables such as the 修改前后对照表 turns the
portrait 版心 a quarter turn, as the standard places a landscape table (§10.1): the margins are
28 mm at the top (the binding side), 26 mm at the bottom, 35 mm left and 37 mm right; being a
document of its own, it numbers its pages in the centre of the footer.

Every Chinese font is named on the run's ``w:eastAsia`` attribute (Latin letters and digits
in Times New Roman, ``w:hint="eastAsia"`` so that quotation marks and dashes take the Chinese
font) and listed in the document's font table with a fallback (``w:altName``) for machines
without it: 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 黑体 → SimHei,
宋体 → SimSun.

Plain data in, bytes out::

    from lvzhi.office.gongwen import Gongwen, Section, Table, render_docx

    data = render_docx(Gongwen(
        organ="江澜市人民代表大会常务委员会办公厅", number="江人办〔2026〕3号",
        title="关于……的通知", addressee="各区人大常委会",
        body=[Section("总体要求", ["……"]), Table(["单位", "件数"], [["市教育局", 3]])],
        signature="江澜市人民代表大会常务委员会办公厅", date=datetime.date(2026, 12, 3),
    ))

:class:`GongwenWriter` is the same thing step by step, for a document that needs more than
the data classes say (it exposes the python-docx ``Document``).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from docx import Document as _new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor, Twips
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun
from lxml import etree

from .text import arabic_date, chinese_date, cn_int, display_width

# --- the page -------------------------------------------------------------------------------------

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
TEXT_WIDTH_MM = 156  # 版心 width
TEXT_HEIGHT_MM = 225  # 版心 height


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


PORTRAIT_MARGINS_MM = Margins(top=37, bottom=35, left=28, right=26)
#: The portrait 版心 turned a quarter turn: the top of a landscape page is the binding side.
LANDSCAPE_MARGINS_MM = Margins(top=28, bottom=26, left=35, right=37)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
#: 225 mm / 22 lines = 28.99 pt, rounded down to a whole twip so that 22 lines fit.
LINE_PITCH = Twips(579)
#: Characters condensed by 0.25 pt: 28 characters of 3号 (16 pt) then fit the 156 mm line
#: (§5.2.3), in every program (a Word character grid, ``linesAndChars``, does the same in
#: Word but spreads the characters over two grid cells in LibreOffice). In twentieths of a point.
CHAR_SPACING = -5
#: The page number's top edge is 7 mm below the 版心 (§7.5).
PAGE_NUMBER_GAP_MM = 7

# --- sizes (号) and fonts -------------------------------------------------------------------------

SIZE_0 = 42.0  # 初号
SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号
SIZE_S4 = 12.0  # 小四
SIZE_5 = 10.5  # 五号

RED = "FF0000"


@dataclass(frozen=True)
class CnFont:
    """A Chinese font: the name asked for (``w:eastAsia``), the font a machine without it
    should use (``w:altName`` in the font table), and the font for Latin letters and digits."""

    name: str
    fallback: str
    latin: str = "Times New Roman"


XIAOBIAOSONG = CnFont("方正小标宋简体", "宋体")
FANGSONG = CnFont("仿宋_GB2312", "仿宋")
HEITI = CnFont("黑体", "SimHei")
KAITI = CnFont("楷体_GB2312", "楷体")
SONGTI = CnFont("宋体", "SimSun", latin="宋体")

#: Every font named in a document, with its fallback; the fallbacks get their Latin names.
FONT_TABLE: dict[str, str] = {
    **{f.name: f.fallback for f in (XIAOBIAOSONG, FANGSONG, HEITI, KAITI, SONGTI)},
    "仿宋": "FangSong",
    "楷体": "KaiTi",
}

# --- plain data in --------------------------------------------------------------------------------

Align = Literal["justify", "left", "center", "right"]
_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


@dataclass(frozen=True)
class Span:
    """A piece of text with its own marks (the 对照表's insertions and deletions)."""

    text: str
    bold: bool = False
    underline: bool = False
    strike: bool = False


@dataclass(frozen=True)
class Para:
    """A body paragraph. ``indent``: the first-line indent of two characters (ignored in a
    table cell); ``bullet``: a bulleted list item; ``font``: another font than 仿宋."""

    content: str | Sequence[Span]
    align: Align = "justify"
    indent: bool = True
    bullet: bool = False
    font: CnFont | None = None


@dataclass(frozen=True)
class Heading:
    """A heading written as given (level 1 黑体, 2 楷体, 3 仿宋); :class:`Section` numbers its own."""

    text: str
    level: int = 1


CellValue: TypeAlias = "str | int | float | None | Para | Sequence[Para]"


@dataclass(frozen=True)
class Table:
    """A table: a header row (repeated on every page; none when ``header`` is empty) and rows
    of cells. A cell is text, a number (centred), a :class:`Para` or a list of them. ``widths_mm``: the columns' widths
    (default: from their content, within the 版心); ``font_size`` in points."""

    header: Sequence[str]
    rows: Sequence[Sequence[CellValue]]
    widths_mm: Sequence[float] | None = None
    font_size: float = SIZE_4


@dataclass(frozen=True)
class Section:
    """A numbered part: its heading gets "一、" (or "（一）" inside another section, "1." one
    level deeper) when the document is ``numbered``."""

    heading: str
    body: Sequence[Block] = ()


Block: TypeAlias = "str | Para | Heading | Table | Section"


@dataclass(frozen=True)
class Gongwen:
    """An official document as data. Every part but the title is optional.

    ``organ``, ``number`` and ``signer``: the 版头 (发文机关标志, 发文字号 and 签发人, with
    the red line);
    ``subtitle``: lines centred in 楷体 under the title (题注); ``addressee``: 主送机关;
    ``signature`` and ``date``: 发文机关署名 and 成文日期 (a date is written in Chinese
    numerals, or as 2026年12月3日 with ``arabic_date=True``; a string as given);
    ``tail``: blocks after the date (e.g. a 抄送 line)."""

    title: str
    body: Sequence[Block] = ()
    organ: str = ""
    number: str = ""
    signer: str = ""
    subtitle: Sequence[str] = ()
    addressee: str = ""
    signature: str = ""
    date: dt.date | str | None = None
    tail: Sequence[Block] = ()
    landscape: bool = False
    numbered: bool = True
    arabic_date: bool = False
    author: str = ""


# --- low-level XML helpers ------------------------------------------------------------------------

_PPR_ORDER: tuple[str, ...] = tuple(
    (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
        "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
        "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split()
)
_RPR_ORDER: tuple[str, ...] = tuple(
    (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
        "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
        "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
    ).split()
)


@functools.cache
def _later(tag: str, order: tuple[str, ...]) -> frozenset[str]:
    """The qualified names of the elements that come after ``tag`` in ``order``."""
    return frozenset(qn(f"w:{t}") for t in order[order.index(tag) + 1 :])


def _put(parent: Any, tag: str, order: Sequence[str], **attrs: str) -> Any:
    """Replace ``parent``'s child ``w:tag`` by a new one with ``attrs``, in schema order."""
    old = parent.find(qn(f"w:{tag}"))
    if old is not None:
        parent.remove(old)
    child = OxmlElement(f"w:{tag}", {qn(f"w:{k}"): v for k, v in attrs.items()})
    later = _later(tag, tuple(order))
    for i, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _drop(parent: Any, *tags: str) -> None:
    for tag in tags:
        for child in parent.findall(qn(f"w:{tag}")):
            parent.remove(child)


def _fonts_attrs(font: CnFont) -> dict[str, str]:
    return {
        "ascii": font.latin,
        "hAnsi": font.latin,
        "eastAsia": font.name,
        "cs": font.latin,
        "hint": "eastAsia",
    }


def _rpr_font(rpr: Any, font: CnFont, size: float | None = None) -> None:
    _put(rpr, "rFonts", _RPR_ORDER, **_fonts_attrs(font))
    if size is not None:
        half_points = str(round(size * 2))
        _put(rpr, "sz", _RPR_ORDER, val=half_points)
        _put(rpr, "szCs", _RPR_ORDER, val=half_points)


_W_R, _W_T = qn("w:r"), qn("w:t")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: Characters XML 1.0 cannot carry (a user's text may hold them; they would make saving fail).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@functools.cache
def _rpr_template(font: CnFont, size: float, bold: bool, underline: bool, strike: bool) -> Any:
    """A run's properties, built once per combination and copied into each run (a table of a
    thousand rows has tens of thousands of runs)."""
    rpr = OxmlElement("w:rPr")
    _rpr_font(rpr, font, size)
    if bold:
        _put(rpr, "b", _RPR_ORDER)
    if strike:
        _put(rpr, "strike", _RPR_ORDER)
    if underline:
        _put(rpr, "u", _RPR_ORDER, val="single")
    return rpr


def set_run_font(run: DocxRun, font: CnFont, size: float | None = None, *, color: str | None = None) -> None:
    """Name ``font`` on the run (``w:eastAsia`` and the Latin attributes), with a size in points."""
    rpr = run._r.get_or_add_rPr()
    _rpr_font(rpr, font, size)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _snap_off(ppr: Any) -> None:
    """Leave the character grid (titles, tables, footers keep their natural spacing)."""
    _put(ppr, "snapToGrid", _PPR_ORDER, val="0")


def _indent_chars(
    ppr: Any, *, first: float = 0, left: float = 0, right: float = 0, size: float = SIZE_3
) -> None:
    """Indents in characters (``w:firstLineChars`` …, which Word uses) and in twips (which
    other programs use), ``size`` being the character's size in points."""
    attrs: dict[str, str] = {}
    for name, chars in (("firstLine", first), ("left", left), ("right", right)):
        if chars:
            attrs[name] = str(round(chars * size * 20))
            attrs[f"{name}Chars"] = str(round(chars * 100))
    if first == 0:
        attrs["firstLine"], attrs["firstLineChars"] = "0", "0"
    _put(ppr, "ind", _PPR_ORDER, **attrs)


def _exact(fmt: Any, line: Any = LINE_PITCH) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


# --- the document's setup -------------------------------------------------------------------------


def _style(doc: DocxDocument, name: str) -> Any:
    try:
        return doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        return style


def _clean_style(style: Any) -> tuple[Any, Any]:
    """The style's pPr and rPr without the template's theme fonts, colours, bold and borders."""
    element = style.element
    rpr = element.get_or_add_rPr()
    _drop(rpr, "rFonts", "b", "bCs", "i", "iCs", "color", "spacing", "kern", "sz", "szCs")
    ppr = element.get_or_add_pPr()
    _drop(ppr, "pBdr", "contextualSpacing", "tabs")
    return ppr, rpr


def _setup_styles(doc: DocxDocument) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _rpr_font(rpr, FANGSONG, SIZE_3)
    _put(rpr, "lang", _RPR_ORDER, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _put(ppr, "spacing", _PPR_ORDER, after="0", line="240", lineRule="auto")

    normal = doc.styles["Normal"]
    ppr, rpr = _clean_style(normal)
    _rpr_font(rpr, FANGSONG, SIZE_3)
    _put(rpr, "spacing", _RPR_ORDER, val=str(CHAR_SPACING))
    _exact(normal.paragraph_format)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    body = _style(doc, "Body Text")
    ppr, rpr = _clean_style(body)
    _exact(body.paragraph_format)
    _indent_chars(ppr, first=2)

    title = doc.styles["Title"]
    ppr, rpr = _clean_style(title)
    _rpr_font(rpr, XIAOBIAOSONG, SIZE_2)
    _exact(title.paragraph_format, Pt(35))
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _snap_off(ppr)

    for name, font, level in (("Heading 1", HEITI, 0), ("Heading 2", KAITI, 1), ("Heading 3", FANGSONG, 2)):
        heading = doc.styles[name]
        ppr, rpr = _clean_style(heading)
        _rpr_font(rpr, font, SIZE_3)
        _exact(heading.paragraph_format)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _indent_chars(ppr, first=2)
        _put(ppr, "outlineLvl", _PPR_ORDER, val=str(level))
        _rpr_color_auto(rpr)

    table_text = _style(doc, "Table Text")
    ppr, rpr = _clean_style(table_text)
    _rpr_font(rpr, FANGSONG, SIZE_4)
    fmt = table_text.paragraph_format
    fmt.line_spacing_rule, fmt.space_before, fmt.space_after = WD_LINE_SPACING.SINGLE, Pt(0), Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _snap_off(ppr)

    footer = doc.styles["Footer"]
    ppr, rpr = _clean_style(footer)
    _rpr_font(rpr, SONGTI, SIZE_4)
    fmt = footer.paragraph_format
    fmt.line_spacing_rule, fmt.space_before, fmt.space_after = WD_LINE_SPACING.SINGLE, Pt(0), Pt(0)
    _snap_off(ppr)


def _rpr_color_auto(rpr: Any) -> None:
    _put(rpr, "color", _RPR_ORDER, val="000000")


def _setup_font_table(doc: DocxDocument) -> None:
    """List every font with its fallback (``w:altName``) and the GB2312 character set."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, fallback in FONT_TABLE.items():
        if name in known:
            continue
        font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): fallback})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "auto"})
        etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _setup_settings(doc: DocxDocument, landscape: bool) -> None:
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    doc.settings.odd_and_even_pages_header_footer = not landscape


def _text_width(section: Any) -> int:
    return int(section.page_width - section.left_margin - section.right_margin)


def _setup_page(doc: DocxDocument, landscape: bool) -> None:
    section = doc.sections[0]
    margins = LANDSCAPE_MARGINS_MM if landscape else PORTRAIT_MARGINS_MM
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(PAGE_HEIGHT_MM), Mm(PAGE_WIDTH_MM)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    section.header_distance = Mm(15)
    # The footer's bottom edge, so that its one line (18 pt) starts 7 mm below the 版心.
    section.footer_distance = Emu(Mm(margins.bottom - PAGE_NUMBER_GAP_MM) - Pt(18))
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))


def _page_number(paragraph: DocxParagraph) -> None:
    """ "— 1 —": em dashes around a PAGE field (its cached value 1)."""

    def run(text: str = "") -> DocxRun:
        r = paragraph.add_run(text)
        set_run_font(r, SONGTI, SIZE_4)
        return r

    run("— ")
    for kind in ("begin", "instr", "separate", "value", "end"):
        r = run()
        if kind == "instr":
            instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instr.text = " PAGE "
            r._r.append(instr)
        elif kind == "value":
            r.text = "1"
        else:
            r._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    run(" —")


def _setup_page_numbers(doc: DocxDocument, landscape: bool) -> None:
    section = doc.sections[0]
    one_char = 1.0
    if landscape:
        p = section.footer.paragraphs[0]
        p.style = doc.styles["Footer"]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number(p)
        return
    odd = section.footer.paragraphs[0]
    odd.style = doc.styles["Footer"]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _indent_chars(odd._p.get_or_add_pPr(), right=one_char, size=SIZE_4)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.style = doc.styles["Footer"]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _indent_chars(even._p.get_or_add_pPr(), left=one_char, size=SIZE_4)
    _page_number(even)


# --- the writer -----------------------------------------------------------------------------------


class GongwenWriter:
    """Builds an official document part by part; :func:`render_docx` drives it from data."""

    def __init__(self, *, landscape: bool = False, title: str = "", author: str = "") -> None:
        self.document: DocxDocument = _new_document()
        self.landscape = landscape
        _setup_styles(self.document)
        _setup_font_table(self.document)
        _setup_settings(self.document, landscape)
        _setup_page(self.document, landscape)
        _setup_page_numbers(self.document, landscape)
        props = self.document.core_properties
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        title, author = _XML_ILLEGAL.sub("", title), _XML_ILLEGAL.sub("", author) or "lvzhi"
        props.title, props.author, props.last_modified_by = title, author, author
        props.language, props.revision, props.created, props.modified = "zh-CN", 1, now, now
        props.comments = ""
        self._numbers = [0, 0, 0]
        self._style_ids: dict[str, str] = {}

    @property
    def text_width(self) -> int:
        """The 版心's width in EMU."""
        return _text_width(self.document.sections[0])

    # -- paragraphs --------------------------------------------------------------------------

    def _style_id(self, name: str) -> str:
        """The style's id, looked up once (python-docx scans every style on each lookup)."""
        sid = self._style_ids.get(name)
        if sid is None:
            sid = self._style_ids[name] = str(self.document.styles[name].style_id)
        return sid

    def _set_style(self, paragraph: DocxParagraph, name: str) -> None:
        if name != "Normal":
            paragraph._p.style = self._style_id(name)

    def _paragraph(self, style: str = "Normal") -> DocxParagraph:
        p = self.document.add_paragraph()
        self._set_style(p, style)
        return p

    def blank(self, lines: int = 1) -> None:
        """Empty lines of body text (the standard's "空一行")."""
        for _ in range(lines):
            self._paragraph()

    def _runs(
        self, paragraph: DocxParagraph, content: str | Sequence[Span], font: CnFont, size: float
    ) -> None:
        spans = [Span(content)] if isinstance(content, str) else content
        p = paragraph._p
        for span in spans:
            text = _XML_ILLEGAL.sub("", span.text)
            if not text:
                continue
            r = etree.SubElement(p, _W_R)
            r.append(copy.deepcopy(_rpr_template(font, size, span.bold, span.underline, span.strike)))
            if "\t" in text or "\n" in text or "\r" in text:
                DocxRun(r, paragraph).text = text  # python-docx writes w:tab and w:br
            else:
                t = etree.SubElement(r, _W_T)
                t.text = text
                if text != text.strip():
                    t.set(_XML_SPACE, "preserve")

    def letterhead(self, organ: str, number: str = "", signer: str = "") -> None:
        """版头 (§7.2): the organ's name in red 小标宋 (as large as fits, up to 初号), the
        发文字号 two lines below — centred; or, with a 签发人 (§7.2.5), the number one
        character in from the left and "签发人：" with the name in 楷体 one character in from
        the right — then the red line under that line (under the name when there is neither)."""
        width_pt = self.text_width / 12700
        size = min(SIZE_0, math.floor(width_pt * 0.96 / max(display_width(organ) / 2, 1)))
        mark = self._paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = mark.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(size * 1.2)
        fmt.space_before = Mm(35)
        _snap_off(mark._p.get_or_add_pPr())
        run = mark.add_run(_XML_ILLEGAL.sub("", organ))
        set_run_font(run, XIAOBIAOSONG, size, color=RED)
        under = mark
        if number or signer:
            self.blank(2)
            under = self._paragraph()
            ppr = under._p.get_or_add_pPr()
            if signer and number:
                _indent_chars(ppr, left=1)
                under.paragraph_format.tab_stops.add_tab_stop(
                    Emu(self.text_width - int(Pt(SIZE_3))), WD_TAB_ALIGNMENT.RIGHT
                )
                self._runs(under, number + "\t", FANGSONG, SIZE_3)
            elif signer:
                under.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _indent_chars(ppr, right=1)
            else:
                under.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _indent_chars(ppr)
                self._runs(under, number, FANGSONG, SIZE_3)
            if signer:
                self._runs(under, "签发人：", FANGSONG, SIZE_3)
                self._runs(under, signer, KAITI, SIZE_3)
        else:
            _indent_chars(under._p.get_or_add_pPr())
        bdr = _put(under._p.get_or_add_pPr(), "pBdr", _PPR_ORDER)
        # 4 mm below the number (w:space is in points, at most 31); 1.5 pt thick.
        bdr.append(
            OxmlElement(
                "w:bottom",
                {qn("w:val"): "single", qn("w:sz"): "12", qn("w:space"): "11", qn("w:color"): RED},
            )
        )
        self.blank(2)

    def title(self, text: str) -> DocxParagraph:
        """The title in 2号 小标宋, centred; a "\\n" breaks the line."""
        p = self._paragraph("Title")
        for k, line in enumerate(text.split("\n")):
            if k:
                p.add_run().add_break()
            self._runs(p, line, XIAOBIAOSONG, SIZE_2)
        return p

    def subtitle(self, text: str) -> DocxParagraph:
        """A line centred in 3号 楷体 under the title (题注: the organ and date of a report, a number)."""
        p = self._paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._runs(p, text, KAITI, SIZE_3)
        return p

    def addressee(self, text: str) -> DocxParagraph:
        """主送机关: flush left, ending with a full-width colon."""
        p = self._paragraph()
        self._runs(p, text if text.endswith(("：", ":")) else text + "：", FANGSONG, SIZE_3)
        return p

    def paragraph(
        self,
        content: str | Sequence[Span],
        *,
        align: Align = "justify",
        indent: bool = True,
        bullet: bool = False,
        font: CnFont | None = None,
    ) -> DocxParagraph:
        """A body paragraph (3号 仿宋, first line indented by two characters)."""
        p = self._paragraph("List Bullet" if bullet else "Body Text" if indent else "Normal")
        if align != "justify":
            p.alignment = _ALIGN[align]
        self._runs(p, content, font or FANGSONG, SIZE_3)
        return p

    def heading(self, text: str, level: int = 1) -> DocxParagraph:
        """A heading as Word's Heading 1/2/3 (黑体 / 楷体 / 仿宋, 3号), text as given."""
        level = min(max(level, 1), 3)
        p = self._paragraph(f"Heading {level}")
        self._runs(p, text, (HEITI, KAITI, FANGSONG)[level - 1], SIZE_3)
        return p

    def numbered_heading(self, text: str, level: int = 1) -> DocxParagraph:
        """A heading numbered "一、", "（一）" or "1." in document order."""
        level = min(max(level, 1), 3)
        self._numbers[level - 1] += 1
        for deeper in range(level, 3):
            self._numbers[deeper] = 0
        n = self._numbers[level - 1]
        label = (f"{cn_int(n)}、", f"（{cn_int(n)}）", f"{n}.")[level - 1]
        return self.heading(label + text, level)

    # -- tables ------------------------------------------------------------------------------

    def _column_widths(self, spec: Table) -> list[int]:
        total = self.text_width
        if spec.widths_mm:
            widths = [int(Mm(w)) for w in spec.widths_mm]
        else:
            columns = len(spec.header) or max((len(r) for r in spec.rows), default=1)
            weights = [float(min(max(display_width(h), 4), 40)) for h in spec.header] or [4.0] * columns
            for row in spec.rows[:200]:
                for i, value in enumerate(row[: len(weights)]):
                    weights[i] = max(weights[i], float(min(max(display_width(_cell_text(value)), 4), 40)))
            scale = sum(weights)
            widths = [int(total * w / scale) for w in weights]
        return widths

    def table(self, spec: Table) -> DocxTable:
        """A table in the body font, full width, the header row in 黑体 and repeated on each page."""
        doc = self.document
        columns = len(spec.header) or max((len(r) for r in spec.rows), default=1)
        table = doc.add_table(rows=1 if spec.header else 0, cols=columns)
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = self._column_widths(spec)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Emu(width)
        if spec.header:
            header = table.rows[0]
            _put(
                header._tr.get_or_add_trPr(), "tblHeader", ("cantSplit", "tblHeader", "tblCellSpacing", "jc")
            )
            for cell, text, width in zip(header.cells, spec.header, widths, strict=True):
                cell.width = Emu(width)
                self._fill(cell, [Para(text, align="center")], spec.font_size, HEITI)
        for values in spec.rows:
            row = table.add_row()
            for cell, value in zip(row.cells, values, strict=False):
                self._fill_value(cell, value, spec.font_size)
        return table

    def _fill_value(self, cell: _Cell, value: CellValue, size: float) -> None:
        if value is None or isinstance(value, str):
            self._fill(cell, [Para(value or "", align="left")], size)
        elif isinstance(value, bool | int | float):
            self._fill(cell, [Para(str(value), align="center")], size)
        elif isinstance(value, Para):
            self._fill(cell, [value], size)
        else:
            self._fill(cell, list(value), size)

    def _fill(self, cell: _Cell, paras: Sequence[Para], size: float, font: CnFont | None = None) -> None:
        """Write paragraphs into a table cell (Table Text style, no first-line indent)."""
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for k, para in enumerate(paras or [Para("")]):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            self._set_style(p, "Table Text")
            if para.align != "left":
                p.alignment = _ALIGN[para.align]
            self._runs(p, para.content, font or para.font or FANGSONG, size)

    # -- closing -----------------------------------------------------------------------------

    def signature(self, organ: str = "", date: dt.date | str | None = None, *, arabic: bool = False) -> None:
        """发文机关署名 and 成文日期 (GB/T 9704-2012 §7.3.5.2, without a seal): one line below the
        body; the organ two characters from the right, the date below it starting two
        characters further right (the organ moves left when the date is the longer)."""
        if isinstance(date, dt.date):
            date_text = arabic_date(date) if arabic else chinese_date(date)
        else:
            date_text = date or ""
        if not organ and not date_text:
            return
        self.blank()
        org_w, date_w = display_width(organ) / 2, display_width(date_text) / 2
        org_right, date_right = 2.0, 2.0
        if organ and date_text:
            date_right = org_right + org_w - date_w - 2
            if date_right < 2:
                date_right, org_right = 2.0, date_w + 4 - org_w
        for text, right, keep in ((organ, org_right, True), (date_text, date_right, False)):
            if text:
                p = self._paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.paragraph_format.keep_with_next = keep
                _indent_chars(p._p.get_or_add_pPr(), right=right)
                self._runs(p, text, FANGSONG, SIZE_3)

    # -- data --------------------------------------------------------------------------------

    def block(self, block: Block, *, numbered: bool = True, level: int = 1) -> None:
        """Write one block of :class:`Gongwen` data: a string is a paragraph per non-empty
        line (an empty string, an empty line)."""
        if isinstance(block, str):
            if not block.strip():
                self.blank()
            for line in block.split("\n"):
                if line.strip():
                    self.paragraph(line.strip())
        elif isinstance(block, Para):
            self.paragraph(
                block.content, align=block.align, indent=block.indent, bullet=block.bullet, font=block.font
            )
        elif isinstance(block, Heading):
            self.heading(block.text, block.level)
        elif isinstance(block, Table):
            self.table(block)
        else:
            if numbered:
                self.numbered_heading(block.heading, level)
            else:
                self.heading(block.heading, level)
            for inner in block.body:
                self.block(inner, numbered=numbered, level=level + 1)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _cell_text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return str(value)
    paras = [value] if isinstance(value, Para) else value
    return "\n".join(
        p.content if isinstance(p.content, str) else "".join(s.text for s in p.content) for p in paras
    )


def build_document(doc: Gongwen) -> GongwenWriter:
    """The writer with ``doc`` written into it (for callers that add more)."""
    w = GongwenWriter(landscape=doc.landscape, title=doc.title, author=doc.author or doc.organ)
    if doc.organ:
        w.letterhead(doc.organ, doc.number, doc.signer)
    w.title(doc.title)
    for line in doc.subtitle:
        w.subtitle(line)
    w.blank()
    if doc.addressee:
        w.addressee(doc.addressee)
    for block in doc.body:
        w.block(block, numbered=doc.numbered)
    w.signature(doc.signature, doc.date, arabic=doc.arabic_date)
    for block in doc.tail:
        w.block(block, numbered=doc.numbered)
    return w


def render_docx(doc: Gongwen) -> bytes:
    """The .docx file of ``doc``."""
    return build_document(doc).to_bytes()


def paragraphs(text: str) -> Iterable[str]:
    """The non-empty lines of a user's text, stripped: one body paragraph each."""
    return (line.strip() for line in text.splitlines() if line.strip())
