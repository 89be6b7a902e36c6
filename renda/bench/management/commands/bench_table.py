"""The benchmark table (issue #17): the main lists, detail pages, the overview, figures and exports, each list beside
the raw SQL doing the same work, against a baseline measured in the same run — for one database, or for the three
setups side by side in one run.

One database (the configured one):

    manage.py bench_table --label "demo, SQLite"                                   # the configured database
    DATABASE_URL=postgres://…/renda_bench_table_demo manage.py bench_table --label "demo, PostgreSQL"
    DATABASE_URL=postgres://…/renda_bench_province manage.py bench_table --label "province 1/20, PostgreSQL" --province

The three setups, one after the other in one run, printed as one table (each measured by this command in a
subprocess on its own database; `--cluster` a cluster up with the demo and a generated province on its primary):

    manage.py bench_table --setups sqlite,pg,cluster --sqlite-url sqlite:///var/demo.sqlite3 \
        --pg-url postgres://…/renda_bench_table_demo --pg-province-url postgres://…/renda_bench_province \
        --cluster var/cluster

In process (sqlite, pg: Django's test client through the whole middleware stack, templates and the database; no
HTTP) or over HTTP (`--http URL`, the cluster: real sockets through nginx to the two app servers, whose GETs read on
the standby, signed in by a session cookie). Each page is fetched `--warmup` times untimed, then `--runs` times, as
the office of the whole area (the demo's `office`, or with `--province` an office account granted the generated
province's root region). The page's queries are captured once in process and then run again straight on a database
cursor, `--runs` times: "raw SQL" is that floor (the same statements, the same rows, no ORM, views or templates; on
the standby with `--raw-url`, where the cluster's reads go). The baseline is /healthz (middleware, one trivial query),
timed the same way between the pages — through the same nginx for the cluster — so the ratios hold on a noisy
machine. Every timed answer must be 200.

Prints: page, kind, p50 and p95 (ms), raw SQL p95 and the page's p95 over it, and p95 over the baseline's p50; with
`--setups`, one table of every setup and scale, the ratios the targets are about, and the replica's share of list
reads under load (`bench_replica_reads`) on the cluster.
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from renda.bench.harness import child_env, load, percentile, run_manage, signed_in_session
from renda.core.models import User
from renda.opinions.models import Opinion
from renda.org.models import Deputy, Region, Role, RoleGrant
from renda.suggestions.models import Suggestion

PROVINCE_USER = "bench_province_office"
SKIP_RAW = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "FETCH", "CLOSE")
#: a server-side cursor's statement (an export's iterator): its query runs as a plain one
DECLARE = re.compile(r'^DECLARE\s+"?\w+"?\s.*?\bFOR\s+', re.IGNORECASE | re.DOTALL)
SETUPS = ("sqlite", "pg", "cluster")
SCALES = ("demo", "province")
HTTP_TIMEOUT = 120.0
CHILD_TIMEOUT = 3600


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


class Http:
    """GETs over a real socket to `base` (nginx), signed in by a session cookie."""

    def __init__(self, base: str, session_key: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.headers = {"Cookie": f"sessionid={session_key}"}

    def wait_signed_in(self, timeout: float = 60.0) -> None:
        """Until the app servers know the session (written on the primary, read on the standby)."""
        deadline = time.monotonic() + timeout
        while self.get("/account/") != 200:
            if time.monotonic() > deadline:
                raise CommandError(f"the session was not known at {self.host}:{self.port} within {timeout:.0f} s")
            time.sleep(0.2)

    def get(self, path: str) -> int:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT)
        try:
            conn.request("GET", path, headers=self.headers)
            response = conn.getresponse()
            response.read()
            return response.status
        except OSError:
            return 0
        finally:
            conn.close()


class Command(BaseCommand):
    help = "Time the main pages beside their raw SQL and a baseline: the configured database, or every setup (--setups)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--label", default="", help="what this database is (printed in the table's title)")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--warmup", type=int, default=2)
        parser.add_argument("--user", default="office", help="the account the pages are read as (default: the demo's office)")
        parser.add_argument("--province", action="store_true", help="read as an office of the generated province's root region")
        parser.add_argument("--http", default="", help="fetch the pages over HTTP from this address (e.g. the cluster's nginx)")
        parser.add_argument("--raw-url", default="", help="run the raw SQL on this PostgreSQL database (e.g. the standby)")
        parser.add_argument("--json", default="", help="also write the rows to this file")
        parser.add_argument("--only", default="", help="time only the pages whose label has one of these words: list,detail")
        # the three setups in one run
        parser.add_argument("--setups", default="", help=f"measure these setups in one run: {','.join(SETUPS)}")
        parser.add_argument("--scales", default=",".join(SCALES), help="with --setups: demo,province")
        parser.add_argument("--sqlite-url", default="sqlite:///var/demo.sqlite3", help="the demo district on SQLite")
        parser.add_argument("--pg-url", default="", help="the demo district on one PostgreSQL")
        parser.add_argument("--pg-province-url", default="", help="the generated province on one PostgreSQL")
        parser.add_argument("--cluster", default="", help="a cluster up (manage.py cluster up) with the demo and a province")
        parser.add_argument("--province-runs", type=int, default=5, help="with --setups: runs at province scale")
        parser.add_argument("--reads-seconds", type=float, default=20.0, help="with --setups: the replica read load's length")

    def handle(self, *args: Any, **opts: Any) -> None:
        runs, warmup = opts["runs"], opts["warmup"]
        if not (1 <= runs <= 1000 and 0 <= warmup <= 100 and 1 <= opts["province_runs"] <= 1000):
            raise CommandError("--runs 1..1000, --province-runs 1..1000, --warmup 0..100")
        if opts["setups"]:
            return Setups(self, opts).run()
        user = self.province_user() if opts["province"] else User.objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"no user {opts['user']!r}: build the demo (manage.py demo) or pass --province")
        client = Client()
        client.force_login(user)
        http = Http(opts["http"], signed_in_session(user)) if opts["http"] else None
        if http is not None:
            http.wait_signed_in()
        with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, RENDA_EXPORT_INLINE_ROWS=10**9), self.raw_cursor(opts["raw_url"]) as raw:
            only = [word for word in opts["only"].split(",") if word] or [""]
            pages = [p for p in self.pages(user, province=opts["province"]) if any(word in p[0] for word in only)]
            rows = [self.measure(client, http, raw, label, kind, path, runs, warmup) for label, kind, path in pages]
            base = self.measure(client, http, raw, "baseline /healthz", "baseline", "/healthz", runs, warmup, timed_raw=False)
        label = opts["label"] or connection.vendor
        if opts["json"]:
            Path(opts["json"]).write_text(json.dumps({"label": label, "load": load(), "rows": [asdict(r) for r in rows],
                                                      "base": asdict(base)}))  # fmt: skip
        self.report(label, rows, base)

    def province_user(self) -> User:
        root = Region.objects.filter(kind=Region.Kind.PROVINCE).order_by("-id").first()
        if root is None:
            raise CommandError("no province: manage.py generate_province first")
        user, _ = User.objects.get_or_create(username=PROVINCE_USER, defaults={"display_name": "省人大常委会办公室"})
        RoleGrant.objects.get_or_create(user=user, role=Role.OFFICE, region=root)
        return user

    @staticmethod
    @contextmanager
    def raw_cursor(url: str) -> Iterator[Any]:
        if not url:
            with connection.cursor() as cursor:
                yield cursor
            return
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cursor:
            yield cursor

    def pages(self, user: User, *, province: bool) -> list[tuple[str, str, str]]:
        """The pages, with records from the user's own area (a database can hold the demo and a province)."""
        paths = [g.region.path for g in RoleGrant.objects.filter(user=user).select_related("region") if g.region is not None]
        root = min(paths, key=len) if paths else "/"
        opinion = Opinion.objects.filter(region__path__startswith=root).order_by("-id").values_list("id", flat=True).first()
        deputy = Deputy.objects.filter(region__path__startswith=root).order_by("-id").values_list("id", flat=True).first()
        suggestion = Suggestion.objects.filter(region__path__startswith=root).order_by("-id").values_list("id", flat=True).first()
        year = 2024 if province else 2017
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
            ("work overview (a year)", "overview", f"/overview/?year={year}&half=0"),
            ("opinion figures", "figures", f"/opinions/figures/?year={year}"),
            ("suggestion figures", "figures", f"/suggestions/figures/?year={year}"),
            ("deputies export", "export", "/deputies/?export=xlsx"),
            ("opinions export, routed", "export", "/opinions/?status=routed&export=xlsx"),
        ]
        return [row for row in out if "None" not in row[2]]

    def measure(
        self, client: Client, http: Http | None, raw: Any, label: str, kind: str, path: str, runs: int, warmup: int,
        *, timed_raw: bool = True,
    ) -> Row:  # fmt: skip
        row = Row(label, kind, path)
        for _ in range(warmup):
            http.get(path) if http else client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        row.statuses[response.status_code] = 1
        statements = [DECLARE.sub("", q["sql"]) for q in captured.captured_queries if not q["sql"].upper().startswith(SKIP_RAW)]
        row.queries = len(statements)
        for _ in range(runs):
            started = time.perf_counter()
            if http is not None:
                status = http.get(path)
            else:
                response = client.get(path)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                status = response.status_code
            row.timings_ms.append((time.perf_counter() - started) * 1000)
            row.statuses[status] = row.statuses.get(status, 0) + 1
            if timed_raw:
                row.raw_ms.append(self.time_raw(raw, statements))
        return row

    @staticmethod
    def time_raw(cursor: Any, statements: list[str]) -> float:
        started = time.perf_counter()
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


