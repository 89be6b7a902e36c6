"""Every read of the duty archive. A deputy's archive is assembled from the sources (`sources.py`) and scored with
its congress's scheme for the year (`scoring.py`); nothing is stored. `deputy_get` answers 404 for a deputy the
scope does not cover (and for roles that cover no deputy), so the archive of someone else is not even confirmed.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry, year_bounds
from renda.core.errors import NotPermitted
from renda.core.selectors import get_in_scope, narrow
from renda.org.models import Body, Deputy, Term
from renda.org.scoping import Scope

from . import permissions, sources
from . import rules as arules
from .models import ScoreScheme
from .scoring import Scheme, grade_label, scheme_for, schemes_for

DEPUTY_RELATED = ("person", "congress", "congress__region", "term", "region", "group")


@dataclass(frozen=True)
class Line:
    entry: Entry
    label: str
    points: int


@dataclass(frozen=True)
class KindLine:
    kind: str
    label: str
    count: int
    points: int


class Graded:
    """A deputy's year with its grade (excellent, competent, …): the grade's label as the lists show it."""

    grade: str

    @property
    def grade_label(self) -> str:
        return grade_label(self.grade)


@dataclass
class Archive(Graded):
    deputy: Deputy
    year: int
    scheme: Scheme
    lines: list[Line]
    score: int
    grade: str

    @property
    def kinds(self) -> list[KindLine]:
        counts: Counter[str] = Counter()
        points: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for line in self.lines:
            counts[line.entry.kind] += 1
            points[line.entry.kind] += line.points
            labels[line.entry.kind] = line.label
        return [KindLine(k, labels[k], counts[k], points[k]) for k in sorted(counts, key=lambda k: (-points[k], labels[k]))]


def deputy_queryset(scope: Scope) -> QuerySet[Deputy]:
    q = scope.deputy_q()
    if q is None:
        return Deputy.objects.none()
    return Deputy.objects.filter(q)


def deputy_get(*, scope: Scope, pk: int) -> Deputy:
    """The mandate if the scope covers it; 404 otherwise (for a deputy's other colleagues and for unit clerks too)."""
    return get_in_scope(deputy_queryset(scope).select_related(*DEPUTY_RELATED), pk=pk)


def own_mandates(*, scope: Scope) -> list[Deputy]:
    if scope.person_id is None:
        return []
    return list(
        Deputy.objects.filter(person_id=scope.person_id).select_related(*DEPUTY_RELATED).order_by("status", "congress__level", "-pk")
    )


def archive_of(deputy: Deputy, year: int, scheme: Scheme | None = None) -> Archive:
    """The deputy's archive of a year, scored (no scope: callers check it)."""
    scheme = scheme or scheme_for(deputy.congress, year)
    entries = sources.entries(deputy, year)
    labels = sources.kind_labels()
    points = scheme.entry_points(entries)
    lines = [Line(e, sources.label_of(e.kind, labels), p) for e, p in zip(entries, points, strict=True)]
    score = scheme.score(Counter(e.kind for e in entries))
    return Archive(deputy, year, scheme, lines, score, scheme.grade(score))


def deputy_archive(*, scope: Scope, pk: int, year: int) -> Archive:
    return archive_of(deputy_get(scope=scope, pk=pk), year)


def mandate_years(deputy: Deputy, today: datetime.date | None = None) -> list[int]:
    """The calendar years of the mandate, up to this year."""
    today = today or timezone.localdate()
    last = min(d for d in [today, deputy.term.end_date, deputy.status_date] if d is not None)
    return list(range(deputy.elected_date.year, max(deputy.elected_date.year, last.year) + 1))


def default_year(deputy: Deputy) -> int:
    return mandate_years(deputy)[-1]


# --- the yearly lists -------------------------------------------------------------------------------------------
@dataclass
class ScoreRow(Graded):
    deputy: Deputy
    counts: Counter[str]
    score: int
    grade: str

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    @property
    def ended(self) -> bool:
        return self.deputy.status != Deputy.Status.SERVING


def congresses_for(*, scope: Scope) -> list[Body]:
    """Congresses whose lists this scope may read (the district's first)."""
    bodies = Body.objects.filter(kind=Body.Kind.CONGRESS).select_related("region").order_by("region__path")
    return [b for b in bodies if permissions.can_view_lists_of(scope, b)]


def congress_get(*, scope: Scope, pk: int | None) -> Body:
    """The congress asked for (404 when outside the scope), or the first one the scope reads."""
    if not permissions.can_view_lists(scope):
        raise NotPermitted()
    choices = congresses_for(scope=scope)
    if not choices:
        raise NotPermitted()
    if pk is None:
        return choices[0]
    for body in choices:
        if body.pk == pk:
            return body
    raise Http404


def serving_in(congress: Body, year: int) -> QuerySet[Deputy]:
    """The congress's mandates that ran during the year (elected before its end, not ended before its start)."""
    first, last = year_bounds(year)
    return Deputy.objects.filter(congress=congress, elected_date__lte=last).filter(
        Q(status_date__isnull=True) | Q(status_date__gte=first)
    )


def score_rows(deputies: Sequence[Deputy], year: int, scheme: Scheme) -> list[ScoreRow]:
    counts = sources.counts(deputies, year)
    rows = [ScoreRow(d, counts[d.pk], scheme.score(counts[d.pk]), "") for d in deputies]
    for row in rows:
        row.grade = scheme.grade(row.score)
    return sorted(rows, key=lambda r: (-r.score, r.deputy.person.name_pinyin, r.deputy.pk))


def year_scores(*, scope: Scope, congress: Body, year: int) -> tuple[Scheme, list[ScoreRow]]:
    """Every deputy of a congress the scope covers, scored for the year (best first): one grouped query per kind of
    record, whatever the number of deputies."""
    if not permissions.can_view_lists_of(scope, congress):
        raise NotPermitted()
    q = scope.deputy_q()
    deputies = list(serving_in(congress, year).filter(q if q is not None else Q(pk__in=[])).select_related("person", "region"))
    scheme = scheme_for(congress, year)
    return scheme, score_rows(deputies, year, scheme)


def excellent(*, scope: Scope, congress: Body, year: int) -> tuple[Scheme, list[ScoreRow], int]:
    """履职先进: the best of those graded good, as many as the rule's share of the congress's serving deputies."""
    scheme, rows = year_scores(scope=scope, congress=congress, year=year)
    share = float(arules.value(arules.EXCELLENT_SHARE, congress.region))
    places = max(1, round(share * serving_in(congress, year).filter(status=Deputy.Status.SERVING).count()))
    good = [r for r in rows if r.grade == "good" and r.deputy.status == Deputy.Status.SERVING]
    return scheme, good[:places], places


@dataclass
class Advice:
    deputy: Deputy
    grades: dict[int, str] = field(default_factory=dict)  # year → grade
    scores: dict[int, int] = field(default_factory=dict)
    absences: int = 0
    advice: str = ""  # "priority", "resign", "" (no advice)
    flagged: bool = False

    @property
    def advice_label(self) -> str:
        return str(ADVICE.get(self.advice, ""))


ADVICE = {"priority": _("priority for re-election"), "resign": _("advised to resign")}


def _poor_in_a_row(grades: Sequence[str], run: int) -> bool:
    streak = 0
    for grade in grades:
        streak = streak + 1 if grade == "poor" else 0
        if streak >= run:
            return True
    return False


def term_of(congress: Body, year: int) -> Term | None:
    first, last = year_bounds(year)
    return (
        congress.terms.filter(start_date__lte=last).filter(Q(end_date__isnull=True) | Q(end_date__gte=first)).order_by("-number").first()
    )


def reelection(*, scope: Scope, congress: Body, year: int) -> tuple[Term | None, list[int], list[Advice]]:
    """推荐连任: each deputy of the term with their grade of every year of the term up to `year`; good in the latest
    year → priority for re-election; poor in the rule's number of consecutive years → advised to resign; absences
    without leave from congress sessions within the term at the rule's count → flagged."""
    if not permissions.can_view_lists_of(scope, congress):
        raise NotPermitted()
    term = term_of(congress, year)
    if term is None:
        return None, [], []
    q = scope.deputy_q()
    deputies = list(
        Deputy.objects.filter(congress=congress, term=term).filter(q if q is not None else Q(pk__in=[])).select_related("person", "region")
    )
    years = list(range(term.start_date.year, year + 1))
    flag = arules.value(arules.ABSENCE_FLAG, congress.region)
    run = int(arules.value(arules.RESIGN_AFTER_POOR, congress.region))
    advice = {d.pk: Advice(d) for d in deputies}
    schemes = {y: schemes_for([congress], y)[congress.pk] for y in years}
    for y in years:
        first, last = year_bounds(y)
        running = [d for d in deputies if d.elected_date <= last and (d.status_date is None or d.status_date >= first)]
        for row in score_rows(running, y, schemes[y]):
            a = advice[row.deputy.pk]
            a.grades[y], a.scores[y] = row.grade, row.score
            a.absences += row.counts.get(str(flag.get("kind", "session_absent")), 0)
    for a in advice.values():
        a.flagged = a.absences >= int(flag.get("count", 2))
        graded = [a.grades[y] for y in years if y in a.grades]
        if _poor_in_a_row(graded, run):
            a.advice = "resign"
        elif graded and graded[-1] == "good" and not a.flagged:
            a.advice = "priority"
    order = {"resign": 0, "priority": 2, "": 1}
    rows = sorted(advice.values(), key=lambda a: (not a.flagged, order[a.advice], -a.scores.get(year, 0), a.deputy.person.name_pinyin))
    return term, years, rows


# --- the public report card ---------------------------------------------------------------------------------------
PUBLIC_METRICS = [
    ("attendance", _("Sessions and meetings attended"), ("session_present", "meeting_present")),
    ("absence", _("Sessions and meetings missed"), ("session_leave", "session_absent", "meeting_leave", "meeting_absent")),
    ("suggestions", _("Suggestions made or co-signed"), ("suggestion_led", "suggestion_cosigned")),
    ("station_duty", _("Days on duty at liaison stations"), ("station_signin",)),
]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    value: int
    median: float


@dataclass
class PublicCard:
    deputy: Deputy
    year: int
    metrics: list[Metric]
    entries: list[tuple[Entry, str]]  # published entries with their labels
    compared_with: int  # how many deputies the medians are over


def public_deputy_get(*, pk: int) -> Deputy:
    return get_in_scope(Deputy.objects.select_related(*DEPUTY_RELATED), pk=pk)


def public_card(*, pk: int, year: int) -> PublicCard:
    """What was published only — attendance at published sittings, published suggestions with their answers,
    station duty — each figure beside the median of the congress's deputies that year."""
    deputy = public_deputy_get(pk=pk)
    peers = list(serving_in(deputy.congress, year).only("pk", "person_id", "congress_id", "region_id"))
    if deputy.pk not in {p.pk for p in peers}:
        peers.append(deputy)
    counts = sources.counts(peers, year, public=True)
    metrics = []
    for key, label, kinds in PUBLIC_METRICS:
        values = [sum(counts[p.pk][k] for k in kinds) for p in peers]
        mine = sum(counts[deputy.pk][k] for k in kinds)
        metrics.append(Metric(key, str(label), mine, float(statistics.median(values)) if values else 0.0))
    labels = sources.kind_labels()
    published = [(e, sources.label_of(e.kind, labels)) for e in sources.entries(deputy, year) if e.is_public]
    return PublicCard(deputy, year, metrics, published, len(peers))


# --- schemes ----------------------------------------------------------------------------------------------------
def scheme_list(*, scope: Scope, congress: int | None = None) -> QuerySet[ScoreScheme]:
    if not permissions.can_view_lists(scope):
        raise NotPermitted()
    ids = [b.pk for b in congresses_for(scope=scope)]
    return narrow(ScoreScheme.objects.filter(congress_id__in=ids), congress_id=congress).select_related("congress", "updated_by").order_by("-year", "congress__region__path")


def scheme_get(*, scope: Scope, pk: int) -> ScoreScheme:
    return get_in_scope(scheme_list(scope=scope), pk=pk)
