"""What a user has to do now: the to-do list of the home page and of `GET /api/me/todo`.

Each app that knows of something its user should do declares `todo = "todo"` on its AppConfig and writes
`<app>/todo.py` with `items(scope) -> list[Item]`: a few indexed queries for the user in hand (their person, their
unit, their regions), [] for roles it has nothing for. The deputy's items come first (meetings to attend, duty
days, polls open now, co-sign requests, answers waiting for feedback, training, reports to voters, the archive);
other roles add theirs in their apps later, the list and the page stay the same.

`severity` orders the list and colours it: "danger" (due now or overdue: a poll open now), "warning" (due
within days), "normal" (waiting for the user, no date), "info" (a standing link: the archive and score so far,
the sign-in scanner).
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import Any

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
