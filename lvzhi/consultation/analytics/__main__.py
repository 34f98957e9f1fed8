"""``python -m lvzhi.consultation.analytics analyze FILE.jsonl --out RESULT.json`` (see :mod:`.cli`)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
