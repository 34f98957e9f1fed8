"""Shared, module-independent fixtures: generated data, one index and one model per session.

Everything here is plain Python: no database, no Django."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import pytest

from lvzhi.suggestions.engines.synthetic import SyntheticSuggestion, generate

if TYPE_CHECKING:  # the engines need numpy, scipy, scikit-learn and jieba: imported lazily
    from lvzhi.suggestions.engines.recommend import UnitRecommender
    from lvzhi.suggestions.engines.similarity import SimilarityIndex

N_ITEMS = 3000
SEED = 42


@pytest.fixture(scope="session")
def items() -> list[SyntheticSuggestion]:
    return generate(N_ITEMS, seed=SEED)


@pytest.fixture(scope="session")
def index(items: list[SyntheticSuggestion]) -> SimilarityIndex:
    from lvzhi.suggestions.engines.similarity import SimilarityIndex

    return SimilarityIndex.build((i.id, i.year, i.title, i.body) for i in items)


def group_split(
    items: list[SyntheticSuggestion], seed: int = SEED, test_share: float = 0.2
) -> tuple[list[SyntheticSuggestion], list[SyntheticSuggestion]]:
    """Held-out split by duplicate group (no reworded copy of a test item in training)."""
    groups: dict[int, list[SyntheticSuggestion]] = {}
    for it in items:
        groups.setdefault(it.duplicate_of or it.id, []).append(it)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    train: list[SyntheticSuggestion] = []
    test: list[SyntheticSuggestion] = []
    for key in keys:
        (test if len(test) < test_share * len(items) else train).extend(groups[key])
    return train, test


@pytest.fixture(scope="session")
def split(items: list[SyntheticSuggestion]) -> tuple[list[SyntheticSuggestion], list[SyntheticSuggestion]]:
    return group_split(items)


@pytest.fixture(scope="session")
def model(split: tuple[list[SyntheticSuggestion], list[SyntheticSuggestion]]) -> UnitRecommender:
    from lvzhi.suggestions.engines.recommend import UnitRecommender

    train, _ = split
    return UnitRecommender().fit((i.title, i.body, i.units) for i in train)
