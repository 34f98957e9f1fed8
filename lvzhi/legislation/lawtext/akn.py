"""Akoma Ntoso 3.0 XML of one version of a regulation.

Structure: ``akomaNtoso/act`` with ``meta/identification`` (FRBR Work/Expression/
Manifestation), ``preface`` (title, enacting/amending notes), ``body`` with
``part``/``subpart``/``chapter``/``section`` (编/分编/章/节), ``article``, ``paragraph`` (款)
and ``list``/``point`` (项/目).  eIds follow the AKN naming convention: ``chp_1``,
``chp_1__sec_2``, ``art_10``, ``art_10-1`` (第十条之一), ``art_10__para_2``,
``art_10__para_2__point_3``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

from .model import DIVISION_NAMES, Article, Division, Document, Item, Paragraph

__all__ = ["AKN_NS", "to_akn"]

#: The Akoma Ntoso 3.0 namespace.
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_EID_PREFIX = {"part": "part", "subpart": "subpart", "chapter": "chp", "section": "sec"}
_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _q(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, _q(tag), {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _first_date(doc: Document) -> str | None:
    for note in doc.header.notes:
        m = _DATE_RE.search(note)
        if m:
            return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def _last_date(doc: Document) -> str | None:
    found = None
    for note in doc.header.notes:
        for m in _DATE_RE.finditer(note):
            found = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return found


def _meta(act: ET.Element, doc: Document, country: str, date: str | None) -> None:
    work_date = _first_date(doc) or date or "1970-01-01"
    expr_date = date or _last_date(doc) or work_date
    slug = quote(doc.title or "regulation", safe="")
    work = f"/akn/{country}/act/{work_date}/{slug}"
    expr = f"{work}/zho@{expr_date}"
    meta = _sub(act, "meta")
    ident = _sub(meta, "identification", source="#lvzhi")
    w = _sub(ident, "FRBRWork")
    _sub(w, "FRBRthis", value=f"{work}/!main")
    _sub(w, "FRBRuri", value=work)
    _sub(w, "FRBRdate", date=work_date, name="enactment")
    _sub(w, "FRBRauthor", href="#legislature")
    _sub(w, "FRBRcountry", value=country)
    e = _sub(ident, "FRBRExpression")
    _sub(e, "FRBRthis", value=f"{expr}/!main")
    _sub(e, "FRBRuri", value=expr)
    _sub(e, "FRBRdate", date=expr_date, name="version")
    _sub(e, "FRBRauthor", href="#legislature")
    _sub(e, "FRBRlanguage", language="zho")
    m = _sub(ident, "FRBRManifestation")
    _sub(m, "FRBRthis", value=f"{expr}/!main.xml")
    _sub(m, "FRBRuri", value=f"{expr}.akn")
    _sub(m, "FRBRdate", date=expr_date, name="generation")
    _sub(m, "FRBRauthor", href="#lvzhi")
    refs = _sub(meta, "references", source="#lvzhi")
    _sub(refs, "TLCOrganization", eId="lvzhi", href="/ontology/organization/lvzhi", showAs="lvzhi")
    _sub(
        refs,
        "TLCOrganization",
        eId="legislature",
        href="/ontology/organization/legislature",
        showAs="legislature",
    )


def _article_eid(article: Article) -> str:
    return f"art_{article.key}"


def _points(parent: ET.Element, intro: str, items: list[Item], base: str) -> None:
    lst = _sub(parent, "list", eId=f"{base}__list_1")
    if intro:
        _sub(_sub(lst, "intro"), "p", intro)
    for n, item in enumerate(items, start=1):
        eid = f"{base}__point_{n}"
        point = _sub(lst, "point", eId=eid)
        _sub(point, "num", item.label)
        if item.subitems:
            sub_list = _sub(point, "list", eId=f"{eid}__list_1")
            if item.text:
                _sub(_sub(sub_list, "intro"), "p", item.text)
            for m, sub in enumerate(item.subitems, start=1):
                sp = _sub(sub_list, "point", eId=f"{eid}__point_{m}")
                _sub(sp, "num", sub.label)
                _sub(_sub(sp, "content"), "p", sub.text)
        else:
            _sub(_sub(point, "content"), "p", item.text)


def _paragraph(parent: ET.Element, para: Paragraph, eid: str) -> None:
    el = _sub(parent, "paragraph", eId=eid)
    if para.items:
        _points(el, para.text, para.items, eid)
    else:
        _sub(_sub(el, "content"), "p", para.text)


def _article(parent: ET.Element, article: Article) -> None:
    eid = _article_eid(article)
    el = _sub(parent, "article", eId=eid)
    _sub(el, "num", article.label)
    if article.heading:
        _sub(el, "heading", article.heading)
    for n, para in enumerate(article.paragraphs, start=1):
        _paragraph(el, para, f"{eid}__para_{n}")


def _division(parent: ET.Element, division: Division, base: str) -> None:
    tag = DIVISION_NAMES[division.kind]
    eid = f"{base}__" if base else ""
    eid += f"{_EID_PREFIX[tag]}_{division.number}"
    el = _sub(parent, tag, eId=eid)
    _sub(el, "num", division.label)
    if division.compact_title:
        _sub(el, "heading", division.compact_title)
    for child in division.children:
        if isinstance(child, Article):
            _article(el, child)
        else:
            _division(el, child, eid)


def to_akn(doc: Document, *, country: str = "cn", date: str | None = None) -> str:
    """Serialise a document as Akoma Ntoso 3.0 XML (a complete, UTF-8 XML document).

    ``date`` (ISO) is the expression date; by default the last date in the header notes.
    Article eIds are global (``art_N``) because Chinese articles are numbered through the
    whole text; division eIds are hierarchical.
    """
    ET.register_namespace("", AKN_NS)
    root = ET.Element(_q("akomaNtoso"))
    act = _sub(root, "act", name="regulation", contains="singleVersion")
    _meta(act, doc, country, date)
    preface = _sub(act, "preface")
    title_p = _sub(_sub(preface, "longTitle"), "p")
    _sub(title_p, "docTitle", doc.title)
    for line in doc.header.lines:
        _sub(preface, "p", line.text, class_="note" if line.kind == "note" else "text")
    body = _sub(act, "body")
    seen: set[str] = set()
    for node in doc.body:
        if isinstance(node, Article):
            _article(body, node)
        else:
            _division(body, node, "")
    # eIds must be unique: disambiguate duplicates from malformed numbering
    for el in root.iter():
        eid = el.get("eId")
        if eid is None:
            continue
        candidate, n = eid, 2
        while candidate in seen:
            candidate = f"{eid}_{n}"
            n += 1
        seen.add(candidate)
        el.set("eId", candidate)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
