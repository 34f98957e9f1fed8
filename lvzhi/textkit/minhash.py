"""MinHash signatures of character shingles, for a batch of texts at once (numpy).

Usage::

    hasher = MinHasher(num_perm=64, shingle=3, seed=20250917)
    sig, counts = hasher.signatures(["支持第十二条", "支持第十二条！", ...])  # (n, 64) uint32
    overlap = (sig[0] == sig[1]).mean()                                  # estimated Jaccard

A text's shingles are its runs of ``shingle`` consecutive characters.  Each shingle is hashed,
then ``num_perm`` hash functions with seeded parameters (so signatures are comparable across
processes and versions) map it to 32 bits; the signature holds, per function, the minimum over
the text's shingles.  The share of equal values of two signatures estimates the Jaccard index
of the two shingle sets.  The shingles of all texts are processed together (code points of the
concatenated texts, minima by ``np.minimum.reduceat``).

Two hash families exist, each the one an engine's stored signatures and calibrated thresholds
were made with (a signature is only comparable with one of the same family and parameters):

* ``"mix32"`` (default; comment analytics, 64 functions of 3-shingles): the code points of a
  shingle packed in 21 bits each (exact for ``shingle <= 3``; longer shingles keep their last
  three characters' bits in full), mixed by the splitmix64 finaliser and cut to 32 bits ``h``;
  the functions are ``a·h + b mod 2³²`` (``a`` odd).
* ``"poly64"`` (suggestions, 128 functions of 4-shingles): the polynomial hash
  ``h = h·0x100000001B3 + code point mod 2⁶⁴`` over the shingle; the functions are the high
  32 bits of ``a·h + b mod 2⁶⁴`` (``a`` odd).

A text shorter than ``shingle`` has no shingle (its signature is all ``0xFFFFFFFF`` and its
count 0), unless ``short="whole"``, where it is one shingle of its own length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np

__all__ = ["EMPTY", "MinHasher", "mix64"]

#: The signature value of a text without shingles.
EMPTY = np.uint32(0xFFFFFFFF)

_SM1 = np.uint64(0xBF58476D1CE4E5B9)
_SM2 = np.uint64(0x94D049BB133111EB)
_POLY = np.uint64(0x100000001B3)
_MATRIX_CELLS = 1 << 21  # below this many (shingles × functions), one broadcast product


def mix64(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised (uint64 in, uint64 out; wraps modulo 2**64)."""
    z = z ^ (z >> np.uint64(30))
    z = z * _SM1
    z = z ^ (z >> np.uint64(27))
    z = z * _SM2
    return z ^ (z >> np.uint64(31))


