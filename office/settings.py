"""Sanban settings, read from the environment (12-factor).

Embedded default: SQLite in ``var/`` and a broker that needs no server (kombu's
filesystem transport). Production and the test suite: ``DATABASE_URL`` and
``REDIS_URL``.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

VAR_DIR = Path(env("SANBAN_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/."""
    if key := env("SECRET_KEY", default=""):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "office.apps.OfficeConfig",
    "documents.apps.DocumentsConfig",
    "meetings.apps.MeetingsConfig",
    "tasks.apps.TasksConfig",
    "supervision.apps.SupervisionConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "bootstrap",
    "fontawesome",
]

MIDDLEWARE = [
    # Outermost: writes refused accesses after the refused transaction rolled back.
    "office.audit.AuditDenialsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every response that does not set its own (file downloads do).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "office.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits; no-store on everything a logged-in user is sent.
    "office.sessions.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # After authentication and messages: a password that must be changed leads to its page.
    "office.middleware.PasswordPolicyMiddleware",
    # Last, as its documentation asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "office.urls"
WSGI_APPLICATION = "office.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "office.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'sanban.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file: WAL lets readers run beside
    # the writer, IMMEDIATE takes the write lock up front instead of failing late.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "office.User"

# --- Redis, cache, broker -------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
# A hung Redis must never hang a web request: every client gives up quickly.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sanban",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database so that logins survive a Redis outage.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "office.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# An idle session ends after this many minutes without a request (0: never); a login lasts
# SESSION_COOKIE_AGE at most however active its user is (office/sessions.py). A notice
# offers to carry on SANBAN_IDLE_WARNING_SECONDS before either end.
SANBAN_IDLE_TIMEOUT_MINUTES = env.int("SANBAN_IDLE_TIMEOUT_MINUTES", default=30)
SANBAN_IDLE_WARNING_SECONDS = env.int("SANBAN_IDLE_WARNING_SECONDS", default=120)

# --- HTTPS and headers (office/settings_production.py sets the production values) -----------
# Behind a reverse proxy that ends TLS: trust its X-Forwarded-Proto. Only when the proxy sets
# (overwrites) that header and the application is reachable through the proxy alone.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("SANBAN_BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Content-Security-Policy (django-csp 4): scripts and styles from our own origin only — no
# inline <script>, no on…= handlers, no style="…" attributes (static/js, static/css hold them).
# htmx is told not to inject its indicator <style> (the htmx-config meta tag in base.html).
# Django admin 5.2 needs nothing inline either. Downloads keep their own sandbox policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Celery: settings with the CELERY_ prefix are read by office/celery.py.
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
        "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        "visibility_timeout": 3600,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    BROKER_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR),
        "data_folder_out": str(BROKER_DIR),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    (BROKER_DIR / "control").mkdir(exist_ok=True)
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT * 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker that loses Redis retries for ever (every 2, 4, … up to 30 s). Celery's default
# gives up after 100 attempts — about 46 minutes — and the worker exits.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "office.jobs.heartbeat", "schedule": 60.0},
    "deliver-notification-email": {"task": "office.jobs.deliver_pending_email", "schedule": 60.0},
    "sweep-reminders": {"task": "office.jobs.sweep_reminders", "schedule": 120.0},
    "sweep-delegations": {"task": "office.jobs.sweep_delegations", "schedule": 300.0},
    "refresh-figures": {"task": "office.jobs.refresh_figures", "schedule": 600.0},
    "sweep-exports": {"task": "office.jobs.sweep_exports", "schedule": 300.0},
    "sweep-orphan-files": {"task": "office.jobs.sweep_orphan_files", "schedule": 6 * 3600.0},
    "sweep-plan-imports": {"task": "supervision.jobs.sweep_plan_imports", "schedule": 120.0},
}
# A heartbeat older than this marks the worker as down in /healthz.
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=180)

