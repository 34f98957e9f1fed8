"""Exact and near-duplicate groups of comments, incrementally: MinHash/LSH + exact verification.

Usage::

    index = NearDuplicateIndex()
    u = index.add(["支持第十二条……", "支持第十二条……！", ...])   # canonical texts, in arrival order
    roots = index.roots()          # one root per unique text; equal roots = same group

**Exact duplicates.**  Texts are canonical (:func:`.normalise.canonical`: NFKC, lower case,
no punctuation or spaces); identical canonical texts share one *unique-text id* (``urow``),
assigned in order of first arrival.  Everything below works on unique texts only.

**Signatures.**  Each unique text of at least ``min_chars`` characters gets a MinHash
signature over its character ``shingle``-grams (3 by default), from
:class:`lvzhi.textkit.minhash.MinHasher` (family ``mix32``): the code points of a shingle are
packed into 63 bits and mixed with the splitmix64 finaliser into a 32-bit hash ``h``; the
``num_perm`` (64) hash functions are ``a_i * h + b_i mod 2**32`` (``a_i`` odd, fixed seeds, so
signatures are comparable across processes).  A whole batch is hashed at once with numpy
(shingles of all texts concatenated, minima by ``np.minimum.reduceat``): about 10 µs per text
of 100 characters.

**Candidates (LSH).**  The signature is cut into ``bands`` bands of ``rows`` values (21 × 3);
texts whose band values agree in at least one band are candidates.  With 21 × 3 a pair of
Jaccard 0.5 is a candidate with probability 0.94, 0.6 with 0.99, 0.3 with 0.43, 0.1 with 0.02.
Instead of listing every pair of a bucket (a campaign of 100,000 copies fills its buckets with
5·10⁹ pairs), each text is compared with two members of each of its buckets: the **first**
text that ever fell in the bucket and the **previous** one.  A bucket is then a chain plus a
star, which keeps a family connected while each text costs at most ``2 × bands`` comparisons.
The buckets live in :class:`BandTable`, an open-addressing hash table in numpy arrays
(16 bytes a slot, grown ×2 at 60 % load).

**Verification.**  For each candidate pair the signatures give an estimated Jaccard ``Ĵ`` (the
share of equal values; standard error about 0.06 at 0.5 with 64 values) and, with the two
shingle counts ``a`` and ``b``, an estimated containment ``Ĵ / (1 + Ĵ) × (a + b) / min(a, b)``.
Pairs with ``Ĵ < threshold - prefilter`` (0.38) and, when the smaller text has at least
``containment_min`` shingles, an estimated containment below ``containment - prefilter``
(0.68) are dropped — nine candidates in ten, which share a few stock phrases.  The rest are
verified on the real shingle sets (Python sets of 3-character strings, built on demand, the
last 16,384 cached): a pair is an **edge** when the Jaccard index is at least ``threshold``
(0.5), or when the containment ``|A ∩ B| / min(|A|, |B|)`` is at least ``containment`` (0.8)
and the smaller set has at least ``containment_min`` (48) shingles — a template with a
personal paragraph added.  A pair already in one group is not verified at all.  Texts shorter
than ``min_chars`` (10) canonical characters are grouped by exact identity only: "同意本条"
and "不同意本条" share two of their three shingles.

**Groups.**  Edges join union-find components, with one guard against *bridges*: an edge
``(u, v)`` joins the component of ``u`` to that of ``v`` only if their roots (each component's
earliest text) are themselves similar — Jaccard at least ``merge_min`` (0.3), or containment
at least ``containment`` — unless the edge is between the two roots.  A new text always
passes when it joins through the root; when it joins through another member it must resemble
the root too.  So a comment pasting two different campaign templates joins the closer one
without merging the two campaigns, and a member of campaign A that happens to resemble such a
hybrid is not pulled into campaign B; two halves of one family that met late still merge, as
their roots are alike.

**Incremental.**  :meth:`add` processes a batch in arrival order; the candidates of a text
(first and previous bucket members) and the order in which edges are applied do not depend on
how the stream is cut into batches, so adding texts in several batches yields exactly the same
groups as one batch.  Nothing is recomputed on :meth:`add` except for the new texts;
:meth:`roots` is O(unique texts) numpy work.

Memory: the canonical texts, 260 bytes of signature and count per unique text, 21 bucket
entries of 16 bytes per unique text in a table at most 60 % full (rounded up to a power of
two), two union-find lists, the cache of shingle sets.  About 1.2 GB for 750,000 unique texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lvzhi.textkit.minhash import EMPTY, MinHasher, mix64

__all__ = ["BandTable", "DedupStats", "NearDuplicateIndex", "jaccard_containment"]


class BandTable:
    """Open-addressing hash table (linear probing, numpy arrays) from 64-bit bucket keys to the
    first and the latest row that fell in the bucket.

    :meth:`visit` looks up and updates a batch of ``(key, row)`` pairs with *sequential*
    semantics: each pair sees the table as if the pairs before it had been inserted one by one.
    """

    def __init__(self, capacity: int = 1 << 16, max_load: float = 0.6) -> None:
        cap = 1
        while cap < capacity:
            cap <<= 1
        self.max_load = float(max_load)
        self._alloc(cap)
        self.size = 0

    def _alloc(self, cap: int) -> None:
        self.capacity = cap
        self._shift = np.uint64(64 - cap.bit_length() + 1)
        self._mask = cap - 1
        self.keys = np.zeros(cap, dtype=np.uint64)
        self.first = np.full(cap, -1, dtype=np.int32)
        self.last = np.full(cap, -1, dtype=np.int32)

    @property
    def nbytes(self) -> int:
        return int(self.keys.nbytes + self.first.nbytes + self.last.nbytes)

    def _probe(self, keys: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
        """For each (distinct) key, the slot holding it or the first empty slot of its probe run."""
        slot = (keys >> self._shift).astype(np.int64) if start is None else start.astype(np.int64)
        out = np.empty(len(keys), dtype=np.int64)
        pending = np.arange(len(keys))
        table = self.keys
        while pending.size:
            k = table[slot]
            done = (k == keys[pending]) | (k == 0)
            out[pending[done]] = slot[done]
            pending = pending[~done]
            slot = (slot[~done] + 1) & self._mask
        return out

    def _insert_new(self, keys: np.ndarray, first: np.ndarray, last: np.ndarray) -> None:
        """Insert distinct keys known to be absent."""
        todo = np.arange(len(keys))
        slot = self._probe(keys)
        while todo.size:
            uniq, idx = np.unique(slot, return_index=True)
            win = todo[idx]
            self.keys[uniq] = keys[win]
            self.first[uniq] = first[win]
            self.last[uniq] = last[win]
            lose = np.ones(len(todo), dtype=bool)
            lose[idx] = False
            todo = todo[lose]
            if todo.size:
                # Re-probe from the next slot, where the previous round's winners may now sit.
                # (keys are distinct and absent, so a probe always ends on an empty slot)
                slot = self._probe(keys[todo], (slot[lose] + 1) & self._mask)
        self.size += len(keys)

    def _grow(self, needed: int) -> None:
        cap = self.capacity
        while needed > self.max_load * cap:
            cap <<= 1
        if cap == self.capacity:
            return
        live = self.keys != 0
        keys, first, last = self.keys[live], self.first[live], self.last[live]
        self._alloc(cap)
        self.size = 0
        if len(keys):
            self._insert_new(keys, first, last)

    def visit(self, keys: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each pair (in order; ``rows`` must be non-decreasing), the first and the latest
        earlier row with the same key (-1 when none), then record the pairs in the table."""
        n = len(keys)
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        keys = keys | np.uint64(1)  # 0 marks an empty slot
        rows = rows.astype(np.int64)
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        sr = rows[order]
        head = np.empty(n, dtype=bool)
        head[0] = True
        np.not_equal(sk[1:], sk[:-1], out=head[1:])
        gstart = np.flatnonzero(head)
        gend = np.append(gstart[1:], n) - 1
        gid = np.cumsum(head) - 1
        ukeys = sk[gstart]
        self._grow(self.size + len(ukeys))
        slot = self._probe(ukeys)
        found = self.keys[slot] == ukeys
        tfirst = np.where(found, self.first[slot], -1).astype(np.int64)
        tlast = np.where(found, self.last[slot], -1).astype(np.int64)
        gfirst_row = sr[gstart]
        fp = tfirst[gid]
        fp = np.where(fp >= 0, fp, gfirst_row[gid])
        fp[head & (tfirst[gid] < 0)] = -1
        lp = np.empty(n, dtype=np.int64)
        lp[1:] = sr[:-1]
        lp[head] = tlast[gid[head]]
        first_prev = np.empty(n, dtype=np.int64)
        last_prev = np.empty(n, dtype=np.int64)
        first_prev[order] = fp
        last_prev[order] = lp
        # update: existing keys get a new "last"; new keys are inserted
        glast_row = sr[gend]
        self.last[slot[found]] = glast_row[found]
        new = ~found
        if new.any():
            self._insert_new(ukeys[new], gfirst_row[new].astype(np.int32), glast_row[new].astype(np.int32))
        return first_prev, last_prev


