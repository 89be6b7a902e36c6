"""Where list reads go on the loopback cluster, under load, and read-your-writes in the same load (issue #17).

Readers (each with its own signed-in session) fetch the main lists through nginx again and again; writers register
an opinion at a station (POST), read it back at once (GET of the record just written: a 404 is a read-your-writes
violation) and read a list (on the primary: they wrote a moment ago). Where the list reads went is counted by the
servers themselves: the scans (sequential and index) of the suggestions, deputies and meetings tables in
`pg_stat_user_tables` on the primary and on the standby, before and after the load (the opinions table is left out:
registering an opinion reads it on the primary, which is a write's work, not a list read). The writers' list reads
land on the primary, as they should, and count against the standby's share.

`plan()` runs inside the primary's database (a `manage.py` subprocess); `run_load()` and `scans()` in the caller,
over HTTP and psycopg only.
"""

from __future__ import annotations

import http.client
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HOST = "127.0.0.1"
HTTP_TIMEOUT = 60.0
LIST_PATHS = ("/opinions/", "/suggestions/", "/deputies/", "/meetings/", "/api/opinions/")
#: the tables counted: read by the lists (suggestions, deputies, meetings) and not by a write (an opinion's register
#: reads the opinions table on the primary for its client token and foreign keys, which is not a list read)
LIST_TABLES = ("suggestions_suggestion", "org_deputy", "meetings_meeting")
#: the list a writer reads after reading back its write (on the primary: read-your-writes)
WRITER_LIST = "/meetings/"
#: PostgreSQL 15 flushes an idle backend's pending statistics after 10 s (PGSTAT_IDLE_INTERVAL)
STATS_FLUSH_SECONDS = 11.0
ACCOUNT = "bench_cluster_reads"


def plan(sessions: int) -> dict[str, Any]:
    """Inside the primary: an office account of the area that holds stations (the demo's district or the generated
    province; in an empty database a district, a town and its station made here), `sessions` signed-in sessions of
    it, a station, a village of its town and a category to register at."""
    from renda.bench.harness import signed_in_session
    from renda.core.actors import system
    from renda.core.models import User
    from renda.opinions.services import categories
    from renda.org.models import Region, Role, RoleGrant
    from renda.org.services import region_create
    from renda.stations.models import Station

    station = Station.objects.select_related("town").filter(town__isnull=False).order_by("id").first()
    if station is None:  # an empty database (the cluster test's): a district, a town and its station
        actor = system("bench: an area to read and write in")
        district = region_create(actor=actor, name="基准区", kind=Region.Kind.DISTRICT)
        town = region_create(actor=actor, name="基准镇", kind=Region.Kind.TOWN, parent=district)
        station = Station.objects.create(name="基准镇人大代表联络站", kind=Station.Kind.STATION, region=town, town=town)
    town = station.town
    root = Region.objects.get(pk=int(town.path.strip("/").split("/")[0]))
    village = Region.objects.filter(path__startswith=town.path, depth__gt=town.depth).order_by("id").first()
    if village is None:
        village = region_create(
            actor=system("bench: a village to register at"), name="基准村", kind=Region.Kind.VILLAGE, parent=town
        )
    user, _ = User.objects.get_or_create(username=ACCOUNT, defaults={"display_name": "人大常委会办公室"})
    RoleGrant.objects.get_or_create(user=user, role=Role.OFFICE, region=root)
    keys = [signed_in_session(user) for _ in range(sessions)]
    return {"sessions": keys, "csrf": secrets.token_hex(16), "station_id": station.pk, "region_id": village.pk,
            "category": categories(station.region)[0]}  # fmt: skip


def scans(port: int) -> int:
    """The scans of the list tables counted so far by the server on `port` (a fresh connection: no cached snapshot)."""
    import psycopg

    with psycopg.connect(host=HOST, port=port, user="renda", dbname="renda", connect_timeout=10) as conn:
        row = conn.execute(
            "SELECT COALESCE(SUM(seq_scan + COALESCE(idx_scan, 0)), 0) FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [list(LIST_TABLES)],
        ).fetchone()
    return int(row[0]) if row else 0


@dataclass
class Load:
    reads: int = 0
    writes: int = 0
    read_backs: int = 0
    violations: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    wall_s: float = 0.0

    def note(self, kind: str, status: int) -> None:
        key = f"{kind} {status}"
        self.statuses[key] = self.statuses.get(key, 0) + 1