class MinHasher:
    """Batch MinHash of character shingles (see the module docstring)."""

    def __init__(
        self,
        num_perm: int = 64,
        shingle: int = 3,
        seed: int = 20250917,
        *,
        family: Literal["mix32", "poly64"] = "mix32",
        short: Literal["none", "whole"] = "none",
    ) -> None:
        if num_perm < 1 or shingle < 1:
            raise ValueError("num_perm and shingle must be positive")
        if family not in ("mix32", "poly64") or short not in ("none", "whole"):
            raise ValueError(f"unknown MinHash family or short-text rule: {family!r}, {short!r}")
        self.num_perm = int(num_perm)
        self.shingle = int(shingle)
        self.seed = int(seed)
        self.family = family
        self.short = short
        rng = np.random.default_rng(seed)
        if family == "mix32":
            self._a: np.ndarray = (
                rng.integers(0, 2**32, size=num_perm, dtype=np.uint64) | np.uint64(1)
            ).astype(np.uint32)
            self._b: np.ndarray = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32)
        else:
            self._a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
            self._b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)

    def shingle_counts(self, lengths: np.ndarray) -> np.ndarray:
        """Number of shingles of texts of these lengths."""
        if self.short == "whole":
            return np.where(lengths > 0, np.maximum(lengths - self.shingle + 1, 1), 0)
        return np.maximum(lengths - self.shingle + 1, 0)

    def shingle_hashes(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Hashes of all shingles of ``texts`` concatenated (uint32 for ``mix32``, uint64 for
        ``poly64``), and per text the count.  Hashes of text ``i`` are the slice
        ``[offsets[i], offsets[i] + counts[i])`` with ``offsets = cumsum(counts) - counts``."""
        n = len(texts)
        k = self.shingle
        lens = np.fromiter(map(len, texts), dtype=np.int64, count=n)
        counts = self.shingle_counts(lens)
        total = int(counts.sum())
        if total == 0:
            return np.zeros(0, dtype=np.uint32 if self.family == "mix32" else np.uint64), counts
        cps = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        text_start = np.cumsum(lens) - lens
        sh_start = np.cumsum(counts) - counts
        pos = np.arange(total, dtype=np.int64) + np.repeat(text_start - sh_start, counts)
        if self.short == "whole" and bool((lens[counts > 0] < k).any()):
            # Some text is shorter than a shingle: its one shingle stops at its end.
            width = np.repeat(np.minimum(lens, k), counts)
            last = len(cps) - 1
            return self._hash(lambda j: cps[np.minimum(pos + j, last)], k, width), counts
        return self._hash(lambda j: cps[pos + j], k), counts

    def _hash(self, char: Callable[[int], np.ndarray], k: int, width: np.ndarray | None = None) -> np.ndarray:
        """Shingle hashes from ``char(j)``, the ``j``-th character of every shingle (code
        points as uint64); with ``width``, shingle ``i`` has only ``width[i]`` characters."""

        def keep(j: int, step: np.ndarray, prev: np.ndarray) -> np.ndarray:
            return step if width is None else np.where(j < width, step, prev)

        if self.family == "mix32":
            code = char(0)
            for j in range(1, k):
                code = keep(j, (code << np.uint64(21)) ^ char(j), code)
            return (mix64(code) >> np.uint64(32)).astype(np.uint32)
        h = char(0)  # 0 * _POLY + the first character
        for j in range(1, k):
            h = keep(j, h * _POLY + char(j), h)
        return h

    def _permuted(self, h: np.ndarray, p: int | slice, out: np.ndarray | None = None) -> np.ndarray:
        """Hash function(s) ``p`` applied to the shingle hashes ``h``, as uint32."""
        if self.family == "mix32":
            if isinstance(p, int):
                assert out is not None
                np.multiply(h, self._a[p], out=out)
                return np.add(out, self._b[p], out=out)
            return self._a[p, None] * h[None, :] + self._b[p, None]
        if isinstance(p, int):
            return ((self._a[p] * h + self._b[p]) >> np.uint64(32)).astype(np.uint32)
        return ((self._a[p, None] * h[None, :] + self._b[p, None]) >> np.uint64(32)).astype(np.uint32)

    def signatures(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(len(texts), num_perm)`` uint32 signatures and shingle counts; a text without
        shingles gets all ``0xFFFFFFFF``."""
        h, counts = self.shingle_hashes(texts)
        sig = np.full((len(texts), self.num_perm), EMPTY, dtype=np.uint32)
        has = counts > 0
        if not has.any():
            return sig, counts
        starts = (np.cumsum(counts) - counts)[has]
        rows = np.flatnonzero(has)
        if len(h) * self.num_perm <= _MATRIX_CELLS:
            # Small batches (a query, a few texts): one (functions × shingles) product.
            sig[rows] = np.minimum.reduceat(self._permuted(h, slice(None)), starts, axis=1).T
            return sig, counts
        tmp = np.empty(len(h), dtype=np.uint32)
        for p in range(self.num_perm):
            sig[rows, p] = np.minimum.reduceat(self._permuted(h, p, tmp), starts)
        return sig, counts

    def signature(self, text: str) -> np.ndarray | None:
        """The signature of one text, or None when it has no shingle (same values as
        :meth:`signatures`, computed on slices of the text)."""
        size = len(text)
        count = int(self.shingle_counts(np.array([size]))[0])
        if count == 0:
            return None
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        h = self._hash(lambda j: cps[j : j + count], min(self.shingle, size))
        return np.asarray(self._permuted(h, slice(None)).min(axis=1), dtype=np.uint32)
