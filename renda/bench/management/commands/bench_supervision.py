"""Supervision lists and a campaign's figures over province-scale participation rows (PostgreSQL, its own database).

    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_bench_supervision \
        .venv/bin/python manage.py bench_supervision --rows 1000000

Creates the database if missing, migrates, builds the demo district (every app's demo), then loads with COPY
`--rows` participation rows (10 million by default) in groups of 15 over `--rows / 15` activities spread over the
district's towns and eight years, one in five of them in a benchmark campaign, plus evaluation rounds with their
units and problems (one round per 10 000 rows). Rows already there are kept (run it again to time only).

Then times in-process GETs (full middleware, templates) of the activity, participation and evaluation lists (the
office's, a town's, a deep page, a campaign's participations) and the campaign's figures (`figures.campaign_figures`),
each beside the raw SQL doing the same work: the very queries the page (or the figures) ran, executed again on a
cursor. Prints p50 / p95 / p99 / max, the query count and the load average. Targets: lists p95 <= 150 ms,
figures <= 1 s. Refuses any database whose name lacks "bench".
"""

from __future__ import annotations

import datetime
import io
import random
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from renda.bench.harness import ensure_database, load, page_get, percentile, time_runs, timing_line
from renda.core.models import User
from renda.org.demo import DemoContext, build_all
from renda.org.models import Body, Deputy, Unit
from renda.supervision import figures
from renda.supervision.models import Activity, Campaign, EvaluatedUnit, EvaluationRound, Participation, ProblemItem

TARGET_LIST_MS = 150.0
TARGET_FIGURES_S = 1.0
GROUP = 15  # participations per generated activity
CAMPAIGN_CODE = "bench"
ROWS_PER_ROUND = 10_000
KINDS = ["inspection", "inspection", "research", "law_check", "unannounced", "forum"]
NULL = "\\N"  # COPY's null


def _copy(table: str, columns: list[str], lines: io.StringIO) -> None:
    """COPY tab-separated lines into a table (psycopg 3's copy on the Django connection's cursor)."""
    lines.seek(0)
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            while chunk := lines.read(1 << 20):
                copy.write(chunk)


