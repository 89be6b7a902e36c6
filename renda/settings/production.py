import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
# A production key is long and random (python -c "import secrets; print(secrets.token_urlsafe(50))"): sessions,
# CSRF tokens and the voters' one-time codes are signed with it.
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production: at least 50 random characters")
# TLS: behind nginx (which terminates HTTPS and sets X-Forwarded-Proto), every page is HTTPS-only. SECURE_COOKIES=0
# and SECURE_SSL_REDIRECT=0 are for a plain-HTTP loopback (benchmarks, the cluster's tests), never for users.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE_SSL_REDIRECT else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# The cache is shared by every worker process: sessions are read through it (cached_db: written to both, read
# from the cache, the database on a miss) and the rate limits (one-time codes, tracking-code guesses) count
# across workers. Several app servers: REDIS_URL. One server (a laptop, a small district): files under the
# data directory, no extra service. A locmem cache would be per process: a session read from the database on
# most requests and rate limits multiplied by the number of workers.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
_cache: dict[str, Any]
if os.environ.get("REDIS_URL"):
    _cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
else:
    _cache = {
        "BACKEND": "renda.core.cache.FileCache",
        "LOCATION": str(DATA_DIR / "cache"),  # noqa: F405
        # culling scans the directory: keep it rare (one small file per session, 2 weeks at most)
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "200000"))},
    }
CACHES = {"default": _cache}
