"""Article-by-article comparison of two versions of a regulation (the basis of the 对照表).

Definitions (every article of both versions appears in exactly one entry):

``unchanged``
    one old ↔ one new article, in order, with identical text after canonicalisation
    (whitespace removed, full-/half-width forms unified by NFKC).  The number may differ:
    :attr:`DiffEntry.renumbered` is then true.
``renumbered``
    one ↔ one, in order, whose texts differ *only* in cross-references to article numbers
    ("第十条" → "第十一条"), each changed reference following this comparison's own old→new
    numbering map: a consequential change covered by "对条文顺序作相应调整".
``modified``
    one ↔ one, in order, with different text (any other change).
``moved``
    one ↔ one matched by identical or similar text (not necessarily unchanged — see
    ``changes``) but out of the relative order of the other matched articles: it is not part
    of the maximum order-preserving alignment.
``split``
    one old article ↔ two or more consecutive new articles that together carry its text.
``merged``
    two or more consecutive old articles ↔ one new article that carries their text.
``inserted`` / ``deleted``
    a new / old article without counterpart.

Alignment: (1) exact canonical-text matches; (2) similar pairs found through an inverted
index of rare character trigrams, scored by the Dice coefficient of character-bigram sets;
(3) split/merge blocks from pairs with high containment; (4) the maximum-weight
order-preserving chain of all these (sparse weighted LCS, O(P log n)); (5) strong
out-of-order matches become ``moved``; (6) in each gap between chain anchors a local
alignment pairs the remaining articles at a lower similarity threshold (positional
evidence); (7) remaining good matches become ``moved``; the rest ``deleted``/``inserted``.
Character-level changes come from :class:`difflib.SequenceMatcher` on the article texts.
"""

from __future__ import annotations

import difflib
import heapq
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from lvzhi.textkit.numerals import NUMERAL_CHARS, cn_to_int

from .model import DIVISION_KINDS, DIVISION_NAMES, Article, Division, Document

__all__ = [
    "OPS",
    "Change",
    "DiffConfig",
    "DiffEntry",
    "DiffResult",
    "DivisionChange",
    "canonical",
    "char_diff",
    "diff_documents",
]

#: All entry operations.
OPS: tuple[str, ...] = (
    "unchanged",
    "renumbered",
    "modified",
    "moved",
    "split",
    "merged",
    "inserted",
    "deleted",
)

_WS = re.compile(r"\s+")
_REF_RE = re.compile(rf"第([{NUMERAL_CHARS}]+)条(?:之([一二三四五六七八九十]+))?")


