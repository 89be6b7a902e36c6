"""The vote: the hot path of the meetings app.

One transaction with a handful of statements — the poll row read under a share lock (so closing the poll waits for
votes in flight, and no vote lands after it), the voter's entitlement (present, voting member), one INSERT … ON
CONFLICT DO NOTHING into PollVoter (the database's one-vote-per-member constraint decides), one INSERT of the
ballot, one audit event. On PostgreSQL the write is a single statement.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_event, audit_insert_sql
from renda.core.errors import DomainError, InvalidTransition, NotPermitted

from ..lifecycles import POLL
from ..models import Poll


class AlreadyVoted(DomainError):
    """The member's vote in this poll is already recorded; nothing changed."""


YNA_VALUES = {"Y", "N", "A"}
SATISFACTION_VALUES = {"S", "B", "U"}


#: a write-in (另选他人) on an election ballot is stored as {"w:<name>": "Y"} beside the candidates' answers
WRITE_IN_PREFIX = "w:"


def clean_write_ins(names: Any) -> list[str]:
    """Names written in on an election ballot: stripped, de-duplicated, each at most 50 characters."""
    if names is None:
        return []
    if not isinstance(names, list | tuple):
        raise DomainError(_("The ballot is not valid for this poll."))
    out: list[str] = []
    for name in names:
        clean = " ".join(str(name).split())[:50]
        if clean and clean not in out:
            out.append(clean)
    return out


def normalize_choices(
    poll_method: str,
    max_choices: int | None,
    option_ids: list[int],
    raw: Any,
    *,
    seats: int | None = None,
    write_ins: list[str] | None = None,
) -> dict[str, str | int]:
    """Validate a member's choices against the poll's method; returns {option id (text): value}. On an election
    ballot (`seats`), at most that many "for" in all, write-ins included; a write-in is a vote for that name."""
    ids = set(option_ids)
    bad = DomainError(_("The ballot is not valid for this poll."))
    if write_ins and not seats:
        raise DomainError(_("This poll allows no write-in names."))
    if poll_method in {Poll.Method.YNA, Poll.Method.SATISFACTION}:
        allowed = YNA_VALUES if poll_method == Poll.Method.YNA else SATISFACTION_VALUES
        if not isinstance(raw, dict):
            raise bad
        try:
            choices = {int(k): str(v) for k, v in raw.items()}
        except (TypeError, ValueError):
            raise bad from None
        if set(choices) != ids or not set(choices.values()) <= allowed:
            raise DomainError(_("Give one answer for every option."))
        out: dict[str, str | int] = {str(k): v for k, v in sorted(choices.items())}
        if seats:
            names = write_ins or []
            if sum(1 for v in choices.values() if v == "Y") + len(names) > seats:
                raise DomainError(
                    _("Vote for at most %(n)d, write-ins included: a ballot naming more people than places is invalid.")
                    % {"n": seats}
                )
            out.update({f"{WRITE_IN_PREFIX}{name}": "Y" for name in names})
        return out
    if not isinstance(raw, list):
        raise bad
    try:
        picked = [int(x) for x in raw]
    except (TypeError, ValueError):
        raise bad from None
    if len(set(picked)) != len(picked) or not set(picked) <= ids:
        raise bad
    if poll_method == Poll.Method.PICK:
        if len(picked) > (max_choices or len(ids)):
            raise DomainError(_("Pick at most %(n)d options.") % {"n": max_choices})
        return {str(k): "Y" for k in sorted(picked)}
    limit = max_choices or len(ids)
    if not picked or len(picked) > limit:
        raise DomainError(_("Rank between 1 and %(n)d options.") % {"n": limit})
    return {str(k): rank for rank, k in enumerate(picked, start=1)}


_VOTE_CONTEXT_SQL = """
SELECT p.state, p.kind, p.method, p.max_choices, p.seats, p.write_ins,
       (SELECT {agg} FROM meetings_polloption o WHERE o.poll_id = p.id),
       a.person_id, a.region_id
FROM meetings_poll p
LEFT JOIN org_person u ON u.user_id = %s
LEFT JOIN meetings_attendance a
       ON a.meeting_id = p.meeting_id AND a.person_id = u.id AND a.role = 'member' AND a.entitled AND a.status = 'present'
WHERE p.id = %s
"""
_VOTE_CONTEXT = {
    # The poll row is read under a key-share lock (the lock its foreign keys take anyway): votes in flight do
    # not block each other, but closing the poll
    # (SELECT … FOR UPDATE) waits for them, and no vote is recorded after it.
    "postgresql": _VOTE_CONTEXT_SQL.format(agg="string_agg(o.id::text, ',')") + " FOR KEY SHARE OF p",
    "sqlite": _VOTE_CONTEXT_SQL.format(agg="group_concat(o.id, ',')"),
}
# PostgreSQL: the whole vote in ONE statement (atomic by itself: no BEGIN/COMMIT round trips). It re-checks,
# under a key-share lock on the poll row (the lock its foreign keys take anyway), that voting is still open and
# the member still present; then writes the voter row, and only if that row was new (the one-vote constraint
# decides) the ballot and the audit event. Closing the poll (SELECT … FOR UPDATE) waits for votes in flight.
_VOTE_STATEMENT_PG = """
WITH open_poll AS (
  SELECT p.id FROM meetings_poll p
  WHERE p.id = %(poll)s AND p.state = 'started'
    AND EXISTS (SELECT 1 FROM meetings_attendance a WHERE a.meeting_id = p.meeting_id AND a.person_id = %(person)s
                AND a.role = 'member' AND a.entitled AND a.status = 'present')
  FOR KEY SHARE OF p
), voter AS (
  INSERT INTO meetings_pollvoter (poll_id, person_id, choices) SELECT id, %(person)s, %(voter_choices)s FROM open_poll
  ON CONFLICT (poll_id, person_id) DO NOTHING RETURNING poll_id
), ballot AS (
  INSERT INTO meetings_pollballot (id, poll_id, choices) SELECT %(ballot)s, poll_id, %(choices)s FROM voter RETURNING 1
), event AS (
  {audit}
)
SELECT (SELECT count(*) FROM open_poll), (SELECT count(*) FROM ballot), (SELECT count(*) FROM event)
"""


