"""Helpers for tests that look at rendered pages."""

import re

# A script, stylesheet, image or link that points off the site (``https://...`` or a
# protocol-relative ``//host/...``). Looking for the word "cdn" instead would fail at random:
# the CSRF token and the CSP nonce are random letters and sometimes spell it.
_EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?(?:[a-z][a-z0-9+.-]*:)?//""", re.I)


def external_references(html: str) -> list[str]:
    """Every attribute in ``html`` that would make the browser load or leave for another host."""
    return [m.group(0) for m in _EXTERNAL.finditer(html)]