def canonical(text: str) -> str:
    """Comparison form of a text: NFKC (full-width → half-width) and no whitespace."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class DiffConfig:
    """Thresholds of the alignment (Dice coefficients of character-bigram sets)."""

    candidates_per_article: int = 8
    similar: float = 0.5  #: a pair may anchor the global alignment
    gap: float = 0.3  #: a pair between two anchors may be aligned (positional)
    move: float = 0.6  #: an out-of-order pair is reported as moved
    strong_move: float = 0.8  #: moves taken before gap filling
    repair: float = 0.15  #: a weak pair yields to a move this much more similar
    part_containment: float = 0.6  #: a split/merge part must be this contained in the whole
    part_share: float = 0.05  #: each part carries at least this share of the whole's text
    block: float = 0.6  #: minimum SequenceMatcher ratio of a split/merge block
    block_margin: float = 0.02  #: a block must beat its best single part by this much
    max_block: int = 6  #: most parts in a split/merge
    max_gap_pairs: int = 4000  #: gap size above which only indexed candidates are compared


@dataclass
class Change:
    """A character-level change: ``op`` in equal/insert/delete/replace."""

    op: str
    old: str
    new: str

    def to_json(self) -> dict[str, str]:
        """JSON-able dict."""
        return {"op": self.op, "old": self.old, "new": self.new}


@dataclass
class DiffEntry:
    """One line of the comparison: old articles ↔ new articles with an operation."""

    op: str
    old: list[Article]
    new: list[Article]
    changes: list[Change] = field(default_factory=list)
    similarity: float = 0.0
    uid: str = ""
    chapter_changed: bool = False
    old_index: list[int] = field(default_factory=list)
    new_index: list[int] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        """True when both sides exist and the (first) article number differs."""
        if not self.old or not self.new:
            return False
        return self.old[0].sort_key != self.new[0].sort_key

    @property
    def old_text(self) -> str:
        """Old text (articles joined by newlines)."""
        return "\n".join(a.text for a in self.old)

    @property
    def new_text(self) -> str:
        """New text (articles joined by newlines)."""
        return "\n".join(b.text for b in self.new)

    @property
    def text_changed(self) -> bool:
        """Whether the canonical texts differ."""
        return canonical(self.old_text) != canonical(self.new_text)

    def to_json(self) -> dict[str, Any]:
        """JSON-able dict.

        ``old_number``/``new_number`` are ints (null when absent); for ``merged`` the
        ``old_number`` is a list of ints and for ``split`` the ``new_number`` is a list.
        ``old_numbers``/``new_numbers``/``old_keys``/``new_keys``/``old_labels``/``new_labels``
        are always lists.
        """

        def number(arts: list[Article], as_list: bool) -> int | list[int] | None:
            if as_list:
                return [a.number for a in arts]
            return arts[0].number if arts else None

        return {
            "op": self.op,
            "uid": self.uid,
            "old_number": number(self.old, self.op == "merged"),
            "new_number": number(self.new, self.op == "split"),
            "old_numbers": [a.number for a in self.old],
            "new_numbers": [b.number for b in self.new],
            "old_keys": [a.anchor for a in self.old],
            "new_keys": [b.anchor for b in self.new],
            "old_labels": [a.label for a in self.old],
            "new_labels": [b.label for b in self.new],
            "renumbered": self.renumbered,
            "chapter_changed": self.chapter_changed,
            "similarity": round(self.similarity, 4),
            "old_text": self.old_text,
            "new_text": self.new_text,
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass
class DivisionChange:
    """How a division (编/分编/章/节) changed: op in unchanged/renamed/renumbered/moved/inserted/deleted."""

    kind: str
    op: str
    old: Division | None
    new: Division | None
    renamed: bool = False
    renumbered: bool = False
    moved: bool = False

    def to_json(self) -> dict[str, Any]:
        """JSON-able dict."""

        def ref(d: Division | None) -> dict[str, Any] | None:
            return None if d is None else {"label": d.label, "number": d.number, "title": d.compact_title}

        return {
            "kind": self.kind,
            "type": DIVISION_NAMES[self.kind],
            "op": self.op,
            "old": ref(self.old),
            "new": ref(self.new),
            "renamed": self.renamed,
            "renumbered": self.renumbered,
            "moved": self.moved,
        }


@dataclass
class DiffResult:
    """The comparison of two documents."""

    old: Document
    new: Document
    entries: list[DiffEntry]
    divisions: list[DivisionChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Number of entries per op (all ops present, zeros included)."""
        c = Counter(e.op for e in self.entries)
        return {op: c.get(op, 0) for op in OPS}

    @property
    def renumbering(self) -> bool:
        """Whether any article's number changed (the decision then ends with 对条文顺序作相应调整)."""
        return any(e.renumbered for e in self.entries) or any(e.op == "renumbered" for e in self.entries)

    @property
    def changed(self) -> list[DiffEntry]:
        """Entries other than ``unchanged``."""
        return [e for e in self.entries if e.op != "unchanged"]

    def to_json(self) -> dict[str, Any]:
        """JSON-able dict: titles, counts, division changes and entries."""
        return {
            "old_title": self.old.title,
            "new_title": self.new.title,
            "old_article_count": len(self.old.articles()),
            "new_article_count": len(self.new.articles()),
            "counts": self.counts(),
            "renumbering": self.renumbering,
            "divisions": [d.to_json() for d in self.divisions],
            "entries": [e.to_json() for e in self.entries],
        }


# --------------------------------------------------------------------------------------
# character-level changes


def char_diff(old: str, new: str) -> list[Change]:
    """Character-level changes between two texts (equal/insert/delete/replace segments).

    Uses :class:`difflib.SequenceMatcher` (no autojunk) and merges change runs separated by
    one or two unchanged characters, which reads better for Chinese text.
    """
    if old == new:
        return [Change("equal", old, new)] if old else []
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    raw: list[list[str]] = []  # [kind, old, new] with kind "equal" or "change"
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        kind = "equal" if tag == "equal" else "change"
        if raw and raw[-1][0] == kind:
            raw[-1][1] += old[i1:i2]
            raw[-1][2] += new[j1:j2]
        else:
            raw.append([kind, old[i1:i2], new[j1:j2]])
    merged: list[list[str]] = []
    for k, seg in enumerate(raw):
        short_island = seg[0] == "equal" and 0 < k < len(raw) - 1 and len(seg[1]) <= 2 and "\n" not in seg[1]
        if short_island:
            seg = ["change", seg[1], seg[2]]
        if merged and merged[-1][0] == "change" and seg[0] == "change":
            merged[-1][1] += seg[1]
            merged[-1][2] += seg[2]
        else:
            merged.append(list(seg))
    _snap_numerals(merged)
    out: list[Change] = []
    for kind, o, n in merged:
        if kind == "equal":
            out.append(Change("equal", o, n))
        elif o and n:
            out.append(Change("replace", o, n))
        elif n:
            out.append(Change("insert", o, n))
        elif o:
            out.append(Change("delete", o, n))
    return out


