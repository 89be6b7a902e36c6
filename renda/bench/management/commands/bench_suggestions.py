"""Office list, unit inbox and annual report timings over many suggestions (PostgreSQL, its own database).

    DATABASE_URL=postgres://renda:renda@127.0.0.1:5432/renda_bench_suggestions \
        .venv/bin/python manage.py bench_suggestions --count 300000

Creates the database if missing, migrates, builds the org demo district, bulk-generates `--count` suggestions
over eight years (lead assignments, answers, feedback; states as in real handling) unless they exist, then times
in-process GETs (full middleware, templates) of the office list (first and a deep page), the unit inbox, and the
annual handling report (Word). Generation stops at `--max-generate-seconds` and says how many it made.
Prints p50 / p95 / max per page, its query count, the median CPU time of the request in this process and the wall
time of its queries, and the load average (figures on a shared machine need it). Refuses any database whose name
lacks "bench".
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Count

from renda.bench.harness import ensure_database, page_get, percentile, time_runs, timing_line
from renda.core import kept
from renda.core.models import User
from renda.org.demo import DemoContext, build
from renda.org.models import Deputy, Role, RoleGrant, Unit
from renda.org.scoping import build_scope
from renda.suggestions.models import Answer, Assignment, Feedback, Suggestion
from renda.suggestions.views import report_bytes

TARGET_LIST_MS = 150.0
TARGET_REPORT_S = 5.0


class Command(BaseCommand):
    help = "Benchmark the suggestion lists and the annual report over many suggestions (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=300_000)
        parser.add_argument("--samples", type=int, default=30)
        parser.add_argument("--max-generate-seconds", type=int, default=600)

    def handle(self, *args: Any, count: int, samples: int, max_generate_seconds: int, **options: Any) -> None:
        ensure_database()
        ctx = build()
        made = self.generate(ctx, count, max_generate_seconds)
        self.measure(ctx, made, samples)

    # --- Data ------------------------------------------------------------------------------------------------------
    def generate(self, ctx: DemoContext, count: int, limit: int) -> int:
        have = Suggestion.objects.count()
        if have >= count:
            self.stdout.write(f"{have} suggestions already there")
            return have
        congress = ctx.district_congress
        if congress is None:
            raise CommandError("the demo district has no congress")
        rng = random.Random(300)
        deputies = list(Deputy.objects.filter(congress=congress).values_list("pk", "person_id"))
        units = list(Unit.objects.filter(region=ctx.district).values_list("pk", flat=True))
        started = time.monotonic()
        batch = 5000
        i = have
        categories = ["经济发展", "城乡建设", "交通出行", "教育文化", "医疗卫生", "社会保障", "生态环境", "农业农村"]
        while i < count:
            if time.monotonic() - started > limit:
                self.stdout.write(self.style.WARNING(f"generation stopped after {limit} s at {i} suggestions"))
                break
            n = min(batch, count - i)
            rows, plans = [], []
            for k in range(i, i + n):
                year = 2017 + k % 8
                day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 300))
                deputy_id, person_id = rng.choice(deputies)
                roll = rng.random()
                state = "closed" if roll < 0.8 else "assigned" if roll < 0.9 else "answered" if roll < 0.95 else "not_accepted"
                lead = rng.choice(units) if state != "not_accepted" else None
                assigned = day + datetime.timedelta(days=10)
                due = assigned + datetime.timedelta(days=91)
                rows.append(Suggestion(
                    number=f"{year}{k:07d}", congress_id=congress.pk, region_id=ctx.district.pk, author_id=deputy_id,
                    author_person_id=person_id, period="session" if k % 3 else "recess", title=f"关于第{k}号民生问题的建议",
                    text="建议有关部门加强调查研究，加大投入力度，完善长效机制。", category=rng.choice(categories), keywords="民生 机制 投入",
                    state=state, submitted_on=day, accepted_on=day, assigned_on=assigned if lead else None, answer_due=due if lead else None,
                    lead_unit_id=lead, is_public=state == "closed" and k % 5 == 0, review_reason="个案" if not lead else "",
                    closed_on=due if state == "closed" else None,
                ))  # fmt: skip
                plans.append((lead, assigned, due, state, rng.random()))
            with transaction.atomic():
                created = Suggestion.objects.bulk_create(rows, batch_size=batch)
                assignments, answers = [], []
                for s, (lead, assigned, due, _state, _r) in zip(created, plans, strict=True):
                    if lead:
                        assignments.append(Assignment(suggestion_id=s.pk, unit_id=lead, region_id=s.region_id, role="lead",
                                                      status="accepted", assigned_on=assigned, due_on=due,
                                                      return_due=assigned + datetime.timedelta(days=10), suggestion_state=s.state))  # fmt: skip
                Assignment.objects.bulk_create(assignments, batch_size=batch)
                by_s = {a.suggestion_id: a for a in assignments}
                for s, (lead, assigned, due, state, r) in zip(created, plans, strict=True):
                    if lead and state in ("closed", "answered"):
                        day = assigned + datetime.timedelta(days=int(30 + r * 80))
                        answers.append(Answer(suggestion_id=s.pk, assignment_id=by_s[s.pk].pk, unit_id=lead, round=1, kind="answer",
                                              outcome="ABC"[int(r * 10) % 3], text="已办理。", letter="bench/letter.pdf", letter_kind="pdf",
                                              signed_by="局长", answered_on=day, due_on=due))  # fmt: skip
                Answer.objects.bulk_create(answers, batch_size=batch)
                feedback = [
                    Feedback(suggestion_id=a.suggestion_id, answer_id=a.pk, process_rating="satisfied",
                             result_rating=["satisfied", "satisfied", "basic", "not"][a.pk % 4], given_on=a.answered_on)
                    for a in answers if a.pk % 7  # about one in seven answered ones not yet rated
                ]  # fmt: skip
                Feedback.objects.bulk_create(feedback, batch_size=batch)
            i += n
            if (i // batch) % 10 == 0:
                self.stdout.write(f"  {i} suggestions ({time.monotonic() - started:.0f} s)")
        kept.rebuild_all()  # the kept figures (renda.core.kept) recounted from the rows just bulk-created
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"generated up to {i} suggestions in {time.monotonic() - started:.0f} s")
        return i

    # --- Timings -------------------------------------------------------------------------------------------------------
    def measure(self, ctx: DemoContext, made: int, samples: int) -> None:
        busiest = (
            Assignment.objects.values("unit_id").order_by("unit_id").annotate(n=Count("pk"))
            .order_by("-n").first()
        )  # fmt: skip
        if busiest is None:
            raise CommandError("no assignments to time")
        clerk, _ = User.objects.get_or_create(username="bench_clerk")
        RoleGrant.objects.get_or_create(user=clerk, role=Role.UNIT_CLERK, unit=Unit.objects.get(pk=busiest["unit_id"]))
        office = User.objects.get(username="office")
        pages = [
            ("office list", office, "/suggestions/"),
            ("office list page 200", office, "/suggestions/?page=200"),
            ("office list filtered (state, year)", office, "/suggestions/?state=closed&year=2020"),
            ("unit inbox (to do)", clerk, "/suggestions/inbox/"),
            ("unit inbox (all assigned)", clerk, "/suggestions/inbox/?show=all"),
        ]
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        self.stdout.write(
            f"\n{made} suggestions; busiest unit has {busiest['n']} assignments; {samples} timed GETs each after 3 warm-ups;"
            f" load average {load:.1f} on {os.cpu_count()} cores"
        )
        self.stdout.write(
            "(cpu: this process's CPU time per request, which moves little with the machine's load; db: the wall time"
            " of its queries; both medians)"
        )
        worst = 0.0
        for label, user, url in pages:
            runs = time_runs(page_get(user, url), samples)
            worst = max(worst, percentile(runs.timings, 95))
            cpu, db = statistics.median(runs.cpu), statistics.median(runs.db)
            self.stdout.write(
                timing_line(label, runs.timings, f"{len(runs.queries)} queries; cpu {cpu:5.1f} ms, db {db:5.1f} ms")
            )
        scope = build_scope(office)
        t = time.perf_counter()
        data = report_bytes(scope=scope, year=2020)
        report_s = time.perf_counter() - t
        self.stdout.write(f"{'annual handling report 2020 (Word)':38s} {report_s:7.2f} s  ({len(data) // 1024} KB)")
        ok = worst <= TARGET_LIST_MS and report_s <= TARGET_REPORT_S
        self.stdout.write((self.style.SUCCESS if ok else self.style.ERROR)(
            f"targets: lists p95 <= {TARGET_LIST_MS:.0f} ms (worst {worst:.1f}), report <= {TARGET_REPORT_S:.0f} s ({report_s:.2f})"))  # fmt: skip
