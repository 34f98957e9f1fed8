"""The bridge between the comment table and the analytics engine (``analytics/``).

:func:`analysis_refresh` feeds the accepted comments to an :class:`Analyzer` and stores what
the staff pages need in the consultation's :class:`Analysis` row: the engine's summary
without member lists, and a compressed table (comment id → near-duplicate group, campaign,
theme) for drill-down. It is incremental: the engine's state is kept in
``LVZHI_ANALYTICS_DIR`` between runs and only comments added since are fed to it; when a
comment that was already analysed has since been moderated, or the state file is missing
(another machine, a deleted cache), the analysis is rebuilt from the table.

The same pass refreshes the consultation's totals snapshot (``Consultation.tally``), which
with a count of the few newer rows gives exact live totals in constant time.
"""

from __future__ import annotations

import io
import logging
import pickle
import time
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .analytics.engine import Analyzer
from .models import Analysis, Comment, Consultation, ThemeDecision
from .states import Moderation

logger = logging.getLogger("lvzhi.consultation")

FEED_CHUNK = 20_000


def _state_path(consultation_id: int) -> Path:
    return Path(settings.ANALYTICS_DIR) / f"consultation-{consultation_id}.pkl"


def _new_analyzer(consultation: Consultation) -> Analyzer:
    from .services import version_articles

    articles = {a.key: a.text for a in version_articles(consultation.version).values()}
    return Analyzer(articles=articles)


def _feed(analyzer: Analyzer, consultation: Consultation, after: int) -> int:
    """Add the accepted comments with ids above ``after``; return the highest id added."""
    last = after
    qs = (
        Comment.objects.filter(consultation=consultation, moderation=Moderation.PUBLISHED, pk__gt=after)
        .order_by("pk")
        .values_list("pk", "text", "article", "submitted_at")
    )
    while True:
        rows = list(qs.filter(pk__gt=last)[:FEED_CHUNK])
        if not rows:
            return last
        analyzer.add(
            {"id": pk, "text": text, "article": art or None, "submitted_at": when.timestamp()}
            for pk, text, art, when in rows
        )
        last = rows[-1][0]


def _load_state(consultation: Consultation, analysis: Analysis | None) -> Analyzer | None:
    path = _state_path(consultation.pk)
    if analysis is None or not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            state = pickle.load(fh)
    except Exception:
        logger.warning("analysis state of consultation %s unreadable; rebuilding", consultation.pk)
        return None
    if state.get("upto") != analysis.upto or state.get("version") != consultation.version_id:
        return None
    stale = Comment.objects.filter(
        consultation=consultation, pk__lte=analysis.upto, moderated_at__gt=state["taken_at"]
    ).exists()
    return None if stale else state["analyzer"]


