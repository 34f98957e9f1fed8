"""Check a profile's citations against the statute texts in ``shared/reference/statutes``.

Each statute is a markdown file whose articles start a line with ``第X条``; an article runs
until the next article or heading. A citation is correct when its ``quote`` occurs verbatim
inside the text of the cited article of the cited file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from .spec import LOCAL_PRACTICE

__all__ = ["find_shared_dir", "iter_citations", "parse_articles", "statutes_dir", "verify_citations"]

_ARTICLE_START: Final = re.compile(
    r"^(第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?)[\s　]*(.*)$"
)
_HEADING: Final = re.compile(r"^(#|<!--)")


def find_shared_dir() -> Path | None:
    """The shared reference directory, if it exists.

    ``$LVZHI_SHARED_DIR`` when set (and then only it), otherwise ``<repo>/../shared``.
    """
    env = os.environ.get("LVZHI_SHARED_DIR")
    candidate = Path(env) if env else Path(__file__).resolve().parents[3].parent / "shared"
    return candidate if (candidate / "reference" / "statutes").is_dir() else None


def statutes_dir(shared_dir: Path | None = None) -> Path | None:
    """``<shared>/reference/statutes`` if it exists."""
    shared = shared_dir if shared_dir is not None else find_shared_dir()
    if shared is None:
        return None
    path = shared / "reference" / "statutes"
    return path if path.is_dir() else None


def parse_articles(text: str) -> dict[str, str]:
    """Map ``"第十四条"`` → the article's text (paragraphs joined by newlines).

    Headings (``#``) end an article. If a file repeats an article number, the texts are joined.
    """
    articles: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        match = _ARTICLE_START.match(line)
        if match:
            current = articles.setdefault(match.group(1), [])
            current.append(match.group(2))
        elif _HEADING.match(line):
            current = None
        elif current is not None and line:
            current.append(line)
    return {number: "\n".join(parts) for number, parts in articles.items()}


@lru_cache(maxsize=64)
def _articles_of(path: Path, mtime: float) -> dict[str, str]:
    return parse_articles(path.read_text(encoding="utf-8"))


def iter_citations(profile: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """``(where, basis)`` for every citation in a profile (primary and ``also``)."""
    rules = profile.get("rules")
    if not isinstance(rules, Mapping):
        return
    for key, entry in rules.items():
        if not isinstance(entry, Mapping):
            continue
        basis = entry.get("basis")
        if isinstance(basis, Mapping):
            yield f"{key}: basis", basis
        also = entry.get("also")
        if isinstance(also, list):
            for i, extra in enumerate(also):
                if isinstance(extra, Mapping):
                    yield f"{key}: also[{i}]", extra


def verify_citations(profile: Mapping[str, Any], statutes: Path) -> list[str]:
    """Problems with the profile's citations: missing file or article, quote not in the article."""
    problems: list[str] = []
    for where, basis in iter_citations(profile):
        source = basis.get("source")
        if source == LOCAL_PRACTICE or not isinstance(source, str):
            continue
        path = statutes / f"{source}.md"
        if not path.is_file():
            problems.append(f"{where}: statute file {path.name} not found")
            continue
        articles = _articles_of(path, path.stat().st_mtime)
        article = basis.get("article")
        text = articles.get(article) if isinstance(article, str) else None
        if text is None:
            problems.append(f"{where}: {source} has no article {article}")
            continue
        quote = basis.get("quote")
        if not isinstance(quote, str) or quote not in text:
            problems.append(f"{where}: quote {quote!r} does not occur in {source} {article}")
    return problems
