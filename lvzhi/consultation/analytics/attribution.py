"""Which article of the draft a comment is about.

In order of precedence:

1. **Explicit mentions** in the text: 第十二条, 第12条, 第１２条 (full-width digits), 第十条之一,
   lists (第十二、十三条, 第十二条和第十三条) and ranges (第十二条至第十五条, 第12—15条; at most
   :data:`MAX_RANGE` articles).  A mention is *ignored* when it cites another law: directly
   after a book-title mark or a law's name (《道路交通安全法》第五十一条, 道路交通安全法第五十一条,
   实施条例第七十一条); "本条例第九条" and "草案第九条" are the draft's own.  When the draft's
   articles are known, a number outside them is ignored too (第十条之一 is accepted when 第十条
   exists: a proposal to insert an article after it).
2. **Quoted text** (“…”, "…", 「…」, 『…』, ‘…’) of at least :data:`MIN_QUOTE` characters,
   matched against the article texts when they were given: the article containing the quotation
   (after :func:`.normalise.canonical`), or else the article containing at least 70 % of the
   quotation's character trigrams; an ambiguous quotation (several articles equally good) is
   ignored.
3. The comment's **article field** (the article page it was submitted from), in any form
   :func:`lvzhi.textkit.articles.parse_article_key` reads.
4. Otherwise the comment is unattributed.

A comment naming several articles counts for each of them; the first one named is its
*primary* article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from lvzhi.textkit.articles import ArticleKey, format_article_key, parse_article_key
from lvzhi.textkit.numerals import NUMERAL_CHARS, cn_to_int

from .normalise import canonical

__all__ = ["MAX_RANGE", "MIN_QUOTE", "Attribution", "ArticleAttributor", "find_mentions", "find_reference"]

#: Longest range expanded (第一条至第六十条 names 60 articles; longer ranges keep their ends).
MAX_RANGE = 20
#: Shortest quotation matched against the article texts (canonical characters).
MIN_QUOTE = 6

_N = f"[{NUMERAL_CHARS}]+"
_SUB = rf"(?:\s*之\s*(?P<{{name}}>{_N}))?"
_MENTION_RE = re.compile(
    # 第十二条至第十五条 / 第十二条到十五条
    rf"第\s*(?P<r1>{_N})\s*条\s*(?:至|到|~|～|—|–|-|－)\s*第?\s*(?P<r2>{_N})\s*条"
    # 第12—15条 / 第十二至十五条
    rf"|第\s*(?P<s1>{_N})\s*(?:至|到|~|～|—|–|-|－)\s*(?P<s2>{_N})\s*条"
    # 第十二、十三条 / 第十二条 / 第十条之一
    rf"|第\s*(?P<a>{_N}(?:\s*[、,，和及与]\s*{_N})*)\s*条" + _SUB.format(name="sub")
)
_LIST_SPLIT = re.compile(r"\s*[、,，和及与]\s*")
_OTHER_LAW_RE = re.compile(r"(?:》|法|实施条例|办法|细则|决定|解释)\s*$")
_QUOTE_RE = re.compile(r"[“\"＂「『‘]([^“”\"＂「」『』‘’]{2,300})[”\"＂」』’]")


def _num(s: str) -> int | None:
    try:
        return cn_to_int(s)
    except ValueError:
        return None


def find_mentions(text: str) -> list[ArticleKey]:
    """Article keys mentioned in ``text``, in order, without duplicates,
    other laws' articles left out (see the module docstring)."""
    out: list[ArticleKey] = []
    if "条" not in text:
        return out
    for m in _MENTION_RE.finditer(text):
        before = text[max(0, m.start() - 6) : m.start()]
        if _OTHER_LAW_RE.search(before):
            continue
        keys: list[ArticleKey] = []
        lo_s, hi_s = (m.group("r1"), m.group("r2")) if m.group("r1") else (m.group("s1"), m.group("s2"))
        if lo_s:
            lo, hi = _num(lo_s), _num(hi_s or "")
            if lo is None or hi is None or hi < lo:
                continue
            if hi - lo + 1 > MAX_RANGE:
                keys = [ArticleKey(lo), ArticleKey(hi)]
            else:
                keys = [ArticleKey(k) for k in range(lo, hi + 1)]
        else:
            parts = _LIST_SPLIT.split(m.group("a"))
            nums = [_num(p) for p in parts]
            sub = _num(m.group("sub")) if m.group("sub") else 0
            for i, n in enumerate(nums):
                if n is not None and n > 0:
                    keys.append(ArticleKey(n, sub or 0) if i == len(nums) - 1 else ArticleKey(n))
        for k in keys:
            if 0 < k[0] < 10000 and k not in out:
                out.append(k)
    return out


_PARAGRAPH_AFTER_RE = re.compile(rf"\s*第\s*(?P<p>{_N})\s*款")
# "十九条" / "19条" without 第: two numerals at least (or digits), not itself part of a 第…条
# mention, and not a count of things ("十条意见", "两条路", "条例")
_BARE_RE = re.compile(
    rf"(?<![第{NUMERAL_CHARS}])(?P<n>[{NUMERAL_CHARS}]{{2,}}|[0-9０-９]+)\s*条"
    r"(?!例|件|意见|建议|措施|路|街|线|道|款|新闻|消息|短信|标语)"
)


