"""Chinese text normalisation and features shared by the suggestion engines.

A suggestion is turned into a bag of prefixed features:

* ``W`` + word and ``B`` + character bigram from the **title** (案由);
* ``w`` + word and ``b`` + character bigram from the **body**.

Words come from jieba (precise mode without the HMM for unknown words — 15 % faster, and
the bigrams cover unknown names —, the default dictionary plus the domain words of
:data:`lvzhi.textkit.lexicons.SUGGESTIONS`);
bigrams are taken inside runs of CJK characters only, so they never straddle punctuation or a
removed phrase.  Before segmentation the text is normalised: NFKC (full-width letters, digits
and punctuation become half-width, the ideographic space a space), lower case, every
non-word character becomes a space, and boilerplate phrases that say nothing about the matter
("关于", "的建议", "建议", "市政府", "有关部门", "我市", section headings such as "存在的问题",
"一是", closing formulas such as "妥否") are removed.  Function words (the lexicon's stop
words) and single characters are dropped from the word features (the bigrams keep the
characters' information).

TF-IDF weighting (:func:`weight_rows`) uses sublinear term frequency ``1 + ln(tf)`` and the
smoothed idf ``ln((1 + N) / (1 + df)) + 1``; the title and body parts of a row are normalised
separately and combined as ``sqrt(t) * title + sqrt(1 - t) * body`` (``t`` = title weight), so
the cosine of two rows is ``t * cos(titles) + (1 - t) * cos(bodies)`` when both have both
parts; a row with only one part has that part at unit norm.

Segmentation is :func:`lvzhi.textkit.tokenise.cut`: jieba is loaded once per process, lazily,
on a private tokenizer shared with the other engines (the global ``jieba.dt`` is left alone),
with this engine's lexicon applied on top; see ``docs/textkit.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from lvzhi.textkit.lexicons import SUGGESTIONS
from lvzhi.textkit.tokenise import cut

__all__ = [
    "MAX_CHARS",
    "STOP_PHRASES",
    "Analyzer",
    "compute_idf",
    "normalize",
    "weight_rows",
]

#: Longest text analysed (title + body); the rest is ignored, which bounds the cost of a
#: pasted attachment.  Real suggestions are 300–3,000 characters.
MAX_CHARS = 20_000

#: Phrases removed before segmentation (after NFKC and lower-casing): formulas of the genre,
#: section headings, enumeration markers, generic addressees.
STOP_PHRASES: tuple[str, ...] = tuple(
    """
    关于 的建议 建议 的意见 的议案 市人民政府 市政府 有关部门 相关部门 有关单位 我市 全市 本市 进一步 高度重视 近年来 当前 目前 存在的问题 原因分析 基本情况 问题成因
    问题与现状 主要原因 对策 几点 具体 究其原因 为此 以上 上述 妥否 当否 请研究办理 研究办理 敬请 酌处 恳请 一是 二是 三是 四是 五是 六是 七是 八是 首先 其次 最后
    """.split()
)

_NON_WORD = re.compile(r"[\W_]+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _stop_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    norm = {_NON_WORD.sub("", unicodedata.normalize("NFKC", p).lower()) for p in phrases}
    alts = sorted((p for p in norm if p), key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in alts)) if alts else re.compile(r"(?!x)x")


def normalize(text: str | None, stop: re.Pattern[str] | None = None) -> str:
    """NFKC, lower case, non-word characters → single spaces, stop phrases removed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    text = _NON_WORD.sub(" ", text)
    text = (stop or _DEFAULT_STOP).sub(" ", text)
    return " ".join(text.split())


_DEFAULT_STOP = _stop_regex(STOP_PHRASES)


