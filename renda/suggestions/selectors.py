"""Every read of the suggestions app. Each selector takes the actor's scope and filters by it first."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from renda.core.errors import NotPermitted
from renda.core.selectors import get_in_scope, narrow
from renda.meetings.models import Meeting
from renda.meetings.selectors import meeting_queryset
from renda.opinions.models import Opinion
from renda.opinions.models import Status as OpinionStatus
from renda.org.models import Body, Deputy, Role, Unit
from renda.org.scoping import Scope

from . import kept, permissions
from . import rules as srules
from .lifecycles import ASSIGNMENT, SUGGESTION

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

from .models import (
    Answer,
    Assignment,
    ContactRecord,
    CoSigner,
    Feedback,
    KeptByCategory,
    KeptByOutcome,
    KeptByUnit,
    KeySuggestion,
    Period,
    Rating,
    State,
    Suggestion,
)

# Named groups of the suggestion's lifecycle, as lists for `state__in` (the names tests and the figures use).
HIDDEN_FROM_STAFF = sorted(SUGGESTION.group("hidden_from_staff"))
OPEN_STATES = sorted(SUGGESTION.group("with_units"))
ANSWERED_STATES = sorted(SUGGESTION.group("answered"))
HANDLED_STATES = sorted(SUGGESTION.group("handled"))
LIVE_PARTS = sorted(ASSIGNMENT.group("live"))
PARTS_TO_DO = sorted(ASSIGNMENT.group("to_do"))


def suggestion_q(scope: Scope) -> Q | None:
    """Q over the suggestions the actor may see, or None when they may see none.

    Staff who read suggestions (in the regions of those grants) and committee staff (of their congress) see every
    submitted one; a unit clerk those with a live part of the unit; a deputy their own, the co-signed (unless
    declined) and the published ones. Drafts and those still with the co-signers stay with the deputies."""
    submitted = ~Q(state__in=HIDDEN_FROM_STAFF)

    def staff(s: Scope) -> Q | None:
        regions = set().union(*(s.roles_by_region.get(role, ()) for role in permissions.READ_ROLES))
        return Q(region_id__in=regions) & submitted if regions else None

    def unit_parts(s: Scope) -> Q | None:
        live = Assignment.objects.filter(unit_id__in=s.unit_ids, status__in=LIVE_PARTS)
        return Q(pk__in=live.values("suggestion_id")) if s.unit_ids else None

    def deputy(s: Scope) -> Q | None:
        if not s.person_id:
            return None
        cosigned = CoSigner.objects.filter(person_id=s.person_id).exclude(status=CoSigner.Status.DECLINED)
        return Q(author_person_id=s.person_id) | Q(pk__in=cosigned.values("suggestion_id")) | Q(is_public=True)

    return scope.visible(
        [
            (permissions.READ_ROLES, staff),
            ({Role.COMMITTEE}, lambda s: Q(congress_id__in=s.congress_ids) & submitted if s.congress_ids else None),
            ({Role.UNIT_CLERK}, unit_parts),
            ({Role.DEPUTY}, deputy),
        ],
        everything=submitted,
    )


def suggestion_queryset(scope: Scope) -> QuerySet[Suggestion]:
    q = suggestion_q(scope)
    return Suggestion.objects.none() if q is None else Suggestion.objects.filter(q)


def _overall() -> Case:
    """The worse of the two ratings of a feedback row."""
    return Case(
        When(Q(process_rating=Rating.NOT) | Q(result_rating=Rating.NOT), then=Value(Rating.NOT)),
        When(Q(process_rating=Rating.BASIC) | Q(result_rating=Rating.BASIC), then=Value(Rating.BASIC)),
        default=Value(Rating.SATISFIED),
        output_field=CharField(),
    )


class FigureFacts(TypedDict):
    on_time: bool
    rehandled: bool
    satisfaction: str | None
    outcome: str | None
    overdue: bool


def _answered_on_time() -> Exists:
    """An answer given by its due day (partial index answer_on_time_idx)."""
    return Exists(Answer.objects.filter(suggestion=OuterRef("pk"), kind=Answer.Kind.ANSWER, answered_on__lte=F("due_on")))


def annotate_figures(qs: QuerySet[Suggestion], today: datetime.date) -> QuerySet[WithAnnotations[Suggestion, FigureFacts]]:
    """Per-suggestion facts the figures count: answered on time, re-handled, final satisfaction, outcome, overdue."""
    answers = Answer.objects.filter(suggestion=OuterRef("pk"))
    latest_feedback = Feedback.objects.filter(suggestion=OuterRef("pk"), is_latest=True).annotate(overall=_overall())
    return qs.annotate(
        on_time=_answered_on_time(),
        rehandled=Exists(answers.filter(kind=Answer.Kind.REHANDLED)),
        satisfaction=Subquery(latest_feedback.values("overall")[:1]),
        outcome=Subquery(answers.order_by("-round").values("outcome")[:1]),
        overdue=Case(
            When(
                Q(state=State.ASSIGNED, answer_due__lt=today) | Q(state=State.REHANDLING, rehandle_due__lt=today),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


@dataclass
class SuggestionFilters:
    state: str = ""
    category: str = ""
    unit: int | None = None
    meeting: int | None = None
    key: str = ""  # "1" key only
    year: int | None = None
    on_time: str = ""  # "1" / "0"
    satisfaction: str = ""
    rehandled: str = ""
    overdue: str = ""
    outcome: str = ""
    mine: str = ""  # "1": the deputy's own and co-signed; "led": key suggestions the leader leads or supervises
    field: str = ""  # "1": the categories of the committee staff's own committee (their default on the list page)
    q: str = ""
    region: int | None = None


def suggestion_list(*, scope: Scope, filters: SuggestionFilters | None = None, user=None) -> QuerySet[Suggestion]:
    if not permissions.can_list(scope):
        raise NotPermitted()
    f = filters or SuggestionFilters()
    qs = narrow(
        suggestion_queryset(scope),
        state=f.state,
        category=f.category,
        lead_unit_id=f.unit,
        meeting_id=f.meeting,
        is_key=f.key == "1",
        submitted_on__year=f.year,
        region_id=f.region,
    )
    if f.mine == "1" and scope.person_id:
        cosigned = CoSigner.objects.filter(person_id=scope.person_id).values("suggestion_id")
        qs = qs.filter(Q(author_person_id=scope.person_id) | Q(pk__in=cosigned))
    if f.mine == "led" and scope.user_id:
        keys = KeySuggestion.objects.filter(Q(lead_leader__user_id=scope.user_id) | Q(supervisor__user_id=scope.user_id))
        qs = qs.filter(pk__in=keys.values("suggestion_id"))
    if f.field == "1":
        categories = field_categories(scope)
        if categories:
            qs = qs.filter(category__in=categories)
    if f.q:
        text = f.q.strip()
        qs = qs.filter(Q(title__contains=text) | Q(number=text) | Q(author_person__name=text))
    if f.on_time or f.satisfaction or f.rehandled or f.overdue or f.outcome:
        figured = annotate_figures(qs, timezone.localdate())
        if f.on_time in {"0", "1"}:
            figured = figured.filter(state__in=ANSWERED_STATES, on_time=f.on_time == "1")
        qs = narrow(
            figured, satisfaction=f.satisfaction, rehandled=f.rehandled == "1", overdue=f.overdue == "1", outcome=f.outcome
        )
    return qs.select_related("author_person", "lead_unit", "congress").order_by("-id")


def field_categories(scope: Scope) -> list[str]:
    """The categories of the caller's committees' fields (rule `suggestions.committee_fields`, by each committee's
    region); empty for anyone who is not committee staff, or whose committee has no field."""
    if not scope.body_ids:
        return []
    found: list[str] = []
    for body in Body.objects.filter(pk__in=scope.body_ids).select_related("region"):
        for entry in srules.rule(srules.COMMITTEE_FIELDS, body.region):
            if isinstance(entry, dict) and entry.get("committee") and str(entry["committee"]) in body.name:
                found += [c for c in entry.get("categories", []) if c not in found]
    return found


def suggestion_get(*, scope: Scope, pk: int) -> Suggestion:
    related = ("author_person", "author", "lead_unit", "congress", "region", "merged_into", "opinion__station", "meeting")
    return get_in_scope(suggestion_queryset(scope).select_related(*related), pk=pk)


def declined_cosign_get(*, scope: Scope, pk: int) -> Suggestion:
    """A suggestion the caller was asked to co-sign and declined: it no longer shows it to them, but they may still
    know what they were asked to sign (the API's answer to their decline, and to a retried one). 404 otherwise."""
    if scope.person_id is None:
        raise Http404
    declined = CoSigner.objects.filter(suggestion_id=pk, person_id=scope.person_id, status=CoSigner.Status.DECLINED)
    suggestion = (
        Suggestion.objects.filter(pk=pk, pk__in=declined.values("suggestion_id"))
        .select_related("author_person", "congress", "meeting")
        .first()
    )
    if suggestion is None:
        raise Http404
    return suggestion


def meeting_choices(*, scope: Scope) -> list[Meeting]:
    """The congress sessions the actor may see (meetings app's scope), for the list's meeting filter: a short list."""
    return list(meeting_queryset(scope).filter(body__kind=Body.Kind.CONGRESS).only("pk", "title").order_by("-start_date", "-pk"))


def meeting_visible(*, scope: Scope, suggestion: Suggestion) -> bool:
    """Whether the actor may open the suggestion's meeting in the meetings app (the page links it then)."""
    meeting_id = suggestion.meeting_id
    return meeting_id is not None and meeting_queryset(scope).filter(pk=meeting_id).exists()


def by_meeting(*, scope: Scope, year: int | None = None) -> list[tuple[str, int]]:
    """How many suggestions were made at each meeting (its title; the free text where no meeting is linked)."""
    qs = narrow(suggestion_queryset(scope).filter(period=Period.SESSION), submitted_on__year=year)
    rows = qs.values("meeting__title", "meeting_name").annotate(n=Count("pk")).order_by()
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r["meeting__title"] or r["meeting_name"]] += r["n"]
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def suggestion_parts(*, scope: Scope, suggestion: Suggestion) -> dict:
    """What the detail page shows, cut to what the actor may see (a co-unit: the text and its own task)."""
    assignments = list(suggestion.assignments.select_related("unit").order_by("role", "pk"))
    co_only = permissions.is_co_unit_only(scope, suggestion, assignments)
    parts = {
        "assignments": [a for a in assignments if a.unit_id in scope.unit_ids] if co_only else assignments,
        "cosigners": list(suggestion.cosigners.select_related("person").order_by("pk")),
        "attachments": list(suggestion.attachments.order_by("pk")),
        "co_only": co_only,
        "contacts": [],
        "answers": [],
        "key": None,
    }
    if not co_only:
        parts["contacts"] = list(ContactRecord.objects.filter(suggestion=suggestion).select_related("assignment__unit"))
        parts["answers"] = list(suggestion.answers.select_related("unit").prefetch_related(
            Prefetch("feedback", queryset=Feedback.objects.all())))  # fmt: skip
        parts["key"] = (
            KeySuggestion.objects.filter(suggestion=suggestion).select_related("lead_leader", "supervisor", "supervisor_body")
            .prefetch_related("progress").first()
        )  # fmt: skip
    return parts


