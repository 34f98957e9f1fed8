"""The API answers as its OpenAPI schema says: schemathesis runs every operation of
``/api/openapi.json`` in-process (WSGI, no server) against a small world with one object of
each kind, once anonymously and once with an administrator's bearer token.

For every operation it draws a few valid requests (positive mode) and a few that break the
schema (negative mode), half of them aimed at the world's real objects rather than random ids,
and checks each answer: no 5xx, a documented status code, a JSON content type, a body that
matches the declared schema, and (negative mode) a 4xx for input the schema forbids. Every
failure is collected and reported together; any one fails the test.

Generation is derandomised (the same examples on every run) and bounded by
``LVZHI_FUZZ_EXAMPLES`` examples per operation and mode (default 8). Generated strings leave
out NUL: the NUL-byte middleware answers those itself (see ``docs/api.md``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

pytestmark = pytest.mark.django_db

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import FailedHealthCheck, Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("LVZHI_FUZZ_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@dataclass
class FuzzWorld:
    ids: dict[str, int | str]  # path template prefix → a real id for its first path parameter
    admin_token: str


def _build_world(world: Any) -> FuzzWorld:
    """One object of each kind, in a state where most steps are still open."""
    from lvzhi.consultation.tests.conftest import open_consultation
    from lvzhi.core.services import api_token_create, notify
    from lvzhi.legislation import services as leg
    from lvzhi.legislation.tests import factories as lf
    from lvzhi.motions.tests import factories as mf
    from lvzhi.suggestions import services as sug
    from lvzhi.supervision import services as sup

    lw = lf.build(world)
    cw = open_consultation(lw)
    bill = lf.ready_for_vote(lw)
    vote = leg.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk)
    mw = mf.build(world)
    motion = mf.make_motion(mw, confirmed=2, pending=2)
    suggestion = sug.suggestion_create(
        lead=world.deputy,
        title="关于加快老旧小区加装电梯的建议",
        body="本市部分老旧小区没有电梯，老年居民上下楼困难。建议简化加装电梯审批流程。",
        acting_user=world.deputy_user,
    )
    plan = sup.plan_create(year=2026, title="2026年度监督工作计划", acting_user=world.staff)
    item = sup.item_create(
        plan=plan,
        form="inspection",
        title="《测试市养犬管理条例》执法检查",
        body=world.education,
        meeting_date=dt.date(2026, 6, 26),
        acting_user=world.staff,
    )
    sup.plan_adopt(plan=plan, adopted_on=dt.date(2026, 1, 15), acting_user=world.staff)
    sup.item_start(item=item, acting_user=world.staff)
    sup.item_deliberate(
        item=item, deliberated_on=dt.date(2026, 6, 26), findings="问题三项。", acting_user=world.staff
    )
    task = sup.task_add(
        item=item,
        problem="校园周边犬只管理不到位",
        unit=world.education,
        deadline=timezone.localdate() + dt.timedelta(days=90),
        problem_type="law_enforcement",
        milestones=[],
        acting_user=world.staff,
    )
    sat = sup.vote_open(item=item, subject="测评", opened_on=dt.date(2026, 7, 1), acting_user=world.staff)
    notification = notify(recipients=[world.admin], url="/", title="测试通知", email=False)[0]
    reading = bill.readings.order_by("number").first()
    _token, raw = api_token_create(user=world.admin, name="fuzz", acting_user=world.admin)
    ids: dict[str, int | str] = {
        "/api/rules/": "current",
        "/api/notifications/": notification.pk,
        "/api/deputies/": world.deputy.pk,
        "/api/motions/": motion.pk,
        "/api/suggestions/": suggestion.pk,
        "/api/legislation/bills/": bill.pk,
        "/api/legislation/readings/": reading.pk if reading else 1,
        "/api/legislation/meetings/": lw.meetings[2].pk,
        "/api/legislation/votes/": vote.pk,
        "/api/legislation/regulations/": 1,
        "/api/supervision/items/": item.pk,
        "/api/supervision/tasks/": task.pk,
        "/api/supervision/votes/": sat.pk,
        "/api/consultations/": cw.consultation.pk,
    }
    assert timezone.now()  # the world is built with today's dates
    return FuzzWorld(ids=ids, admin_token=raw)


@pytest.fixture
def fuzz_world(world: Any, settings: Any, tmp_path: Any) -> Iterator[FuzzWorld]:
    settings.ANALYTICS_DIR = tmp_path / "analytics"
    # The WSGI handler closes the database connection after each request (as in production);
    # inside the test's transaction it must stay open, as Django's test client arranges too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    try:
        yield _build_world(world)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()  # the comment rate limiter's counters


def _real_ids(path: str, fw: FuzzWorld) -> dict[str, int | str] | None:
    names = re.findall(r"{(\w+)}", path)
    if not names:
        return None
    for prefix, value in fw.ids.items():
        if path.startswith(prefix):
            values: dict[str, int | str] = {names[0]: value}
            values.update({n: 1 for n in names[1:]})  # e.g. a regulation's version number
            return values
    return None


def _negated(case: Any) -> set[tuple[str, str]]:
    """(location, parameter) of what a negative case broke."""
    data = getattr(getattr(case.meta, "phase", None), "data", None) if case.meta else None
    if data is None:
        return set()
    out = set()
    if getattr(data, "parameter_location", None) is not None:
        out.add((data.parameter_location.name, getattr(data, "parameter", None) or ""))
    for m in getattr(data, "mutations", ()):
        path = getattr(m, "path", ())
        out.add((m.parameter_location.name, str(path[0]) if path else ""))
    return out


def _run(
    operation: Any, mode: Any, headers: dict[str, str], fw: FuzzWorld, statuses: Counter[int]
) -> str | None:
    """Run one operation in one mode; the first failure's report, or None."""
    real_ids = _real_ids(operation.path, fw)
    strategy = operation.as_strategy(generation_mode=mode)
    last: list[Any] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy, aim=st.booleans())
    def run(case: Any, aim: bool) -> None:
        broken = _negated(case)
        if aim and real_ids and not any(location == "PATH" for location, _name in broken):
            case.path_parameters = {**(case.path_parameters or {}), **real_ids}
        # a case that breaks the Authorization header is sent as drawn, not with the token
        sent = {} if any(name.lower() == "authorization" for _loc, name in broken) else headers
        last[:] = [case]
        response = case.call(headers=sent)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=sent)

    try:
        run()
    except (Unsatisfiable, FailedHealthCheck):
        return None  # nothing to negate in this operation (no parameters or body)
    except (Exception, BaseExceptionGroup) as exc:  # a check failed: report it
        problems = exc.exceptions if isinstance(exc, BaseExceptionGroup) else (exc,)
        text = "\n".join(f"{type(p).__name__}: {p}" for p in problems)
        curl = last[0].as_curl_command(headers=headers) if last else ""
        return f"--- {mode.value} {operation.label}\n{text}\n{curl}"
    return None


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_every_operation_answers_as_its_schema_says(fuzz_world: FuzzWorld, who: str) -> None:
    from lvzhi.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    schema.config.generation.update(allow_x00=False)
    headers = {"Authorization": f"Bearer {fuzz_world.admin_token}"} if who == "admin" else {}
    failures: list[str] = []
    operations = 0
    statuses: Counter[int] = Counter()
    started = time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            report = _run(operation, mode, headers, fuzz_world, statuses)
            if report:
                failures.append(report)
    elapsed = time.monotonic() - started
    print(f"{who}: {operations} operations x 2 modes, {statuses.total()} requests in {elapsed:.1f} s")
    print(f"{who}: answers by status {sorted(statuses.items())}")
    assert not [s for s in statuses if s >= 500], statuses
    assert operations > 70, operations
    assert not failures, f"{len(failures)} failing operation(s):\n\n" + "\n\n".join(failures)
