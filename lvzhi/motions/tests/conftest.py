"""The ``mw`` fixture: the root ``world`` with what motions need (see ``factories.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from .factories import MotionWorld, build


@pytest.fixture
def mw(world: Any) -> MotionWorld:
    return build(world)
