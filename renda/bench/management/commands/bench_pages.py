"""Latency of the main pages on the demo district, over real HTTP against gunicorn on loopback.

Prepares a database (a fresh SQLite file by default, or the PostgreSQL database named by --database-url) in
subprocesses running the production settings: migrate, demo, collectstatic. Then starts gunicorn on
127.0.0.1, logs in as `office` (whole district), `wjj_staff` (one town) and `admin` (audit trail), and times
sequential GETs of each page after a warm-up. Prints p50 / p95 / max per page and user, and a summary line
against the p95 target. Every timed response must be 200; gunicorn is always stopped at the end.

    manage.py bench_pages
    manage.py bench_pages --database-url postgres://renda:renda@127.0.0.1:5432/renda_bench
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renda.bench import harness

PASSWORD = "Renda@2017"  # noqa: S105 - the demo logins' password (renda.org.demo.DEMO_PASSWORD)
TARGET_P95_MS = 100.0


@dataclass
class Page:
    label: str
    path: str
    users: tuple[str, ...]


@dataclass
class Result:
    label: str
    path: str
    user: str
    timings_ms: list[float] = field(default_factory=list)
    error: str = ""

    @property
    def n(self) -> int:
        return len(self.timings_ms)

    def percentile(self, q: float) -> float:
        return harness.percentile(self.timings_ms, q)


STAFF_USERS = ("office", "wjj_staff")


def pages() -> list[Page]:
    """The pages timed; `{deputy}` and `{unit}` are filled per user with a record that user can see."""
    return [
        Page("home", "/", STAFF_USERS),
        Page("work overview 2017 H1", "/overview/?year=2017&half=1", STAFF_USERS),
        Page("deputies list", "/deputies/", STAFF_USERS),
        Page("deputies filtered", "/deputies/?status=serving&q=z", STAFF_USERS),
        Page("deputy detail", "/deputies/{deputy}/", STAFF_USERS),
        Page("deputies export", "/deputies/?export=xlsx", STAFF_USERS),
        Page("units list", "/units/", STAFF_USERS),
        Page("unit detail", "/units/{unit}/", STAFF_USERS),
        Page("region tree", "/regions/", STAFF_USERS),
        Page("API deputies", "/api/deputies", STAFF_USERS),
        Page("audit trail", "/audit/", ("admin",)),
    ]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as responses, so the login's 302 (and any unexpected redirect) is visible."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        return None


class Client:
    """One browser session: a cookie jar and an opener that ignores any proxy settings (loopback only)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirect(),
        )

    def request(self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})  # noqa: S310 - http://127.0.0.1 only
        try:
            with self.opener.open(req, timeout=harness.HTTP_TIMEOUT) as response:
                status: int = response.status
                return status, response.read()
        except urllib.error.HTTPError as exc:  # 3xx (redirects are not followed), 4xx, 5xx
            with contextlib.closing(exc):
                return exc.code, exc.read()

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def login(self, username: str) -> None:
        status, _body = self.request("/accounts/login/")
        token = self.cookie("csrftoken")
        if status != 200 or not token:
            raise CommandError(f"GET /accounts/login/ gave {status} and {'a' if token else 'no'} csrftoken cookie")
        status, _body = self.request(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.base + "/accounts/login/"},
        )
        if status != 302 or not self.cookie("sessionid"):
            raise CommandError(f"logging in as {username} failed (status {status}); is the demo built?")

    def first_id(self, path: str) -> int:
        status, body = self.request(path)
        if status != 200:
            raise CommandError(f"GET {path} gave {status}")
        data = json.loads(body)
        items = data["items"] if isinstance(data, dict) else data
        if not items:
            raise CommandError(f"GET {path} returned no records")
        return int(items[0]["id"])


