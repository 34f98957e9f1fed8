"""Signals the legislation app sends for other apps to act on, without legislation importing them.

``bill_concluded`` — a bill's legislative process has ended: it was voted (passed or failed),
withdrawn or terminated. Receivers (e.g. the consultation app, which closes the bill's open
consultations) are connected in their own ``AppConfig.ready()``::

    bill_concluded.send(sender=Bill, bill=bill, reason="voted")

``reason`` is one of ``voted``, ``failed``, ``withdrawn``, ``terminated``.
"""

from __future__ import annotations

from django.dispatch import Signal

bill_concluded = Signal()

REASONS = ("voted", "failed", "withdrawn", "terminated")
