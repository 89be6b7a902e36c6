"""Reads on a real streaming replica (issue #17): a PostgreSQL 15 primary and hot standby started on loopback by
scripts/pg_pair.sh, the platform migrated on the primary, then in one Django process configured with both:

* a signed-in user's page reads from the standby only;
* after a write (any POST) the same browser reads from the primary (read-your-writes), another from the standby;
* the standby is stopped while the process still believes it healthy: the page is served again from the primary
  (200, not 500), and the next pages go to the primary without trying the standby.

Runs in CI's PostgreSQL pass (DATABASE_URL set to PostgreSQL) where Debian's postgresql binaries are installed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres") or not (BIN / "initdb").exists()
    or (os.geteuid() == 0 and shutil.which("runuser") is None),
    reason="the replica pair runs in the PostgreSQL pass, with Debian's postgresql binaries",
)  # fmt: skip

# Run inside `manage.py shell` against the pair; prints one JSON line of what it saw.
PROBE = r"""
import json, os, subprocess, time
from django.db import connections
from django.test import Client
from renda.core.models import User

def wait_on_standby(check):
    for _ in range(200):
        if check():
            return
        time.sleep(0.05)
    raise SystemExit("the standby did not catch up")

def served(client, url):
    counts = {"primary": 0, "standby": 0}
    def counter(name):
        def wrapper(execute, sql, params, many, context):
            counts[name] += 1
            return execute(sql, params, many, context)
        return wrapper
    with connections["default"].execute_wrapper(counter("primary")), connections["replica"].execute_wrapper(counter("standby")):
        status = client.get(url).status_code
    return {"status": status, **counts}

user = User.objects.create_user("replica_probe", password="x-Probe-2017!")
wait_on_standby(lambda: User.objects.using("replica").filter(username="replica_probe").exists())
reader = Client(raise_request_exception=False)
reader.force_login(user)
key = reader.session.session_key
from django.contrib.sessions.models import Session
wait_on_standby(lambda: Session.objects.using("replica").filter(session_key=key).exists())
seen = {"read": served(reader, "/")}
writer = Client(raise_request_exception=False)
writer.force_login(user)
writer.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
seen["after_write"] = served(writer, "/")
seen["other_reader"] = served(reader, "/")
subprocess.run([os.environ["PAIR_SCRIPT"], "stop-standby", os.environ["PAIR_DIR"]], check=True)
seen["standby_stopped"] = served(reader, "/")
seen["next_page"] = served(reader, "/")
print(json.dumps(seen))
"""


def _free_ports(n: int) -> list[int]:
    """n free ports below the ephemeral range (32768+), which the suite's own connections draw from."""
    rng = random.Random()
    ports: list[int] = []
    while len(ports) < n:
        port = rng.randrange(20000, 32760)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        if port not in ports:
            ports.append(port)
    return ports


def test_reads_go_to_the_standby_follow_the_writer_and_fall_back_when_it_stops():
    workdir = tempfile.mkdtemp(prefix="renda-pair-")
    script = str(ROOT / "scripts" / "pg_pair.sh")
    primary, standby = _free_ports(2)
    start = [script, "start", workdir, str(primary), str(standby)]
    subprocess.run(start, check=True, timeout=180, capture_output=True)  # noqa: S603 - our own script
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://renda@127.0.0.1:{primary}/renda",
            "DATABASE_REPLICA_URL": f"postgres://renda@127.0.0.1:{standby}/renda",
            "RENDA_REPLICA_CHECK_SECONDS": "3600",  # believed healthy until a request fails on it
            "DB_CONN_MAX_AGE": "0",
            "PAIR_SCRIPT": script,
            "PAIR_DIR": workdir,
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        migrate = [*manage, "migrate", "--noinput", "-v0"]
        subprocess.run(migrate, env=env, check=True, timeout=900, cwd=ROOT)  # noqa: S603 - our own manage.py
        shell = [*manage, "shell", "-c", PROBE]
        probe = subprocess.run(shell, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)  # noqa: S603
        assert probe.returncode == 0, probe.stderr[-3000:]
        seen = json.loads(probe.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run([script, "stop", workdir], timeout=120, check=False)  # noqa: S603 - our own script
        shutil.rmtree(workdir, ignore_errors=True)

    read = seen["read"]
    assert read["status"] == 200 and read["standby"] > 0 and read["primary"] == 0, seen
    assert seen["after_write"]["status"] == 200 and seen["after_write"]["standby"] == 0, seen
    assert seen["other_reader"]["standby"] > 0 and seen["other_reader"]["primary"] == 0, seen
    stopped = seen["standby_stopped"]
    assert stopped["status"] == 200 and stopped["primary"] > 0, seen
    assert seen["next_page"]["status"] == 200 and seen["next_page"]["standby"] == 0, seen
