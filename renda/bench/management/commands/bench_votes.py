"""Vote throughput: 1,000 members vote in one burst against gunicorn on PostgreSQL over loopback.

    manage.py bench_votes                       # recreates the database renda_bench_votes on 127.0.0.1
    manage.py bench_votes --database-url postgres://renda:renda@127.0.0.1:5432/renda_bench_votes --clients 20

Steps: (re)create the benchmark database, migrate, and build (in a subprocess on that database) one congress
of N deputies with logins, one meeting in progress with all of them signed in, one secret poll started, and a
real database session per deputy (renda.bench.congress). Then start gunicorn (production settings plus one
baseline URL), and with C concurrent clients over loopback:
  1. baseline: N POSTs to a minimal endpoint doing one indexed lookup and one INSERT (no auth, no checks);
  2. votes: each deputy opens the poll (GET /api/meetings/polls/<id>, untimed: as the phone page does before a
     vote), then POSTs their vote once to /api/meetings/polls/<id>/vote with their session cookie and CSRF token
     (session authentication, entitlement check, one-vote constraint, ballot, audit event);
  3. baseline again (the machine's speed drifts; the ratio uses the mean of both baselines).
Prints requests/s, p50/p95/p99 latency, throughput of the first and the last 100 votes, and checks the
tally against the choices sent (voters, ballots, audit events, counts per answer must be exact).
Printed figures, not a timed test.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from renda.bench import congress
from renda.bench.harness import Burst, BurstBenchmark, Plan, Request, baseline_rate, burst, burst_table
from renda.core.models import AuditEvent
from renda.meetings.models import Poll, PollBallot, PollVoter
from renda.meetings.results import poll_result


class Command(BurstBenchmark):
    help = "Benchmark the vote endpoint against a minimal baseline endpoint (gunicorn + PostgreSQL, loopback)."

    command_name = "bench_votes"
    default_url = "postgres://renda:renda@127.0.0.1:5432/renda_bench_votes"
    min_members = 1

    def measure(self, port: int, plan: Plan, clients: int, baseline: list[Request]) -> list[Burst]:
        first = burst("baseline", port, baseline, clients)
        self.open_first(port, f"/api/meetings/polls/{plan['poll_id']}", plan, clients)
        votes = burst("votes", port, self.vote_requests(plan), clients)
        second = burst("baseline (after)", port, baseline, clients)
        return [first, votes, second]

    def vote_requests(self, plan: Plan) -> list[Request]:
        path = f"/api/meetings/polls/{plan['poll_id']}/vote"
        return [self.json_post(path, {"choices": {str(plan["option_id"]): v["choice"]}}, plan, v) for v in plan["voters"]]

    def report(self, bursts: list[Burst], check: Plan, plan: Plan) -> None:
        self.write_lines(burst_table(bursts))
        base, votes, after = bursts
        rate = baseline_rate(base, after)
        ratio = votes.rate / rate if rate else 0
        flat = votes.window_rate(False) / votes.window_rate(True) if votes.window_rate(True) else float("nan")
        self.stdout.write(
            f"votes/s {votes.rate:.1f} = {ratio:.2f}x baseline {rate:.1f}/s (target >= 0.6x: {'yes' if ratio >= 0.6 else 'no'}); "
            f"p99 {votes.pct(99):.1f} ms (target <= 300: {'yes' if votes.pct(99) <= 300 else 'no'}); "
            f"last100/first100 throughput {flat:.2f}"
        )
        exact = (
            check["voters"] == check["ballots"] == check["audit"] == len(plan["voters"]) and check["counts"] == plan["expected"]
        )
        self.stdout.write(
            f"tally: voters {check['voters']}, ballots {check['ballots']}, audit events {check['audit']}, counts {check['counts']} "
            f"(expected {plan['expected']}): {'exact' if exact else 'NOT EXACT'}"
        )
        if not exact or votes.statuses.get(200, 0) != len(plan["voters"]):
            raise CommandError("the vote burst did not record every vote exactly once")

    # --- phases run inside the benchmark database -------------------------------------------------------

    def setup(self, members: int, out: Path) -> None:
        out.write_text(json.dumps(congress.build(members)))

    def check_tally(self, plan_path: Path) -> None:
        plan = json.loads(plan_path.read_text())
        poll = Poll.objects.get(pk=plan["poll_id"])
        motion = poll_result(poll).motion
        counts = motion.counts if motion is not None else {}
        self.stdout.write(
            json.dumps(
                {
                    "voters": PollVoter.objects.filter(poll=poll).count(),
                    "ballots": PollBallot.objects.filter(poll=poll).count(),
                    "audit": AuditEvent.objects.filter(action="poll.vote", object_id=str(poll.pk)).count(),
                    "counts": counts,
                }
            )
        )
