"""Settings for the test suite: the production settings with fast, local-only services."""

import atexit
import shutil
import tempfile
from pathlib import Path

from .settings import *  # noqa: F403
from .settings import TASKS

TASKS = {"default": {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "zh-hans"

# Each test process keeps the analysis engine's state in its own scratch directory: parallel
# workers (pytest -n) seed the demo city in separate databases with the same consultation ids.
ANALYTICS_DIR = Path(tempfile.mkdtemp(prefix="lvzhi-test-analytics-"))
atexit.register(shutil.rmtree, ANALYTICS_DIR, ignore_errors=True)
