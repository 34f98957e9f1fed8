"""Parser tests on small fictional regulations (never copies of real texts)."""

from __future__ import annotations

import io
import json

import pytest

from lvzhi.legislation.lawtext import (
    Article,
    Chapter,
    EmptyDocumentError,
    LawTextError,
    NotARegulationError,
    ReadLimits,
    Section,
    TooLargeError,
    UnreadableFileError,
    normalise,
    parse_bytes,
    parse_file,
    parse_text,
    read_bytes,
    render_text,
    to_json,
)
from lvzhi.office.tests.bombs import docx_bomb, docx_with_body, paragraph
from lvzhi.office.zipguard import ZipLimits
from lvzhi.textkit.numerals import article_label, int_to_cn

DOG_RULES = """\
# 江澜市养犬管理条例

（2021年3月5日江澜市第十六届人民代表大会常务委员会第三十次会议通过
　2024年6月1日江澜市第十七届人民代表大会常务委员会第十二次会议修正）

目　录
第一章　总　则
第二章　登记与免疫
　第一节　登记
　第二节　免疫
第三章　附　则

## 第一章　总　则

**第一条**　为了规范养犬行为，保障公民健康和人身安全，根据有关法律、行政法规，结合本市实际，制定本条例。

第二条 本条例适用于本市行政区域内的养犬及其管理活动。

本条例所称犬只，是指家庭饲养的宠物犬。

## 第二章 登记与免疫

### 第一节 登记

第三条 养犬人应当遵守下列规定：
（一）为犬只办理登记；
(二)携犬出户时束犬链；
（三）及时清除犬只粪便，具体包括：
1. 在公共道路上随身携带清洁工具；
2．在小区内及时清理；
（四）其他规定。

第十条规定的登记机关应当公布办理流程。

第四条 依照本条例第三条规定办理登记的，登记机关应当在五个工作日内发放登记证。

### 第二节　免疫

第五条
犬只应当每年接种狂犬病疫苗。

第五条之一【免疫证明】 兽医机构应当出具免疫证明。

## 第三章　附　则

第六条　本条例自2021年5月1日起施行。
"""


def test_header_title_and_multiline_note() -> None:
    doc = parse_text(DOG_RULES)
    assert doc.title == "江澜市养犬管理条例"
    assert len(doc.header.notes) == 2
    assert doc.header.notes[0].startswith("（2021年3月5日")
    assert doc.header.notes[1].endswith("修正）")
    assert doc.header.preamble == []


def test_toc_is_separated_from_body() -> None:
    doc = parse_text(DOG_RULES)
    assert doc.toc is not None
    assert doc.toc.label == "目　录"
    assert doc.toc.entries[0] == "第一章　总　则"
    assert len(doc.toc.entries) == 5
    chapters = doc.divisions("章")
    assert [c.label for c in chapters] == ["第一章", "第二章", "第三章"]
    assert [c.compact_title for c in chapters] == ["总则", "登记与免疫", "附则"]
    assert all(isinstance(c, Chapter) for c in chapters)
    sections = doc.divisions("节")
    assert [(s.label, s.compact_title) for s in sections] == [("第一节", "登记"), ("第二节", "免疫")]
    assert all(isinstance(s, Section) for s in sections)


def test_toc_with_dot_leaders_and_page_numbers() -> None:
    text = (
        "江澜市河道管理条例\n目录\n第一章 总则……………1\n第二章 保护…………3\n"
        "第一章 总则\n第一条 为了保护河道，制定本条例。\n第二章 保护\n第二条 禁止向河道倾倒垃圾。\n"
    )
    doc = parse_text(text)
    assert doc.toc is not None and len(doc.toc.entries) == 2
    assert [c.compact_title for c in doc.divisions("章")] == ["总则", "保护"]
    assert doc.articles()[0].chapter_label == "第一章"
    assert normalise(render_text(doc)) == normalise(text)


def test_articles_numbers_suffix_and_keys() -> None:
    doc = parse_text(DOG_RULES)
    arts = doc.articles()
    assert [a.label for a in arts] == [
        "第一条",
        "第二条",
        "第三条",
        "第四条",
        "第五条",
        "第五条之一",
        "第六条",
    ]
    assert [a.number for a in arts] == [1, 2, 3, 4, 5, 5, 6]
    assert arts[5].suffix == 1 and arts[5].key == "5-1" and arts[5].anchor == "art-5-1"
    assert arts[5].heading == "免疫证明"
    assert arts[4].label_own_line
    assert arts[4].text == "犬只应当每年接种狂犬病疫苗。"


