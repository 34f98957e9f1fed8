"""Shared layout of a comparison for the HTML and .docx 对照表.

Turns each :class:`~.diff.DiffEntry` into two columns of article blocks whose lines are runs
of text marked ``""`` (same), ``"del"`` (old side only) or ``"ins"`` (new side only), and
works out where division headings start on each side and the note (说明) of each row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diff import Change, DiffEntry, DiffResult, char_diff
from .model import Article, Division


@dataclass
class Run:
    """A piece of text with its mark: ``""``, ``"ins"`` or ``"del"``."""

    text: str
    mark: str = ""


@dataclass
class Block:
    """One article on one side: label and lines of runs."""

    label: str
    lines: list[list[Run]]
    renumbered: bool = False


@dataclass
class Heading:
    """Division headings (outermost first) starting at a row, on each side."""

    old: list[list[Run]] = field(default_factory=list)
    new: list[list[Run]] = field(default_factory=list)


@dataclass
class Row:
    """One row of the table: optional headings, then old blocks, new blocks and the note."""

    entry: DiffEntry
    old: list[Block]
    new: list[Block]
    note: str
    heading: Heading | None = None


def side_runs(changes: list[Change], side: str) -> list[Run]:
    """The runs of one side (``"old"`` or ``"new"``) of a character diff."""
    runs: list[Run] = []
    for c in changes:
        if c.op == "equal":
            text, mark = (c.old if side == "old" else c.new), ""
        elif side == "old":
            text, mark = c.old, "del"
        else:
            text, mark = c.new, "ins"
        if text:
            runs.append(Run(text, mark))
    return runs


def cut_runs(runs: list[Run], lengths: list[int]) -> list[list[Run]]:
    """Cut runs of ``"\\n".join(texts)`` into one run list per text (``lengths`` of the texts)."""
    out: list[list[Run]] = [[] for _ in lengths]
    bounds: list[tuple[int, int]] = []
    pos = 0
    for n in lengths:
        bounds.append((pos, pos + n))
        pos += n + 1
    pos = 0
    for run in runs:
        start, end = pos, pos + len(run.text)
        for k, (lo, hi) in enumerate(bounds):
            a, b = max(lo, start), min(hi, end)
            if a < b:
                out[k].append(Run(run.text[a - start : b - start], run.mark))
        pos = end
    return out


def split_lines(runs: list[Run]) -> list[list[Run]]:
    """Split runs at newlines into lines."""
    lines: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append([])
            if part:
                lines[-1].append(Run(part, run.mark))
    return lines


def blocks(entry: DiffEntry, side: str) -> list[Block]:
    """The article blocks of one side of an entry."""
    arts = entry.old if side == "old" else entry.new
    if not arts:
        return []
    per_article = cut_runs(side_runs(entry.changes, side), [len(a.text) for a in arts])
    return [Block(a.label, split_lines(r), entry.renumbered) for a, r in zip(arts, per_article, strict=True)]


def _labels(arts: list[Article]) -> str:
    return "、".join(a.label for a in arts)


def note(entry: DiffEntry) -> str:
    """The 说明 text of an entry."""
    op = entry.op
    if op == "unchanged":
        text = "未修改" if not entry.renumbered else f"未修改，序号调整（原{_labels(entry.old)}）"
    elif op == "renumbered":
        text = "引用的条文序号相应调整"
    elif op == "modified":
        text = "修改" if not entry.renumbered else f"修改，序号调整（原{_labels(entry.old)}）"
    elif op == "moved":
        text = f"由原{_labels(entry.old)}移至{_labels(entry.new)}" + (
            "，并修改" if entry.text_changed else ""
        )
    elif op == "split":
        text = f"原{_labels(entry.old)}拆分为{_labels(entry.new)}"
    elif op == "merged":
        text = f"原{_labels(entry.old)}合并为{_labels(entry.new)}"
    elif op == "inserted":
        text = "新增"
    else:
        text = "删除"
    if entry.chapter_changed and entry.old and entry.new and entry.old[0].chapter_label:
        text += f"（原属{entry.old[0].chapter_label}）"
    return text


def _heading_text(d: Division) -> str:
    return f"{d.label} {d.compact_title}".strip()


def _heading_runs(d: Division, counterpart: Division | None, side: str) -> list[Run]:
    """A heading on one side: the label plain, the title diffed against its counterpart's.

    A division without counterpart is wholly marked (inserted on the new side, deleted on
    the old side).
    """
    if counterpart is None:
        return [Run(_heading_text(d), "ins" if side == "new" else "del")]
    runs = [Run(d.label + " ")]
    if counterpart.compact_title == d.compact_title:
        runs.append(Run(d.compact_title))
    else:
        old, new = (d, counterpart) if side == "old" else (counterpart, d)
        runs.extend(side_runs(char_diff(old.compact_title, new.compact_title), side))
    return runs


def rows(result: DiffResult, *, include_unchanged: bool = True) -> list[Row]:
    """Table rows in new-document order, with division headings where they start."""
    old_stacks = result.old.article_divisions()
    new_stacks = result.new.article_divisions()
    renamed: dict[int, Division] = {}  # id(new division) -> old division
    for dc in result.divisions:
        if dc.old is not None and dc.new is not None:
            renamed[id(dc.new)] = dc.old
    paired = {id(dc.old): dc for dc in result.divisions if dc.old is not None}
    out: list[Row] = []
    prev_old: list[Division] = []
    prev_new: list[Division] = []
    for entry in result.entries:
        heading = Heading()
        if entry.new:
            stack = new_stacks.get(id(entry.new[0]), [])
            started = [d for k, d in enumerate(stack) if k >= len(prev_new) or prev_new[k] is not d]
            for d in started:
                before = renamed.get(id(d))
                heading.new.append(_heading_runs(d, before, "new"))
            prev_new = stack
        if entry.old and entry.op != "moved":
            stack = old_stacks.get(id(entry.old[0]), [])
            started = [d for k, d in enumerate(stack) if k >= len(prev_old) or prev_old[k] is not d]
            for d in started:
                pair = paired.get(id(d))
                heading.old.append(_heading_runs(d, pair.new if pair is not None else None, "old"))
            prev_old = stack
        if not include_unchanged and entry.op == "unchanged" and not entry.renumbered:
            if heading.old or heading.new:
                out.append(Row(entry, [], [], "", heading))
            continue
        out.append(
            Row(
                entry,
                blocks(entry, "old"),
                blocks(entry, "new"),
                note(entry),
                heading if (heading.old or heading.new) else None,
            )
        )
    return out


def summary(result: DiffResult) -> str:
    """One-line Chinese summary of the counts ("修改 3 条，新增 1 条…")."""
    c = result.counts()
    parts = [
        ("修改", c["modified"]),
        ("新增", c["inserted"]),
        ("删除", c["deleted"]),
        ("移动", c["moved"]),
        ("拆分", c["split"]),
        ("合并", c["merged"]),
        ("仅引用序号调整", c["renumbered"]),
        ("未修改", c["unchanged"]),
    ]
    text = "，".join(f"{name} {n} 条" for name, n in parts if n)
    if result.renumbering:
        text += "；条文序号作相应调整"
    return text