_CN_NUM = set("零〇一二三四五六七八九十百千万两0123456789")


def _snap_numerals(segments: list[list[str]]) -> None:
    """Widen a change made only of numerals to the whole number ("二"→"四" becomes "十二"→"十四")."""
    for k, seg in enumerate(segments):
        if seg[0] != "change" or not all(c in _CN_NUM for c in seg[1] + seg[2]):
            continue
        if k > 0 and segments[k - 1][0] == "equal":
            prev = segments[k - 1]
            n = len(prev[1]) - len(prev[1].rstrip("".join(_CN_NUM)))
            if n and n < len(prev[1]):
                head = prev[1][-n:]
                prev[1], prev[2] = prev[1][:-n], prev[2][:-n]
                seg[1], seg[2] = head + seg[1], head + seg[2]
        if k + 1 < len(segments) and segments[k + 1][0] == "equal":
            nxt = segments[k + 1]
            n = len(nxt[1]) - len(nxt[1].lstrip("".join(_CN_NUM)))
            if n and n < len(nxt[1]):
                tail = nxt[1][:n]
                nxt[1], nxt[2] = nxt[1][n:], nxt[2][n:]
                seg[1], seg[2] = seg[1] + tail, seg[2] + tail


def _similarity(changes: list[Change], old: str, new: str) -> float:
    total = len(old) + len(new)
    if not total:
        return 1.0
    return 2 * sum(len(c.old) for c in changes if c.op == "equal") / total


# --------------------------------------------------------------------------------------
# alignment


@dataclass
class _Node:
    i0: int
    i1: int
    j0: int
    j1: int
    weight: float
    sim: float
    kind: str  # "exact", "similar", "gap", "split", "merged"


def _bigrams(s: str) -> frozenset[str]:
    if len(s) < 2:
        return frozenset([s]) if s else frozenset()
    return frozenset(s[k : k + 2] for k in range(len(s) - 1))


def _trigrams(s: str) -> set[str]:
    if len(s) < 3:
        return {s} if s else set()
    return {s[k : k + 3] for k in range(len(s) - 2)}


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def _best_chain(nodes: list[_Node], width: int) -> list[_Node]:
    """Maximum-weight chain of nodes strictly increasing in both old and new positions.

    Sparse weighted LCS: nodes sorted by ``i0``; a Fenwick tree over ``j1`` holds the best
    chain score ending at or before each new position, filled with nodes whose ``i1`` lies
    before the current ``i0``.  O(P log width).
    """
    if not nodes:
        return []
    size = width + 1
    tree_score = [0.0] * (size + 1)
    tree_node = [-1] * (size + 1)

    def update(pos: int, score: float, k: int) -> None:
        while pos <= size:
            if tree_node[pos] < 0 or score > tree_score[pos]:
                tree_score[pos] = score
                tree_node[pos] = k
            pos += pos & -pos

    def query(pos: int) -> tuple[float, int]:
        best, best_k = 0.0, -1
        while pos > 0:
            if tree_node[pos] >= 0 and tree_score[pos] > best:
                best, best_k = tree_score[pos], tree_node[pos]
            pos -= pos & -pos
        return best, best_k

    order = sorted(range(len(nodes)), key=lambda k: (nodes[k].i0, nodes[k].j0, -nodes[k].weight))
    by_end = sorted(range(len(nodes)), key=lambda k: nodes[k].i1)
    score = [0.0] * len(nodes)
    parent = [-1] * len(nodes)
    p = 0
    for k in order:
        node = nodes[k]
        while p < len(by_end) and nodes[by_end[p]].i1 < node.i0:
            q = by_end[p]
            update(nodes[q].j1 + 1, score[q], q)
            p += 1
        best, best_k = query(node.j0)  # chains ending at j1 + 1 <= j0, i.e. j1 < j0
        score[k] = best + node.weight
        parent[k] = best_k
    end = max(range(len(nodes)), key=lambda k: (score[k], -k))
    chain: list[_Node] = []
    while end >= 0:
        chain.append(nodes[end])
        end = parent[end]
    chain.reverse()
    return chain


