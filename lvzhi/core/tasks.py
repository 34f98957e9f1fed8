"""Background work (django-tasks). Tasks call services and hold no logic of their own."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from .audit import audit_verify
from .i18n import later
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
                title=later("The audit log failed verification"),
                body=result.problem,
                url="/audit/",
                category="security",
            )
    return summary


@task()
def write_audit_anchor() -> str:
    """Daily: write a signed checkpoint of the audit log to ``var/audit-anchors/`` and send it to
    the administrators, whose copies outside the database make a rewrite of the log detectable."""
    from django.db import transaction

    from .audit import AuditLogError, audit_anchor_write
    from .services import notify

    admins = User.objects.filter(roles__role=Role.ADMIN, is_active=True).distinct()
    try:
        anchor, path = audit_anchor_write()
    except AuditLogError as exc:
        summary = f"refused: {exc.message}"
        with transaction.atomic():
            ScheduledJob.objects.update_or_create(
                name="audit_anchor", defaults={"last_run_at": timezone.now(), "last_result": summary[:200]}
            )
            notify(
                recipients=admins,
                title=later("The audit log could not be anchored"),
                body=str(exc.message),
                url="/audit/",
                category="security",
            )
        return summary
    summary = f"row {anchor.seq} -> {path.name}"
    with transaction.atomic():
        ScheduledJob.objects.update_or_create(
            name="audit_anchor", defaults={"last_run_at": timezone.now(), "last_result": summary[:200]}
        )
        notify(
            recipients=admins,
            title=later("Audit log checkpoint: row %(seq)s") % {"seq": anchor.seq},
            body=later(
                "Keep this message outside the system. Saved as a file, its JSON lets "
                "`lvzhi audit verify --anchor FILE` detect a rewrite of the audit log up to row %(seq)s, "
                "even by someone who holds the audit key.\n\n%(anchor)s"
            )
            % {"seq": anchor.seq, "anchor": anchor.as_json()},
            url="/audit/",
            category="audit",
        )
    return summary
