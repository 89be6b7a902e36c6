from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renda.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the audit anchor into one .tar.gz archive with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="backups", help="directory for the archive (default: ./backups)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(Path(options["output"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result.manifest["tables"].values())
        files = sum(1 for name in result.manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"{result.path}: {rows} rows in {len(result.manifest['tables'])} tables, {files} files")
