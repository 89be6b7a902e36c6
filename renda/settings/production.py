import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if SECRET_KEY.startswith("dev-only"):  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The cache is shared by every worker process: sessions are read through it (cached_db: written to both, read
# from the cache, the database on a miss) and the rate limits (one-time codes, tracking-code guesses) count
# across workers. Several app servers: REDIS_URL. One server (a laptop, a small district): files under the
# data directory, no extra service. A locmem cache would be per process: a session read from the database on
# most requests and rate limits multiplied by the number of workers.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {
        "default": {
            "BACKEND": "renda.core.cache.FileCache",
            "LOCATION": str(DATA_DIR / "cache"),  # noqa: F405
            # culling scans the directory: keep it rare (one small file per session, 2 weeks at most)
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "200000"))},
        }
    }
