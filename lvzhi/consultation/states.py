"""States of a public consultation (立法征求意见) and of the comments it receives.

Basis: legislation-law-2023 Art 40 (drafts published for comment, normally at least 30
days, and "征求意见的情况应当向社会通报"); huzhou-local-legislation-procedure-2020 Art 34 (after
the first reading the draft and its explanation go to the city's deputies, the district
congresses, contact points and experts, and to the public for normally at least 20 days —
the profile's ``legislation.public_consultation_min``). ``docs/consultation.md`` draws the
diagrams.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConsultationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")  # published, the window has not begun
    OPEN = "open", pgettext_lazy("consultation", "Open")  # taking comments
    CLOSED = "closed", pgettext_lazy("consultation", "Closed")  # window over; staff sort the comments
    PUBLISHED = "published", _("Feedback published")  # 采纳情况 made public, commenters told


CS = ConsultationStatus

CONSULTATION_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "open": (frozenset({CS.SCHEDULED}), CS.OPEN),  # the window's first day (worker or on read)
    "close": (frozenset({CS.SCHEDULED, CS.OPEN}), CS.CLOSED),  # the end passed, or staff close it early
    "extend": (frozenset({CS.SCHEDULED, CS.OPEN}), None),  # a later closing day
    # comments come in only while the window is open and the bill has not concluded
    # (services.intake_refusal); a letter received in time may be entered after the close
    "enter_letter": (frozenset({CS.OPEN, CS.CLOSED}), None),
    "import": (frozenset({CS.SCHEDULED, CS.OPEN}), None),
    "decide": (frozenset({CS.OPEN, CS.CLOSED, CS.PUBLISHED}), None),
    "publish_feedback": (frozenset({CS.CLOSED, CS.PUBLISHED}), CS.PUBLISHED),  # again to update it
}

STEP_LABELS = {
    "open": _("open the consultation"),
    "close": _("close the consultation"),
    "extend": _("extend the consultation"),
    "enter_letter": _("enter a letter"),
    "import": _("import comments"),
    "decide": _("record decisions"),
    "publish_feedback": _("publish the feedback"),
}

STATUS_TONE: dict[str, str] = {CS.SCHEDULED: "info", CS.OPEN: "ok", CS.CLOSED: "warn", CS.PUBLISHED: "muted"}


def allowed(action: str, status: str) -> bool:
    sources, _target = CONSULTATION_TRANSITIONS[action]
    return status in sources


class Channel(models.TextChoices):
    """How a comment arrived."""

    PORTAL = "portal", _("Public portal")
    API = "api", _("API")
    LETTER = "letter", _("Letter")  # entered by staff from a letter or e-mail
    CONTACT_POINT = "contact_point", _("Grassroots legislative contact point")  # .xlsx import
    DISTRICT = "district", _("District congress")  # .xlsx import
    DEPUTY = "deputy", _("Deputy")  # a deputy, online or through an import


#: Channels that come in through a staff import.
IMPORT_CHANNELS = (Channel.CONTACT_POINT, Channel.DISTRICT, Channel.DEPUTY, Channel.LETTER)


class Moderation(models.TextChoices):
    """Every accepted comment is kept; moderation only decides whether it is counted and shown."""

    PUBLISHED = "published", _("Accepted")  # counted and analysed
    PENDING = "pending", _("Awaiting moderation")  # flagged on arrival; held for a person to decide
    REMOVED = (
        "removed",
        pgettext_lazy("moderation status", "Set aside"),
    )  # kept with its reason, not counted or analysed


class ModerationReason(models.TextChoices):
    ABUSE = "abuse", _("Abusive language")
    ADVERTISING = "advertising", _("Advertising or spam")
    OFF_TOPIC = "off_topic", _("Off topic")
    PERSONAL_DATA = "personal_data", _("Personal data of others")
    OTHER = "other", _("Other")


class Decision(models.TextChoices):
    """How the legislative affairs commission treated an opinion (采纳情况)."""

    ADOPTED = "adopted", pgettext_lazy("opinion", "Adopted")
    PARTLY = "partly", pgettext_lazy("opinion", "Partly adopted")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("opinion", "Not adopted")


DECISION_TONE: dict[str, str] = {
    Decision.ADOPTED: "ok",
    Decision.PARTLY: "info",
    Decision.NOT_ADOPTED: "muted",
}


class ContactKind(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    OTHER = "other", _("Other")


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FOR_SMS = "for_sms", _("For the SMS gateway")  # phone numbers: exported for the office's gateway
    FAILED = "failed", _("Failed")
