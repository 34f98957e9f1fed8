"""``manage.py seed --scale demo|city [--seed N] [--reset]``: create the demo city 江澜市."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lvzhi.demo.plan import SCALES
from lvzhi.demo.seed import SeedError, seed_city


class Command(BaseCommand):
    help = (
        "Create the fictional demo city 江澜市: organs, terms and sessions, deputies (demo ≈ 600, city 3,000), "
        "the standing committee, accounts for every role (password lvzhi2026), to-dos and notifications."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="demo",
            help="demo: about 600 deputies; city: 3,000 (default: demo)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="random seed; the same seed gives the same names and numbers (default: 1)",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete a previously seeded city first (the audit log is kept)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = seed_city(
                scale=options["scale"], seed=options["seed"], stdout=self.stdout, reset=options["reset"]
            )
        except SeedError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        self.stdout.write(summary.counts_table())
        for note in summary.notes:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (all share one password):"))
        self.stdout.write(summary.logins_table())
