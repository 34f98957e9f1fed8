"""``manage.py access_matrix``: the declared authorisation matrix (personas × pages and API
operations, allowed and refused), as the access-matrix test checks it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lvzhi.core.access import all_targets, rule_of, summary


class Command(BaseCommand):
    help = "Print the declared access matrix: personas × pages and API operations, allowed or refused."

    def handle(self, *args: Any, **options: Any) -> None:
        targets = all_targets()
        pages = sum(t.kind == "page" for t in targets)
        ops = len(targets) - pages
        undeclared = [t.label for t in targets if rule_of(t.view) is None]
        self.stdout.write(f"{pages} pages and {ops} API operations; {len(undeclared)} undeclared\n")
        self.stdout.write("| persona | pages allowed | pages refused | API allowed | API refused |")
        self.stdout.write("|---|---|---|---|---|")
        for persona, kinds in summary().items():
            cells = []
            for kind in ("page", "api"):
                counts = kinds[kind]
                allowed = counts.get("ok", 0)
                refused = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()) if k != "ok") or "0"
                cells += [str(allowed), refused]
            self.stdout.write(f"| {persona} | " + " | ".join(cells) + " |")
        for label in undeclared:
            self.stdout.write(f"undeclared: {label}")
