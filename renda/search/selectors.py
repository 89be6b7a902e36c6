"""Search across deputies, suggestions, opinions, meetings and projects (issue #14), scoped like every read.

The query is cut into words by jieba (precise mode: "农村污水治理" → 农村 / 污水 / 治理); a record matches when every
word occurs in one of its searched fields (case-insensitive substring: `icontains`, the same SQL on both databases).
On PostgreSQL a trigram index on each searched column (`UPPER(col::text) gin_trgm_ops`, migration search.0001)
serves those LIKE '%…%' lookups; SQLite scans. Each kind is read through its app's own scoped queryset, so town
staff never find another town's records, and only fields shown on the records' own pages are searched or returned:
never a voter's name, phone or tracking code. One query per kind, whatever is found (at most LIMIT rows each).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.meetings.selectors import meeting_queryset
from renda.opinions.selectors import opinion_queryset
from renda.org.scoping import Scope
from renda.org.selectors import deputy_queryset
from renda.projects.models import Project
from renda.projects.permissions import project_q
from renda.suggestions.selectors import suggestion_queryset

MAX_QUERY = 100  # characters of the query read; longer input is cut, not refused
MAX_WORDS = 8
MAX_PAGE = 500  # pages of one kind a reader may page to (20 a page: 10,000 records); narrow the words for more
LIMIT = 10  # results per kind on the grouped page
PAGE = 20  # results per page when one kind is listed on its own ("more" of a group)
_WORD = re.compile(r"[\w\u3400-\u9fff]+")


def words(query: str) -> list[str]:
    """The query's words: jieba's cut of its letters, digits and Chinese characters (punctuation, SQL characters and
    spaces are separators), without repeats or words inside a longer one, at most MAX_WORDS."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    text = " ".join(_WORD.findall((query or "")[:MAX_QUERY]))
    found: list[str] = []
    for chunk in text.split():
        for w in jieba.lcut(chunk) if not chunk.isascii() else [chunk]:
            w = w.strip()
            if w and w not in found:
                found.append(w)
    found = [w for w in found if not any(w != other and w in other for other in found)]
    return found[:MAX_WORDS]


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


@dataclass
class Group:
    kind: str
    label: str | Promise
    hits: list[Hit] = field(default_factory=list)
    more: bool = False
    page: int = 1  # when one kind is listed on its own: the page shown (PAGE hits a page)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    queryset: Callable[[Scope], QuerySet[Any]]
    fields: tuple[str, ...]
    related: tuple[str, ...]
    order: tuple[str, ...]
    hit: Callable[[Any], Hit]


def _deputy(d: Any) -> Hit:
    return Hit(d.person.name, f"{d.congress.name} · {d.region.name}", reverse("org:deputy_detail", args=[d.pk]))


def _suggestion(s: Any) -> Hit:
    return Hit(s.title, " · ".join(x for x in [s.number, s.get_state_display()] if x), reverse("suggestions:detail", args=[s.pk]))


def _opinion(o: Any) -> Hit:
    text = " ".join(o.text.split())
    return Hit(text[:60] + ("…" if len(text) > 60 else ""), f"{o.category} · {o.station.name} · {o.get_status_display()}",
               reverse("opinions:opinion_detail", args=[o.pk]))  # fmt: skip


def _meeting(m: Any) -> Hit:
    return Hit(m.title, f"{m.start_date:%Y-%m-%d} · {m.body.name}", reverse("meetings:detail", args=[m.pk]))


def _project(p: Any) -> Hit:
    return Hit(p.title, " · ".join(x for x in [str(p.cycle.year), p.unit.name if p.unit_id else ""] if x),
               reverse("projects:project_detail", args=[p.pk]))  # fmt: skip


def _projects(scope: Scope) -> QuerySet[Project]:
    q = project_q(scope)
    return Project.objects.none() if q is None else Project.objects.filter(q)


KINDS: tuple[Kind, ...] = (
    Kind("deputies", _("Deputies"), deputy_queryset, ("person__name",), ("person", "congress", "region"), ("-term__number", "person__name", "pk"), _deputy),
    Kind("suggestions", _("Suggestions"), suggestion_queryset, ("title", "number"), (), ("-submitted_on", "-pk"), _suggestion),
    Kind("opinions", _("Voters' opinions"), opinion_queryset, ("text", "category"), ("station",), ("-pk",), _opinion),
    Kind("meetings", _("Meetings"), meeting_queryset, ("title", "venue"), ("body",), ("-start_date", "-pk"), _meeting),
    Kind("projects", _("Livelihood projects"), _projects, ("title",), ("cycle", "unit"), ("-cycle__year", "-pk"), _project),
)  # fmt: skip


def _match(kind: Kind, found: list[str]) -> Q:
    q = Q()
    for w in found:
        any_field = Q()
        for name in kind.fields:
            any_field |= Q(**{f"{name}__icontains": w})
        q &= any_field
    return q


KIND_KEYS = tuple(kind.key for kind in KINDS)


def search(*, scope: Scope, query: str, kinds: tuple[str, ...] = (), page: int | None = None) -> tuple[list[str], list[Group]]:
    """(the words searched, one group per kind with hits); no words (an empty or punctuation-only query): no query.

    Without `page`, at most LIMIT hits per kind (`more` when there are others). With `page` (the "more" of one group:
    pass one kind), that kind's hits PAGE at a time, in the same order; `more` says a next page exists."""
    found = words(query)
    groups: list[Group] = []
    if not found:
        return found, groups
    size = LIMIT if page is None else PAGE
    start = 0 if page is None else (page - 1) * PAGE
    for kind in KINDS:
        if kinds and kind.key not in kinds:
            continue
        qs: QuerySet[Model] = kind.queryset(scope).filter(_match(kind, found))
        if kind.related:
            qs = qs.select_related(*kind.related)
        rows = list(qs.order_by(*kind.order)[start : start + size + 1])
        if rows:
            hits = [kind.hit(r) for r in rows[:size]]
            groups.append(Group(kind.key, kind.label, hits, more=len(rows) > size, page=page or 1))
    return found, groups