def _request(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, bytes, list[str]]:
    conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), response.headers.get_all("Set-Cookie") or []
    except OSError:
        return 0, b"", []
    finally:
        conn.close()


def run_load(port: int, the_plan: dict[str, Any], *, readers: int, writers: int, seconds: float) -> Load:
    """`readers` clients read the lists and `writers` clients write then read back, for `seconds`, through `port`."""
    if readers + writers > len(the_plan["sessions"]):
        raise ValueError("more clients than sessions in the plan")
    load = Load()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def reader(session: str, offset: int) -> None:
        headers = {"Cookie": f"sessionid={session}"}
        i = offset
        while time.monotonic() < deadline:
            status, _, _ = _request(port, "GET", LIST_PATHS[i % len(LIST_PATHS)], headers)
            i += 1
            with lock:
                load.reads += 1
                load.note("list read", status)

    def writer(session: str, n: int) -> None:
        cookies = {"sessionid": session, "csrftoken": the_plan["csrf"]}
        i = 0
        while time.monotonic() < deadline:
            i += 1
            body = urllib.parse.urlencode({
                "region_id": the_plan["region_id"], "category": the_plan["category"],
                "text": f"基准负载：第{n}位写入者的第{i}条意见", "client_token": f"bench-{the_plan['csrf'][:8]}-{n}-{i}",
            }).encode()  # fmt: skip
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "X-CSRFToken": the_plan["csrf"],
                       "Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(body))}  # fmt: skip
            status, answer, set_cookies = _request(
                port, "POST", f"/api/opinions/stations/{the_plan['station_id']}/register", headers, body
            )
            for header in set_cookies:  # the read-your-writes cookie, as a browser keeps it
                name, _, rest = header.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
            with lock:
                load.writes += 1
                load.note("write", status)
            if status != 200:
                continue
            opinion_id = json.loads(answer)["id"]
            read_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
            status, _, _ = _request(port, "GET", f"/api/opinions/{opinion_id}", read_headers)
            with lock:
                load.read_backs += 1
                load.note("read back", status)
                if status != 200:
                    load.violations.append(f"opinion {opinion_id} read back {status}")
            status, _, _ = _request(port, "GET", WRITER_LIST, read_headers)  # a list read of the writer's
            with lock:
                load.reads += 1
                load.note("list read", status)

    sessions = the_plan["sessions"]
    threads = [threading.Thread(target=reader, args=(sessions[i], i)) for i in range(readers)]
    threads += [threading.Thread(target=writer, args=(sessions[readers + i], i)) for i in range(writers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load.wall_s = time.monotonic() - started
    return load


def measure(port: int, primary: int, standby: int, the_plan: dict[str, Any], *, readers: int, writers: int, seconds: float,
            say: Callable[[str], Any]) -> dict[str, Any]:  # fmt: skip
    """The load, with the list tables' scans on each server before and after; the figures as a dict (and printed)."""
    before = {"primary": scans(primary), "standby": scans(standby)}
    load = run_load(port, the_plan, readers=readers, writers=writers, seconds=seconds)
    time.sleep(STATS_FLUSH_SECONDS)  # the app servers' idle connections report their last scans
    after = {"primary": scans(primary), "standby": scans(standby)}
    delta = {k: after[k] - before[k] for k in after}
    total = delta["primary"] + delta["standby"]
    share = delta["standby"] / total if total else 0.0
    result = {"reads": load.reads, "writes": load.writes, "read_backs": load.read_backs, "violations": load.violations,
              "statuses": dict(sorted(load.statuses.items())), "scans": delta, "standby_share": share,
              "seconds": round(load.wall_s, 1)}  # fmt: skip
    say(
        f"replica reads under load ({readers} readers, {writers} writers, {load.wall_s:.0f} s through nginx): "
        f"{load.reads} list reads ({load.reads / load.wall_s:.1f}/s), {load.writes} writes each read back at once; "
        f"list-table scans: standby {delta['standby']}, primary {delta['primary']} -> "
        f"{share:.0%} on the standby (target >= 80 %: {'yes' if share >= 0.8 else 'no'}); "
        f"read-your-writes violations: {len(load.violations)} (target 0); answers {result['statuses']}"
    )
    return result
