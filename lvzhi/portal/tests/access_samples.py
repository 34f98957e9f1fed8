"""Samples for the access matrix: the portal's public pages."""

from __future__ import annotations

from typing import Any


def deputy(m: Any) -> dict[str, Any]:
    return {"pk": m.w.deputy.pk}


SAMPLES = {"portal.deputy": deputy}
