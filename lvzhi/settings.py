"""Django settings for lvzhi.

Everything that differs between machines comes from environment variables prefixed
``LVZHI_`` (12-factor); see ``.env.example`` for the full list with defaults.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"LVZHI_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(f"LVZHI_{name}")
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


VAR_DIR = Path(env("VAR_DIR", str(PROJECT_DIR / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", True)


def _secret_key() -> str:
    configured = env("SECRET_KEY")
    if configured:
        return configured
    # No key configured: keep a random one in var/ so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" + (",testserver" if DEBUG else ""))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "lvzhi.core.admin_site.LvzhiAdminConfig",  # django.contrib.admin, for administrators, audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "lvzhi.core",
    "lvzhi.deputies",
    "lvzhi.suggestions",
    "lvzhi.motions",
    "lvzhi.legislation",
    "lvzhi.supervision",
    "lvzhi.consultation",
    "lvzhi.portal",
    "lvzhi.demo",
]

MIDDLEWARE = [
    # first: a database outage anywhere below answers 503 with Retry-After, not 500
    "lvzhi.core.middleware.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # early, before the session is looked up: NUL characters in the request are refused
    "lvzhi.core.middleware.BadInputMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lvzhi.core.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lvzhi.core.middleware.DomainErrorMiddleware",
    # last: turns a request that axes marked as locked out into the lock-out page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lvzhi.urls"
WSGI_APPLICATION = "lvzhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lvzhi.core.context_processors.shell",
            ],
        },
    }
]

# --- database -----------------------------------------------------------------------------------
SQLITE_PATH = Path(env("SQLITE_PATH", str(VAR_DIR / "lvzhi.sqlite3")))
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
            # a kept connection is checked before a request reuses it: after a database
            # restart the first request opens a new one instead of failing on the dead one
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE avoids lock upgrades
                # failing under several processes (web + worker).
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# --- background tasks ---------------------------------------------------------------------------
TASK_BACKEND = env("TASK_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASK_BACKEND == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "mail"],
    }
}

# --- auth ---------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# axes first: it refuses a locked-out account or address before the password is even checked
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # the admin site's model permissions follow the administrator role (lvzhi.core.admin_site)
    "lvzhi.core.auth_backends.AdministratorRoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "portal:home"
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)))
#: Minutes without a request after which a session is ended (0: never). See docs/configuration.md.
IDLE_TIMEOUT = int(env("IDLE_TIMEOUT", "30"))

# --- sign-in: lock-out after failed attempts (django-axes; lvzhi/core/signin.py) --------------------
#: Failed sign-ins (wrong password or wrong second-factor code) that lock one account ...
LOGIN_FAILURES_PER_ACCOUNT = int(env("LOGIN_FAILURES_PER_ACCOUNT", "5"))
#: ... and that lock one client address (higher: a whole office may share one address) ...
LOGIN_FAILURES_PER_ADDRESS = int(env("LOGIN_FAILURES_PER_ADDRESS", "20"))
#: ... within this many minutes; the lock lifts this long after the last counted failure.
LOGIN_LOCKOUT_MINUTES = int(env("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_ENABLED = LOGIN_FAILURES_PER_ACCOUNT > 0
AXES_HANDLER = "lvzhi.core.signin.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, with its own limit
AXES_FAILURE_LIMIT = "lvzhi.core.signin.axes_failure_limit"
AXES_COOLOFF_TIME = dt.timedelta(minutes=max(LOGIN_LOCKOUT_MINUTES, 1))
AXES_CLIENT_IP_CALLABLE = "lvzhi.core.signin.client_ip"  # honours LVZHI_TRUSTED_PROXIES
AXES_LOCKOUT_CALLABLE = "lvzhi.core.signin_views.lockout_response"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time we announce stays true
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are in the audit log
AXES_ENABLE_ADMIN = False  # unlocking goes through the audited page /accounts/sign-in/
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]

# --- sign-in: second factor (django-otp TOTP + one-time recovery codes) -------------------------
#: Accounts exempt from the second factor: user names, comma-separated, or * for every account.
#: Empty in production: staff, leaders and administrators must use an authenticator app.
#: ``lvzhi demo`` sets * for the demo city.
TWO_FACTOR_EXEMPT = tuple(env_list("TWO_FACTOR_EXEMPT", ""))
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- i18n / time --------------------------------------------------------------------------------
LANGUAGE_CODE = env("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static & media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = int(env("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
#: Limits on an uploaded .docx or .xlsx, checked from its zip directory before anything is
#: unpacked (lvzhi/office/zipguard.py): parts, unpacked size of all parts, and how many times a
#: part (of more than 1 MB) may expand. Real documents and workbooks stay far below them.
UPLOAD_ZIP_MAX_MEMBERS = int(env("UPLOAD_ZIP_MAX_MEMBERS", "1000"))
UPLOAD_ZIP_MAX_BYTES = int(env("UPLOAD_ZIP_MAX_BYTES", str(50 * 1024 * 1024)))
UPLOAD_ZIP_MAX_RATIO = int(env("UPLOAD_ZIP_MAX_RATIO", "200"))
#: Limits on a regulation text (a bill's version, typed, pasted or read from a file); the
#: longest real texts have about 650 articles and 300,000 characters.
LAWTEXT_MAX_CHARS = int(env("LAWTEXT_MAX_CHARS", "2000000"))
LAWTEXT_MAX_ARTICLES = int(env("LAWTEXT_MAX_ARTICLES", "5000"))

# --- public consultation ----------------------------------------------------------------------
#: Per-client limits on comment submissions: "count/seconds" pairs, comma-separated.
COMMENT_RATE_LIMITS = env("COMMENT_RATE_LIMITS", "10/60,100/3600")
#: Addresses of reverse proxies whose X-Forwarded-For names the real client (e.g. 127.0.0.1).
TRUSTED_PROXIES = tuple(env_list("TRUSTED_PROXIES", ""))
#: The public address of the site (https://lvzhi.example.gov.cn, no trailing slash), for links in
#: exported files (the SMS list) and in e-mails sent by the worker. Unset: the address the request
#: came to (validated by ALLOWED_HOSTS); without a request (the worker) the local development
#: address. See ``lvzhi.core.web.site_url``.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", "").rstrip("/")
#: Where the analysis engine keeps its incremental state between runs (a cache; rebuilt if lost).
ANALYTICS_DIR = Path(env("ANALYTICS_DIR", str(VAR_DIR / "analytics")))

# --- cache (rate-limit counters) ----------------------------------------------------------------
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL.startswith("db://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_URL.removeprefix("db://") or "lvzhi_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lvzhi"}}

# --- e-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "lvzhi@localhost")
EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- security (``manage.py check --deploy`` is clean with LVZHI_DEBUG=0 and defaults) ------------
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", str(31536000 if HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): no inline script anywhere; every script and style sheet
# is a static file of the site. Style attributes (style="...") stay allowed where the browser
# knows style-src-attr; <style> elements do not (style-src-elem). See docs/deployment.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # fallback for browsers without the two below
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- application --------------------------------------------------------------------------------
LVZHI = {
    "SITE_NAME": env("SITE_NAME", ""),
    "RULES_PROFILE": env("RULES_PROFILE", "default"),
    "PAGE_SIZE": int(env("PAGE_SIZE", "50")),
    "SHARED_DIR": env("SHARED_DIR", str(PROJECT_DIR.parent / "shared")),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # axes: failures and lock-outs (WARNING) are logged, its per-request chatter (INFO) is not
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
