"""Diff semantics and outputs on small fictional regulations."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from lvzhi.legislation.lawtext import (
    DiffResult,
    char_diff,
    diff_documents,
    docx_bytes,
    parse_text,
    render_decision,
    render_html,
    to_akn,
)
from lvzhi.legislation.lawtext.akn import AKN_NS

from .conftest import assert_partition

OLD = """\
江澜市公园管理条例
（2020年1月1日通过）
第一章 总则
第一条 为了加强公园管理，保护公园资源，制定本条例。
第二条 本条例适用于本市行政区域内公园的规划、建设和管理。
第三条 市园林绿化部门负责全市公园的监督管理工作。区园林绿化部门负责本辖区公园的管理工作。
第二章 管理
第四条 公园管理单位应当建立健全安全管理制度，定期开展安全检查，及时消除安全隐患。
第五条 游人应当遵守公园游览规定，爱护公园设施，不得损毁花草树木。
第六条 违反本条例第五条规定的，由公园管理单位予以劝阻。
第七条 公园内禁止燃放烟花爆竹、焚烧树叶和垃圾、擅自设置摊点。
第三章 附则
第八条 本条例自2020年3月1日起施行。
"""


def _diff(old: str, new: str) -> DiffResult:
    result = diff_documents(parse_text(old), parse_text(new))
    assert_partition(result)
    return result


def _ops(result: DiffResult) -> list[tuple[str, list[str], list[str]]]:
    return [(e.op, [a.label for a in e.old], [b.label for b in e.new]) for e in result.entries]


def test_self_diff_is_all_unchanged() -> None:
    result = _diff(OLD, OLD)
    assert {e.op for e in result.entries} == {"unchanged"}
    assert not result.renumbering
    assert all(d.op == "unchanged" for d in result.divisions)


def test_modified_with_character_changes() -> None:
    new = OLD.replace("定期开展安全检查", "每月开展安全检查")
    result = _diff(OLD, new)
    entry = next(e for e in result.entries if e.op == "modified")
    assert entry.old[0].label == "第四条"
    changed = [c for c in entry.changes if c.op != "equal"]
    assert [(c.op, c.old, c.new) for c in changed] == [("replace", "定期", "每月")]
    assert "".join(c.old for c in entry.changes) == entry.old_text
    assert "".join(c.new for c in entry.changes) == entry.new_text


def test_insert_delete_and_renumbering_with_reference_update() -> None:
    new = (
        OLD.replace(
            "第三条 市园林绿化部门负责全市公园的监督管理工作。区园林绿化部门负责本辖区公园的管理工作。\n", ""
        )
        .replace("第四条", "第三条")
        .replace("第五条 游人", "第四条 游人")
        .replace("第六条 违反本条例第五条规定的", "第五条 违反本条例第四条规定的")
        .replace("第七条", "第六条")
        .replace("第八条", "第七条")
    )
    new = new.replace(
        "第六条 公园内禁止", "第六条 公园应当设置无障碍设施和母婴室，方便特殊人群游览。\n第七条 公园内禁止"
    )
    new = new.replace("第七条 本条例自", "第八条 本条例自")
    result = _diff(OLD, new)
    ops = _ops(result)
    assert ("deleted", ["第三条"], []) in ops
    assert ("inserted", [], ["第六条"]) in ops
    assert ("unchanged", ["第四条"], ["第三条"]) in ops
    assert ("renumbered", ["第六条"], ["第五条"]) in ops  # only the reference 第五条 → 第四条 changed
    assert ("unchanged", ["第八条"], ["第八条"]) in ops
    assert result.renumbering
    unchanged = next(e for e in result.entries if e.old and e.old[0].label == "第四条")
    assert unchanged.renumbered
    decision = render_decision(result)
    assert "删去第三条。" in decision
    assert "增加一条，作为第六条：“公园应当设置无障碍设施和母婴室，方便特殊人群游览。”" in decision
    assert decision.rstrip().splitlines()[-3] == "此外，对条文顺序作相应调整。"


def test_moved_article() -> None:
    lines = OLD.splitlines()
    art2 = lines.index(next(line for line in lines if line.startswith("第二条")))
    moved = lines.pop(art2)
    target = lines.index(next(line for line in lines if line.startswith("第七条")))
    lines.insert(target + 1, moved)
    text = "\n".join(lines)
    for old_num, new_num in (
        ("第三条", "第二条"),
        ("第四条", "第三条"),
        ("第五条 ", "第四条 "),
        ("第六条", "第五条"),
        ("第七条", "第六条"),
    ):
        text = text.replace(old_num, new_num, 1)
    text = text.replace("第二条 本条例适用于", "第七条 本条例适用于").replace(
        "违反本条例第五条规定", "违反本条例第四条规定"
    )
    result = _diff(OLD, text)
    ops = _ops(result)
    assert ("moved", ["第二条"], ["第七条"]) in ops
    assert sum(1 for op in ops if op[0] == "moved") == 1
    entry = next(e for e in result.entries if e.op == "moved")
    assert entry.chapter_changed  # from 总则 into 管理


def test_split_and_merge() -> None:
    split = OLD.replace(
        "第三条 市园林绿化部门负责全市公园的监督管理工作。区园林绿化部门负责本辖区公园的管理工作。",
        "第三条 市园林绿化部门负责全市公园的监督管理工作。\n第四条 区园林绿化部门负责本辖区公园的管理工作。",
    )
    renumbered = split
    for old_label, new_label in (
        ("第八条 本条例", "第九条 本条例"),
        ("第七条 公园", "第八条 公园"),
        ("第六条 违反本条例第五条", "第七条 违反本条例第六条"),
        ("第五条 游人", "第六条 游人"),
        ("第四条 公园管理", "第五条 公园管理"),
    ):
        renumbered = renumbered.replace(old_label, new_label)
    result = _diff(OLD, renumbered)
    assert ("split", ["第三条"], ["第三条", "第四条"]) in _ops(result)
    assert "将第三条分为两条" in render_decision(result)
    back = _diff(renumbered, OLD)
    assert ("merged", ["第三条", "第四条"], ["第三条"]) in _ops(back)


def test_chapter_rename_and_insert() -> None:
    new = OLD.replace("第二章 管理", "第二章 管理与保护").replace(
        "第三章 附则", "第三章 法律责任\n第九条 违反本条例规定的，依法处理。\n第四章 附则"
    )
    result = _diff(OLD, new)
    kinds = {(d.op, d.old.label if d.old else None, d.new.label if d.new else None) for d in result.divisions}
    assert ("renamed", "第二章", "第二章") in kinds
    assert ("inserted", None, "第三章") in kinds
    assert ("renumbered", "第三章", "第四章") in kinds
    decision = render_decision(result)
    assert "将第二章章名修改为“管理与保护”。" in decision
    assert "增加一章，作为第三章，章名为“法律责任”。" in decision


def test_char_diff_segments_reassemble() -> None:
    a, b = "依照第十二条规定处一万元罚款", "依照第十四条规定处二十万元罚款"
    changes = char_diff(a, b)
    assert "".join(c.old for c in changes) == a
    assert "".join(c.new for c in changes) == b
    assert ("replace", "十二", "十四") in [(c.op, c.old, c.new) for c in changes]


def test_uids_follow_articles_across_versions() -> None:
    v1 = parse_text(OLD)
    v2 = parse_text(OLD.replace("第一条 为了", "第一条 为了更好地"))
    diff_documents(v1, v2)
    assert [a.uid for a in v2.articles()] == [a.uid for a in v1.articles()]
    v3 = parse_text(
        OLD.replace("第一章 总则\n", "第一章 总则\n第一条 新增的条文内容与其他条文无关。\n").replace(
            "第一条 为了", "第二条 为了"
        )
    )
    result = diff_documents(v2, v3)
    assert (v3.articles()[0].uid or "").startswith("new:")
    assert v3.articles()[1].uid == v1.articles()[0].uid
    assert len({a.uid for a in v3.articles()}) == len(v3.articles())
    assert_partition(result)


# ---- outputs ------------------------------------------------------------------------------


def test_html_is_escaped_and_self_contained() -> None:
    new = OLD.replace("不得损毁花草树木", "不得损毁花草树木<script>alert(1)</script>&")
    html = render_html(_diff(OLD, new))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "<ins>" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html
    assert html.startswith("<!DOCTYPE html>")
    assert "修改前" in html and "修改后" in html and "说明" in html


def test_html_marks_deletions_and_renumbering() -> None:
    new = OLD.replace(
        "第三条 市园林绿化部门负责全市公园的监督管理工作。区园林绿化部门负责本辖区公园的管理工作。\n", ""
    )
    html = render_html(_diff(OLD, new), include_unchanged=False)
    assert "<del>" in html
    assert "op-deleted" in html
    assert '<tr class="op-unchanged"' not in html


def test_docx_table() -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    new = OLD.replace("定期开展安全检查", "每月开展安全检查").replace(
        "第五条 游人应当遵守公园游览规定，", "第五条 游人应当"
    )
    data = docx_bytes(_diff(OLD, new))
    document = docx.Document(io.BytesIO(data))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["修改前", "修改后", "说明"]
    runs = [r for row in table.rows for cell in row.cells for p in cell.paragraphs for r in p.runs]
    struck = [r.text for r in runs if r.font.strike]
    inserted = [r.text for r in runs if r.bold and r.underline]
    assert "定期" in struck and "每月" in inserted
    assert "遵守公园游览规定，" in struck
    from lvzhi.office.testing import assert_gongwen_page

    assert_gongwen_page(data, landscape=True)  # A4 turned, the 公文 版心 156 × 225 mm
    assert document.paragraphs[0].style.name == "Title" and document.paragraphs[0].text.endswith(
        "修改前后对照表"
    )
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # the header row on every page
    fonts = {r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs}
    assert fonts == {"黑体", "仿宋_GB2312"}  # header in 黑体, the text in the body font


def test_akn_xml() -> None:
    xml = to_akn(parse_text(OLD.replace("第八条", "第七条之一")))
    root = ET.fromstring(xml.split("\n", 1)[1])
    assert root.tag == f"{{{AKN_NS}}}akomaNtoso"
    ns = {"a": AKN_NS}
    articles = root.findall(".//a:article", ns)
    assert len(articles) == 8
    assert articles[-1].get("eId") == "art_7-1"
    chapters = root.findall(".//a:body/a:chapter", ns)
    assert [c.get("eId") for c in chapters] == ["chp_1", "chp_2", "chp_3"]
    eids = [el.get("eId") for el in root.iter() if el.get("eId")]
    assert len(eids) == len(set(eids))
    assert root.find(".//a:FRBRWork/a:FRBRdate", ns).get("date") == "2020-01-01"  # type: ignore[union-attr]


def test_decision_fine_grained_formulations() -> None:
    new = OLD.replace("定期开展安全检查", "每月开展安全检查").replace("焚烧树叶和垃圾、", "")
    decision = render_decision(_diff(OLD, new))
    assert "一、将第四条中的“定期”修改为“每月”。" in decision
    assert "二、删去第七条中的“焚烧树叶和垃圾、”。" in decision
    assert "此外" not in decision
    assert decision.startswith("关于修改《江澜市公园管理条例》的决定（草案）")
