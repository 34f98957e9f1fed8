"""Who may open what: the expected answer of every page and API operation, declared next to
the view, and checked for every role by ``lvzhi/core/tests/test_access_matrix.py``.

Each view (and each ninja endpoint) carries one declaration::

    @access(ok=OFFICE_SIDE | {P.DEPUTY, P.OFFICER}, sample="suggestions.confidential")
    @login_required
    def suggestion_detail(request, pk): ...

* ``ok`` — the personas that may use it (they get the page, or the action runs or answers
  with a validation message);
* ``sample`` — the name of a sample object the matrix test builds to fill the URL's
  parameters (``lvzhi/<app>/tests/access_samples.py`` defines the builders); the personas are
  defined *relative to the sample*: ``P.DEPUTY`` is the deputy who signed it, ``P.OFFICER`` an
  officer of the unit that handles it, ``P.DEPUTY_OTHER`` / ``P.OFFICER_OTHER`` are unrelated;
* ``otherwise`` — what everyone else gets: ``HIDDEN`` (404) where an object is involved, so
  that its existence does not leak; ``DENIED`` (403) for a page without an object;
* ``anon`` — what an anonymous visitor gets (``LOGIN``: the redirect to the sign-in page;
  ``UNAUTHENTICATED``: 401 from the API);
* ``method`` — the method the test uses (POST for actions; the body is ``data``);
* ``expect`` — exceptions for single personas (e.g. a page that redirects some users).

A URL or operation without a declaration fails the matrix test, so a new page cannot ship
without saying who may see it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from django.urls import URLPattern, URLResolver, get_resolver

F = TypeVar("F", bound=Callable[..., Any])


class P(StrEnum):
    """The personas of the matrix: 12 accounts with the roles the platform knows."""

    ANON = "anon"  # not signed in
    PUBLIC = "public"  # a citizen's account
    DEPUTY = "deputy"  # a deputy, party to the sample (lead, signer, author)
    DEPUTY_OTHER = "deputy_other"  # a deputy with no part in the sample
    MEMBER = "member"  # a Standing Committee member
    LEADER = "leader"  # chair or vice-chair (主任/副主任), also a member
    OFFICE = "office"  # staff of the deputies' affairs office (代表工作委员会)
    LEGAL = "legal"  # staff of the legislative affairs office (法制工作委员会)
    STAFF_OTHER = "staff_other"  # staff of another working body (预算工作委员会)
    OFFICER = "officer"  # an officer of the unit the sample concerns
    OFFICER_OTHER = "officer_other"  # an officer of an unrelated unit
    ADMIN = "admin"  # administrator


ALL: frozenset[P] = frozenset(P)
SIGNED_IN: frozenset[P] = ALL - {P.ANON}
WORKSPACE: frozenset[P] = SIGNED_IN - {P.PUBLIC}
STAFF: frozenset[P] = frozenset({P.OFFICE, P.LEGAL, P.STAFF_OTHER, P.ADMIN})
DEPUTIES: frozenset[P] = frozenset({P.DEPUTY, P.DEPUTY_OTHER})
OFFICERS: frozenset[P] = frozenset({P.OFFICER, P.OFFICER_OTHER})
NOBODY: frozenset[P] = frozenset()


class Outcome(StrEnum):
    OK = "ok"  # 2xx, or a redirect that is not to the sign-in page; a 4xx validation answer for an action
    LOGIN = "login"  # redirect to the sign-in page
    UNAUTHENTICATED = "unauthenticated"  # 401 (API)
    DENIED = "denied"  # 403
    HIDDEN = "hidden"  # 404
    REDIRECT = "redirect"  # a redirect elsewhere (e.g. the public portal)
    NOT_ALLOWED = "not_allowed"  # 405 (wrong method)


OK, LOGIN, UNAUTHENTICATED, DENIED, HIDDEN, REDIRECT = (
    Outcome.OK,
    Outcome.LOGIN,
    Outcome.UNAUTHENTICATED,
    Outcome.DENIED,
    Outcome.HIDDEN,
    Outcome.REDIRECT,
)


@dataclass(frozen=True)
class AccessRule:
    ok: frozenset[P]
    sample: str | None = None
    otherwise: Outcome = Outcome.DENIED
    anon: Outcome = Outcome.LOGIN
    method: str = "GET"
    data: Mapping[str, Any] = field(default_factory=dict)
    query: str = ""
    expect: Mapping[P, Outcome] = field(default_factory=dict)
    note: str = ""

    def expected(self, persona: P) -> Outcome:
        if persona in self.expect:
            return self.expect[persona]
        if persona in self.ok:
            return Outcome.OK
        if persona is P.ANON:
            return self.anon
        return self.otherwise


ATTRIBUTE = "lvzhi_access"


def access(
    *,
    ok: Iterable[P],
    sample: str | None = None,
    otherwise: Outcome | None = None,
    anon: Outcome = Outcome.LOGIN,
    method: str = "GET",
    data: Mapping[str, Any] | None = None,
    query: str = "",
    expect: Mapping[P, Outcome] | None = None,
    note: str = "",
) -> Callable[[F], F]:
    """Declare who may use a view or API endpoint (see the module's docstring)."""
    rule = AccessRule(
        ok=frozenset(ok),
        sample=sample,
        otherwise=otherwise if otherwise is not None else (Outcome.HIDDEN if sample else Outcome.DENIED),
        anon=anon,
        method=method.upper(),
        data=dict(data or {}),
        query=query,
        expect=dict(expect or {}),
        note=note,
    )

    def decorate(view: F) -> F:
        setattr(view, ATTRIBUTE, rule)
        return view

    return decorate


def public(view: F) -> F:
    """A page anyone may open, signed in or not (the portal)."""
    return access(ok=ALL, anon=Outcome.OK)(view)


def rule_of(view: Any) -> AccessRule | None:
    """The declaration on a view, looking through ``functools.wraps`` wrappers and class views."""
    seen = 0
    while view is not None and seen < 10:
        rule = getattr(view, ATTRIBUTE, None)
        if rule is not None:
            return rule
        view_class = getattr(view, "view_class", None)
        if view_class is not None and getattr(view_class, ATTRIBUTE, None) is not None:
            return getattr(view_class, ATTRIBUTE)
        view = getattr(view, "__wrapped__", None)
        seen += 1
    return None


# --- what the matrix walks --------------------------------------------------------------------------

#: URL prefixes outside the matrix, with the reason.
EXCLUDED_PREFIXES = {
    "admin/": "Django's admin: administrators only (role and staff flag), every write audited; "
    "tested in lvzhi/core/tests/test_admin_access.py",
    "api/": "API operations are walked operation by operation",
    "static/": "static files",
    "media/": "no public media URL is served",
}


@dataclass(frozen=True)
class Target:
    kind: str  # "page" or "api"
    route: str  # the URL pattern with its parameters, e.g. "suggestions/<int:pk>/"
    method: str
    name: str  # URL name or operation
    view: Any

    @property
    def label(self) -> str:
        return f"{self.method} /{self.route}" if self.kind == "page" else f"{self.method} /api{self.route}"


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def page_targets() -> list[Target]:
    out = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if any(route.startswith(p) for p in EXCLUDED_PREFIXES):
            continue
        rule = rule_of(pattern.callback)
        method = rule.method if rule else "GET"
        out.append(Target("page", route, method, pattern.name or route, pattern.callback))
    return out


def api_targets() -> list[Target]:
    from lvzhi.api import api

    out = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            route = ("/" + prefix.strip("/") + "/" + path.strip("/")).replace("//", "/").rstrip("/")
            for operation in path_view.operations:
                for method in operation.methods:
                    out.append(
                        Target("api", route or "/", method, operation.view_func.__name__, operation.view_func)
                    )
    return out


def all_targets() -> list[Target]:
    return page_targets() + api_targets()


def summary() -> dict[str, dict[str, Counter[str]]]:
    """Per persona, for pages and API operations: how many are allowed (``ok``) and how many
    refused, by outcome — the declared matrix, which the matrix test checks against reality."""
    out: dict[str, dict[str, Counter[str]]] = {p.value: {"page": Counter(), "api": Counter()} for p in P}
    for target in all_targets():
        rule = rule_of(target.view)
        if rule is None:
            continue
        for persona in P:
            outcome = rule.expected(persona)
            if target.kind == "api" and outcome is Outcome.LOGIN:
                outcome = Outcome.UNAUTHENTICATED
            out[persona.value][target.kind][outcome.value] += 1
    return out
