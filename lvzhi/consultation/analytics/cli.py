"""Command line of the comment analytics (``lvzhi comments ...``).

::

    lvzhi comments analyze FILE.jsonl [--out RESULT.json] [--articles ARTICLES.json] [options]
    lvzhi comments synth N [--seed S] [--out FILE.jsonl] [--articles-out ARTICLES.json]

``analyze`` reads one JSON object per line (``id``, ``text``, optional ``article`` and
``submitted_at``; ``-`` reads standard input; a ``.gz`` file is decompressed), streams it
through :class:`.engine.Analyzer` and writes the result as JSON (standard output without
``--out``).  Malformed lines (not UTF-8, not JSON, not an object, no usable ``id`` or
``text``, a repeated ``id``) are reported on standard error with their line number and
skipped; their count is printed at the end and stored in ``summary.malformed_lines``.  Blank
lines are ignored.  A progress bar is drawn on standard error when it is a terminal.

``--articles`` gives the draft's article texts, for quotation matching and to ignore numbers
beyond the draft: a JSON object ``{"1": "text", ...}``, a list of ``{"number", "text"}``
(``"suffix": 1`` for 之一), or the output of ``lvzhi lawtext parse DRAFT -f json``.

``synth`` writes a fictional consultation (:mod:`.synth`) to try the analysis on.

Exit codes: 0 success; 2 bad usage or unreadable input (missing file, a directory, no
permission, broken compression, unreadable ``--articles``); 1 when the output cannot be written.
"""

from __future__ import annotations

import argparse
import errno
import gzip
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from lvzhi.textkit.articles import format_article_key

PROG = "lvzhi comments"
MAX_REPORTED = 50


