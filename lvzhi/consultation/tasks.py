"""Background work of public consultation: windows, analysis, feedback notices."""

from __future__ import annotations

from django_tasks import task


@task()
def sync_consultations() -> dict[str, int]:
    """Open windows that start today, close those whose last day has passed."""
    from lvzhi.core.actors import SYSTEM

    from .services import consultations_sync

    return consultations_sync(acting_user=SYSTEM)


@task()
def analyse_consultation(consultation_id: int, full: bool = False) -> dict[str, int]:
    from lvzhi.core.actors import SYSTEM

    from .models import Consultation
    from .services import analysis_run

    consultation = Consultation.objects.select_related("version").get(pk=consultation_id)
    analysis = analysis_run(consultation=consultation, full=full, acting_user=SYSTEM)
    return {"comments": analysis.comments, "upto": analysis.upto}


@task()
def analyse_open_consultations() -> dict[str, int]:
    """Refresh the analysis of every consultation that received comments since the last run."""
    from django.db.models import Max

    from lvzhi.core.actors import SYSTEM

    from .models import Consultation
    from .services import analysis_run
    from .states import ConsultationStatus

    refreshed = 0
    for c in (
        Consultation.objects.select_related("version")
        .exclude(status=ConsultationStatus.SCHEDULED)
        .annotate(last=Max("comments__pk"))
    ):
        done = getattr(getattr(c, "analysis", None), "upto", 0) if hasattr(c, "analysis") else 0
        if c.last and c.last > done:
            analysis_run(consultation=c, acting_user=SYSTEM)
            refreshed += 1
    return {"refreshed": refreshed}


@task()
def send_feedback_notices(consultation_id: int, base_url: str = "") -> dict[str, int]:
    """``base_url``: the site's address as the publishing request saw it (``site_url``); the
    configured ``PUBLIC_BASE_URL`` wins over it."""
    from django.conf import settings

    from lvzhi.core.web import site_url

    from .services import feedback_notices_send

    return feedback_notices_send(
        consultation_id=consultation_id,
        base_url=(settings.PUBLIC_BASE_URL or base_url or site_url()).rstrip("/"),
    )
