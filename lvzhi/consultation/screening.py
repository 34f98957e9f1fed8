"""First-line screening of incoming comments (pure Python, no Django).

A flagged comment is still accepted and kept: it waits in the moderation queue until a
person publishes it or sets it aside with a reason. The word lists are short on purpose —
they catch advertising and plain abuse; judging relevance is left to people.
"""

from __future__ import annotations

import re

ADVERTISING_PATTERNS = [
    re.compile(r"https?://|www\.|\.com\b|\.cn\b", re.I),
    re.compile(r"(加|➕|\+)\s*(微|v|V|wx|WX|薇|威)\s*(信|x)?"),
    re.compile(r"(微信|QQ|qq|扣扣|VX|vx)\s*[:：号]?\s*[A-Za-z0-9_-]{5,}"),
    re.compile(r"(代开发票|刷单|兼职日结|免费领取|低价出售|贷款秒批|优惠活动|代理加盟|博彩|彩票推荐)"),
]

ABUSE_WORDS = ("傻逼", "煞笔", "sb立法", "狗官", "去死", "操你", "他妈的", "王八蛋", "脑残", "畜生")


def screen(text: str) -> str:
    """``"advertising"``, ``"abuse"`` or ``""`` (nothing found)."""
    for pattern in ADVERTISING_PATTERNS:
        if pattern.search(text):
            return "advertising"
    lowered = text.lower()
    if any(word in lowered for word in ABUSE_WORDS):
        return "abuse"
    return ""