def _error(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {message}\n")


class _Progress:
    """A one-line progress bar on standard error (only drawn when it is a terminal)."""

    def __init__(self, enabled: bool, total_bytes: int | None) -> None:
        self.enabled = enabled
        self.total = total_bytes if total_bytes and total_bytes > 0 else None
        self.t0 = time.monotonic()
        self.last = 0.0

    def update(self, done_bytes: int, lines: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        el = now - self.t0
        if self.total:
            frac = min(1.0, done_bytes / self.total)
            width = 30
            fill = int(frac * width)
            bar = "█" * fill + "░" * (width - fill)
            msg = f"\r{bar} {frac * 100:5.1f}%  {lines:,} lines  {el:6.1f} s"
        else:
            msg = f"\r{lines:,} lines  {el:6.1f} s"
        sys.stderr.write(msg)
        sys.stderr.flush()

    def stage(self, name: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\r\033[K{name}…")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _open(path: str) -> tuple[IO[bytes], int | None, IO[bytes]]:
    """(line stream, size in bytes when known, raw stream for the position)."""
    if path == "-":
        return sys.stdin.buffer, None, sys.stdin.buffer
    p = Path(path)
    if p.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", path)
    raw = open(p, "rb")
    size = os.fstat(raw.fileno()).st_size
    if p.suffix == ".gz":
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw)), size, raw
    return raw, size, raw


def load_articles(path: str) -> dict[Any, str]:
    """Article texts from ``--articles`` (see the module docstring)."""
    with open(path, encoding="utf-8-sig") as f:
        data = json.load(f)
    if isinstance(data, dict) and isinstance(data.get("articles"), (list, dict)):
        data = data["articles"]
    out: dict[Any, str] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            if not isinstance(v, str):
                raise ValueError(f"article {k!r}: the text must be a string")
            out[k] = v
        return out
    if isinstance(data, list):
        for i, item in enumerate(data):
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError(f"item {i + 1}: expected an object with 'number' and 'text'")
            num = item.get("number", item.get("article", item.get("label")))
            suffix = item.get("suffix") or 0
            key: Any = format_article_key((num, suffix)) if suffix and isinstance(num, int) else num
            out[key] = item["text"]
        return out
    raise ValueError("expected a JSON object or list of articles")


def _read_comments(
    stream: IO[bytes], raw: IO[bytes], name: str, progress: _Progress, stats: dict[str, int]
) -> Iterator[dict[str, Any]]:
    from .engine import check_comment

    seen: set[str] = set()
    lineno = 0
    for lineno, line in enumerate(stream, 1):
        if lineno % 2048 == 0:
            try:
                pos = raw.tell()
            except (OSError, ValueError):
                pos = 0
            progress.update(pos, lineno)
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError:
            _malformed(name, lineno, "not valid UTF-8", stats)
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            _malformed(name, lineno, f"invalid JSON ({exc.msg} at column {exc.colno})", stats)
            continue
        why = check_comment(obj)
        if why:
            _malformed(name, lineno, why, stats)
            continue
        cid = str(obj["id"])
        if cid in seen:
            _malformed(name, lineno, f"duplicate id {cid!r}", stats)
            continue
        seen.add(cid)
        stats["comments"] += 1
        yield obj
    stats["lines"] = lineno


def _malformed(name: str, lineno: int, why: str, stats: dict[str, int]) -> None:
    stats["malformed"] += 1
    if stats["malformed"] <= MAX_REPORTED:
        sys.stderr.write(
            f"\r\033[K{name}:{lineno}: {why}; line skipped\n"
            if sys.stderr.isatty()
            else f"{name}:{lineno}: {why}; line skipped\n"
        )
    elif stats["malformed"] == MAX_REPORTED + 1:
        sys.stderr.write(f"{name}: more malformed lines; only their count is reported\n")


def _write(out: str | None, payload: dict[str, Any], indent: int | None) -> int:
    try:
        if out is None or out == "-":
            text = json.dumps(payload, ensure_ascii=False, indent=indent)
            try:
                sys.stdout.write(text + "\n")
            except UnicodeEncodeError:
                sys.stdout.flush()
                sys.stdout.buffer.write((text + "\n").encode("utf-8"))
            sys.stdout.flush()
        else:
            tmp = f"{out}.tmp-{os.getpid()}"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(payload, f, ensure_ascii=False, indent=indent)
                f.write("\n")
            os.replace(tmp, out)
    except OSError as exc:
        _error(f"cannot write {out or 'standard output'}: {exc.strerror or exc}")
        return 1
    return 0


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .engine import Analyzer

    articles = None
    if args.articles:
        try:
            articles = load_articles(args.articles)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            _error(f"cannot read articles from {args.articles}: {exc}")
            return 2
    try:
        stream, size, raw = _open(args.file)
    except OSError as exc:
        _error(f"cannot read {args.file}: {exc.strerror or exc.__class__.__name__}")
        return 2
    show = sys.stderr.isatty() and not args.no_progress and not args.quiet
    progress = _Progress(show, size)
    stats = {"comments": 0, "malformed": 0, "lines": 0}
    try:
        analyzer = Analyzer(
            articles=articles,
            campaign_min_size=args.campaign_min_size,
            campaign_min_chars=args.campaign_min_chars,
            n_themes=args.themes,
            themes=args.themes > 0,
            batch_size=args.batch_size,
            seed=args.seed,
            dedup={"threshold": args.threshold},
        )
    except ValueError as exc:
        _error(str(exc))
        return 2
    name = "<stdin>" if args.file == "-" else args.file
    t0 = time.perf_counter()
    try:
        analyzer.add(_read_comments(stream, raw, name, progress, stats))
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        progress.done()
        _error(f"cannot read {args.file}: {exc}")
        return 2
    finally:
        if raw is not sys.stdin.buffer:
            stream.close()
            raw.close()
    progress.update(size or 0, stats["lines"], force=True)
    progress.stage("grouping, campaigns, themes")
    result = analyzer.results(members=not args.no_members)
    result["summary"]["malformed_lines"] = stats["malformed"]
    result["summary"]["input"] = name
    result["summary"]["seconds"] = round(time.perf_counter() - t0, 3)
    progress.stage("writing")
    code = _write(args.out, result, args.indent)
    progress.done()
    if not args.quiet or stats["malformed"]:
        s = result["summary"]
        sys.stderr.write(
            f"{PROG}: {s['comments']:,} comments analysed, {stats['malformed']:,} malformed lines skipped; "
            f"{s['near_duplicate_groups']:,} near-duplicate groups, {s['campaigns']:,} campaigns, "
            f"{s['themes']:,} themes ({s['seconds']:.1f} s)"
            + (f" → {args.out}" if args.out and args.out != "-" else "")
            + "\n"
        )
    return code


def _cmd_synth(args: argparse.Namespace) -> int:
    from .synth import SyntheticConsultation

    if args.n < 0:
        _error("N must be >= 0")
        return 2
    cons = SyntheticConsultation(args.n, args.seed)
    try:
        out: IO[str] = open(args.out, "w", encoding="utf-8") if args.out and args.out != "-" else sys.stdout
        try:
            for item in cons.comments():
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
        if args.articles_out:
            with open(args.articles_out, "w", encoding="utf-8") as f:
                json.dump({"title": cons.title, "articles": cons.articles}, f, ensure_ascii=False, indent=1)
                f.write("\n")
    except OSError as exc:
        _error(f"cannot write: {exc.strerror or exc}")
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Analyse public comments on a draft regulation.")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser(
        "analyze", aliases=["analyse"], help="deduplicate, find campaigns and themes, count by article"
    )
    a.add_argument(
        "file", metavar="FILE.jsonl", help="one JSON object per line ('-' for standard input; .gz read)"
    )
    a.add_argument("--out", "-o", help="write the result here (default: standard output)")
    a.add_argument("--articles", help="the draft's article texts (JSON; see --help of the module)")
    a.add_argument("--campaign-min-size", type=int, default=20, help="smallest campaign, in comments (20)")
    a.add_argument(
        "--campaign-min-chars", type=int, default=20, help="shortest campaign template (20 characters)"
    )
    a.add_argument("--themes", type=int, default=12, help="number of themes (12; 0 skips themes)")
    a.add_argument("--threshold", type=float, default=0.5, help="Jaccard threshold of near-duplicates (0.5)")
    a.add_argument("--batch-size", type=int, default=20_000, help="comments per processing batch (20000)")
    a.add_argument("--seed", type=int, default=2025, help="seed of sampling and clustering (2025)")
    a.add_argument("--no-members", action="store_true", help="leave member id lists out (sizes only)")
    a.add_argument("--indent", type=int, default=None, help="indent the JSON output")
    a.add_argument("--no-progress", action="store_true", help="no progress bar")
    a.add_argument(
        "--quiet", "-q", action="store_true", help="no summary line (malformed lines are still reported)"
    )
    a.set_defaults(func=_cmd_analyze)
    s = sub.add_parser("synth", help="write a fictional consultation (JSON lines) to try the analysis on")
    s.add_argument("n", type=int, metavar="N", help="number of comments")
    s.add_argument("--seed", type=int, default=2025)
    s.add_argument("--out", "-o", help="JSON-lines file (default: standard output)")
    s.add_argument("--articles-out", help="also write the fictional draft's articles (JSON) here")
    s.set_defaults(func=_cmd_synth)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``lvzhi comments`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and usage errors (2)
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