def test_paragraphs_items_and_subitems() -> None:
    doc = parse_text(DOG_RULES)
    art3 = doc.articles()[2]
    assert len(art3.paragraphs) == 2  # "第十条规定的…" is a paragraph, not an article
    para = art3.paragraphs[0]
    assert para.text == "养犬人应当遵守下列规定："
    assert [i.label for i in para.items] == ["（一）", "(二)", "（三）", "（四）"]
    assert [i.number for i in para.items] == [1, 2, 3, 4]
    assert [s.number for s in para.items[2].subitems] == [1, 2]
    assert art3.paragraphs[1].text.startswith("第十条规定的")
    art2 = doc.articles()[1]
    assert len(art2.paragraphs) == 2


def test_chapter_and_section_recorded_on_articles() -> None:
    doc = parse_text(DOG_RULES)
    art3 = doc.articles()[2]
    assert art3.chapter_label == "第二章" and art3.chapter_title == "登记与免疫"
    assert art3.section_label == "第一节" and art3.section_title == "登记"
    assert doc.articles()[0].section_label is None


def test_reference_inside_text_does_not_start_article() -> None:
    doc = parse_text(DOG_RULES)
    art4 = doc.articles()[3]
    assert "依照本条例第三条规定" in art4.text
    assert len(doc.articles()) == 7


def test_round_trip_plain_and_markdown() -> None:
    doc = parse_text(DOG_RULES)
    assert normalise(render_text(doc)) == normalise(DOG_RULES)
    assert normalise(render_text(doc, markdown=True)) == normalise(DOG_RULES)
    again = parse_text(render_text(doc))
    assert [a.full_text for a in again.articles()] == [a.full_text for a in doc.articles()]


def test_normalise_rules() -> None:
    text = "# 标题\n\n\u200b\n**第一条**\u3000\u3000内容  甲\n<!-- INFO END -->\n"
    assert normalise(text) == "标题\n第一条 内容 甲"


def test_half_width_spaces_blank_lines_and_no_space_label() -> None:
    text = "江澜市河道管理条例\n\n\n第一条为了管理河道，制定本条例。\n\n第二条  本条例适用于本市河道。\n"
    doc = parse_text(text)
    assert [a.number for a in doc.articles()] == [1, 2]
    assert doc.articles()[0].text == "为了管理河道，制定本条例。"
    assert normalise(render_text(doc)) == normalise(text)


def test_line_start_reference_variants_are_paragraphs() -> None:
    text = (
        "江澜市测试条例\n第一条 总则。\n第二条 内容。\n"
        "第一条至第二条所称单位，包括机关。\n第二条第一款规定的情形除外。\n第三条 附则。\n"
    )
    doc = parse_text(text)
    assert [a.number for a in doc.articles()] == [1, 2, 3]
    assert len(doc.articles()[1].paragraphs) == 3


def test_large_chinese_numbers() -> None:
    lines = ["江澜市大型法典"]
    for n in range(1, 651):
        lines.append(f"{article_label(n)} 第{n}条的内容，依照本法第{int_to_cn(max(1, n - 1))}条规定执行。")
    doc = parse_text("\n".join(lines))
    arts = doc.articles()
    assert len(arts) == 650
    assert [a.number for a in arts] == list(range(1, 651))
    assert arts[-1].label == "第六百五十条"
    assert doc.warnings == []


def test_warnings_for_numbering_problems() -> None:
    doc = parse_text("江澜市条例\n第一条 甲。\n第三条 乙。\n第三条 丙。\n")
    assert len(doc.warnings) == 2


def test_division_heading_wrapped_over_two_lines() -> None:
    text = "江澜市条例\n第一章 总则\n第一条 甲。\n第二章 市人民代表大会常务委员会\n制定地方性法规的程序\n第二条 乙。\n"
    doc = parse_text(text)
    chapter = doc.divisions("章")[1]
    assert chapter.compact_title == "市人民代表大会常务委员会制定地方性法规的程序"
    assert normalise(render_text(doc)) == normalise(text)


def test_parts_and_subparts() -> None:
    text = "江澜市法典\n第一编 总则\n第一章 基本规定\n第一条 甲。\n第二编 物权\n第一分编 通则\n第一章 一般规定\n第二条 乙。\n"
    doc = parse_text(text)
    assert [d.kind for d in doc.divisions()] == ["编", "章", "编", "分编", "章"]
    assert doc.articles()[1].part_label == "第二编"
    assert normalise(render_text(doc)) == normalise(text)


