"""The 对照表's title row, version names and translations; a version as .docx and .txt; the
amendment decision draft with a changed title and as .docx (synthetic texts, no Django)."""

from __future__ import annotations

import io

import docx

from lvzhi.legislation.lawtext import (
    diff_documents,
    docx_bytes,
    normalise,
    parse_text,
    render_decision,
    render_html,
)
from lvzhi.legislation.lawtext.documents import decision_docx, regulation_docx, regulation_txt
from lvzhi.legislation.lawtext.layout import CHINESE, note, plain_title, rows, summary, title_change
from lvzhi.office.testing import assert_gongwen_page

OLD = "江澜市河道管理条例\n（2019年5月1日通过）\n第一章 总则\n第一条 为了管理河道，制定本条例。\n第二条 本条例适用于本市河道。\n"
NEW = (
    "江澜市河湖管理条例（草案）\n第一章 总则\n第一条 为了管理河湖，制定本条例。\n"
    "第二条 本条例适用于本市河道。\n第三条 本条例自公布之日起施行。\n"
)


def _result(old: str = OLD, new: str = NEW):  # type: ignore[no-untyped-def]
    return diff_documents(parse_text(old), parse_text(new))


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_plain_title_drops_draft_marks() -> None:
    assert plain_title("江澜市河湖管理条例（草案）") == "江澜市河湖管理条例"
    assert plain_title("江澜市河湖管理条例（修正草案二次审议稿）") == "江澜市河湖管理条例"
    assert plain_title("江澜市河湖管理条例") == "江澜市河湖管理条例"


def test_a_changed_title_is_the_first_row_and_a_draft_mark_is_no_change() -> None:
    change = title_change(_result())
    assert change is not None
    assert "".join(r.text for r in change.old) == "江澜市河道管理条例"
    assert "".join(r.text for r in change.new) == "江澜市河湖管理条例"
    assert [r.text for r in change.new if r.mark == "ins"] == ["湖"]
    same = _result(OLD, NEW.replace("河湖管理条例（草案）", "河道管理条例（草案）"))
    assert title_change(same) is None
    html = render_html(_result(), old_label="2019年版", new_label="草案")
    assert html.index('<tr class="title">') < html.index('class="op-')
    assert "修改前：2019年版\u3000修改后：草案" in html
    assert "标题修改" in summary(_result())
    text = _docx_text(docx_bytes(_result(), old_label="2019年版", new_label="草案"))
    assert "修改前：2019年版" in text and "修改后：草案" in text and "标题修改" in text
    assert text.index("江澜市河道管理条例") < text.index("第一条")


def test_notes_and_summary_follow_the_translation_given() -> None:
    result = _result()
    english = summary(result, translate=lambda s: s)
    assert english.startswith("title amended, Amended: 1") and "Added: 1" in english
    assert summary(result).startswith("标题修改，修改 1 条")
    notes = {r.entry.op: note(r.entry, lambda s: s) for r in rows(result)}
    assert notes["inserted"] == "Added" and notes["modified"] == "Amended"
    assert {r.entry.op: r.note for r in rows(result)}["inserted"] == "新增"

    # every English message has its Chinese, with the same placeholders
    def placeholders(message: str) -> list[str]:
        return sorted(part.split(")s")[0] for part in message.split("%(")[1:])

    for english_message, chinese in CHINESE.items():
        assert placeholders(english_message) == placeholders(chinese), english_message


def test_a_version_as_docx_and_txt() -> None:
    doc = parse_text(OLD)
    data = regulation_docx(doc)
    assert_gongwen_page(data)
    text = _docx_text(data)
    assert "江澜市河道管理条例" in text and "（2019年5月1日通过）" in text
    assert "第一章\u3000总则" in text and "第二条\u3000本条例适用于本市河道。" in text
    assert normalise(regulation_txt(doc).decode("utf-8")) == normalise(OLD)


def test_the_decision_names_the_new_title_first_and_becomes_a_document() -> None:
    decision = render_decision(_result(), body="江澜市人民代表大会常务委员会")
    lines = decision.splitlines()
    assert lines[0] == "关于修改《江澜市河道管理条例》的决定（草案）"
    assert lines[3] == "一、将名称修改为“江澜市河湖管理条例”。"
    assert "二、将第一条中的“道”修改为“湖”。" in lines
    data = decision_docx(decision, signature="江澜市人民代表大会常务委员会")
    assert_gongwen_page(data)
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs and "关于修改《江澜市河道管理条例》的决定（草案）" in _docx_text(data)
    assert "一、将名称修改为“江澜市河湖管理条例”。" in [p.text for p in document.paragraphs]
