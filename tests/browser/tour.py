"""The tour's checks, kept apart from the test that drives them so each rule is testable on a
small page (test_tour_rules.py) and documented in one place (docs/accessibility.md).

Rules
-----
* **Navigation entries** are the links of the side menu (``nav.side``), of the public portal's
  menu (``nav.portal-nav``) and of the top bar (``header.topbar``: inbox, account...).
* **First item of a list**: the link marked ``data-tour="item"`` if the page has one, else the
  first same-site ``<a href>`` in the first body row of the first table in ``<main>``.
* **Empty list**: a table in ``<main>`` whose body is the ``{% empty %}`` row (one row, one
  cell spanning the columns), or an element with class ``empty-state``.
* **Untranslated string** (English pages only): a run of Han characters visible on the page
  (text, ``title``, ``aria-label``, ``placeholder``, ``alt``, the document title) that occurs in
  no text stored in the database. Names, titles and texts people typed are data; Chinese that
  the database does not hold came from the code or a template and escaped translation. Two
  sources count as data too: the titles of the statutes a rule cites (``KNOWN_SOURCES``, quoted
  as enacted) and Chinese glosses written into an English msgid on purpose ("Subject (案由)").
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Shown in their own language on purpose: the language switcher lists each language by its
# own name (WCAG 3.1.2 asks for a lang attribute on it, which the option carries).
OWN_NAME_ALLOWED = frozenset({"简体中文"})

NAV_LINKS_JS = """() => Array.from(document.querySelectorAll(
    'nav.side a[href], nav.portal-nav a[href], header.topbar a[href]'))
  .map(a => ({href: a.href, label: a.innerText.trim(), topbar: !!a.closest('header.topbar')}))"""

FIRST_ITEM_JS = """() => {
  const ok = (a) => {
    const h = a.getAttribute('href') || '';
    if (!h || h.startsWith('#') || h.startsWith('mailto:') || h.startsWith('javascript:')) return false;
    if (a.hasAttribute('download')) return false;
    const u = new URL(a.href);
    if (u.origin !== location.origin) return false;
    return !/\\.(csv|xlsx|pdf|docx|zip|json|ics)$|\\/(export|download)/i.test(u.pathname);
  };
  const marked = document.querySelector('main a[data-tour="item"]');
  if (marked && ok(marked)) return marked.href;
  const table = document.querySelector('main table');
  if (!table) return null;
  for (const row of table.querySelectorAll('tbody tr')) {
    const a = Array.from(row.querySelectorAll('a[href]')).find(ok);
    if (a) return a.href;
  }
  return null;
}"""

EMPTY_LISTS_JS = """() => {
  const found = [];
  document.querySelectorAll('main table').forEach(t => {
    const rows = t.tBodies.length ? Array.from(t.tBodies).flatMap(b => Array.from(b.rows)) : [];
    if (rows.length === 1 && rows[0].cells.length === 1 && rows[0].cells[0].colSpan > 1) {
      const h = t.closest('section')?.querySelector('h2, h3');
      found.push((h ? h.innerText.trim() + ': ' : '') + rows[0].innerText.trim());
    }
  });
  document.querySelectorAll('main .empty-state').forEach(e => found.push(e.innerText.trim()));
  return found;
}"""

VISIBLE_TEXT_JS = """() => {
  // one string per visible text node (adjacent elements are not run together), then the
  // document title and the attributes people read or hear
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.data.trim() || el.closest('script, style, noscript, template')) continue;
    const box = el.closest('option') ? el.closest('select') : el;
    if (box && box.checkVisibility()) out.push(n.data);
  }
  document.querySelectorAll('[title], [aria-label], [placeholder], img[alt]').forEach(e => {
    for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
      const v = e.getAttribute(a); if (v) out.push(v);
    }
  });
  return out;
}"""


class DataCorpus:
    """Every text the database holds that contains Han characters; answers whether a run of
    Han characters seen on a page is (part of) such a text."""

    def __init__(self, texts: list[str]) -> None:
        self.blob = "\x00".join(texts)
        self.runs = {run for text in texts for run in HAN.findall(text)}
        self._cache: dict[str, bool] = {}

    @classmethod
    def from_database(cls) -> DataCorpus:
        from django.apps import apps
        from django.db import models

        from lvzhi.core.rules.spec import KNOWN_SOURCES

        texts: list[str] = [*KNOWN_SOURCES.values(), *english_msgids_with_han()]
        for model in apps.get_models():
            names = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
            ]
            if not names:
                continue
            for row in model._base_manager.values_list(*names).iterator(chunk_size=5000):
                for value in row:
                    if value in (None, ""):
                        continue
                    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                    if HAN.search(text):
                        texts.append(text)
        return cls(texts)

    def holds(self, run: str) -> bool:
        if run in self.runs:
            return True
        if run not in self._cache:
            self._cache[run] = run in self.blob
        return self._cache[run]


def english_msgids_with_han() -> list[str]:
    """The English source texts (msgids) that quote a Chinese term on purpose."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation("zh-hans")._catalog
    keys = [k[0] if isinstance(k, tuple) else k for k in catalog.keys()]
    return [k for k in keys if HAN.search(k)]


def untranslated(texts: Iterable[str], corpus: DataCorpus) -> list[str]:
    """The Han runs of ``texts`` the database does not hold, each once, in order."""
    seen: dict[str, None] = {}
    for run in (r for text in texts for r in HAN.findall(text)):
        if run not in OWN_NAME_ALLOWED and not corpus.holds(run):
            seen.setdefault(run)
    return list(seen)


@dataclass
class AxeTally:
    """Violations per impact over the pages axe checked, and the serious or critical ones by
    rule with the first page they were seen on."""

    pages: int = 0
    seconds: float = 0.0
    by_impact: Counter[str] = field(default_factory=Counter)
    blocking: dict[str, list[str]] = field(default_factory=dict)

    def add(self, url: str, violations: list[dict[str, Any]]) -> None:
        self.pages += 1
        for v in violations:
            impact = v.get("impact") or "unknown"
            nodes = v.get("nodes", [])
            self.by_impact[impact] += len(nodes)
            if impact in ("serious", "critical"):
                where = self.blocking.setdefault(f"{impact} {v['id']}: {v.get('help', '')}", [])
                if len(where) < 3:
                    target = nodes[0].get("target") if nodes else ""
                    where.append(f"{url} {target}")


AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
}
