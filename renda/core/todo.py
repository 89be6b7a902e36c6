"""What a user has to do now: the to-do list of the home page and of `GET /api/me/todo`.

Each app that knows of something its user should do declares `todo = "todo"` on its AppConfig and writes
`<app>/todo.py` with `items(scope) -> list[Item]`: a few indexed queries for the user in hand (their person, their
unit, their regions), [] for roles it has nothing for. The deputy's items come first (meetings to attend, duty
days, polls open now, co-sign requests, answers waiting for feedback, training, reports to voters, the archive);
other roles add theirs in their apps later, the list and the page stay the same.

An app that shows counts (lists to open: opinions to route, parts overdue …) asks for them all at once with
`counts(name=queryset, …)`: one query for the app, however many lists it counts, so that the home page's queries
stay flat as items are added (tests/test_todo_roles.py counts them per role).

`severity` orders the list and colours it: "danger" (due now or overdue: a poll open now), "warning" (due
within days), "normal" (waiting for the user, no date), "info" (a standing link: the archive and score so far,
the sign-in scanner).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from .registry import todo_sources

SEVERITIES = ("danger", "warning", "normal", "info")


@dataclass(frozen=True)
class Item:
    kind: str  # "<app>.<what>", stable (tests, API, data-testid)
    title: str  # translated, with the record's own words
    url: str  # where to do it
    due: datetime.date | None = None
    count: int | None = None  # how many (e.g. requests waiting), or a figure (the score so far)
    severity: str = "normal"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def counts(**querysets: QuerySet[Any]) -> dict[str, int]:
    """How many rows each queryset has (what its `.count()` says), in one query: `SELECT (SELECT COUNT(*) FROM (…)),
    …` on the database the querysets read from. A queryset that can match nothing costs no SQL."""
    out: dict[str, int] = {}
    names: list[str] = []
    parts: list[str] = []
    params: list[Any] = []
    db = ""
    for name, qs in querysets.items():
        db = db or qs.db
        q = qs.order_by() if qs.query.distinct else qs.order_by().values("pk")  # distinct rows as they are, else the keys
        try:
            sql, p = q.query.get_compiler(using=db).as_sql()
        except EmptyResultSet:
            out[name] = 0
            continue
        names.append(name)
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{len(parts)})")  # noqa: S608 (SQL compiled by Django, params apart)
        params.extend(p)
    if parts:
        with connections[db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            row = cursor.fetchone()
        out.update({name: int(n) for name, n in zip(names, row, strict=True)})
    return out


def _order(item: Item) -> tuple[int, datetime.date, str]:
    rank = SEVERITIES.index(item.severity) if item.severity in SEVERITIES else len(SEVERITIES)
    return rank, item.due or datetime.date.max, item.title


def collect(scope: Any) -> list[Item]:
    """Every app's items for this scope: the most pressing first, then by due date."""
    items = [item for module in todo_sources() for item in module.items(scope)]
    return sorted(items, key=_order)


@dataclass
class Sections:
    """The home page's grouping: now (today or overdue), this week (the coming seven days), waiting (no date, or
    later), standing links."""

    now: list[Item]
    week: list[Item]
    waiting: list[Item]
    links: list[Item]

    @property
    def empty(self) -> bool:
        return not (self.now or self.week or self.waiting)


def sections(items: list[Item], today: datetime.date) -> Sections:
    week_end = today + datetime.timedelta(days=6)  # the coming seven days
    out = Sections([], [], [], [])
    for item in items:
        if item.severity == "info":
            out.links.append(item)
        elif item.severity == "danger" or (item.due is not None and item.due <= today):
            out.now.append(item)
        elif item.due is not None and item.due <= week_end:
            out.week.append(item)
        else:
            out.waiting.append(item)
    return out
