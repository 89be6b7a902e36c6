"""`migrate` on an empty database creates the tables from the models (renda/core/management/commands/migrate.py):
the schema it makes must be the one the migrations make step by step, and it must refuse a plan it cannot
reproduce."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.db import migrations

from renda.core.management.commands.migrate import fresh_blocker

ROOT = Path(__file__).resolve().parent.parent


def _schema(path: Path) -> dict[str, object]:
    """Tables with their columns, indexes (columns, unique, partial), foreign keys and CHECK clauses, order-free."""
    db = sqlite3.connect(path)
    try:
        out: dict[str, object] = {}
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            columns = sorted(tuple(r[1:6]) for r in db.execute(f'PRAGMA table_info("{table}")'))
            indexes = []
            for _seq, name, unique, origin, partial in db.execute(f'PRAGMA index_list("{table}")'):
                cols = [r[2] for r in db.execute(f'PRAGMA index_xinfo("{name}")') if r[5]]
                sql = db.execute("SELECT sql FROM sqlite_master WHERE name=?", (name,)).fetchone()
                where = (sql[0] or "").partition(" WHERE ")[2] if sql else ""
                indexes.append((name if origin == "c" else origin, tuple(cols), unique, partial, where))
            fks = sorted(tuple(r[2:5]) for r in db.execute(f'PRAGMA foreign_key_list("{table}")'))
            create = db.execute("SELECT sql FROM sqlite_master WHERE name=?", (table,)).fetchone()[0]
            checks = sorted(part.strip().rstrip(",) ") for part in create.split("CONSTRAINT")[1:])
            out[table] = (columns, sorted(indexes), fks, checks)
        return out
    finally:
        db.close()


def _migrate(path: Path, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    done = subprocess.run(  # noqa: S603 - this interpreter and manage.py
        [sys.executable, "manage.py", "migrate", "--no-input", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_fresh_migrate_makes_the_schema_of_the_migrations(tmp_path: Path) -> None:
    fast, slow = tmp_path / "fast.sqlite3", tmp_path / "slow.sqlite3"
    said = _migrate(fast, "--run-syncdb")  # as the test databases are made
    assert "creating the tables from the models" in said
    _migrate(slow, "--run-syncdb", "--step-by-step")
    fast_schema, slow_schema = _schema(fast), _schema(slow)
    assert sorted(fast_schema) == sorted(slow_schema)
    different = [table for table in fast_schema if fast_schema[table] != slow_schema[table]]
    assert not different, [(t, fast_schema[t], slow_schema[t]) for t in different[:3]]
    db = sqlite3.connect(fast)
    try:
        recorded = db.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert recorded == sqlite3.connect(slow).execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        assert db.execute("SELECT count(*) FROM django_content_type").fetchone()[0] > 100
    finally:
        db.close()


def _migration(*operations: object) -> migrations.Migration:
    migration = migrations.Migration("0099_test", "demo")
    migration.operations = list(operations)
    return migration


def test_a_plan_with_a_step_the_models_cannot_reproduce_is_applied_step_by_step() -> None:
    def seed(apps: object, schema_editor: object) -> None:  # pragma: no cover - never run
        pass

    assert fresh_blocker(_migration(migrations.RunPython(seed, elidable=True))) is None
    assert fresh_blocker(_migration(migrations.RunPython(seed))) is not None
    assert fresh_blocker(_migration(migrations.RunSQL("CREATE VIEW v AS SELECT 1"))) is not None
    assert fresh_blocker(_migration(migrations.SeparateDatabaseAndState())) is not None
