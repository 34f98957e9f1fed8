"""lvzhi's shared text toolkit: Chinese numerals, article keys, word segmentation, MinHash.

Plain data in, plain data out; imports nothing from Django or from other lvzhi packages, so the
law-text engine, the comment analytics and the suggestion engines can all use it.

* :mod:`.numerals` — ``cn_to_int("一百零一") == 101``, ``int_to_cn(650) == "六百五十"``,
  ``cn_count(2) == "两"``, ``int_to_cn_digits(2026) == "二〇二六"``, ``article_label(10, 1)``;
* :mod:`.articles` — :class:`~.articles.ArticleKey` and the one key format ``"10-1"``
  (:func:`~.articles.parse_article_key`, :func:`~.articles.format_article_key`, anchors
  ``"art-10-1"``);
* :mod:`.tokenise` — jieba segmentation on one tokenizer per process, with per-engine user
  dictionaries (:mod:`.lexicons`); loads jieba only when first used;
* :mod:`.minhash` — batch MinHash signatures of character shingles (numpy).

Importing the package loads the pure-Python modules only (numerals, article keys); numpy and
jieba are imported by :mod:`.minhash` and on the first :func:`.tokenise.cut`.  See
``docs/textkit.md``.
"""

from __future__ import annotations

from .articles import (
    ANCHOR_PREFIX,
    ArticleKey,
    article_anchor,
    article_sort_key,
    format_article_key,
    parse_article_key,
)
from .numerals import NUMERAL_CHARS, article_label, cn_count, cn_to_int, int_to_cn, int_to_cn_digits

__all__ = [
    "ANCHOR_PREFIX",
    "NUMERAL_CHARS",
    "ArticleKey",
    "article_anchor",
    "article_label",
    "article_sort_key",
    "cn_count",
    "cn_to_int",
    "format_article_key",
    "int_to_cn",
    "int_to_cn_digits",
    "parse_article_key",
]
