"""Backup and restore: the database, the uploaded files and the audit anchor in one archive, checked on the way back.

    renda backup --output /srv/backups            # → renda-backup-20261130-1200.tar.gz
    renda restore /srv/backups/renda-backup-….tar.gz [--force]

The archive holds `database.sqlite3` (SQLite's online backup API: a consistent copy while the server runs) or
`database.pgdump` (`pg_dump --format=custom`, consistent by its snapshot), `media/` (the uploaded files), the audit
anchor file, and `manifest.json`: when, which engine, the row count of every table, the audit chain's head and the
SHA-256 of every file. Restore refuses a database that already holds data unless `--force`, then loads everything,
and checks that every table's count and every file's hash match the manifest and that the audit chain verifies.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from .audit import audit_seal, audit_verify
from .models import AuditChainHead

FORMAT = 1


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows per table of every installed model (the manifest's and the restore check's measure)."""
    counts: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._default_manager.using("default").count()
    return dict(sorted(counts.items()))


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _anchor() -> Path | None:
    path = getattr(settings, "RENDA_AUDIT_ANCHOR", "")
    return Path(path) if path else None


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432), "--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _dump_database(target: Path) -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        out = target / "database.sqlite3"
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(out))
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return out.name
    if connection.vendor == "postgresql":
        out = target / "database.pgdump"
        args, env = _pg_env(db)
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "--file", str(out), str(db["NAME"])]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        return out.name
    raise BackupError(f"backups of {connection.vendor} databases are not supported")


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]


def backup(output: Path) -> BackupResult:
    """Write one archive into the directory `output`; returns its path and manifest."""
    audit_seal()
    output.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory(prefix="renda-backup-") as tmp:
        work = Path(tmp)
        database = _dump_database(work)
        files: dict[str, str] = {database: _sha256(work / database)}
        media = _media_root()
        if media.exists():
            shutil.copytree(media, work / "media")
            for path in sorted((work / "media").rglob("*")):
                if path.is_file():
                    files[str(path.relative_to(work))] = _sha256(path)
        anchor = _anchor()
        if anchor is not None and anchor.exists():
            shutil.copy2(anchor, work / "audit-anchor.jsonl")
            files["audit-anchor.jsonl"] = _sha256(work / "audit-anchor.jsonl")
        head = AuditChainHead.objects.filter(pk=1).first()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": database,
            "tables": table_counts(),
            "audit_head": {"seq": head.last_seq, "hash": head.last_hash} if head else None,
            "files": files,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        archive = output / f"renda-backup-{stamp}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            for path in sorted(work.iterdir()):
                tar.add(path, arcname=path.name)
    return BackupResult(archive, manifest)


def _database_has_data() -> bool:
    tables = set(connection.introspection.table_names())
    if "core_auditevent" not in tables:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM core_auditevent LIMIT 1")
        return cursor.fetchone() is not None


def _load_database(work: Path, manifest: dict[str, Any]) -> None:
    db = connection.settings_dict
    source = work / str(manifest["database"])
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"this archive holds a {manifest['engine']} database; the configured one is {connection.vendor}")
    if connection.vendor == "sqlite":
        connections.close_all()
        restored = sqlite3.connect(str(source))
        target = sqlite3.connect(str(db["NAME"]))
        with target:
            restored.backup(target)
        target.close()
        restored.close()
        return
    connections.close_all()
    args, env = _pg_env(db)
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", *args, "--dbname", str(db["NAME"]), str(source)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()}")


def _safe_extract(tar: tarfile.TarFile, target: Path) -> None:
    root = target.resolve()
    for member in tar.getmembers():
        resolved = (target / member.name).resolve()
        if not str(resolved).startswith(str(root)) or member.issym() or member.islnk():
            raise BackupError(f"unsafe path in the archive: {member.name}")
    tar.extractall(target, filter="data")  # noqa: S202 - every member checked above


def restore(archive: Path, *, force: bool = False) -> dict[str, Any]:
    """Load an archive into the configured database and data directory, then check it. Returns the manifest."""
    if not archive.exists():
        raise BackupError(f"{archive} does not exist")
    if _database_has_data() and not force:
        raise BackupError("the database already holds data: restore into an empty one, or pass --force to replace it")
    with tempfile.TemporaryDirectory(prefix="renda-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            _safe_extract(tar, work)
        manifest: dict[str, Any] = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError("unknown archive format")
        for name, digest in manifest["files"].items():
            if _sha256(work / name) != digest:
                raise BackupError(f"{name} does not match its checksum: the archive is damaged")
        _load_database(work, manifest)
        media = _media_root()
        if media.exists():
            shutil.rmtree(media)
        if (work / "media").exists():
            shutil.copytree(work / "media", media)
        anchor = _anchor()
        if anchor is not None and (work / "audit-anchor.jsonl").exists():
            anchor.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(work / "audit-anchor.jsonl", anchor)
    problems = check(manifest)
    if problems:
        raise BackupError("restored, but: " + "; ".join(problems))
    return manifest


def check(manifest: dict[str, Any]) -> list[str]:
    """What differs between the restored installation and the manifest (empty when identical)."""
    problems = []
    counts = table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"{table}: {counts.get(table)} rows, the backup had {expected}")
    media = _media_root()
    for name, digest in manifest["files"].items():
        if name.startswith("media/"):
            path = media / name.removeprefix("media/")
            if not path.exists() or _sha256(path) != digest:
                problems.append(f"{name} is missing or differs")
    head = AuditChainHead.objects.filter(pk=1).first()
    expected_head = manifest.get("audit_head")
    if expected_head and (head is None or head.last_seq != expected_head["seq"] or head.last_hash != expected_head["hash"]):
        problems.append("the audit chain's head differs from the backup's")
    result = audit_verify()
    if not result.ok:
        problems.append(f"the audit chain does not verify: {result.problem}")
    return problems
