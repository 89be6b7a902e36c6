"""Production settings: sessions are read through a cache every worker shares, never a per-process one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

SECRET = "test-production-secret-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"  # noqa: S105 - a throwaway process


def _run(code: str, data_dir, **env_extra) -> str:
    """Run `code` after django.setup() under the production settings, in a process of its own (a worker)."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DJANGO_SETTINGS_MODULE="renda.settings.production", SECRET_KEY=SECRET, RENDA_DATA_DIR=str(data_dir))
    env.update(env_extra)
    out = subprocess.run(  # noqa: S603 - our interpreter, our code
        [sys.executable, "-c", "import django, json; django.setup(); " + code],
        env=env, cwd=settings.BASE_DIR, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("extra", "backend"),
    [
        ({}, "renda.core.cache.FileCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_sessions_go_through_a_cache_shared_by_the_workers(tmp_path, extra, backend):
    code = "from django.conf import settings as s; print(json.dumps([s.SESSION_ENGINE, s.CACHES['default']]))"
    engine, cache = json.loads(_run(code, tmp_path, **extra))
    assert engine == "django.contrib.sessions.backends.cached_db"
    assert cache["BACKEND"] == backend
    if not extra:
        assert cache["LOCATION"] == str(tmp_path / "cache")


def test_the_file_cache_is_shared_between_processes(tmp_path):
    """What one worker stores (a login's session), another worker reads without the database."""
    _run("from django.core.cache import cache; cache.set('shared-key', 'seen by the other worker', 60); print(1)", tmp_path)
    assert _run("from django.core.cache import cache; print(cache.get('shared-key'))", tmp_path) == "seen by the other worker"


def test_the_file_cache_culls_at_most_once_per_interval(tmp_path):
    from renda.core.cache import FileCache

    throttled = FileCache(str(tmp_path / "a"), {"OPTIONS": {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2, "CULL_INTERVAL": 3600}})
    for n in range(10):
        throttled.set(f"k{n}", n, 60)
    # the first write checked (an empty directory); the others did not list the directory again
    assert sum(throttled.get(f"k{n}") is not None for n in range(10)) == 10
    every_time = FileCache(str(tmp_path / "b"), {"OPTIONS": {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2, "CULL_INTERVAL": 0}})
    for n in range(10):
        every_time.set(f"k{n}", n, 60)
    assert sum(every_time.get(f"k{n}") is not None for n in range(10)) < 10


@pytest.mark.parametrize("key", ["x", "dev-only-insecure-key-change-me", "a" * 60])
def test_production_refuses_a_short_or_weak_secret_key(tmp_path, key):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DJANGO_SETTINGS_MODULE="renda.settings.production", SECRET_KEY=key, RENDA_DATA_DIR=str(tmp_path))
    out = subprocess.run(  # noqa: S603 - our interpreter, our code
        [sys.executable, "-c", "import django; django.setup()"], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert out.returncode != 0 and "SECRET_KEY" in out.stderr


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="renda.settings.production",
        SECRET_KEY=SECRET,
        RENDA_DATA_DIR=str(tmp_path),
        ALLOWED_HOSTS="renda.example.gov.cn",
    )
    out = subprocess.run(  # noqa: S603 - our interpreter, our code
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=settings.BASE_DIR, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_every_html_page_carries_the_content_security_policy(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-eval'" not in policy and "frame-ancestors 'none'" in policy
    assert "Content-Security-Policy" not in client.get("/healthz")
