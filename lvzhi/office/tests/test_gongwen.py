"""Official documents: GB/T 9704-2012 page, fonts, heading styles, page numbers, tables."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from lvzhi.office import gongwen as gw
from lvzhi.office.gongwen import Gongwen, Heading, Para, Section, Span, Table, render_docx
from lvzhi.office.testing import assert_gongwen_page

ORGAN = "江澜市人民代表大会常务委员会办公厅"


def sample(**kw: Any) -> Gongwen:
    values: dict[str, Any] = {
        "organ": ORGAN,
        "number": "江人办〔2026〕3号",
        "title": "关于做好代表建议办理工作的通知",
        "addressee": "各区人大常委会",
        "body": [
            Section(
                "总体要求",
                [
                    "为了贯彻落实代表法，现就有关事项通知如下。",
                    Section("明确责任", ["各承办单位要明确分管领导。"]),
                    Section(
                        "按期答复", ["承办单位应当按期答复。", Section("书面答复", ["答复应当书面作出。"])]
                    ),
                ],
            ),
            Section(
                "工作要求", [Table(["承办单位", "件数"], [["江澜市教育局", 3], ["江澜市卫生健康委员会", 10]])]
            ),
        ],
        "signature": ORGAN,
        "date": dt.date(2026, 12, 3),
    }
    values.update(kw)
    return Gongwen(**values)


def _open(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def _sect(document: Any) -> Any:
    return document.sections[0]._sectPr


def test_page_is_a4_with_the_gongwen_margins_in_emu_and_twips() -> None:
    data = render_docx(sample())
    assert_gongwen_page(data)
    section = _open(data).sections[0]
    # python-docx reads the twips back as EMU (635 per twip): within a twip of the millimetres
    assert abs(section.page_width - gw.Mm(210)) < 635 and abs(section.page_height - gw.Mm(297)) < 635
    assert abs(section.top_margin - gw.Mm(37)) < 635 and abs(section.left_margin - gw.Mm(28)) < 635
    assert abs(section.right_margin - gw.Mm(26)) < 635 and abs(section.bottom_margin - gw.Mm(35)) < 635
    grid = _sect(_open(data)).find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines in 225 mm


def _runs(document: Any, style: str) -> list[Any]:
    return [r for p in document.paragraphs if p.style.name == style for r in p.runs]


def _fonts(run: Any) -> dict[str, str]:
    rfonts = run._r.rPr.find(qn("w:rFonts"))
    return {k: rfonts.get(qn(f"w:{k}")) for k in ("eastAsia", "ascii", "hAnsi", "hint")}


def test_title_and_body_fonts_on_the_runs() -> None:
    document = _open(render_docx(sample()))
    title = _runs(document, "Title")
    assert [r.text for r in title] == ["关于做好代表建议办理工作的通知"]
    assert _fonts(title[0]) == {
        "eastAsia": "方正小标宋简体",
        "ascii": "Times New Roman",
        "hAnsi": "Times New Roman",
        "hint": "eastAsia",
    }
    assert title[0].font.size == gw.Pt(22)  # 2号
    body = _runs(document, "Body Text")
    assert body and all(_fonts(r)["eastAsia"] == "仿宋_GB2312" and r.font.size == gw.Pt(16) for r in body)
    style = document.styles["Body Text"]
    ind = style.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200" and ind.get(qn("w:firstLine")) == "640"  # 2 × 16 pt
    spacing = document.styles["Normal"].element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact" and 28 * 20 <= int(spacing.get(qn("w:line"))) <= 29 * 20


def test_fallback_fonts_are_named_in_the_font_table() -> None:
    document = _open(render_docx(sample()))
    part = document.part.part_related_by(gw.RT.FONT_TABLE)
    root = gw.etree.fromstring(part.blob)
    alt = {
        f.get(qn("w:name")): f.find(qn("w:altName")).get(qn("w:val"))
        for f in root.findall(qn("w:font"))
        if f.find(qn("w:altName")) is not None
    }
    assert alt["方正小标宋简体"] == "宋体" and alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    assert alt["黑体"] == "SimHei" and alt["宋体"] == "SimSun"
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_headings_use_word_heading_styles_with_outline_levels() -> None:
    document = _open(render_docx(sample()))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "一、总体要求"),
        ("Heading 2", "（一）明确责任"),
        ("Heading 2", "（二）按期答复"),
        ("Heading 3", "1.书面答复"),
        ("Heading 1", "二、工作要求"),
    ]
    for name, level, font in (("Heading 1", "0", "黑体"), ("Heading 2", "1", "楷体_GB2312")):
        style = document.styles[name]
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == level
        assert style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == font
        assert style.font.size == gw.Pt(16) and not style.font.bold  # 3号, not bold
        runs = _runs(document, name)
        assert runs and all(_fonts(r)["eastAsia"] == font for r in runs)


def test_unnumbered_document_and_explicit_heading() -> None:
    document = _open(
        render_docx(
            Gongwen(title="T", body=[Section("Overview", ["x"]), Heading("As given", 2)], numbered=False)
        )
    )
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")] == [
        "Overview",
        "As given",
    ]


def test_page_numbers_in_the_footer_odd_right_even_left() -> None:
    document = _open(render_docx(sample()))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for paragraph in (odd, even):
        xml = paragraph._p.xml
        assert 'w:fldCharType="begin"' in xml and "PAGE" in xml and 'w:fldCharType="end"' in xml
        assert paragraph.text == "— 1 —"  # em dashes around the cached page number
        assert all(_fonts(r)["eastAsia"] == "宋体" and r.font.size == gw.Pt(14) for r in paragraph.runs)
    assert odd.alignment == gw.WD_ALIGN_PARAGRAPH.RIGHT and even.alignment == gw.WD_ALIGN_PARAGRAPH.LEFT
    assert odd._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "100"  # one character in
    assert even._p.pPr.find(qn("w:ind")).get(qn("w:leftChars")) == "100"
    # the page number's top is 7 mm below the 版心: footer distance + one 18 pt line = 35 − 7 mm
    assert abs(section.footer_distance + gw.Pt(18) - gw.Mm(28)) < 635


def test_letterhead_in_red_with_the_separator_line() -> None:
    document = _open(render_docx(sample()))
    mark = document.paragraphs[0]
    assert mark.text == ORGAN and mark.alignment == gw.WD_ALIGN_PARAGRAPH.CENTER
    run = mark.runs[0]
    assert str(run.font.color.rgb) == "FF0000" and _fonts(run)["eastAsia"] == "方正小标宋简体"
    assert abs(mark.paragraph_format.space_before - gw.Mm(35)) < 635  # its top 35 mm below the 版心
    number = next(p for p in document.paragraphs if p.text == "江人办〔2026〕3号")
    border = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "FF0000" and border.get(qn("w:val")) == "single"
    texts = [p.text for p in document.paragraphs]
    n = texts.index("江人办〔2026〕3号")
    assert texts[n - 2 : n] == ["", ""] and texts[n + 1 : n + 3] == ["", ""]  # 空二行 each side
    assert texts[n + 3] == "关于做好代表建议办理工作的通知" and texts[n + 5] == "各区人大常委会："


def test_signature_and_date_in_chinese_numerals() -> None:
    document = _open(render_docx(sample()))
    texts = [p.text for p in document.paragraphs]
    assert texts[-2:] == [ORGAN, "二〇二六年十二月三日"]
    organ, date = document.paragraphs[-2], document.paragraphs[-1]

    def right_chars(p: Any) -> int:
        return int(p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")))

    # organ 17 characters, date 10: the date's first character two to the right of the organ's
    assert right_chars(organ) == 200
    assert right_chars(organ) + 1700 == right_chars(date) + 1000 + 200
    # a date longer than the organ: the date stays two characters in, the organ moves left
    short = _open(render_docx(sample(signature="办公厅")))
    organ, date = short.paragraphs[-2], short.paragraphs[-1]
    assert right_chars(date) == 200 and right_chars(organ) + 300 == 200 + 1000 + 200
    arabic = _open(render_docx(sample(arabic_date=True)))
    assert arabic.paragraphs[-1].text == "2026年12月3日"


def test_tables_in_the_body_font_with_a_repeated_header() -> None:
    document = _open(render_docx(sample()))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["承办单位", "件数"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    header_runs = [r for c in table.rows[0].cells for p in c.paragraphs for r in p.runs]
    assert {_fonts(r)["eastAsia"] for r in header_runs} == {"黑体"}
    body_runs = [r for row in table.rows[1:] for c in row.cells for p in c.paragraphs for r in p.runs]
    assert {_fonts(r)["eastAsia"] for r in body_runs} == {"仿宋_GB2312"}
    assert table.rows[2].cells[1].text == "10"
    width = sum(c.width for c in table.rows[0].cells)
    assert abs(width - gw.Mm(156)) < gw.Mm(1)  # as wide as the 版心


def test_landscape_variant_and_marked_spans() -> None:
    data = render_docx(
        Gongwen(
            title="《江澜市公园条例》修改前后对照表",
            landscape=True,
            body=[
                Table(
                    ["修改前", "修改后", "说明"],
                    [
                        [
                            Para([Span("删", strike=True)]),
                            [Para([Span("增", bold=True, underline=True)])],
                            "修改",
                        ]
                    ],
                    widths_mm=[100, 100, 25],
                    font_size=12,
                )
            ],
        )
    )
    assert_gongwen_page(data, landscape=True)
    document = _open(data)
    assert not document.settings.odd_and_even_pages_header_footer
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.alignment == gw.WD_ALIGN_PARAGRAPH.CENTER and footer.text == "— 1 —"
    cells = document.tables[0].rows[1].cells
    assert cells[0].paragraphs[0].runs[0].font.strike
    inserted = cells[1].paragraphs[0].runs[0]
    assert inserted.bold and inserted.underline and inserted.font.size == gw.Pt(12)


def test_document_without_letterhead_starts_with_the_title() -> None:
    document = _open(render_docx(Gongwen(title="交办单", body=["正文。"], date="2026年1月1日")))
    assert document.paragraphs[0].style.name == "Title" and document.paragraphs[-1].text == "2026年1月1日"
    assert document.core_properties.title == "交办单"


@pytest.mark.parametrize("bullet", [True, False])
def test_paragraph_options(bullet: bool) -> None:
    document = _open(render_docx(Gongwen(title="T", body=[Para("项目", bullet=bullet, font=gw.KAITI)])))
    p = next(p for p in document.paragraphs if p.text == "项目")
    assert p.style.name == ("List Bullet" if bullet else "Body Text")
    assert _fonts(p.runs[0])["eastAsia"] == "楷体_GB2312"


def test_signer_in_the_letterhead_and_a_table_without_header() -> None:
    document = _open(
        render_docx(
            sample(signer="局长 赵明", body=[Table([], [["案由", "关于……的建议"], ["领衔代表", "王建国"]])])
        )
    )
    line = next(p for p in document.paragraphs if "签发人" in p.text)
    assert line.text == "江人办〔2026〕3号\t签发人：局长 赵明"
    assert _fonts(line.runs[-1])["eastAsia"] == "楷体_GB2312"  # the name in 楷体
    assert line._p.pPr.find(qn("w:pBdr")) is not None  # the red line under it
    table = document.tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["案由", "关于……的建议"],
        ["领衔代表", "王建国"],
    ]
    assert table.rows[0]._tr.trPr is None or table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is None
    alone = _open(render_docx(sample(number="", signer="局长 赵明")))
    line = next(p for p in alone.paragraphs if "签发人" in p.text)
    assert line.alignment == gw.WD_ALIGN_PARAGRAPH.RIGHT and line.text == "签发人：局长 赵明"


def test_text_with_control_characters_is_saved_without_them() -> None:
    data = render_docx(Gongwen(title="标题\x0b", body=["意见\x01内容", Table(["A"], [["单元\x1f格"]])]))
    document = _open(data)
    assert document.paragraphs[0].text == "标题"
    assert "意见内容" in [p.text for p in document.paragraphs]
    assert document.tables[0].rows[1].cells[0].text == "单元格"
