"""The deployment on loopback (`manage.py cluster up`, issue #17), and what a user notices when a piece fails.

One run: PostgreSQL primary + hot standby, pgbouncer, Redis, two gunicorn app servers behind nginx, the worker and
the jobs. Through nginx a user signs in and reads a page; both app servers answer in turn; then

* readers load the lists while writers write and read back at once: at least 80 % of the list tables' scans happen
  on the standby and no writer misses its own write (manage.py bench_replica_reads);
* 150 members vote through nginx and one app server is killed (SIGKILL) mid-burst: every member's vote is counted
  exactly once (manage.py bench_cluster --bursts kill: retries of votes without an answer, tally against the
  clients' log); afterwards every page still answers (nginx passes a refused connection to the other server);
* the standby is stopped: pages still answer (reads fall back to the primary);
* Redis restarts empty: the user is still signed in (sessions are cached_db: read from the database on a miss).

Runs in CI's PostgreSQL pass where nginx, pgbouncer and redis-server are installed (.ci/run installs them); skipped
with the reason otherwise. Everything it starts is stopped at the end, pass or fail.
"""

from __future__ import annotations

import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from renda.bench.management.commands.cluster import wait_port

ROOT = Path(__file__).resolve().parent.parent
NEEDED = ("nginx", "pgbouncer", "redis-server", "runuser")

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or any(shutil.which(b) is None and not Path(f"/usr/sbin/{b}").exists() for b in NEEDED)
    or not Path("/usr/lib/postgresql/15/bin/initdb").exists(),
    reason="the cluster runs in the PostgreSQL pass, with nginx, pgbouncer, redis-server and postgresql installed",
)

PASSWORD = "Cluster-Probe-2017!"  # noqa: S105 - a throwaway account of a throwaway cluster


def _free_base() -> int:
    """A base port with the next six free too, below the ephemeral range (32768+) that the suite's own database
    connections draw their local ports from, so nothing takes one of them between this check and the bind."""
    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(20000, 32760)
        free = True
        for port in range(base, base + 7):
            with socket.socket() as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    free = False
                    break
        if free:
            return base
    raise RuntimeError("no seven free ports in a row")


def _manage(*args: str, env: dict[str, str] | None = None, timeout: int = 1200) -> str:
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


class Browser:
    """A cookie-keeping HTTP client that talks to nginx and notes which app server answered."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:  # noqa: S310 - loopback http
                return response.status, response.headers.get("X-Renda-Upstream", ""), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("X-Renda-Upstream", ""), exc.read().decode(errors="replace")

    def login(self, username: str, password: str) -> None:
        status, _, page = self.get("/accounts/login/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(self.base + "/accounts/login/", data=data.encode(),  # noqa: S310
                                         headers={"Referer": self.base + "/accounts/login/"})  # fmt: skip
        with self.opener.open(request, timeout=60) as response:  # noqa: S310 - loopback http
            assert response.status == 200 and "/accounts/login/" not in response.url, response.url


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _signed_in(browser: Browser) -> bool:
    status, _, page = browser.get("/account/")
    return status == 200 and "cluster_probe" in page


def test_the_cluster_serves_through_nginx_and_survives_an_app_server_the_standby_and_redis_going_away():
    workdir = Path(tempfile.mkdtemp(prefix="renda-cluster-"))
    base = _free_base()
    try:
        _manage("cluster", "up", "--dir", str(workdir), "--port", str(base), "--workers", "1")
        ports = dict(item.split("=") for item in (workdir / "ports").read_text().split())
        env = {**os.environ, "DATABASE_URL": f"postgres://renda@127.0.0.1:{ports['primary']}/renda",
               "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
               "DJANGO_SETTINGS_MODULE": "renda.settings.dev"}  # the production hashers (the tests' settings hash with MD5)  # fmt: skip
        _manage("createsuperuser", "--noinput", "--username", "cluster_probe", "--email", "probe@example.org", env=env)

        browser = Browser(f"http://127.0.0.1:{base}")
        browser.login("cluster_probe", PASSWORD)
        upstreams = {browser.get("/account/")[1] for _ in range(6)}
        assert upstreams == {f"127.0.0.1:{ports['app1']}", f"127.0.0.1:{ports['app2']}"}, upstreams
        assert _signed_in(browser)

        # list reads go to the standby under load, and a writer reads its own write at once: readers on the main
        # lists, writers registering an opinion at a station and reading it back (a 404 is a violation); the list
        # tables' scans on each server say where the reads went (the command fails otherwise)
        out = _manage("bench_replica_reads", "--dir", str(workdir), "--readers", "6", "--writers", "1", "--seconds", "5",
                      "--min-share", "0.8")  # fmt: skip
        assert "read-your-writes violations: 0 " in out and "on the standby (target >= 80 %: yes)" in out, out

        # members vote through nginx and one app server dies (its whole process group, SIGKILL) mid-burst: the
        # clients send again what got no answer, nginx passes on only refused connections, and the tally matches the
        # clients' log of acknowledged votes exactly (the command fails otherwise)
        out = _manage("bench_cluster", "--dir", str(workdir), "--members", "150", "--clients", "8", "--bursts", "kill")
        assert "exactly once" in out and "app1 killed after 45 votes" in out, out
        assert not _alive(int((workdir / "app1.pid").read_text()))
        answers = [browser.get("/account/") for _ in range(6)]
        assert all(status == 200 for status, _, _ in answers), [a[:2] for a in answers]
        assert {upstream.split(", ")[-1] for _, upstream, _ in answers} == {f"127.0.0.1:{ports['app2']}"}

        # the standby stops: reads fall back to the primary
        subprocess.run([str(ROOT / "scripts" / "pg_pair.sh"), "stop-standby", str(workdir / "pg")], check=True,  # noqa: S603
                       timeout=120)  # fmt: skip
        assert all(_signed_in(browser) for _ in range(3))

        # Redis restarts empty: the session is read from the database, the user stays signed in
        redis_pid = int((workdir / "redis.pid").read_text())
        os.kill(redis_pid, signal.SIGKILL)
        subprocess.run(  # noqa: S603 - the distribution's redis-server
            [shutil.which("redis-server") or "/usr/bin/redis-server", "--bind", "127.0.0.1", "--port", ports["redis"],
             "--daemonize", "yes", "--save", "", "--dir", str(workdir), "--pidfile", str(workdir / "redis.pid")],
            check=True, timeout=30,
        )  # fmt: skip
        wait_port(int(ports["redis"]), timeout=20)  # the daemon forks before it listens
        assert _signed_in(browser)
    finally:
        _manage("cluster", "down", "--dir", str(workdir), timeout=300)
        shutil.rmtree(workdir, ignore_errors=True)