def answer_get(*, scope: Scope, pk: int) -> Answer:
    answer = get_in_scope(Answer.objects.select_related("suggestion"), pk=pk)
    suggestion = suggestion_get(scope=scope, pk=answer.suggestion_id)
    if not permissions.can_see_handling(scope, suggestion, list(suggestion.assignments.all())):
        raise Http404
    return answer


def assignment_get(*, scope: Scope, pk: int) -> Assignment:
    a = Assignment.objects.select_related("suggestion", "unit", "suggestion__region").filter(pk=pk).first()
    if a is None or not (scope.everything or a.unit_id in scope.unit_ids or permissions.can_review(scope, a.suggestion)):
        raise Http404
    return a


def unit_part(*, scope: Scope, suggestion: Suggestion, role: str | None = None) -> Assignment:
    """The actor's unit's live part of the suggestion (of that role when given; else the first by role and id): what
    a unit's action on the suggestion page or the API acts on. NotPermitted when the actor's units have none."""
    qs = suggestion.assignments.filter(unit_id__in=scope.unit_ids, status__in=LIVE_PARTS).select_related("unit", "suggestion")
    if role:
        qs = qs.filter(role=role)
    part = qs.order_by("role", "pk").first()
    if part is None:
        raise NotPermitted()
    return part


