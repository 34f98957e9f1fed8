"""``makemessages`` that also extracts ``later("...")``, the message translated when it is read
(``lvzhi.core.i18n.later``): to-dos and notifications keep their msgid and are shown in each
reader's language, so their msgids must be in the catalogue like any ``gettext`` call."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=later:1"]
