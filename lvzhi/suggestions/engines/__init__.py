"""Pure-Python engines for deputies' suggestions (代表建议): no Django imports here.

* :mod:`.text` – Chinese text normalisation and feature extraction (jieba words + character
  bigrams), shared by both engines;
* :mod:`.similarity` – an incremental TF-IDF / MinHash index that finds similar and duplicate
  suggestions across years at registration;
* :mod:`.recommend` – a handling-unit (承办单位) recommender learned from past assignments;
* :mod:`.synthetic` – a seeded generator of fictional suggestions for the fictional city
  江澜市, with the unit each should go to, for tests, benchmarks and demos.

Plain data in, plain data out: the Django side maps its models to ``(id, year, title, body)``
tuples and unit codes, and stores :meth:`UnitRecommender.to_bytes` in the database.  See
``docs/suggestion-engines.md``.
"""

from __future__ import annotations

__all__ = ["Match", "SimilarityIndex", "UnitRecommender"]


def __getattr__(name: str) -> object:
    # Lazy re-exports: importing the package must not load numpy/scipy/jieba.
    if name in ("Match", "SimilarityIndex"):
        from . import similarity

        return getattr(similarity, name)
    if name == "UnitRecommender":
        from .recommend import UnitRecommender

        return UnitRecommender
    raise AttributeError(name)
