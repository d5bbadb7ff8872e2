"""minsheng settings: one file, read from environment variables with safe defaults.

With nothing set, minsheng runs on an embedded SQLite database under ./var with DEBUG off.
Production sets DATABASE_URL (PostgreSQL), SECRET_KEY, ALLOWED_HOSTS and SECURE_COOKIES=1.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from minsheng.core import datadir, objectstore

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = datadir.data_dir()  # nothing is written here: see core.datadir


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


# No key given: the one `minsheng` and the WSGI application keep on disk (core.datadir.prepare); a
# process started otherwise without one (pytest, a bare django-admin) signs with a key of its own.
SECRET_KEY = os.environ.get("SECRET_KEY") or datadir.stored_secret_key(DATA_DIR) or secrets.token_urlsafe(50)
DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "minsheng.core",
    "minsheng.plans",
    "minsheng.notices",
    "minsheng.reporting",
    "minsheng.supervision",
    "minsheng.notifications",
    "minsheng.dashboard",
    "minsheng.participation",
    "minsheng.api",
    "minsheng.accounts",
    "minsheng.site",
]

MIDDLEWARE = [
    "minsheng.site.ops.metrics.middleware",  # counts and times every request for /metrics
    "django.middleware.security.SecurityMiddleware",
    "minsheng.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "minsheng.core.dbrouter.ReplicaMiddleware",  # with read replicas: which reads may go to one
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: whether htmx sent the request
    "minsheng.accounts.middleware.TemporaryPasswordMiddleware",  # a temporary password is changed first
    "minsheng.core.middleware.MediaUnavailableMiddleware",  # a failing media storage: 503 in Chinese
]

ROOT_URLCONF = "minsheng.urls"
WSGI_APPLICATION = "minsheng.wsgi.application"

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
                "minsheng.core.context.roles",
                "minsheng.notifications.context.bell",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'minsheng.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # its folder is made by CoreConfig.ready()
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE avoids lock upgrades mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
# Read replicas: DATABASE_REPLICA_URLS, comma-separated postgres:// URLs of streaming standbys of the
# primary, adds the aliases replica1, replica2, … (the primary's options; the test runner mirrors them
# to the test database) and a router (core/dbrouter.py): the reads of GET and HEAD pages go to a
# replica, everything else to the primary, also a client's pages for MINSHENG_REPLICA_PIN_SECONDS
# after it changed something. Unset: one database, no router.
REPLICA_PIN_SECONDS = int(os.environ.get("MINSHENG_REPLICA_PIN_SECONDS", "10"))
_REPLICA_URLS = [url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()]
for _n, _url in enumerate(_REPLICA_URLS, 1):
    _replica = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    if _replica["ENGINE"] == DATABASES["default"]["ENGINE"]:
        _replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **_replica.get("OPTIONS", {})}
    DATABASES[f"replica{_n}"] = {**_replica, "TEST": {"MIRROR": "default"}}
if _REPLICA_URLS:
    DATABASE_ROUTERS = ["minsheng.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "minsheng.core.passwords.MinimumLengthValidator"},  # its message in Chinese
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:list"
LOGOUT_REDIRECT_URL = "plans:list"

# 统一身份认证 (OpenID Connect, accounts/oidc.py): off unless the client's id and secret are set, and the
# provider's issuer (whose /.well-known/openid-configuration gives the endpoints, read at the first
# sign-in and kept per process) or its authorization, token and JWKS endpoints (OIDC_OP_*_ENDPOINT,
# each overriding the discovered one). ID tokens are RS256, checked with the provider's JWKS.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")  # else end_session_endpoint, if any
OIDC_STORE_ID_TOKEN = True  # kept in the session as the hint of the sign-out at the provider
_OIDC_ENDPOINTS = OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_JWKS_ENDPOINT
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET and (OIDC_OP_ISSUER or _OIDC_ENDPOINTS))
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile email")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_NAME_CLAIM = os.environ.get("OIDC_NAME_CLAIM", "name")
OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "minsheng_roles")
OIDC_AUTHENTICATE_CLASS = "minsheng.accounts.oidc_views.Authenticate"
OIDC_CALLBACK_CLASS = "minsheng.accounts.oidc_views.Callback"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"] + (
    ["minsheng.accounts.oidc.Backend"] if OIDC_ENABLED else []
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"  # `minsheng collectstatic` fills it; made by CoreConfig.ready()
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

# The cache of boards, dashboards and status (keys carry each plan's stamp, so any backend stays correct).
# MINSHENG_CACHE picks it: "database" — a table of the database, shared by every process and machine (the
# default with PostgreSQL: no new server); "memory" — each process's own (the default with SQLite);
# "file:/dir" — shared by one machine's workers (MINSHENG_CACHE_DIR=/dir says the same); "redis://…" —
# a Redis or Valkey server. MINSHENG_CACHE_ENTRIES sizes it: a province's dashboard keeps two entries
# per plan and day, so the default holds a province of 180 plans many times over.
CACHE_ENTRIES = int(os.environ.get("MINSHENG_CACHE_ENTRIES", "20000"))
_CACHE = os.environ.get("MINSHENG_CACHE") or (
    f"file:{os.environ['MINSHENG_CACHE_DIR']}"
    if os.environ.get("MINSHENG_CACHE_DIR")
    else "database"
    if DATABASES["default"]["ENGINE"].endswith("postgresql")
    else "memory"
)
if _CACHE == "database":
    CACHES = {
        "default": {
            "BACKEND": "minsheng.core.dbcache.DatabaseCache",
            "LOCATION": "minsheng_cache",
            "OPTIONS": {"MAX_ENTRIES": CACHE_ENTRIES},
        }
    }
elif _CACHE.startswith("file:"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _CACHE.removeprefix("file:"),
            "OPTIONS": {"MAX_ENTRIES": CACHE_ENTRIES},
        }
    }
elif _CACHE.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _CACHE}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": CACHE_ENTRIES},
        }
    }
# After a plan changes, the background worker computes its status and history into the cache
# (dashboard/warming.py): worth it only where the worker and the web processes share the cache.
WARM_CACHE = env_flag("MINSHENG_WARM_CACHE", default=_CACHE != "memory")
MEDIA_URL = "/media/"
# Media: the local MEDIA_ROOT, or S3-compatible object storage once MEDIA_S3_BUCKET is set (core/objectstore.py
# lists the MEDIA_S3_* variables), so that every app node behind the proxy reads the same photos and files.
try:
    _OBJECT_STORE = objectstore.storage_from_env(os.environ)
except objectstore.ObjectStoreSettingError as e:
    raise ImproperlyConfigured(str(e)) from None
STORAGES = {
    "default": _OBJECT_STORE or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from the app's static folders without a collectstatic step

# Uploads: bounded in memory and size; larger bodies are refused with a message.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work (imports of large files): a queue in the database, run by `minsheng db_worker`, which
# `minsheng serve` starts beside the web workers unless told --no-worker (then run it as its own service).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An upload up to this size is read while the office waits (the notices of the genre: tens of KB, under a
# second); a larger one is stored, read by the worker and shown with its progress (300 PDF pages: ~45 s).
IMPORT_INLINE_BYTES = int(os.environ.get("MINSHENG_IMPORT_INLINE_BYTES", str(512 * 1024)))

SECURE_COOKIES = env_flag("SECURE_COOKIES")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if SECURE_COOKIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 3600

# Demo clock: MINSHENG_TODAY=YYYY-MM-DD makes the whole platform act as of that day.
MINSHENG_TODAY = os.environ.get("MINSHENG_TODAY", "")
MINSHENG_DEMO_PASSWORD = os.environ.get("MINSHENG_DEMO_PASSWORD", "minsheng2024")
# Five-colour status: points behind the expected progress that turn a project yellow, orange, red.
MINSHENG_STATUS_THRESHOLDS = {
    "yellow": float(os.environ.get("MINSHENG_STATUS_YELLOW", "5")),
    "orange": float(os.environ.get("MINSHENG_STATUS_ORANGE", "15")),
    "red": float(os.environ.get("MINSHENG_STATUS_RED", "30")),
    "forecast_tolerance_days": int(os.environ.get("MINSHENG_FORECAST_TOLERANCE_DAYS", "30")),
}

# Email for reminders: printed to the console unless an SMTP server is set (EMAIL_HOST).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "民生实事督办平台 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as users reach it, for links in emails and robot messages.
MINSHENG_SITE_URL = os.environ.get("MINSHENG_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Reminders go out this many days before a report is due; group robots answer within this many seconds.
MINSHENG_REMINDER_LEAD_DAYS = {
    "week": int(os.environ.get("MINSHENG_REMIND_WEEKLY_DAYS", "1")),
    "month": int(os.environ.get("MINSHENG_REMIND_MONTHLY_DAYS", "3")),
}
MINSHENG_ROBOT_TIMEOUT = float(os.environ.get("MINSHENG_ROBOT_TIMEOUT", "5"))
# The government SMS gateway (政务短信平台) for citizens who follow a project or a proposal by phone: its
# HTTP address, its token and the signature every text starts with. Without an address no text is sent
# and the public forms ask for no phone number (followers read their messages on their follow page).
MINSHENG_SMS_URL = os.environ.get("MINSHENG_SMS_URL", "")
MINSHENG_SMS_TOKEN = os.environ.get("MINSHENG_SMS_TOKEN", "")
MINSHENG_SMS_SIGN = os.environ.get("MINSHENG_SMS_SIGN", "【民生实事】")
MINSHENG_SMS_TIMEOUT = float(os.environ.get("MINSHENG_SMS_TIMEOUT", "5"))

# Logging to the console (stderr: gunicorn's and systemd's log), from MINSHENG_LOG_LEVEL up. Django's
# request handler logs every server error (django.request, ERROR, with its traceback) and every 4xx
# (WARNING); all of Django's messages go through the root's one handler (not also its own, which
# printed them twice under DEBUG). The warnings and errors of django.request and of minsheng's own
# loggers also go to a rotating file, DATA_DIR/log/minsheng.log (5 MB, 5 kept): its folder is made on
# the first record, and on a disk that cannot be written the file is skipped, not the start-up
# (core.errors.DataDirFileHandler). A domain error refused to a user is one INFO line of
# minsheng.refusals (who, where, status, message), never an error.
MINSHENG_LOG_LEVEL = os.environ.get("MINSHENG_LOG_LEVEL", "INFO").upper()
# "json": one JSON object a line (time, level, logger, message, and the traceback) for a log collector;
# anything else: plain text lines.
MINSHENG_LOG_FORMAT = os.environ.get("MINSHENG_LOG_FORMAT", "plain").lower()
# /metrics answers only with this bearer token (Prometheus' `authorization` setting); unset: off.
MINSHENG_METRICS_TOKEN = os.environ.get("MINSHENG_METRICS_TOKEN", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # times with their offset (Beijing time, +0800), as nginx's and gunicorn's access lines carry theirs
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
    },
    "filters": {"client_errors": {"()": "minsheng.core.errors.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if MINSHENG_LOG_FORMAT == "json" else "plain",
            "filters": ["client_errors"],
        },
        "file": {
            "class": "minsheng.core.errors.DataDirFileHandler",
            "filename": str(DATA_DIR / "log" / "minsheng.log"),
            "maxBytes": 5 * 1024 * 1024,
            "backupCount": 5,
            "encoding": "utf-8",
            "level": "WARNING",
            "formatter": "json" if MINSHENG_LOG_FORMAT == "json" else "plain",
            "filters": ["client_errors"],
        },
    },
    "root": {"handlers": ["console"], "level": MINSHENG_LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": MINSHENG_LOG_LEVEL, "propagate": True},
        "django.request": {"handlers": ["file"], "level": MINSHENG_LOG_LEVEL, "propagate": True},
        "minsheng": {"handlers": ["file"], "level": MINSHENG_LOG_LEVEL, "propagate": True},
    },
}

# Participation: the criteria the office scores shortlisted proposals by, as name:weight pairs (the
# weights add up to 100); how many proposals and survey answers one client may send per hour; the header
# a reverse proxy puts the client's address in (empty: REMOTE_ADDR).
MINSHENG_PROPOSAL_CRITERIA = {
    name.strip(): int(weight)
    for name, weight in (
        pair.split(":")
        for pair in os.environ.get(
            "MINSHENG_PROPOSAL_CRITERIA", "群众需求:30,必要性:25,可行性:20,财力可承受:15,可量化:10"
        ).split(",")
    )
}
MINSHENG_PROPOSALS_PER_HOUR = int(os.environ.get("MINSHENG_PROPOSALS_PER_HOUR", "5"))
MINSHENG_SURVEYS_PER_HOUR = int(os.environ.get("MINSHENG_SURVEYS_PER_HOUR", "30"))
MINSHENG_CLIENT_IP_HEADER = os.environ.get("MINSHENG_CLIENT_IP_HEADER", "")
