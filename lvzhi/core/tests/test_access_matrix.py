"""The authorisation matrix: every page of the URL configuration and every API operation,
opened by each of the 12 personas, answers what its declaration (``core.access``) says.

A URL or operation without a declaration fails :func:`test_every_url_and_operation_is_declared`.
Samples (the objects whose ids fill the URLs) are built by ``lvzhi/<app>/tests/access_samples.py``
modules, each exporting ``SAMPLES = {"name": builder}`` with ``builder(m: Matrix) -> dict``
returning the URL's keyword arguments. Personas are relative to the sample (see ``P``).

Each persona is one test; within it every request runs in a savepoint that is rolled back, so
one URL's POST does not change what the next one sees.
"""

from __future__ import annotations

import copy
import importlib
import json
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client

import lvzhi
from lvzhi.core.access import AccessRule, Outcome, P, Target, all_targets, rule_of

pytestmark = pytest.mark.django_db

_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_NINJA_PARAM = re.compile(r"{(?:(?P<conv>\w+):)?(?P<name>\w+)}")


# --- the personas ---------------------------------------------------------------------------------


@dataclass
class Matrix:
    """The world of the matrix: the root ``world`` fixture plus the personas it lacks."""

    w: Any
    users: dict[P, Any]
    legal_office: Any
    budget_office: Any
    other_deputy: Any
    _samples: dict[str, dict[str, Any]] = field(default_factory=dict)

    def sample(self, name: str) -> dict[str, Any]:
        if name not in self._samples:
            builder = sample_builders().get(name)
            if builder is None:
                raise LookupError(f"no sample builder named {name!r} (define it in an access_samples.py)")
            self._samples[name] = builder(self)
        return self._samples[name]


def build_matrix(world: Any) -> Matrix:
    from conftest import make_person
    from lvzhi.core.actors import SYSTEM
    from lvzhi.core.models import Organ, OrganType, Role
    from lvzhi.core.services import rules_profiles_install_builtin, user_create
    from lvzhi.deputies.models import Deputy

    rules_profiles_install_builtin(acting_user=SYSTEM)
    legal = Organ.objects.create(
        code="fagong", name="法制工作委员会", type=OrganType.WORKING_BODY, parent=world.sc, duty="legislation"
    )
    budget = Organ.objects.create(
        code="yusuan", name="预算工作委员会", type=OrganType.WORKING_BODY, parent=world.sc, duty="budget"
    )
    person = make_person("赵其他", 90)
    other_deputy = Deputy.objects.create(
        person=person, term=world.term, code="D0090", electoral_unit=world.unit, delegation=world.delegation2
    )

    def account(username: str, roles: list[tuple[str, Any]], **kw: Any) -> Any:
        return user_create(
            username=username, password="pw-" + username, roles=roles, acting_user=SYSTEM, **kw
        )

    users: dict[P, Any] = {
        P.ANON: None,
        P.PUBLIC: world.public,
        P.DEPUTY: world.deputy_user,
        P.DEPUTY_OTHER: account("deputy_other", [(Role.DEPUTY, None)], person=person),
        P.MEMBER: world.sc_member,
        P.LEADER: world.leader,
        P.OFFICE: world.staff,
        P.LEGAL: account("legal", [(Role.STAFF, legal)], organ=legal),
        P.STAFF_OTHER: account("budget", [(Role.STAFF, budget)], organ=budget),
        P.OFFICER: world.officer,
        P.OFFICER_OTHER: world.outsider_officer,
        P.ADMIN: world.admin,
    }
    # The member and the leader sit on the Standing Committee (a person and a membership), so
    # that every app's votes see them as members, whichever sample is built first.
    from lvzhi.core.models import OrganMembership, User

    for n, persona in enumerate((P.MEMBER, P.LEADER)):
        user = users[persona]
        if user.person_id is None:
            user.person = make_person(f"委员{persona.value}", 700 + n)
            User.objects.filter(pk=user.pk).update(person=user.person)
        OrganMembership.objects.get_or_create(
            person_id=user.person_id,
            organ=world.sc,
            term=world.term,
            defaults={"position": "member", "start_date": world.term.start_date},
        )
    return Matrix(world, users, legal, budget, other_deputy)


_BUILDERS: dict[str, Callable[[Matrix], dict[str, Any]]] | None = None