class _Aligner:
    def __init__(self, old: list[Article], new: list[Article], config: DiffConfig) -> None:
        self.A, self.B, self.cfg = old, new, config
        self.ca = [canonical(a.text) for a in old]
        self.cb = [canonical(b.text) for b in new]
        self.ga = [_bigrams(t) for t in self.ca]
        self.gb = [_bigrams(t) for t in self.cb]
        self.pairs: dict[tuple[int, int], float] = {}  # similar candidates (Dice)
        self.exact_nodes: list[_Node] = []
        self.similar_nodes: list[_Node] = []
        self.block_nodes: list[_Node] = []

    def dice(self, i: int, j: int) -> float:
        key = (i, j)
        d = self.pairs.get(key)
        if d is None:
            d = _dice(self.ga[i], self.gb[j])
            self.pairs[key] = d
        return d

    # -- candidates ------------------------------------------------------------------------

    def exact(self) -> tuple[set[int], set[int]]:
        """Nodes for identical canonical texts; sets of old and new indices that have one.

        A text repeated k times in the old and l times in the new version gets all k×l
        pairs when that is small, else the pairs near the proportional diagonal.
        """
        by_old: dict[str, list[int]] = defaultdict(list)
        by_new: dict[str, list[int]] = defaultdict(list)
        for i, t in enumerate(self.ca):
            by_old[t].append(i)
        for j, t in enumerate(self.cb):
            by_new[t].append(j)
        ea: set[int] = set()
        eb: set[int] = set()
        for t, news in by_new.items():
            olds = by_old.get(t)
            if not olds:
                continue
            eb.update(news)
            ea.update(olds)
            if len(olds) * len(news) <= 400:
                pairs = [(i, j) for i in olds for j in news]
            else:
                scale = len(olds) / len(news)
                pairs = [
                    (olds[r], j)
                    for q, j in enumerate(news)
                    for r in range(max(0, int(q * scale) - 10), min(len(olds), int(q * scale) + 11))
                ]
            for i, j in pairs:
                self.exact_nodes.append(_Node(i, i, j, j, 2.0, 1.0, "exact"))
        return ea, eb

    def similar(self, free_a: list[int], free_b: list[int]) -> None:
        """Score candidate pairs retrieved through rare shared trigrams, in both directions."""
        cfg = self.cfg
        k = cfg.candidates_per_article
        pairs = {(i, j) for j, i in _retrieve(self.cb, free_b, self.ca, free_a, k)}
        pairs |= set(_retrieve(self.ca, free_a, self.cb, free_b, k))
        self.split_parts: dict[int, list[int]] = defaultdict(list)
        self.merge_parts: dict[int, list[int]] = defaultdict(list)
        for i, j in sorted(pairs):
            gai, gbj = self.ga[i], self.gb[j]
            inter = len(gai & gbj)
            d = 2 * inter / (len(gai) + len(gbj)) if (gai or gbj) else 1.0
            self.pairs[(i, j)] = d
            if d >= cfg.similar:
                ratio = difflib.SequenceMatcher(None, self.ca[i], self.cb[j], autojunk=False).ratio()
                self.similar_nodes.append(_Node(i, i, j, j, 2.0 * ratio, d, "similar"))
            if gbj and inter / len(gbj) >= cfg.part_containment:
                self.split_parts[i].append(j)
            if gai and inter / len(gai) >= cfg.part_containment:
                self.merge_parts[j].append(i)

    def blocks(self) -> None:
        for i, js in self.split_parts.items():
            for run in _runs(sorted(set(js))):
                self._try_blocks(whole=i, parts=run, split=True)
        for j, is_ in self.merge_parts.items():
            for run in _runs(sorted(set(is_))):
                self._try_blocks(whole=j, parts=run, split=False)

    def _try_blocks(self, *, whole: int, parts: list[int], split: bool) -> None:
        """Find the best split/merge block of ``whole`` over consecutive ``parts``.

        Candidates come from set containment; the decision is sequence based: the
        concatenated parts must match the whole (SequenceMatcher ratio ≥ ``block``), beat
        every single part by ``block_margin``, and every part must be matched in order for
        at least half of its length and ``part_share`` of the whole.
        """
        cfg = self.cfg
        if len(parts) < 2:
            return
        w_text = self.ca[whole] if split else self.cb[whole]
        p_texts = self.cb if split else self.ca
        if not w_text:
            return
        single_cache: dict[int, float] = {}

        def single(p: int) -> float:
            if p not in single_cache:
                single_cache[p] = difflib.SequenceMatcher(None, w_text, p_texts[p], autojunk=False).ratio()
            return single_cache[p]

        best: _Node | None = None
        for s in range(len(parts)):
            for e in range(s + 2, min(len(parts), s + cfg.max_block) + 1):
                run = parts[s:e]
                concat = "".join(p_texts[p] for p in run)
                sm = difflib.SequenceMatcher(None, w_text, concat, autojunk=False)
                if sm.real_quick_ratio() < cfg.block or sm.quick_ratio() < cfg.block:
                    continue
                ratio = sm.ratio()
                if ratio < cfg.block:
                    continue
                bounds = []
                offset = 0
                for p in run:
                    bounds.append((offset, offset + len(p_texts[p])))
                    offset += len(p_texts[p])
                matched = [0] * len(run)
                for _a, b, size in sm.get_matching_blocks():
                    for k, (lo, hi) in enumerate(bounds):
                        matched[k] += max(0, min(hi, b + size) - max(lo, b))
                if any(
                    matched[k] < 0.5 * (hi - lo) or matched[k] < cfg.part_share * len(w_text)
                    for k, (lo, hi) in enumerate(bounds)
                ):
                    continue
                if ratio < max(single(p) for p in run) + cfg.block_margin:
                    continue
                weight = (len(run) + 1) * ratio
                if split:
                    node = _Node(whole, whole, run[0], run[-1], weight, ratio, "split")
                else:
                    node = _Node(run[0], run[-1], whole, whole, weight, ratio, "merged")
                if best is None or node.weight > best.weight:
                    best = node
        if best is not None:
            self.block_nodes.append(best)

    # -- gaps ------------------------------------------------------------------------------

    def fill_gaps(self, chain: list[_Node], taken_a: set[int], taken_b: set[int]) -> list[_Node]:
        cfg = self.cfg
        out: list[_Node] = []
        bounds = [(-1, -1), *((n.i1, n.j1) for n in chain)]
        starts = [*((n.i0, n.j0) for n in chain), (len(self.A), len(self.B))]
        for (pa, pb), (na, nb) in zip(bounds, starts, strict=True):
            gap_a = [i for i in range(pa + 1, na) if i not in taken_a]
            gap_b = [j for j in range(pb + 1, nb) if j not in taken_b]
            if not gap_a or not gap_b:
                continue
            local: list[_Node] = []
            if len(gap_a) * len(gap_b) <= cfg.max_gap_pairs:
                for x, i in enumerate(gap_a):
                    for y, j in enumerate(gap_b):
                        d = self.dice(i, j)
                        if d >= cfg.gap:
                            local.append(_Node(x, x, y, y, 2.0 * d, d, "gap"))
            else:
                pos_a = {i: x for x, i in enumerate(gap_a)}
                pos_b = {j: y for y, j in enumerate(gap_b)}
                for (i, j), d in self.pairs.items():
                    if d >= cfg.gap and i in pos_a and j in pos_b:
                        local.append(_Node(pos_a[i], pos_a[i], pos_b[j], pos_b[j], 2.0 * d, d, "gap"))
            for node in _best_chain(local, len(gap_b)):
                i, j = gap_a[node.i0], gap_b[node.j0]
                out.append(_Node(i, i, j, j, node.weight, node.sim, "gap"))
        return out