# --- Authentication and permissions --------------------------------------
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
# Login failure handling (登录失败处理): after AXES_FAILURE_LIMIT wrong passwords the login
# is locked for AXES_COOLOFF_MINUTES. What is locked (README, "Login lockout"):
#   "username+ip" (default): that account from that address only — one address cannot lock
#                 the leadership out of their own offices;
#   "username":   that account from everywhere (anyone can lock any named account);
#   "ip":         that address for every account (an organ's NAT address locks out a floor).
SANBAN_LOCKOUT_BY = env("SANBAN_LOCKOUT_BY", default="username+ip")
_LOCKOUT_PARAMETERS = {"username+ip": [["username", "ip_address"]], "username": ["username"], "ip": ["ip_address"]}
if SANBAN_LOCKOUT_BY not in _LOCKOUT_PARAMETERS:
    raise ImproperlyConfigured(f"SANBAN_LOCKOUT_BY must be one of {', '.join(_LOCKOUT_PARAMETERS)}")
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = _LOCKOUT_PARAMETERS[SANBAN_LOCKOUT_BY]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "office.errors.locked_out"
AXES_VERBOSE = False
# The client's address, behind a reverse proxy too (office/clientip.py): the same for the
# lockout and the audit log.
AXES_CLIENT_IP_CALLABLE = "office.clientip.client_ip"
# Proxies (addresses or networks) whose forwarded-for header is believed, e.g. "10.1.0.5,10.1.0.6".
SANBAN_TRUSTED_PROXIES = env.list("SANBAN_TRUSTED_PROXIES", default=[])
for _proxy in SANBAN_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"SANBAN_TRUSTED_PROXIES: {_proxy!r} is not an address or network") from error
SANBAN_CLIENT_IP_HEADER = env("SANBAN_CLIENT_IP_HEADER", default="HTTP_X_FORWARDED_FOR")
# Logins and their failures are already in our own audit log (office.signals).
AXES_DISABLE_ACCESS_LOG = True
# axes.W006 asks for the address among the lockout parameters: "username" leaves it out on purpose.
SILENCED_SYSTEM_CHECKS = ["axes.W006"] if SANBAN_LOCKOUT_BY == "username" else []
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "office:workbench"
LOGOUT_REDIRECT_URL = "login"
# Password policy (等保 2.0, office/passwords.py): length, character classes (of upper case,
# lower case, digits, others), no reuse of the last N, expiry in days (0: never), and how long
# a reset link or sealed slip stays valid.
SANBAN_PASSWORD_MIN_LENGTH = env.int("SANBAN_PASSWORD_MIN_LENGTH", default=8)
SANBAN_PASSWORD_MIN_CLASSES = env.int("SANBAN_PASSWORD_MIN_CLASSES", default=3)
SANBAN_PASSWORD_HISTORY = env.int("SANBAN_PASSWORD_HISTORY", default=5)
SANBAN_PASSWORD_MAX_AGE_DAYS = env.int("SANBAN_PASSWORD_MAX_AGE_DAYS", default=90)
SANBAN_PASSWORD_RESET_HOURS = env.int("SANBAN_PASSWORD_RESET_HOURS", default=24)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": SANBAN_PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "office.passwords.CharacterClassesValidator"},
    {"NAME": "office.passwords.PasswordHistoryValidator"},
]

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files (all served by the app: no CDN) -------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))

# --- E-mail ---------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="sanban@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Site -----------------------------------------------------------------
SANBAN_SITE_TITLE = _("三办 · 机关办公室业务系统")


def _served_at(host: str, port: str) -> str:
    """The address ``make run`` serves (it passes SANBAN_HOST / SANBAN_PORT: honcho gives each
    process a PORT of its own, so the worker that sends the e-mail cannot go by PORT)."""
    if host in ("0.0.0.0", "::", ""):  # every interface: the machine's name reaches it
        import socket

        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


