"""Latency of the opinion lists and the figures report on the configured database (numbers, not a test).

In-process (Django's test client: URL routing, middleware, view, selector, template — no network), logged in
as the demo's `wjj_liaison` (officer list: their stations), `office` (district-wide list) and `edu_clerk`
(unit inbox). Each page is fetched `--runs` times after a warm-up; prints p50 / p95 / p99 / max and the row
counts. The figures report is timed as a call of `station_figures` over the whole district for a half year.

    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_bench_opinions manage.py bench_opinions --runs 50
"""

from __future__ import annotations

import datetime
import re
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.test import Client
from django.urls import reverse

from renda.bench.harness import timing_line
from renda.core.models import User
from renda.opinions.figures import station_figures
from renda.opinions.models import Opinion
from renda.org.scoping import build_scope


class Command(BaseCommand):
    help = "Print p50/p95 of the officer list, the unit inbox and the half-year figures report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--year", type=int, default=2017)

    def handle(self, *args: Any, runs: int, year: int, **options: Any) -> None:
        runs = max(5, min(runs, 1000))
        self.stdout.write(f"opinions in the database: {Opinion.objects.count():,}")
        pages = [
            ("officer list (wjj_liaison)", "wjj_liaison", reverse("opinions:opinion_list")),
            ("officer list, overdue filter", "wjj_liaison", reverse("opinions:opinion_list") + "?overdue=on"),
            ("unit inbox (edu_clerk)", "edu_clerk", reverse("opinions:inbox")),
            ("district list (office)", "office", reverse("opinions:opinion_list")),
            ("district list page 50 (office)", "office", reverse("opinions:opinion_list") + "?page=50"),
        ]
        for label, username, url in pages:
            client = Client()
            client.force_login(User.objects.get(username=username))
            response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
            match = re.search(rb'data-testid="result-count">\D*([\d,]+)', response.content)
            rows = int(match.group(1).replace(b",", b"")) if match else -1
            timings: list[float] = []
            for _ in range(runs):
                began = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200
            self.stdout.write(timing_line(label, timings, f"rows {rows:,}", width=36))
        scope = build_scope(User.objects.get(username="office"))
        timings = []
        for _ in range(max(5, runs // 5)):
            began = time.perf_counter()
            report = station_figures(scope=scope, date_from=datetime.date(year, 1, 1), date_to=datetime.date(year, 6, 30))
            timings.append((time.perf_counter() - began) * 1000)
        figures = f"opinions {report.total.values['opinions']:,}"
        self.stdout.write(timing_line(f"figures {year} H1, whole district", timings, figures, width=36))
