from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from lvzhi.core.scheduler import start_in_background


class Command(BaseCommand):
    help = "Run background tasks (all queues) and the periodic-job scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queues", default="*", help="comma-separated queue names, * for all")
        parser.add_argument("--no-scheduler", action="store_true", help="do not schedule periodic jobs")
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--tick", type=float, default=60.0, help="scheduler tick in seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_scheduler"]:
            if options["batch"]:
                from lvzhi.core.scheduler import run_due_jobs

                run_due_jobs()
            else:
                start_in_background(options["tick"])
        call_command(
            "db_worker",
            queue_name=options["queues"],
            reload=False,
            batch=options["batch"],
            verbosity=options["verbosity"],
        )
