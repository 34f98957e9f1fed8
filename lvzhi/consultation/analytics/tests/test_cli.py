from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from lvzhi.consultation.analytics.cli import main

KEYS = {"near_duplicate_groups", "campaigns", "themes", "articles", "summary"}


def _write_jsonl(path: Path, items: list[dict[str, Any]], extra: list[bytes] = ()) -> None:  # type: ignore[assignment]
    with open(path, "wb") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False).encode() + b"\n")
        for line in extra:
            f.write(line + b"\n")


def test_analyze_reports_malformed_lines(tmp_path: Path, small_consultation: Any, capsys: Any) -> None:
    items = small_consultation[0][:400]
    src = tmp_path / "c.jsonl"
    _write_jsonl(
        src,
        items,
        [
            b"not json",
            b'{"id": 5}',
            b"[1, 2]",
            json.dumps(items[0]).encode(),
            b"\xff\xfe",
            b"",
            b'{"id": true, "text": "x"}',
        ],
    )
    out = tmp_path / "r.json"
    assert main(["analyze", str(src), "--out", str(out), "--themes", "4"]) == 0
    err = capsys.readouterr().err
    n = len(items)
    for lineno, word in [
        (n + 1, "invalid JSON"),
        (n + 2, "'text'"),
        (n + 3, "not a JSON object"),
        (n + 4, "duplicate id"),
        (n + 5, "UTF-8"),
        (n + 7, "'id'"),
    ]:
        assert f"c.jsonl:{lineno}: " in err and word in err
    assert "6 malformed lines skipped" in err
    res = json.loads(out.read_text(encoding="utf-8"))
    assert KEYS <= set(res)
    assert res["summary"]["comments"] == n and res["summary"]["malformed_lines"] == 6
    assert all(isinstance(i, str) for g in res["near_duplicate_groups"] for i in g)
    for c in res["campaigns"]:
        assert c["members"] and c["template"]
    for t in res["themes"]:
        assert t["label"] and t["keywords"] and t["members"]


def test_analyze_with_articles_gzip_and_no_members(
    tmp_path: Path, small_consultation: Any, capsys: Any
) -> None:
    items, _truth, arts = small_consultation
    src = tmp_path / "c.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        for it in items[:300]:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    art_file = tmp_path / "arts.json"
    art_file.write_text(
        json.dumps({"articles": [{"number": int(k), "text": v} for k, v in arts.items()]}), encoding="utf-8"
    )
    out = tmp_path / "r.json"
    code = main(
        [
            "analyze",
            str(src),
            "-o",
            str(out),
            "--articles",
            str(art_file),
            "--themes",
            "0",
            "--no-members",
            "--quiet",
        ]
    )
    assert code == 0
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["summary"]["comments"] == 300 and res["themes"] == []
    assert all(isinstance(g, int) for g in res["near_duplicate_groups"])
    assert res["parameters"]["articles_known"] == 60
    assert capsys.readouterr().err == ""


def test_empty_input(tmp_path: Path, capsys: Any) -> None:
    src = tmp_path / "empty.jsonl"
    src.write_bytes(b"")
    assert main(["analyze", str(src)]) == 0
    res = json.loads(capsys.readouterr().out)
    assert KEYS <= set(res) and res["summary"]["comments"] == 0


@pytest.mark.parametrize("make", ["missing", "directory", "articles"])
def test_unreadable_input_exits_2(tmp_path: Path, make: str, capsys: Any) -> None:
    if make == "missing":
        args = ["analyze", str(tmp_path / "nope.jsonl")]
    elif make == "directory":
        args = ["analyze", str(tmp_path)]
    else:
        src = tmp_path / "c.jsonl"
        src.write_text('{"id": 1, "text": "同意"}\n', encoding="utf-8")
        args = ["analyze", str(src), "--articles", str(tmp_path / "missing.json")]
    assert main(args) == 2
    assert "error" in capsys.readouterr().err


def test_bad_usage_exits_2(capsys: Any) -> None:
    assert main([]) == 2
    assert main(["analyze"]) == 2
    assert main(["--help"]) == 0
    capsys.readouterr()


def test_synth_roundtrip(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "s.jsonl"
    arts = tmp_path / "a.json"
    assert main(["synth", "200", "--seed", "3", "--out", str(out), "--articles-out", str(arts)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 200 and all(json.loads(x)["id"] for x in lines)
    assert main(["analyze", str(out), "--articles", str(arts), "--themes", "0", "-q"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["summary"]["comments"] == 200 and res["parameters"]["articles_known"] == 60


def test_unwritable_output_exits_1(tmp_path: Path, capsys: Any) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text('{"id": 1, "text": "同意"}\n', encoding="utf-8")
    assert main(["analyze", str(src), "--themes", "0", "--out", str(tmp_path / "no" / "dir" / "r.json")]) == 1
    assert "cannot write" in capsys.readouterr().err
