"""The vote burst through nginx across two app servers, and with one of them killed (issue #17).

    manage.py bench_cluster                               # starts a cluster in a temporary directory, stops it after
    manage.py bench_cluster --dir var/cluster             # a cluster already up (manage.py cluster up)
    manage.py bench_cluster --members 200 --bursts kill   # the fault only (tests/test_cluster_votes.py)

On the loopback cluster (PostgreSQL primary + standby, pgbouncer, Redis, two gunicorn app servers, nginx), one
congress of N members per burst is built on the primary (renda.bench.congress: deputies with sessions, a meeting
in progress, a secret poll open). Then each member votes once, C clients at a time:

* `one`: straight to the first app server (the baseline of the same run: one server, no nginx);
* `two`: through nginx, which spreads the votes over both app servers;
* `kill`: through nginx, and the first app server (master and workers) is killed with SIGKILL when 30% of the
  votes are done. A client that gets no answer or a 502 sends its vote again (renda.bench.failover); nginx itself
  passes on to the other server only a refused connection, never a POST that reached a server.

Each burst's tally is read from the primary and compared with the client's log of acknowledged votes: every member
counted exactly once, ballots and audit events equal to the voters, counts equal to the choices sent. Prints the
table (votes/s, p50/p95/p99), two servers' throughput against one's, the retries and the check; fails when a vote
was lost or doubled. Printed figures, not a timed test.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from renda.bench import congress
from renda.bench.failover import VoteLog, exactly_once, vote_burst
from renda.bench.harness import BurstBenchmark, Plan, Request, burst_table, hidden, load
from renda.bench.management.commands.cluster import primary_env, read_ports
from renda.core.models import AuditEvent
from renda.meetings.models import Poll, PollBallot, PollVoter
from renda.meetings.results import poll_result

BURSTS = ("one", "two", "kill")


class Command(BaseCommand):
    help = "The vote burst through nginx across two app servers, and with one killed mid-burst (loopback cluster)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default="", help="a cluster already up (manage.py cluster up --dir …)")
        parser.add_argument("--port", type=int, default=8100, help="base port of a cluster started here")
        parser.add_argument("--members", type=int, default=3000, help="members voting in each burst (default 3000)")
        parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server of a cluster started here")
        parser.add_argument("--bursts", default=",".join(BURSTS), help="which bursts: one,two,kill")
        parser.add_argument("--kill-after", type=float, default=0.3, help="share of the votes done when app1 is killed")
        parser.add_argument("--phase", choices=["setup", "check"], help=hidden())
        parser.add_argument("--out", default="", help=hidden())

    def handle(self, *args: Any, **opts: Any) -> None:
        bursts = [b for b in opts["bursts"].split(",") if b]
        if opts["phase"] == "setup":
            return self.setup(opts["members"], bursts, Path(opts["out"]))
        if opts["phase"] == "check":
            return self.check_tally(Path(opts["out"]))
        if not set(bursts) <= set(BURSTS) or not bursts:
            raise CommandError(f"--bursts: a comma-separated list of {', '.join(BURSTS)}")
        if not (1 <= opts["members"] <= 20000 and 1 <= opts["clients"] <= 200 and 0 < opts["kill_after"] < 1):
            raise CommandError("--members 1..20000, --clients 1..200, --kill-after between 0 and 1")
        if opts["dir"]:
            self.run(Path(opts["dir"]).resolve(), bursts, opts)
            return
        workdir = Path(tempfile.mkdtemp(prefix="renda-bench-cluster-"))
        try:
            call_command("cluster", "up", dir=str(workdir), port=opts["port"], workers=opts["workers"], stdout=self.stdout)
            self.run(workdir, bursts, opts)
        finally:
            call_command("cluster", "down", dir=str(workdir), stdout=self.stdout)

    def manage(self, workdir: Path, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_cluster", *args],
            cwd=settings.BASE_DIR, env=primary_env(workdir), capture_output=True, text=True, timeout=1800, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise CommandError(f"bench_cluster {args[:2]} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        return done.stdout

    def run(self, workdir: Path, bursts: list[str], opts: dict[str, Any]) -> None:
        ports = read_ports(workdir)
        members, clients = opts["members"], opts["clients"]
        plans_path = workdir / "bench-votes-plans.json"
        self.manage(
            workdir, "--phase", "setup", "--members", str(members), "--bursts", ",".join(bursts), "--out", str(plans_path)
        )
        plans: dict[str, Plan] = json.loads(plans_path.read_text())
        self.stdout.write(
            f"{members} members per burst, {clients} clients; nginx on {ports['nginx']}, app servers {ports['app1']} and "
            f"{ports['app2']}; {os.cpu_count()} CPUs; {load()}"
        )

        def kill_app1() -> None:
            pid = int((workdir / "app1.pid").read_text())
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)  # gunicorn's master and its workers (their own process group)

        results = {}
        for name in bursts:
            requests = self.vote_requests(plans[name])
            port = ports["app1"] if name == "one" else ports["nginx"]
            label = {"one": "one server", "two": "two via nginx", "kill": "kill app1 mid-burst"}[name]
            results[name] = vote_burst(label, port, requests, clients, kill=kill_app1 if name == "kill" else None,
                                       kill_after=opts["kill_after"])  # fmt: skip
        self.stdout.write(f"host: {load()} after the bursts")
        recorded = json.loads(self.manage(workdir, "--phase", "check", "--out", str(plans_path)).strip().splitlines()[-1])
        self.report(plans, results, recorded)

    @staticmethod
    def vote_requests(plan: Plan) -> list[Request]:
        path = f"/api/meetings/polls/{plan['poll_id']}/vote"
        return [
            BurstBenchmark.json_post(path, {"choices": {str(plan["option_id"]): v["choice"]}}, plan, v) for v in plan["voters"]
        ]

    def report(self, plans: dict[str, Plan], results: dict[str, tuple[Any, VoteLog]], recorded: dict[str, Plan]) -> None:
        for line in burst_table([burst for burst, _ in results.values()], width=20):
            self.stdout.write(line)
        if "one" in results and "two" in results:
            one, two = results["one"][0], results["two"][0]
            ratio = two.rate / one.rate if one.rate else 0.0
            self.stdout.write(
                f"two servers via nginx / one server: {ratio:.2f}x throughput (target >= 0.9: {'yes' if ratio >= 0.9 else 'no'}); "
                f"p99 {two.pct(99):.1f} ms (target <= 300: {'yes' if two.pct(99) <= 300 else 'no'}); "
                f"served by {results['two'][1].upstreams}"
            )
        failures = []
        for name, (_burst, log) in results.items():
            problems = exactly_once(plans[name], recorded[name], log)
            killed = f", app1 killed after {log.killed_at} votes" if log.killed_at else ""
            self.stdout.write(
                f"{name}: {len(log.acknowledged())} acknowledged, {len(recorded[name]['voter_person_ids'])} voters, "
                f"ballots {recorded[name]['ballots']}, audit events {recorded[name]['audit']}, counts {recorded[name]['counts']}; "
                f"{log.retried()} sent again; outcomes {log.outcomes()}; served by {log.upstreams}{killed}: "
                + ("exactly once" if not problems else "NOT EXACT: " + "; ".join(problems))
            )
            failures += [f"{name}: {p}" for p in problems]
        if failures:
            raise CommandError("a vote was lost or doubled: " + "; ".join(failures))

    # --- phases run on the primary --------------------------------------------------------------------------

    def setup(self, members: int, bursts: list[str], out: Path) -> None:
        plans = {name: congress.build(members, prefix=f"c{name}", label=name) for name in bursts}
        out.write_text(json.dumps(plans))

    def check_tally(self, plans_path: Path) -> None:
        plans = json.loads(plans_path.read_text())
        recorded = {}
        for name, plan in plans.items():
            poll = Poll.objects.get(pk=plan["poll_id"])
            motion = poll_result(poll).motion
            recorded[name] = {
                "voter_person_ids": list(PollVoter.objects.filter(poll=poll).values_list("person_id", flat=True)),
                "ballots": PollBallot.objects.filter(poll=poll).count(),
                "audit": AuditEvent.objects.filter(action="poll.vote", object_id=str(poll.pk)).count(),
                "counts": motion.counts if motion is not None else {},
            }
        self.stdout.write(json.dumps(recorded))
