"""The streaming, incremental comment analyser.

Usage::

    analyzer = Analyzer(articles={"1": "为了加强……", ...})   # article texts are optional
    analyzer.add(comments)            # any iterable of dicts; consumed in batches, streamingly
    analyzer.add(more_comments)       # later: only the new comments are processed
    result = analyzer.results()       # JSON-ready dict (see docs/consultation-analytics.md)

A comment is a mapping with ``id`` (str or int, unique) and ``text`` (str), and optionally
``article`` (the article it was submitted on: 12, "12", "第十二条", "10-1") and
``submitted_at`` (ISO 8601 — naive times are read as China Standard Time, UTC+8 — or epoch
seconds/milliseconds).  Other keys are ignored.

**What :meth:`Analyzer.add` does, per batch of new comments only:** normalisation, attribution
to articles, stance cues, time parsing, exact-duplicate lookup, MinHash signatures of the new
unique texts, LSH bucket look-up and update, verification of the candidate pairs and
union-find merges (:mod:`.dedup`), article and stance counters, and the reservoir sample that
themes are fitted on.  Nothing already added is touched.

**What :meth:`Analyzer.results` recomputes each time:** the group of every comment from the
union-find forest (one vectorised pass over the unique texts), the lists of group and theme
members, campaign templates and timings (sample-based, per campaign), per-article figures
(a few ``numpy.unique`` calls).  Themes are fitted at the first call, on the reservoir sample
(one text per near-duplicate group), and refitted only once the number of unique texts has
grown by ``theme_refit_growth`` (100 %) since; in between only the unique texts added since the
last call are assigned.  For a million comments ``results()`` takes about 15 s, two thirds of
it for the themes.

Adding the same comments in one batch or in several gives the same near-duplicate groups and
campaigns (the candidate pairs and the order of the merges do not depend on the batching); the
themes are the same too when ``results()`` is called only at the end, since the sample is a
deterministic reservoir.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from lvzhi.textkit.articles import article_sort_key, parse_article_key

from .attribution import ArticleAttributor
from .campaigns import bursts, iso, select_template, timeline
from .dedup import NearDuplicateIndex
from .normalise import MAX_CHARS, canonical_from_display, display_text
from .stance import LABELS, detect_stance
from .themes import ThemeModel

__all__ = ["FORMAT", "Analyzer", "check_comment", "parse_time"]

FORMAT = "lvzhi-consultation-analytics/1"
_CST = dt.timezone(dt.timedelta(hours=8))
_SOURCES = ("none", "mention", "quote", "field")


def parse_time(value: object) -> float:
    """Epoch seconds of ``submitted_at``; NaN when absent or unreadable."""
    if value is None or isinstance(value, bool):
        return math.nan
    if isinstance(value, (int, float)):
        v = float(value)
        if not math.isfinite(v):
            return math.nan
        return v / 1000.0 if v > 1e11 else v
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return math.nan
        try:
            d = dt.datetime.fromisoformat(s)
        except ValueError:
            return math.nan
        if d.tzinfo is None:
            d = d.replace(tzinfo=_CST)
        return d.timestamp()
    return math.nan


def check_comment(obj: object) -> str | None:
    """Why ``obj`` is not a usable comment, or None when it is."""
    if not isinstance(obj, Mapping):
        return "not a JSON object"
    cid = obj.get("id")
    if (
        cid is None
        or isinstance(cid, bool)
        or not isinstance(cid, (str, int))
        or (isinstance(cid, str) and not cid)
    ):
        return "missing or invalid 'id' (a non-empty string or an integer)"
    text = obj.get("text")
    if not isinstance(text, str):
        return "missing or invalid 'text' (a string)"
    return None


class _Column:
    """A growable numpy column (amortised O(1) appends of whole batches)."""

    def __init__(self, dtype: Any, fill: Any = 0) -> None:
        self._a = np.full(1024, fill, dtype=dtype)
        self._fill = fill
        self.n = 0

    def extend(self, values: Any) -> None:
        v = np.asarray(values, dtype=self._a.dtype)
        need = self.n + len(v)
        if need > len(self._a):
            cap = len(self._a)
            while cap < need:
                cap *= 2
            grown = np.full(cap, self._fill, dtype=self._a.dtype)
            grown[: self.n] = self._a[: self.n]
            self._a = grown
        self._a[self.n : need] = v
        self.n = need

    def view(self) -> np.ndarray:
        return self._a[: self.n]

    def resize(self, n: int) -> None:
        if n > self.n:
            self.extend(np.full(n - self.n, self._fill, dtype=self._a.dtype))


class Analyzer:
    """Streaming, incremental analyser of consultation comments (module docstring).

    Options: ``articles`` (number → text of the draft's articles; enables range checks and
    quotation matching), ``campaign_min_size`` (20 comments) and ``campaign_min_chars`` (20
    canonical characters of template), ``n_themes`` (12), ``theme_sample`` (20,000 unique texts),
    ``theme_refit_growth`` (1.0), ``themes`` (False skips them), ``batch_size`` (20,000),
    ``seed``, ``dedup`` (keyword arguments of :class:`.dedup.NearDuplicateIndex`).
    """

    def __init__(
        self,
        *,
        articles: Mapping[Any, str] | None = None,
        campaign_min_size: int = 20,
        campaign_min_chars: int = 20,
        n_themes: int = 12,
        theme_sample: int = 20_000,
        theme_refit_growth: float = 1.0,
        themes: bool = True,
        batch_size: int = 20_000,
        seed: int = 2025,
        dedup: Mapping[str, Any] | None = None,
    ) -> None:
        self.attributor = ArticleAttributor(articles)
        self.index = NearDuplicateIndex(**dict(dedup or {}))
        self.campaign_min_size = max(2, int(campaign_min_size))
        self.campaign_min_chars = int(campaign_min_chars)
        self.n_themes = int(n_themes)
        self.theme_sample = int(theme_sample)
        self.theme_refit_growth = float(theme_refit_growth)
        self.themes_enabled = bool(themes)
        self.batch_size = max(1, int(batch_size))
        self.seed = int(seed)
        # per comment
        self._ids: list[str] = []
        self._urow = _Column(np.int64, -1)
        self._time = _Column(np.float64, np.nan)
        self._art = _Column(np.int32, -1)
        self._src = _Column(np.int8, 0)
        self._stance = _Column(np.int8, LABELS.index("unknown"))
        self._extra_articles: dict[int, tuple[int, ...]] = {}
        self._art_keys: list[str] = []
        self._art_code: dict[str, int] = {}
        self._art_counts: Counter[int] = Counter()
        self._stance_counts: Counter[int] = Counter()
        self._source_counts: Counter[int] = Counter()
        self.bad_times = 0
        # per unique text
        self._display: list[str] = []
        self._first: list[int] = []
        self._theme_of = _Column(np.int16, -1)
        self._theme_done = 0
        self._reservoir: list[int] = []
        self._rng = random.Random(self.seed)
        self._model: ThemeModel | None = None
        self._theme_sample_ids: list[int] = []
        self._model_fit_at = 0
        self.timings: dict[str, float] = {}

    # ------------------------------------------------------------------ adding
    def __len__(self) -> int:
        return len(self._ids)

    def _tick(self, name: str, t0: float) -> float:
        t1 = time.perf_counter()
        self.timings[name] = self.timings.get(name, 0.0) + t1 - t0
        return t1

    def add(self, comments: Iterable[Mapping[str, Any]]) -> int:
        """Add comments (consumed lazily, ``batch_size`` at a time); return how many.

        Raises ``ValueError`` on an unusable comment (see :func:`check_comment`); the comments
        of the batches before it stay added."""
        batch: list[Mapping[str, Any]] = []
        added = 0
        for c in comments:
            batch.append(c)
            if len(batch) >= self.batch_size:
                self._add_batch(batch)
                added += len(batch)
                batch = []
        if batch:
            self._add_batch(batch)
            added += len(batch)
        return added

    def _code(self, key: str) -> int:
        code = self._art_code.get(key)
        if code is None:
            code = self._art_code[key] = len(self._art_keys)
            self._art_keys.append(key)
        return code

    def _add_batch(self, batch: list[Mapping[str, Any]]) -> None:
        t0 = time.perf_counter()
        for pos, c in enumerate(batch):
            why = check_comment(c)
            if why:
                raise ValueError(f"comment {len(self._ids) + pos + 1}: {why}")
        base = len(self._ids)
        n = len(batch)
        canon: list[str] = []
        display: list[str] = []
        times = np.empty(n, dtype=np.float64)
        arts = np.empty(n, dtype=np.int32)
        srcs = np.empty(n, dtype=np.int8)
        stances = np.empty(n, dtype=np.int8)
        attribute = self.attributor.attribute
        src_index = {s: i for i, s in enumerate(_SOURCES)}
        stance_index = {s: i for i, s in enumerate(LABELS)}
        code = self._code
        for i, c in enumerate(batch):
            disp = display_text(c["text"])
            display.append(disp)
            canon.append(canonical_from_display(disp))
            att = attribute(disp, c.get("article"))
            if att.articles:
                codes = [code(k) for k in att.articles]
                arts[i] = codes[0]
                if len(codes) > 1:
                    self._extra_articles[base + i] = tuple(codes[1:])
                self._art_counts.update(codes)
            else:
                arts[i] = -1
            srcs[i] = src_index[att.source]
            stances[i] = stance_index[detect_stance(disp).label] if disp else stance_index["unknown"]
            t = parse_time(c.get("submitted_at"))
            if math.isnan(t) and c.get("submitted_at") not in (None, ""):
                self.bad_times += 1
            times[i] = t
        self._ids.extend(str(c["id"]) for c in batch)
        self._source_counts.update(srcs.tolist())
        self._stance_counts.update(stances.tolist())
        t0 = self._tick("parse", t0)

        before = len(self.index)
        urows = self.index.add(canon)
        self._urow.extend(urows)
        self._time.extend(times)
        self._art.extend(arts)
        self._src.extend(srcs)
        self._stance.extend(stances)
        t0 = self._tick("dedup", t0)

        # first occurrence of each new unique text; the reservoir sample for themes
        expected = before
        rng = self._rng
        cap = self.theme_sample
        res = self._reservoir
        for i, u in enumerate(urows.tolist()):
            if u == expected:
                self._display.append(batch[i]["text"].strip()[:MAX_CHARS])
                self._first.append(base + i)
                if len(res) < cap:
                    res.append(u)
                else:
                    j = rng.randrange(u + 1)
                    if j < cap:
                        res[j] = u
                expected += 1
        self._tick("parse", t0)

    # ------------------------------------------------------------------ themes
    def _ensure_themes(self, refit: bool) -> None:
        if not self.themes_enabled:
            return
        n_u = len(self._display)
        t0 = time.perf_counter()
        if refit or self._model is None or n_u > (1.0 + self.theme_refit_growth) * max(self._model_fit_at, 1):
            roots = self.index.roots()
            seen: set[int] = set()
            sample: list[int] = []
            for u in sorted(self._reservoir):
                r = int(roots[u])
                if r not in seen:
                    seen.add(r)
                    sample.append(u)
            texts = self.index.texts
            model = ThemeModel(self.n_themes, seed=self.seed)
            model.fit([texts[u] for u in sample], [self._display[u] for u in sample])
            self._theme_sample_ids = sample
            self._model = model
            self._model_fit_at = n_u
            self._theme_done = 0
            t0 = self._tick("themes_fit", t0)
        model = self._model
        assert model is not None
        self._theme_of.resize(n_u)
        if self._theme_done < n_u:
            labels, _ = model.assign(self.index.texts[self._theme_done : n_u])
            self._theme_of.view()[self._theme_done : n_u] = labels
            self._theme_done = n_u
        self._tick("themes_assign", t0)

    # ------------------------------------------------------------------ results
    def results(self, *, refit_themes: bool = False, members: bool = True) -> dict[str, Any]:
        """The analysis of everything added so far, as a JSON-ready dict.

        ``members=False`` leaves the member id lists out of groups, campaigns and themes (their
        sizes stay), for a compact summary."""
        t0 = time.perf_counter()
        n = len(self._ids)
        ids = np.array(self._ids, dtype=object)
        urow = self._urow.view()
        times = self._time.view()
        arts = self._art.view()
        stances = self._stance.view()
        roots = self.index.roots()
        uidx = np.maximum(urow, 0)
        comp = np.where(urow >= 0, roots[uidx] if len(roots) else urow, -1 - np.arange(n, dtype=np.int64))

        def grouped(labels: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
            order = np.argsort(labels, kind="stable")
            sl = labels[order]
            cut = np.flatnonzero(np.diff(sl)) + 1
            parts = np.split(order, cut) if n else []
            groups = [p for p in parts if len(p) >= 2 and labels[p[0]] >= 0]
            groups.sort(key=lambda p: (-len(p), int(p[0])))
            sizes = np.zeros(n, dtype=np.int64)
            for p in groups:
                sizes[p] = len(p)
            return groups, sizes

        near_groups, group_size = grouped(comp)
        exact_groups, _ = grouped(np.where(urow >= 0, urow, -1))
        t0 = self._tick("groups", t0)

        # campaigns
        texts = self.index.texts
        campaigns: list[dict[str, Any]] = []
        in_campaign = np.full(n, -1, dtype=np.int64)
        templates: dict[int, tuple[int, int]] = {}  # group root -> (campaign id, template text)
        for g, members_idx in enumerate(near_groups):
            if len(members_idx) < self.campaign_min_size:
                break
            us, copies = np.unique(urow[members_idx], return_counts=True)
            pick = select_template([texts[u] for u in us.tolist()], copies.tolist(), seed=self.seed)
            tu = int(us[pick])
            if len(texts[tu]) < self.campaign_min_chars:
                continue
            k = len(campaigns)
            in_campaign[members_idx] = k
            templates[int(comp[members_idx[0]])] = (k + 1, tu)
            t = times[members_idx]
            tl = timeline(t)
            bs = bursts(t)
            size = len(members_idx)
            art_counter: Counter[int] = Counter(arts[members_idx][arts[members_idx] >= 0].tolist())
            for ci in members_idx.tolist():
                extra = self._extra_articles.get(ci)
                if extra:
                    art_counter.update(extra)
            st = np.bincount(stances[members_idx], minlength=len(LABELS))
            valid_t = t[~np.isnan(t)]
            camp: dict[str, Any] = {
                "id": k + 1,
                "group": g,
                "size": size,
                "unique_texts": int(len(us)),
                "exact_copies_of_template": int(copies[pick]),
                "template": self._display[tu],
                "template_id": self._ids[self._first[tu]],
                "articles": {self._art_keys[a]: c for a, c in art_counter.most_common(5)},
                "stance": {LABELS[i]: int(st[i]) for i in range(len(LABELS))},
                "first_at": iso(float(valid_t.min())) if len(valid_t) else None,
                "last_at": iso(float(valid_t.max())) if len(valid_t) else None,
                "bursts": [b.to_json(size) for b in bs[:5]],
                "burst_share": round(sum(b.count for b in bs) / size, 4) if size else 0.0,
                "timeline": tl,
            }
            if members:
                camp["members"] = ids[members_idx].tolist()
            campaigns.append(camp)
        t0 = self._tick("campaigns", t0)

        # themes
        themes_out: list[dict[str, Any]] = []
        theme_of_comment = np.full(n, -1, dtype=np.int64)
        if self.themes_enabled and n:
            self._ensure_themes(refit_themes)
            t0 = time.perf_counter()
            model = self._model
            if model is not None and model.fitted:
                theme_u = self._theme_of.view().astype(np.int64)
                theme_of_comment = np.where(urow >= 0, theme_u[uidx], -1)
                sample_ids = self._theme_sample_ids
                for th in model.themes:
                    m_idx = np.flatnonzero(theme_of_comment == th.index)
                    if len(m_idx) == 0:
                        continue
                    art_c = Counter(arts[m_idx][arts[m_idx] >= 0].tolist())
                    st = np.bincount(stances[m_idx], minlength=len(LABELS))
                    reps = [
                        {"id": self._ids[self._first[sample_ids[r]]], "text": self._display[sample_ids[r]]}
                        for r in th.representatives
                    ]
                    item: dict[str, Any] = {
                        "id": th.index + 1,
                        "label": th.label,
                        "keywords": th.keywords,
                        "size": int(len(m_idx)),
                        "unique_texts": int(len(np.unique(urow[m_idx]))),
                        "independent_opinions": int(len(np.unique(comp[m_idx]))),
                        "campaign_comments": int((in_campaign[m_idx] >= 0).sum()),
                        "articles": {self._art_keys[a]: c for a, c in art_c.most_common(5)},
                        "stance": {LABELS[i]: int(st[i]) for i in range(len(LABELS))},
                        "representatives": reps,
                    }
                    if members:
                        item["members"] = ids[m_idx].tolist()
                    themes_out.append(item)
                themes_out.sort(key=lambda d: (-d["size"], d["id"]))
            t0 = self._tick("themes_output", t0)

        # articles
        articles, article_stats = self._article_figures(comp, in_campaign, templates)
        overall_tl = timeline(times)
        t0 = self._tick("articles", t0)

        n_unique = len(self._display)
        n_empty = int((urow < 0).sum())
        out: dict[str, Any] = {
            "format": FORMAT,
            "summary": {
                "comments": n,
                "unique_texts": n_unique,
                "empty_texts": n_empty,
                "exact_duplicates": n - n_unique - n_empty,
                "near_duplicate_groups": len(near_groups),
                "comments_in_near_duplicate_groups": int(sum(len(p) for p in near_groups)),
                "independent_opinions": int(len(np.unique(comp))) if n else 0,
                "campaigns": len(campaigns),
                "campaign_comments": int((in_campaign >= 0).sum()),
                "themes": len(themes_out),
                "attributed": n - int((arts < 0).sum()),
                "unattributed": int((arts < 0).sum()),
                "attribution_sources": {_SOURCES[k]: int(v) for k, v in sorted(self._source_counts.items())},
                "stance": {LABELS[i]: int(self._stance_counts.get(i, 0)) for i in range(len(LABELS))},
                "unreadable_times": self.bad_times,
                "first_at": iso(float(np.nanmin(times))) if n and not np.isnan(times).all() else None,
                "last_at": iso(float(np.nanmax(times))) if n and not np.isnan(times).all() else None,
            },
            "near_duplicate_groups": [ids[p].tolist() for p in near_groups]
            if members
            else [len(p) for p in near_groups],
            "exact_duplicate_groups": [ids[p].tolist() for p in exact_groups]
            if members
            else [len(p) for p in exact_groups],
            "campaigns": campaigns,
            "themes": themes_out,
            "articles": articles,
            "article_stats": article_stats,
            "timeline": overall_tl,
            "parameters": self.parameters(),
        }
        self._tick("output", t0)
        return out

    def _article_figures(
        self, comp: np.ndarray, in_campaign: np.ndarray, templates: dict[int, tuple[int, int]], top: int = 3
    ) -> tuple[dict[str, int], list[dict[str, Any]]]:
        """Comments per article, and per article: independent opinions, campaign comments,
        stance, attribution sources and its ``top`` largest groups ("top_opinions")."""
        arts = self._art.view()
        src = self._src.view()
        stances = self._stance.view()
        rows = np.flatnonzero(arts >= 0)
        codes = arts[rows].astype(np.int64)
        if self._extra_articles:
            extra_rows = np.fromiter(
                (r for r, cs in self._extra_articles.items() for _ in cs), dtype=np.int64
            )
            extra_codes = np.fromiter((c for cs in self._extra_articles.values() for c in cs), dtype=np.int64)
            rows = np.concatenate([rows, extra_rows])
            codes = np.concatenate([codes, extra_codes])
        n_codes = len(self._art_keys)
        counts = np.bincount(codes, minlength=n_codes)
        # independent opinions per article: distinct groups among its comments
        comp_values, dense = np.unique(comp, return_inverse=True)
        span = int(dense.max(initial=0)) + 1
        pairs, pair_counts = np.unique(codes * span + dense[rows], return_counts=True)
        indep = np.bincount(pairs // span, minlength=n_codes)
        # the largest groups of each article (at least two comments)
        big = pair_counts >= 2
        by_size = np.lexsort((pairs[big] % span, -pair_counts[big], pairs[big] // span))
        tops: dict[int, list[dict[str, Any]]] = {}
        for key, cnt in zip(pairs[big][by_size].tolist(), pair_counts[big][by_size].tolist(), strict=True):
            code, d = divmod(key, span)
            lst = tops.setdefault(code, [])
            if len(lst) >= top:
                continue
            root = int(comp_values[d])
            if root < 0:
                continue
            camp_id, tu = templates.get(root, (None, root))
            lst.append(
                {
                    "comments": int(cnt),
                    "id": self._ids[self._first[tu]],
                    "text": self._display[tu],
                    "campaign": camp_id,
                }
            )
        camp = np.bincount(codes, weights=(in_campaign[rows] >= 0).astype(np.float64), minlength=n_codes)
        st = np.zeros((n_codes, len(LABELS)), dtype=np.int64)
        np.add.at(st, (codes, stances[rows].astype(np.int64)), 1)
        so = np.zeros((n_codes, len(_SOURCES)), dtype=np.int64)
        np.add.at(so, (codes, src[rows].astype(np.int64)), 1)
        order = sorted(range(n_codes), key=lambda c: article_sort_key(self._art_keys[c]))
        articles = {self._art_keys[c]: int(counts[c]) for c in order if counts[c]}
        stats: list[dict[str, Any]] = []
        for c in order:
            if not counts[c]:
                continue
            key = self._art_keys[c]
            pk = parse_article_key(key)
            stats.append(
                {
                    "article": key,
                    "label": pk.label if pk else key,
                    "comments": int(counts[c]),
                    "independent_opinions": int(indep[c]),
                    "campaign_comments": int(camp[c]),
                    "stance": {LABELS[i]: int(st[c, i]) for i in range(len(LABELS))},
                    "sources": {_SOURCES[i]: int(so[c, i]) for i in range(1, len(_SOURCES))},
                    "top_opinions": tops.get(c, []),
                }
            )
        return articles, stats

    def parameters(self) -> dict[str, Any]:
        """The settings in force (reported in the output)."""
        ix = self.index
        return {
            "shingle": ix.shingle,
            "num_perm": ix.hasher.num_perm,
            "bands": ix.bands,
            "rows": ix.rows,
            "jaccard_threshold": ix.threshold,
            "containment_threshold": ix.containment,
            "containment_min_shingles": ix.containment_min,
            "merge_min": ix.merge_min,
            "min_chars_near_duplicate": ix.min_chars,
            "campaign_min_size": self.campaign_min_size,
            "campaign_min_chars": self.campaign_min_chars,
            "n_themes": self.n_themes,
            "theme_sample": self.theme_sample,
            "articles_known": len(self.attributor.known),
            "seed": self.seed,
        }
