"""Similar and duplicate search: planted duplicates, unrelated topics, odd input, updates."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pytest.importorskip("scipy")
pytest.importorskip("jieba")

from lvzhi.suggestions.engines.similarity import Match, SimilarityIndex
from lvzhi.suggestions.engines.synthetic import SyntheticSuggestion, generate
from lvzhi.suggestions.engines.text import Analyzer, normalize
from lvzhi.textkit.tokenise import get_tokenizer

REPO = Path(__file__).resolve().parents[4]


def _root(it: SyntheticSuggestion) -> int:
    return it.duplicate_of or it.id


def test_planted_duplicates_recall_and_precision(
    items: list[SyntheticSuggestion], index: SimilarityIndex
) -> None:
    by_id = {i.id: i for i in items}
    dups = [i for i in items if i.duplicate_of is not None]
    found = right = wrong = 0
    for d in dups:
        matches = index.similar(d.title, d.body, limit=5, exclude=[d.id])
        dup_matches = [m for m in matches if m.kind == "duplicate"]
        right += sum(_root(by_id[m.id]) == _root(d) for m in dup_matches)
        wrong += sum(_root(by_id[m.id]) != _root(d) for m in dup_matches)
        found += any(_root(by_id[m.id]) == _root(d) for m in dup_matches)
    # singletons must not be called duplicates either
    singles = [i for i in items if i.duplicate_of is None][:600]
    grouped = {_root(i) for i in dups}
    for s in singles:
        for m in index.similar(s.title, s.body, limit=5, exclude=[s.id]):
            if m.kind == "duplicate":
                ok = _root(by_id[m.id]) == _root(s) and s.id in grouped
                right += ok
                wrong += not ok
    recall = found / len(dups)
    precision = right / max(1, right + wrong)
    assert recall >= 0.95, recall
    assert precision >= 0.9, precision


def test_similar_matches_stay_on_topic(items: list[SyntheticSuggestion], index: SimilarityIndex) -> None:
    by_id = {i.id: i for i in items}
    total = off_topic = 0
    for it in items[::10]:
        for m in index.similar(it.title, it.body, limit=5, exclude=[it.id]):
            total += 1
            off_topic += by_id[m.id].topic != it.topic
            assert 0.3 <= m.score <= 1.0 or m.kind == "duplicate"
            assert m.year == by_id[m.id].year
    assert total > 500
    assert off_topic / total < 0.02


def test_unrelated_text_is_not_similar(index: SimilarityIndex, items: list[SyntheticSuggestion]) -> None:
    by_id = {i.id: i for i in items}
    matches = index.similar(
        "关于加快既有住宅加装电梯的建议",
        "老旧多层住宅没有电梯，高龄老人上下楼困难。建议简化加装电梯审批流程，提高财政补贴标准。",
    )
    assert matches and all(by_id[m.id].topic == "housing-elevator" for m in matches)
    fraud = [i for i in items if i.topic == "police-fraud"][0]
    elevator_ids = {i.id for i in items if i.topic == "housing-elevator"}
    assert not elevator_ids & {m.id for m in index.similar(fraud.title, fraud.body, limit=20)}
    # boilerplate alone is not a matter
    assert (
        index.similar(
            "关于进一步加强有关工作的建议",
            "建议市政府高度重视，有关部门加强统筹协调。以上建议妥否，请研究办理。",
        )
        == []
    )


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("", ""),
        (None, None),
        ("！！！……", "###  \n\t　，。、"),
        ("关于", "的建议"),
        ("😀🚀", "\x00\x01\ufffd"),
    ],
)
def test_empty_or_garbage_input(index: SimilarityIndex, title: str | None, body: str | None) -> None:
    assert index.similar(title, body) == []


def test_very_long_and_latin_input(index: SimilarityIndex, items: list[SyntheticSuggestion]) -> None:
    it = items[0]
    long_body = (it.body + "\n") * 400  # ~130,000 characters: truncated, not an error
    matches = index.similar(it.title, long_body, exclude=[it.id])
    assert isinstance(matches, list)
    assert index.similar("Proposal on bus lines", "Please add a bus line to the new district. " * 50) == []
    assert index.similar(it.title, it.body, limit=0) == []


def test_itself_is_a_duplicate_unless_excluded(
    index: SimilarityIndex, items: list[SyntheticSuggestion]
) -> None:
    it = items[10]
    first = index.similar(it.title, it.body)[0]
    assert first == Match(id=it.id, year=it.year, score=first.score, kind="duplicate", overlap=first.overlap)
    assert first.score > 0.99 and first.overlap > 0.99
    assert it.id not in {m.id for m in index.similar(it.title, it.body, exclude=[it.id])}
    other_years = {y for y in (2022, 2023, 2024, 2025, 2026) if y != it.year}
    assert all(m.year in other_years for m in index.similar(it.title, it.body, years=other_years))


def test_incremental_add_remove_replace() -> None:
    base = generate(400, seed=3, duplicate_rate=0.0, repeat_rate=0.0)
    extra = generate(120, seed=4, duplicate_rate=0.0, repeat_rate=0.0)
    index = SimilarityIndex.build((i.id, i.year, i.title, i.body) for i in base)
    assert len(index) == 400 and index._n_fit == 400
    probe = base[5]
    index.add("new-1", 2026, probe.title, probe.body)  # string ids are fine
    assert index._n_fit == 400  # no refit on add
    dup = [m for m in index.similar(probe.title, probe.body, exclude=[probe.id]) if m.kind == "duplicate"]
    assert [m.id for m in dup] == ["new-1"] and dup[0].year == 2026
    index.add("new-1", 2026, extra[0].title, extra[0].body)  # replace
    assert "new-1" not in {m.id for m in index.similar(probe.title, probe.body, exclude=[probe.id])}
    assert index.remove("new-1") and not index.remove("new-1")
    assert "new-1" not in index
    for it in extra[1:]:
        index.add(10_000 + it.id, it.year, it.title, it.body)
    assert index._n_fit == 400  # refit is lazy...
    index.similar(probe.title, probe.body)
    assert index._n_fit == len(index) == 519  # ...and happens at the next query after > 20 % growth
    found = index.similar(extra[7].title, extra[7].body)[0]
    assert found.id == 10_000 + extra[7].id and found.kind == "duplicate"


def test_delta_merge_keeps_results() -> None:
    base = generate(300, seed=5, duplicate_rate=0.0, repeat_rate=0.0)
    index = SimilarityIndex.build(((i.id, i.year, i.title, i.body) for i in base[:250]), merge_rows=10)
    for it in base[250:258]:
        index.add(it.id, it.year, it.title, it.body)
    probe = base[255]
    before = index.similar(probe.title, probe.body, limit=10)
    assert index._n_main == 250 and len(index._delta) == 8
    for it in base[258:263]:  # now more than merge_rows pending: folded in at the next query
        index.add(it.id, it.year, it.title, it.body)
    after = index.similar(probe.title, probe.body, limit=10)
    assert index._n_main == 263 and not index._delta and index._n_fit == 250
    assert before[0].id == after[0].id == probe.id
    after_by_id = {m.id: m for m in after}
    common = [m for m in before if m.id in after_by_id]
    assert len(common) >= 5
    assert all((after_by_id[m.id].kind, after_by_id[m.id].score) == (m.kind, m.score) for m in common)


def test_round_trip_bytes(index: SimilarityIndex, items: list[SyntheticSuggestion]) -> None:
    loaded = SimilarityIndex.from_bytes(index.to_bytes())
    assert len(loaded) == len(index)
    for it in items[::300]:
        assert loaded.similar(it.title, it.body, limit=5) == index.similar(it.title, it.body, limit=5)
    with pytest.raises(ValueError):
        SimilarityIndex.from_bytes(b"not an index")


def test_empty_index() -> None:
    index = SimilarityIndex()
    assert index.similar("关于加装电梯的建议", "加装电梯") == []
    index.add(1, 2024, "关于加快老旧小区加装电梯的建议", "老旧小区加装电梯审批难、补贴低。")
    assert index.similar("关于加快老旧小区加装电梯的建议", "老旧小区加装电梯审批难、补贴低。")[0].id == 1
    assert index.remove(1) and index.similar("关于加装电梯的建议", "加装电梯") == []


def test_normalisation_and_jieba_cache_location() -> None:
    assert normalize("ＡＢＣ１２３，　关于加快建设的建议！") == "abc123 加快建设"
    feats = Analyzer().features("关于加快老旧小区加装电梯的建议", "")
    assert "W加装电梯" in feats and "B电梯" in feats and not any("建议" in f for f in feats)
    tmp_dir = Path(get_tokenizer().tmp_dir).resolve()
    assert REPO not in tmp_dir.parents and tmp_dir != REPO
    assert not any(p.name.startswith("jieba") for p in REPO.iterdir())
    assert os.path.isdir(tmp_dir)
