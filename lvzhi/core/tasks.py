"""Background work (django-tasks). Tasks call services and hold no logic of their own."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from .audit import audit_verify
from .models import Notification, Role, ScheduledJob, User


@task(queue_name="mail")
def send_notification_emails(notification_ids: list[int]) -> int:
    from .services import notification_send_email

    sent = 0
    for notification in Notification.objects.select_related("recipient").filter(pk__in=notification_ids):
        if notification_send_email(notification=notification):
            sent += 1
    return sent


@task()
def verify_audit_chain() -> str:
    """Nightly: verify the audit chain and alert administrators if it is broken."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from .services import notify

    result = audit_verify()
    summary = ("ok" if result.ok else "BROKEN") + f" ({result.checked})"
    with transaction.atomic():
        ScheduledJob.objects.update_or_create(
            name="audit_verify", defaults={"last_run_at": timezone.now(), "last_result": summary[:200]}
        )
        if not result.ok:
            admins = User.objects.filter(roles__role=Role.ADMIN, is_active=True).distinct()
            notify(
                recipients=admins,
                title=_("The audit log failed verification"),
                body=result.problem,
                url="/audit/",
                category="security",
            )
    return summary