class Setups:
    """Every setup and scale of the table, one after the other in one run, each by this command in a subprocess."""

    def __init__(self, command: Command, opts: dict[str, Any]) -> None:
        self.command, self.opts = command, opts
        self.write: Callable[[str], Any] = command.stdout.write
        self.setups = [s for s in opts["setups"].split(",") if s]
        self.scales = [s for s in opts["scales"].split(",") if s]
        if not self.setups or not set(self.setups) <= set(SETUPS) or not self.scales or not set(self.scales) <= set(SCALES):
            raise CommandError(f"--setups: some of {','.join(SETUPS)}; --scales: some of {','.join(SCALES)}")
        if "pg" in self.setups and not (opts["pg_url"] or opts["pg_province_url"]):
            raise CommandError("--setups pg needs --pg-url (demo) and/or --pg-province-url (province)")
        if "cluster" in self.setups and not opts["cluster"]:
            raise CommandError("--setups cluster needs --cluster DIR (manage.py cluster up --demo, then generate_province)")

    def columns(self) -> list[tuple[str, str]]:
        """(scale, setup) pairs measured: SQLite at demo scale only (the generator writes a province to PostgreSQL)."""
        out = []
        for scale in self.scales:
            for setup in self.setups:
                if setup == "sqlite" and scale == "province":
                    continue
                if setup == "pg" and not self.opts["pg_url" if scale == "demo" else "pg_province_url"]:
                    continue
                out.append((scale, setup))
        return out

    def child(self, scale: str, setup: str, out: Path) -> tuple[list[str], dict[str, str]]:
        runs = self.opts["runs"] if scale == "demo" else self.opts["province_runs"]
        args = ["bench_table", "--json", str(out), "--runs", str(runs), "--warmup", str(self.opts["warmup"]),
                "--label", f"{scale}, {setup}"]  # fmt: skip
        if scale == "province":
            args.append("--province")
        # every setup under the production settings (the cluster's app servers run them): no debug, cached templates
        if setup == "sqlite":
            env = child_env(self.opts["sqlite_url"], out.parent / "data")
        elif setup == "pg":
            env = child_env(self.opts["pg_url" if scale == "demo" else "pg_province_url"], out.parent / "data")
        else:
            from renda.bench.management.commands.cluster import primary_env, read_ports

            workdir = Path(self.opts["cluster"]).resolve()
            ports = read_ports(workdir)
            # the primary straight, and not the cluster's Redis: its cached users were loaded on the standby, an
            # alias this process (without the replica) does not have; the session reaches the app servers through
            # the sessions table
            env = primary_env(workdir)
            env.pop("REDIS_URL", None)
            args += [
                "--http",
                f"http://127.0.0.1:{ports['nginx']}",
                "--raw-url",
                f"postgres://renda@127.0.0.1:{ports['standby']}/renda",
            ]
        return args, env

    def run(self) -> None:
        self.write(
            f"benchmark table, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; {platform.node()}: "
            f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}; {load()} at the start"
        )
        results: dict[tuple[str, str], dict[str, Any]] = {}
        reads: dict[str, Any] | None = None
        with tempfile.TemporaryDirectory(prefix="renda-bench-table-") as tmp:
            if any(setup != "cluster" for _, setup in self.columns()):  # the production settings' static manifest
                run_manage(child_env(self.opts["sqlite_url"], Path(tmp) / "data"), ["collectstatic", "--noinput", "-v0"],
                           self.write, "collectstatic")  # fmt: skip
            for scale, setup in self.columns():
                out = Path(tmp) / f"{scale}-{setup}.json"
                args, env = self.child(scale, setup, out)
                started = time.monotonic()
                done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
                    [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args], cwd=settings.BASE_DIR, env=env,
                    capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False,
                )  # fmt: skip
                if not out.exists():
                    raise CommandError(f"{scale}, {setup} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
                results[(scale, setup)] = json.loads(out.read_text())
                self.write(f"measured {scale}, {setup} in {time.monotonic() - started:.0f} s ({results[(scale, setup)]['load']})")
                if done.returncode != 0:
                    self.write(f"  ! {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'failed'}")
            if "cluster" in self.setups:
                reads = self.replica_reads(Path(tmp) / "reads.json")
        self.table(results)
        if reads is not None:
            self.write(
                f"replica share of list reads under load: {reads['standby_share']:.0%} (list-table scans standby "
                f"{reads['scans']['standby']}, primary {reads['scans']['primary']}; {reads['reads']} list reads, "
                f"{reads['writes']} writes read back at once in {reads['seconds']} s); read-your-writes violations: "
                f"{len(reads['violations'])}; {reads['load']}"
            )
        self.write(f"{load()} at the end")

    def replica_reads(self, out: Path) -> dict[str, Any] | None:
        args = ["bench_replica_reads", "--dir", str(Path(self.opts["cluster"]).resolve()), "--seconds",
                str(self.opts["reads_seconds"]), "--json", str(out)]  # fmt: skip
        done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args], cwd=settings.BASE_DIR,
            capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False,
        )  # fmt: skip
        if not out.exists():
            self.write(f"the replica read load failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
            return None
        result: dict[str, Any] = json.loads(out.read_text())
        return result

    def table(self, results: dict[tuple[str, str], dict[str, Any]]) -> None:
        """One table: a column per scale and setup (p50 / p95 (raw p95) in ms), then the ratios of the targets."""
        columns = list(results)
        names = {"sqlite": "SQLite", "pg": "PostgreSQL", "cluster": "cluster"}
        heads = [f"{scale} {names[setup]}" for scale, setup in columns]
        width = 21
        self.write("p50 / p95 ms (raw SQL p95) per page; baseline /healthz p50 / p95 on the last line")
        ratios = [c for c in ("cluster", "pg") if ("province", c) in results]
        short = {"sqlite": "SQLite", "pg": "PG", "cluster": "cluster"}
        ratio_heads = [f"{short[c]} prov/raw" for c in ratios] + [
            f"{short[c]} prov/demo" for c in ratios if ("demo", c) in results
        ]
        self.write(f"{'page':<26}" + "".join(f"{h:>{width}}" for h in heads) + "".join(f"{h:>18}" for h in ratio_heads))
        labels: list[str] = []
        for result in results.values():
            labels += [r["label"] for r in result["rows"] if r["label"] not in labels]
        for label in labels:
            cells, found = [], {}
            for key in columns:
                row = next((r for r in results[key]["rows"] if r["label"] == label), None)
                found[key] = row
                if row is None:
                    cells.append(f"{'-':>{width}}")
                    continue
                bad = "" if set(row["statuses"]) == {"200"} or set(row["statuses"]) == {200} else "!"
                p50, p95, raw = (percentile(row["timings_ms"], 50), percentile(row["timings_ms"], 95),
                                 percentile(row["raw_ms"], 95))  # fmt: skip
                cells.append(f"{f'{bad}{p50:.0f} / {p95:.0f} ({raw:.0f})':>{width}}")
            extra = []
            for c in ratios:
                row = found.get(("province", c))
                extra.append(
                    f"{percentile(row['timings_ms'], 95) / percentile(row['raw_ms'], 95):>18.1f}"
                    if row and row["raw_ms"]
                    else f"{'-':>18}"
                )
            for c in ratios:
                if ("demo", c) not in results:
                    continue
                prov, demo = found.get(("province", c)), found.get(("demo", c))
                extra.append(
                    f"{percentile(prov['timings_ms'], 95) / percentile(demo['timings_ms'], 95):>18.1f}"
                    if prov and demo
                    else f"{'-':>18}"
                )
            self.write(f"{label:<26}" + "".join(cells) + "".join(extra))
        base_cells = []
        for key in columns:
            base = results[key]["base"]["timings_ms"]
            base_cells.append(f"{f'{percentile(base, 50):.1f} / {percentile(base, 95):.1f}':>{width}}")
        self.write(f"{'baseline /healthz':<26}" + "".join(base_cells))
        self.write("loads: " + "; ".join(f"{s} {n}: {results[(s, n)]['load']}" for s, n in columns))
