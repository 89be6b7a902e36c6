"""Settings shared by every environment. Everything that differs comes from environment variables."""

import json
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("RENDA_DATA_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "renda.core",
    "renda.org",
    # Workflow apps, in dependency order (an app may use those above it, never those below).
    "renda.meetings",
    "renda.projects",
    "renda.stations",
    "renda.opinions",
    "renda.suggestions",
    "renda.decisions",
    "renda.duty",
    # The duty archive: assembled from every workflow above (nothing imports it but the site's URLs and API).
    "renda.archive",
    "renda.supervision",
    "renda.setup",
    "renda.ledgers",
    "renda.search",
    # The benchmark commands and their harness (uses every app above; nothing imports it).
    "renda.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "renda.core.replica.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "renda.core.middleware.RequestContextMiddleware",
    "renda.core.middleware.PasswordChangeRequiredMiddleware",
    "renda.core.middleware.NotPermittedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "renda.core.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "renda.urls"
WSGI_APPLICATION = "renda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "renda" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "renda.context_processors.navigation",
            ],
        },
    },
]


def database_config(url: str | None) -> dict[str, Any]:
    """SQLite (WAL, immediate transactions) by default; PostgreSQL 15 through DATABASE_URL."""
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'renda.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
            ),
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
        # JIT compiling costs 90–120 ms on each of the figures' aggregates at province scale and gains nothing on
        # queries of this size (docs/scale.md): off for the app's connections. Behind pgbouncer (which drops startup
        # options) set `jit = off` in postgresql.conf instead. DB_JIT=1 keeps the server's setting.
        if not env_bool("DB_JIT", False):
            config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
        if env_bool("DB_TRANSACTION_POOLER", False):  # pgbouncer in transaction mode: no cursor outlives a transaction
            config["DISABLE_SERVER_SIDE_CURSORS"] = True
    config["ATOMIC_REQUESTS"] = False
    config["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
    return config


DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
# A PostgreSQL streaming replica (hot standby) for the reads of GET requests (renda/core/replica.py): read-your-writes
# for RENDA_REPLICA_STICKY_SECONDS after a write, the primary while the replica lags beyond
# RENDA_REPLICA_MAX_LAG_SECONDS or is down (checked at most every RENDA_REPLICA_CHECK_SECONDS per process).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_config(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["renda.core.replica.ReplicaRouter"]
RENDA_REPLICA_STICKY_SECONDS = int(os.environ.get("RENDA_REPLICA_STICKY_SECONDS", "10"))
RENDA_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("RENDA_REPLICA_MAX_LAG_SECONDS", "10"))
RENDA_REPLICA_CHECK_SECONDS = float(os.environ.get("RENDA_REPLICA_CHECK_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
# ModelBackend with the user row read through the shared cache (renda/core/auth.py)
AUTHENTICATION_BACKENDS = ["renda.core.auth.CachedModelBackend"]
RENDA_USER_CACHE_SECONDS = int(os.environ.get("RENDA_USER_CACHE_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "renda" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "renda" / "static"]  # project-wide assets (css, vendored htmx/echarts)
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Rate limits and login locks (renda/core/ratelimit.py): exact counters per time window, in the database by default,
# in Redis when REDIS_URL is set (several app servers); RENDA_RATELIMIT_BACKEND=db|redis overrides.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Addresses (or networks) of the reverse proxies in front of the app servers, e.g. "127.0.0.1" for nginx on the same
# host. Only a request that comes from one of them has its X-Forwarded-For read, and then from the right: the first
# entry not itself a trusted proxy is the client (docs/deploy.md). Empty: the connection's own address counts.
# RENDA_TRUSTED_PROXY=1 (the older switch) means nginx on this host.
RENDA_TRUSTED_PROXIES = [
    p.strip()
    for p in os.environ.get(
        "RENDA_TRUSTED_PROXIES", "127.0.0.1,::1" if env_bool("RENDA_TRUSTED_PROXY", False) else ""
    ).split(",")
    if p.strip()
]
RENDA_RATELIMIT_BACKEND = os.environ.get("RENDA_RATELIMIT_BACKEND", "redis" if REDIS_URL else "db")

# Roster import limits: a larger file is refused before it is parsed.
RENDA_IMPORT_MAX_BYTES = 5 * 1024 * 1024
RENDA_IMPORT_MAX_ROWS = 20000
RENDA_PAGE_SIZE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SITE_TITLE = _("Renda People's Congress platform")

# The audit chain's heads, appended after every seal to a file outside the database and signed with a key the
# database does not hold (renda/core/audit.py). Put it where a database administrator cannot rewrite it: another
# disk or host, a file made append-only (chattr +a). An empty value turns anchoring off.
RENDA_AUDIT_ANCHOR = os.environ.get("RENDA_AUDIT_ANCHOR", str(DATA_DIR / "audit-anchor.jsonl"))
RENDA_AUDIT_ANCHOR_KEY = os.environ.get("RENDA_AUDIT_ANCHOR_KEY", "")

RENDA_SMS_BACKEND = os.environ.get("RENDA_SMS_BACKEND", "renda.core.notify.ConsoleSmsBackend")
# SMS through a provider (docs/sms.md): RENDA_SMS_BACKEND=renda.core.sms.providers.TencentSmsBackend or
# …AliyunSmsBackend, the signature (签名) and the template id of each kind of message as approved in its console
# (JSON: {"opinions.received": "1234567", …}; the rules sms.sign_name and sms.templates override them per region),
# the keys, and the task queue's retries (attempts, and the first wait in seconds, doubled each time).
RENDA_SMS_SIGN_NAME = os.environ.get("RENDA_SMS_SIGN_NAME", "")
RENDA_SMS_TEMPLATES = json.loads(os.environ.get("RENDA_SMS_TEMPLATES", "") or "{}")
RENDA_SMS_MAX_ATTEMPTS = int(os.environ.get("RENDA_SMS_MAX_ATTEMPTS", "5"))
RENDA_SMS_RETRY_SECONDS = int(os.environ.get("RENDA_SMS_RETRY_SECONDS", "60"))
RENDA_SMS_TIMEOUT = int(os.environ.get("RENDA_SMS_TIMEOUT", "10"))
RENDA_SMS_TENCENT_SECRET_ID = os.environ.get("RENDA_SMS_TENCENT_SECRET_ID", "")
RENDA_SMS_TENCENT_SECRET_KEY = os.environ.get("RENDA_SMS_TENCENT_SECRET_KEY", "")
RENDA_SMS_TENCENT_APP_ID = os.environ.get("RENDA_SMS_TENCENT_APP_ID", "")  # SmsSdkAppId
RENDA_SMS_TENCENT_REGION = os.environ.get("RENDA_SMS_TENCENT_REGION", "ap-guangzhou")
RENDA_SMS_TENCENT_ENDPOINT = os.environ.get("RENDA_SMS_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com")
RENDA_SMS_ALIYUN_ACCESS_KEY_ID = os.environ.get("RENDA_SMS_ALIYUN_ACCESS_KEY_ID", "")
RENDA_SMS_ALIYUN_ACCESS_KEY_SECRET = os.environ.get("RENDA_SMS_ALIYUN_ACCESS_KEY_SECRET", "")
RENDA_SMS_ALIYUN_ENDPOINT = os.environ.get("RENDA_SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Covering indexes (INCLUDE columns) serve PostgreSQL's index-only scans of the big lists; SQLite builds the same
# index without the extra columns, which is all a laptop-sized database needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
