"""The replica's share of list reads under load, and read-your-writes in the same load (issue #17).

    manage.py bench_replica_reads --dir var/cluster [--readers 6] [--writers 2] [--seconds 20] [--json out.json]

On a cluster already up (`manage.py cluster up --dir …`, with the demo or a generated province on its primary):
readers fetch the main lists through nginx, writers register an opinion and read it back at once; the list tables'
scans counted by the primary and the standby tell where the reads went (renda/bench/cluster_reads.py). Prints the
share on the standby (target >= 80 %) and the read-your-writes violations (target 0); fails on a violation, on a
write that did not answer 200, or with --min-share when the share is below it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from renda.bench import cluster_reads
from renda.bench.harness import hidden, load
from renda.bench.management.commands.cluster import primary_env, read_ports

REPLICATION_WAIT = 60.0


class Command(BaseCommand):
    help = "Where list reads go under load on the loopback cluster (primary or standby), and read-your-writes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", required=True, help="a cluster already up (manage.py cluster up --dir …)")
        parser.add_argument("--readers", type=int, default=6)
        parser.add_argument("--writers", type=int, default=2)
        parser.add_argument("--seconds", type=float, default=20.0)
        parser.add_argument("--min-share", type=float, default=0.0, help="fail when the standby's share is below this")
        parser.add_argument("--json", default="", help="also write the figures to this file")
        parser.add_argument("--phase", choices=["plan"], help=hidden())
        parser.add_argument("--out", default="", help=hidden())

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["phase"] == "plan":
            Path(opts["out"]).write_text(json.dumps(cluster_reads.plan(int(opts["readers"]) + int(opts["writers"]))))
            return
        readers, writers, seconds = opts["readers"], opts["writers"], opts["seconds"]
        if not (1 <= readers <= 100 and 0 <= writers <= 100 and 1 <= seconds <= 600 and 0 <= opts["min_share"] <= 1):
            raise CommandError("--readers 1..100, --writers 0..100, --seconds 1..600, --min-share 0..1")
        workdir = Path(opts["dir"]).resolve()
        ports = read_ports(workdir)
        plan_path = workdir / "bench-replica-reads-plan.json"
        done = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_replica_reads", "--dir", str(workdir),
             "--phase", "plan", "--readers", str(readers), "--writers", str(writers), "--out", str(plan_path)],
            cwd=settings.BASE_DIR, env=primary_env(workdir), capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            raise CommandError(f"the plan failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        plan = json.loads(plan_path.read_text())
        self.wait_replicated(ports["standby"])
        self.stdout.write(f"cluster {workdir}: nginx {ports['nginx']}; {load()}")
        result = cluster_reads.measure(
            ports["nginx"], ports["primary"], ports["standby"], plan, readers=readers, writers=writers, seconds=seconds,
            say=self.stdout.write,
        )  # fmt: skip
        result["load"] = load()
        if opts["json"]:
            Path(opts["json"]).write_text(json.dumps(result))
        failures = list(result["violations"][:5])
        failures += [f"{k}: {n}" for k, n in result["statuses"].items() if not k.endswith(" 200")]
        if result["standby_share"] < opts["min_share"]:
            failures.append(f"standby share {result['standby_share']:.0%} below {opts['min_share']:.0%}")
        if failures:
            raise CommandError("; ".join(failures))

    @staticmethod
    def wait_replicated(standby: int) -> None:
        """Until the standby has the plan's account and its grant (replication is asynchronous)."""
        import psycopg

        deadline = time.monotonic() + REPLICATION_WAIT
        while time.monotonic() < deadline:
            with psycopg.connect(host=cluster_reads.HOST, port=standby, user="renda", dbname="renda", connect_timeout=10) as conn:
                row = conn.execute(
                    "SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AND EXISTS (SELECT 1 FROM core_user u "
                    "JOIN org_rolegrant g ON g.user_id = u.id WHERE u.username = %s)",
                    [cluster_reads.ACCOUNT],
                ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.2)
        raise CommandError(f"the standby did not replay the plan within {REPLICATION_WAIT:.0f} s")