def find_reference(
    text: str, known: set[ArticleKey] | frozenset[ArticleKey] | None = None
) -> tuple[ArticleKey, int | None] | None:
    """The first article of the draft ``text`` refers to, with the paragraph (款) named right
    after it (第十九条第二款 → ``(ArticleKey(19), 2)``), or ``None``. Used for a comment
    submitted on the draft as a whole: 第十九条, 第十九条第二款 and — when ``known`` says the
    draft has that article — a bare 十九条 / 19条 name it. Other laws' articles are left out as
    in :func:`find_mentions`."""
    if "条" not in text:
        return None
    ok = (lambda k: k in known or (k[1] > 0 and k[0] in {a[0] for a in known})) if known else (lambda k: True)
    found: list[tuple[int, ArticleKey, int]] = []  # (position, key, end of the mention)
    for m in _MENTION_RE.finditer(text):
        if _OTHER_LAW_RE.search(text[max(0, m.start() - 6) : m.start()]):
            continue
        keys = [k for k in find_mentions(m.group(0)) if ok(k)]
        if keys:
            found.append((m.start(), keys[0], m.end()))
            break
    if known:
        for m in _BARE_RE.finditer(text):
            if found and m.start() >= found[0][0]:
                break
            if _OTHER_LAW_RE.search(text[max(0, m.start() - 6) : m.start()]):
                continue
            n = _num(m.group("n"))
            if n is not None and ok(ArticleKey(n)):
                found = [(m.start(), ArticleKey(n), m.end())]
                break
    if not found:
        return None
    _pos, key, end = found[0]
    para = _PARAGRAPH_AFTER_RE.match(text, end)
    paragraph = _num(para.group("p")) if para else None
    return key, paragraph if paragraph else None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Articles of a comment (formatted keys, primary first) and how they were found:
    ``"mention"``, ``"quote"``, ``"field"`` or ``"none"``."""

    articles: tuple[str, ...]
    source: str

    @property
    def primary(self) -> str | None:
        return self.articles[0] if self.articles else None


_NONE = Attribution((), "none")


class ArticleAttributor:
    """Attributes comments to articles; ``articles`` (key → text, keys in any form
    :func:`lvzhi.textkit.articles.parse_article_key` reads) enables range checks and quotation matching."""

    def __init__(self, articles: Mapping[object, str] | None = None, shingle: int = 3) -> None:
        self.shingle = shingle
        self.known: set[ArticleKey] = set()
        self._texts: dict[str, str] = {}
        self._postings: dict[str, list[str]] = {}
        self._size: dict[str, int] = {}
        for raw, text in (articles or {}).items():
            key = parse_article_key(raw)
            if key is None:
                raise ValueError(f"not an article number: {raw!r}")
            self.known.add(key)
            fk = format_article_key(key)
            canon = canonical(text or "")
            self._texts[fk] = canon
            grams = {canon[i : i + shingle] for i in range(len(canon) - shingle + 1)}
            self._size[fk] = len(grams)
            for g in grams:
                self._postings.setdefault(g, []).append(fk)
        self._known_nums = {k[0] for k in self.known}

    def _valid(self, key: ArticleKey) -> bool:
        if not self.known:
            return True
        return key in self.known or (key[1] > 0 and key[0] in self._known_nums)

    def match_quote(self, quote: str) -> str | None:
        """The article whose text contains ``quote`` (or 70 % of its trigrams), if unambiguous."""
        q = canonical(quote)
        if len(q) < MIN_QUOTE or not self._texts:
            return None
        exact = [k for k, t in self._texts.items() if q in t]
        if len(exact) == 1:
            return exact[0]
        k = self.shingle
        grams = {q[i : i + k] for i in range(len(q) - k + 1)}
        hits: Counter[str] = Counter()
        for g in grams:
            for art in self._postings.get(g, ()):
                hits[art] += 1
        if exact:
            hits = Counter({a: hits[a] for a in exact})
        if not hits:
            return None
        best = hits.most_common(2)
        if best[0][1] < 0.7 * len(grams) or (len(best) > 1 and best[1][1] == best[0][1]):
            return None
        return best[0][0]

    def attribute(self, text: str, field: object = None) -> Attribution:
        """Attribute one comment (``text`` as submitted or :func:`.normalise.display_text`)."""
        keys = [k for k in find_mentions(text) if self._valid(k)]
        if keys:
            return Attribution(tuple(format_article_key(k) for k in keys), "mention")
        if self._texts and any(c in text for c in '“"＂「『‘'):
            found: list[str] = []
            for m in _QUOTE_RE.finditer(text):
                art = self.match_quote(m.group(1))
                if art is not None and art not in found:
                    found.append(art)
            if found:
                return Attribution(tuple(found), "quote")
        key = parse_article_key(field)
        if key is not None:
            return Attribution((format_article_key(key),), "field")
        return _NONE
