"""A vote burst through nginx that survives an app server killed in the middle (issue #17, faults).

Each member POSTs their vote once; a client that gets no answer (connection reset, refused) or a 502/503/504 sends
the same vote again, as the phone page does. The vote is idempotent on retry: one voter row per poll and member
(a unique constraint, `ON CONFLICT DO NOTHING`), the ballot and the audit event written in the same statement only
with it, so a retry of a vote that was recorded before the server died answers 409 "already recorded" and changes
nothing. nginx itself never passes on a POST that reached a server (`proxy_next_upstream` without
`non_idempotent`): only a refused connection goes to the other server.

The client keeps a log: per member, the attempts, the statuses and the final answer. A vote is acknowledged by a
200, or by a 409 after an attempt that got no answer (the earlier attempt was recorded). The check compares that
log with the database: every acknowledged member has exactly one voter row, ballots and audit events equal the
voters, and the counts per answer equal the choices sent.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .harness import HOST, HTTP_TIMEOUT, Burst, Plan, Request, run_clients

#: answers after which the client sends the same vote again (the server may or may not have recorded it)
RETRY_STATUSES = frozenset({0, 502, 503, 504})
MAX_ATTEMPTS = 6


@dataclass
class VoteLog:
    """The client's log of one burst: per member (by index in the plan), the statuses of each attempt."""

    attempts: dict[int, list[int]] = field(default_factory=dict)
    upstreams: dict[str, int] = field(default_factory=dict)
    killed_at: int | None = None

    def acknowledged(self) -> set[int]:
        """Members whose vote the server acknowledged: a 200, or a 409 after an attempt that got no answer."""
        done = set()
        for member, statuses in self.attempts.items():
            last = statuses[-1]
            if last == 200 or (last == 409 and len(statuses) > 1 and statuses[-2] in RETRY_STATUSES):
                done.add(member)
        return done

    def retried(self) -> int:
        return sum(1 for statuses in self.attempts.values() if len(statuses) > 1)

    def outcomes(self) -> dict[str, int]:
        """How the members' votes ended: 200, 409 after a lost answer, or the failure."""
        counts: dict[str, int] = {}
        for statuses in self.attempts.values():
            key = str(statuses[-1]) + (" after retry" if len(statuses) > 1 else "")
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))


def _send(port: int, request: Request) -> tuple[int, str]:
    path, body, headers = request
    conn = http.client.HTTPConnection(HOST, port, timeout=HTTP_TIMEOUT)
    try:
        conn.request("GET" if body is None else "POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, response.headers.get("X-Renda-Upstream", "")
    except (OSError, http.client.HTTPException):
        return 0, ""
    finally:
        conn.close()


def vote_burst(
    label: str,
    port: int,
    requests: Sequence[Request],
    clients: int,
    *,
    kill: Callable[[], Any] | None = None,
    kill_after: float = 0.3,
) -> tuple[Burst, VoteLog]:
    """Send each member's vote, `clients` at a time, sending it again after no answer or a 502/503/504 (at most
    MAX_ATTEMPTS times, with a short pause). `kill` is called once, when `kill_after` of the members are done.
    The burst's timings are per member, from the first attempt to the final answer."""
    result, log = Burst(label), VoteLog()
    queue = list(reversed(list(enumerate(requests))))
    lock = threading.Lock()
    threshold = max(1, int(len(requests) * kill_after))

    def worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                member, request = queue.pop()
            started = time.perf_counter()
            statuses: list[int] = []
            while True:
                status, upstream = _send(port, request)
                statuses.append(status)
                if status not in RETRY_STATUSES or len(statuses) >= MAX_ATTEMPTS:
                    break
                time.sleep(0.05 * len(statuses))
            ended = time.perf_counter()
            fire = False
            with lock:
                result.timings_ms.append((ended - started) * 1000)
                result.done_at.append(ended)
                result.statuses[statuses[-1]] = result.statuses.get(statuses[-1], 0) + 1
                log.attempts[member] = statuses
                server = upstream.split(", ")[-1] if upstream else "direct"
                log.upstreams[server] = log.upstreams.get(server, 0) + 1
                if kill is not None and log.killed_at is None and len(result.timings_ms) >= threshold:
                    log.killed_at = len(result.timings_ms)
                    fire = True
            if fire:
                assert kill is not None
                kill()

    return run_clients(result, worker, clients), log


def exactly_once(plan: Plan, recorded: Plan, log: VoteLog) -> list[str]:
    """What is wrong with the tally (empty when every acknowledged vote is counted exactly once and nothing else is):
    `recorded` is the database's answer (voters' person ids, ballots, audit events, counts per answer)."""
    problems = []
    members = len(plan["voters"])
    acknowledged = {plan["person_ids"][i] for i in log.acknowledged()}
    voted = recorded["voter_person_ids"]
    if len(acknowledged) != members:
        problems.append(f"{members - len(acknowledged)} of {members} votes never acknowledged: {log.outcomes()}")
    if len(voted) != len(set(voted)):
        problems.append("a member has two voter rows")
    if set(voted) != acknowledged:
        problems.append(
            f"voters recorded but not acknowledged: {len(set(voted) - acknowledged)}; "
            f"acknowledged but not recorded: {len(acknowledged - set(voted))}"
        )
    if not recorded["ballots"] == recorded["audit"] == len(voted):
        problems.append(f"ballots {recorded['ballots']}, audit events {recorded['audit']}, voters {len(voted)}")
    if recorded["counts"] != plan["expected"]:
        problems.append(f"counts {recorded['counts']} != choices sent {plan['expected']}")
    return problems
