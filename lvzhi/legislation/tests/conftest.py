"""The ``lw`` fixture: the root ``world`` with what legislation needs (see ``factories.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from .factories import LegWorld, build


@pytest.fixture
def lw(world: Any) -> LegWorld:
    return build(world)
