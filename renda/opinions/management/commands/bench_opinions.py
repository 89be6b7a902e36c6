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
import statistics
import time

from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse

from renda.core.models import User
from renda.org.scoping import build_scope

from ...figures import station_figures
from ...models import Opinion


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Print p50/p95 of the officer list, the unit inbox and the half-year figures report."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--year", type=int, default=2017)

    def handle(self, *args, runs, year, **options):
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
            timings = []
            for _ in range(runs):
                began = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200
            self._print(label, timings, f"rows {rows:,}")
        scope = build_scope(User.objects.get(username="office"))
        timings = []
        for _ in range(max(5, runs // 5)):
            began = time.perf_counter()
            report = station_figures(scope=scope, date_from=datetime.date(year, 1, 1), date_to=datetime.date(year, 6, 30))
            timings.append((time.perf_counter() - began) * 1000)
        self._print(f"figures {year} H1, whole district", timings, f"opinions {report.total.values['opinions']:,}")

    def _print(self, label: str, timings: list[float], extra: str) -> None:
        self.stdout.write(
            f"{label:<36} p50 {statistics.median(timings):7.1f} ms  p95 {_pct(timings, 95):7.1f} ms  "
            f"p99 {_pct(timings, 99):7.1f} ms  max {max(timings):7.1f} ms  ({len(timings)} runs, {extra})"
        )