#: Links in e-mails. Production sets it; otherwise the address the run command serves.
SANBAN_BASE_URL = env(
    "SANBAN_BASE_URL", default=_served_at(env("SANBAN_HOST", default="127.0.0.1"), env("SANBAN_PORT", default="8000"))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# --- 办文: attachments and the 收文处理笺 PDF (documents/files/, documents/incoming/slip.py) ---
# Attached files lie here under random names (YYYY/<uuid4 hex>): outside STATIC_ROOT and
# MEDIA_ROOT, served by no URL, only by the download view that applies the permission policy.
DOCUMENTS_STORAGE_ROOT = Path(env("DOCUMENTS_STORAGE_ROOT", default=str(VAR_DIR / "documents")))
# 办事's papers (公函, invoices: tasks/requests/files.py), likewise served only through the policy.
TASKS_STORAGE_ROOT = Path(env("TASKS_STORAGE_ROOT", default=str(VAR_DIR / "tasks")))
# The largest attachment accepted, in MB (the front proxy's body limit should be a little above).
DOCUMENT_MAX_UPLOAD_MB = env.int("DOCUMENT_MAX_UPLOAD_MB", default=50)
# A ZIP-based document (docx/xlsx/pptx, OFD) is refused when its directory declares more than
# this: in all, in one member, a ratio above ratio:1 for a member above ratio_above_mb, or more members.
DOCUMENT_ZIP_LIMITS = {
    "total_mb": env.int("DOCUMENT_ZIP_MAX_TOTAL_MB", default=200),
    "member_mb": env.int("DOCUMENT_ZIP_MAX_MEMBER_MB", default=100),
    "ratio": env.int("DOCUMENT_ZIP_MAX_RATIO", default=100),
    "ratio_above_mb": 1,
    "members": env.int("DOCUMENT_ZIP_MAX_MEMBERS", default=5000),
}
# A file past the limit is skipped while it streams in, before anything of it is kept.
FILE_UPLOAD_HANDLERS = [
    "documents.files.checks.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Uploads above 2.5 MB go to a temporary file, not memory; form fields other than files
# (Django's own limit, which excludes file data) stay small.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# The CJK fonts the PDFs embed (office/fonts.py): each role takes the organ's setting below if
# set, else Debian's free TrueType fonts under DOCUMENTS_SYSTEM_FONT_DIR if installed
# (fonts-arphic-uming, -ukai, fonts-wqy-zenhei), else the bundled Noto Serif/Sans SC, converted to
# TrueType once into DOCUMENTS_FONT_CACHE_DIR (`manage.py prepare_fonts`, or on first use).
DOCUMENTS_SYSTEM_FONT_DIR = env("DOCUMENTS_SYSTEM_FONT_DIR", default="/usr/share/fonts/truetype")
DOCUMENTS_FONT_CACHE_DIR = Path(env("DOCUMENTS_FONT_CACHE_DIR", default=str(VAR_DIR / "fonts")))
# The 收文处理笺's font: a TrueType CJK file (reportlab cannot embed CFF outlines such as Noto CJK's);
# unset, Debian's AR PL UMing CN (a 明体/宋体) or the bundled fallback.
DOCUMENTS_PDF_FONT = env("DOCUMENTS_PDF_FONT", default="")
# Which face of a .ttc collection (the configured file's, or uming.ttc's): CN (0), HK (1), TW (2), TW MBE (3).
DOCUMENTS_PDF_FONT_INDEX = env.int("DOCUMENTS_PDF_FONT_INDEX", default=0)
DOCUMENTS_GBT9704_FONTS = {
    role: (value.rsplit("#", 1)[0], int(value.rsplit("#", 1)[1]) if "#" in value else 0)
    for role in ("fangsong", "xiaobiaosong", "heiti", "kaiti", "songti")
    if (value := env(f"DOCUMENTS_FONT_{role.upper()}", default=""))
}
