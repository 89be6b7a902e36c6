"""`renda backup` and `renda restore` round trip: after restoring into an empty installation, every table's count,
every uploaded file and the audit chain (with its anchor) are identical. Run in processes of their own against a
data directory of their own (SQLite; and PostgreSQL when the suite runs there)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection

SEED = """
import django; django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from renda.core.audit import audit_record, audit_seal
from renda.org.models import Region
with transaction.atomic():
    for n in range(3):
        region = Region.objects.create(name=f"备份区{n}", kind="district")
        audit_record(actor=None, action="test.backup", obj=region, after={"n": n})
default_storage.save("uploads/证明.pdf", ContentFile(b"%PDF-1.4 backup test"))
audit_seal()
"""

REPORT = """
import django, json, hashlib; django.setup()
from django.conf import settings
from pathlib import Path
from renda.core.backup import table_counts
from renda.core.audit import audit_verify
files = {str(p.relative_to(settings.MEDIA_ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
         for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
result = audit_verify()
print(json.dumps({"tables": table_counts(), "files": files, "ok": result.ok, "checked": result.checked,
                  "anchored": result.anchored}))
"""


def _env(data_dir, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TEST_DATABASE_NAME", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="renda.settings.dev", RENDA_DATA_DIR=str(data_dir), DEBUG="0")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=600)  # noqa: S603
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _round_trip(tmp_path, database_url: str | None, fresh_database) -> None:
    manage = [sys.executable, "manage.py"]
    source = _env(tmp_path / "source", database_url)
    _run([*manage, "migrate", "--noinput", "-v0"], source)
    _run([sys.executable, "-c", SEED], source)
    before = json.loads(_run([sys.executable, "-c", REPORT], source).splitlines()[-1])
    assert before["ok"] and before["anchored"] > 0 and before["files"]
    out = _run([*manage, "backup", "--output", str(tmp_path / "backups")], source)
    archive = out.split(":")[0].strip()

    target_url = fresh_database()
    target = _env(tmp_path / "target", target_url)
    if target_url:
        _run([*manage, "migrate", "--noinput", "-v0"], target)  # an empty installation, as a new server has
    _run([*manage, "restore", archive], target)
    after = json.loads(_run([sys.executable, "-c", REPORT], target).splitlines()[-1])
    assert after == before

    refused = subprocess.run([*manage, "restore", archive], env=target, cwd=settings.BASE_DIR, capture_output=True, text=True)  # noqa: S603
    assert refused.returncode != 0 and "already holds data" in refused.stderr


def test_backup_and_restore_round_trip_on_sqlite(tmp_path):
    _round_trip(tmp_path, None, lambda: None)


def test_backup_and_restore_round_trip_on_postgresql(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL round trip runs when the suite runs on PostgreSQL")
    import psycopg

    db = connection.settings_dict
    base = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    created: list[str] = []

    def fresh() -> str:
        name = f"renda_backup_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return f"{base}/{name}"

    try:
        _round_trip(tmp_path, fresh(), fresh)
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for name in created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