def jaccard_containment(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> tuple[float, float]:
    """Jaccard index and containment ``|A ∩ B| / min(|A|, |B|)`` of two sets (0 when empty)."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b) if len(a) < len(b) else len(b & a)
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


@dataclass
class DedupStats:
    """Counters of the work done (cumulative over all :meth:`NearDuplicateIndex.add` calls)."""

    texts: int = 0
    unique_texts: int = 0
    hashed_texts: int = 0
    candidate_pairs: int = 0
    verified_pairs: int = 0
    edges: int = 0
    merges: int = 0
    bridges_blocked: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


class NearDuplicateIndex:
    """Incremental exact + near-duplicate grouping of canonical texts (module docstring)."""

    def __init__(
        self,
        *,
        shingle: int = 3,
        num_perm: int = 64,
        bands: int = 21,
        rows: int = 3,
        threshold: float = 0.5,
        containment: float = 0.8,
        containment_min: int = 48,
        merge_min: float = 0.3,
        prefilter: float = 0.12,
        min_chars: int = 10,
        seed: int = 20250917,
    ) -> None:
        if bands * rows > num_perm:
            raise ValueError("bands * rows must not exceed num_perm")
        self.shingle = int(shingle)
        self.bands = int(bands)
        self.rows = int(rows)
        self.threshold = float(threshold)
        self.containment = float(containment)
        self.containment_min = int(containment_min)
        self.merge_min = float(merge_min)
        self.prefilter = float(prefilter)
        self.min_chars = max(int(min_chars), self.shingle)
        self.hasher = MinHasher(num_perm, shingle, seed)
        self.table = BandTable()
        self.texts: list[str] = []
        self._index: dict[str, int] = {}
        self._sigs = np.full((1024, num_perm), EMPTY, dtype=np.uint32)
        self._nsh = np.zeros(1024, dtype=np.int32)  # shingles per unique text
        self._parent: list[int] = []
        self._size: list[int] = []
        self._sets: dict[int, frozenset[str]] = {}
        self.set_cache = 16_384
        self.stats = DedupStats()
        rng = np.random.default_rng(seed + 1)
        self._band_mult = rng.integers(1, 2**63, size=(rows,), dtype=np.uint64) | np.uint64(1)
        self._band_salt = rng.integers(0, 2**63, size=(bands,), dtype=np.uint64)

    # ------------------------------------------------------------------ helpers
    def __len__(self) -> int:
        return len(self.texts)

    def _shingle_set(self, u: int) -> frozenset[str]:
        s = self._sets.get(u)
        if s is None:
            t = self.texts[u]
            k = self.shingle
            s = frozenset([t[i : i + k] for i in range(len(t) - k + 1)])
            if len(self._sets) >= self.set_cache:
                self._sets.clear()  # a set of ~100 shingles weighs ~10 KB: keep few
            self._sets[u] = s
        return s

    def similarity(self, u: int, v: int) -> tuple[float, float]:
        """Jaccard and containment of the shingle sets of unique texts ``u`` and ``v``."""
        return jaccard_containment(self._shingle_set(u), self._shingle_set(v))

    def _accept(self, u: int, v: int, threshold: float) -> bool:
        a, b = self._shingle_set(u), self._shingle_set(v)
        jac, con = jaccard_containment(a, b)
        return jac >= threshold or (
            con >= max(self.containment, threshold) and min(len(a), len(b)) >= self.containment_min
        )

    def _find(self, x: int) -> int:
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def _union(self, u: int, v: int) -> None:
        """Apply the verified edge ``(u, v)``, guarded against bridges (module docstring)."""
        ru, rv = self._find(u), self._find(v)
        if ru == rv:
            return
        st = self.stats
        if not (ru == u and rv == v) and not self._accept(ru, rv, self.merge_min):
            st.bridges_blocked += 1
            return
        if self._size[ru] > 1 and self._size[rv] > 1:
            st.merges += 1
        lo, hi = (ru, rv) if ru < rv else (rv, ru)
        self._parent[hi] = lo
        self._size[lo] += self._size[hi]
        st.edges += 1

    def _band_keys(self, sig: np.ndarray) -> np.ndarray:
        """``(n, bands)`` uint64 bucket keys (band index mixed in)."""
        r = self.rows
        n = sig.shape[0]
        acc = np.zeros((n, self.bands), dtype=np.uint64)
        s64 = sig[:, : self.bands * r].astype(np.uint64).reshape(n, self.bands, r)
        for j in range(r):
            acc = (acc + s64[:, :, j]) * self._band_mult[j]
        return mix64(acc ^ self._band_salt[None, :])

    # ------------------------------------------------------------------ adding
    def add(self, texts: Sequence[str]) -> np.ndarray:
        """Add canonical texts in arrival order; return their unique-text ids (-1 for empty)."""
        import time

        st = self.stats
        t0 = time.perf_counter()
        out = np.empty(len(texts), dtype=np.int64)
        index = self._index
        new_texts: list[str] = []
        base = len(self.texts)
        for i, t in enumerate(texts):
            if not t:
                out[i] = -1
                continue
            u = index.get(t)
            if u is None:
                u = index[t] = base + len(new_texts)
                new_texts.append(t)
            out[i] = u
        st.texts += len(texts)
        if not new_texts:
            return out
        self.texts.extend(new_texts)
        n_new = len(new_texts)
        self._parent.extend(range(base, base + n_new))
        self._size.extend([1] * n_new)
        st.unique_texts = len(self.texts)
        if len(self.texts) > self._sigs.shape[0]:
            cap = self._sigs.shape[0]
            while cap < len(self.texts):
                cap *= 2
            grown = np.full((cap, self._sigs.shape[1]), EMPTY, dtype=np.uint32)
            grown[:base] = self._sigs[:base]
            self._sigs = grown
            nsh = np.zeros(cap, dtype=np.int32)
            nsh[:base] = self._nsh[:base]
            self._nsh = nsh
        t1 = time.perf_counter()
        st.seconds["exact"] = st.seconds.get("exact", 0.0) + t1 - t0

        elig = np.flatnonzero(np.fromiter(map(len, new_texts), dtype=np.int64, count=n_new) >= self.min_chars)
        if elig.size == 0:
            return out
        sig, counts = self.hasher.signatures([new_texts[i] for i in elig.tolist()])
        urows = elig + base
        self._sigs[urows] = sig
        self._nsh[urows] = counts
        st.hashed_texts += len(elig)
        t2 = time.perf_counter()
        st.seconds["minhash"] = st.seconds.get("minhash", 0.0) + t2 - t1

        keys = self._band_keys(sig)
        first_prev, last_prev = self.table.visit(keys.ravel(), np.repeat(urows, self.bands))
        src = np.concatenate([np.repeat(urows, self.bands)] * 2)
        dst = np.concatenate([first_prev, last_prev])
        ok = dst >= 0
        code = np.unique((src[ok].astype(np.int64) << 32) | dst[ok])
        src = code >> 32
        dst = code & 0xFFFFFFFF
        st.candidate_pairs += len(code)
        est = np.empty(len(code), dtype=np.float32)
        sigs = self._sigs
        for lo in range(0, len(code), 65536):
            hi = lo + 65536
            est[lo:hi] = (sigs[src[lo:hi]] == sigs[dst[lo:hi]]).mean(axis=1)
        # estimated containment from the estimated Jaccard and the shingle counts
        na = self._nsh[src].astype(np.float32)
        nb = self._nsh[dst].astype(np.float32)
        small = np.minimum(na, nb)
        est_c = est / (1.0 + est) * (na + nb) / np.maximum(small, 1.0)
        keep = (est >= self.threshold - self.prefilter) | (
            (small >= self.containment_min) & (est_c >= self.containment - self.prefilter)
        )
        src, dst, est = src[keep], dst[keep], est[keep]
        order = np.lexsort((dst, -est, src))  # by new text, then the most similar candidate first
        src, dst = src[order], dst[order]
        t3 = time.perf_counter()
        st.seconds["lsh"] = st.seconds.get("lsh", 0.0) + t3 - t2

        accept = self._accept
        union = self._union
        find = self._find
        thr = self.threshold
        verified = 0
        for u, v in zip(src.tolist(), dst.tolist(), strict=True):
            if find(u) == find(v):
                continue  # already in one group: the edge would change nothing
            verified += 1
            if accept(u, v, thr):
                union(u, v)
        st.verified_pairs += verified
        st.seconds["verify"] = st.seconds.get("verify", 0.0) + time.perf_counter() - t3
        return out

    # ------------------------------------------------------------------ reading
    def roots(self) -> np.ndarray:
        """Root (smallest unique-text id) of each unique text's group, as an int64 array."""
        p = np.asarray(self._parent, dtype=np.int64)
        if p.size == 0:
            return p
        while True:
            pp = p[p]
            if np.array_equal(pp, p):
                return p
            p = pp

    def signature(self, u: int) -> np.ndarray:
        """The stored MinHash signature of unique text ``u`` (all ``0xFFFFFFFF`` if short)."""
        return self._sigs[u]

    @property
    def nbytes(self) -> int:
        """Approximate memory held by the numpy parts (signatures and bucket table)."""
        return int(self._sigs.nbytes + self.table.nbytes)
