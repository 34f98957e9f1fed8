"""Settings for the test suite: the production settings with fast, local-only services."""

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
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ANALYTICS_DIR = Path(tempfile.mkdtemp(prefix="lvzhi-test-analytics-"))
atexit.register(shutil.rmtree, ANALYTICS_DIR, ignore_errors=True)
