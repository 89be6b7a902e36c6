from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
RENDA_SMS_BACKEND = "renda.core.notify.MemorySmsBackend"
# Users are read from the database on every request in tests, so query counts do not depend on which request
# came first; renda/core/tests/test_auth_cache.py turns the cache on where it is under test.
RENDA_USER_CACHE_SECONDS = 0
# Tests that anchor the audit chain give it a file of their own (renda/core/tests/test_audit.py).
RENDA_AUDIT_ANCHOR = ""
