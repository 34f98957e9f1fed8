"""Domain errors. Services raise these; one handler per interface turns them into a page
message or a JSON body ``{"code", "message", "detail"}`` with the right HTTP status."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base class: a rule of the business refused the request. Nothing was changed."""

    code = "invalid"
    status = 400
    default_message: Any = _("The request could not be carried out.")

    def __init__(self, message: Any = None, *, detail: Any = None, code: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.detail = detail
        if code:
            self.code = code
        super().__init__(str(self.message))

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": str(self.message), "detail": self.detail}


class ValidationFailed(DomainError):
    """Input was malformed or broke a rule; ``detail`` lists the problems."""

    code = "validation_failed"
    status = 422
    default_message = _("The input is not valid.")


class PermissionDeniedError(DomainError):
    code = "forbidden"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotFoundError(DomainError):
    code = "not_found"
    status = 404
    default_message = _("The requested item does not exist.")


class InvalidTransition(DomainError):
    """A workflow step that is not allowed from the object's current state."""

    code = "invalid_transition"
    status = 409
    default_message = _("This step is not allowed in the item's current state.")


class ConflictError(DomainError):
    code = "conflict"
    status = 409
    default_message = _("The item was changed by someone else or already exists.")


class Throttled(DomainError):
    """Too many requests from one client; ``detail`` carries ``retry_after`` (seconds)."""

    code = "throttled"
    status = 429
    default_message = _("Too many submissions from your connection. Please wait a little and try again.")