def similar(*, scope: Scope, suggestion: Suggestion, limit: int = 5) -> list[tuple[Suggestion, list[str]]]:
    """Suggestions of the same congress and year sharing jieba keywords, most shared first (for merging duplicates)."""
    words = [w for w in suggestion.keywords.split() if w]
    if not words or not suggestion.submitted_on:
        return []
    q = Q()
    for word in words:
        q |= Q(keywords__contains=word)
    candidates = (
        suggestion_queryset(scope).filter(q, congress_id=suggestion.congress_id, submitted_on__year=suggestion.submitted_on.year)
        .exclude(pk=suggestion.pk).exclude(state__in=sorted(SUGGESTION.group("set_aside")))
        .only("pk", "number", "title", "keywords", "state").order_by("-id")[:500]
    )  # fmt: skip
    mine = set(words)
    scored = [(len(mine & set(c.keywords.split())), c) for c in candidates]
    scored = [(n, c) for n, c in scored if n >= 2]
    scored.sort(key=lambda x: (-x[0], -x[1].pk))
    return [(c, sorted(mine & set(c.keywords.split()))) for _n, c in scored[:limit]]


# --- Voters' opinions a deputy may raise --------------------------------------------------------------------------
def raisable_opinions(*, scope: Scope) -> QuerySet[Opinion]:
    """Registered voters' opinions at the stations the deputy is attached to, newest first (no contact details)."""
    if not permissions.can_raise_opinions(scope):
        raise NotPermitted()
    return (
        Opinion.objects.filter(permissions.raisable_opinion_q(scope), status=OpinionStatus.REGISTERED)
        .select_related("station", "region")
        .only("pk", "tracking_code", "category", "text", "status", "registered_at", "station__name", "region__name")
        .order_by("-registered_at", "-id")
    )


