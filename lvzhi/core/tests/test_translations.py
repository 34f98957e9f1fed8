"""The Simplified Chinese catalogue is complete, well-formed and compiled.

Chinese is the product's default language, so an English string slipping through is a visible
bug. These tests read ``django.po`` with a small parser (no polib, no database) and check that
every entry is translated and not fuzzy, that placeholders survive translation, and that the
committed ``django.mo`` matches the ``.po`` (a stale .mo would silently show old or English text).
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LC_MESSAGES = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
# %(name)s, %s, %5.2f ... ; "%%" is a literal percent sign and is handled separately.
_PY_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa])"
)


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(text: str) -> str:
    text = text.strip()
    assert len(text) >= 2 and text[0] == text[-1] == '"', text
    out, i, body = [], 0, text[1:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, obsolete (``#~``) ones left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None and (current.msgstr or current.msgid or current.msgctxt):
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue  # obsolete entry kept by msgmerge
        if current is None:
            current = Entry(line=number)
        elif (
            target is not None
            and target[0] == "msgstr"
            and (line.startswith("#") or line.startswith("msgctxt") or line.startswith("msgid "))
        ):
            finish()  # entries not separated by a blank line
            current = Entry(line=number)
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#"):
            continue  # translator, extracted, reference and previous-msgid comments
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else 0)
                current.msgstr[target[1]] = value
            else:
                target = (keyword, None)
                setattr(current, keyword, value)
            continue
        assert line.startswith('"') and target is not None, f"{path.name}:{number}: cannot parse {raw!r}"
        value = _unquote(line)
        if target[0] == "msgstr":
            current.msgstr[target[1]] += value
        else:
            setattr(current, target[0], getattr(current, target[0]) + value)
    finish()
    return entries


def _placeholders(text: str) -> tuple[set[str], int]:
    """Named placeholders and the number of positional ones in a python-format string."""
    text = text.replace("%%", "")
    named, positional = set(), 0
    for match in _PY_FORMAT.finditer(text):
        if match.group("name") is not None:
            named.add(match.group("name"))
        else:
            positional += 1
    return named, positional


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO.is_file(), f"missing {PO}"
    parsed = parse_po(PO)
    assert sum(1 for e in parsed if e.is_header) == 1, "the catalogue needs exactly one header"
    assert len(parsed) > 1, "the catalogue is empty"
    return parsed


def _messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not e.is_header]


def test_header_declares_chinese_with_a_single_plural_form(entries: list[Entry]) -> None:
    header = next(e for e in entries if e.is_header).msgstr.get(0, "")
    fields = dict(line.split(":", 1) for line in header.splitlines() if ":" in line)
    assert fields.get("Language", "").strip() == "zh_Hans"
    assert fields.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"
    assert "charset=UTF-8" in fields.get("Content-Type", "")


def test_every_entry_is_translated(entries: list[Entry]) -> None:
    untranslated = [
        e.label()
        for e in _messages(entries)
        if not e.msgstr or any(not text.strip() for text in e.msgstr.values())
    ]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)


def test_plural_entries_have_the_one_chinese_form(entries: list[Entry]) -> None:
    wrong = [e.label() for e in _messages(entries) if e.msgid_plural is not None and set(e.msgstr) != {0}]
    assert not wrong, "plural entries must have exactly msgstr[0]:\n" + "\n".join(wrong)


def test_no_entry_is_fuzzy(entries: list[Entry]) -> None:
    fuzzy = [e.label() for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy (unchecked) translations:\n" + "\n".join(fuzzy)


def test_python_format_placeholders_survive(entries: list[Entry]) -> None:
    problems = []
    for e in _messages(entries):
        if "python-format" not in e.flags and "%(" not in e.msgid:
            continue
        source_named, source_positional = _placeholders(e.msgid)
        allowed = set(source_named)
        if e.msgid_plural is not None:
            plural_named, _ = _placeholders(e.msgid_plural)
            allowed |= plural_named
            required = plural_named  # msgstr[0] serves every count in Chinese
        else:
            required = source_named
        for index, text in e.msgstr.items():
            named, positional = _placeholders(text)
            if not required <= named:
                problems.append(f"{e.label()} msgstr[{index}] lacks {sorted(required - named)}")
            if not named <= allowed:
                problems.append(f"{e.label()} msgstr[{index}] has unknown {sorted(named - allowed)}")
            if positional != source_positional:
                problems.append(f"{e.label()} msgstr[{index}] has {positional} positional placeholders")
            if "%" in _PY_FORMAT.sub("", text.replace("%%", "")):
                problems.append(f"{e.label()} msgstr[{index}] has a stray % (write %% for a percent sign)")
    assert not problems, "\n".join(problems)


def test_compiled_catalogue_matches_the_po(entries: list[Entry]) -> None:
    assert MO.is_file(), f"missing {MO}: run manage.py compilemessages -l zh_Hans"
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for e in _messages(entries):
        if "fuzzy" in e.flags:
            continue  # reported by test_no_entry_is_fuzzy; msgfmt leaves these out
        if e.msgid_plural is not None:
            for n in (1, 2, 5):
                got = (
                    catalogue.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                    if e.msgctxt is not None
                    else catalogue.ngettext(e.msgid, e.msgid_plural, n)
                )
                if got != e.msgstr.get(0):
                    stale.append(f"{e.label()} (n={n}): .mo gives {got!r}")
        else:
            got = (
                catalogue.pgettext(e.msgctxt, e.msgid)
                if e.msgctxt is not None
                else catalogue.gettext(e.msgid)
            )
            if got != e.msgstr.get(0):
                stale.append(f"{e.label()}: .mo gives {got!r}")
    assert not stale, (
        "django.mo is older than django.po; run manage.py compilemessages -l zh_Hans:\n"
        + "\n".join(stale[:20])
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_msgfmt_accepts_the_catalogue() -> None:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", os.devnull, str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
