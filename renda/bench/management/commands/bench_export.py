"""Rows per second of the exports (issue #17): each export list replayed as the task worker does
(`renda.core.exports.replay`), written by the streaming writer the worker uses and, for comparison, by the former
openpyxl writer (write-only mode) from the same rows, in the same run.

    DATABASE_URL=postgres://…/renda_export5 manage.py bench_export --province      # a copy of renda_gen20
    manage.py bench_export                                                           # the demo, as its office

Prints: export, rows, seconds and rows/s with each writer, the speed-up, and the queries each replay ran.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from renda.bench.management.commands.bench_table import Command as BenchTable
from renda.core import exports
from renda.core.models import User
from renda.core.xlsx import safe_cell

EXPORTS = [
    ("deputies", "/deputies/", ""),
    ("opinions, routed", "/opinions/", "status=routed"),
    ("opinions, all", "/opinions/", ""),
    ("suggestions", "/suggestions/", ""),
]


def openpyxl_writer(target: IO[bytes], headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, sheet_title: str = "") -> int:
    """The writer exports used before (core.xlsx.xlsx_bytes: openpyxl, write-only)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31] or "Sheet1")
    sheet.append([safe_cell(str(h)) for h in headers])
    count = 0
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
        count += 1
    workbook.save(target)
    return count


class Command(BaseCommand):
    help = "Rows per second of the exports, with the streaming writer and the former openpyxl one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="office")
        parser.add_argument("--province", action="store_true", help="as an office of the generated province's root")
        parser.add_argument("--only", default="", help="export labels to run, separated by semicolons")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = BenchTable().province_user() if opts["province"] else User.objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"no user {opts['user']!r}")
        only = {s.strip() for s in opts["only"].split(";") if s.strip()}
        self.stdout.write(
            f"{'export':<20} {'rows':>9} {'before s':>9} {'rows/s':>8} {'after s':>8} {'rows/s':>8} {'×':>5} {'queries':>8}"
        )
        for label, path, query in EXPORTS:
            if only and label not in only:
                continue
            before_s, before_rows, _ = self.run(user, path, query, openpyxl_writer)
            after_s, rows, queries = self.run(user, path, query, exports.write_xlsx)
            assert rows == before_rows, (rows, before_rows)
            self.stdout.write(
                f"{label:<20} {rows:>9,} {before_s:>9.2f} {rows / before_s:>8,.0f} {after_s:>8.2f} {rows / after_s:>8,.0f}"
                f" {before_s / after_s:>5.1f} {queries:>8}"
            )

    @staticmethod
    def run(user: User, path: str, query: str, writer: Any) -> tuple[float, int, int]:
        sink = exports.Sink(target=io.BytesIO(), writer=writer)
        user = User.objects.get(pk=user.pk)  # a fresh scope each time
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            exports.replay(user, path, query, sink)
            seconds = time.perf_counter() - started
        return seconds, sink.rows, len(captured.captured_queries)
