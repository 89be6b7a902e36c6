"""Vote throughput: 1,000 members vote in one burst against gunicorn on PostgreSQL over loopback.

    manage.py bench_votes                       # recreates the database renda_bench_votes on 127.0.0.1
    manage.py bench_votes --database-url postgres://renda:renda@127.0.0.1:5432/renda_bench_votes --clients 20

Steps: (re)create the benchmark database, migrate, and build (in a subprocess on that database) one congress
of N deputies with logins, one meeting in progress with all of them signed in, one secret poll started, and a
real database session per deputy. Then start gunicorn (production settings plus one baseline URL), and with
C concurrent clients over loopback:
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

import contextlib
import http.client
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

HOST = "127.0.0.1"
DEFAULT_URL = "postgres://renda:renda@127.0.0.1:5432/renda_bench_votes"
SECRET_KEY = "bench-votes-secret-not-for-production-xxxxxxxx"  # noqa: S105 - a throwaway server on loopback
TIMEOUT = 900


@dataclass
class Burst:
    label: str
    timings_ms: list[float] = field(default_factory=list)
    done_at: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    wall_s: float = 0.0

    def pct(self, q: float) -> float:
        ordered = sorted(self.timings_ms)
        return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1] if ordered else float("nan")

    @property
    def rate(self) -> float:
        return len(self.timings_ms) / self.wall_s if self.wall_s else 0.0

    def window_rate(self, first: bool, n: int = 100) -> float:
        """Requests/s over the first (or last) n completions."""
        done = sorted(self.done_at)
        if len(done) <= n:
            return float("nan")
        if first:
            return n / (done[n - 1] - self.start) if done[n - 1] > self.start else float("nan")
        return n / (done[-1] - done[-n - 1]) if done[-1] > done[-n - 1] else float("nan")

    start: float = 0.0


def burst(label: str, port: int, requests: list[tuple[str, bytes | None, dict]], clients: int) -> Burst:
    """Send every request once (a GET where the body is None, else a POST), `clients` at a time, each on a fresh
    loopback connection (gunicorn's sync workers close connections after each response)."""
    result = Burst(label)
    queue = list(reversed(requests))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                path, body, headers = queue.pop()
            started = time.perf_counter()
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            try:
                conn.request("GET" if body is None else "POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except OSError:
                status = 0
            finally:
                conn.close()
            ended = time.perf_counter()
            with lock:
                result.timings_ms.append((ended - started) * 1000)
                result.done_at.append(ended)
                result.statuses[status] = result.statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    result.start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.wall_s = time.perf_counter() - result.start
    return result


class Command(BaseCommand):
    help = "Benchmark the vote endpoint against a minimal baseline endpoint (gunicorn + PostgreSQL, loopback)."

    def add_arguments(self, parser):
        parser.add_argument("--database-url", default=self.default_url, help="PostgreSQL database to (re)create and use.")
        parser.add_argument("--members", type=int, default=1000, help="Deputies who vote (default 1000).")
        parser.add_argument("--clients", type=int, default=20, help="Concurrent clients (default 20).")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4).")
        parser.add_argument("--keep-database", action="store_true", help="Do not drop and recreate the database first.")
        parser.add_argument("--phase", choices=["setup", "check"], help=argparse_hidden())
        parser.add_argument("--out", default="", help=argparse_hidden())

    #: the command's own name (its setup and check phases run as subprocesses of it) and its smallest burst
    command_name = "bench_votes"
    default_url = DEFAULT_URL
    min_members = 1

    def handle(self, *args, **options):
        if options["phase"] == "setup":
            return self.setup(options["members"], Path(options["out"]))
        if options["phase"] == "check":
            return self.check_tally(Path(options["out"]))
        members, clients = options["members"], options["clients"]
        if not (self.min_members <= members <= 20000 and 1 <= clients <= 200 and 1 <= options["workers"] <= 32):
            raise CommandError(f"--members {self.min_members}..20000, --clients 1..200, --workers 1..32")
        self.check_options(options)
        url = options["database_url"]
        if not url.startswith(("postgres://", "postgresql://")):
            raise CommandError("the benchmark runs on PostgreSQL: give a postgres:// URL")
        with tempfile.TemporaryDirectory(prefix=f"renda-{self.command_name.replace('_', '-')}-") as tmp:
            tmpdir = Path(tmp)
            env = self.child_env(url, tmpdir / "data")
            if not options["keep_database"]:
                self.recreate(url)
            self.run_manage(env, ["migrate", "--noinput", "-v0"], "migrate")
            plan_path = tmpdir / "plan.json"
            setup = [self.command_name, "--phase", "setup", "--members", str(members), "--out", str(plan_path)]
            self.run_manage(env, setup, "setup")
            plan = json.loads(plan_path.read_text())
            bursts = self.serve(env, self.free_port(), plan, clients, options["workers"], tmpdir / "gunicorn.log")
            check_path = tmpdir / "check.json"
            check = [self.command_name, "--phase", "check", "--out", str(plan_path)]
            self.run_manage(env, check, "check", capture=check_path)
            check = json.loads(check_path.read_text())
        self.report(bursts, check, plan, clients, options["workers"])

    def check_options(self, options) -> None:
        """Further checks of a subclass's own options (before anything is created)."""

    # --- orchestration ---------------------------------------------------------------------------------

    @staticmethod
    def child_env(url: str, data_dir: Path) -> dict[str, str]:
        data_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.pop("REDIS_URL", None)
        env.update(
            DATABASE_URL=url,
            RENDA_DATA_DIR=str(data_dir),
            DJANGO_SETTINGS_MODULE="renda.meetings.bench.settings",
            SECRET_KEY=SECRET_KEY,
            SECURE_COOKIES="0",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DEBUG="0",
            PYTHONUNBUFFERED="1",
        )
        return env

    def recreate(self, url: str) -> None:
        import psycopg

        parts = urllib.parse.urlsplit(url)
        name = parts.path.lstrip("/")
        if not name.replace("_", "").isalnum() or not name.startswith(("renda_bench", "bench")):
            raise CommandError("refusing to drop a database whose name does not start with renda_bench or bench")
        admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.stdout.write(f"database: {name} recreated on {parts.hostname}")

    def run_manage(self, env, args, label, capture: Path | None = None) -> None:
        started = time.monotonic()
        done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            raise CommandError(f"{label} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        if capture is not None:
            capture.write_text(done.stdout.strip().splitlines()[-1])
        self.stdout.write(f"prepared: {label} ({time.monotonic() - started:.1f} s)")

    @staticmethod
    def free_port() -> int:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            return sock.getsockname()[1]

    def serve(self, env, port, plan, clients, workers, log_path: Path) -> list[Burst]:
        """Start gunicorn on the benchmark's settings, run the bursts (`measure`), stop it."""
        script = Path(sys.executable).parent / "gunicorn"
        launcher = [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]
        command = [*launcher, "renda.wsgi:application", "-b", f"{HOST}:{port}", "-w", str(workers)]
        command += ["--timeout", "120", "--backlog", "2048"]
        with open(log_path, "wb") as log:
            server = subprocess.Popen(  # noqa: S603 - gunicorn from our own environment
                command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
            try:
                self.wait_healthy(server, port, log_path)
                self.stdout.write(
                    f"gunicorn: http://{HOST}:{port}, {workers} sync workers; {clients} clients; {os.cpu_count()} CPUs; {self.load()}"
                )
                baseline = [(f"/bench/baseline/{pid}", b"", {"Content-Length": "0"}) for pid in plan["person_ids"]]
                burst("warm-up", port, baseline[:50], clients)  # every worker's connection and code paths, untimed
                bursts = self.measure(port, plan, clients, baseline)
                self.stdout.write(f"host: {self.load()} after measuring")
                return bursts
            finally:
                self.stop(server)

    def measure(self, port: int, plan: dict, clients: int, baseline: list) -> list[Burst]:
        """The timed bursts: baseline, votes, baseline again."""
        first = burst("baseline", port, baseline, clients)
        self.open_first(port, f"/api/meetings/polls/{plan['poll_id']}", plan, clients)
        votes = burst("votes", port, self.vote_requests(plan), clients)
        second = burst("baseline (after)", port, baseline, clients)
        return [first, votes, second]

    def open_first(self, port: int, path: str, plan: dict, clients: int) -> None:
        """Each deputy opens the poll before voting (GET, as the phone page does), so their session and user are
        in the shared cache as after any page view. Not part of the timed vote burst; printed for the record."""
        opened = burst("open the poll", port, [(path, None, {"Cookie": f"sessionid={v['session']}"}) for v in plan["voters"]], clients)
        self.stdout.write(
            f"deputies opened the poll first: {len(opened.timings_ms)} GET {path} at {opened.rate:.1f}/s, "
            f"p50 {opened.pct(50):.1f} ms, statuses {dict(sorted(opened.statuses.items()))}"
        )

    @staticmethod
    def vote_requests(plan) -> list[tuple[str, bytes, dict]]:
        out = []
        for voter in plan["voters"]:
            body = json.dumps({"choices": {str(plan["option_id"]): voter["choice"]}}).encode()
            headers = {
                "Content-Type": "application/json",
                "Cookie": f"sessionid={voter['session']}; csrftoken={plan['csrf']}",
                "X-CSRFToken": plan["csrf"],
                "Content-Length": str(len(body)),
            }
            out.append((f"/api/meetings/polls/{plan['poll_id']}/vote", body, headers))
        return out

    def wait_healthy(self, server, port, log_path) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited:\n{log_path.read_text(errors='replace')[-3000:]}")
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection(HOST, port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            time.sleep(0.2)
        raise CommandError("gunicorn did not answer /healthz within 60 s")

    @staticmethod
    def stop(server) -> None:
        if server.poll() is not None:
            return
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=15)

    @staticmethod
    def load() -> str:
        try:
            one, five, _ = os.getloadavg()
        except OSError:
            return "load unknown"
        return f"load average {one:.2f} (1 min) {five:.2f} (5 min)"

    def report(self, bursts: list[Burst], check: dict, plan: dict, clients: int, workers: int) -> None:
        self.stdout.write(
            f"{'burst':<18} {'n':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'first100/s':>11} {'last100/s':>10}  statuses"
        )
        for b in bursts:
            self.stdout.write(
                f"{b.label:<18} {len(b.timings_ms):>5} {b.rate:>8.1f} {b.pct(50):>8.1f} {b.pct(95):>8.1f} {b.pct(99):>8.1f} "
                f"{b.window_rate(True):>11.1f} {b.window_rate(False):>10.1f}  {dict(sorted(b.statuses.items()))}"
            )
        base, votes, after = bursts
        baseline_rate = (base.rate + after.rate) / 2
        ratio = votes.rate / baseline_rate if baseline_rate else 0
        flat = votes.window_rate(False) / votes.window_rate(True) if votes.window_rate(True) else float("nan")
        self.stdout.write(
            f"votes/s {votes.rate:.1f} = {ratio:.2f}x baseline {baseline_rate:.1f}/s (target >= 0.6x: {'yes' if ratio >= 0.6 else 'no'}); "
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
        import datetime
        from importlib import import_module

        from django.contrib.auth.hashers import make_password
        from django.db import transaction
        from django.utils import timezone

        from renda.core.models import User
        from renda.meetings import services
        from renda.meetings.models import Attendance, Poll
        from renda.org.models import Body, Deputy, ElectoralDistrict, Person, Region, Role, RoleGrant, Term
        from renda.org.scoping import Scope

        admin = Scope(user_id=None, everything=True)
        with transaction.atomic():
            region = Region.objects.create(name="基准测试区", kind=Region.Kind.DISTRICT)
            region.path = f"/{region.pk}/"
            region.save(update_fields=["path"])
            congress = Body.objects.create(
                name="基准测试区人民代表大会", kind=Body.Kind.CONGRESS, level=Body.Level.DISTRICT, region=region
            )
            term = Term.objects.create(congress=congress, number=1, start_date=datetime.date(2024, 1, 1))
            district = ElectoralDistrict.objects.create(term=term, name="第1选区", region=region)
            users = User.objects.bulk_create(
                [
                    User(username=f"bench{n:05d}", password=make_password(None), display_name=f"代表{n:05d}")
                    for n in range(members)
                ]
            )
            people = Person.objects.bulk_create(
                [
                    Person(
                        name=f"代表{n:05d}",
                        name_initials="db",
                        name_pinyin=f"daibiao{n:05d}",
                        gender="M",
                        birth_date=datetime.date(1970, 1, 1),
                        party="cpc",
                        user=u,
                    )
                    for n, u in enumerate(users)
                ]
            )
            RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.DEPUTY) for u in users])
            Deputy.objects.bulk_create(
                [
                    Deputy(
                        person=p,
                        congress=congress,
                        term=term,
                        electoral_district=district,
                        region=region,
                        occupation="other",
                        elected_date=term.start_date,
                    )
                    for p in people
                ]
            )
        meeting = services.meeting_create(actor="bench", scope=admin, body=congress, start_date=datetime.date(2024, 3, 1))
        services.meeting_transition(actor="bench", scope=admin, meeting=meeting, action="convene")
        services.meeting_transition(actor="bench", scope=admin, meeting=meeting, action="start")
        meeting.attendances.update(
            status=Attendance.Status.PRESENT, signed_in_at=timezone.now(), signin_method=Attendance.Method.STAFF
        )
        poll = services.poll_create(actor="bench", scope=admin, meeting=meeting, title="基准测试表决", kind=Poll.Kind.SECRET)
        poll = services.poll_transition(actor="bench", scope=admin, poll=poll, action="start")
        voters, expected = [], {"Y": 0, "N": 0, "A": 0}
        # the configured session engine, as a login through the site would store them (cached_db: cache + table)
        SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806
        for n, user in enumerate(users):
            store = SessionStore()
            store["_auth_user_id"] = str(user.pk)
            store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
            store["_auth_user_hash"] = user.get_session_auth_hash()
            store.create()
            choice = "YNA"[n % 3] if n % 4 else "Y"
            expected[choice] += 1
            voters.append({"session": store.session_key, "choice": choice})
        out.write_text(
            json.dumps(
                {
                    "poll_id": poll.pk,
                    "option_id": poll.options.get().pk,
                    "voters": voters,
                    "expected": expected,
                    "csrf": secrets.token_hex(16),
                    "person_ids": [p.pk for p in people],
                }
            )
        )

    def check_tally(self, plan_path: Path) -> None:
        from renda.core.models import AuditEvent
        from renda.meetings.models import Poll, PollBallot, PollVoter
        from renda.meetings.results import poll_result

        plan = json.loads(plan_path.read_text())
        poll = Poll.objects.get(pk=plan["poll_id"])
        counts = poll_result(poll).motion.counts
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


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
