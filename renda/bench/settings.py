"""Settings of a burst benchmark's gunicorn: production settings plus the baseline endpoint's URL."""

from renda.settings.production import *  # noqa: F403

ROOT_URLCONF = "renda.bench.urls"
