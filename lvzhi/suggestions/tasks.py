"""Background work of the suggestions app: the daily deadline scan, recommender training."""

from __future__ import annotations

from django_tasks import task


@task()
def scan_deadlines() -> dict[str, int]:
    from .services import deadlines_scan

    return deadlines_scan()


@task()
def train_recommender() -> int:
    from lvzhi.core.actors import SYSTEM

    from .services import recommender_train

    return recommender_train(acting_user=SYSTEM)


@task()
def rebuild_similarity_index() -> int:
    from lvzhi.core.actors import SYSTEM

    from .services import similarity_index_save

    return similarity_index_save(acting_user=SYSTEM)
