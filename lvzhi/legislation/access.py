"""Who may open which legislation page or API operation: the persona sets of the access
matrix (``lvzhi.core.access``), relative to the samples in ``tests/access_samples.py``.

The rule on every object page: whoever may not *see* the object gets 404 (its existence does
not leak); whoever sees it but may not take the step gets 403. The sample bill is a submitted
bill drafted by the officer's unit; the sample proposal was put forward by the deputy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from lvzhi.core.access import ALL, DENIED, OK, WORKSPACE, P, access

F = TypeVar("F", bound=Callable[..., Any])

#: The legislative affairs office (法制工作委员会) and administrators manage bills.
MANAGERS: frozenset[P] = frozenset({P.LEGAL, P.ADMIN})
#: Who reads a submitted bill: every working-body staff, members, leaders, deputies, and the
#: officers of its drafting unit (not an unrelated unit's officers, not the public).
BILL_READERS: frozenset[P] = frozenset(
    {P.DEPUTY, P.DEPUTY_OTHER, P.MEMBER, P.LEADER, P.OFFICE, P.LEGAL, P.STAFF_OTHER, P.OFFICER, P.ADMIN}
)
#: Texts, explanation and materials: the office, or the drafting unit's officers.
PACKAGE_EDITORS: frozenset[P] = MANAGERS | {P.OFFICER}
#: A member votes in person.
VOTERS: frozenset[P] = frozenset({P.MEMBER, P.LEADER})
#: Who reads a project proposal: working-body staff, members, leaders and whoever proposed it.
PROPOSAL_READERS: frozenset[P] = frozenset(
    {P.DEPUTY, P.MEMBER, P.LEADER, P.OFFICE, P.LEGAL, P.STAFF_OTHER, P.ADMIN}
)
#: Meetings and plans: the whole workspace reads them.
WORKSPACE_READERS: frozenset[P] = WORKSPACE


def on_object(
    ok: Iterable[P], *, readers: frozenset[P], sample: str, method: str = "GET", **kw: Any
) -> Callable[[F], F]:
    """A page or operation on an object: ``ok`` may use it, the other ``readers`` see the
    object but are refused the step (403), everyone else gets 404."""
    allowed = frozenset(ok)
    return access(
        ok=allowed,
        sample=sample,
        method=method,
        expect={p: DENIED for p in readers - allowed},
        **kw,
    )


def on_bill(ok: Iterable[P], *, sample: str = "legislation.bill", **kw: Any) -> Callable[[F], F]:
    return on_object(ok, readers=BILL_READERS, sample=sample, **kw)


def on_proposal(ok: Iterable[P], **kw: Any) -> Callable[[F], F]:
    return on_object(ok, readers=PROPOSAL_READERS, sample="legislation.proposal", **kw)


def on_meeting(ok: Iterable[P], **kw: Any) -> Callable[[F], F]:
    return on_object(ok, readers=WORKSPACE_READERS, sample="legislation.meeting", **kw)


def on_plan(ok: Iterable[P], **kw: Any) -> Callable[[F], F]:
    return on_object(ok, readers=WORKSPACE_READERS, sample="legislation.plan", **kw)


def portal(*, sample: str | None = None) -> Callable[[F], F]:
    """A public page or operation: anyone, signed in or not."""
    return access(ok=ALL, anon=OK, sample=sample)


#: The id of the access matrix's sample meeting: API bodies that name a meeting name this one
#: (``tests/access_samples.py`` creates it with this id).
MATRIX_MEETING_ID = 990_001
