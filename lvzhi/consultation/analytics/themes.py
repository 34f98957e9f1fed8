"""Themes: clusters of comments with readable labels, fitted on a sample, then assigned to all.

**Features.**  A comment is a TF-IDF vector over the character bigrams of its canonical text
(:func:`.normalise.canonical`) taken inside runs of CJK characters: sublinear term frequency
``1 + ln(tf)``, smoothed idf ``ln((1 + n) / (1 + df)) + 1``, unit length.  Bigrams are
extracted for a whole batch at once with numpy (a bigram is the pair of its code points packed
in 42 bits, so there is no hashing and no collision), which makes assigning a million comments
a matter of seconds where jieba would need minutes.  The vocabulary is fitted on the sample:
bigrams in at least ``min_df`` (3) sample comments and at most ``max_df`` (20 %) of them, minus
the bigrams of the stop words of :data:`lvzhi.textkit.lexicons.CONSULTATION` (stance words,
greetings and the draft's ubiquitous vocabulary such as 电动自行车, 条例, 草案), so clusters
follow *what* people write about, not whether they agree.

**Clusters.**  :class:`sklearn.cluster.MiniBatchKMeans` (``n_themes`` clusters, 3 initialisations,
seeded) on the sample; every comment is then assigned to the centroid of highest cosine (a
sparse × dense product).  Comments without any vocabulary bigram get no theme (``-1``).

**Keywords.**  jieba words (precise mode, no HMM) of up to 300 sample comments per cluster are
scored by class-based TF-IDF — ``tf(w, c) / |c| × ln(1 + A / tf(w))`` with ``A`` the average
number of words per cluster — stop words, numbers and one-character words left out; the
``n_keywords`` best are the theme's keywords.

**Label.**  A readable phrase, not a keyword list: the clause fragment (text between
punctuation, leading fillers such as 建议 or 我觉得 removed, at least four characters) of the same
sampled comments whose bigram TF-IDF vector is closest to the centroid, weighted by the square
root of the number of comments containing it, cut to 16 characters (``_phrase``).  Falls back
to the first three keywords joined by "、" when no fragment qualifies.
The ``n_representatives`` sample comments closest to the centroid are its representatives.

Words come from :func:`lvzhi.textkit.tokenise.cut` with the
:data:`~lvzhi.textkit.lexicons.CONSULTATION` lexicon (jieba, loaded lazily once per process).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from lvzhi.textkit.lexicons import CONSULTATION
from lvzhi.textkit.tokenise import cut

from .normalise import canonical

__all__ = ["Theme", "ThemeModel", "bigram_codes"]

_CJK_LO, _CJK_HI = 0x3400, 0x9FFF


def bigram_codes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """``(doc, code)``: every CJK character bigram of every text, as the text's index and the
    two code points packed into a uint64 (``first << 21 | second``)."""
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    total = int(lens.sum())
    if total < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    cjk = (cps >= _CJK_LO) & (cps <= _CJK_HI)
    ok = cjk[:-1] & cjk[1:]
    ends = np.cumsum(lens) - 1
    ends = ends[(ends >= 0) & (ends < total - 1)]
    ok[ends] = False  # a pair may not straddle two texts
    pos = np.flatnonzero(ok)
    doc = np.repeat(np.arange(n, dtype=np.int64), lens)[pos]
    code = (cps[pos].astype(np.uint64) << np.uint64(21)) | cps[pos + 1].astype(np.uint64)
    return doc, code


def _word_codes(words: frozenset[str]) -> np.ndarray:
    codes = {(ord(w[i]) << 21) | ord(w[i + 1]) for w in words for i in range(len(w) - 1)}
    return np.array(sorted(codes), dtype=np.uint64)


_STOP_CODES = _word_codes(CONSULTATION.stop_words)


@dataclass
class Theme:
    """One theme: ``label`` (its first three keywords), ``keywords``, and the positions in the
    fit sample of its ``representatives`` (closest to the centroid first)."""

    index: int
    label: str
    keywords: list[str]
    representatives: list[int] = field(default_factory=list)
    sample_size: int = 0


class ThemeModel:
    """Bigram TF-IDF + MiniBatchKMeans themes (module docstring).  :meth:`fit` once on a sample
    (canonical texts for the features, display texts for the keywords), then :meth:`assign`
    any number of texts, in batches."""

    def __init__(
        self,
        n_themes: int = 12,
        *,
        seed: int = 2025,
        min_df: int = 3,
        max_df: float = 0.2,
        n_keywords: int = 8,
        n_representatives: int = 3,
        label_sample: int = 300,
    ) -> None:
        self.n_themes = int(n_themes)
        self.seed = int(seed)
        self.min_df = int(min_df)
        self.max_df = float(max_df)
        self.n_keywords = int(n_keywords)
        self.n_representatives = int(n_representatives)
        self.label_sample = int(label_sample)
        self.vocab = np.zeros(0, dtype=np.uint64)
        self.idf = np.zeros(0, dtype=np.float32)
        self.centers = np.zeros((0, 0), dtype=np.float32)
        self.themes: list[Theme] = []
        self.fit_size = 0

    @property
    def fitted(self) -> bool:
        return len(self.themes) > 0

    def _matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        doc, code = bigram_codes(texts)
        v = len(self.vocab)
        if v == 0 or len(code) == 0:
            return sp.csr_matrix((len(texts), max(v, 1)), dtype=np.float32)
        col = np.searchsorted(self.vocab, code)
        col[col >= v] = 0
        ok = self.vocab[col] == code
        key = doc[ok] * v + col[ok]
        key, tf = np.unique(key, return_counts=True)
        rows, cols = key // v, key % v
        data = ((1.0 + np.log(tf)) * self.idf[cols]).astype(np.float32)
        x = sp.csr_matrix((data, (rows, cols)), shape=(len(texts), v), dtype=np.float32)
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms).astype(np.float32) @ x)

    def fit(self, canon: Sequence[str], display: Sequence[str]) -> ThemeModel:
        """Fit vocabulary, idf, clusters, keywords and representatives on a sample."""
        from sklearn.cluster import MiniBatchKMeans

        n = len(canon)
        self.fit_size = n
        self.themes = []
        doc, code = bigram_codes(canon)
        keep = ~np.isin(code, _STOP_CODES)
        doc, code = doc[keep], code[keep]
        pairs = np.unique((doc << np.int64(42)) | code.astype(np.int64))
        ucode, df = np.unique(pairs & ((1 << 42) - 1), return_counts=True)
        ok = (df >= min(self.min_df, max(1, n // 50))) & (df <= max(self.max_df * n, 2))
        self.vocab = ucode[ok].astype(np.uint64)
        self.idf = (np.log((1.0 + n) / (1.0 + df[ok])) + 1.0).astype(np.float32)
        if n == 0 or len(self.vocab) == 0:
            return self
        x = self._matrix(canon)
        has = np.asarray(x.getnnz(axis=1) > 0)
        idx = np.flatnonzero(has)
        k = max(1, min(self.n_themes, len(idx) // 5))
        if len(idx) < 2:
            return self
        km = MiniBatchKMeans(
            n_clusters=k, random_state=self.seed, n_init=3, batch_size=min(4096, len(idx)), max_iter=100
        )
        labels_fit = km.fit_predict(x[idx])
        centers = np.asarray(km.cluster_centers_, dtype=np.float32)
        norms = np.linalg.norm(centers, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        self.centers = centers / norms
        sims = np.asarray(x[idx] @ self.centers.T).astype(np.float32)
        labels = np.full(n, -1, dtype=np.int64)
        labels[idx] = labels_fit
        score = np.zeros(n, dtype=np.float32)
        score[idx] = sims[np.arange(len(idx)), labels_fit]
        self._label_clusters(labels, score, display)
        return self

    def _label_clusters(self, labels: np.ndarray, score: np.ndarray, display: Sequence[str]) -> None:
        rng = random.Random(self.seed)
        k = self.centers.shape[0]
        counts: list[Counter[str]] = []
        picks: list[list[int]] = []
        reps: list[list[int]] = []
        sizes: list[int] = []
        for c in range(k):
            members = np.flatnonzero(labels == c)
            sizes.append(len(members))
            order = members[np.argsort(-score[members], kind="stable")]
            reps.append(order[: self.n_representatives].tolist())
            pick = members.tolist()
            if len(pick) > self.label_sample:
                pick = rng.sample(pick, self.label_sample)
            picks.append(pick)
            cnt: Counter[str] = Counter()
            for i in pick:
                for w in cut(display[i], CONSULTATION):
                    if (
                        len(w) > 1
                        and w not in CONSULTATION.stop_words
                        and not any(ch.isdigit() for ch in w)
                        and _is_cjk_word(w)
                    ):
                        cnt[w] += 1
            counts.append(cnt)
        total: Counter[str] = Counter()
        for cnt in counts:
            total.update(cnt)
        avg = sum(total.values()) / max(1, k)
        themes: list[Theme] = []
        for c in range(k):
            cnt = counts[c]
            size = sum(cnt.values()) or 1
            scored = sorted(
                ((n / size * math.log(1.0 + avg / total[w]), w) for w, n in cnt.items() if n >= 2),
                key=lambda t: (-t[0], t[1]),
            )
            keywords = [w for _, w in scored[: self.n_keywords]]
            phrase = self._phrase(c, picks[c], display)
            label = phrase or ("、".join(keywords[:3]) if keywords else f"主题{c + 1}")
            themes.append(Theme(c, label, keywords, reps[c], sizes[c]))
        self.themes = themes

    def _phrase(self, c: int, members: Sequence[int], display: Sequence[str]) -> str:
        """The theme's most representative short phrase: among the clause fragments (text between
        punctuation) of the cluster's sampled comments, the one whose bigram TF-IDF vector is
        closest to the cluster's centroid, weighted by how many comments share it
        (``cosine × √count``, less for a phrase under eight characters); at least :data:`PHRASE_MIN_BIGRAMS` vocabulary bigrams, leading
        fillers (建议, 希望, 我觉得…) taken off, at most :data:`PHRASE_MAX` characters."""
        seen: Counter[str] = Counter()
        for i in members:
            seen.update({f for f in _fragments(display[i])})
        if not seen:
            return ""
        frags = list(seen)
        x = self._matrix([canonical(f) for f in frags])
        enough = np.asarray(x.getnnz(axis=1) >= PHRASE_MIN_BIGRAMS).ravel()
        if not enough.any():
            return ""
        cos = np.asarray(x @ self.centers[c]).ravel()
        weight = np.sqrt(np.fromiter((seen[f] for f in frags), dtype=np.float64, count=len(frags)))
        # a phrase of a few words reads better than a two-word scrap: full weight from 8 characters
        weight *= np.fromiter((min(1.0, len(f) / 8) for f in frags), dtype=np.float64, count=len(frags))
        score = np.where(enough, cos * weight, -1.0)
        best = int(np.argmax(score))
        if score[best] <= 0:
            return ""
        return _trim(frags[best])

    def assign(self, canon: Sequence[str], batch: int = 50_000) -> tuple[np.ndarray, np.ndarray]:
        """Theme index (``-1`` when none) and cosine to its centroid, for each text."""
        n = len(canon)
        labels = np.full(n, -1, dtype=np.int16)
        score = np.zeros(n, dtype=np.float32)
        if not self.fitted:
            return labels, score
        ct = np.ascontiguousarray(self.centers.T)
        for lo in range(0, n, batch):
            x = self._matrix(canon[lo : lo + batch])
            sims = np.asarray(x @ ct)
            best = sims.argmax(axis=1)
            top = sims[np.arange(len(best)), best]
            has = top > 0
            labels[lo : lo + batch] = np.where(has, best, -1)
            score[lo : lo + batch] = np.where(has, top, 0.0)
        return labels, score

    def describe(self) -> dict[str, Any]:
        """Parameters and sizes, for the output's ``parameters`` block."""
        return {
            "n_themes": len(self.themes),
            "fit_sample": self.fit_size,
            "vocabulary": int(len(self.vocab)),
            "min_df": self.min_df,
            "max_df": self.max_df,
        }