def test_to_json_shape() -> None:
    data = to_json(parse_text(DOG_RULES))
    json.dumps(data, ensure_ascii=False)
    assert data["title"] == "江澜市养犬管理条例"
    assert data["article_count"] == 7
    art = data["articles"][2]
    assert art["number"] == 3 and isinstance(art["number"], int)
    assert art["label"] == "第三条"
    assert art["chapter"] == {"label": "第二章", "title": "登记与免疫"}
    assert art["paragraphs"][0]["items"][2]["subitems"][0]["number"] == 1
    assert data["body"][0]["type"] == "chapter"


# ---- files and errors -------------------------------------------------------------------


def test_gb18030_and_utf16_and_bom(tmp_path: pytest.TempPathFactory) -> None:
    text = "江澜市公园条例\n第一条 为了管理公园，制定本条例。\n"
    for name, data in (
        ("gb.txt", text.encode("gb18030")),
        ("u16.txt", text.encode("utf-16")),
        ("bom.md", b"\xef\xbb\xbf" + text.encode("utf-8")),
    ):
        doc = parse_bytes(data, filename=name)
        assert doc.title == "江澜市公园条例"
        assert len(doc.articles()) == 1


def test_utf8_with_one_damaged_byte_is_still_utf8() -> None:
    text = "江澜市公园条例\n第一条 为了管理公园，制定本条例。\n第二条 公园实行免费开放。\n" * 3
    data = text.encode("utf-8")
    damaged = data[:40] + b"\xff" + data[40:]
    doc = parse_bytes(damaged, filename="park.txt")
    assert doc.title == "江澜市公园条例"


def test_docx_input(tmp_path: object) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in [
        "江澜市公园条例",
        "（2022年1月1日通过）",
        "第一章 总则",
        "第一条 为了管理公园，制定本条例。",
        "第二条 公园实行免费开放。",
        "有下列情形之一的除外：",
        "（一）维修期间；",
        "（二）特殊活动期间。",
    ]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "第三条 本条例自公布之日起施行。"
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_bytes(buffer.getvalue(), filename="park.docx")
    assert doc.title == "江澜市公园条例"
    assert [a.number for a in doc.articles()] == [1, 2, 3]
    assert len(doc.articles()[1].paragraphs[1].items) == 2


def _python_docx_text(data: bytes) -> str:
    """How the reader read a .docx before it streamed: python-docx's whole document."""
    docx = pytest.importorskip("docx")
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def test_the_streaming_docx_reader_reads_what_python_docx_reads() -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("江澜市公园条例")
    first = document.add_paragraph("第一条\t为了管理")
    first.add_run("公园").add_break()
    first.add_run("，制定本条例。")
    table = document.add_table(rows=3, cols=3)
    for i in range(3):
        for j in range(3):
            table.cell(i, j).text = f"格{i}{j}"
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(1, 2).merge(table.cell(2, 2))
    table.cell(1, 0).add_paragraph("第二段")
    table.cell(2, 0).add_table(rows=1, cols=1).cell(0, 0).text = "嵌套"
    document.add_paragraph("第二条 公园实行免费开放。")
    document.add_page_break()
    document.add_paragraph("第三条 附则。")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_bytes(buffer.getvalue(), filename="park.docx")
    assert text == _python_docx_text(buffer.getvalue())
    assert "第一条\t为了管理公园\n，制定本条例。" in text and "嵌套" not in text


def test_a_docx_bomb_is_refused_before_it_is_unpacked() -> None:
    with pytest.raises(TooLargeError) as info:
        parse_bytes(docx_bomb(1024), filename="bomb.docx")  # 1 GB of XML in 4 MB
    assert info.value.what == "ratio" and info.value.limit == 200
    assert "200" in str(info.value)


def test_a_docx_over_the_size_limit_is_refused() -> None:
    data = docx_with_body(paragraph("第一条 本条例自公布之日起施行。"), 40_000)  # 2.5 MB unpacked
    limits = ReadLimits(zip=ZipLimits(max_bytes=1024 * 1024))
    with pytest.raises(TooLargeError) as info:
        read_bytes(data, filename="long.docx", limits=limits)
    assert info.value.what == "bytes" and info.value.limit == 1024 * 1024


def test_reading_a_long_docx_stops_at_the_character_limit() -> None:
    data = docx_with_body(paragraph("第一条 本条例自公布之日起施行。"), 40_000)  # 640,000 characters
    assert len(read_bytes(data, filename="long.docx")) > 600_000
    with pytest.raises(TooLargeError) as info:
        read_bytes(data, filename="long.docx", limits=ReadLimits(max_chars=100_000))
    assert info.value.what == "chars" and info.value.limit == 100_000
    assert 100_000 < info.value.found < 101_000  # it stopped there


