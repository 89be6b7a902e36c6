"""`manage.py kept check|rebuild [NAME …]`: compare the kept figures with their live counts, or recount them
(after a bulk load such as `generate_province`; the daily job does the same every morning)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renda.core.kept import KEPT, differences, rebuild


class Command(BaseCommand):
    help = "Check the kept figures against their records, or recount them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check", "rebuild"])
        parser.add_argument("names", nargs="*", help=f"which (default: all): {', '.join(sorted(KEPT))}")

    def handle(self, *args: Any, **opts: Any) -> None:
        unknown = [name for name in opts["names"] if name not in KEPT]
        if unknown:
            raise CommandError(f"unknown kept figures: {', '.join(unknown)} (known: {', '.join(sorted(KEPT))})")
        failed = 0
        for name in opts["names"] or sorted(KEPT):
            started = time.perf_counter()
            if opts["action"] == "rebuild":
                changed = rebuild(KEPT[name])
                self.stdout.write(f"{name}: {changed} cells written in {time.perf_counter() - started:.1f} s")
                continue
            wrong = differences(KEPT[name])
            failed += len(wrong)
            self.stdout.write(f"{name}: {len(wrong)} cells differ from their records ({time.perf_counter() - started:.1f} s)")
            for cell, (have, want) in sorted(wrong.items(), key=repr)[:20]:
                self.stdout.write(f"  {cell}: kept {have}, records {want}")
        if failed:
            raise CommandError(f"{failed} kept cells differ from their records: run `manage.py kept rebuild`")