def _retrieve(
    q_texts: list[str], q_ids: list[int], d_texts: list[str], d_ids: list[int], k: int
) -> list[tuple[int, int]]:
    """For each query text, the ``k`` documents sharing most rare trigrams: (query, doc) pairs.

    Trigrams occurring in more than a tenth of the documents (at least 6) are ignored unless
    a query has no rarer ones, so the cost stays near linear.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for d in d_ids:
        for tri in _trigrams(d_texts[d]):
            index[tri].append(d)
    df_max = max(6, len(d_ids) // 10)
    out: list[tuple[int, int]] = []
    for q in q_ids:
        counter: Counter[int] = Counter()
        common: Counter[int] = Counter()
        for tri in _trigrams(q_texts[q]):
            posting = index.get(tri)
            if not posting:
                continue
            if len(posting) <= df_max:
                counter.update(posting)
            else:
                common.update(posting)
        if not counter:
            counter = common
        for d, _count in heapq.nlargest(k, counter.items(), key=lambda kv: (kv[1], -kv[0])):
            out.append((q, d))
    return out


def _runs(values: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for v in values:
        if runs and runs[-1][-1] == v - 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return [r for r in runs if len(r) >= 2]


def _ref_key(num: str, suffix: str | None) -> tuple[int, int] | None:
    try:
        return cn_to_int(num), (cn_to_int(suffix) if suffix else 0)
    except ValueError:
        return None


def _refs_only(old: str, new: str, mapping: dict[tuple[int, int], tuple[int, int]]) -> bool:
    """True when ``old`` and ``new`` differ only in article references consistent with ``mapping``."""
    po = _REF_RE.split(old)
    pn = _REF_RE.split(new)
    if len(po) != len(pn):
        return False
    differs = False
    for k in range(0, len(po), 3):
        if po[k] != pn[k]:
            return False
        if k + 2 < len(po):
            ro, rn = _ref_key(po[k + 1], po[k + 2]), _ref_key(pn[k + 1], pn[k + 2])
            if ro is None or rn is None:
                return False
            if ro != rn:
                if mapping.get(ro) != rn:
                    return False
                differs = True
    return differs


# --------------------------------------------------------------------------------------
# divisions


def _diff_divisions(
    old: Document, new: Document, entries: list[DiffEntry]
) -> tuple[list[DivisionChange], dict[int, bool]]:
    """Division changes per kind, and per entry (by id) whether its chapter changed."""
    changes: list[DivisionChange] = []
    old_stacks = old.article_divisions()
    new_stacks = new.article_divisions()
    chapter_changed: dict[int, bool] = {}
    for kind in DIVISION_KINDS:
        odivs = old.divisions(kind)
        ndivs = new.divisions(kind)
        if not odivs and not ndivs:
            continue
        opos = {id(d): k for k, d in enumerate(odivs)}
        npos = {id(d): k for k, d in enumerate(ndivs)}

        overlap: Counter[tuple[int, int]] = Counter()
        for e in entries:
            for a in e.old:
                for b in e.new:
                    oi, ni = _div_of(old_stacks, a, opos, kind), _div_of(new_stacks, b, npos, kind)
                    if oi is not None and ni is not None:
                        overlap[(oi, ni)] += 1
        pairs: dict[int, int] = {}
        used_new: set[int] = set()
        ranked = sorted(
            overlap.items(),
            key=lambda kv: (-kv[1], odivs[kv[0][0]].compact_title != ndivs[kv[0][1]].compact_title, kv[0]),
        )
        for (oi, ni), _count in ranked:
            if oi not in pairs and ni not in used_new:
                pairs[oi] = ni
                used_new.add(ni)
        titles: dict[str, list[int]] = defaultdict(list)
        for ni, d in enumerate(ndivs):
            if ni not in used_new:
                titles[d.compact_title].append(ni)
        for oi, d in enumerate(odivs):
            if oi not in pairs and titles.get(d.compact_title):
                ni = titles[d.compact_title].pop(0)
                pairs[oi] = ni
                used_new.add(ni)
        # divisions out of the longest increasing order are moved
        ordered = sorted(pairs.items())
        keep = _lis([ni for _oi, ni in ordered])
        in_order = {ordered[k][0] for k in keep}
        rows: list[tuple[float, DivisionChange]] = []
        for oi, ni in ordered:
            od, nd = odivs[oi], ndivs[ni]
            renamed = od.compact_title != nd.compact_title
            renumbered = od.number != nd.number
            moved = oi not in in_order
            op = "moved" if moved else "renamed" if renamed else "renumbered" if renumbered else "unchanged"
            rows.append((ni, DivisionChange(kind, op, od, nd, renamed, renumbered, moved)))
        for ni, nd in enumerate(ndivs):
            if ni not in used_new:
                rows.append((ni, DivisionChange(kind, "inserted", None, nd)))
        for oi, od in enumerate(odivs):
            if oi not in pairs:
                prev = max((pairs[o] for o in pairs if o < oi), default=-1)
                rows.append((prev + 0.5, DivisionChange(kind, "deleted", od, None)))
        rows.sort(key=lambda r: r[0])
        changes.extend(r[1] for r in rows)
        if kind == "章":
            for e in entries:
                if not e.old or not e.new:
                    continue
                oi, ni = _div_of(old_stacks, e.old[0], opos, kind), _div_of(new_stacks, e.new[0], npos, kind)
                if oi is None and ni is None:
                    continue
                chapter_changed[id(e)] = oi is None or ni is None or pairs.get(oi) != ni
    return changes, chapter_changed


def _div_of(stacks: dict[int, list[Division]], art: Article, pos: dict[int, int], kind: str) -> int | None:
    for d in stacks.get(id(art), []):
        if d.kind == kind:
            return pos[id(d)]
    return None


def _lis(values: list[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence."""
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(values)
    for k, v in enumerate(values):
        pos = bisect.bisect_left(tails, v)
        if pos == len(tails):
            tails.append(v)
            tails_idx.append(k)
        else:
            tails[pos] = v
            tails_idx[pos] = k
        prev[k] = tails_idx[pos - 1] if pos else -1
    out: list[int] = []
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        out.append(k)
        k = prev[k]
    return out[::-1]


