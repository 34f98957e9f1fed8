from __future__ import annotations

from collections import Counter

import numpy as np

from lvzhi.consultation.analytics.normalise import canonical
from lvzhi.consultation.analytics.synth import (
    ARTICLES,
    KINDS,
    SyntheticConsultation,
    bcubed,
    generate,
    pair_metrics,
)


def test_deterministic_and_ordered() -> None:
    a, ta = generate(500, seed=4)
    b, tb = generate(500, seed=4)
    assert a == b and np.array_equal(ta.family, tb.family)
    assert [x["submitted_at"] for x in a] == sorted(x["submitted_at"] for x in a)
    assert len({x["id"] for x in a}) == 500
    assert len(ARTICLES) == 60


def test_planted_structure() -> None:
    items, truth = generate(4000, seed=9)
    kinds = Counter(KINDS[k] for k in truth.kind.tolist())
    assert kinds["organic"] > 1500 and kinds["campaign_exact"] > 300 and kinds["resubmission"] > 50
    # identical canonical texts always share a family
    fam: dict[str, int] = {}
    for it, f in zip(items, truth.family.tolist(), strict=True):
        assert fam.setdefault(canonical(it["text"]), f) == f
    # campaign members belong to their campaign's family
    for ci, size in truth.campaign_sizes.items():
        members = truth.campaign == ci
        assert members.sum() >= size
        assert len(set(truth.family[members & (truth.kind != KINDS.index("bridge"))].tolist())) == 1


def test_batches_cover_the_stream() -> None:
    cons = SyntheticConsultation(130, seed=1)
    sizes = [len(b) for b in cons.batches(50)]
    assert sizes == [50, 50, 30] and len(cons.truth.article) == 130


def test_pair_metrics_and_bcubed() -> None:
    true = np.array([0, 0, 0, 1, 1, 2])
    pred = np.array([5, 5, 6, 7, 7, 7])
    m = pair_metrics(pred, true)
    # true pairs: 3 + 1 = 4; predicted: 1 + 3 = 4; common: (0,1) and (3,4) = 2
    assert (m["true_pairs"], m["predicted_pairs"], m["common_pairs"]) == (4, 4, 2)
    assert m["precision"] == 0.5 and m["recall"] == 0.5
    assert pair_metrics(true, true)["precision"] == 1.0
    b = bcubed(true, true)
    assert b == {"precision": 1.0, "recall": 1.0}
