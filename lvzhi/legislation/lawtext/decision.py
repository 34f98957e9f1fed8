"""Draft of an amendment decision (修改决定草案) in the statutory style.

Items follow the order of the text being amended and refer to articles by their *old*
numbers; an inserted article is placed after an old article and named by its *new* number::

    一、将第五条修改为：“……”
    二、将第八条第二款修改为：“……”
    三、将第九条中的“十五日”修改为“十日”。
    四、删去第十二条。
    五、在第十三条后增加一条，作为第十三条：“……”
    此外，对条文顺序作相应调整。

A changed title (draft marks such as “（草案）” aside) is the first item: "将名称修改为“……”。".

``renumbered`` entries (only cross-references follow the new numbering) and renumbered
``unchanged`` articles produce no item; they are covered by the closing sentence
"此外，对条文顺序作相应调整。", which is added whenever any number changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from lvzhi.textkit.numerals import cn_count, int_to_cn

from .diff import DiffEntry, DiffResult, char_diff
from .layout import plain_title, title_change
from .model import Article

__all__ = ["render_decision"]


def _quote(lines: list[str]) -> str:
    """Chinese multi-paragraph quotation: each paragraph opens with “, only the last closes."""
    lines = [line for line in lines if line] or [""]
    return "\n".join("“" + line for line in lines) + "”"


def _labels(arts: list[Article]) -> str:
    return "、".join(a.label for a in arts)


def _para_ref(article: Article, k: int) -> str:
    return f"{article.label}第{int_to_cn(k + 1)}款"


def _preceding_context(text: str, pos: int) -> str | None:
    """The shortest unique text (two to twelve characters) ending at ``pos``."""
    for pad in range(2, 13):
        if pos - pad < 0:
            return None
        span = text[pos - pad : pos]
        if text.count(span) == 1:
            return span
    return None


def _fine_grained(old: Article, new: Article) -> str | None:
    """A targeted formulation when exactly one paragraph changed, else None."""
    if len(old.paragraphs) != len(new.paragraphs):
        return _paragraph_count_change(old, new)
    diffs = [
        k
        for k, (a, b) in enumerate(zip(old.paragraphs, new.paragraphs, strict=True))
        if a.lines() != b.lines()
    ]
    if len(diffs) != 1:
        return None
    k = diffs[0]
    a, b = old.paragraphs[k], new.paragraphs[k]
    where = _para_ref(old, k) if len(old.paragraphs) > 1 else old.label
    if a.text == b.text and len(a.items) == len(b.items):
        items = [n for n, (x, y) in enumerate(zip(a.items, b.items, strict=True)) if x.lines() != y.lines()]
        if len(items) == 1:
            n = items[0]
            return f"将{where}第{int_to_cn(n + 1)}项修改为：{_quote(b.items[n].lines())}"
    if a.items != b.items or a.text == b.text:
        return f"将{where}修改为：{_quote(b.lines())}"
    changes = [c for c in char_diff(a.text, b.text) if c.op != "equal"]
    if len(changes) == 1 and max(len(changes[0].old), len(changes[0].new)) <= 30:
        c = changes[0]
        pos = _locate(a.text, b.text)
        if pos is not None:
            start = pos[0]
            if c.op == "replace" and a.text.count(c.old) == 1:
                return f"将{where}中的“{c.old}”修改为“{c.new}”。"
            if c.op == "delete" and a.text.count(c.old) == 1:
                return f"删去{where}中的“{c.old}”。"
            if c.op == "insert":
                ctx = _preceding_context(a.text, start)
                if ctx is not None:
                    return f"在{where}中的“{ctx}”后增加“{c.new}”。"
    return f"将{where}修改为：{_quote(b.lines())}"


def _locate(old: str, new: str) -> tuple[int, int] | None:
    """Old-text span of a single change between ``old`` and ``new``."""
    pos = 0
    found: tuple[int, int] | None = None
    for c in char_diff(old, new):
        if c.op != "equal":
            if found is not None:
                return None
            found = (pos, pos + len(c.old))
        pos += len(c.old)
    return found


def _paragraph_count_change(old: Article, new: Article) -> str | None:
    """One paragraph added or removed, the others identical."""
    a = [p.lines() for p in old.paragraphs]
    b = [p.lines() for p in new.paragraphs]
    if len(b) == len(a) + 1:
        for k in range(len(b)):
            if a == b[:k] + b[k + 1 :]:
                return f"在{old.label}中增加一款，作为第{int_to_cn(k + 1)}款：{_quote(b[k])}"
    if len(a) == len(b) + 1:
        for k in range(len(a)):
            if b == a[:k] + a[k + 1 :]:
                return f"删去{_para_ref(old, k)}。"
    return None


def _article_lines(article: Article) -> list[str]:
    return article.body_lines()


@dataclass
class _Item:
    key: float
    text: str


def _entry_items(entries: list[DiffEntry], k: int) -> tuple[str | None, int]:
    """Decision text for entries[k] (and following grouped entries); returns (text, consumed)."""
    e = entries[k]
    if e.op == "modified":
        old, new = e.old[0], e.new[0]
        return _fine_grained(old, new) or f"将{old.label}修改为：{_quote(_article_lines(new))}", 1
    if e.op == "deleted":
        run = [e]
        while k + len(run) < len(entries) and entries[k + len(run)].op == "deleted":
            run.append(entries[k + len(run)])
        return f"删去{_labels([r.old[0] for r in run])}。", len(run)
    if e.op == "inserted":
        run = [e]
        while k + len(run) < len(entries) and entries[k + len(run)].op == "inserted":
            run.append(entries[k + len(run)])
        return _insert_text(entries, k, [r.new[0] for r in run]), len(run)
    if e.op == "moved":
        prev = next((p.old[-1] for p in reversed(entries[:k]) if p.old and p.op != "moved"), None)
        if prev is not None:
            text = f"将{e.old[0].label}移至{prev.label}后，作为{e.new[0].label}"
        else:
            text = f"将{e.old[0].label}移作{e.new[0].label}"
        if e.text_changed:
            text += f"，修改为：{_quote(_article_lines(e.new[0]))}"
        else:
            text += "。"
        return text, 1
    if e.op == "split":
        quoted = "".join(_quote(_article_lines(b)) for b in e.new)
        return (
            f"将{e.old[0].label}分为{cn_count(len(e.new))}条，分别作为{_labels(e.new)}，修改为：{quoted}",
            1,
        )
    if e.op == "merged":
        return (
            f"将{_labels(e.old)}合并为一条，作为{e.new[0].label}，修改为：{_quote(_article_lines(e.new[0]))}",
            1,
        )
    return None, 1


def _insert_text(entries: list[DiffEntry], k: int, new: list[Article]) -> str:
    prev = None
    for e in reversed(entries[:k]):
        if e.old and e.op != "moved":
            prev = e.old[-1]
            break
    count = "一条" if len(new) == 1 else f"{cn_count(len(new))}条"
    where = f"在{prev.label}后" if prev is not None else ""
    target = f"作为{new[0].label}" if len(new) == 1 else f"分别作为{_labels(new)}"
    quoted = "".join(_quote(_article_lines(a)) for a in new)
    return f"{where}增加{count}，{target}：{quoted}"


def _division_items(result: DiffResult, position: dict[int, float]) -> list[_Item]:
    items: list[_Item] = []
    for dc in result.divisions:
        kind = dc.kind
        if dc.op == "inserted" and dc.new is not None:
            first = next(dc.new.articles(), None)
            key = position.get(id(first), 1e9) - 0.25 if first is not None else 1e9
            items.append(
                _Item(key, f"增加一{kind}，作为{dc.new.label}，{kind}名为“{dc.new.compact_title}”。")
            )
        elif dc.op == "deleted" and dc.old is not None:
            first = next(dc.old.articles(), None)
            key = position.get(id(first), 1e9) - 0.25 if first is not None else 1e9
            items.append(_Item(key, f"删去{dc.old.label}{kind}名。"))
        elif dc.renamed and dc.old is not None and dc.new is not None:
            first = next(dc.old.articles(), None)
            key = position.get(id(first), 1e9) - 0.25 if first is not None else 1e9
            items.append(_Item(key, f"将{dc.old.label}{kind}名修改为“{dc.new.compact_title}”。"))
    return items


def render_decision(
    result: DiffResult, *, title: str | None = None, body: str = "____人民代表大会常务委员会"
) -> str:
    """The amendment decision draft as plain text (one item per paragraph)."""
    name = title or plain_title(result.old.title or result.new.title) or "法规"
    entries = result.entries
    # position of each entry in the old text (inserted ones after their predecessor)
    position: dict[int, float] = {}
    keys: list[float] = []
    last = -1.0
    for e in entries:
        if e.old and e.op != "moved":
            key = float(e.old_index[0])
            last = float(e.old_index[-1])
        elif e.old:
            key = float(e.old_index[0])
        else:
            last += 1e-3
            key = last
        keys.append(key)
        for a in e.old:
            position[id(a)] = key
        for b in e.new:
            position.setdefault(id(b), key)
    items: list[_Item] = []
    k = 0
    while k < len(entries):
        text, used = _entry_items(entries, k)
        if text:
            items.append(_Item(keys[k], text))
        k += used
    items.extend(_division_items(result, position))
    items.sort(key=lambda it: it.key)
    change = title_change(result)
    if change is not None:
        items.insert(0, _Item(-1.0, f"将名称修改为“{''.join(r.text for r in change.new)}”。"))
    lines = [f"关于修改《{name}》的决定（草案）", "", f"{body}决定对《{name}》作如下修改："]
    for n, item in enumerate(items, start=1):
        lines.append(f"{int_to_cn(n)}、{item.text}")
    if not items:
        lines.append("（两个文本之间没有需要修改的条文。）")
    if result.renumbering:
        lines.append("此外，对条文顺序作相应调整。")
    lines.append("本决定自公布之日起施行。")
    lines.append(f"《{name}》根据本决定作相应修改，重新公布。")
    return "\n".join(lines) + "\n"
