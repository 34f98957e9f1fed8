"""Samples for the access matrix (``test_access_matrix.py``): the roster.

``deputies.deputy`` is the world's deputy, whose account is ``P.DEPUTY`` (the deputy may reveal
their own contact details; other deputies may not)."""

from __future__ import annotations

from typing import Any


def deputy(m: Any) -> dict[str, Any]:
    return {"pk": m.w.deputy.pk}


SAMPLES = {"deputies.deputy": deputy}
