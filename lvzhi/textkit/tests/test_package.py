"""The package is Django-free and lazy: importing it loads no Django, no other lvzhi package,
and neither numpy nor jieba until they are needed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

PROBE = """
import json, sys
import lvzhi.textkit
from lvzhi.textkit import articles, numerals
light = sorted(m for m in sys.modules if m.split(".")[0] in ("numpy", "jieba", "django"))
from lvzhi.textkit import lexicons, minhash, tokenise
tokenise.cut("老旧小区加装电梯", lexicons.SUGGESTIONS)
minhash.MinHasher().signatures(["支持第十二条"])
print(json.dumps({
    "light": light,
    "django": sorted(m for m in sys.modules if m.split(".")[0] == "django"),
    "lvzhi": sorted(m for m in sys.modules if m.startswith("lvzhi.") and not m.startswith("lvzhi.textkit")),
}))
"""


def test_imports_nothing_from_django_or_other_apps() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=REPO)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"light": [], "django": [], "lvzhi": []}
