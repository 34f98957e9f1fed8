from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lvzhi.textkit import minhash
from lvzhi.textkit.minhash import EMPTY, MinHasher

M64 = (1 << 64) - 1
M32 = (1 << 32) - 1


def _splitmix(z: int) -> int:
    z ^= z >> 30
    z = (z * 0xBF58476D1CE4E5B9) & M64
    z ^= z >> 27
    z = (z * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def _reference(hasher: MinHasher, text: str) -> list[int] | None:
    """The signature computed shingle by shingle with Python ints (module docstring)."""
    k = hasher.shingle
    if len(text) < k:
        if hasher.short == "none" or not text:
            return None
        k = len(text)
    shingles = {text[i : i + k] for i in range(len(text) - k + 1)}
    a = [int(x) for x in hasher._a]
    b = [int(x) for x in hasher._b]
    out = []
    for p in range(hasher.num_perm):
        best = M32
        for s in shingles:
            if hasher.family == "mix32":
                code = 0
                for ch in s:
                    code = ((code << 21) ^ ord(ch)) & M64
                h = _splitmix(code) >> 32
                v = (a[p] * h + b[p]) & M32
            else:
                h = 0
                for ch in s:
                    h = (h * 0x100000001B3 + ord(ch)) & M64
                v = ((a[p] * h + b[p]) & M64) >> 32
            best = min(best, v)
        out.append(best)
    return out


HASHERS = {
    "comments": MinHasher(),  # the comment analytics' parameters
    "suggestions": MinHasher(128, 4, 20240601, family="poly64", short="whole"),
    "mix32-whole": MinHasher(16, 3, 7, short="whole"),
    "poly64-none": MinHasher(16, 2, 7, family="poly64"),
}
texts = st.text(alphabet="支持反对第十二条电梯充电ab1！ ", max_size=25)


@pytest.mark.parametrize("name", list(HASHERS))
@settings(max_examples=60, deadline=None)
@given(batch=st.lists(texts, max_size=8))
def test_batch_equals_reference_and_single(name: str, batch: list[str]) -> None:
    hasher = HASHERS[name]
    sig, counts = hasher.signatures(batch)
    assert sig.shape == (len(batch), hasher.num_perm) and sig.dtype == np.uint32
    for row, text, count in zip(sig, batch, counts, strict=True):
        ref = _reference(hasher, text)
        single = hasher.signature(text)
        if ref is None:
            assert count == 0 and single is None and (row == EMPTY).all()
        else:
            assert row.tolist() == ref
            assert single is not None and single.tolist() == ref


@pytest.mark.parametrize("name", list(HASHERS))
def test_large_batches_take_the_per_function_path(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = HASHERS[name]
    rng = random.Random(3)
    batch = [
        "".join(rng.choice("支持反对第十二条电梯充电ab") for _ in range(rng.randint(0, 30)))
        for _ in range(50)
    ]
    small, counts = hasher.signatures(batch)
    monkeypatch.setattr(minhash, "_MATRIX_CELLS", 0)
    large, counts2 = hasher.signatures(batch)
    assert np.array_equal(small, large) and np.array_equal(counts, counts2)


def test_signatures_are_stable_across_versions() -> None:
    # Values computed by the two implementations this module replaced (the comment analytics'
    # dedup.MinHasher and the suggestion index's _MinHasher): signatures stored by earlier
    # versions (the suggestion index file) must stay comparable with new ones.
    sig, counts = HASHERS["comments"].signatures(["支持第十二条关于充电的规定", "abc"])
    assert sig[0, :6].tolist() == [350947051, 118480679, 598317536, 110416557, 91720158, 213710391]
    assert sig[1, :6].tolist() == [4270039688, 2847882260, 4204677165, 1189787380, 668549397, 396943276]
    assert counts.tolist() == [11, 1]
    s1 = HASHERS["suggestions"].signature("老旧小区加装电梯难")
    s2 = HASHERS["suggestions"].signature("ab")
    assert s1 is not None and s1[:6].tolist() == [
        812090968,
        259761641,
        816351841,
        787798671,
        365995184,
        571712263,
    ]
    assert s2 is not None and s2[:6].tolist() == [
        2845374657,
        956669789,
        3223537272,
        3602729892,
        592847155,
        3535097170,
    ]


def test_estimates_jaccard() -> None:
    rng = random.Random(1)
    chars = [chr(0x4E00 + i) for i in range(2000)]
    base = "".join(rng.choice(chars) for _ in range(150))
    other = base[:100] + "".join(rng.choice(chars) for _ in range(50))
    for hasher in (MinHasher(num_perm=256), MinHasher(256, 4, 1, family="poly64")):
        k = hasher.shingle
        s1 = {base[i : i + k] for i in range(len(base) - k + 1)}
        s2 = {other[i : i + k] for i in range(len(other) - k + 1)}
        true = len(s1 & s2) / len(s1 | s2)
        sig, _ = hasher.signatures([base, other])
        assert abs((sig[0] == sig[1]).mean() - true) < 0.1


def test_refuses_bad_parameters() -> None:
    for kwargs in ({"num_perm": 0}, {"shingle": 0}, {"family": "md5"}, {"short": "pad"}):
        with pytest.raises(ValueError):
            MinHasher(**kwargs)  # type: ignore[arg-type]