def test_a_text_file_over_the_character_limit_is_refused() -> None:
    data = ("第一条 本条例自公布之日起施行。\n" * 10_000).encode()
    with pytest.raises(TooLargeError) as info:
        parse_bytes(data, filename="long.txt", limits=ReadLimits(max_chars=50_000))
    assert info.value.what == "chars" and info.value.found == 170_000


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"", "empty.txt", EmptyDocumentError),
        (b"   \n\n  ", "blank.txt", EmptyDocumentError),
        (bytes(range(256)) * 8, "garbage.txt", UnreadableFileError),
        (b"\x81\x30\xff\xfe\xfd" * 50 + b"\x80\x80", "bad.txt", UnreadableFileError),
        ("这是一段普通的文字，没有任何条文。\n第二段。".encode(), "prose.txt", NotARegulationError),
        (b"PK\x03\x04not really a zip", "broken.docx", UnreadableFileError),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", UnreadableFileError),
        (b"%PDF-1.4 ...", "law.pdf", UnreadableFileError),
    ],
)
def test_unreadable_inputs(data: bytes, name: str, error: type[LawTextError]) -> None:
    with pytest.raises(error) as info:
        parse_bytes(data, filename=name)
    message = str(info.value)
    assert message and "\n" not in message


def test_missing_file(tmp_path: object) -> None:
    with pytest.raises(UnreadableFileError, match="file not found"):
        parse_file("/nonexistent/dir/law.md")


def test_article_type() -> None:
    art = parse_text("江澜市条例\n第一条 甲。\n").articles()[0]
    assert isinstance(art, Article)
    assert art.full_text == "第一条 甲。"


# --- labels followed directly by a reference-like character (issue 13.3, item 7) ----------


def test_label_without_separator_filling_a_gap_is_an_article() -> None:
    """ "第二条第一款规定…" right after 第一条 and before 第三条 is article 2 written without a
    space; the same line inside article 2 (before 第三条) would be a reference."""
    text = (
        "江澜市测试条例\n第一条 总则。\n第二条第一款规定的期间，不包括路途上的时间。\n"
        "第三条至第五条的规定，适用于本章。\n第四条 内容。\n第五条的规定不适用于下列情形：\n"
        "（一）甲；\n（二）乙。\n第六条 附则。\n"
    )
    doc = parse_text(text)
    assert [a.number for a in doc.articles()] == [1, 2, 3, 4, 5, 6]
    assert doc.articles()[1].text == "第一款规定的期间，不包括路途上的时间。"
    assert doc.warnings == []
    assert normalise(render_text(doc)) == normalise(text)


def test_label_without_separator_that_is_a_reference_stays_a_paragraph() -> None:
    text = "江澜市测试条例\n第九条 甲。\n第十条规定的登记机关另有规定的除外。\n第十条 乙。\n第十一条 丙。\n"
    doc = parse_text(text)
    assert [a.number for a in doc.articles()] == [9, 10, 11]
    assert len(doc.articles()[0].paragraphs) == 2


def test_zhi_yi_label_without_separator_filling_a_gap() -> None:
    text = (
        "江澜市测试条例\n第一百三十三条 甲。\n第一百三十三条之一规定的情形，依照本条处理。\n"
        "第一百三十四条 乙。\n"
    )
    doc = parse_text(text)
    assert [a.label for a in doc.articles()] == ["第一百三十三条", "第一百三十三条之一", "第一百三十四条"]


def test_label_with_colon_or_full_width_space() -> None:
    text = "江澜市测试条例\n第一条 甲。\n第二条：乙。\n\u3000\u3000第三条\u3000丙。\n第四条\u00a0丁。\n"
    doc = parse_text(text)
    assert [a.number for a in doc.articles()] == [1, 2, 3, 4]
    assert normalise(render_text(doc)) == normalise(text)


def test_quoted_article_in_amendment_text_is_not_an_article() -> None:
    text = (
        "江澜市关于修改某条例的决定\n第一条 将第五条修改为：\n“第五条　新的内容。”\n"
        "“第五条之一　增加的内容。”\n第二条 本决定自公布之日起施行。\n"
    )
    doc = parse_text(text)
    assert [a.number for a in doc.articles()] == [1, 2]
    assert len(doc.articles()[0].paragraphs) == 3
