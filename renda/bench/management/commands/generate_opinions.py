"""Fill the configured database with N generated voters' opinions (default 1,000,000) for benchmarks.

Needs the demo district (`manage.py demo`). Rows are spread over every station, 2017–2025, with a realistic mix
of states (most closed, some routed and overdue, some newly registered); units are the district's and the
town's. bulk_create in batches of 5,000 inside transactions of 100,000 rows; no steps or audit events are
written for generated rows (they are load, not history). Run it on a database of its own:

    createdb -h 127.0.0.1 -U renda renda_bench_opinions
    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_bench_opinions manage.py migrate
    DATABASE_URL=… manage.py demo
    DATABASE_URL=… manage.py generate_opinions --count 1000000
"""

from __future__ import annotations

import datetime
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from renda.core import kept
from renda.opinions.demo import TEMPLATES
from renda.opinions.kept import OPINIONS
from renda.opinions.keywords import keywords
from renda.opinions.models import Opinion, Status
from renda.org.models import Region, Unit
from renda.stations.models import Station

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
STATES = [
    (Status.CLOSED, 60),
    (Status.TOLD, 10),
    (Status.ROUTED, 14),
    (Status.REGISTERED, 8),
    (Status.ANSWERED, 3),
    (Status.SUGGESTION, 2),
    (Status.REPORTED, 1),
    (Status.OUT_OF_REMIT, 2),
]


def _code(n: int) -> str:
    """A unique tracking code per generated row ('G' + the row number in base 31)."""
    digits = []
    for _ in range(9):
        n, r = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[r])
    return "G" + "".join(reversed(digits))


class Command(BaseCommand):
    help = "Generate N opinions (bulk) into the configured database for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=1_000_000)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, count: int, batch: int, seed: int, **options: Any) -> None:
        stations = list(Station.objects.select_related("town", "region"))
        if not stations:
            raise CommandError("No stations: run `manage.py demo` first.")
        rng = random.Random(seed)
        villages = {}
        for s in stations:
            villages[s.pk] = (
                [s.region] if s.kind == Station.Kind.ROOM else list(Region.objects.filter(parent=s.town)) or [s.region]
            )
        units_by_town: dict[int, list[Unit]] = {}
        district_units = list(Unit.objects.filter(region__depth=0, is_active=True))
        for s in stations:
            units_by_town.setdefault(s.town_id, district_units + list(Unit.objects.filter(region=s.town, is_active=True)))
        templates = [(c, t, " ".join(keywords(t.format(v="")))) for c, t, _u in TEMPLATES]
        states, weights = zip(*STATES, strict=True)
        start = datetime.datetime(2017, 1, 1, tzinfo=datetime.UTC)
        span = int((datetime.datetime(2025, 12, 31, tzinfo=datetime.UTC) - start).total_seconds())
        today = timezone.localdate()
        offset = Opinion.objects.filter(tracking_code__startswith="G").count()
        began = time.monotonic()
        done = 0
        while done < count:
            chunk = min(100_000, count - done)
            with transaction.atomic():
                rows = []
                for i in range(chunk):
                    n = offset + done + i
                    station = stations[rng.randrange(len(stations))]
                    category, template, words = templates[rng.randrange(len(templates))]
                    region = rng.choice(villages[station.pk])
                    status = rng.choices(states, weights)[0]
                    registered = start + datetime.timedelta(seconds=rng.randrange(span))
                    row = Opinion(
                        station_id=station.pk,
                        town_id=station.town_id,
                        region_id=region.pk,
                        source=Opinion.Source.STATION,
                        category=category,
                        text=template.format(v=region.name),
                        keywords=words,
                        phone=f"139{n % 10**8:08d}",
                        contact_name="张某",
                        tracking_code=_code(n),
                        status=status,
                        registered_at=registered,
                    )
                    if (
                        status in (Status.ROUTED, Status.ANSWERED, Status.TOLD, Status.CLOSED)
                        and rng.random() < 0.7
                        or status == Status.ROUTED
                    ):
                        row.unit_id = rng.choice(units_by_town[station.town_id]).pk
                        row.routed_at = registered + datetime.timedelta(hours=2)
                        row.deadline = (registered + datetime.timedelta(days=15)).date()
                        if status == Status.ROUTED and row.deadline < today and rng.random() < 0.9:
                            row.deadline = today + datetime.timedelta(days=rng.randrange(1, 15))
                    if status in (Status.ANSWERED, Status.TOLD, Status.CLOSED):
                        answered_at = registered + datetime.timedelta(days=rng.randrange(0, 18))
                        row.answered_at = answered_at
                        row.answer = "已答复。"
                        row.answered_on_time = row.deadline is None or answered_at.date() <= row.deadline
                        if status in (Status.TOLD, Status.CLOSED):
                            row.told_at = answered_at
                        if status == Status.CLOSED:
                            row.solved = rng.random() < 0.78
                            row.closed_at = answered_at + datetime.timedelta(days=7)
                    rows.append(row)
                Opinion.objects.bulk_create(rows, batch_size=batch)
            done += chunk
            rate = done / (time.monotonic() - began)
            self.stdout.write(f"{done:>9,} rows  {rate:,.0f} rows/s")
        self.stdout.write(self.style.SUCCESS(f"Generated {count:,} opinions in {time.monotonic() - began:.1f} s."))
        cells = kept.rebuild(OPINIONS)  # the figures kept per station and month, recounted from the rows just written
        self.stdout.write(f"{cells:,} kept cells of the opinions' figures recounted")
