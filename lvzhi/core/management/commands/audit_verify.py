from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.core.audit import AnchorInvalid, anchor_paths, anchor_read, audit_verify


class Command(BaseCommand):
    help = (
        "Verify the keyed hash chain of the audit log, and that each anchor's row still has the "
        "anchored hash; report the first tampered or missing row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--anchor", metavar="FILE", nargs="+", action="extend", default=[])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            anchors = [anchor_read(p) for p in anchor_paths(options["anchor"])]
        except AnchorInvalid as exc:
            raise CommandError(f"audit anchor unusable: {exc}", returncode=2) from exc
        result = audit_verify(anchors=anchors)
        if result.ok:
            self.stdout.write(self.style.SUCCESS(result.summary()))
            return
        raise CommandError(result.summary())
