"""Benchmark of the law-text engine (parser, diff, .docx 对照表) and of the diff's accuracy.

Run from the repository root::

    .venv/bin/python bench/lawtext_bench.py [--shared PATH] [--trials N] [--rate R]

It prints, for every pair in ``<shared>/data/lawpairs``: article counts and parse+diff time;
for the largest pair and for a 650-article regulation assembled from all the texts (the
upper end of real drafts): parse+diff time (target < 2 s) and .docx 对照表 time (target
< 5 s); and the precision and recall per op of the diff on synthetic revisions with known
ground truth of every pair's texts (target ≥ 0.98 each).  ``<shared>`` defaults to
``$LVZHI_SHARED_DIR`` or ``<repo>/../shared``.  Exit code 0 when every target is met, 1
otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lvzhi.legislation.lawtext.diff import OPS, DiffResult, diff_documents  # noqa: E402
from lvzhi.legislation.lawtext.model import Document  # noqa: E402
from lvzhi.legislation.lawtext.parser import parse_file, parse_text  # noqa: E402
from lvzhi.legislation.lawtext.synth import SynthConfig, evaluate, synthesize  # noqa: E402
from lvzhi.legislation.lawtext.table_docx import docx_bytes  # noqa: E402
from lvzhi.textkit.numerals import int_to_cn  # noqa: E402

T = TypeVar("T")
TARGET_DIFF_S = 2.0
TARGET_DOCX_S = 5.0
TARGET_PR = 0.98
SCALE_ARTICLES = 650


def timed(fn: Callable[[], T], repeat: int = 3) -> tuple[T, float]:
    """Run ``fn`` ``repeat`` times; return the last result and the median time in seconds."""
    times = []
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    assert result is not None
    return result, statistics.median(times)


def pad(text: str, width: int) -> str:
    """Left-justify to a display width (CJK characters count two columns), truncating."""
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + w > width:
            break
        out += ch
        used += w
    return out + " " * (width - used)


def find_shared(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("LVZHI_SHARED_DIR")
    return Path(env) if env else REPO.parent / "shared"


def assemble(texts: list[str], n_articles: int) -> str:
    """A large regulation: the articles of all texts renumbered, one chapter per source text."""
    lines = ["江澜市综合条例（基准测试用）", "（基准测试合成文本，仅用于性能测试）"]
    number = 0
    chapter = 0
    while number < n_articles:
        for text in texts:
            doc = parse_text(text)
            chapter += 1
            lines.append(f"第{int_to_cn(chapter)}章 {doc.title or '章'}")
            for art in doc.articles():
                number += 1
                art.number, art.suffix, art.label = number, 0, f"第{int_to_cn(number)}条"
                lines.extend(art.lines())
                if number >= n_articles:
                    return "\n".join(lines) + "\n"
    return "\n".join(lines) + "\n"


def _pair_runner(old: Path, new: Path) -> Callable[[], DiffResult]:
    def run() -> DiffResult:
        return diff_documents(parse_file(old), parse_file(new))

    return run


def parse_and_diff(old_text: str, new_text: str) -> DiffResult:
    return diff_documents(parse_text(old_text), parse_text(new_text))


def evaluate_corpus(
    texts: list[str], trials: int, config: SynthConfig, *, gate: bool, failures: list[str]
) -> dict[str, dict[str, float]]:
    """Diff synthetic revisions of every text against it; print per-op precision and recall."""
    totals: dict[str, Counter[str]] = {op: Counter() for op in OPS}
    applied: Counter[str] = Counter()
    n_runs = 0
    start = time.perf_counter()
    for text in texts:
        base: Document = parse_text(text)
        for seed in range(trials):
            rev = synthesize(base, seed=seed, config=config)
            applied.update(rev.applied)
            diff = diff_documents(parse_text(text), parse_text(rev.new_text))
            for op, c in evaluate(diff, rev.truth).items():
                totals[op].update(c)
            n_runs += 1
    elapsed = time.perf_counter() - start
    print("operations applied: " + ", ".join(f"{k} {v}" for k, v in sorted(applied.items())))
    print(f"{'op':13} {'truth':>6} {'found':>6} {'tp':>6} {'precision':>9} {'recall':>7}")
    accuracy: dict[str, dict[str, float]] = {}

    def line(name: str, tp: int, fp: int, fn: int) -> tuple[float, float]:
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        flag = "  FAIL" if gate and (precision < TARGET_PR or recall < TARGET_PR) else ""
        print(f"{name:13} {tp + fn:6} {tp + fp:6} {tp:6} {precision:9.4f} {recall:7.4f}{flag}")
        if flag:
            failures.append(f"{name}: precision {precision:.4f}, recall {recall:.4f}")
        return precision, recall

    for op in OPS:
        c = totals[op]
        precision, recall = line(op, c["tp"], c["fp"], c["fn"])
        accuracy[op] = {"tp": c["tp"], "fp": c["fp"], "fn": c["fn"], "precision": precision, "recall": recall}
    changed = [op for op in OPS if op != "unchanged"]
    line("all but unch.", *(sum(totals[op][k] for op in changed) for k in ("tp", "fp", "fn")))
    line("all", *(sum(totals[op][k] for op in OPS) for k in ("tp", "fp", "fn")))
    print(f"({n_runs} synthetic revisions evaluated in {elapsed:.1f} s)")
    return accuracy


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", help="shared directory (default $LVZHI_SHARED_DIR or <repo>/../shared)")
    ap.add_argument("--trials", type=int, default=5, help="synthetic revisions per text (default 5)")
    ap.add_argument(
        "--rate",
        type=float,
        default=SynthConfig().rate,
        help="synthetic operations of each kind per article (default %(default)s)",
    )
    ap.add_argument("--no-stress", action="store_true", help="skip the informative stress evaluation")
    ap.add_argument("--json", help="also write the figures as JSON to this file")
    args = ap.parse_args(argv)

    shared = find_shared(args.shared)
    pairs_dir = shared / "data" / "lawpairs"
    statutes_dir = shared / "reference" / "statutes"
    print("lvzhi law-text benchmark")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, shared data: {shared}")
    failures: list[str] = []
    figures: dict[str, object] = {}

    pairs: list[tuple[str, Path, Path]] = []
    if pairs_dir.is_dir():
        names: dict[str, str] = {}
        index = pairs_dir / "index.json"
        if index.exists():
            names = {p["id"]: p["name"] for p in json.loads(index.read_text(encoding="utf-8"))}
        for d in sorted(p for p in pairs_dir.iterdir() if p.is_dir()):
            if (d / "old.md").exists() and (d / "new.md").exists():
                pairs.append((f"{d.name} {names.get(d.name, '')}".strip(), d / "old.md", d / "new.md"))
    texts: list[tuple[str, str]] = []
    if pairs:
        for name, old, new in pairs:
            texts.append((f"{name} old", old.read_text(encoding="utf-8")))
            texts.append((f"{name} new", new.read_text(encoding="utf-8")))
    elif statutes_dir.is_dir():
        print(
            f"NOTE: no law pairs under {pairs_dir}; using the statutes in {statutes_dir} for the "
            "synthetic evaluation and the scale test."
        )
        for f in sorted(statutes_dir.glob("*.md")):
            texts.append((f.stem, f.read_text(encoding="utf-8")))
    if not texts:
        print(
            f"NOTE: shared data not found under {shared} (no data/lawpairs, no reference/statutes); "
            "nothing to measure. Pass --shared PATH or set LVZHI_SHARED_DIR."
        )
        return 0

    # ---- real pairs ------------------------------------------------------------------
    if pairs:
        print("\n== Real law pairs: parse (both files) + diff, median of 3 runs ==")
        print(f"{'pair':34} {'old':>4} {'new':>4}  {'time':>8}  ops")
        rows = []
        for name, old, new in pairs:
            result, t = timed(_pair_runner(old, new))
            n_old, n_new = len(result.old.articles()), len(result.new.articles())
            ops = ", ".join(f"{k} {v}" for k, v in result.counts().items() if v)
            print(f"{pad(name, 34)} {n_old:4} {n_new:4}  {t * 1000:6.1f}ms  {ops}")
            rows.append({"pair": name, "old": n_old, "new": n_new, "seconds": t, "ops": result.counts()})
        figures["pairs"] = rows
        name, old, new = max(
            pairs, key=lambda p: len(parse_file(p[1]).articles()) + len(parse_file(p[2]).articles())
        )
        result, t_diff = timed(lambda: diff_documents(parse_file(old), parse_file(new)))
        _, t_docx = timed(lambda: docx_bytes(result))
        print(
            f"\nLargest pair: {name} ({len(result.old.articles())} → {len(result.new.articles())} articles)"
        )
        print(
            f"  parse+diff   {t_diff:7.3f} s   (target < {TARGET_DIFF_S:.0f} s)  "
            f"{'OK' if t_diff < TARGET_DIFF_S else 'FAIL'}"
        )
        print(
            f"  .docx 对照表 {t_docx:7.3f} s   (target < {TARGET_DOCX_S:.0f} s)  "
            f"{'OK' if t_docx < TARGET_DOCX_S else 'FAIL'}"
        )
        figures["largest_pair"] = {"pair": name, "parse_diff_s": t_diff, "docx_s": t_docx}
        if t_diff >= TARGET_DIFF_S:
            failures.append(f"largest pair parse+diff {t_diff:.3f} s")
        if t_docx >= TARGET_DOCX_S:
            failures.append(f"largest pair docx {t_docx:.3f} s")

    # ---- scale -------------------------------------------------------------------------
    big_text = assemble([t for _n, t in texts], SCALE_ARTICLES)
    big_doc = parse_text(big_text)
    revision = synthesize(big_doc, seed=1, config=SynthConfig(rate=args.rate))
    result, t_diff = timed(lambda: parse_and_diff(big_text, revision.new_text))
    _, t_docx = timed(lambda: docx_bytes(result))
    print(
        f"\nScale: {len(result.old.articles())} → {len(result.new.articles())} articles "
        "(assembled from all texts, synthetic revision)"
    )
    print(
        f"  parse+diff   {t_diff:7.3f} s   (target < {TARGET_DIFF_S:.0f} s)  "
        f"{'OK' if t_diff < TARGET_DIFF_S else 'FAIL'}"
    )
    print(
        f"  .docx 对照表 {t_docx:7.3f} s   (target < {TARGET_DOCX_S:.0f} s)  "
        f"{'OK' if t_docx < TARGET_DOCX_S else 'FAIL'}"
    )
    figures["scale"] = {
        "old": len(result.old.articles()),
        "new": len(result.new.articles()),
        "parse_diff_s": t_diff,
        "docx_s": t_docx,
    }
    if t_diff >= TARGET_DIFF_S:
        failures.append(f"scale parse+diff {t_diff:.3f} s")
    if t_docx >= TARGET_DOCX_S:
        failures.append(f"scale docx {t_docx:.3f} s")

    # ---- accuracy ----------------------------------------------------------------------
    config = SynthConfig(rate=args.rate)
    print(
        f"\n== Synthetic revisions: {len(texts)} texts x {args.trials} seeds, rate {args.rate} (target ≥ {TARGET_PR}) =="
    )
    accuracy = evaluate_corpus([t for _n, t in texts], args.trials, config, gate=True, failures=failures)
    figures["accuracy"] = accuracy
    if not args.no_stress:
        stress = SynthConfig(rate=0.1, spacing=0, heavy=(0.4, 0.6))
        print(
            f"\n== Stress (informative, no target): adjacent edits allowed, rate {stress.rate}, "
            f"heavy edits {stress.heavy[0]:.0%}-{stress.heavy[1]:.0%}, {len(texts)} texts x {args.trials} seeds =="
        )
        figures["stress"] = evaluate_corpus(
            [t for _n, t in texts], args.trials, stress, gate=False, failures=[]
        )

    print()
    if failures:
        print("TARGETS MISSED: " + "; ".join(failures))
    else:
        print("All targets met.")
    print(
        "Re-run: .venv/bin/python bench/lawtext_bench.py "
        f"--shared {shared} --trials {args.trials}"
        + (f" --rate {args.rate}" if args.rate != SynthConfig().rate else "")
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