def raisable_opinion_get(*, scope: Scope, pk: int) -> Opinion:
    """An opinion at one of the deputy's stations (any state: the opinions workflow says whether it may still be
    raised); 404 for any other, so its existence is not confirmed."""
    if not permissions.can_raise_opinions(scope):
        raise NotPermitted()
    return get_in_scope(Opinion.objects.filter(permissions.raisable_opinion_q(scope)).select_related("station", "region"), pk=pk)


def submitting_mandate(*, scope: Scope, opinion: Opinion | None = None) -> Deputy | None:
    """The serving mandate a new suggestion is made under: the deputy's first (lowest level), or for one raised
    from a voter's opinion, the first of their mandates attached to that opinion's station."""
    if scope.person_id is None:
        return None
    mandates = Deputy.objects.filter(person_id=scope.person_id, status=Deputy.Status.SERVING)
    if opinion is not None:
        attached = mandates.filter(pk__in=opinion.station.deputies.values("pk"))
        mandates = attached if attached.exists() else mandates
    return mandates.select_related("congress", "congress__region").order_by("congress__level", "pk").first()


def source_opinion(*, scope: Scope, suggestion: Suggestion) -> Opinion | None:
    """The voter's opinion the suggestion was raised from, if the actor may see it."""
    opinion = suggestion.opinion if suggestion.opinion_id else None
    return opinion if permissions.can_see_source_opinion(scope, suggestion, opinion) else None


# --- Unit inbox and reminders --------------------------------------------------------------------------------
@dataclass
class InboxFilters:
    due: str = ""  # "soon" / "overdue"
    role: str = ""
    show: str = ""  # "all": also answered and finished parts; "pending": not yet accepted
    unit: int | None = None


def inbox(*, scope: Scope, filters: InboxFilters | None = None, today: datetime.date | None = None) -> QuerySet[Assignment]:
    if not permissions.can_use_inbox(scope):
        raise NotPermitted()
    f = filters or InboxFilters()
    today = today or timezone.localdate()
    qs = Assignment.objects.filter(status__in=LIVE_PARTS)
    if not scope.everything:
        qs = qs.filter(unit_id__in=scope.unit_ids)
    qs = narrow(qs, unit_id=f.unit, role=f.role)
    # `suggestion_state` is the suggestion's state copied onto the part (services.common keeps it in step): the
    # filter and the order (due_on, pk) are then one walk of a partial index, without joining the suggestions.
    if f.show == "pending":  # assigned and not yet accepted (the to-do list's "to accept")
        qs = qs.filter(status=Assignment.Status.PENDING, suggestion_state__in=OPEN_STATES)
    elif f.show != "all":
        qs = qs.filter(status__in=PARTS_TO_DO, suggestion_state__in=OPEN_STATES)
    if f.due == "overdue":
        qs = qs.filter(due_on__lt=today, suggestion_state__in=OPEN_STATES)
    elif f.due == "soon":
        days = int(srules.rule(srules.DUE_SOON_DAYS, None))
        qs = qs.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days), suggestion_state__in=OPEN_STATES)
    return qs.select_related("suggestion", "suggestion__author_person", "unit").order_by("due_on", "pk")


