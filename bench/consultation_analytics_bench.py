"""Benchmark of the consultation comment analytics (dedup, campaigns, themes) at scale.

Run from the repository root::

    .venv/bin/python bench/consultation_analytics_bench.py [--n 1000000] [--seed 2025] [--batch 20000]

The data are synthetic: ``lvzhi/consultation/analytics/synth.py`` generates ``n`` fictional
comments on the fictional 江澜市电动自行车管理条例（草案） (60 articles) with known answers —
twelve campaigns (30 % of the comments: exact copies, light, heavy and reworded variants, in
bursts), near-duplicate families and resubmissions (9 %), short generic comments (4 %, exact
duplicates of each other), a few "bridge" comments pasting two templates, organic comments.
The comments are generated and fed to :class:`Analyzer.add` in batches (generation time is
measured apart and not counted); then :meth:`Analyzer.results` computes groups, campaigns,
themes and per-article figures, and the result is encoded as JSON, as the CLI would write it.

Printed: wall time per stage and in total (target ≤ 300 s for 1,000,000 comments on 2 cores),
peak resident memory of the process (``ru_maxrss``, generator included; target ≤ 4 GB),
precision and recall of near-duplicate **pairs** against the ground truth — every pair counted,
none sampled: pairs inside predicted groups vs pairs inside true families, through the
contingency table (target ≥ 0.95 each) — also without the campaigns and as B-cubed scores,
campaign detection (per true campaign: the detected campaign overlapping it most, its recall
and precision of members, whether its template is the true template), theme agreement with the
true topics (NMI, purity), attribution and stance accuracy.

Exit code 0 when the time, memory and pair precision/recall targets are met, 1 otherwise.
Timings depend on the machine and its load; quality figures are deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lvzhi.consultation.analytics.dedup import jaccard_containment  # noqa: E402
from lvzhi.consultation.analytics.engine import Analyzer  # noqa: E402
from lvzhi.consultation.analytics.normalise import canonical  # noqa: E402
from lvzhi.consultation.analytics.stance import LABELS  # noqa: E402
from lvzhi.consultation.analytics.synth import (  # noqa: E402
    CAMPAIGNS,
    KINDS,
    STANCES,
    TOPICS,
    SyntheticConsultation,
    bcubed,
    pair_metrics,
)

RERUN = ".venv/bin/python bench/consultation_analytics_bench.py --n {n} --seed {seed} --batch {batch}"


def peak_gb() -> float:
    """Peak resident set size of this process in GB (``ru_maxrss`` is in KB on Linux)."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if sys.platform == "darwin":  # pragma: no cover - bytes on macOS
        kb //= 1024
    return kb / 1024 / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--batch", type=int, default=20_000)
    ap.add_argument("--no-themes", action="store_true", help="skip themes")
    args = ap.parse_args()
    n, seed = args.n, args.seed

    print("Consultation comment analytics benchmark")
    print(
        f"DATA ARE SYNTHETIC: {n:,} fictional comments from lvzhi/consultation/analytics/synth.py (seed {seed})."
    )
    cons = SyntheticConsultation(n, seed)
    analyzer = Analyzer(articles=cons.articles, seed=seed, batch_size=args.batch, themes=not args.no_themes)
    t_gen = t_add = 0.0
    it = cons.batches(args.batch)
    while True:
        t0 = time.perf_counter()
        batch = next(it, None)
        t_gen += time.perf_counter() - t0
        if batch is None:
            break
        t0 = time.perf_counter()
        analyzer.add(batch)
        t_add += time.perf_counter() - t0
    truth = cons.truth
    print(
        f"generated in {t_gen:.1f} s (not counted); mean text {np.mean([len(x) for x in analyzer._display]):.0f} "
        f"characters per unique text"
    )
    t0 = time.perf_counter()
    res = analyzer.results()
    t_res = time.perf_counter() - t0
    t0 = time.perf_counter()
    blob = json.dumps(res, ensure_ascii=False)
    t_json = time.perf_counter() - t0
    total = t_add + t_res + t_json
    mem = peak_gb()

    tm = dict(analyzer.timings)
    ds = analyzer.index.stats
    print("\n== Time per stage (wall) ==")
    rows = [
        ("normalise, attribution, stance, times (add)", tm.get("parse", 0.0)),
        ("  exact duplicates (add)", ds.seconds.get("exact", 0.0)),
        ("  MinHash signatures (add)", ds.seconds.get("minhash", 0.0)),
        ("  LSH buckets + signature prefilter (add)", ds.seconds.get("lsh", 0.0)),
        ("  exact verification + union-find (add)", ds.seconds.get("verify", 0.0)),
        ("dedup total (add)", tm.get("dedup", 0.0)),
        ("groups (results)", tm.get("groups", 0.0)),
        ("campaigns: templates, timelines, bursts (results)", tm.get("campaigns", 0.0)),
        ("themes: fit on sample (results)", tm.get("themes_fit", 0.0)),
        ("themes: assign all unique texts (results)", tm.get("themes_assign", 0.0)),
        ("themes: members, representatives (results)", tm.get("themes_output", 0.0)),
        ("articles (results)", tm.get("articles", 0.0)),
        ("JSON encoding of the result", t_json),
    ]
    for name, sec in rows:
        print(f"  {name:<52} {sec:8.1f} s")
    print(f"  {'add() total':<52} {t_add:8.1f} s")
    print(f"  {'results() total':<52} {t_res:8.1f} s")
    ok_time = total <= 300 * max(1.0, n / 1_000_000)
    print(
        f"TOTAL {total:.1f} s for {n:,} comments [target ≤ 300 s for 1,000,000 on 2 cores] "
        f"({total / max(n, 1) * 1e6:.0f} µs per comment); result JSON {len(blob) / 1e6:.1f} MB"
    )
    ok_mem = mem <= 4.0
    print(f"peak memory (ru_maxrss) {mem:.2f} GB [target ≤ 4 GB]")
    print(
        f"dedup work: {ds.unique_texts:,} unique texts, {ds.hashed_texts:,} hashed, "
        f"{ds.candidate_pairs:,} candidate pairs, {ds.verified_pairs:,} verified exactly, {ds.edges:,} edges, "
        f"{ds.bridges_blocked:,} bridge merges refused; bucket table {analyzer.index.table.capacity:,} slots"
    )

    # ------------------------------------------------------------------ near-duplicate quality
    s = res["summary"]
    print("\n== Near-duplicate groups ==")
    print(
        f"{s['comments']:,} comments, {s['unique_texts']:,} unique texts, {s['exact_duplicates']:,} exact duplicates, "
        f"{s['near_duplicate_groups']:,} groups ({s['comments_in_near_duplicate_groups']:,} comments), "
        f"{s['independent_opinions']:,} independent opinions"
    )
    urow = analyzer._urow.view()
    roots = analyzer.index.roots()
    pred = np.where(urow >= 0, roots[np.maximum(urow, 0)], -1 - np.arange(n))
    pm = pair_metrics(pred, truth.family)
    ok_q = pm["precision"] >= 0.95 and pm["recall"] >= 0.95
    print(
        f"pairs (all {pm['true_pairs']:,.0f} true pairs, {pm['predicted_pairs']:,.0f} predicted; exact count, "
        f"no sampling): precision {pm['precision']:.4f}, recall {pm['recall']:.4f} [target ≥ 0.95 each]"
    )
    camp = truth.campaign >= 0
    pn = pair_metrics(pred[~camp], truth.family[~camp])
    print(
        f"pairs outside campaigns ({pn['true_pairs']:,.0f} true pairs): precision {pn['precision']:.4f}, "
        f"recall {pn['recall']:.4f}"
    )
    bc = bcubed(pred, truth.family)
    print(f"B-cubed (per comment): precision {bc['precision']:.4f}, recall {bc['recall']:.4f}")
    kinds = Counter(KINDS[k] for k in truth.kind.tolist())
    print("planted: " + ", ".join(f"{k} {v:,}" for k, v in kinds.most_common()))

    # ------------------------------------------------------------------ campaigns
    print("\n== Campaigns ==")
    id_pos = {f"C{i + 1:07d}": i for i in range(n)}
    det = []
    for c in res["campaigns"]:
        members = np.fromiter((id_pos[m] for m in c["members"]), dtype=np.int64, count=len(c["members"]))
        det.append((c, members))
    matched = set()
    n_found = 0
    for ci, _size in sorted(truth.campaign_sizes.items(), key=lambda kv: -kv[1]):
        true_idx = np.flatnonzero(truth.campaign == ci)
        best, best_ov = None, 0
        for k, (_c, members) in enumerate(det):
            ov = int(np.isin(members, true_idx, assume_unique=True).sum())
            if ov > best_ov:
                best, best_ov = k, ov
        if best is None:
            print(f"  {CAMPAIGNS[ci].code:<22} true {len(true_idx):>7,}  NOT FOUND")
            continue
        c, members = det[best]
        matched.add(best)
        rec, prec = best_ov / len(true_idx), best_ov / len(members)
        tmpl = canonical(CAMPAIGNS[ci].text)
        got = canonical(c["template"])
        jac = jaccard_containment(
            frozenset(tmpl[i : i + 3] for i in range(len(tmpl) - 2)),
            frozenset(got[i : i + 3] for i in range(len(got) - 2)),
        )[0]
        n_found += rec >= 0.9 and prec >= 0.9
        print(
            f"  {CAMPAIGNS[ci].code:<22} true {len(true_idx):>7,}  found {len(members):>7,}  recall {rec:.4f}  "
            f"precision {prec:.4f}  template {'exact' if got == tmpl else f'J={jac:.2f}'}  "
            f"burst share {c['burst_share']:.2f}"
        )
    spurious = [c for k, (c, _m) in enumerate(det) if k not in matched]
    print(
        f"true campaigns found with recall and precision ≥ 0.9: {n_found}/{len(truth.campaign_sizes)}; "
        f"other detected campaigns (≥ {analyzer.campaign_min_size} comments, no true campaign): {len(spurious)}"
        + (" — sizes " + ", ".join(str(c["size"]) for c in spurious[:8]) if spurious else "")
    )

    # ------------------------------------------------------------------ themes
    if res["themes"]:
        from sklearn.metrics import normalized_mutual_info_score

        print("\n== Themes ==")
        theme = np.full(n, -1)
        for th in res["themes"]:
            theme[
                np.fromiter((id_pos[m] for m in th["members"]), dtype=np.int64, count=len(th["members"]))
            ] = th["id"]
        has = truth.topic >= 0
        nmi = normalized_mutual_info_score(truth.topic[has], theme[has])
        cnt = Counter(zip(theme[has].tolist(), truth.topic[has].tolist(), strict=True))
        best_per: dict[int, int] = {}
        for (th_id, _tp), v in cnt.items():
            best_per[th_id] = max(best_per.get(th_id, 0), v)
        purity = sum(best_per.values()) / max(1, int(has.sum()))
        print(
            f"{len(res['themes'])} themes; NMI with the {len(TOPICS)} true topics {nmi:.3f}, purity {purity:.3f} "
            f"(generic comments left out)"
        )
        for th in res["themes"]:
            top = Counter(
                truth.topic[np.fromiter((id_pos[m] for m in th["members"][:5000]), dtype=np.int64)].tolist()
            )
            tp = TOPICS[top.most_common(1)[0][0]].name if top and top.most_common(1)[0][0] >= 0 else "—"
            print(
                f"  {th['size']:>8,}  {th['label']:<24} (mostly {tp}) keywords: {'、'.join(th['keywords'][:6])}"
            )

    # ------------------------------------------------------------------ attribution and stance
    print("\n== Attribution and stance ==")
    keys = analyzer._art_keys
    arts = analyzer._art.view()
    by_mode: dict[str, list[int]] = {}
    for a, want, mode in zip(arts.tolist(), truth.article, truth.mode, strict=True):
        got_key = keys[a] if a >= 0 else None
        r = by_mode.setdefault(mode, [0, 0])
        r[0] += got_key == want
        r[1] += 1
    tot = sum(v[0] for v in by_mode.values())
    print(
        f"primary article right: {tot / max(n, 1):.4f} overall; "
        + ", ".join(f"{m} {v[0] / v[1]:.4f} ({v[1]:,})" for m, v in sorted(by_mode.items()))
    )
    pst = analyzer._stance.view()
    tst = np.array([LABELS.index(STANCES[x]) for x in truth.stance.tolist()])
    known = pst != LABELS.index("unknown")
    print(
        f"stance: a label other than 'unknown' for {known.mean():.3f} of comments, right for "
        f"{(pst[known] == tst[known]).mean():.3f} of those; 'unknown' right for "
        f"{(tst[~known] == LABELS.index('unknown')).mean():.3f} of the rest"
    )

    ok = ok_time and ok_mem and ok_q
    print(f"\ntargets met: time {ok_time}, memory {ok_mem}, pair precision/recall {ok_q}")
    print("re-run: " + RERUN.format(n=n, seed=seed, batch=args.batch))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
