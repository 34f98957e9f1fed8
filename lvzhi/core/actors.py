"""Who acts: a signed-in account, or the platform itself.

Every service takes ``acting_user: Actor``. A person acting through a page, the API or a
command is their :class:`~lvzhi.core.models.User`. Work the platform does on its own — the
worker's deadline scans and escalations, the demo seed, data migrations, imports run from the
command line by an operator — names :data:`SYSTEM` explicitly, so that no service ever treats
"nobody" as "allowed": ``acting_user=None`` is not accepted.

Services check their permission with :func:`lvzhi.core.permissions.authorize`, which lets the
system actor through (it acts under the rules, not under a role) and records nothing special;
the audit row names it as ``system`` (and the job in ``changes`` where useful).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeAlias, TypeGuard

if TYPE_CHECKING:
    from .models import User


class SystemActor:
    """The platform acting on its own. A singleton: compare with ``is SYSTEM``."""

    pk = None
    id = None
    person_id = None
    organ_id = None
    username = "system"
    display_name = "system"
    label = "system"
    email = ""
    preferred_language = ""
    is_active = True
    is_authenticated = True
    is_anonymous = False
    is_superuser = False
    is_staff = False

    _instance: SystemActor | None = None

    def __new__(cls) -> SystemActor:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "system"

    def __bool__(self) -> bool:
        return True


SYSTEM: Final = SystemActor()

Actor: TypeAlias = "User | SystemActor"


def is_system(actor: object) -> TypeGuard[SystemActor]:
    return isinstance(actor, SystemActor)


def as_user(actor: Actor) -> User | None:
    """The account behind ``actor``, or None for the system (for foreign keys like ``created_by``)."""
    return None if isinstance(actor, SystemActor) else actor