# --------------------------------------------------------------------------------------
# entry point


def diff_documents(
    old: Document, new: Document, *, config: DiffConfig | None = None, assign_uids: bool = True
) -> DiffResult:
    """Compare two versions article by article (see the module docstring for the ops).

    With ``assign_uids`` (default) every old article without a ``uid`` gets one (its key)
    and every new article receives the uid of its counterpart (split parts get
    ``<uid>.2``, ``<uid>.3``…; inserted articles ``new:<key>``), so identities survive
    renumbering across successive versions.
    """
    cfg = config or DiffConfig()
    A, B = old.articles(), new.articles()
    al = _Aligner(A, B, cfg)
    exact_a, exact_b = al.exact()
    free_a = [i for i in range(len(A)) if i not in exact_a]
    free_b = [j for j in range(len(B)) if j not in exact_b]
    al.similar(free_a, free_b)
    al.blocks()

    chain = _best_chain(al.exact_nodes + al.similar_nodes + al.block_nodes, len(B))
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    for node in chain:
        taken_a.update(range(node.i0, node.i1 + 1))
        taken_b.update(range(node.j0, node.j1 + 1))

    def take_moves(threshold: float) -> list[_Node]:
        cands = [n for n in al.exact_nodes + al.similar_nodes if n.sim >= threshold]
        cands.sort(key=lambda n: (-n.sim, n.j0, n.i0))
        moved: list[_Node] = []
        for n in cands:
            if n.i0 not in taken_a and n.j0 not in taken_b:
                taken_a.add(n.i0)
                taken_b.add(n.j0)
                moved.append(n)
        return moved

    # a weak in-order pair gives way to a much better out-of-order partner (a move)
    by_new: dict[int, list[tuple[int, float]]] = defaultdict(list)
    by_old: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (i, j), d in al.pairs.items():
        if d >= cfg.strong_move:
            by_new[j].append((i, d))
            by_old[i].append((j, d))
    moved: list[_Node] = []
    kept: list[_Node] = []
    for node in chain:
        if node.kind == "similar":
            i, j, d = node.i0, node.j0, node.sim
            better_old = [
                (d2, i2) for i2, d2 in by_new.get(j, []) if i2 not in taken_a and d2 >= d + cfg.repair
            ]
            better_new = [
                (d2, j2) for j2, d2 in by_old.get(i, []) if j2 not in taken_b and d2 >= d + cfg.repair
            ]
            if better_old or better_new:
                taken_a.discard(i)
                taken_b.discard(j)
                if better_old and (not better_new or max(better_old) >= max(better_new)):
                    d2, i2 = max(better_old)
                    moved.append(_Node(i2, i2, j, j, 2.0 * d2, d2, "similar"))
                    taken_a.add(i2)
                    taken_b.add(j)
                else:
                    d2, j2 = max(better_new)
                    moved.append(_Node(i, i, j2, j2, 2.0 * d2, d2, "similar"))
                    taken_a.add(i)
                    taken_b.add(j2)
                continue
        kept.append(node)
    chain = kept
    moved += take_moves(cfg.strong_move)
    gap_nodes = al.fill_gaps(chain, taken_a, taken_b)
    for node in gap_nodes:
        taken_a.add(node.i0)
        taken_b.add(node.j0)
    moved += take_moves(cfg.move)
    aligned = sorted(chain + gap_nodes, key=lambda n: (n.i0, n.j0))

    # old → new number map (for consequential reference updates)
    mapping: dict[tuple[int, int], tuple[int, int]] = {}
    for node in aligned + moved:
        for i in range(node.i0, node.i1 + 1):
            mapping.setdefault(A[i].sort_key, B[node.j0].sort_key)

    entries: list[DiffEntry] = []
    for node in aligned:
        olds = list(range(node.i0, node.i1 + 1))
        news = list(range(node.j0, node.j1 + 1))
        if node.kind == "split":
            op = "split"
        elif node.kind == "merged":
            op = "merged"
        elif al.ca[node.i0] == al.cb[node.j0]:
            op = "unchanged"
        elif _refs_only(al.ca[node.i0], al.cb[node.j0], mapping):
            op = "renumbered"
        else:
            op = "modified"
        entries.append(_entry(op, A, B, olds, news))
    for node in moved:
        entries.append(_entry("moved", A, B, [node.i0], [node.j0]))
    for i in range(len(A)):
        if i not in taken_a:
            entries.append(_entry("deleted", A, B, [i], []))
    for j in range(len(B)):
        if j not in taken_b:
            entries.append(_entry("inserted", A, B, [], [j]))

    entries = _order_entries(entries)
    divisions, chapter_changed = _diff_divisions(old, new, entries)
    for e in entries:
        e.chapter_changed = chapter_changed.get(id(e), False)
    if assign_uids:
        _assign_uids(entries, A)
    return DiffResult(old=old, new=new, entries=entries, divisions=divisions)


