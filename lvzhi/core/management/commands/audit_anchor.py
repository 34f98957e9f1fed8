from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.audit import AuditLogError, audit_anchor_write


class Command(BaseCommand):
    help = "Write a signed checkpoint (anchor) of the audit log's newest row as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", metavar="FILE", help="default: var/audit-anchors/<date>.json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            anchor, path = audit_anchor_write(out=options["out"])
        except AuditLogError as exc:
            raise CommandError(f"audit anchor refused: {exc.message}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"audit anchor written: {path} (row {anchor.seq}, hash {anchor.hash})")
        )