def _raw(queries: list[dict[str, str]]) -> float:
    """Run the captured statements again on a cursor, fetching every row: their wall time in ms."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for q in queries:
            cursor.execute(q["sql"])
            if cursor.description is not None:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


class Command(BaseCommand):
    help = "Benchmark the supervision lists and a campaign's figures over many participation rows (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=10_000_000, help="participation rows to have (default 10 million)")
        parser.add_argument("--samples", type=int, default=30)
        parser.add_argument("--batch", type=int, default=300_000, help="participation rows per COPY")

    def handle(self, *args: Any, rows: int, samples: int, batch: int, **options: Any) -> None:
        ensure_database()
        started = time.monotonic()
        ctx = build_all()
        self.stdout.write(f"demo district ready ({time.monotonic() - started:.0f} s)")
        campaign = self.campaign(ctx)
        made = self.generate(ctx, campaign, rows, batch)
        self.evaluations(ctx, made)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # statistics, and the visibility map for index-only scans
        self.measure(ctx, campaign, made, samples)

    # --- Data ------------------------------------------------------------------------------------------------------
    def campaign(self, ctx: DemoContext) -> Campaign:
        organiser = ctx.standing_committee
        if organiser is None:
            raise CommandError("the demo district has no standing committee")
        campaign, _ = Campaign.objects.get_or_create(
            code=CAMPAIGN_CODE,
            defaults={
                "title": "基准测试主题活动",
                "organiser": organiser,
                "region": ctx.district,
                "start_date": datetime.date(2017, 1, 1),
                "end_date": datetime.date(2024, 12, 31),
                "mobilised_on": datetime.date(2017, 1, 5),
                "state": Campaign.State.RUNNING,
            },
        )
        return campaign

    def generate(self, ctx: DemoContext, campaign: Campaign, rows: int, batch: int) -> int:
        have = Participation.objects.count()
        if have >= rows:
            self.stdout.write(f"{have} participation rows already there")
            return have
        rng = random.Random(12)
        towns = ctx.towns + ctx.subdistricts
        bodies = {b.region_id: b.pk for b in Body.objects.filter(region__in=towns, kind=Body.Kind.PRESIDIUM)}
        bodies |= {t.pk: ctx.town_congresses[t.pk].pk for t in ctx.towns if t.pk not in bodies}
        district_body = ctx.standing_committee.pk if ctx.standing_committee else 0
        by_person: dict[int, dict[int, int]] = {}  # town -> person -> one of their mandates
        for deputy_id, person_id, path in Deputy.objects.values_list("pk", "person_id", "region__path").order_by("pk"):
            for town in towns:
                if path.startswith(town.path):
                    by_person.setdefault(town.pk, {}).setdefault(person_id, deputy_id)
        pools = {town_id: [(d, p) for p, d in people.items()] for town_id, people in by_person.items()}
        towns = [t for t in towns if len(pools.get(t.pk, [])) >= GROUP]
        if not towns:
            raise CommandError("no town has enough deputies for a group")
        now = timezone.now().isoformat()
        act_cols = ["kind", "title", "organiser_id", "region_id", "campaign_id", "start_date", "end_date", "plan", "law",
                    "report_text", "reported_on", "state", "is_published", "created_at"]  # fmt: skip
        part_cols = ["activity_id", "person_id", "deputy_id", "role", "kind", "date", "region_id", "campaign_id"]
        started, i = time.monotonic(), have
        while i < rows:
            n_act = max(1, min(batch, rows - i) // GROUP)
            plans = []
            acts = io.StringIO()
            for k in range(n_act):
                town = towns[rng.randrange(len(towns))]
                day = datetime.date(2017 + rng.randrange(8), 1, 1) + datetime.timedelta(days=rng.randrange(360))
                kind = KINDS[k % len(KINDS)]
                in_campaign = k % 5 == 0
                organiser = bodies.get(town.pk, district_body)
                law = "中华人民共和国水污染防治法" if kind == "law_check" else ""
                acts.write(
                    f"{kind}\t{town.name}第{i // GROUP + k}次监督活动\t{organiser}\t{town.pk}\t"
                    f"{campaign.pk if in_campaign else NULL}\t{day}\t{day}\t组织代表实地察看。\t{law}\t"
                    f"报告已审议。\t{day + datetime.timedelta(days=20)}\tclosed\tf\t{now}\n"
                )
                plans.append((town, day, kind, in_campaign))
            with transaction.atomic():
                last = Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                _copy(Activity._meta.db_table, act_cols, acts)
                ids = list(Activity.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True))
                parts = io.StringIO()
                for activity_id, (town, day, kind, in_campaign) in zip(ids, plans, strict=True):
                    group = rng.sample(pools[town.pk], GROUP)
                    campaign_id = campaign.pk if in_campaign else NULL
                    for g, (deputy_id, person_id) in enumerate(group):
                        role = "leader" if g == 0 else "deputy"
                        parts.write(f"{activity_id}\t{person_id}\t{deputy_id}\t{role}\t{kind}\t{day}\t{town.pk}\t{campaign_id}\n")
                _copy(Participation._meta.db_table, part_cols, parts)
            i += n_act * GROUP
            self.stdout.write(f"  {i} participation rows ({time.monotonic() - started:.0f} s)")
        self.stdout.write(f"loaded up to {i} participation rows in {time.monotonic() - started:.0f} s")
        return i

    def evaluations(self, ctx: DemoContext, rows: int) -> None:
        """Evaluation rounds of the towns' presidiums with their units and problem lists (one per 10 000 rows)."""
        want = max(1, rows // ROWS_PER_ROUND)
        have = EvaluationRound.objects.filter(title__startswith="基准").count()
        if have >= want:
            return
        presidiums = list(Body.objects.filter(kind=Body.Kind.PRESIDIUM, region__in=ctx.towns).select_related("region"))
        units: dict[int, list[int]] = {}
        for unit_id, region_id in Unit.objects.filter(region__in=ctx.towns).values_list("pk", "region_id"):
            units.setdefault(region_id, []).append(unit_id)
        presidiums = [p for p in presidiums if units.get(p.region_id)]
        if not presidiums:
            return
        with transaction.atomic():
            rounds = EvaluationRound.objects.bulk_create(
                [
                    EvaluationRound(title=f"基准评议第{k}轮", organiser=p, region_id=p.region_id, year=2017 + k % 8)
                    for k in range(have, want)
                    for p in [presidiums[k % len(presidiums)]]
                ],
                batch_size=2000,
            )
            evaluated = EvaluatedUnit.objects.bulk_create(
                [EvaluatedUnit(round=r, unit_id=u, region_id=r.region_id) for r in rounds for u in units[r.region_id]],
                batch_size=5000,
            )
            ProblemItem.objects.bulk_create(
                [
                    ProblemItem(
                        evaluated=e,
                        text=f"问题{n + 1}：工作机制有待完善。",
                        region_id=e.region_id,
                        deadline=datetime.date(2018, 6, 30),
                    )  # fmt: skip
                    for e in evaluated
                    for n in range(3)
                ],
                batch_size=5000,
            )
        self.stdout.write(f"{want} evaluation rounds")

    # --- Timings -------------------------------------------------------------------------------------------------------
    def measure(self, ctx: DemoContext, campaign: Campaign, made: int, samples: int) -> None:
        office = User.objects.get(username="office")
        town = User.objects.get(username="wjj_staff")
        pages = [
            ("activities (office)", office, "/supervision/"),
            ("activities (a town's staff)", town, "/supervision/"),
            ("activities page 200 (office)", office, "/supervision/?page=200"),
            ("participations (office)", office, "/supervision/participations/"),
            ("participations page 200 (office)", office, "/supervision/participations/?page=200"),
            ("participations (a town's staff)", town, "/supervision/participations/"),
            ("participations of the campaign", office, f"/supervision/participations/?campaign={campaign.pk}"),
            ("evaluation rounds (office)", office, "/supervision/evaluations/"),
            ("evaluation rounds (a town's staff)", town, "/supervision/evaluations/"),
            ("problems to rectify (a town's staff)", town, "/supervision/evaluations/problems/"),
        ]
        self.stdout.write(
            f"\n{made} participation rows, {Activity.objects.count()} activities, {EvaluationRound.objects.count()} rounds;"
            f" {samples} timed runs each after 3 warm-ups; {load()}"
        )
        self.stdout.write(
            "(cpu: this process's CPU time per run, which moves little with the machine's load; sql: the same statements"
            " the page ran, executed again on a cursor; medians)"
        )
        worst = max(self.time(label, page_get(user, url), samples) for label, user, url in pages)
        figures_ms = self.time(f"figures of campaign {campaign.code!r}", lambda _i: figures.campaign_figures(campaign), samples)
        ok = worst <= TARGET_LIST_MS and figures_ms <= TARGET_FIGURES_S * 1000
        self.stdout.write(
            (self.style.SUCCESS if ok else self.style.ERROR)(
                f"\nworst list p95 {worst:.1f} ms (target {TARGET_LIST_MS:.0f} ms); figures p95 {figures_ms:.1f} ms"
                f" (target {TARGET_FIGURES_S * 1000:.0f} ms)"
            )
        )

    def time(self, label: str, run: Callable[[int], Any], samples: int) -> float:
        """p95 of `run` in ms; prints its line beside the raw SQL of the same statements."""
        runs = time_runs(run, samples)
        statements = [q for q in runs.queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        raw = [_raw(statements) for _ in range(max(5, samples // 3))]
        self.stdout.write(
            timing_line(
                label,
                runs.timings,
                f"{len(statements)} queries; cpu p50 {percentile(runs.cpu, 50):.1f} ms; sql p50 {percentile(raw, 50):.1f} ms",
            )
        )
        return percentile(runs.timings, 95)
