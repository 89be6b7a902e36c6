"""Generate a province into the configured database (issue #17): renda.bench.province.

    createdb -h 127.0.0.1 -U renda renda_bench_province
    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_bench_province manage.py migrate
    DATABASE_URL=… manage.py generate_province --scale 0.05        # 1/20 of a province: ~1 million rows
    DATABASE_URL=… manage.py generate_province                     # the whole province: ~20 million rows

COPY on PostgreSQL, deterministic from --seed (and --as-of). Prints each phase's time and the rows per table, and
the rate, from which a full run's time is extrapolated (rows grow linearly with --scale).
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renda.bench.harness import load
from renda.bench.province import generate, summary


class Command(BaseCommand):
    help = "Generate a province (cities, districts, towns, deputies, opinions, suggestions, attendance) for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the whole province (default); 0.05 = 1/20")
        parser.add_argument("--seed", type=int, default=17)
        parser.add_argument("--as-of", default="2025-11-30", help="the generated data's today (YYYY-MM-DD)")

    def handle(self, *args: Any, scale: float, seed: int, as_of: str, **options: Any) -> None:
        if not 0 < scale <= 2:
            raise CommandError("--scale between 0 and 2")
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError as exc:
            raise CommandError("--as-of YYYY-MM-DD") from exc
        self.stdout.write(f"generating a province at scale {scale:g} (seed {seed}); {load()}")
        started = time.monotonic()
        out = generate(scale, seed, day, say=lambda line: self.stdout.write("  " + line))
        seconds = time.monotonic() - started
        for line in summary(out):
            self.stdout.write(line)
        total = sum(out.rows.values())
        self.stdout.write(
            f"{total:,} rows in {seconds:.1f} s ({total / seconds:,.0f} rows/s); at scale 1 about "
            f"{seconds / scale / 60:.0f} min by linear extrapolation; {load()}"
        )