def reminder_assignments(*, today: datetime.date, horizon: int | None = None):
    """(assignment, "due_soon"/"overdue") for every live part still to do, due within `horizon` days (by default
    the rule's due-soon days) or past due."""
    days = int(srules.rule(srules.DUE_SOON_DAYS, None)) if horizon is None else horizon
    qs = (
        Assignment.objects.filter(
            status__in=PARTS_TO_DO,
            suggestion_state__in=OPEN_STATES,
            due_on__lte=today + datetime.timedelta(days=days),
        )
        .select_related("suggestion", "suggestion__region", "unit")
        .order_by("due_on", "pk")
    )
    for a in qs.iterator(chunk_size=500):
        yield a, ("overdue" if a.due_on < today else "due_soon")


def reminders(*, scope: Scope, today: datetime.date | None = None) -> dict[str, QuerySet]:
    """For the office: parts due soon, overdue, and recess suggestions not acknowledged in time."""
    if not permissions.can_view_reminders(scope):
        raise NotPermitted()
    today = today or timezone.localdate()
    days = int(srules.rule(srules.DUE_SOON_DAYS, None))
    visible = suggestion_queryset(scope).values("pk")
    live = Assignment.objects.filter(
        suggestion_id__in=visible,
        status__in=PARTS_TO_DO,
        suggestion_state__in=OPEN_STATES,
    ).select_related("suggestion", "unit")
    return {
        "overdue": live.filter(due_on__lt=today).order_by("due_on", "pk"),
        "due_soon": live.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days)).order_by("due_on", "pk"),
        "unacknowledged": suggestion_queryset(scope).filter(state__in=sorted(SUGGESTION.group("awaiting_ack")), ack_due__lt=today)
        .select_related("author_person").order_by("ack_due", "pk"),
    }  # fmt: skip


# --- Figures ---------------------------------------------------------------------------------------------------
def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


FIGURE_KEYS = ["submitted", "assigned", "not_accepted", "merged", "answered", "on_time", "satisfied", "basic", "not", "rated",
               "rehandled", "overdue", "key"]  # fmt: skip


def figures(*, scope: Scope, year: int | None = None, today: datetime.date | None = None) -> dict:
    """Counts by unit, category, state, on time, satisfaction, key: summed from the figures kept per cell
    (`kept.py`) where the scope is made of whole cells (regions, congresses), else one grouped query over the
    records; overdue (it depends on today) is always counted live, over the suggestions still with the units."""
    if not permissions.can_view_figures(scope):
        raise NotPermitted()
    today = today or timezone.localdate()
    where = _kept_where(scope)
    counted = _figures_live(scope, year, today) if where is None else _figures_kept(scope, where, year, today)
    totals, by_unit, by_category, by_state, by_outcome = counted
    names = dict(Unit.objects.filter(pk__in=list(by_unit)).values_list("pk", "name"))

    def finish(d: Mapping[str, int]) -> dict:
        out: dict = {k: d.get(k, 0) for k in FIGURE_KEYS}
        out["on_time_rate"] = _rate(out["on_time"], out["answered"])
        out["satisfaction_rate"] = _rate(out["satisfied"] + out["basic"], out["rated"])
        return out

    units = sorted(
        ({"unit_id": pk, "unit": names.get(pk, ""), **finish(v), "total": v.get("assigned", 0)} for pk, v in by_unit.items()),
        key=lambda u: (-u["total"], u["unit"]),
    )
    outcomes = srules.rule(srules.OUTCOMES, None)
    return {
        "year": year,
        "totals": finish(totals),
        "units": units,
        "categories": sorted(({"category": c, **finish(v)} for c, v in by_category.items()), key=lambda c: -c["submitted"]),
        "states": [(s, State(s).label, by_state.get(s, 0)) for s in State.values if s not in HIDDEN_FROM_STAFF],
        "outcomes": [(o["code"], o["label"], by_outcome.get(o["code"], 0)) for o in outcomes],
    }


Counts = defaultdict[str, int]
Counted = tuple[Counts, dict[int, Counts], dict[str, Counts], Counts, Counts]


def _counts() -> Counts:
    return defaultdict(int)


