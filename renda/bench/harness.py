"""The benchmark harness: one place for what every `bench_*` command measures with.

- figures: `percentile` (nearest rank: the smallest value with at least q% of the values at or below it),
  `Burst` (timings, statuses, requests/s overall and over the first or last 100 completions) and `timing_line`;
- the server: `child_env` (the environment of the prepared database and of gunicorn: production settings, a
  throwaway secret, no Redis, cookies and pages over plain HTTP), `run_manage` (a `manage.py` step in that environment),
  `recreate_database`, `serve` (gunicorn on 127.0.0.1, waited for on /healthz, always stopped) and `burst`
  (every request once, C clients at a time, over loopback);
- the baseline: a minimal endpoint on the same stack (gunicorn, PostgreSQL, middleware) doing one indexed lookup
  and one INSERT without authentication or checks, served only under `renda.bench.settings` (its URLconf
  `renda.bench.urls` puts it in front of the site's), never by the site;
- `BurstBenchmark`: a command that (re)creates a PostgreSQL database, prepares it in a subprocess (`--phase
  setup`), serves it, runs its timed bursts against the baseline, checks the result in a subprocess (`--phase
  check`) and prints the table (`bench_votes`, `bench_ballots`).

Loopback only, bounded loops: each burst sends its list of requests once.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from renda.core.models import AuditEvent
from renda.org.models import Person

HOST = "127.0.0.1"
# production settings want 50 characters or more: a throwaway key for a throwaway server on loopback
SECRET_KEY = "bench-secret-not-for-production-loopback-only-0123456789"  # noqa: S105
#: production settings plus the baseline endpoint's URL
BENCH_SETTINGS = "renda.bench.settings"
PRODUCTION_SETTINGS = "renda.settings.production"
PREPARE_TIMEOUT = 900
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
HTTP_TIMEOUT = 60.0

#: one request of a burst: path, body (None for a GET), headers
Request = tuple[str, bytes | None, dict[str, str]]
#: the plan a burst benchmark's setup phase writes (JSON) and its measure, check and report read
Plan = dict[str, Any]


# --- figures ---------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q% of the values at or below it (NaN if none)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1]


def timing_line(label: str, timings_ms: Sequence[float], extra: str = "", width: int = 38) -> str:
    """One line of an in-process benchmark: p50 / p95 / p99 / max of a page's timings."""
    return (
        f"{label:<{width}} p50 {percentile(timings_ms, 50):7.1f} ms  p95 {percentile(timings_ms, 95):7.1f} ms  "
        f"p99 {percentile(timings_ms, 99):7.1f} ms  max {max(timings_ms):7.1f} ms  ({len(timings_ms)} runs{', ' + extra if extra else ''})"
    )


@dataclass
class Timed:
    """In-process runs: the wall and CPU time of each (ms), the wall time of its queries (ms), the statements the
    last run sent and what each run returned."""

    timings: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    db: list[float] = field(default_factory=list)
    queries: list[dict[str, str]] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)


def time_runs(run: Callable[[int], Any], samples: int, warmups: int = 3) -> Timed:
    """`run(i)` for i in range(warmups) untimed, then for i in range(samples) timed, in this process."""
    for i in range(warmups):
        run(i)
    timed = Timed()
    for i in range(samples):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            timed.results.append(run(i))
            timed.timings.append((time.perf_counter() - wall) * 1000)
            timed.cpu.append((time.process_time() - cpu) * 1000)
        timed.queries = captured.captured_queries
        timed.db.append(sum(float(q["time"]) for q in timed.queries) * 1000)
    return timed


def page_get(user: Any, url: str) -> Callable[[int], None]:
    """A run for `time_runs`: GET `url` logged in as `user` (one client), refused unless it answers 200."""
    client = Client()
    client.force_login(user)

    def get(_i: int) -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")

    return get


def load() -> str:
    """The host's load average (figures on a shared machine need it)."""
    try:
        one, five, _fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} (1 min) {five:.2f} (5 min)"


