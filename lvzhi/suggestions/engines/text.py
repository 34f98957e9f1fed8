"""Chinese text normalisation and features shared by the suggestion engines.

A suggestion is turned into a bag of prefixed features:

* ``W`` + word and ``B`` + character bigram from the **title** (案由);
* ``w`` + word and ``b`` + character bigram from the **body**.

Words come from jieba (precise mode without the HMM for unknown words — 15 % faster, and
the bigrams cover unknown names —, the default dictionary plus a few domain words);
bigrams are taken inside runs of CJK characters only, so they never straddle punctuation or a
removed phrase.  Before segmentation the text is normalised: NFKC (full-width letters, digits
and punctuation become half-width, the ideographic space a space), lower case, every
non-word character becomes a space, and boilerplate phrases that say nothing about the matter
("关于", "的建议", "建议", "市政府", "有关部门", "我市", section headings such as "存在的问题",
"一是", closing formulas such as "妥否") are removed.  Function words and single characters
are dropped from the word features (the bigrams keep the characters' information).

TF-IDF weighting (:func:`weight_rows`) uses sublinear term frequency ``1 + ln(tf)`` and the
smoothed idf ``ln((1 + N) / (1 + df)) + 1``; the title and body parts of a row are normalised
separately and combined as ``sqrt(t) * title + sqrt(1 - t) * body`` (``t`` = title weight), so
the cosine of two rows is ``t * cos(titles) + (1 - t) * cos(bodies)`` when both have both
parts; a row with only one part has that part at unit norm.

jieba is loaded once per process, lazily, on its own :class:`jieba.Tokenizer` (the global
``jieba.dt`` is left alone); its dictionary cache goes to a private directory under the
system temporary directory (``LVZHI_JIEBA_CACHE_DIR`` overrides it), never into the
repository, and its logging is silenced below WARNING.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:  # pragma: no cover
    import jieba

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

#: Words dropped after segmentation (function words and fillers; IDF handles the rest).
STOP_WORDS: frozenset[str] = frozenset(
    """
    一些 部分 不少 存在 问题 工作 相关 有关 以及 通过 对于 由于 因此 其中 已经 进行 我们 他们
    这些 那些 这个 那个 一个 没有 还是 或者 并且 而且 但是 然而 如果 虽然 因为 所以 同时 此外
    等等 方面 情况 有的 较为 比较 十分 非常 一定 可以 能够 需要 应当 应该 不断 切实 积极 认真
    尽快 及时 加强 推进 推动 完善 建立 健全 提高 提升 加大 力度 实现 做到 做好 开展 落实 强化
    """.split()
)

#: Domain words jieba's dictionary lacks (kept whole as word features).
USER_WORDS: tuple[str, ...] = tuple(
    """
    加装电梯 老旧小区 垃圾分类 课后服务 校车 托育 医保 异地就医 门诊慢特病 家庭医生 公交线路 停车难 黑臭水体 河长制 助餐 老年食堂 反诈 电诈 一网通办 诉源治理 公益诉讼 执行难
    失信被执行人 高标准农田 人居环境 预付卡 明厨亮灶 夜间经济 适老化 数字鸿沟 营商环境 免申即享 口袋公园 保障性租赁住房 公积金 电动自行车 飞线充电 代表联络站 预算联网监督 无障碍
    """.split()
)

_NON_WORD = re.compile(r"[\W_]+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

_tokenizer: jieba.Tokenizer | None = None
_tokenizer_lock = threading.Lock()


def _cache_dir() -> str:
    path = os.environ.get("LVZHI_JIEBA_CACHE_DIR") or os.path.join(
        tempfile.gettempdir(), f"lvzhi-jieba-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    )
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError:  # pragma: no cover - read-only temp dir: jieba logs and goes on without cache
        return tempfile.gettempdir()
    return path


def get_tokenizer() -> jieba.Tokenizer:
    """The process-wide jieba tokenizer, loaded on first use (about 0.5 s with a warm cache)."""
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # jieba imports pkg_resources on some setups
                    import jieba

                for name in ("jieba", "jieba._compat"):
                    logging.getLogger(name).setLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.tmp_dir = _cache_dir()
                tk.initialize()
                for word in USER_WORDS:
                    tk.add_word(word, freq=20000)
                _tokenizer = tk
    return _tokenizer


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
        for tok in get_tokenizer().lcut(norm, HMM=False):
            if len(tok) > 1 and not tok.isspace() and tok not in STOP_WORDS:
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
