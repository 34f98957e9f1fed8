"""Shared fixtures of the comment analytics tests (no Django, no database)."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.consultation.analytics.engine import Analyzer
from lvzhi.consultation.analytics.synth import GroundTruth, SyntheticConsultation


@pytest.fixture(scope="session")
def small_consultation() -> tuple[list[dict[str, Any]], GroundTruth, dict[str, str]]:
    """3,000 synthetic comments with their ground truth and the draft's articles."""
    cons = SyntheticConsultation(3000, seed=11)
    items = list(cons.comments())
    return items, cons.truth, cons.articles


@pytest.fixture(scope="session")
def analysed(small_consultation: Any) -> tuple[Analyzer, dict[str, Any]]:
    """The small consultation analysed in one go, with themes."""
    items, _truth, articles = small_consultation
    an = Analyzer(articles=articles, batch_size=1000, n_themes=8)
    an.add(items)
    return an, an.results()
