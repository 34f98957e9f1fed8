"""Themes: clusters of comments with readable labels, fitted on a sample, then assigned to all.

**Features.**  A comment is a TF-IDF vector over the character bigrams of its canonical text
(:func:`.normalise.canonical`) taken inside runs of CJK characters: sublinear term frequency
``1 + ln(tf)``, smoothed idf ``ln((1 + n) / (1 + df)) + 1``, unit length.  Bigrams are
extracted for a whole batch at once with numpy (a bigram is the pair of its code points packed
in 42 bits, so there is no hashing and no collision), which makes assigning a million comments
a matter of seconds where jieba would need minutes.  The vocabulary is fitted on the sample:
bigrams in at least ``min_df`` (3) sample comments and at most ``max_df`` (20 %) of them, minus
the bigrams of :data:`STOP_WORDS` (stance words, greetings and the draft's ubiquitous
vocabulary such as 电动自行车, 条例, 草案), so clusters follow *what* people write about, not
whether they agree.

**Clusters.**  :class:`sklearn.cluster.MiniBatchKMeans` (``n_themes`` clusters, 3 initialisations,
seeded) on the sample; every comment is then assigned to the centroid of highest cosine (a
sparse × dense product).  Comments without any vocabulary bigram get no theme (``-1``).

**Labels.**  jieba words (precise mode, no HMM) of up to 300 sample comments per cluster are
scored by class-based TF-IDF — ``tf(w, c) / |c| × ln(1 + A / tf(w))`` with ``A`` the average
number of words per cluster — stop words, numbers and one-character words left out; the
``n_keywords`` best are the theme's keywords and the first three, joined by "、", its label.
The ``n_representatives`` sample comments closest to the centroid are its representatives.

jieba is loaded lazily (about 0.5 s), once per process, on a private :class:`jieba.Tokenizer`
whose dictionary cache lives under the system temporary directory (``LVZHI_JIEBA_CACHE_DIR``
overrides it), as in :mod:`lvzhi.suggestions.engines.text`.
"""

from __future__ import annotations

import logging
import math
import os
import random
import tempfile
import threading
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:  # pragma: no cover
    import jieba

__all__ = ["STOP_WORDS", "Theme", "ThemeModel", "bigram_codes", "get_tokenizer"]

#: Words that never make a theme keyword, and whose bigrams are left out of the features.
STOP_WORDS: frozenset[str] = frozenset(
    """
    电动自行车 电动车 电瓶车 自行车 条例 草案 本条例 规定 条款 本条 这条 这一条 该条 第条 建议 意见 建议稿 修改 修改意见
    支持 反对 同意 赞成 赞同 不同意 不赞成 希望 恳请 请求 要求 应当 应该 可以 不能 不得 没有 已经 非常 十分 完全 特别
    我们 咱们 本人 自己 大家 一名 一个 一位 居民 市民 立法 机关 领导 尊敬 您好 你好 谢谢 感谢 参考 仅供参考 采纳 考虑
    关于 对于 针对 提出 个人 以上 以下 以及 或者 并且 而且 但是 可是 因为 所以 因此 如果 这个 那个 这样 那样 什么
    怎么 如何 问题 情况 工作 进行 相关 有关 部门 政府 人民政府 江澜市 本市 我市 全市 市里 同时 还是 就是 不是 时候
    现在 目前 其实 真的 确实 一定 必须 需要 能够 觉得 认为 表示 坚决 举双手 点赞 很好 很有必要 有必要 必要 合理
    不合理 不妥 完善 进一步 明确 细化 一下 请教 咨询 了解 想问 回复 重视 给予 予以 研究 充分 认真 能否 是否 问一下
    看到 目睹 每天 天天 经常 总能 总是 平时 一直 上周 上个月 前不久 前些天 前段时间 去年 前年 今年 一辆 这辆 那辆 辆车
    不要 用来 一趟 单程 我家 一次 几个 多少 之后 以后 以前 时候 地方 东西
""".split()
)

#: Domain words added to jieba's dictionary (kept whole in keywords).
USER_WORDS: tuple[str, ...] = tuple(
    """
    电动自行车 外卖骑手 快递小哥 配送员 以旧换新 淘汰补贴 飞线充电 入户充电 私拉电线 临时号牌 超标车 安全头盔 充电设施
    充电桩 集中停放 老旧小区 物业服务人 人流密集路段 非机动车道 共享电单车 互联网租赁 限速 上牌 号牌 行驶证 载人
    固定座椅 安全座椅 配送时间 超时扣款 记分 过渡期 蓄电池 废旧电池 非法改装 拼装 维修店 电梯 楼道 人行道 电子警察
    禁行 限行 物理隔离 以案释法 征求意见 听证
""".split()
)

_CJK_LO, _CJK_HI = 0x3400, 0x9FFF
_tokenizer: jieba.Tokenizer | None = None
_lock = threading.Lock()


def _cache_dir() -> str:
    path = os.environ.get("LVZHI_JIEBA_CACHE_DIR") or os.path.join(
        tempfile.gettempdir(), f"lvzhi-jieba-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    )
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError:  # pragma: no cover - read-only temporary directory
        return tempfile.gettempdir()
    return path


def get_tokenizer() -> jieba.Tokenizer:
    """The process-wide jieba tokenizer of this package, loaded on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
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


_STOP_CODES = _word_codes(STOP_WORDS)


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
        tk = get_tokenizer()
        rng = random.Random(self.seed)
        k = self.centers.shape[0]
        counts: list[Counter[str]] = []
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
            cnt: Counter[str] = Counter()
            for i in pick:
                for w in tk.lcut(display[i], HMM=False):
                    if (
                        len(w) > 1
                        and w not in STOP_WORDS
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
            label = "、".join(keywords[:3]) if keywords else f"主题{c + 1}"
            themes.append(Theme(c, label, keywords, reps[c], sizes[c]))
        self.themes = themes

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


def _is_cjk_word(w: str) -> bool:
    return all(_CJK_LO <= ord(ch) <= _CJK_HI for ch in w)