def _figures_live(scope: Scope, year: int | None, today: datetime.date) -> Counted:
    """The figures counted from the records: one grouped query with a subquery per suggestion."""
    qs = narrow(suggestion_queryset(scope), submitted_on__year=year)
    rows = (
        annotate_figures(qs, today)
        .values("lead_unit_id", "category", "state", "is_key", "on_time", "rehandled", "satisfaction", "outcome", "overdue")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals: Counts = _counts()
    by_unit: dict[int, Counts] = defaultdict(_counts)
    by_category: dict[str, Counts] = defaultdict(_counts)
    by_state: Counts = _counts()
    by_outcome: Counts = _counts()
    for r in rows:
        n = r["n"]
        state = r["state"]
        by_state[state] += n
        facts = {"submitted": n, "key": n if r["is_key"] else 0}
        if state in HANDLED_STATES:
            facts["assigned"] = n
        if state == State.NOT_ACCEPTED:
            facts["not_accepted"] = n
        if state == State.MERGED:
            facts["merged"] = n
        if state in ANSWERED_STATES:
            facts["answered"] = n
            facts["on_time"] = n if r["on_time"] else 0
        if r["satisfaction"]:
            facts[r["satisfaction"]] = n
            facts["rated"] = n
        if r["rehandled"]:
            facts["rehandled"] = n
        if r["overdue"]:
            facts["overdue"] = n
        if r["outcome"]:
            by_outcome[r["outcome"]] += n
        for k, v in facts.items():
            totals[k] += v
            by_category[r["category"]][k] += v
            if r["lead_unit_id"] and state in HANDLED_STATES:
                by_unit[r["lead_unit_id"]][k] += v
    return totals, by_unit, by_category, by_state, by_outcome


def _kept_where(scope: Scope) -> Q | None:
    """Q over the kept cells covering exactly the suggestions `suggestion_q` lets this scope see, or None when the
    scope also sees suggestions a cell cannot tell apart (a unit clerk's parts, a deputy's own and co-signed): the
    figures are then counted live."""
    if scope.everything:
        return Q()
    if (Role.UNIT_CLERK in scope.roles and scope.unit_ids) or (Role.DEPUTY in scope.roles and scope.person_id):
        return None

    def staff(s: Scope) -> Q | None:
        regions = set().union(*(s.roles_by_region.get(role, ()) for role in permissions.READ_ROLES))
        return Q(region_id__in=regions) if regions else None

    return scope.visible(
        [
            (permissions.READ_ROLES, staff),
            ({Role.COMMITTEE}, lambda s: Q(congress_id__in=s.congress_ids) if s.congress_ids else None),
        ]
    )


def _kept_sums(model: type[Model], where: Q, year: int | None, group: str, values: Sequence[str]) -> dict[Any, dict[str, int]]:
    rows = narrow(model._default_manager.filter(where), year=year).values(group).annotate(**{v: Sum(v) for v in values})
    return {r[group]: {v: r[v] or 0 for v in values} for r in rows.order_by()}


def _kept_facts(c: Mapping[str, int]) -> dict[str, int]:
    """The figures of one kept row (summed): the states' columns grouped as the lifecycle names them."""
    states = {s: c[f"in_{s}"] for s in kept.STATES}
    return {
        "submitted": sum(states.values()), "key": c["key"], "assigned": sum(states[s] for s in HANDLED_STATES),
        "not_accepted": states[State.NOT_ACCEPTED], "merged": states[State.MERGED],
        "answered": sum(states[s] for s in ANSWERED_STATES), "on_time": c["on_time"], "satisfied": c["satisfied"],
        "basic": c["basic"], "not": c["not_satisfied"], "rated": c["rated"], "rehandled": c["rehandled"],
    }  # fmt: skip


def _figures_kept(scope: Scope, where: Q, year: int | None, today: datetime.date) -> Counted:
    """The figures summed from the kept cells of the scope (three small grouped sums), overdue counted live."""
    totals: Counts = _counts()
    by_unit: dict[int, Counts] = defaultdict(_counts)
    by_category: dict[str, Counts] = defaultdict(_counts)
    by_state: Counts = _counts()
    for category, c in _kept_sums(KeptByCategory, where, year, "category", kept.COUNTS).items():
        facts = _kept_facts(c)
        if not facts["submitted"]:
            continue
        by_category[category].update(facts)
        for k, v in facts.items():
            totals[k] += v
        for s in kept.STATES:
            by_state[s] += c[f"in_{s}"]
    for unit, c in _kept_sums(KeptByUnit, where, year, "unit_id", kept.COUNTS).items():
        facts = _kept_facts(c)
        if facts["assigned"]:
            by_unit[unit].update(facts)
    by_outcome: Counts = _counts()
    for outcome, c in _kept_sums(KeptByOutcome, where, year, "outcome", ["n"]).items():
        if c["n"]:
            by_outcome[outcome] = c["n"]
    overdue = (
        narrow(suggestion_queryset(scope), submitted_on__year=year)
        .filter(_overdue(today))
        .values("lead_unit_id", "category", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in overdue:
        totals["overdue"] += r["n"]
        by_category[r["category"]]["overdue"] += r["n"]
        if r["lead_unit_id"] and r["state"] in HANDLED_STATES:
            by_unit[r["lead_unit_id"]]["overdue"] += r["n"]
    return totals, by_unit, by_category, by_state, by_outcome


def _overdue(today: datetime.date) -> Q:
    """Still with the units past the deadline (partial indexes suggestion_overdue_idx, suggestion_reoverdue_idx)."""
    return Q(state=State.ASSIGNED, answer_due__lt=today) | Q(state=State.REHANDLING, rehandle_due__lt=today)


def headline_totals(*, scope: Scope, year: int) -> dict[str, int]:
    """The work overview's totals of `figures` — submitted, key, answered, answered on time — summed from the kept
    cells of the scope's year (counted live where the scope is not made of whole cells)."""
    if not permissions.can_view_figures(scope):
        raise NotPermitted()
    where = _kept_where(scope)
    if where is not None:
        rows = KeptByCategory.objects.filter(where, year=year).aggregate(**{v: Sum(v) for v in kept.COUNTS})
        facts = _kept_facts({k: v or 0 for k, v in rows.items()})
        return {k: facts[k] for k in ("submitted", "key", "answered", "on_time")}
    qs = narrow(suggestion_queryset(scope), submitted_on__year=year)
    answered = Q(state__in=ANSWERED_STATES)
    return qs.aggregate(
        submitted=Count("pk"),
        key=Count("pk", filter=Q(is_key=True)),
        answered=Count("pk", filter=answered),
        on_time=Count("pk", filter=_answered_on_time() & answered),
    )


def commendation(fig: dict, region=None) -> tuple[list[str], list[str]]:
    """Units commended and criticised by the configurable rule (from the figures, never typed in)."""
    rule = srules.rule(srules.COMMEND, region)
    commended, criticised = [], []
    for u in fig["units"]:
        if u["total"] < rule["min_total"]:
            continue
        on_time = u["on_time_rate"] if u["on_time_rate"] is not None else 0
        satisfied = u["satisfaction_rate"]
        if (
            u["overdue"] == 0
            and on_time >= rule["commend_on_time"]
            and satisfied is not None
            and satisfied >= rule["commend_satisfied"]
        ):
            commended.append(u["unit"])
        elif (
            on_time < rule["criticise_on_time"]
            or (satisfied is not None and satisfied < rule["criticise_satisfied"])
            or u["overdue"]
        ):
            criticised.append(u["unit"])
    return commended, criticised


def key_rows(*, scope: Scope, year: int | None) -> list[KeySuggestion]:
    qs = narrow(KeySuggestion.objects.filter(suggestion__in=suggestion_queryset(scope)), suggestion__submitted_on__year=year)
    return list(qs.select_related("suggestion", "lead_leader", "supervisor", "supervisor_body").order_by("suggestion__number"))


# --- Public ------------------------------------------------------------------------------------------------------
def public_list() -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(is_public=True).select_related("author_person", "lead_unit", "congress").order_by("-id")


def public_search(*, q: str = "", year: int | None = None, category: str = "", state: str = "") -> QuerySet[Suggestion]:
    """The published suggestions a voter looks for: a word of the title (or the number), the year, category, state."""
    rows = public_list()
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(number__icontains=q))
    if year:
        rows = rows.filter(submitted_on__year=year)
    if category:
        rows = rows.filter(category=category)
    if state:
        rows = rows.filter(state=state)
    return rows


def public_get(*, pk: int) -> Suggestion:
    return get_in_scope(public_list(), pk=pk)


def public_answers(suggestion: Suggestion) -> list[Answer]:
    return list(suggestion.answers.select_related("unit").order_by("round"))
