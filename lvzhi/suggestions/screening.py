"""Hints while writing: does the text look like one of the inadmissible types
(qingdao-deputy-suggestions-2021 Art 11)? Hints only — the office decides."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Hint:
    code: str
    message: str
    evidence: str = ""


_RULES: tuple[tuple[str, re.Pattern[str], object], ...] = (
    (
        "personal",
        re.compile(
            r"(我家|我的(父亲|母亲|孩子|妻子|丈夫|家人|房子)|本人(的)?(工资|待遇|职称|房屋|拆迁)|亲属|家属的)"
        ),
        _("It seems to concern a personal or family matter, which is not accepted as a suggestion."),
    ),
    (
        "petition",
        re.compile(r"(申诉|控告|检举|举报信|上访|信访件)"),
        _("Petitions, complaints and accusations go to the letters-and-visits channel, not to suggestions."),
    ),
    (
        "case",
        re.compile(
            r"((法院|检察院|监委|监察委员会).{0,12}(案件|判决|裁定|立案|审理|起诉)|(案号|判决书|裁定书))"
        ),
        _(
            "Specific cases of the supervisory commission, court or procuratorate cannot be raised as suggestions."
        ),
    ),
    (
        "promotion",
        re.compile(r"(产品推介|推广本公司|我公司的产品|品牌推广|学术探讨|学术争鸣|论文)"),
        _("Academic debate and product promotion are not accepted as suggestions."),
    ),
)


def screening_hints(title: str, body: str) -> list[Hint]:
    text = f"{title}\n{body}"
    hints = []
    for code, pattern, message in _RULES:
        match = pattern.search(text)
        if match:
            hints.append(Hint(code, str(message), match.group(0)))
    stripped = re.sub(r"\s+", "", body)
    if len(stripped) < 40:
        hints.append(
            Hint("thin", str(_("The content is very short: state the facts and a concrete proposal.")))
        )
    elif not re.search(r"(建议|提议|应当|应该|希望|措施|对策|办法)", body):
        hints.append(Hint("no_proposal", str(_("No concrete proposal found: say what should be done."))))
    if len(re.findall(r"(一是|二是|三是|四是|五是)", body)) >= 5 and len(stripped) > 3000:
        hints.append(
            Hint("several_matters", str(_("One matter per suggestion: consider splitting this one.")))
        )
    return hints