def _save_state(consultation: Consultation, analyzer: Analyzer, upto: int, taken_at: Any) -> None:
    path = _state_path(consultation.pk)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(
            {"upto": upto, "version": consultation.version_id, "taken_at": taken_at, "analyzer": analyzer},
            fh,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    tmp.replace(path)


def _labels(result: dict[str, Any]) -> bytes:
    """Compressed arrays: comment ids and, per id, group, campaign and theme numbers (-1 none)."""
    members = [int(m) for g in result["near_duplicate_groups"] for m in g]
    members += [int(m) for c in result["campaigns"] for m in c["members"]]
    members += [int(m) for t in result["themes"] for m in t["members"]]
    ids = np.unique(np.array(members, dtype=np.int64))
    group = np.full(len(ids), -1, dtype=np.int32)
    campaign = np.full(len(ids), -1, dtype=np.int32)
    theme = np.full(len(ids), -1, dtype=np.int32)
    for g, grp in enumerate(result["near_duplicate_groups"]):
        group[np.searchsorted(ids, np.array(grp, dtype=np.int64))] = g + 1
    for c in result["campaigns"]:
        campaign[np.searchsorted(ids, np.array(c["members"], dtype=np.int64))] = c["id"]
    for t in result["themes"]:
        theme[np.searchsorted(ids, np.array(t["members"], dtype=np.int64))] = t["id"]
    buf = io.BytesIO()
    np.savez(buf, ids=ids, group=group, campaign=campaign, theme=theme)
    return zlib.compress(buf.getvalue(), 3)


def _strip_members(result: dict[str, Any]) -> dict[str, Any]:
    out = dict(result)
    out["near_duplicate_groups"] = [len(g) for g in result["near_duplicate_groups"][:200]]
    out["exact_duplicate_groups"] = [len(g) for g in result["exact_duplicate_groups"][:200]]
    out["campaigns"] = [{k: v for k, v in c.items() if k != "members"} for c in result["campaigns"]]
    out["themes"] = [{k: v for k, v in t.items() if k != "members"} for t in result["themes"]]
    return out


def tally_refresh(consultation: Consultation) -> dict[str, Any]:
    """Recount every comment by article and channel (one grouped query) and store it with the
    highest id counted."""
    upto = (
        Comment.objects.filter(consultation=consultation).order_by("-pk").values_list("pk", flat=True).first()
        or 0
    )
    rows = (
        Comment.objects.filter(consultation=consultation, pk__lte=upto)
        .values_list("article", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tally: dict[str, Any] = {"articles": {}, "channels": {}, "total": 0}
    for article, channel, n in rows:
        tally["articles"][article] = tally["articles"].get(article, 0) + n
        tally["channels"][channel] = tally["channels"].get(channel, 0) + n
        tally["total"] += n
    Consultation.objects.filter(pk=consultation.pk).update(
        tally=tally, tally_upto=upto, tally_at=timezone.now()
    )
    consultation.tally, consultation.tally_upto = tally, upto
    return tally


def analysis_refresh(consultation: Consultation, *, full: bool = False) -> Analysis:
    """Bring the analysis up to date with the accepted comments (incrementally when possible)."""
    t0 = time.perf_counter()
    tally_refresh(consultation)
    analysis = Analysis.objects.filter(consultation=consultation).first()
    taken_at = timezone.now()
    analyzer = None if full else _load_state(consultation, analysis)
    after = analysis.upto if analyzer is not None and analysis is not None else 0
    if analyzer is None:
        analyzer = _new_analyzer(consultation)
    upto = _feed(analyzer, consultation, after)
    result = analyzer.results(members=True)
    summary = _strip_members(result)
    labels = _labels(result)
    duration = time.perf_counter() - t0
    with transaction.atomic():
        analysis, _created = Analysis.objects.update_or_create(
            consultation=consultation,
            defaults={
                "upto": upto,
                "comments": len(analyzer),
                "summary": summary,
                "labels": labels,
                "duration": round(duration, 3),
            },
        )
    _save_state(consultation, analyzer, upto, taken_at)
    _decode_labels.cache_clear()
    return analysis


@lru_cache(maxsize=8)
def _decode_labels(analysis_pk: int, updated_at: Any) -> dict[str, np.ndarray]:
    raw = Analysis.objects.filter(pk=analysis_pk).values_list("labels", flat=True).first()
    if not raw:
        empty = np.zeros(0, dtype=np.int64)
        return {"ids": empty, "group": empty, "campaign": empty, "theme": empty}
    with np.load(io.BytesIO(zlib.decompress(bytes(raw)))) as data:
        return {k: data[k] for k in ("ids", "group", "campaign", "theme")}


def labels_of(consultation: Consultation) -> dict[str, np.ndarray] | None:
    row = Analysis.objects.filter(consultation=consultation).values_list("pk", "updated_at").first()
    if row is None:
        return None
    return _decode_labels(row[0], row[1])


def _members(consultation: Consultation, column: str, number: int) -> list[int]:
    labels = labels_of(consultation)
    if labels is None:
        return []
    return labels["ids"][labels[column] == number].tolist()


def theme_members(consultation: Consultation, theme_id: int) -> list[int]:
    return _members(consultation, "theme", theme_id)


def campaign_members(consultation: Consultation, campaign_id: int) -> list[int]:
    return _members(consultation, "campaign", campaign_id)


def group_members(consultation: Consultation, group: int) -> list[int]:
    return _members(consultation, "group", group)


def labels_for(consultation: Consultation, comment_ids: list[int]) -> dict[int, dict[str, int]]:
    """Group, campaign and theme of each of ``comment_ids`` (for list pages)."""
    labels = labels_of(consultation)
    out: dict[int, dict[str, int]] = {}
    if labels is None or not len(labels["ids"]):
        return out
    ids = labels["ids"]
    for cid in comment_ids:
        i = int(np.searchsorted(ids, cid))
        if i < len(ids) and ids[i] == cid:
            out[cid] = {k: int(labels[k][i]) for k in ("group", "campaign", "theme")}
    return out


def theme_decisions(
    consultation: Consultation, themes: list[dict[str, Any]], decided: list[ThemeDecision] | None = None
) -> dict[int, ThemeDecision]:
    """The decision standing on each theme of the current analysis, by theme number.

    A theme decision is applied to the comments of the theme it was taken on (their
    ``decision_theme``), but theme numbers and labels change when the analysis is rebuilt. So a
    current theme takes the decision that the most of its members carry, if they are at least a
    third of the theme; failing that (its members decided one by one, or set aside since), the
    latest decision taken under the same label. ``decided``: the consultation's theme decisions,
    if the caller has them already."""
    if decided is None:
        decided = list(ThemeDecision.objects.filter(consultation=consultation).select_related("decided_by"))
    decisions = {td.pk: td for td in sorted(decided, key=lambda td: (td.decided_at, td.pk))}
    if not decisions or not themes:
        return {}
    sizes = {int(t["id"]): int(t.get("size") or 0) for t in themes if t.get("id") is not None}
    out: dict[int, ThemeDecision] = {}
    labels = labels_of(consultation)
    pairs = np.array(
        list(
            Comment.objects.filter(consultation=consultation, decision_theme__isnull=False)
            .values_list("pk", "decision_theme_id")
            .order_by()
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    if labels is not None and len(labels["ids"]) and len(pairs):
        ids = labels["ids"]
        at = np.minimum(np.searchsorted(ids, pairs[:, 0]), len(ids) - 1)
        found = ids[at] == pairs[:, 0]
        theme = labels["theme"][at[found]].astype(np.int64)
        decision = pairs[found, 1]
        keep = theme >= 0
        base = int(pairs[:, 1].max()) + 1  # one key per (theme, decision) pair
        keys, counts = np.unique(theme[keep] * base + decision[keep], return_counts=True)
        best: dict[int, tuple[int, int]] = {}
        for key, n in zip(keys.tolist(), counts.tolist(), strict=True):
            t, td = divmod(key, base)
            if (n, td) > best.get(t, (0, 0)):
                best[t] = (n, td)
        for t, (n, td) in best.items():
            if t in sizes and 3 * n >= sizes[t] and td in decisions:
                out[t] = decisions[td]
    by_label = {td.label: td for td in decisions.values()}  # the latest per label
    for t in themes:
        tid = t.get("id")
        if tid is not None and int(tid) not in out:
            td = by_label.get(str(t.get("label", ""))[:200])
            if td is not None:
                out[int(tid)] = td
    return out


def theme_of(consultation: Consultation, theme_id: int) -> dict[str, Any] | None:
    analysis = Analysis.objects.filter(consultation=consultation).first()
    if analysis is None:
        return None
    return next((t for t in analysis.summary.get("themes", []) if t.get("id") == theme_id), None)
