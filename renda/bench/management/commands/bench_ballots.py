"""Ballot throughput: 1,000 deputies submit a 12-candidate livelihood-project ballot in one burst, against
gunicorn on PostgreSQL over loopback, measured in the same run against the vote benchmark's baseline.

    manage.py bench_ballots                     # recreates the database renda_bench_ballots on 127.0.0.1
    manage.py bench_ballots --members 1000 --clients 20 --workers 4

Uses the bench harness (database set-up, gunicorn with its minimal baseline endpoint — one indexed lookup and
one INSERT — and the burst client) and the vote benchmark's congress (renda.bench.congress). Adds two cycles of 12 candidates for 10 places with a secret
for/against/abstain ballot each, open at the session. Bursts, C concurrent clients each:
  1. baseline; 2. ballots: every deputy POSTs a full 12-candidate ballot once to /api/projects/ballots/<id>/vote
  (session auth + CSRF, entitlement, validation, one-ballot constraint, ballot row, audit event);
  3. ballots with retries: the same on the second ballot, with 10% of the requests sent twice (a retry right
  behind the original) — each deputy's ballot must count once, the retry answered 409; 4. baseline again.
Then checks both tallies exactly against the ballots sent (voters, ballots, audit events, every count of
every candidate). Printed figures, not a timed test.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from renda.bench import congress
from renda.bench.harness import Burst, BurstBenchmark, Plan, Request, baseline_rate, burst, burst_table
from renda.core.actors import system
from renda.core.models import AuditEvent
from renda.meetings.models import Meeting, Poll, PollBallot, PollVoter
from renda.meetings.results import tallies
from renda.org.models import Body, Unit
from renda.org.scoping import Scope
from renda.projects import services
from renda.projects.models import Ballot
from renda.projects.tally import ballot_result

CANDIDATES = 12
PLACES = 10
REASON = "bench: livelihood-project ballots in one burst"


def choice_for(n: int, j: int) -> str:
    """Deputy n's answer on candidate j: mostly for, some against/abstain, different per candidate."""
    k = (n * 7 + j * 13) % 20
    return "N" if k < j % 4 else "A" if k == 19 else "Y"


