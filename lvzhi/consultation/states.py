"""States of a public consultation (立法征求意见) and of the comments it receives.

Basis: legislation-law-2023 Art 40 (drafts published for comment, normally at least 30
days, and "征求意见的情况应当向社会通报"); huzhou-local-legislation-procedure-2020 Art 34 (after
the first reading the draft and its explanation go to the city's deputies, the district
congresses, contact points and experts, and to the public for normally at least 20 days —
the profile's ``legislation.public_consultation_min``). ``docs/consultation.md`` draws the
diagrams.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lvzhi.core.workflow import Step, Workflow


class ConsultationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")  # published, the window has not begun
    OPEN = "open", pgettext_lazy("consultation", "Open")  # taking comments
    CLOSED = "closed", pgettext_lazy("consultation", "Closed")  # window over; staff sort the comments
    PUBLISHED = "published", _("Feedback published")  # 采纳情况 made public, commenters told


CS = ConsultationStatus

#: The consultation's steps. ``None``: the step keeps the state. The intake (portal, API,
#: letters, imports) also follows the calendar and the bill (``services.intake_refusal``).
CONSULTATION: Workflow[Any] = Workflow(
    name="consultation",
    noun=_("consultation"),
    states=ConsultationStatus,
    steps={
        "open": Step({CS.SCHEDULED}, CS.OPEN, _("open the consultation")),  # its first day (worker)
        # the end passed (worker), the bill concluded (SYSTEM), or staff close it early
        "close": Step({CS.SCHEDULED, CS.OPEN}, CS.CLOSED, _("close the consultation")),
        "extend": Step({CS.SCHEDULED, CS.OPEN}, None, _("extend the consultation")),  # a later closing day
        # a letter received by the closing day may be entered after the close (post is slow)
        "enter_letter": Step({CS.OPEN, CS.CLOSED}, None, _("enter a letter")),
        "import": Step({CS.SCHEDULED, CS.OPEN}, None, _("import comments")),
        "decide": Step({CS.OPEN, CS.CLOSED, CS.PUBLISHED}, None, _("record decisions")),
        # again to update it
        "publish_feedback": Step({CS.CLOSED, CS.PUBLISHED}, CS.PUBLISHED, _("publish the feedback")),
    },
)

#: Step → label (kept for templates and older callers; the table is ``CONSULTATION``).
STEP_LABELS = {action: step.label for action, step in CONSULTATION.steps.items()}


def allowed(action: str, status: str) -> bool:
    """Whether the consultation's ``action`` may start from ``status`` (``CONSULTATION``)."""
    return CONSULTATION.allowed(action, status)


STATUS_TONE: dict[str, str] = {CS.SCHEDULED: "info", CS.OPEN: "ok", CS.CLOSED: "warn", CS.PUBLISHED: "muted"}


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


#: Moderation of one comment (its ``moderation`` field). Nothing is ever deleted: a comment set
#: aside is kept with its reason and may be accepted again; the reason of one set aside may be
#: corrected.
MODERATION: Workflow[Any] = Workflow(
    name="moderation",
    noun=_("comment"),
    states=Moderation,
    field="moderation",
    steps={
        "accept": Step(
            {Moderation.PENDING, Moderation.REMOVED}, Moderation.PUBLISHED, _("accept the comment")
        ),
        "set_aside": Step(
            {Moderation.PENDING, Moderation.PUBLISHED, Moderation.REMOVED},
            Moderation.REMOVED,
            _("set the comment aside"),
        ),
    },
)


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


#: A commenter's feedback notice (``FeedbackNotice.status``). When the feedback is published a
#: notice is created per comment with a contact: ``queued`` for an e-mail address, ``for_sms``
#: for a phone number (exported for the office's SMS gateway; the platform sends no SMS, so it
#: stays there). The worker sends the queued e-mails: each one is ``sent`` or ``failed`` (with
#: the error kept); neither is sent again.
NOTICE: Workflow[Any] = Workflow(
    name="feedback notice",
    noun=_("notice"),
    states=NoticeStatus,
    steps={
        "send": Step({NoticeStatus.QUEUED}, NoticeStatus.SENT, _("send the notice")),
        "fail": Step({NoticeStatus.QUEUED}, NoticeStatus.FAILED, _("record the failed sending")),
    },
)