def poll_vote(*, actor: Actor, poll_id: int, choices: Any, write_ins: list[str] | None = None) -> str:
    """Record a member's vote. Returns "voted". Raises AlreadyVoted on a second vote (nothing changes),
    InvalidTransition when voting is not open, NotPermitted when the actor is not a present voting member.

    Two statements: the poll with its options and the actor's entitlement (present, voting member of the
    meeting); then the write — voter row, ballot and audit event together (one statement on PostgreSQL, one
    transaction elsewhere). For a secret poll the voter row carries no choice and the audit event says only
    "voted"; the ballot has a random key and nothing that names or orders the voter."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute(_VOTE_CONTEXT.get(vendor, _VOTE_CONTEXT["sqlite"]), [actor.pk, poll_id])
        row = cursor.fetchone()
    if row is None:
        raise NotPermitted(hide=True)
    state, kind, method, max_choices, seats, allows_write_ins, option_list, person_id, region_id = row
    if person_id is None:
        raise NotPermitted(_("Only members who are present and entitled to vote can vote."))
    if kind == Poll.Kind.PAPER:
        raise InvalidTransition(_("This poll is held on paper ballots."))
    if kind == Poll.Kind.HANDS:
        raise InvalidTransition(_("This poll is held by a show of hands: staff count and enter the votes."))
    if state not in POLL.group("voting"):
        raise InvalidTransition(_("Voting is not open in this poll."))
    names = clean_write_ins(write_ins)
    if names and not allows_write_ins:
        raise DomainError(_("This poll allows no write-in names."))
    option_ids = [int(x) for x in (option_list or "").split(",") if x]
    normalized = normalize_choices(method, max_choices, option_ids, choices, seats=seats, write_ins=names)
    secret = kind == Poll.Kind.SECRET
    payload = _json(normalized)
    event = audit_event(
        actor=actor,
        action="poll.vote",
        object_type="meetings.poll",
        object_id=poll_id,
        object_repr=f"poll {poll_id}",
        after={"voted": True} if secret else {"choices": normalized},
        region_id=region_id,
    )
    if vendor == "postgresql":
        audit_sql, audit_params = audit_insert_sql(event, source="voter")
        with connection.cursor() as cursor:
            cursor.execute(
                _VOTE_STATEMENT_PG.format(audit=audit_sql),
                {
                    "poll": poll_id,
                    "person": person_id,
                    "voter_choices": None if secret else payload,
                    "ballot": uuid.uuid4(),
                    "choices": payload,
                    **audit_params,
                },
            )
            still_open, ballots, events = cursor.fetchone()
        if not still_open:
            raise InvalidTransition(_("Voting is not open in this poll, or you are no longer signed in."))
        if not ballots:
            raise AlreadyVoted(_("Your vote in this poll is already recorded."))
        if events != 1:  # pragma: no cover - the statement writes both or neither
            raise RuntimeError("vote recorded without its audit event")
        return "voted"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT state FROM meetings_poll WHERE id = %s", [poll_id]
            )  # SQLite runs write transactions one at a time (IMMEDIATE): this read cannot go stale
            if cursor.fetchone()[0] not in POLL.group("voting"):
                raise InvalidTransition(_("Voting is not open in this poll."))
            cursor.execute(
                "INSERT INTO meetings_pollvoter (poll_id, person_id, choices) VALUES (%s, %s, %s) "
                "ON CONFLICT (poll_id, person_id) DO NOTHING RETURNING 1",
                [poll_id, person_id, None if secret else payload],
            )
            if cursor.fetchone() is None:
                raise AlreadyVoted(_("Your vote in this poll is already recorded."))
            cursor.execute(
                "INSERT INTO meetings_pollballot (id, poll_id, choices) VALUES (%s, %s, %s)", [uuid.uuid4().hex, poll_id, payload]
            )
        event.save(force_insert=True)
    return "voted"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
