"""Campaigns: large near-duplicate families, their template and their timing.

A **campaign** is a near-duplicate group (:mod:`.dedup`, exact copies included) of at least
``min_size`` comments whose template has at least ``min_chars`` canonical characters (twenty
thousand people writing "同意" are not a campaign, thirty people pasting the same 200-character
letter are).

**Template.**  The representative text is the group's *weighted medoid* over a sample: the
unique texts with the most exact copies (up to 40) plus up to 20 others drawn at random
(seeded); each candidate scores the copy-weighted sum of its shingle Jaccard with all copies
of the candidates (its own other copies count 1 each), and the best one is the template (ties: more copies, then earlier).  This is the text most
members are closest to — usually the organisers' letter, rather than one of its edited copies.

**Timing.**  :func:`timeline` counts members per hour (per day when the campaign spans more
than ten days) and :func:`bursts` finds *bursts*: maximal runs of hours with at least
``factor`` (3) times the campaign's mean hourly rate over its active span and at least
``min_count`` (5) comments, runs separated by one quiet hour joined.  ``burst_share`` is the
share of members inside bursts: near 1 for a mobilised campaign, low for a slow trickle.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .dedup import jaccard_containment

__all__ = ["Burst", "bursts", "iso", "select_template", "timeline"]

TZ = dt.timezone(dt.timedelta(hours=8))


def iso(t: float) -> str:
    """Epoch seconds as ISO 8601 in China Standard Time (+08:00)."""
    return dt.datetime.fromtimestamp(t, TZ).isoformat(timespec="seconds")


def select_template(
    texts: Sequence[str],
    copies: Sequence[int],
    *,
    shingle: int = 3,
    top: int = 40,
    extra: int = 20,
    seed: int = 0,
) -> int:
    """Index (into ``texts``) of the weighted medoid, see the module docstring."""
    n = len(texts)
    if n <= 1:
        return 0
    order = sorted(range(n), key=lambda i: (-copies[i], i))
    cand = order[:top]
    rest = order[top:]
    if rest:
        cand += random.Random(seed).sample(rest, min(extra, len(rest)))
    sets = [frozenset(texts[i][j : j + shingle] for j in range(len(texts[i]) - shingle + 1)) for i in cand]
    w = [copies[i] for i in cand]
    best, best_key = cand[0], (-1.0, 0, 0)
    for a, ia in enumerate(cand):
        s = float(w[a] - 1)  # its own other copies, at similarity 1
        for b in range(len(cand)):
            if b != a:
                s += w[b] * jaccard_containment(sets[a], sets[b])[0]
        key = (s, copies[ia], -ia)
        if key > best_key:
            best, best_key = ia, key
    return best


@dataclass(frozen=True)
class Burst:
    """A run of busy hours: start and end (epoch seconds) and the number of comments."""

    start: float
    end: float
    count: int

    def to_json(self, total: int) -> dict[str, Any]:
        return {
            "start": iso(self.start),
            "end": iso(self.end),
            "count": self.count,
            "share": round(self.count / total, 4) if total else 0.0,
        }


def bursts(
    times: np.ndarray, *, bin_seconds: float = 3600.0, factor: float = 3.0, min_count: int = 5
) -> list[Burst]:
    """Bursts of ``times`` (epoch seconds; NaN ignored), largest first (module docstring)."""
    t = np.sort(times[~np.isnan(times)])
    if len(t) == 0:
        return []
    t0 = np.floor(t[0] / bin_seconds) * bin_seconds
    idx = ((t - t0) // bin_seconds).astype(np.int64)
    counts = np.bincount(idx)
    mean = len(t) / len(counts)
    hot = counts >= max(min_count, factor * mean)
    if len(counts) == 1:
        hot = counts >= min_count
    # join runs separated by a single quiet bin
    gap = np.flatnonzero(~hot[1:-1] & hot[:-2] & hot[2:]) + 1 if len(hot) > 2 else np.zeros(0, dtype=np.int64)
    hot[gap] = True
    out: list[Burst] = []
    i = 0
    n = len(hot)
    while i < n:
        if not hot[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and hot[j + 1]:
            j += 1
        out.append(Burst(t0 + i * bin_seconds, t0 + (j + 1) * bin_seconds, int(counts[i : j + 1].sum())))
        i = j + 1
    out.sort(key=lambda b: (-b.count, b.start))
    return out


def timeline(times: np.ndarray, *, max_hours: int = 240) -> dict[str, Any]:
    """Counts per hour (or per day when the span exceeds ``max_hours``) from the first comment.

    ``{"unit": "hour"|"day", "start": ISO, "counts": [...], "peak": {"start": ISO, "count": n}}``;
    ``{}`` when no comment has a time."""
    t = np.sort(times[~np.isnan(times)])
    if len(t) == 0:
        return {}
    unit, width = "hour", 3600.0
    if (t[-1] - t[0]) / 3600.0 > max_hours:
        unit, width = "day", 86400.0
    # align on the local (UTC+8) hour/day
    offset = 8 * 3600.0
    t0 = np.floor((t[0] + offset) / width) * width - offset
    counts = np.bincount(((t - t0) // width).astype(np.int64))
    peak = int(counts.argmax())
    return {
        "unit": unit,
        "start": iso(float(t0)),
        "counts": counts.tolist(),
        "peak": {"start": iso(float(t0 + peak * width)), "count": int(counts[peak])},
    }
