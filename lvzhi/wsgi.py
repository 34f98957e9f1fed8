"""WSGI entry point (``lvzhi serve`` runs it under granian; any WSGI server can, e.g.
``gunicorn lvzhi.wsgi:application``).

Anonymous comment submissions take the surge path of :mod:`lvzhi.consultation.intake`; every
other request goes through Django's full stack."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
django_application = get_wsgi_application()

from lvzhi.consultation.intake import wrap  # noqa: E402 - needs the settings configured above

application = wrap(django_application)
