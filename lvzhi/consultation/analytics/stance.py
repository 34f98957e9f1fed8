"""Stance hints from cue words: support, oppose, change — or an honest ``"unknown"``.

This is a lexicon heuristic, not a classifier: it reads cue words and reports what it found.
Cues (matched longest first, left to right, so 不同意 is not read as 同意, 不同意见 not as
不同意, 没有意见 not as 有意见) fall in five classes:

* ``support`` — 支持, 赞成, 同意, 拥护, 点赞, 很有必要, 写得好, 大快人心, 尽快出台 …;
* ``reject`` — an explicit rejection: 反对, 不同意, 不赞成, 不支持, 建议删除, 取消本条, 不能接受 …;
* ``criticism`` — 不合理, 一刀切, 太严, 过重, 不公平, 有意见, 不切实际 … (half weight for the
  softer ones such as 太低, 太麻烦, 有意见);
* ``change`` — a concrete proposal: 建议将/把, 改为, 修改为, 调整为, 提高到, 延长至, 放宽,
  修改建议/意见, 细化, 增设, and 建议 followed within eight characters by a verb of change
  (明确, 增加, 允许, 区分, 设置, 规定, 降低 …);
* neutral phrases that only stop a wrong reading (没有意见, 无意见, 不反对 counts as half a support).

Decision, in order: an explicit rejection at least as strong as the support → ``"oppose"``;
support without rejection or criticism → ``"support"`` (a supportive comment that also
proposes an addition stays ``"support"``, with ``"change"`` among its hints); a concrete
proposal → ``"change"``; support outweighing criticism → ``"support"``; criticism →
``"oppose"``; nothing (or only a bare 建议) → ``"unknown"``.  Questions (？, 请问, 咨询) add the
hint ``"question"``.  Irony, negation at a distance ("我不认为这条有必要") and stance towards
something other than the article are not understood: the figures are hints for staff, and
the documentation reports their measured accuracy on synthetic data only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LABELS", "Stance", "detect_stance"]

LABELS: tuple[str, ...] = ("support", "oppose", "change", "unknown")

_CUES: dict[str, tuple[str, float]] = {}


def _add(cls: str, weight: float, words: str) -> None:
    for w in words.split():
        _CUES[w] = (cls, weight)


_add(
    "support",
    1.0,
    """
    支持 赞成 赞同 同意 拥护 点赞 叫好 举双手赞成 完全赞同 很有必要 非常必要 十分必要 有必要 很好 非常好
    写得好 定得好 规定得很好 好规定 早该管 早就该管 大快人心 值得肯定 是件好事 是好事 尽快出台 尽快实施
    尽快通过 早日出台 早日实施 很合理 非常及时 很及时 很贴心 考虑周到 人性化 很人性 惠民 很有远见
""",
)
_add("support", 0.5, "不反对 没意见 可以接受")
_add("neutral", 0.0, "没有意见 无意见 不同意见 有不同意见 意见建议")
_add(
    "reject",
    1.0,
    """
    反对 坚决反对 不同意 不赞成 不支持 不赞同 不拥护 建议删除 建议删去 建议取消 应当取消 应该取消 应予删除
    删除本条 删去本条 取消本条 删除该条 取消该条 不能接受 难以接受 没有必要 无必要 毫无必要 不应出台
""",
)
_add(
    "criticism",
    1.0,
    """
    不合理 不妥 不切实际 不可行 不符合实际 脱离实际 脱离了实际 一刀切 劳民伤财 层层加码 荒唐 过严 太严
    过重 太重 不公平 管得太死 管得太宽 不近人情 治标不治本 扰民 懒政 缺乏可操作性 落不了地
""",
)
_add(
    "criticism",
    0.5,
    """
    有意见 太低 过低 太高 过高 太贵 太机械 不现实 太麻烦 承受不了 负担不起 承受不起 太急 太笼统 不方便
    不够完善 有待完善 太少 心里没底
""",
)
_add(
    "change",
    1.0,
    """
    建议将 建议把 修改为 改为 调整为 提高到 提高至 降低到 降低至 降低为 延长到 延长至 放宽到 放宽至 缩短到
    缩短为 增加一款 增加一条 增设 细化 进一步明确 写清楚 说清楚 写明 列明
""",
)
_add("change", 1.0, "修改意见 修改建议")
_add("question", 0.0, "请问 咨询 请教 想问 想了解 能不能 是否 怎么办 如何")

_CUE_RE = re.compile("|".join(re.escape(w) for w in sorted(_CUES, key=len, reverse=True)))
_SUGGEST_RE = re.compile(
    r"建议[^，。！？；,.!?;]{0,8}?(?:明确|增加|修改|调整|改为|提高|降低|延长|缩短|放宽|允许|区分|设置|设立|规定|写明|"
    r"列明|公布|公开|推行|推广|补建|增设|划设|实行|建立|给予|对|在|由|将|把)"
)


@dataclass(frozen=True, slots=True)
class Stance:
    """``label`` (one of :data:`LABELS`), the cue classes found (``hints``: support, oppose,
    change, question) and the cue words themselves (at most ten)."""

    label: str
    hints: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


def detect_stance(text: str) -> Stance:
    """Stance hint of a comment (see the module docstring)."""
    sup = rej = crit = chg = 0.0
    question = "?" in text or "？" in text
    cues: list[str] = []
    for m in _CUE_RE.finditer(text):
        word = m.group(0)
        cls, w = _CUES[word]
        if cls == "support":
            sup += w
        elif cls == "reject":
            rej += w
        elif cls == "criticism":
            crit += w
        elif cls == "change":
            chg += w
        elif cls == "question":
            question = True
            continue
        else:
            continue
        if len(cues) < 10:
            cues.append(word)
    if chg < 1.0 and "建议" in text:
        for m in _SUGGEST_RE.finditer(text):
            if not m.group(0).startswith(("建议删", "建议取消")):
                chg += 1.0
                if len(cues) < 10:
                    cues.append(m.group(0))
                break
    hints = []
    if sup:
        hints.append("support")
    if rej or crit:
        hints.append("oppose")
    if chg:
        hints.append("change")
    if question:
        hints.append("question")
    if rej and rej >= sup:
        label = "oppose"
    elif sup >= 1.0 and not rej and not crit:
        label = "support"
    elif chg:
        label = "change"
    elif sup and sup > crit + rej:
        label = "support"
    elif crit + rej >= 1.0 or (crit and not sup):
        label = "oppose"
    else:
        label = "unknown"
    return Stance(label, tuple(hints), tuple(cues))
