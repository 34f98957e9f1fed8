"""Limits on what is read from uploaded files, from the settings, and their refusals as
translated messages that name the limit.

The checks themselves are Django-free: :mod:`lvzhi.office.zipguard` (the zip archive of a
.docx or .xlsx, from its directory, before anything is unpacked) and the law-text engine's
:class:`~lvzhi.legislation.lawtext.ReadLimits` (a .docx streamed with a cap, the length of the
text read).
"""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from lvzhi.office.zipguard import ZipLimits, ZipRefused, open_checked

from .errors import ValidationFailed


def zip_limits() -> ZipLimits:
    """``LVZHI_UPLOAD_ZIP_MAX_MEMBERS``, ``_MAX_BYTES`` and ``_MAX_RATIO``."""
    return ZipLimits(
        max_members=settings.UPLOAD_ZIP_MAX_MEMBERS,
        max_bytes=settings.UPLOAD_ZIP_MAX_BYTES,
        max_ratio=settings.UPLOAD_ZIP_MAX_RATIO,
    )


def refusal_message(what: str, *, limit: int, found: int, member: str = "") -> str:
    """The message for a broken limit (``what`` as in :class:`ZipRefused` and the law-text
    engine's ``TooLargeError``: members, bytes, ratio, chars)."""
    if what == "members":
        return _("The file has %(found)s parts, more than the limit of %(limit)s.") % {
            "found": found,
            "limit": limit,
        }
    if what == "bytes":
        return _("Unpacked, the file would take more than the limit of %(limit)s.") % {
            "limit": filesizeformat(limit)
        }
    if what == "ratio":
        return _(
            "A part of the file (%(member)s) unpacks to %(found)s times its packed size, more than "
            "the limit of %(limit)s times; the file may be a decompression bomb."
        ) % {"member": member, "found": found, "limit": limit}
    if what == "chars":
        return _("The text is longer than the limit of %(limit)s characters.") % {"limit": limit}
    return _("The file could not be read.")


def check_office_file(data: bytes | IO[bytes], unreadable_message: str) -> None:
    """Check an uploaded .docx or .xlsx (:func:`lvzhi.office.zipguard.open_checked`: its zip
    directory, then every part unpacked with a cap) before a library unpacks it.

    Raises :class:`ValidationFailed` with ``unreadable_message`` for a file that is no zip
    archive or is damaged, and with a message naming the limit for one that breaks a limit."""
    try:
        open_checked(data, zip_limits()).close()
    except ZipRefused as exc:
        if exc.what == "unreadable":
            raise ValidationFailed(unreadable_message) from exc
        raise ValidationFailed(
            refusal_message(exc.what, limit=exc.limit, found=exc.found, member=exc.member)
        ) from exc
