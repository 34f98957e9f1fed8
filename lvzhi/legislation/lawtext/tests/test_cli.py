"""The ``lvzhi lawtext`` command line: error cases and successful runs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from lvzhi.legislation.lawtext.cli import main

OLD = """江澜市养犬管理条例
（2021年3月5日江澜市第十六届人民代表大会常务委员会第三十次会议通过）
第一章 总则
第一条 为了规范养犬行为，制定本条例。
第二条 本条例适用于本市行政区域内的养犬活动。
第二章 管理
第三条 养犬人应当为犬只办理登记。
第四条 违反本条例第三条规定的，由公安机关责令改正。
"""

NEW = """江澜市养犬管理条例
（2021年3月5日江澜市第十六届人民代表大会常务委员会第三十次会议通过）
第一章 总则
第一条 为了规范养犬行为，保障公民人身安全，制定本条例。
第二条 本条例适用于本市行政区域内的养犬活动。
第二章 管理
第三条 犬只应当每年接种狂犬病疫苗。
第四条 养犬人应当为犬只办理登记。
第五条 违反本条例第四条规定的，由公安机关责令改正。
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.md", tmp_path / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def _one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("lvzhi lawtext: error:")
    return lines[0]


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "nope.md")]) == 2
    assert "file not found" in _one_line_error(capsys.readouterr().err)
    assert main(["diff", str(tmp_path / "a.md"), str(tmp_path / "b.md")]) == 2
    _one_line_error(capsys.readouterr().err)


def test_garbage_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 20)
    assert main(["parse", str(junk)]) == 2
    assert "binary" in _one_line_error(capsys.readouterr().err)
    fake_docx = tmp_path / "fake.docx"
    fake_docx.write_bytes(b"this is not a word file")
    assert main(["parse", str(fake_docx)]) == 2
    assert "docx" in _one_line_error(capsys.readouterr().err)


def test_not_a_regulation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prose = tmp_path / "letter.txt"
    prose.write_text("尊敬的代表：\n您好！感谢您对城市建设工作的关心。\n此致敬礼。\n", encoding="utf-8")
    assert main(["parse", str(prose)]) == 2
    assert "not a regulation" in _one_line_error(capsys.readouterr().err)
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    assert main(["parse", str(empty)]) == 2
    _one_line_error(capsys.readouterr().err)


def test_docx_requires_output(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files
    assert main(["diff", str(old), str(new), "--format", "docx"]) == 2
    assert "-o" in _one_line_error(capsys.readouterr().err)


def test_usage_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "only-one-file"]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["--help"]) == 0
    capsys.readouterr()


def test_parse_json_has_integer_numbers(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, _ = files
    assert main(["parse", str(old), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "江澜市养犬管理条例"
    assert data["header"]["notes"][0].startswith("（2021年")
    numbers = [a["number"] for a in data["articles"]]
    assert numbers == [1, 2, 3, 4] and all(type(n) is int for n in numbers)
    assert data["articles"][2]["label"] == "第三条"
    assert data["articles"][2]["chapter"] == {"label": "第二章", "title": "管理"}
    assert data["articles"][0]["text"] == "为了规范养犬行为，制定本条例。"


def test_parse_text_and_akn(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, _ = files
    assert main(["parse", str(old), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "第一章 总则" in out and "第三条" in out
    assert main(["parse", str(old), "--format", "akn"]) == 0
    assert "http://docs.oasis-open.org/legaldocml/ns/akn/3.0" in capsys.readouterr().out


def test_diff_json(files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = files
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert isinstance(entries, list)
    ops = [(e["op"], e["old_number"], e["new_number"]) for e in entries]
    assert ("modified", 1, 1) in ops
    assert ("inserted", None, 3) in ops
    assert ("unchanged", 3, 4) in ops
    assert ("renumbered", 4, 5) in ops
    for e in entries:
        for key in ("old_number", "new_number"):
            assert e[key] is None or type(e[key]) is int
        assert isinstance(e["changes"], list)
    modified = next(e for e in entries if e["op"] == "modified")
    assert {"op": "insert", "old": "", "new": "保障公民人身安全，"} in modified["changes"]
    assert main(["diff", str(old), str(new), "--format", "json-full"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert full["counts"]["inserted"] == 1 and full["renumbering"] is True
    assert len(full["entries"]) == len(entries)


def test_diff_html_docx_and_decision(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    html = tmp_path / "table.html"
    assert main(["diff", str(old), str(new), "--format", "html", "-o", str(html)]) == 0
    assert "<ins>" in html.read_text(encoding="utf-8")
    out = tmp_path / "table.docx"
    assert main(["diff", str(old), str(new), "-f", "docx", "-o", str(out)]) == 0
    docx = pytest.importorskip("docx")
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert len(document.tables[0].columns) == 3
    from lvzhi.office.testing import assert_gongwen_page

    assert_gongwen_page(out.read_bytes(), landscape=True)
    assert main(["diff", str(old), str(new), "--format", "decision"]) == 0
    decision = capsys.readouterr().out
    assert "增加一条，作为第三条" in decision
    assert "此外，对条文顺序作相应调整。" in decision


def test_unwritable_output(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = files
    assert main(["diff", str(old), str(new), "-o", str(tmp_path / "missing-dir" / "x.json")]) == 1
    _one_line_error(capsys.readouterr().err)


def test_json_keys_are_anchors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The documented JSON contract (docs/lawtext.md): keys and uids are "art-10" / "art-10-1",
    # while Article.key inside the code is the one key format "10" / "10-1".
    old, new = tmp_path / "old.md", tmp_path / "new.md"
    old.write_text(OLD + "第四条之一 养犬人应当文明养犬。\n", encoding="utf-8")
    new.write_text(NEW.replace("第五条 ", "第四条之一 新增内容。\n第五条 "), encoding="utf-8")
    assert main(["parse", str(old)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [a["key"] for a in data["articles"]] == ["art-1", "art-2", "art-3", "art-4", "art-4-1"]
    assert data["body"][1]["children"][-1] == {"type": "article", "key": "art-4-1", "label": "第四条之一"}
    assert main(["diff", str(old), str(new)]) == 0
    entries = json.loads(capsys.readouterr().out)
    keys = [k for e in entries for k in e["old_keys"] + e["new_keys"]]
    assert "art-4-1" in keys and all(k.startswith("art-") for k in keys)
    assert all(e["uid"].startswith(("art-", "new:art-")) for e in entries)
    assert any(e["uid"].startswith("new:art-") for e in entries)
    assert main(["parse", str(old), "--format", "akn"]) == 0
    assert 'eId="art_4-1"' in capsys.readouterr().out