@dataclass
class Burst:
    label: str
    timings_ms: list[float] = field(default_factory=list)
    done_at: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    wall_s: float = 0.0
    start: float = 0.0

    def pct(self, q: float) -> float:
        return percentile(self.timings_ms, q)

    @property
    def rate(self) -> float:
        """Requests/s over the whole burst."""
        return len(self.timings_ms) / self.wall_s if self.wall_s else 0.0

    def rate_of(self, status: int) -> float:
        """Responses with this status per second over the whole burst."""
        return self.statuses.get(status, 0) / self.wall_s if self.wall_s else 0.0

    def window_rate(self, first: bool, n: int = 100) -> float:
        """Requests/s over the first (or last) n completions."""
        done = sorted(self.done_at)
        if len(done) <= n:
            return float("nan")
        if first:
            return n / (done[n - 1] - self.start) if done[n - 1] > self.start else float("nan")
        return n / (done[-1] - done[-n - 1]) if done[-1] > done[-n - 1] else float("nan")

    def sorted_statuses(self) -> dict[int, int]:
        return dict(sorted(self.statuses.items()))


def burst(label: str, port: int, requests: Sequence[Request], clients: int) -> Burst:
    """Send every request once (a GET where the body is None, else a POST), `clients` at a time, each on a fresh
    loopback connection (gunicorn's sync workers close connections after each response)."""
    result = Burst(label)
    queue = list(reversed(requests))
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                path, body, headers = queue.pop()
            started = time.perf_counter()
            conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT)
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

    return run_clients(result, worker, clients)


def run_clients(result: Burst, worker: Callable[[], None], clients: int) -> Burst:
    """Run `clients` threads of `worker` at once; the burst's start and wall time are theirs."""
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    result.start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.wall_s = time.perf_counter() - result.start
    return result


def burst_table(bursts: Sequence[Burst], *, width: int = 18, windows: bool = True) -> list[str]:
    """The table of bursts: n, requests/s, p50/p95/p99 (and throughput of the first and last 100), statuses."""
    header = f"{'burst':<{width}} {'n':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    if windows:
        header += f" {'first100/s':>11} {'last100/s':>10}"
    lines = [header + "  statuses"]
    for b in bursts:
        line = f"{b.label:<{width}} {len(b.timings_ms):>5} {b.rate:>8.1f} {b.pct(50):>8.1f} {b.pct(95):>8.1f} {b.pct(99):>8.1f}"
        if windows:
            line += f" {b.window_rate(True):>11.1f} {b.window_rate(False):>10.1f}"
        lines.append(f"{line}  {b.sorted_statuses()}")
    return lines


def baseline_rate(before: Burst, after: Burst) -> float:
    """The baseline's requests/s: the mean of the bursts before and after (the machine's speed drifts)."""
    return (before.rate + after.rate) / 2


