"""The benchmark table of one database (issue #17): the main lists, detail pages, the overview, figures and exports,
each list beside the raw SQL doing the same work, against a baseline measured in the same run.

    manage.py bench_table --label "demo, SQLite"                                   # the configured database
    DATABASE_URL=postgres://…/renda_bench_table_demo manage.py bench_table --label "demo, PostgreSQL"
    DATABASE_URL=postgres://…/renda_bench_province manage.py bench_table --label "province 1/20, PostgreSQL" --province

In process (Django's test client through the whole middleware stack, templates and the database; no HTTP): each
page is fetched `--warmup` times untimed, then `--runs` times, as the office of the whole area (the demo's `office`,
or with `--province` an office account granted the generated province's root region). The page's queries are
captured once and then run again straight on the database cursor, `--runs` times: "raw SQL" is that floor (the
same statements, the same rows, no ORM, views or templates). The baseline is /healthz (middleware, one trivial
query), timed between the pages, so the ratios hold on a noisy machine. Every timed answer must be 200.

Prints: page, kind, p50 and p95 (ms), raw SQL p95 and the page's p95 over it, and p95 over the baseline's p50.
The through-nginx rows (two app servers and a replica) come from `manage.py bench_cluster` (the vote burst).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from renda.bench.harness import load, percentile
from renda.core.models import User
from renda.opinions.models import Opinion
from renda.org.models import Deputy, Region, Role, RoleGrant
from renda.suggestions.models import Suggestion

PROVINCE_USER = "bench_province_office"
SKIP_RAW = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "FETCH", "CLOSE")
#: a server-side cursor's statement (an export's iterator): its query runs as a plain one
DECLARE = re.compile(r'^DECLARE\s+"?\w+"?\s.*?\bFOR\s+', re.IGNORECASE | re.DOTALL)


@dataclass
class Row:
    label: str
    kind: str
    path: str
    timings_ms: list[float] = field(default_factory=list)
    raw_ms: list[float] = field(default_factory=list)
    queries: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def p(self, q: float) -> float:
        return percentile(self.timings_ms, q)

    def raw(self, q: float) -> float:
        return percentile(self.raw_ms, q)


class Command(BaseCommand):
    help = "Time the main pages of the configured database beside their raw SQL and a baseline (the benchmark table)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--label", default="", help="what this database is (printed in the table's title)")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--warmup", type=int, default=2)
        parser.add_argument("--user", default="office", help="the account the pages are read as (default: the demo's office)")
        parser.add_argument("--province", action="store_true", help="read as an office of the generated province's root region")

    def handle(self, *args: Any, **opts: Any) -> None:
        runs, warmup = opts["runs"], opts["warmup"]
        if not (1 <= runs <= 1000 and 0 <= warmup <= 100):
            raise CommandError("--runs 1..1000, --warmup 0..100")
        user = self.province_user() if opts["province"] else User.objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"no user {opts['user']!r}: build the demo (manage.py demo) or pass --province")
        client = Client()
        client.force_login(user)
        with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, RENDA_EXPORT_INLINE_ROWS=10**9):  # exports timed inline
            rows = [self.measure(client, label, kind, path, runs, warmup) for label, kind, path in self.pages()]
            base = self.measure(client, "baseline /healthz", "baseline", "/healthz", runs, warmup, raw=False)
        self.report(opts["label"] or connection.vendor, rows, base)

    def province_user(self) -> User:
        root = Region.objects.filter(kind=Region.Kind.PROVINCE).order_by("-id").first()
        if root is None:
            raise CommandError("no province: manage.py generate_province first")
        user, _ = User.objects.get_or_create(username=PROVINCE_USER, defaults={"display_name": "省人大常委会办公室"})
        RoleGrant.objects.get_or_create(user=user, role=Role.OFFICE, region=root)
        return user

    def pages(self) -> list[tuple[str, str, str]]:
        opinion = Opinion.objects.order_by("-id").values_list("id", flat=True).first()
        deputy = Deputy.objects.order_by("-id").values_list("id", flat=True).first()
        suggestion = Suggestion.objects.order_by("-id").values_list("id", flat=True).first()
        year = 2024 if Opinion.objects.filter(registered_at__year=2024).exists() else 2017
        out = [
            ("opinions list", "list", "/opinions/"),
            ("opinions list, filtered", "list", "/opinions/?status=routed"),
            ("suggestions list", "list", "/suggestions/"),
            ("deputies list", "list", "/deputies/"),
            ("meetings list", "list", "/meetings/"),
            ("station activities list", "list", "/stations/activities/"),
            ("API opinions", "list", "/api/opinions/"),
            ("opinion detail", "detail", f"/opinions/{opinion}/"),
            ("deputy detail", "detail", f"/deputies/{deputy}/"),
            ("suggestion detail", "detail", f"/suggestions/{suggestion}/"),
            (f"work overview {year}", "overview", f"/overview/?year={year}&half=0"),
            ("opinion figures", "figures", f"/opinions/figures/?year={year}"),
            ("suggestion figures", "figures", f"/suggestions/figures/?year={year}"),
            ("deputies export", "export", "/deputies/?export=xlsx"),
            ("opinions export, routed", "export", "/opinions/?status=routed&export=xlsx"),
        ]
        return [row for row in out if "None" not in row[2]]

    def measure(self, client: Client, label: str, kind: str, path: str, runs: int, warmup: int, *, raw: bool = True) -> Row:
        row = Row(label, kind, path)
        for _ in range(warmup):
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        row.statuses[response.status_code] = 1
        statements = [DECLARE.sub("", q["sql"]) for q in captured.captured_queries if not q["sql"].upper().startswith(SKIP_RAW)]
        row.queries = len(statements)
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            row.timings_ms.append((time.perf_counter() - started) * 1000)
            row.statuses[response.status_code] = row.statuses.get(response.status_code, 0) + 1
            if raw:
                row.raw_ms.append(self.time_raw(statements))
        return row

    @staticmethod
    def time_raw(statements: list[str]) -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    def report(self, label: str, rows: list[Row], base: Row) -> None:
        write: Callable[[str], Any] = self.stdout.write
        write(f"{label}: {load()}; baseline /healthz p50 {base.p(50):.1f} ms, p95 {base.p(95):.1f} ms")
        write(
            f"{'page':<30} {'kind':<8} {'p50 ms':>8} {'p95 ms':>8} {'raw p95':>8} {'/raw':>6} {'/base':>6} {'queries':>7}  statuses"
        )
        bad = []
        for r in rows:
            ratio_raw = r.p(95) / r.raw(95) if r.raw(95) else float("nan")
            ratio_base = r.p(95) / base.p(50) if base.p(50) else float("nan")
            write(
                f"{r.label:<30} {r.kind:<8} {r.p(50):>8.1f} {r.p(95):>8.1f} {r.raw(95):>8.1f} {ratio_raw:>6.1f} {ratio_base:>6.1f} "
                f"{r.queries:>7}  {dict(sorted(r.statuses.items()))}"
            )
            if set(r.statuses) != {200}:
                bad.append(f"{r.label} {r.path}: {r.statuses}")
        if bad:
            raise CommandError("a page did not answer 200: " + "; ".join(bad))
