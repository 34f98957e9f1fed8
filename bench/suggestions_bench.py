"""Suggestions at city scale: list-page latency with filters (SQLite and PostgreSQL),
recommendation latency per suggestion, and top-3 accuracy of the recommendation.

    .venv/bin/python bench/suggestions_bench.py
    .venv/bin/python bench/suggestions_bench.py --postgres postgres://postgres@127.0.0.1:5432/lvzhi_bench

Seeds ``--scale city`` (3,000 deputies and 20,000 suggestions over five years, texts from the
seeded synthetic generator) into a fresh database, then times GET requests through Django's
full stack in-process, one at a time. Targets: list p95 < 200 ms, recommendation < 50 ms.
Top-3 accuracy: the recommender is trained on the assignments of 80 % of the seeded items and
asked about the other 20 %; the data are synthetic (see lvzhi/suggestions/engines/synthetic.py,
4 % label noise), so the figure says how well the method learns this city's routing, not what
it would score on a real congress's history.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(p * len(ordered))) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", metavar="URL")
    parser.add_argument("--requests", type=int, default=30, help="requests per page variant")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="lvzhi-sbench-")
    os.environ.update(
        {
            "LVZHI_VAR_DIR": tmp,
            "LVZHI_DEBUG": "0",
            "LVZHI_HTTPS": "0",
            "LVZHI_ALLOWED_HOSTS": "testserver",
            "LVZHI_TASK_BACKEND": "immediate",
            "LVZHI_LOG_LEVEL": "WARNING",
        }
    )
    if args.postgres:
        sys.path.insert(0, str(ROOT / "bench"))
        from dashboard_bench import fresh_postgres

        fresh_postgres(args.postgres)
        os.environ["LVZHI_DATABASE_URL"] = args.postgres
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from lvzhi.core.models import Role, User
    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.demo.seed import seed_city
    from lvzhi.suggestions.models import Assignment, Suggestion

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    rules_profiles_install_builtin()
    t0 = time.perf_counter()
    seed_city(scale="city", seed=1)
    seeded = time.perf_counter() - t0
    n = Suggestion.objects.count()
    print(
        f"database : {connection.vendor}; machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"data     : {n} suggestions, {Assignment.objects.count()} assignments; seeded in {seeded:.1f} s")

    unit = Assignment.objects.values_list("unit_id", flat=True).first()
    officer = User.objects.filter(roles__role=Role.UNIT_OFFICER, roles__organ_id=unit).first()
    variants = [
        ("staff", "all, page 1", "/suggestions/"),
        ("staff", "status + topic", "/suggestions/?status=closed&topic=transport"),
        ("staff", "search text", "/suggestions/?q=停车"),
        ("staff", "unit + year, page 5", f"/suggestions/?unit={unit}&year=2024&page=5"),
        ("staff", "overdue", "/suggestions/?scope=overdue"),
        ("leader", "key supervision", "/suggestions/?scope=key"),
        ("deputy", "as a deputy (published + own)", "/suggestions/"),
        (officer.username if officer else "unit", "as a unit officer, mine", "/suggestions/?scope=mine"),
    ]
    clients: dict[str, Client] = {}
    all_times: list[float] = []
    print(f"\nlist pages ({args.requests} sequential requests each, after 3 warm-up):")
    for username, label, url in variants:
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            client.force_login(User.objects.get(username=username))
        for _ in range(3):
            assert client.get(url).status_code == 200
        times = []
        for _ in range(args.requests):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        all_times += times
        print(f"  {label:<32} median {statistics.median(times):6.1f} ms   p95 {pct(times, 0.95):6.1f} ms")
    print(
        f"  {'ALL':<32} median {statistics.median(all_times):6.1f} ms   p95 {pct(all_times, 0.95):6.1f} ms"
        "   (target p95 < 200 ms)"
    )

    detail = Suggestion.objects.filter(status="closed").values_list("pk", flat=True).first()
    times = []
    client = clients["staff"]
    for _ in range(args.requests):
        t = time.perf_counter()
        assert client.get(f"/suggestions/{detail}/").status_code == 200
        times.append((time.perf_counter() - t) * 1000)
    print(f"  {'detail page':<32} median {statistics.median(times):6.1f} ms   p95 {pct(times, 0.95):6.1f} ms")

    from lvzhi.suggestions.engines.recommend import UnitRecommender
    from lvzhi.suggestions.intelligence import recommend_units

    sample = list(Suggestion.objects.exclude(number="").order_by("-pk")[:200])
    recommend_units(sample[0])  # load the stored model once
    times = []
    for s in sample:
        t = time.perf_counter()
        recommend_units(s)
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"\nrecommendation (stored model, top 3 with organs): median {statistics.median(times):.1f} ms, "
        f"p95 {pct(times, 0.95):.1f} ms   (target < 50 ms)"
    )

    units: dict[int, set[str]] = {}
    for sid, code in Assignment.objects.values_list("suggestion_id", "unit__code"):
        units.setdefault(sid, set()).add(code)
    rows = [
        (pk, t, b, units[pk])
        for pk, t, b in Suggestion.objects.filter(pk__in=units).values_list("pk", "title", "body")
    ]
    train = [r for r in rows if r[0] % 5]
    test = [r for r in rows if not r[0] % 5]
    t = time.perf_counter()
    model = UnitRecommender()
    model.fit([(title, body, sorted(u)) for _pk, title, body, u in train])
    fit_s = time.perf_counter() - t
    top1 = top3 = 0
    for _pk, title, body, truth in test:
        ranked = [code for code, _score in model.recommend(title, body, k=3)]
        top1 += bool(ranked and ranked[0] in truth)
        top3 += bool(set(ranked) & truth)
    print(
        f"held-out accuracy on {len(test)} items (trained on {len(train)} in {fit_s:.1f} s): "
        f"top-1 {top1 / len(test):.3f}, top-3 {top3 / len(test):.3f}  [synthetic data, 4 % label noise]"
    )
    print("\nre-run: .venv/bin/python bench/suggestions_bench.py [--postgres URL]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
