"""Benchmark of the suggestion engines (similar/duplicate search, handling-unit recommendation).

Run from the repository root::

    .venv/bin/python bench/suggestions_engines_bench.py [--n 20000] [--seed 2026] [--queries 500]

The data are synthetic: ``lvzhi/suggestions/engines/synthetic.py`` generates ``n`` fictional
suggestions for the fictional city 江澜市 (58 topics, about 12 % planted duplicates and
cross-year repeats, 4 % label noise by default).  The script prints

* similarity: index build time for all ``n`` (target < 30 s), median and p95 of ``--queries``
  ``similar()`` calls (target < 50 ms), recall of the planted duplicates (each duplicate
  queried against all others; found = a member of its group returned with kind
  "duplicate"), precision of the "duplicate" kind, the share of "similar" matches on another
  topic, and the cost of incremental ``add()``;
* recommendation: fit time on an 80 % split (target < 60 s), median and p95 of ``--queries``
  ``recommend()`` calls (target < 50 ms), top-1 and top-3 accuracy on the held-out 20 %
  (split by duplicate group, so no reworded copy of a test item is in the training data),
  the same on the test items whose label is not noisy (the ceiling noise allows), the
  calibration error of the top score, and the model size.

Exit code 0 when every timing target is met, 1 otherwise.  Timings depend on the machine and
on its load; accuracy figures are deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lvzhi.suggestions.engines.recommend import UnitRecommender, topk_accuracy  # noqa: E402
from lvzhi.suggestions.engines.similarity import SimilarityIndex  # noqa: E402
from lvzhi.suggestions.engines.synthetic import TOPICS, UNITS, SyntheticSuggestion, generate  # noqa: E402
from lvzhi.textkit.lexicons import SUGGESTIONS  # noqa: E402
from lvzhi.textkit.tokenise import warm_up  # noqa: E402

RERUN = "re-run: .venv/bin/python bench/suggestions_engines_bench.py --n {n} --seed {seed} --queries {q}"


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def group_split(
    items: list[SyntheticSuggestion], seed: int, test_share: float = 0.2
) -> tuple[list[SyntheticSuggestion], list[SyntheticSuggestion]]:
    """Split by duplicate group: every copy of a matter lands on the same side."""
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--queries", type=int, default=500)
    args = ap.parse_args()
    n, seed, n_q = args.n, args.seed, args.queries
    ok = True

    print("Suggestion engines benchmark")
    print(
        f"DATA ARE SYNTHETIC: {n} fictional suggestions from lvzhi/suggestions/engines/synthetic.py "
        f"(seed {seed}; {len(TOPICS)} topics, {len(UNITS)} unit codes, 4 % label noise)."
    )
    t = time.perf_counter()
    extra = 500
    everything = generate(n + extra, seed=seed)
    items, later = everything[:n], everything[n:]
    print(
        f"generated {len(everything)} in {time.perf_counter() - t:.1f} s "
        f"({sum(i.duplicate_of is not None for i in items)} duplicates/repeats, "
        f"{sum(i.noisy_label for i in items)} noisy labels, "
        f"{sum(len(i.units) > 1 for i in items)} multi-unit; mean body "
        f"{statistics.mean(len(i.body) for i in items):.0f} characters)"
    )
    t = time.perf_counter()
    warm_up(SUGGESTIONS)
    print(f"jieba loaded in {time.perf_counter() - t:.2f} s")

    # ---------------------------------------------------------------- similarity
    print("\n== Similarity index ==")
    t = time.perf_counter()
    index = SimilarityIndex.build((i.id, i.year, i.title, i.body) for i in items)
    build = time.perf_counter() - t
    ok &= build < 30
    print(f"build ({n} suggestions): {build:.1f} s  [target < 30 s]")
    rng = random.Random(seed)
    byid = {i.id: i for i in everything}
    root = {i.id: i.duplicate_of or i.id for i in everything}
    sample = rng.sample(items, min(n_q, len(items)))
    times: list[float] = []
    dup_tp = dup_fp = other_topic = n_similar = 0
    for it in sample:
        t = time.perf_counter()
        matches = index.similar(it.title, it.body, limit=5, min_score=0.3, exclude=[it.id])
        times.append(time.perf_counter() - t)
        for m in matches:
            same = root[m.id] == root[it.id]
            if m.kind == "duplicate":
                dup_tp += same
                dup_fp += not same
            else:
                n_similar += 1
                other_topic += byid[m.id].topic != it.topic
    med, p95 = statistics.median(times), pct(times, 95)
    ok &= med < 0.05
    print(f"similar(): median {ms(med)}, p95 {ms(p95)} over {len(sample)} queries  [target < 50 ms]")
    dups = [i for i in items if i.duplicate_of is not None]
    found = 0
    for d in dups:
        matches = index.similar(d.title, d.body, limit=5, exclude=[d.id])
        hit = False
        for m in matches:
            if m.kind != "duplicate":
                continue
            if root[m.id] == root[d.id]:
                hit = True
                dup_tp += 1
            else:
                dup_fp += 1
        found += hit
    recall = found / max(1, len(dups))
    precision = dup_tp / max(1, dup_tp + dup_fp)
    print(f"planted duplicates found (recall): {recall:.3f} ({found}/{len(dups)})")
    print(f"precision of kind 'duplicate': {precision:.3f} ({dup_tp} right, {dup_fp} wrong)")
    print(f"'similar' matches on another topic: {other_topic}/{n_similar}")
    t = time.perf_counter()
    add_times: list[float] = []
    for it in later:
        t1 = time.perf_counter()
        index.add(it.id, it.year, it.title, it.body)
        add_times.append(time.perf_counter() - t1)
    later_found = sum(
        any(
            m.kind == "duplicate" and root[m.id] == root[d.id]
            for m in index.similar(d.title, d.body, exclude=[d.id])
        )
        for d in later
        if d.duplicate_of is not None
    )
    n_later_dups = sum(d.duplicate_of is not None for d in later)
    print(
        f"add() of {len(later)} more, one by one: median {ms(statistics.median(add_times))}, "
        f"p95 {ms(pct(add_times, 95))} (no refit); their duplicates found afterwards: "
        f"{later_found}/{n_later_dups}"
    )
    t = time.perf_counter()
    index.refit()
    refit = time.perf_counter() - t
    blob = index.to_bytes()
    t = time.perf_counter()
    SimilarityIndex.from_bytes(blob)
    load = time.perf_counter() - t
    print(
        f"refit() of {len(index)}: {refit:.2f} s; to_bytes(): {len(blob) / 1e6:.1f} MB, "
        f"from_bytes(): {load:.1f} s (instead of re-analysing the texts)"
    )

    # ---------------------------------------------------------------- recommendation
    print("\n== Unit recommender ==")
    train, test = group_split(items, seed)
    t = time.perf_counter()
    model = UnitRecommender().fit((i.title, i.body, i.units) for i in train)
    fit = time.perf_counter() - t
    ok &= fit < 60
    print(f"fit ({len(train)} examples, {len(model.units)} units): {fit:.1f} s  [target < 60 s]")
    rec_times: list[float] = []
    for it in test[:n_q]:
        t = time.perf_counter()
        model.recommend(it.title, it.body, k=3)
        rec_times.append(time.perf_counter() - t)
    med, p95 = statistics.median(rec_times), pct(rec_times, 95)
    ok &= med < 0.05
    print(f"recommend(): median {ms(med)}, p95 {ms(p95)} over {len(rec_times)} suggestions  [target < 50 ms]")
    examples = [(i.title, i.body, i.units) for i in test]
    clean = [(i.title, i.body, i.units) for i in test if not i.noisy_label]
    acc = topk_accuracy(model, examples)
    acc_any = topk_accuracy(model, examples, primary_only=False)
    acc_clean = topk_accuracy(model, clean)
    print(f"held-out {len(test)} (20 %, split by duplicate group):")
    print(f"  top-1 accuracy {acc[1]:.3f}, top-3 accuracy {acc[3]:.3f}  (the 主办 unit, the first listed)")
    print(f"  any assigned unit: top-1 {acc_any[1]:.3f}, top-3 {acc_any[3]:.3f}")
    print(
        f"  on the {len(clean)} items without label noise: top-1 {acc_clean[1]:.3f}, top-3 {acc_clean[3]:.3f}"
    )
    singles = [i for i in test if len(i.units) == 1]
    recs = model.recommend_many([(i.title, i.body) for i in singles], k=1)
    bins: dict[int, list[tuple[float, bool]]] = {}
    for it, rec in zip(singles, recs, strict=True):
        if rec:
            unit, p = rec[0]
            bins.setdefault(min(9, int(p * 10)), []).append((p, unit == it.units[0]))
    total = sum(len(b) for b in bins.values())
    ece = sum(
        len(b) / total * abs(statistics.mean(p for p, _ in b) - statistics.mean(h for _, h in b))
        for b in bins.values()
    )
    mean_p = statistics.mean(p for b in bins.values() for p, _ in b)
    hit = statistics.mean(h for b in bins.values() for _, h in b)
    print(
        f"  calibration on the {total} single-unit test items: mean top score {mean_p:.3f} vs top-1 "
        f"hit rate {hit:.3f}; expected calibration error {ece:.3f} (temperature {model.temperature:.2f})"
    )
    print(f"  model size (to_bytes): {len(model.to_bytes()) / 1e6:.1f} MB")

    print("\nSynthetic data are far more regular than real suggestions: treat the accuracy and")
    print("duplicate figures as a test of the machinery, not as the accuracy to expect in production.")
    print("timing targets:", "all met" if ok else "NOT all met")
    print(RERUN.format(n=n, seed=seed, q=n_q))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
