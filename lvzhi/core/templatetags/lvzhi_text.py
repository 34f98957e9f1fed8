"""Template filters for text that depends on the page's language."""

from __future__ import annotations

from typing import Any

from django import template

from lvzhi.core.i18n import Ordinal

register = template.Library()


@register.filter
def ordinal(value: Any) -> str:
    """``{% blocktranslate with n=reading.number|ordinal %}Reading {{ n }}{% endblocktranslate %}``:
    第二次审议 in Chinese, "Reading 2" in English."""
    try:
        return str(Ordinal(int(value)))
    except (TypeError, ValueError):
        return "" if value is None else str(value)


@register.filter
def audit_sentence(row: Any) -> str:
    """A change-history entry as a sentence (``core.history.describe``)."""
    from lvzhi.core.history import describe

    return describe(row)