class Analyzer:
    """Turns ``(title, body)`` into prefixed feature counts; see the module docstring.

    ``extra_stop_phrases`` adds phrases to remove (for instance the city's own name, which
    every suggestion mentions).  Instances are cheap; jieba is shared.
    """

    def __init__(self, extra_stop_phrases: Sequence[str] = ()) -> None:
        self.extra_stop_phrases: tuple[str, ...] = tuple(extra_stop_phrases)
        self._stop = _stop_regex((*STOP_PHRASES, *self.extra_stop_phrases))

    def normalize(self, text: str | None) -> str:
        return normalize(text, self._stop)

    def _features(self, norm: str, word_prefix: str, bigram_prefix: str, out: Counter[str]) -> None:
        if not norm:
            return
        stop_words = SUGGESTIONS.stop_words
        for tok in cut(norm, SUGGESTIONS):
            if len(tok) > 1 and not tok.isspace() and tok not in stop_words:
                out[word_prefix + tok] += 1
        for run in _CJK_RUN.findall(norm):
            for i in range(len(run) - 1):
                out[bigram_prefix + run[i : i + 2]] += 1

    def features(self, title: str | None, body: str | None) -> Counter[str]:
        """Feature counts of one suggestion (empty for empty or punctuation-only input)."""
        out: Counter[str] = Counter()
        title = (title or "")[:MAX_CHARS]
        self._features(self.normalize(title), "W", "B", out)
        self._features(self.normalize((body or "")[: max(0, MAX_CHARS - len(title))]), "w", "b", out)
        return out

    def shingle_text(self, title: str | None, body: str | None) -> str:
        """The normalised text without spaces, for character shingles (MinHash)."""
        return "".join(self.normalize(f"{title or ''} {body or ''}").split())


def compute_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Smoothed idf, as scikit-learn's ``TfidfVectorizer(smooth_idf=True)``."""
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


def title_mask(vocabulary: Iterable[str]) -> np.ndarray:
    """Boolean array: which features (in vocabulary order) come from the title."""
    return np.fromiter((f[0] in "WB" for f in vocabulary), dtype=bool)


def weight_rows(
    counts: sp.csr_matrix,
    idf: np.ndarray,
    is_title: np.ndarray,
    title_weight: float,
    extra_sq: Any = None,
) -> sp.csr_matrix:
    """Sublinear TF-IDF rows, title and body parts each normalised, combined by weight.

    ``counts`` is a CSR matrix of raw counts whose columns index ``idf``/``is_title``.
    ``extra_sq`` optionally gives, per row, ``(title, body)`` squared norms of features not
    in the matrix (words of a query unknown to the vocabulary), which count in the norms.
    """
    counts = counts.tocsr()
    data = (1.0 + np.log(np.maximum(counts.data, 1.0))).astype(np.float32) * idf[counts.indices]
    n_rows = counts.shape[0]
    row_of = np.repeat(np.arange(n_rows), np.diff(counts.indptr))
    t_mask = is_title[counts.indices]
    sq = data.astype(np.float64) ** 2
    t_sq: np.ndarray = np.bincount(row_of, weights=sq * t_mask, minlength=n_rows).astype(np.float64)
    b_sq: np.ndarray = np.bincount(row_of, weights=sq * ~t_mask, minlength=n_rows).astype(np.float64)
    if extra_sq is not None:
        extra = np.asarray(extra_sq, dtype=np.float64).reshape(n_rows, 2)
        t_sq = t_sq + extra[:, 0]
        b_sq = b_sq + extra[:, 1]
    has_t = t_sq > 0
    has_b = b_sq > 0
    both = has_t & has_b
    wt = np.where(both, np.sqrt(title_weight), 1.0)
    wb = np.where(both, np.sqrt(1.0 - title_weight), 1.0)
    t_scale = np.where(has_t, wt / np.sqrt(np.where(has_t, t_sq, 1.0)), 0.0)
    b_scale = np.where(has_b, wb / np.sqrt(np.where(has_b, b_sq, 1.0)), 0.0)
    scale = np.where(t_mask, t_scale[row_of], b_scale[row_of]).astype(np.float32)
    out = sp.csr_matrix((data * scale, counts.indices.copy(), counts.indptr.copy()), shape=counts.shape)
    return out


def counts_matrix(
    docs: Sequence[Counter[str]], vocabulary: dict[str, int]
) -> tuple[sp.csr_matrix, list[tuple[float, float]]]:
    """Raw-count CSR over a fixed vocabulary, and per row the (title, body) squared weights an
    unknown feature would add (counted with tf only; the caller scales by its idf)."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    unknown: list[tuple[float, float]] = []
    for doc in docs:
        ut = ub = 0.0
        for feat, cnt in doc.items():
            col = vocabulary.get(feat)
            if col is None:
                w = (1.0 + float(np.log(cnt))) ** 2
                if feat[0] in "WB":
                    ut += w
                else:
                    ub += w
                continue
            indices.append(col)
            data.append(cnt)
        indptr.append(len(indices))
        unknown.append((ut, ub))
    mat = sp.csr_matrix(
        (
            np.asarray(data, dtype=np.float32),
            np.asarray(indices, dtype=np.int32),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(docs), len(vocabulary)),
    )
    mat.sort_indices()
    return mat, unknown