#: Longest label (characters); a longer phrase is cut and ends with "…".
PHRASE_MAX = 16
#: Shortest phrase considered, in characters, and in vocabulary bigrams.
PHRASE_MIN_CHARS = 4
PHRASE_MIN_BIGRAMS = 2
_FRAGMENT_SPLIT = re.compile(r"[，。；！？、,.;!?：:（）()【】\[\]“”\"《》「」『』‘’\s…—~～]+")
_FILLER = re.compile(
    r"^(?:我们|我|本人|个人|强烈|非常|真心|希望|建议|认为|觉得|应该|另外|还有|而且|但是|所以|同时|并且|就是|关于)+"
)


def _fragments(text: str) -> set[str]:
    """Clause fragments of a comment, leading fillers removed, long enough to read as a phrase."""
    out = set()
    for part in _FRAGMENT_SPLIT.split(text):
        part = _FILLER.sub("", part.strip())
        if (
            len(part) >= PHRASE_MIN_CHARS
            and sum(_CJK_LO <= ord(ch) <= _CJK_HI for ch in part) >= PHRASE_MIN_CHARS
        ):
            out.add(part)
    return out


def _trim(phrase: str) -> str:
    return phrase if len(phrase) <= PHRASE_MAX else phrase[: PHRASE_MAX - 1] + "…"


def _is_cjk_word(w: str) -> bool:
    return all(_CJK_LO <= ord(ch) <= _CJK_HI for ch in w)