def signed_in_session(user: Any) -> str:
    """A session of `user` in the configured session engine, as a login through the site stores it (cached_db:
    the cache and the table), for clients that send its cookie to the app servers."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


# --- the baseline endpoint -------------------------------------------------------------------------------


@csrf_exempt
def baseline(request: HttpRequest, pk: int) -> JsonResponse:
    """One indexed lookup and one INSERT, without authentication or checks."""
    with transaction.atomic():
        found = Person.objects.filter(pk=pk).values_list("pk", flat=True).first()
        AuditEvent.objects.create(created_at=timezone.now(), action="bench.baseline", object_id=str(found or ""))
    return JsonResponse({"status": "ok"})


def baseline_requests(person_ids: Sequence[int]) -> list[Request]:
    """One POST to the baseline endpoint per person."""
    return [(f"/bench/baseline/{pid}", b"", {"Content-Length": "0"}) for pid in person_ids]


# --- the server ------------------------------------------------------------------------------------------


def child_env(database_url: str, data_dir: Path, settings_module: str = PRODUCTION_SETTINGS) -> dict[str, str]:
    """The environment of the benchmark's `manage.py` steps and of gunicorn."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # the benchmark measures the app and its database, with the default cache
    env.update(
        DATABASE_URL=database_url,
        RENDA_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE=settings_module,
        SECRET_KEY=SECRET_KEY,
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def redact(url: str) -> str:
    """A database URL with its password hidden."""
    parts = urllib.parse.urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
    return url


def run_manage(env: dict[str, str], args: Sequence[str], write: Callable[[str], Any], label: str = "") -> str:
    """Run `manage.py *args` in the benchmark's environment; print how long it took; return its standard output."""
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=PREPARE_TIMEOUT,
        check=False,
    )
    label = label or f"manage.py {args[0]}"
    if done.returncode != 0:
        raise CommandError(f"{label} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    write(f"prepared: {label} ({time.monotonic() - started:.1f} s)")
    return done.stdout


def recreate_database(url: str) -> str:
    """Drop and create the PostgreSQL database of `url` (only one named renda_bench… or bench…); its name."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum() or not name.startswith(("renda_bench", "bench")):
        raise CommandError("refusing to drop a database whose name does not start with renda_bench or bench")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def ensure_database() -> None:
    """The configured database of an in-process benchmark that keeps its data between runs: refused unless it is
    a PostgreSQL database whose name contains "bench"; created if it does not exist; migrated."""
    import psycopg
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql" or "bench" not in db["NAME"]:
        raise CommandError("Run with DATABASE_URL naming a PostgreSQL database whose name contains 'bench'.")
    try:
        connection.ensure_connection()
    except Exception:  # noqa: BLE001 - any failure: try to create it
        connection.close()
        dsn = f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} password={db['PASSWORD']} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
    call_command("migrate", verbosity=0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def gunicorn_command(port: int, workers: int, extra: Sequence[str] = ()) -> list[str]:
    script = Path(sys.executable).parent / "gunicorn"
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]
    return [*launcher, "renda.wsgi:application", "-b", f"{HOST}:{port}", "-w", str(workers), "--timeout", "120", *extra]


def wait_healthy(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(f"gunicorn exited with {server.returncode}:\n{tail(log)}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            try:
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            finally:
                conn.close()
        time.sleep(0.1)
    raise CommandError(f"gunicorn did not answer /healthz within {STARTUP_TIMEOUT:.0f} s:\n{tail(log)}")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.terminate()  # gunicorn's graceful shutdown stops its workers
    try:
        server.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # the group we started gunicorn in
        server.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def serve(
    env: dict[str, str], port: int, workers: int, log_path: Path, extra: Sequence[str] = ()
) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn on 127.0.0.1:port in the benchmark's environment, healthy when the block starts, stopped when it
    ends; a CommandError raised inside carries the last lines of its log."""
    with open(log_path, "wb") as log:
        server = subprocess.Popen(  # noqa: S603 - gunicorn from our own environment
            gunicorn_command(port, workers, extra),
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_healthy(server, port, log_path)
            try:
                yield server
            except CommandError as exc:
                raise CommandError(f"{exc}\ngunicorn log (last lines):\n{tail(log_path)}") from exc
        finally:
            stop(server)


# --- a burst benchmark against the baseline ---------------------------------------------------------------


def hidden() -> str:
    return argparse.SUPPRESS


class BurstBenchmark(BaseCommand):
    """A burst benchmark on its own PostgreSQL database: (re)create it, migrate, build the data in a subprocess
    on that database (`setup`, writing the plan as JSON), serve it with gunicorn under the bench settings, run the
    timed bursts (`measure`: baseline, the bursts measured, baseline again), check the result in a subprocess
    (`check_tally`, printing JSON) and print the figures (`report`)."""

    #: the command's own name (its setup and check phases run as subprocesses of it)
    command_name = ""
    default_url = ""
    min_members = 1

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database-url", default=self.default_url, help="PostgreSQL database to (re)create and use.")
        parser.add_argument("--members", type=int, default=1000, help="Deputies who vote (default 1000).")
        parser.add_argument("--clients", type=int, default=20, help="Concurrent clients (default 20).")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4).")
        parser.add_argument("--keep-database", action="store_true", help="Do not drop and recreate the database first.")
        parser.add_argument("--phase", choices=["setup", "check"], help=hidden())
        parser.add_argument("--out", default="", help=hidden())

    def handle(self, *args: Any, **options: Any) -> None:
        if options["phase"] == "setup":
            return self.setup(options["members"], Path(options["out"]))
        if options["phase"] == "check":
            return self.check_tally(Path(options["out"]))
        members, clients, workers = options["members"], options["clients"], options["workers"]
        if not (self.min_members <= members <= 20000 and 1 <= clients <= 200 and 1 <= workers <= 32):
            raise CommandError(f"--members {self.min_members}..20000, --clients 1..200, --workers 1..32")
        self.check_options(options)
        url = options["database_url"]
        if not url.startswith(("postgres://", "postgresql://")):
            raise CommandError("the benchmark runs on PostgreSQL: give a postgres:// URL")
        with tempfile.TemporaryDirectory(prefix=f"renda-{self.command_name.replace('_', '-')}-") as tmp:
            tmpdir = Path(tmp)
            env = child_env(url, tmpdir / "data", BENCH_SETTINGS)
            if not options["keep_database"]:
                name = recreate_database(url)
                self.stdout.write(f"database: {name} recreated on {urllib.parse.urlsplit(url).hostname}")
            run_manage(env, ["migrate", "--noinput", "-v0"], self.stdout.write, "migrate")
            plan_path = tmpdir / "plan.json"
            setup = [self.command_name, "--phase", "setup", "--members", str(members), "--out", str(plan_path)]
            run_manage(env, setup, self.stdout.write, "setup")
            plan: Plan = json.loads(plan_path.read_text())
            port = free_port()
            with serve(env, port, workers, tmpdir / "gunicorn.log", ["--backlog", "2048"]):
                self.stdout.write(
                    f"gunicorn: http://{HOST}:{port}, {workers} sync workers; {clients} clients; {os.cpu_count()} CPUs; {load()}"
                )
                base = baseline_requests(plan["person_ids"])
                burst("warm-up", port, base[:50], clients)  # every worker's connection and code paths, untimed
                bursts = self.measure(port, plan, clients, base)
                self.stdout.write(f"host: {load()} after measuring")
            out = run_manage(env, [self.command_name, "--phase", "check", "--out", str(plan_path)], self.stdout.write, "check")
            check: Plan = json.loads(out.strip().splitlines()[-1])
        self.report(bursts, check, plan)

    def check_options(self, options: dict[str, Any]) -> None:
        """Further checks of a subclass's own options (before anything is created)."""

    def open_first(self, port: int, path: str, plan: Plan, clients: int) -> None:
        """Each deputy opens the page of the vote before voting (GET, as the phone page does), so their session and
        user are in the shared cache as after any page view. Not part of the timed bursts; printed for the record."""
        opened = burst("open", port, [(path, None, {"Cookie": f"sessionid={v['session']}"}) for v in plan["voters"]], clients)
        self.stdout.write(
            f"deputies opened the poll first: {len(opened.timings_ms)} GET {path} at {opened.rate:.1f}/s, "
            f"p50 {opened.pct(50):.1f} ms, statuses {opened.sorted_statuses()}"
        )

    @staticmethod
    def json_post(path: str, payload: object, plan: Plan, voter: dict[str, Any]) -> Request:
        """A POST of JSON with the voter's session and the plan's CSRF token (cookie and header)."""
        body = json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json",
            "Cookie": f"sessionid={voter['session']}; csrftoken={plan['csrf']}",
            "X-CSRFToken": plan["csrf"],
            "Content-Length": str(len(body)),
        }
        return (path, body, headers)

    def write_lines(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.stdout.write(line)

    # hooks ------------------------------------------------------------------------------------------------

    def setup(self, members: int, out: Path) -> None:
        """Inside the benchmark database: build the data, write the plan (JSON with person_ids, voters) to `out`."""
        raise NotImplementedError

    def check_tally(self, plan_path: Path) -> None:
        """Inside the benchmark database: print what was recorded as one line of JSON."""
        raise NotImplementedError

    def measure(self, port: int, plan: Plan, clients: int, baseline: list[Request]) -> list[Burst]:
        """The timed bursts: baseline, the bursts measured, baseline again."""
        raise NotImplementedError

    def report(self, bursts: list[Burst], check: Plan, plan: Plan) -> None:
        raise NotImplementedError
