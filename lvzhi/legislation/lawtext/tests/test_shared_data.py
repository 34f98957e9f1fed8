"""The real texts in the shared data: article counts computed independently, invariants, diffs.

The shared directory is ``$LVZHI_SHARED_DIR`` or ``<repo>/../shared``; these tests skip when
it is absent.  Nothing here knows anything about a particular file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lvzhi.legislation.lawtext import diff_documents, normalise, parse_file, parse_text, render_text
from lvzhi.legislation.lawtext.synth import SynthConfig, evaluate, synthesize

from .conftest import assert_partition, lawpair_dirs, shared_dir, statute_files

# An article label at the start of a line (optionally bold), followed by whitespace.
_LINE_START_ARTICLE = re.compile(
    r"^[ \t\u3000]*(?:\*\*)?第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?(?:\*\*)?[ \t\u3000]",
    re.M,
)


def _texts() -> list[Path]:
    files = [f for d in lawpair_dirs() for f in (d / "old.md", d / "new.md")]
    return files + statute_files()


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.name}" for p in paths]


@pytest.mark.parametrize("path", _texts(), ids=_ids(_texts()))
def test_real_text_parses_with_true_article_count(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    doc = parse_file(path)
    expected = len(_LINE_START_ARTICLE.findall(raw))
    assert len(doc.articles()) == expected
    assert doc.title
    assert normalise(render_text(doc)) == normalise(raw)
    keys = [a.key for a in doc.articles()]
    assert len(keys) == len(set(keys))
    numbers = [a.sort_key for a in doc.articles()]
    assert numbers == sorted(numbers)
    assert all(a.text.strip() for a in doc.articles())
    chapters = doc.divisions("章")
    assert [c.number for c in chapters] == list(range(1, len(chapters) + 1))


@pytest.mark.parametrize("pair", lawpair_dirs(), ids=[d.name for d in lawpair_dirs()])
def test_real_pair_diff_invariants(pair: Path) -> None:
    old, new = parse_file(pair / "old.md"), parse_file(pair / "new.md")
    result = diff_documents(old, new)
    assert_partition(result)
    assert {e.op for e in diff_documents(parse_file(pair / "old.md"), old).entries} == {"unchanged"}
    for e in result.entries:
        if e.op not in ("inserted", "deleted"):
            assert "".join(c.old for c in e.changes) == e.old_text
            assert "".join(c.new for c in e.changes) == e.new_text


@pytest.mark.parametrize("pair", lawpair_dirs()[:4], ids=[d.name for d in lawpair_dirs()[:4]])
def test_synthetic_revision_of_real_text_is_recovered(pair: Path) -> None:
    base = parse_file(pair / "new.md")
    revision = synthesize(base, seed=3, config=SynthConfig(rate=0.05))
    result = diff_documents(parse_file(pair / "new.md"), parse_text(revision.new_text))
    assert_partition(result)
    scores = evaluate(result, revision.truth)
    tp = sum(s["tp"] for s in scores.values())
    errors = sum(s["fp"] + s["fn"] for s in scores.values())
    assert errors <= max(1, tp // 50), scores


def test_shared_data_present_or_skipped(require_shared: Path) -> None:
    assert (require_shared / "data" / "lawpairs").is_dir()


# A label at the start of a line, with or without a separator after it.
_ANY_LINE_START_LABEL = re.compile(
    r"^[ \t\u3000>]*(?:\*\*)?第([零〇一二三四五六七八九十百千]+)条(?:之[一二三四五六七八九十]+)?", re.M
)


def _long_texts() -> list[Path]:
    """Every shared text (outside the law pairs and statutes) whose last line-start label is
    第六百五十五条: the long judicial interpretation the parser once read as 651 articles."""
    base = shared_dir() / "data"
    if not base.is_dir():
        return []
    found = []
    for path in sorted([*base.rglob("*.md"), *base.rglob("*.txt")]):
        if "lawpairs" in path.parts:
            continue
        labels = _ANY_LINE_START_LABEL.findall(path.read_text(encoding="utf-8", errors="replace"))
        if labels and labels[-1] == "六百五十五":
            found.append(path)
    return found


def test_long_judicial_interpretation_parses_exactly() -> None:
    texts = _long_texts()
    if not texts:
        pytest.skip(f"no 655-article text under {shared_dir() / 'data'}")
    for path in texts:
        doc = parse_file(path)
        assert len(doc.articles()) == 655, path
        assert [a.number for a in doc.articles() if not a.suffix] == list(range(1, 656))
        assert normalise(render_text(doc)) == normalise(path.read_text(encoding="utf-8"))