def _entry(op: str, A: list[Article], B: list[Article], olds: list[int], news: list[int]) -> DiffEntry:
    old_arts = [A[i] for i in olds]
    new_arts = [B[j] for j in news]
    old_text = "\n".join(a.text for a in old_arts)
    new_text = "\n".join(b.text for b in new_arts)
    if op == "unchanged":
        changes = [Change("equal", old_text, new_text)] if old_text or new_text else []
        sim = 1.0
    elif op == "deleted":
        changes = [Change("delete", old_text, "")] if old_text else []
        sim = 0.0
    elif op == "inserted":
        changes = [Change("insert", "", new_text)] if new_text else []
        sim = 0.0
    else:
        changes = char_diff(old_text, new_text)
        sim = _similarity(changes, old_text, new_text)
    return DiffEntry(
        op=op, old=old_arts, new=new_arts, changes=changes, similarity=sim, old_index=olds, new_index=news
    )


def _order_entries(entries: list[DiffEntry]) -> list[DiffEntry]:
    """New-document order; a deleted article follows the entry of the old article before it."""
    anchor: dict[int, float] = {}
    for e in entries:
        if e.new and e.op != "moved":
            for i in e.old_index:
                anchor[i] = e.new_index[-1]
    n_old = 1 + max((i for e in entries for i in e.old_index), default=-1)
    before: list[float] = []  # anchor of the nearest earlier old article that has one
    last = -1.0
    for i in range(n_old):
        before.append(last)
        if i in anchor:
            last = anchor[i]
    keys: list[tuple[float, int, int]] = []
    for e in entries:
        if e.new:
            keys.append((float(e.new_index[0]), 0, e.new_index[0]))
        else:
            i = e.old_index[0]
            keys.append((before[i] + 0.5, 1, i))
    order = sorted(range(len(entries)), key=lambda k: keys[k])
    return [entries[k] for k in order]


def _assign_uids(entries: list[DiffEntry], old_articles: list[Article]) -> None:
    used: set[str] = set()
    for a in old_articles:
        uid = a.uid or a.anchor
        base, n = uid, 2
        while uid in used:
            uid = f"{base}~{n}"
            n += 1
        a.uid = uid
        used.add(uid)

    def fresh(candidate: str) -> str:
        uid, n = candidate, 2
        while uid in used:
            uid = f"{candidate}~{n}"
            n += 1
        used.add(uid)
        return uid

    for e in entries:
        if not e.old:
            for b in e.new:
                b.uid = fresh(f"new:{b.anchor}")
        elif e.op == "split":
            root = e.old[0].uid or e.old[0].anchor
            e.new[0].uid = root
            for k, b in enumerate(e.new[1:], start=2):
                b.uid = fresh(f"{root}.{k}")
        else:
            for b in e.new:
                b.uid = e.old[0].uid
        first = e.old[0] if e.old else e.new[0]
        e.uid = first.uid or first.anchor
