"""Chinese word segmentation: one jieba dictionary per process, one user dictionary per engine.

Usage::

    from lvzhi.textkit.lexicons import SUGGESTIONS
    from lvzhi.textkit.tokenise import cut

    cut("老旧小区加装电梯难", SUGGESTIONS)   # ['老旧小区', '加装电梯', '难']

**One tokenizer.**  jieba's dictionary (about 350,000 words and their prefixes, 60 MB in
memory, 0.5–4 s to load) is loaded once per process, lazily, on a private
:class:`jieba.Tokenizer` (:func:`get_tokenizer`; the global ``jieba.dt`` is left alone), under a
lock, so concurrent first calls load it once.  Its cache file goes to a private directory under
the system temporary directory (``LVZHI_JIEBA_CACHE_DIR`` overrides it), never into the
repository, and jieba's log messages below WARNING are silenced.

**User dictionaries.**  Each engine adds its own domain words (:class:`Lexicon`,
:mod:`.lexicons`).  They are not merged into one dictionary: jieba scores a segmentation by
``Σ log(freq(word) / total)``, so adding the other engine's words would change ``total`` and the
frequencies of words such as 电梯 for both, and with them the segmentation of near ties (管理
对象 / 管理对象) — measured on the engines' synthetic corpora, 4.6 % of suggestion texts and
2.8 % of comments would have been cut differently.  Instead each lexicon gets, on first use,
its own frequency table: the tokenizer's table plus the lexicon's words exactly as
``Tokenizer.add_word(word, freq)`` would have added them (a shallow copy, about 15 MB and
50 ms), with its own total.  :func:`cut` is jieba's precise mode without the HMM
(``Tokenizer.lcut(text, HMM=False)``, version 0.42), run on that table: the words are those of
a private ``jieba.Tokenizer`` to which only that lexicon's words were added (a test checks
this against jieba itself).

:func:`cut` only reads shared tables, so it is safe to call from several threads.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import warnings
from dataclasses import dataclass, field
from math import log
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import jieba

__all__ = ["Lexicon", "cut", "get_tokenizer"]


@dataclass(frozen=True, eq=False)
class Lexicon:
    """A user dictionary: domain words added to jieba's (each with ``user_word_freq``, as
    ``Tokenizer.add_word`` would), and the stop words its engine drops after segmentation.
    Compared by identity: each lexicon has its own frequency table."""

    name: str
    user_words: tuple[str, ...] = ()
    stop_words: frozenset[str] = field(default_factory=frozenset)
    user_word_freq: int = 20000


@dataclass(frozen=True)
class _Table:
    freq: dict[str, int]
    logtotal: float


_tokenizer: jieba.Tokenizer | None = None
_tables: dict[Lexicon | None, _Table] = {}
_lock = threading.Lock()

# jieba 0.42's block and character classes (jieba/__init__.py: re_han_default, re_skip_default,
# re_eng).
_RE_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_RE_SKIP = re.compile("(\r\n|\\s)", re.U)
_RE_ENG = re.compile("[a-zA-Z0-9]", re.U)


def cache_dir() -> str:
    """Where jieba keeps its dictionary cache (created, mode 0700)."""
    path = os.environ.get("LVZHI_JIEBA_CACHE_DIR") or os.path.join(
        tempfile.gettempdir(), f"lvzhi-jieba-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    )
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
    except OSError:  # pragma: no cover - read-only temp dir: jieba logs and goes on without cache
        return tempfile.gettempdir()
    return path


def get_tokenizer() -> jieba.Tokenizer:
    """The process-wide private jieba tokenizer (jieba's dictionary, no user words), loaded on
    first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # jieba imports pkg_resources on some setups
                    import jieba

                for name in ("jieba", "jieba._compat"):
                    logging.getLogger(name).setLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.tmp_dir = cache_dir()
                tk.initialize()
                _tokenizer = tk
    return _tokenizer


def _table(lexicon: Lexicon | None) -> _Table:
    table = _tables.get(lexicon)
    if table is None:
        tk = get_tokenizer()
        with _lock:
            table = _tables.get(lexicon)
            if table is None:
                table = _build_table(tk.FREQ, tk.total, lexicon)
                _tables[lexicon] = table
    return table


def _build_table(base: dict[str, int], base_total: int, lexicon: Lexicon | None) -> _Table:
    if lexicon is None or not lexicon.user_words:
        return _Table(base, log(base_total))
    freq = dict(base)
    total = base_total
    f = int(lexicon.user_word_freq)
    for word in lexicon.user_words:  # what Tokenizer.add_word(word, freq=f) does, in order
        freq[word] = f
        total += f
        for i in range(1, len(word) + 1):
            freq.setdefault(word[:i], 0)
    return _Table(freq, log(total))


def warm_up(lexicon: Lexicon | None = None) -> None:
    """Load the dictionary and build the lexicon's table now rather than on the first cut."""
    _table(lexicon)


def cut(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The words of ``text``: jieba's precise mode without the HMM, with ``lexicon``'s words.

    Whitespace runs come back as tokens, each other non-word character as a token of its own,
    and runs of Latin letters and digits as one token (as jieba does).
    """
    if not text:
        return []
    table = _table(lexicon)
    out: list[str] = []
    for block in _RE_HAN.split(text):
        if not block:
            continue
        if _RE_HAN.match(block):
            _cut_block(block, table.freq, table.logtotal, out)
        else:
            for piece in _RE_SKIP.split(block):
                if _RE_SKIP.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)
    return out


def _cut_block(sentence: str, freq: dict[str, int], logtotal: float, out: list[str]) -> None:
    """jieba 0.42's ``Tokenizer.__cut_DAG_NO_HMM`` on ``freq``, in one backward pass.

    For each start (from the end), the dictionary words beginning there (``get_DAG``: prefix
    entries have frequency 0 and only extend the scan) and the best route through them
    (``calc``: the same float expression ``log(freq) - logtotal + score[end + 1]``, and on a tie
    the longer word, as jieba's ``max`` over ``(score, end)`` tuples); a start where no word
    begins is a single character of frequency 1.
    """
    n = len(sentence)
    get = freq.get
    score = [0.0] * (n + 1)
    best_end = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        found = False
        best = 0.0
        end = k
        i = k
        f = get(sentence[k])
        while f is not None:
            if f:
                s = log(f) - logtotal + score[i + 1]
                if not found or s >= best:
                    best, end, found = s, i, True
            i += 1
            if i >= n:
                break
            f = get(sentence[k : i + 1])
        if not found:
            best, end = log(1) - logtotal + score[k + 1], k
        score[k] = best
        best_end[k] = end
    x = 0
    buf = ""
    while x < n:
        y = best_end[x] + 1
        word = sentence[x:y]
        if len(word) == 1 and _RE_ENG.match(word):
            buf += word
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(word)
        x = y
    if buf:
        out.append(buf)
