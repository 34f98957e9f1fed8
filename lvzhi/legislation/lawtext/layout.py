"""Shared layout of a comparison for the HTML and .docx 对照表.

Turns each :class:`~.diff.DiffEntry` into two columns of article blocks whose lines are runs
of text marked ``""`` (same), ``"del"`` (old side only) or ``"ins"`` (new side only), and
works out where division headings start on each side and the note (说明) of each row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def gettext_noop(message: str) -> str:
    """Marks a message for extraction into the catalogue (``makemessages`` looks for this
    name); the engine itself imports nothing from Django."""
    return message


#: A translation function: an English message in, the text to show out.
Translate = Callable[[str], str]

#: The Chinese of every message of the 对照表 (the engine's default language, used without
#: Django). The web pages pass Django's ``gettext`` instead, with the same English messages
#: (their Chinese translations are these).
CHINESE: dict[str, str] = {
    gettext_noop("Unchanged"): "未修改",
    gettext_noop("Unchanged, renumbered (formerly %(labels)s)"): "未修改，序号调整（原%(labels)s）",
    gettext_noop("Numbers of the articles referred to adjusted accordingly"): "引用的条文序号相应调整",
    gettext_noop("Amended"): "修改",
    gettext_noop("Amended, renumbered (formerly %(labels)s)"): "修改，序号调整（原%(labels)s）",
    gettext_noop("Moved from %(old)s to %(new)s"): "由原%(old)s移至%(new)s",
    gettext_noop("Moved from %(old)s to %(new)s, and amended"): "由原%(old)s移至%(new)s，并修改",
    gettext_noop("%(old)s split into %(new)s"): "原%(old)s拆分为%(new)s",
    gettext_noop("%(old)s merged into %(new)s"): "原%(old)s合并为%(new)s",
    gettext_noop("Added"): "新增",
    gettext_noop("Deleted"): "删除",
    gettext_noop(" (formerly in %(chapter)s)"): "（原属%(chapter)s）",
    gettext_noop("Title amended"): "标题修改",
    gettext_noop("Amended: %(n)s"): "修改 %(n)s 条",
    gettext_noop("Added: %(n)s"): "新增 %(n)s 条",
    gettext_noop("Deleted: %(n)s"): "删除 %(n)s 条",
    gettext_noop("Moved: %(n)s"): "移动 %(n)s 条",
    gettext_noop("Split: %(n)s"): "拆分 %(n)s 条",
    gettext_noop("Merged: %(n)s"): "合并 %(n)s 条",
    gettext_noop("Only cross-references renumbered: %(n)s"): "仅引用序号调整 %(n)s 条",
    gettext_noop("Unchanged: %(n)s"): "未修改 %(n)s 条",
    gettext_noop("; articles renumbered accordingly"): "；条文序号作相应调整",
    gettext_noop("title amended"): "标题修改",
    gettext_noop(", "): "，",
    gettext_noop("Before: %(label)s"): "修改前：%(label)s",
    gettext_noop("After: %(label)s"): "修改后：%(label)s",
}


def chinese(message: str) -> str:
    """The default translation: the engine's Chinese."""
    return CHINESE.get(message, message)


def note(entry: DiffEntry, translate: Translate | None = None) -> str:
    """The 说明 text of an entry (Chinese, or through ``translate``)."""
    t = translate or chinese
    op = entry.op
    old, new = _labels(entry.old), _labels(entry.new)
    if op == "unchanged":
        text = (
            t("Unchanged")
            if not entry.renumbered
            else t("Unchanged, renumbered (formerly %(labels)s)") % {"labels": old}
        )
    elif op == "renumbered":
        text = t("Numbers of the articles referred to adjusted accordingly")
    elif op == "modified":
        text = (
            t("Amended")
            if not entry.renumbered
            else t("Amended, renumbered (formerly %(labels)s)") % {"labels": old}
        )
    elif op == "moved":
        message = (
            "Moved from %(old)s to %(new)s, and amended"
            if entry.text_changed
            else "Moved from %(old)s to %(new)s"
        )
        text = t(message) % {"old": old, "new": new}
    elif op == "split":
        text = t("%(old)s split into %(new)s") % {"old": old, "new": new}
    elif op == "merged":
        text = t("%(old)s merged into %(new)s") % {"old": old, "new": new}
    elif op == "inserted":
        text = t("Added")
    else:
        text = t("Deleted")
    if entry.chapter_changed and entry.old and entry.new and entry.old[0].chapter_label:
        text += t(" (formerly in %(chapter)s)") % {"chapter": entry.old[0].chapter_label}
    return text


# "（草案）", "（草案修改稿）", "(草案二次审议稿)" at the end of a title.
_DRAFT_MARK = re.compile(r"[（(][^（）()]*草案[^（）()]*[）)]\s*$")


def plain_title(title: str) -> str:
    """A title without its draft mark: ``江澜市养犬管理条例（草案）`` → ``江澜市养犬管理条例``."""
    return _DRAFT_MARK.sub("", title.strip()).strip() or title.strip()


@dataclass
class TitleChange:
    """The regulation's title on each side when it changed (draft marks aside)."""

    old: list[Run]
    new: list[Run]


def title_change(result: DiffResult) -> TitleChange | None:
    """The title row of the 对照表: the two titles diffed, or ``None`` when the title did not
    change (a draft's “（草案）” does not count, nor does whitespace)."""
    old, new = plain_title(result.old.title), plain_title(result.new.title)
    if not old or not new or "".join(old.split()) == "".join(new.split()):
        return None
    changes = char_diff(old, new)
    return TitleChange(side_runs(changes, "old"), side_runs(changes, "new"))


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


def rows(
    result: DiffResult, *, include_unchanged: bool = True, translate: Translate | None = None
) -> list[Row]:
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
                note(entry, translate),
                heading if (heading.old or heading.new) else None,
            )
        )
    return out


def summary(result: DiffResult, translate: Translate | None = None) -> str:
    """One-line summary of the counts ("修改 3 条，新增 1 条…"; English through ``translate``)."""
    t = translate or chinese
    c = result.counts()
    parts = [
        ("Amended: %(n)s", c["modified"]),
        ("Added: %(n)s", c["inserted"]),
        ("Deleted: %(n)s", c["deleted"]),
        ("Moved: %(n)s", c["moved"]),
        ("Split: %(n)s", c["split"]),
        ("Merged: %(n)s", c["merged"]),
        ("Only cross-references renumbered: %(n)s", c["renumbered"]),
        ("Unchanged: %(n)s", c["unchanged"]),
    ]
    pieces = [t(message) % {"n": n} for message, n in parts if n]
    if title_change(result) is not None:
        pieces.insert(0, t("title amended"))
    text = t(", ").join(pieces)
    if result.renumbering:
        text += t("; articles renumbered accordingly")
    return text


def versions_line(old_label: str | None, new_label: str | None, translate: Translate | None = None) -> str:
    """ "修改前：2019年版　修改后：草案第二稿" (empty when neither version is named)."""
    t = translate or chinese
    parts = []
    if old_label:
        parts.append(t("Before: %(label)s") % {"label": old_label})
    if new_label:
        parts.append(t("After: %(label)s") % {"label": new_label})
    return "\u3000".join(parts)
