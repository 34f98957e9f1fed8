"""Similar suggestions at registration and the handling-unit recommendation, backed by the
pure engines in ``engines/``. Indexes are cached per process and refreshed incrementally."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from .models import Suggestion

_lock = threading.Lock()


def similar_to(suggestion: Suggestion, limit: int = 5) -> list[dict[str, Any]]:
    """Registered suggestions of this and past years that look similar or duplicate."""
    index = _similarity_index()
    matches = index.similar(suggestion.title, suggestion.body, limit=limit, exclude=[suggestion.pk])
    found = {
        s.pk: s
        for s in Suggestion.objects.filter(pk__in=[m.id for m in matches]).select_related("lead__person")
    }
    return [
        {"suggestion": found[m.id], "score": round(float(m.score), 2), "kind": m.kind}
        for m in matches
        if m.id in found
    ]


_index_state: dict[str, Any] = {"index": None, "max_id": 0, "loaded_mtime": None}


def _index_file() -> Path:
    return Path(settings.VAR_DIR) / "similarity-index.npz"


def _registered() -> Any:
    return Suggestion.objects.exclude(number="").values_list("pk", "year", "title", "body").order_by("pk")


def similarity_index_build() -> tuple[Any, int]:
    """The index of every registered suggestion (read only; ~1 ms per item) and its size.
    ``services.similarity_index_save`` stores it for the web processes."""
    from .engines.similarity import SimilarityIndex

    rows = list(_registered().iterator(chunk_size=2000))
    return SimilarityIndex.build(rows), len(rows)


def similarity_index_file() -> Path:
    return _index_file()


def similarity_index_save() -> int:
    """Compatibility: the worker's job, through the service (system actor)."""
    from lvzhi.core.actors import SYSTEM

    from .services import similarity_index_save as save

    return save(acting_user=SYSTEM)


def _similarity_index() -> Any:
    from .engines.similarity import SimilarityIndex

    with _lock:
        path = _index_file()
        mtime = path.stat().st_mtime if path.exists() else None
        if mtime is not None and mtime != _index_state["loaded_mtime"]:
            index = SimilarityIndex.from_bytes(path.read_bytes())
            _index_state.update(
                index=index,
                loaded_mtime=mtime,
                max_id=max((i for i in index._ids if isinstance(i, int)), default=0),
            )
        index = _index_state["index"]
        if index is None:
            index = SimilarityIndex()
            _index_state["index"] = index
        rows = _registered().filter(pk__gt=_index_state["max_id"])
        for pk, year, title, body in rows.iterator(chunk_size=2000):
            index.add(pk, year, title, body)
            _index_state["max_id"] = pk
        return index


def recommend_units(suggestion: Suggestion, k: int = 3) -> list[dict[str, Any]]:
    """Top ``k`` handling units learned from past assignments, with scores."""
    from lvzhi.core.models import Organ

    model = _recommender()
    if model is None:
        return []
    ranked = model.recommend(suggestion.title, suggestion.body, k=k)
    organs = {o.code: o for o in Organ.objects.filter(code__in=[code for code, _s in ranked])}
    return [{"unit": organs[code], "score": round(score, 3)} for code, score in ranked if code in organs]


_model_state: dict[str, Any] = {"model": None, "trained_at": None}


def _recommender() -> Any:
    from .engines.recommend import UnitRecommender
    from .models import RecommenderModel

    row = RecommenderModel.objects.order_by("-trained_at").only("trained_at").first()
    if row is None:
        return None
    with _lock:
        if _model_state["trained_at"] != row.trained_at:
            payload = RecommenderModel.objects.values_list("payload", flat=True).get(pk=row.pk)
            _model_state["model"] = UnitRecommender.from_bytes(bytes(payload))
            _model_state["trained_at"] = row.trained_at
        return _model_state["model"]


def recommender_fit(*, min_examples: int = 20) -> tuple[Any, int] | None:
    """Fit the recommender on every past assignment (read only): the model and the number of
    examples, or None below ``min_examples``. ``services.recommender_train`` stores it."""
    from .engines.recommend import UnitRecommender
    from .models import Assignment
    from .states import AssignmentStatus

    units: dict[int, list[str]] = {}
    for sid, code in (
        Assignment.objects.exclude(status=AssignmentStatus.RETURNED)
        .values_list("suggestion_id", "unit__code")
        .iterator(chunk_size=5000)
    ):
        units.setdefault(sid, []).append(code)
    if len(units) < min_examples:
        return None
    texts = Suggestion.objects.filter(pk__in=list(units)).values_list("pk", "title", "body")
    examples = [(title, body, units[pk]) for pk, title, body in texts.iterator(chunk_size=2000)]
    model = UnitRecommender()
    model.fit(examples)
    return model, len(examples)


def recommender_train(*, min_examples: int = 20) -> int:
    """Compatibility (the demo seed calls it): the service, as the system actor."""
    from lvzhi.core.actors import SYSTEM

    from .services import recommender_train as train

    return train(min_examples=min_examples, acting_user=SYSTEM)
