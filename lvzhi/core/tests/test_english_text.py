"""English pages say things in English: no Chinese glued into English messages, and the
language menu names each language in itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import lvzhi

ROOT = Path(lvzhi.__file__).parent
CJK = re.compile(r"[\u4e00-\u9fff]")
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy", "later"}
SKIP = ("tests", "migrations", "demo", "lawtext", "analytics", "textkit", "office", "engines")
# Chinese that is the point of the message: the column headers of the Chinese import
# templates, examples of Chinese titles and numbers, the 对照表 (helper lawtext's)
ALLOWED = re.compile(
    r"条款|款|意见|提出人|联系方式|日期|E\.g\.|对照表|关于……的建议",
)


def _msgids() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for path in ROOT.rglob("*.py"):
        if any(part in SKIP for part in path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                first = node.args[-1] if name.startswith("pgettext") else node.args[0]
                if name in GETTEXT and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((f"{path.relative_to(ROOT)}:{node.lineno}", first.value))
    for path in ROOT.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"{%\s*translate\s+\"([^\"]*)\"", text):
            found.append((str(path.relative_to(ROOT)), m.group(1)))
        for m in re.finditer(r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate", text, re.S):
            found.append((str(path.relative_to(ROOT)), m.group(1)))
    return found


def test_the_scan_reads_messages():
    assert len(_msgids()) > 1000


def test_no_chinese_glued_into_english_messages():
    """Chinese in an English message id is allowed only as a gloss in brackets — "Key
    supervision (重点督办)" — or where the Chinese is what the user must type."""
    wrong = []
    for where, msgid in _msgids():
        bare = re.sub(r"[(（][^()（）]*[)）]", "", msgid)
        if CJK.search(bare) and not ALLOWED.search(msgid):
            wrong.append(f"{where}: {msgid}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_language_menu_names_each_language_in_itself(client, language):
    client.cookies["django_language"] = language
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    menu = page[page.index('name="language"') :]
    menu = menu[: menu.index("</select>")]
    assert ">English</option>" in menu and ">简体中文</option>" in menu
    assert "英语" not in menu and "Simplified Chinese" not in menu
