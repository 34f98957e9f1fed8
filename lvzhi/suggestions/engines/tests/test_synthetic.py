"""The synthetic generator: deterministic, well-formed, with the advertised properties."""

from __future__ import annotations

from collections import Counter

from lvzhi.suggestions.engines.synthetic import DEFAULT_YEARS, TOPICS, UNITS, SyntheticSuggestion, generate


def test_deterministic_for_a_seed() -> None:
    assert generate(300, seed=7) == generate(300, seed=7)
    assert generate(300, seed=7) != generate(300, seed=8)


def test_catalogue() -> None:
    assert len(TOPICS) >= 40
    for code in ("gov-edu", "gov-health", "gov-police", "court", "procuratorate", "supervision"):
        assert code in UNITS
    assert all(t.unit in UNITS and all(c in UNITS for c, _ in t.co_units) for t in TOPICS.values())
    assert len({t.domain for t in TOPICS.values()}) >= 15


def test_items_are_well_formed(items: list[SyntheticSuggestion]) -> None:
    assert [i.id for i in items] == list(range(1, len(items) + 1))
    assert [i.year for i in items] == sorted(i.year for i in items)
    assert {i.year for i in items} == set(DEFAULT_YEARS)
    for it in items:
        assert it.title.startswith("关于") and it.title.endswith("的建议"), it.title
        assert 80 < len(it.body) < 1500
        assert "{" not in it.body + it.title and "[" not in it.body + it.title
        assert it.units and all(u in UNITS for u in it.units) and len(set(it.units)) == len(it.units)
        if it.duplicate_of is not None:
            original = items[it.duplicate_of - 1]
            assert original.duplicate_of is None and original.id < it.id
            assert original.topic == it.topic and original.year <= it.year


def test_rates(items: list[SyntheticSuggestion]) -> None:
    n = len(items)
    dups = [i for i in items if i.duplicate_of is not None]
    assert 0.08 * n < len(dups) < 0.16 * n
    assert any(items[d.duplicate_of - 1].year < d.year for d in dups)  # cross-year repeats
    assert any(items[d.duplicate_of - 1].year == d.year for d in dups)
    assert 0.02 * n < sum(i.noisy_label for i in items) < 0.06 * n
    assert 0.05 * n < sum(len(i.units) > 1 for i in items) < 0.2 * n
    assert len(Counter(i.topic for i in items)) == len(TOPICS)


def test_small_and_custom_years() -> None:
    assert generate(0, seed=1) == []
    few = generate(5, seed=1, years=(2030,), label_noise=0.0, duplicate_rate=0.0, repeat_rate=0.0)
    assert len(few) == 5 and {i.year for i in few} == {2030}
    assert all(i.duplicate_of is None and not i.noisy_label for i in few)