class Command(BurstBenchmark):
    help = "Benchmark the livelihood-project ballot against the minimal baseline endpoint (gunicorn + PostgreSQL)."

    command_name = "bench_ballots"
    default_url = "postgres://renda:renda@127.0.0.1:5432/renda_bench_ballots"
    min_members = 10
    retry_share = 0.1

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--retry-share", type=float, default=0.1, help="Share of requests retried (default 0.1).")

    def check_options(self, options: dict[str, Any]) -> None:
        if not (0 <= options["retry_share"] <= 1):
            raise CommandError("--retry-share 0..1")
        self.retry_share = options["retry_share"]

    def measure(self, port: int, plan: Plan, clients: int, baseline: list[Request]) -> list[Burst]:
        first = burst("baseline", port, baseline, clients)
        self.open_first(port, f"/api/projects/ballots/{plan['ballots'][0]['id']}", plan, clients)
        ballots = burst("ballots", port, self.ballot_requests(plan, plan["ballots"][0]), clients)
        retried = burst("ballots+10% retry", port, self.retried(plan, plan["ballots"][1]), clients)
        after = burst("baseline (after)", port, baseline, clients)
        return [first, ballots, retried, after]

    def ballot_requests(self, plan: Plan, ballot: dict[str, Any]) -> list[Request]:
        path = f"/api/projects/ballots/{ballot['id']}/vote"
        return [
            self.json_post(path, {"choices": {str(o): choice_for(n, j) for j, o in enumerate(ballot["options"])}}, plan, voter)
            for n, voter in enumerate(plan["voters"])
        ]

    def retried(self, plan: Plan, ballot: dict[str, Any]) -> list[Request]:
        """Every ballot once, and every k-th one again right behind it (a client retrying after a timeout)."""
        requests = self.ballot_requests(plan, ballot)
        if not self.retry_share:
            return requests
        every = max(1, round(1 / self.retry_share))
        out = []
        for n, request in enumerate(requests):
            out.append(request)
            if n % every == every - 1:
                out.append(request)
        return out

    def report(self, bursts: list[Burst], check: Plan, plan: Plan) -> None:
        self.write_lines(burst_table(bursts, width=20, windows=False))
        base, ballots, retried, after = bursts
        rate = baseline_rate(base, after)
        voters = len(plan["voters"])
        accepted = ballots.rate_of(200)
        ratio = accepted / rate if rate else 0.0
        self.stdout.write(
            f"ballots/s accepted {accepted:.1f} = {ratio:.2f}x baseline {rate:.1f}/s "
            f"(target >= 0.5x: {'yes' if ratio >= 0.5 else 'no'}); p50 {ballots.pct(50):.1f} ms, "
            f"p99 {ballots.pct(99):.1f} ms (target <= 300: {'yes' if ballots.pct(99) <= 300 else 'no'})"
        )
        retries = len(retried.timings_ms) - voters
        self.stdout.write(
            f"with {retries} retries: {retried.statuses.get(200, 0)} accepted, {retried.statuses.get(409, 0)} answered 409; "
            f"p99 {retried.pct(99):.1f} ms"
        )
        exact = True
        for ballot, result in zip(plan["ballots"], check["ballots"], strict=True):
            ok = result["voters"] == result["ballots"] == result["audit"] == voters and result["counts"] == ballot["expected"]
            exact = exact and ok
            self.stdout.write(
                f"tally of ballot {ballot['id']}: voters {result['voters']}, ballots {result['ballots']}, "
                f"audit events {result['audit']}, 12 candidates' counts {'exact' if ok else 'NOT EXACT'}; "
                f"adopted {result['adopted']} of {CANDIDATES}"
            )
        if not exact or ballots.statuses.get(200, 0) != voters or retried.statuses.get(200, 0) != voters:
            raise CommandError("a burst did not record every ballot exactly once")

    # --- phases inside the benchmark database ---------------------------------------------------------

    def setup(self, members: int, out: Path) -> None:
        plan = congress.build(members)  # the congress, its deputies with sessions, a meeting in progress
        meeting: Meeting = Poll.objects.select_related("meeting__body").get(pk=plan["poll_id"]).meeting
        body = meeting.body
        scope, actor = Scope.system(REASON), system(REASON)
        presidium = Body.objects.create(
            name="基准测试主席团", kind=Body.Kind.PRESIDIUM, level=body.level, region=body.region, congress=body
        )
        unit = Unit.objects.create(name="基准测试局", kind=Unit.Kind.DEPARTMENT, region=body.region)
        ballots = []
        for year in (2024, 2025):
            cycle = services.cycle_create(actor=actor, scope=scope, congress=body, year=year, places=PLACES)
            for j in range(CANDIDATES):
                services.candidate_add(
                    actor=actor,
                    scope=scope,
                    cycle=cycle,
                    title=f"{year}年候选项目{j + 1}",
                    cost=100 + j,
                    funding="财政",
                    unit=unit,
                    deadline=datetime.date(year, 12, 31),
                )
            services.cycle_transition(actor=actor, scope=scope, cycle=cycle, action="close_proposals")
            services.cycle_transition(
                actor=actor, scope=scope, cycle=cycle, action="review", review_body=presidium, note="同意", on=meeting.start_date
            )
            ballot = services.ballot_configure(actor=actor, scope=scope, cycle=cycle, meeting=meeting, form="yna", kind="secret")
            services.ballot_transition(actor=actor, scope=scope, ballot=ballot, action="open")
            if ballot.poll is None:
                raise CommandError(f"ballot {ballot.pk} has no poll after it opened")
            options = list(ballot.poll.options.order_by("order").values_list("pk", flat=True))
            expected = {str(o): {"Y": 0, "N": 0, "A": 0} for o in options}
            for n in range(len(plan["voters"])):
                for j, o in enumerate(options):
                    expected[str(o)][choice_for(n, j)] += 1
            ballots.append({"id": ballot.pk, "poll_id": ballot.poll_id, "options": options, "expected": expected})
        plan["ballots"] = ballots
        out.write_text(json.dumps(plan))

    def check_tally(self, plan_path: Path) -> None:
        plan = json.loads(plan_path.read_text())
        results = []
        for b in plan["ballots"]:
            ballot = Ballot.objects.select_related("poll", "cycle").get(pk=b["id"])
            outcome = ballot_result(ballot)
            if ballot.poll is None or outcome is None:
                raise CommandError(f"ballot {ballot.pk} has no poll or no result")
            _cast, _invalid, per_option = tallies(ballot.poll)
            counts = {str(o): {k: per_option[o].get(k, 0) for k in ("Y", "N", "A")} for o in b["options"]}
            results.append(
                {
                    "voters": PollVoter.objects.filter(poll_id=b["poll_id"]).count(),
                    "ballots": PollBallot.objects.filter(poll_id=b["poll_id"]).count(),
                    "audit": AuditEvent.objects.filter(action="poll.vote", object_id=str(b["poll_id"])).count(),
                    "counts": counts,
                    "adopted": len(outcome.adopted),
                }
            )
        self.stdout.write(json.dumps({"ballots": results}))