class Command(BaseCommand):
    help = "Time the main pages on the demo district over HTTP against gunicorn on 127.0.0.1 (p50/p95/max)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database-url",
            default="",
            help="Database to prepare and serve (postgres://…, must exist). Default: a fresh SQLite file in a temp dir.",
        )
        parser.add_argument("--requests", type=int, default=60, help="Timed GETs per page and user (default 60).")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed GETs per page and user first (default 5).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2).")
        parser.add_argument("--port", type=int, default=0, help="Port on 127.0.0.1 (default: a free one).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["requests"] < 1 or options["warmup"] < 0 or options["workers"] < 1:
            raise CommandError("--requests and --workers must be at least 1, --warmup at least 0")
        if not 0 <= options["port"] <= 65535:
            raise CommandError("--port must be between 1 and 65535 (0 picks a free port)")
        with tempfile.TemporaryDirectory(prefix="renda-bench-") as tmp:
            tmpdir = Path(tmp)
            database_url = options["database_url"] or f"sqlite:///{tmpdir / 'bench.sqlite3'}"
            if database_url.split(":", 1)[0] not in {"sqlite", "postgres", "postgresql", "pgsql"}:
                raise CommandError("--database-url must be a sqlite:/// or postgres:// URL")
            env = harness.child_env(database_url, tmpdir / "data")
            self.stdout.write(f"database: {harness.redact(database_url)}")
            for step in (["migrate", "--noinput", "-v0"], ["demo"], ["collectstatic", "--noinput", "-v0"]):
                harness.run_manage(env, step, self.stdout.write)
            port = options["port"] or harness.free_port()
            base = f"http://{harness.HOST}:{port}"
            with harness.serve(env, port, options["workers"], tmpdir / "gunicorn.log") as server:
                self.stdout.write(f"gunicorn: {base} with {options['workers']} workers (pid {server.pid})")
                self.stdout.write(f"host: {os.cpu_count()} CPUs, {harness.load()} before measuring")
                results = self.measure(base, options["requests"], options["warmup"])
                self.stdout.write(f"host: {harness.load()} after measuring (other work on the host skews the figures)")
        self.report(results)

    # --- measuring ---------------------------------------------------------------------------------------

    def measure(self, base: str, requests: int, warmup: int) -> list[Result]:
        clients: dict[str, Client] = {}
        ids: dict[str, dict[str, int]] = {}
        results = []
        for page in pages():
            for user in page.users:
                if user not in clients:
                    client = clients[user] = Client(base)
                    client.login(user)
                    ids[user] = {}
                client = clients[user]
                if "{deputy}" in page.path and "deputy" not in ids[user]:
                    ids[user]["deputy"] = client.first_id("/api/deputies?page_size=1")
                if "{unit}" in page.path and "unit" not in ids[user]:
                    ids[user]["unit"] = client.first_id("/api/units")
                path = page.path.format(**ids[user])
                results.append(self.time_page(client, page.label, path, user, requests, warmup))
        return results

    @staticmethod
    def time_page(client: Client, label: str, path: str, user: str, requests: int, warmup: int) -> Result:
        result = Result(label, path, user)
        for index in range(warmup + requests):
            started = time.perf_counter()
            try:
                status, _body = client.request(path)
            except OSError as exc:  # refused, reset, timed out (URLError is an OSError)
                result.error = f"GET {path} as {user} failed: {exc}"
                return result
            elapsed_ms = (time.perf_counter() - started) * 1000
            if status != 200:
                result.error = f"GET {path} as {user} gave {status}"
                return result
            if index >= warmup:
                result.timings_ms.append(elapsed_ms)
        return result

    # --- reporting ---------------------------------------------------------------------------------------

    def report(self, results: list[Result]) -> None:
        width = max(len(r.path) for r in results)
        header = f"{'page':<{width}}  {'user':<10} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  label"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            if r.error:
                self.stdout.write(f"{r.path:<{width}}  {r.user:<10} {r.n:>4} {'-':>8} {'-':>8} {'-':>8}  {r.label}: {r.error}")
                continue
            self.stdout.write(
                f"{r.path:<{width}}  {r.user:<10} {r.n:>4} {r.percentile(50):>8.1f} {r.percentile(95):>8.1f} "
                f"{max(r.timings_ms):>8.1f}  {r.label}"
            )
        failed = [r for r in results if r.error]
        measured = [r for r in results if not r.error]
        over = [r for r in measured if r.percentile(95) > TARGET_P95_MS]
        if measured:
            worst = max(measured, key=lambda r: r.percentile(95))
            verdict = "yes" if not over and not failed else "no"
            self.stdout.write(
                f"summary: worst p95 {worst.percentile(95):.1f} ms ({worst.path} as {worst.user}); "
                f"every page p95 <= {TARGET_P95_MS:.0f} ms: {verdict}"
                + (f" (over: {', '.join(f'{r.path} as {r.user}' for r in over)})" if over else "")
            )
        if failed:
            raise CommandError("; ".join(r.error for r in failed))