def sample_builders() -> dict[str, Callable[[Matrix], dict[str, Any]]]:
    """``SAMPLES`` of every ``lvzhi.<app>.tests.access_samples`` module."""
    global _BUILDERS
    if _BUILDERS is None:
        found: dict[str, Callable[[Matrix], dict[str, Any]]] = {}
        for info in pkgutil.iter_modules(lvzhi.__path__):
            name = f"lvzhi.{info.name}.tests.access_samples"
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name and name.startswith(exc.name):
                    continue
                raise
            for key, builder in module.SAMPLES.items():
                assert key not in found, f"sample {key!r} defined twice"
                found[key] = builder
        _BUILDERS = found
    return _BUILDERS


# --- one request ----------------------------------------------------------------------------------


def _url(target: Target, kwargs: dict[str, Any], query: str) -> str:
    pattern = _CONVERTER if target.kind == "page" else _NINJA_PARAM

    def fill(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in kwargs:
            raise LookupError(f"{target.label}: the sample gives no value for {name!r}")
        return str(kwargs[name])

    path = pattern.sub(fill, target.route)
    url = "/" + path.lstrip("/") if target.kind == "page" else "/api" + path
    return url + (("?" + query) if query else "")


def observe(response: Any, *, api: bool) -> Outcome | str:
    status = response.status_code
    if 200 <= status < 300:
        return Outcome.OK
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        if location.split("?")[0] == resolve_url(settings.LOGIN_URL):
            return Outcome.LOGIN
        return Outcome.REDIRECT
    known = {401: Outcome.UNAUTHENTICATED, 403: Outcome.DENIED, 404: Outcome.HIDDEN, 405: Outcome.NOT_ALLOWED}
    if status in known:
        return known[status]
    if status in (400, 409, 413, 422, 429):
        return "refused_input"
    return f"status {status}"


def matches(expected: Outcome, observed: Outcome | str, method: str) -> bool:
    if observed == expected:
        return True
    if expected is Outcome.OK:
        # an allowed action may redirect back, or refuse the (empty) input with a message
        return observed in (Outcome.REDIRECT, "refused_input") and (
            method != "GET" or observed == Outcome.REDIRECT
        )
    return False


def request(client: Client, target: Target, rule: AccessRule, m: Matrix) -> Outcome | str:
    kwargs = m.sample(rule.sample) if rule.sample else {}
    url = _url(target, kwargs, rule.query)
    method = target.method.lower()
    cookies = copy.deepcopy(
        client.cookies
    )  # a sign-out or a language change must not leak into the next request
    with transaction.atomic():
        if target.kind == "api" and method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(
                url, data=json.dumps(dict(rule.data)), content_type="application/json"
            )
        elif method == "post":
            response = client.post(url, data=dict(rule.data))
        else:
            response = getattr(client, method)(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return observe(response, api=target.kind == "api")


# --- the tests -----------------------------------------------------------------------------------


def test_every_url_and_operation_is_declared() -> None:
    missing = [t.label for t in all_targets() if rule_of(t.view) is None]
    assert not missing, "declare who may use these (lvzhi.core.access.access):\n" + "\n".join(missing)


def test_every_declared_sample_has_a_builder() -> None:
    builders = sample_builders()
    unknown = sorted(
        f"{t.label} → {rule.sample}"
        for t in all_targets()
        if (rule := rule_of(t.view)) is not None and rule.sample and rule.sample not in builders
    )
    assert not unknown, "samples without a builder:\n" + "\n".join(unknown)


@pytest.mark.parametrize("persona", list(P), ids=[p.value for p in P])
def test_matrix(persona: P, world: Any) -> None:
    m = build_matrix(world)
    client = Client()
    user = m.users[persona]
    if user is not None:
        client.force_login(user)
    problems = []
    for target in all_targets():
        rule = rule_of(target.view)
        if rule is None:
            continue  # reported by test_every_url_and_operation_is_declared
        expected = rule.expected(persona)
        if target.kind == "api" and expected is Outcome.LOGIN:
            expected = Outcome.UNAUTHENTICATED
        observed = request(client, target, rule, m)
        if not matches(expected, observed, target.method):
            problems.append(f"{target.label}: expected {expected.value}, got {observed}")
    assert not problems, f"{persona.value}:\n" + "\n".join(problems)
