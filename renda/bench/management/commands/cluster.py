"""Several machines on one: the whole deployment started on loopback by one command (issue #17).

    manage.py cluster up [--dir var/cluster] [--port 8100] [--demo]     # or: make cluster
    manage.py cluster status [--dir var/cluster]
    manage.py cluster down [--dir var/cluster]

`up` starts, from Debian and PyPI packages only (no containers):

* a PostgreSQL 15 primary and a streaming hot standby (scripts/pg_pair.sh), the platform migrated on the primary;
* pgbouncer in transaction mode in front of the primary (the app servers' writes and primary reads go through it);
* Redis for the cache, the sessions (cached_db: they survive a Redis restart through the database) and the rate
  limits;
* two gunicorn app servers with the production settings, reads of GET requests on the standby
  (`DATABASE_REPLICA_URL`, renda/core/replica.py);
* nginx on `--port` in front of both, retrying on the other server only what is safe (a connection refused or a
  GET that timed out; never a POST that reached a server);
* the task worker (`db_worker`) and the periodic jobs (`audit-seal` every minute, `daily` once a day).

Ports follow `--port` (P): nginx P, app servers P+1 and P+2, pgbouncer P+3, Redis P+4, primary P+5, standby P+6.
Everything lives under `--dir` (configuration, logs, pid files, data) and `down` stops it all. The same pieces on
real hosts are described in docs/deploy.md.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from renda.bench.harness import gunicorn_command

HOST = "127.0.0.1"
PG_PAIR = Path(settings.BASE_DIR) / "scripts" / "pg_pair.sh"
SERVICES = ("nginx", "app1", "app2", "worker", "jobs", "pgbouncer", "redis")


def _ports(base: int) -> dict[str, int]:
    return {"nginx": base, "app1": base + 1, "app2": base + 2, "pgbouncer": base + 3, "redis": base + 4,
            "primary": base + 5, "standby": base + 6}  # fmt: skip


def _as_postgres(command: list[str]) -> list[str]:
    """pgbouncer and PostgreSQL refuse to run as root: as the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603 - our own commands
    if done.returncode != 0:
        raise CommandError(f"{' '.join(command[:3])}… failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done


def _wait_http(port: int, path: str = "/healthz", timeout: float = 120, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log is not None and not _alive(_pid(log.with_suffix(".pid"))):
            raise CommandError(f"{log.stem} exited before answering on port {port}:\n{_tail(log)}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            try:
                conn.request("GET", path)
                if conn.getresponse().status == 200:
                    return
            finally:
                conn.close()
        time.sleep(0.2)
    raise CommandError(f"nothing answered {path} on port {port} within {timeout:.0f} s" + (f":\n{_tail(log)}" if log else ""))


def _tail(log: Path, lines: int = 30) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    return ""


def wait_port(port: int, timeout: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        time.sleep(0.1)
    raise CommandError(f"nothing listens on port {port} after {timeout:.0f} s")


def _pid(path: Path) -> int | None:
    with contextlib.suppress(OSError, ValueError):
        return int(path.read_text().strip())
    return None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def cluster_env(workdir: Path, ports: dict[str, int]) -> dict[str, str]:
    """The app servers' environment (production settings, pgbouncer, the standby for reads, Redis)."""
    secret_file = workdir / "secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(60))
        secret_file.chmod(0o600)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="renda.settings.production",
        SECRET_KEY=secret_file.read_text().strip(),
        DATABASE_URL=f"postgres://renda@{HOST}:{ports['pgbouncer']}/renda",
        DATABASE_REPLICA_URL=f"postgres://renda@{HOST}:{ports['standby']}/renda",
        DB_TRANSACTION_POOLER="1",
        REDIS_URL=f"redis://{HOST}:{ports['redis']}/0",
        RENDA_DATA_DIR=str(workdir / "data"),
        RENDA_TRUSTED_PROXIES=HOST,
        ALLOWED_HOSTS=f"{HOST},localhost",
        CSRF_TRUSTED_ORIGINS=f"http://{HOST}:{ports['nginx']},http://localhost:{ports['nginx']}",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def read_ports(workdir: Path) -> dict[str, int]:
    """The ports of the cluster set up in `workdir` (its `ports` file)."""
    if not (workdir / "ports").exists():
        raise CommandError(f"no cluster in {workdir}")
    return {k: int(v) for k, v in (item.split("=") for item in (workdir / "ports").read_text().split())}


def primary_env(workdir: Path) -> dict[str, str]:
    """The cluster's environment for a `manage.py` step on the primary itself (migrations, data): no pooler, no
    replica."""
    ports = read_ports(workdir)
    env = {**cluster_env(workdir, ports), "DATABASE_URL": f"postgres://renda@{HOST}:{ports['primary']}/renda"}
    env.pop("DATABASE_REPLICA_URL")
    env.pop("DB_TRANSACTION_POOLER")
    return env


NGINX_CONF = """\
daemon on;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    access_log {dir}/nginx-access.log;
    client_body_temp_path {dir}/nginx-tmp/body;
    proxy_temp_path {dir}/nginx-tmp/proxy;
    fastcgi_temp_path {dir}/nginx-tmp/fastcgi;
    uwsgi_temp_path {dir}/nginx-tmp/uwsgi;
    scgi_temp_path {dir}/nginx-tmp/scgi;
    client_max_body_size 20m;
    upstream renda {{
        server {host}:{app1} max_fails=1 fail_timeout=5s;
        server {host}:{app2} max_fails=1 fail_timeout=5s;
    }}
    server {{
        listen {host}:{nginx};
        location / {{
            proxy_pass http://renda;
            proxy_set_header Host $host:$server_port;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 60s;
            # the other server only for what is safe: nginx never passes on a POST that reached a server
            # (non_idempotent is not listed), so a vote is never cast twice
            proxy_next_upstream error timeout http_502 http_503;
            add_header X-Renda-Upstream $upstream_addr always;
        }}
    }}
}}
"""

PGBOUNCER_INI = """\
[databases]
renda = host={host} port={primary} dbname=renda user=renda

[pgbouncer]
listen_addr = {host}
listen_port = {pgbouncer}
unix_socket_dir = {dir}
auth_type = trust
auth_file = {dir}/pgbouncer-users.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
pidfile = {dir}/pgbouncer.pid
logfile = {dir}/pgbouncer.log
"""


class Command(BaseCommand):
    help = "Start, inspect or stop the whole deployment on loopback (PostgreSQL primary + standby, pgbouncer, Redis, two app servers, nginx, worker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["up", "down", "status"])
        parser.add_argument("--dir", default=str(Path(settings.BASE_DIR) / "var" / "cluster"))
        parser.add_argument("--port", type=int, default=8100)
        parser.add_argument("--demo", action="store_true", help="build the demo district after migrating")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")

    def handle(self, *args: Any, **opts: Any) -> None:
        workdir = Path(opts["dir"]).resolve()
        if opts["action"] == "down":
            self.down(workdir)
        elif opts["action"] == "status":
            self.status(workdir)
        else:
            self.up(workdir, opts["port"], demo=opts["demo"], workers=opts["workers"])

    # --- up -------------------------------------------------------------------------------------------------------
    def up(self, workdir: Path, base: int, *, demo: bool, workers: int) -> None:
        for binary in ("nginx", "pgbouncer", "redis-server"):
            if shutil.which(binary) is None and not Path(f"/usr/sbin/{binary}").exists():
                raise CommandError(f"{binary} is not installed (apt-get install nginx-light pgbouncer redis-server)")
        if (workdir / "ports").exists():
            raise CommandError(f"a cluster is already set up in {workdir}: `cluster down --dir {workdir}` first")
        ports = _ports(base)
        workdir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            workdir.chmod(0o755)  # PostgreSQL and pgbouncer run as postgres and must reach their directory
        (workdir / "ports").write_text(" ".join(f"{k}={v}" for k, v in ports.items()))
        started = time.monotonic()
        step = lambda text: self.stdout.write(f"[{time.monotonic() - started:5.1f} s] {text}")  # noqa: E731

        pg = workdir / "pg"
        shutil.rmtree(pg, ignore_errors=True)  # a fresh pair each time (the previous one's logs go with it)
        _run([str(PG_PAIR), "start", str(pg), str(ports["primary"]), str(ports["standby"])], timeout=300)
        step(f"PostgreSQL primary on {ports['primary']}, hot standby on {ports['standby']}")

        conf = {"dir": str(pg), "host": HOST, **ports}
        (pg / "pgbouncer.ini").write_text(PGBOUNCER_INI.format(**conf))
        (pg / "pgbouncer-users.txt").write_text('"renda" ""\n')
        pgbouncer = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        _run(_as_postgres([pgbouncer, "-d", str(pg / "pgbouncer.ini")]), timeout=30)
        wait_port(ports["pgbouncer"])
        step(f"pgbouncer (transaction pooling) on {ports['pgbouncer']}")

        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        _run([redis, "--bind", HOST, "--port", str(ports["redis"]), "--daemonize", "yes", "--save", "", "--appendonly", "no",
              "--dir", str(workdir), "--pidfile", str(workdir / "redis.pid"), "--logfile", str(workdir / "redis.log")])  # fmt: skip
        wait_port(ports["redis"])
        step(f"Redis on {ports['redis']}")

        env = cluster_env(workdir, ports)
        direct = primary_env(workdir)
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        _run([*manage, "migrate", "--noinput", "-v0"], env=direct, cwd=settings.BASE_DIR, timeout=1200)
        _run([*manage, "collectstatic", "--noinput", "-v0"], env=direct, cwd=settings.BASE_DIR, timeout=600)
        step("migrated on the primary; static files collected")
        if demo:
            _run([*manage, "demo"], env=direct, cwd=settings.BASE_DIR, timeout=1200)
            step("demo district built")

        for name in ("app1", "app2"):
            self.spawn(workdir, name, [*gunicorn_command(ports[name], workers), "--graceful-timeout", "10"], env)
        for name in ("app1", "app2"):
            _wait_http(ports[name], log=workdir / f"{name}.log")
        step(f"two app servers on {ports['app1']} and {ports['app2']}")
        self.spawn(workdir, "worker", [*manage, "db_worker"], env)
        jobs = f"n=0; while true; do {manage[0]} {manage[1]} audit-seal; if [ $((n % 1440)) -eq 0 ]; then {manage[0]} {manage[1]} daily; fi; n=$((n+1)); sleep 60; done"
        self.spawn(workdir, "jobs", ["bash", "-c", jobs], env)
        step("task worker and periodic jobs")

        (workdir / "nginx-tmp").mkdir(exist_ok=True)
        (workdir / "nginx.conf").write_text(NGINX_CONF.format(**{**conf, "dir": str(workdir)}))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        _run([nginx, "-c", str(workdir / "nginx.conf"), "-p", str(workdir), "-e", str(workdir / "nginx-error.log")])
        _wait_http(ports["nginx"])
        step(f"nginx on http://{HOST}:{ports['nginx']}/ in front of both app servers")
        self.stdout.write(f"up in {time.monotonic() - started:.0f} s; stop with: manage.py cluster down --dir {workdir}")

    def spawn(self, workdir: Path, name: str, command: list[str], env: dict[str, str]) -> None:
        with open(workdir / f"{name}.log", "ab") as log:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter, gunicorn and manage.py
                command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        (workdir / f"{name}.pid").write_text(str(process.pid))

    # --- status and down ----------------------------------------------------------------------------------------
    def pids(self, workdir: Path) -> dict[str, int | None]:
        return {name: _pid(workdir / f"{name}.pid") for name in SERVICES} | {"pgbouncer": _pid(workdir / "pg" / "pgbouncer.pid")}

    def status(self, workdir: Path) -> None:
        if not (workdir / "ports").exists():
            self.stdout.write(f"no cluster in {workdir}")
            return
        self.stdout.write((workdir / "ports").read_text())
        for name, pid in self.pids(workdir).items():
            self.stdout.write(f"{name:10} {'running' if _alive(pid) else 'stopped'} {pid or ''}")

    def down(self, workdir: Path) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if _alive(_pid(workdir / "nginx.pid")):
            subprocess.run([nginx, "-c", str(workdir / "nginx.conf"), "-p", str(workdir), "-s", "stop"],  # noqa: S603
                           check=False, capture_output=True, timeout=30)  # fmt: skip
        for name, pid in self.pids(workdir).items():
            if name == "nginx" or not _alive(pid):
                continue
            assert pid is not None
            with contextlib.suppress(ProcessLookupError, PermissionError):
                # our own children lead their process group (start_new_session): stop the group (gunicorn's workers)
                os.killpg(pid, signal.SIGTERM) if name in {"app1", "app2", "worker", "jobs"} else os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(p) for n, p in self.pids(workdir).items() if n != "nginx"):
            time.sleep(0.2)
        for name, pid in self.pids(workdir).items():
            if _alive(pid) and name in {"app1", "app2", "worker", "jobs"}:
                assert pid is not None
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        if (workdir / "pg").exists():
            subprocess.run([str(PG_PAIR), "stop", str(workdir / "pg")], check=False, capture_output=True, timeout=120)  # noqa: S603
        (workdir / "ports").unlink(missing_ok=True)
        self.stdout.write(f"stopped; the logs stay in {workdir}")
