"""Shared fixtures and helpers of the law-text engine tests (no Django, no database)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from lvzhi.legislation.lawtext.diff import OPS, DiffResult

REPO = Path(__file__).resolve().parents[4]


def shared_dir() -> Path:
    """``$LVZHI_SHARED_DIR`` or ``<repo>/../shared``."""
    env = os.environ.get("LVZHI_SHARED_DIR")
    return Path(env) if env else REPO.parent / "shared"


def lawpair_dirs() -> list[Path]:
    base = shared_dir() / "data" / "lawpairs"
    if not base.is_dir():
        return []
    return sorted(d for d in base.iterdir() if (d / "old.md").exists() and (d / "new.md").exists())


def statute_files() -> list[Path]:
    base = shared_dir() / "reference" / "statutes"
    return sorted(base.glob("*.md")) if base.is_dir() else []


@pytest.fixture
def require_shared() -> Path:
    """The shared directory, or skip the test when the shared data are absent."""
    if not lawpair_dirs():
        pytest.skip(f"shared law pairs not found under {shared_dir()} (set LVZHI_SHARED_DIR)")
    return shared_dir()


def assert_partition(result: DiffResult) -> None:
    """Every old and every new article appears in exactly one entry, with a valid op shape."""
    old_seen = Counter(id(a) for e in result.entries for a in e.old)
    new_seen = Counter(id(b) for e in result.entries for b in e.new)
    assert sorted(old_seen.values()) == [1] * len(result.old.articles())
    assert sorted(new_seen.values()) == [1] * len(result.new.articles())
    assert set(old_seen) == {id(a) for a in result.old.articles()}
    assert set(new_seen) == {id(b) for b in result.new.articles()}
    for e in result.entries:
        assert e.op in OPS
        shape = (len(e.old), len(e.new))
        if e.op in ("unchanged", "renumbered", "modified", "moved"):
            assert shape == (1, 1), e
        elif e.op == "split":
            assert shape[0] == 1 and shape[1] >= 2, e
        elif e.op == "merged":
            assert shape[0] >= 2 and shape[1] == 1, e
        elif e.op == "inserted":
            assert shape == (0, 1), e
        else:
            assert shape == (1, 0), e
        if e.op == "unchanged":
            assert not e.text_changed
