import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Development runs no task worker (`make demo` is runserver alone): tasks — an SMS to the console — run at once.
# RENDA_TASKS=db queues them in the database as production does (then run `manage.py db_worker`).
if os.environ.get("RENDA_TASKS", "") != "db":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
