from django.core.management.base import BaseCommand, CommandError

from lvzhi.core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; report the first tampered or missing row."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        result = audit_verify()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"audit log intact: {result.checked} rows verified"))
            return
        raise CommandError(
            f"audit log BROKEN at row {result.first_bad_seq}: {result.problem} "
            f"({result.checked} rows verified before it)"
        )
