"""The seeded demo city, shared by the demo's test modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from lvzhi.demo.seed import SeedSummary, seed_city

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def city(django_db_setup: Any, django_db_blocker: Any) -> Iterator[SeedSummary]:
    """The demo city seeded once per module as of :data:`TODAY`, rolled back afterwards."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield seed_city(scale="demo", seed=1, today=TODAY)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
