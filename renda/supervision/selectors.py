"""Every read of the supervision app. Each selector takes the actor's scope and filters by it first; `*_get` answers
404 for a record outside the scope."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404

from renda.core.errors import NotPermitted
from renda.core.listing import MAX_ID
from renda.core.selectors import get_in_scope, narrow
from renda.meetings.models import Meeting
from renda.meetings.permissions import meeting_q
from renda.org.models import Body, Deputy, Person, Region, Unit
from renda.org.scoping import Scope

from . import permissions
from .lifecycles import ACTIVITY, INQUIRY, OPINION, PROBLEM, ROUND
from .models import (
    Activity,
    Campaign,
    ChecklistEntry,
    EvaluatedUnit,
    EvaluationOpinion,
    EvaluationRound,
    Finding,
    Inquiry,
    Participation,
    ProblemItem,
    SupervisionOpinion,
)

M = TypeVar("M", bound=Model)

#: the campaign filter's values besides a campaign's id: not part of a campaign, part of any campaign
NO_CAMPAIGN, ANY_CAMPAIGN = "none", "any"


def _scoped(model: type[M], q: Q | None) -> QuerySet[M]:
    return model._default_manager.filter(q) if q is not None else model._default_manager.none()


def _visible(model: type[M], q: Q | None) -> QuerySet[M]:
    """The rows a scope may see, for a `*_get`: a scope that sees none of them at all is refused (403)."""
    if q is None:
        raise NotPermitted()
    return model._default_manager.filter(q)


def _campaign_filter(qs: QuerySet[M], value: str, field: str = "campaign") -> QuerySet[M]:
    if value == NO_CAMPAIGN:
        return qs.filter(**{f"{field}__isnull": True})
    if value == ANY_CAMPAIGN:
        return qs.filter(**{f"{field}__isnull": False})
    if value.isdigit():  # an id beyond any key names no campaign (and would overflow the database's integer)
        return qs.filter(**{f"{field}_id": int(value)}) if int(value) <= MAX_ID else qs.none()
    return qs


# --- activities -------------------------------------------------------------------------------------------------


@dataclass
class ActivityFilters:
    kind: str = ""
    state: str = ""
    campaign: str = ""  # "", "none", "any" or a campaign id
    organiser: int | None = None
    region: int | None = None
    date_from: datetime.date | None = None  # activities starting in this range
    date_to: datetime.date | None = None
    held: bool = False  # only activities that took place (what the work overview counts)
    q: str = ""


def activity_queryset(scope: Scope) -> QuerySet[Activity]:
    return _scoped(Activity, permissions.activity_q(scope))


def activity_list(*, scope: Scope, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    if not permissions.can_list_activities(scope):
        raise NotPermitted()
    f = filters or ActivityFilters()
    held = sorted(ACTIVITY.group("held")) if f.held else None
    qs = narrow(
        activity_queryset(scope),
        kind=f.kind,
        state=f.state,
        state__in=held,
        organiser_id=f.organiser,
        region_id=f.region,
        start_date__gte=f.date_from,
        start_date__lte=f.date_to,
        title__contains=f.q.strip(),
    )
    qs = _campaign_filter(qs, f.campaign)
    return qs.select_related("organiser", "region", "campaign").order_by("-start_date", "-id")


def participant_counts(activity_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(people, deputies) per activity, for a page of activities (one grouped query)."""
    rows = (
        Participation.objects.filter(activity_id__in=list(activity_ids))
        .values("activity_id")
        .annotate(n=Count("pk"), deputies=Count("deputy_id"))
        .order_by()
    )
    return {r["activity_id"]: (r["n"], r["deputies"]) for r in rows}


def activity_get(*, scope: Scope, pk: int) -> Activity:
    qs = _visible(Activity, permissions.activity_q(scope)).select_related("organiser", "region", "campaign", "heard_at__meeting")
    return get_in_scope(qs, pk=pk)


def activity_group(*, activity: Activity) -> list[Participation]:
    return list(
        Participation.objects.filter(activity=activity)
        .select_related("person", "deputy__congress")
        .order_by("role", "person__name_pinyin", "pk")
    )


def activity_findings(*, activity: Activity) -> list[Finding]:
    return list(Finding.objects.filter(activity=activity).select_related("author", "suggestion", "opinion").order_by("on", "pk"))


def activity_opinions(*, activity: Activity) -> list[SupervisionOpinion]:
    return list(SupervisionOpinion.objects.filter(activity=activity).select_related("unit").order_by("pk"))


def review_opinions_heard(*, activity: Activity) -> list[Any]:
    """The review opinions on the item where the report is heard (the meetings loop)."""
    if activity.heard_at_id is None:
        return []
    from renda.meetings.models import ReviewOpinion

    return list(ReviewOpinion.objects.filter(item_id=activity.heard_at_id).select_related("unit").order_by("pk"))


def organisers(*, scope: Scope) -> list[Body]:
    """The bodies whose activities the scope runs."""
    bodies = (
        Body.objects.filter(kind__in=permissions.ORGANISER_KINDS).select_related("region").order_by("region__path", "sort_order")
    )
    return [b for b in bodies if permissions.manages_body(scope, b)]


def organiser_choices(*, scope: Scope) -> QuerySet[Body]:
    """The bodies whose activities, rounds and campaigns the scope runs, as a form's choices."""
    return Body.objects.filter(pk__in=[b.pk for b in organisers(scope=scope)])


def candidates(*, activity: Activity) -> QuerySet[Person]:
    """People who may be put in an activity's group: serving deputies elected in the activity's region (or of its
    organiser's congress) and the organiser's members."""
    region = activity.region
    deputies = Deputy.objects.filter(status=Deputy.Status.SERVING).filter(
        Q(region__path__startswith=region.path) | Q(congress_id=activity.organiser.congress_id or activity.organiser_id)
    )
    return (
        Person.objects.filter(Q(pk__in=deputies.values("person_id")) | Q(memberships__body=activity.organiser))
        .distinct()
        .order_by("name_pinyin", "pk")
    )


def hearing_meetings(*, scope: Scope, activity: Activity) -> QuerySet[Meeting]:
    """Meetings of the organiser's congress, from the activity's start, that the scope runs or sees."""
    q = meeting_q(scope)
    if q is None:
        return Meeting.objects.none()
    congress_id = activity.organiser.congress_id or activity.organiser_id
    return (
        Meeting.objects.filter(q)
        .filter(Q(body__congress_id=congress_id) | Q(body_id=congress_id), start_date__gte=activity.start_date)
        .select_related("body")
        .order_by("start_date")
    )


def later_meetings(*, scope: Scope, opinion: SupervisionOpinion) -> list[Meeting]:
    """Meetings open to changes, after the handling report, of the organiser's congress, run by the scope."""
    from renda.meetings import permissions as meeting_permissions
    from renda.meetings.lifecycles import MEETING

    day = opinion.reported_on or opinion.sent_on or opinion.activity.start_date
    organiser = opinion.activity.organiser
    congress_id = organiser.congress_id or organiser.pk
    meetings = (
        Meeting.objects.filter(
            Q(body__congress_id=congress_id) | Q(body_id=congress_id), start_date__gte=day, state__in=MEETING.group("editable")
        )
        .select_related("body")
        .order_by("start_date")
    )
    return [m for m in meetings if meeting_permissions.can_manage_meeting(scope, m)]


# --- participations and findings (the big lists) ----------------------------------------------------------------


@dataclass
class ParticipationFilters:
    kind: str = ""
    campaign: str = ""
    deputies: bool = False  # only participations as a deputy
    held: bool = False
    activity: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def _held_activities() -> QuerySet[Activity]:
    return Activity.objects.filter(state__in=sorted(ACTIVITY.group("held"))).values("pk")  # type: ignore[return-value]


def _of_activities(qs: QuerySet[M], *, campaign: str, held: bool) -> QuerySet[M]:
    """Rows of activities (participations, findings) of a campaign (or none, or any) and of activities held."""
    qs = _campaign_filter(qs, campaign)
    if held:  # (a subquery: narrow() would run it to test its truth)
        qs = qs.filter(activity_id__in=_held_activities())
    return qs


def participation_list(*, scope: Scope, filters: ParticipationFilters | None = None) -> QuerySet[Participation]:
    if not permissions.can_list_activities(scope):
        raise NotPermitted()
    f = filters or ParticipationFilters()
    qs = narrow(
        _scoped(Participation, permissions.participation_q(scope)),
        kind=f.kind,
        deputy__isnull=False if f.deputies else None,
        activity_id=f.activity,
        date__gte=f.date_from,
        date__lte=f.date_to,
    )
    qs = _of_activities(qs, campaign=f.campaign, held=f.held)
    return qs.select_related("activity", "person", "deputy__congress", "region").order_by("-date", "-id")


@dataclass
class FindingFilters:
    kind: str = ""
    campaign: str = ""
    held: bool = False
    activity: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def finding_list(*, scope: Scope, filters: FindingFilters | None = None) -> QuerySet[Finding]:
    if not permissions.can_list_activities(scope):
        raise NotPermitted()
    f = filters or FindingFilters()
    qs = narrow(
        _scoped(Finding, permissions.finding_q(scope)),
        kind=f.kind,
        activity_id=f.activity,
        on__gte=f.date_from,
        on__lte=f.date_to,
    )
    qs = _of_activities(qs, campaign=f.campaign, held=f.held)
    return qs.select_related("activity", "author", "region", "suggestion").order_by("-on", "-id")


def finding_get(*, scope: Scope, pk: int) -> Finding:
    return get_in_scope(
        _visible(Finding, permissions.finding_q(scope)).select_related("activity__organiser", "suggestion"), pk=pk
    )


# --- opinions sent to units ---------------------------------------------------------------------------------------


def opinion_list(*, scope: Scope, state: str = "") -> QuerySet[SupervisionOpinion]:
    if not permissions.can_list_opinions(scope):
        raise NotPermitted()
    qs = narrow(_scoped(SupervisionOpinion, permissions.opinion_q(scope)), state=state)
    return qs.select_related("activity", "unit").order_by("-id")


def opinion_get(*, scope: Scope, pk: int) -> SupervisionOpinion:
    qs = _visible(SupervisionOpinion, permissions.opinion_q(scope)).select_related(
        "activity__organiser", "activity__region", "unit", "followup_item__meeting"
    )
    return get_in_scope(qs, pk=pk)


# --- inquiries -------------------------------------------------------------------------------------------------


@dataclass
class InquiryFilters:
    held: bool = False
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def inquiry_list(*, scope: Scope, filters: InquiryFilters | None = None) -> QuerySet[Inquiry]:
    if not permissions.can_list_inquiries(scope):
        raise NotPermitted()
    f = filters or InquiryFilters()
    held = sorted(INQUIRY.group("held")) if f.held else None
    qs = narrow(_scoped(Inquiry, permissions.inquiry_q(scope)), state__in=held, date__gte=f.date_from, date__lte=f.date_to)
    return qs.select_related("meeting", "region").annotate(n_questions=Count("questions")).order_by("-date", "-id")


def inquiry_get(*, scope: Scope, pk: int) -> Inquiry:
    qs = _visible(Inquiry, permissions.inquiry_q(scope)).select_related("meeting__body", "item", "poll")
    return get_in_scope(qs, pk=pk)


# --- evaluations ------------------------------------------------------------------------------------------------


def round_list(*, scope: Scope, year: int | None = None, state: str = "") -> QuerySet[EvaluationRound]:
    if not permissions.can_list_rounds(scope):
        raise NotPermitted()
    qs = narrow(_scoped(EvaluationRound, permissions.round_q(scope)), year=year, state=state)
    return qs.select_related("organiser", "region").annotate(n_units=Count("units")).order_by("-year", "region__path", "-id")


def round_get(*, scope: Scope, pk: int) -> EvaluationRound:
    return get_in_scope(_visible(EvaluationRound, permissions.round_q(scope)).select_related("organiser", "region"), pk=pk)


def round_units(*, scope: Scope, round_: EvaluationRound) -> list[EvaluatedUnit]:
    """The round's units this scope sees: all of them, or a unit clerk's own."""
    qs = (
        EvaluatedUnit.objects.filter(round=round_)
        .select_related("unit")
        .annotate(n_opinions=Count("opinions", distinct=True), n_problems=Count("problems", distinct=True))
    )
    if not permissions.sees_every_unit(scope, round_):
        qs = qs.filter(unit_id__in=scope.unit_ids)
    return list(qs.order_by("pk"))


def evaluated_get(*, scope: Scope, pk: int) -> EvaluatedUnit:
    """One unit of a round: 404 outside the scope, and for a unit clerk any unit but their own."""
    evaluated = get_in_scope(EvaluatedUnit.objects.select_related("round__organiser", "round__region", "unit"), pk=pk)
    round_get(scope=scope, pk=evaluated.round_id)
    if not permissions.sees_every_unit(scope, evaluated.round) and evaluated.unit_id not in scope.unit_ids:
        raise Http404
    return evaluated


def problem_get(*, scope: Scope, pk: int) -> ProblemItem:
    """A problem on a unit's list, for those who see the unit (`evaluated_get`): 404 otherwise."""
    problem = get_in_scope(
        ProblemItem.objects.select_related("evaluated__round__organiser", "evaluated__round__region", "evaluated__unit"), pk=pk
    )
    evaluated_get(scope=scope, pk=problem.evaluated_id)
    return problem


def evaluation_opinions(*, scope: Scope, evaluated: EvaluatedUnit) -> list[EvaluationOpinion]:
    """Deputies' opinions on a unit: staff see them all, a deputy their own; the unit sees only the problem list."""
    qs = EvaluationOpinion.objects.filter(evaluated=evaluated).select_related("deputy__person").order_by("pk")
    if permissions.is_staff(scope) or permissions.can_manage_round(scope, evaluated.round):
        return list(qs)
    if scope.person_id:
        return list(qs.filter(deputy__person_id=scope.person_id))
    return []


def problems(*, evaluated: EvaluatedUnit) -> list[ProblemItem]:
    return list(ProblemItem.objects.filter(evaluated=evaluated).prefetch_related("reports").order_by("pk"))


@dataclass
class ProblemFilters:
    state: str = ""
    overdue_on: datetime.date | None = None  # open and past the deadline on this day
    round: int | None = None


def problem_list(*, scope: Scope, filters: ProblemFilters | None = None) -> QuerySet[ProblemItem]:
    q = permissions.problem_q(scope)
    if q is None:
        raise NotPermitted()
    f = filters or ProblemFilters()
    open_states = sorted(PROBLEM.group("open")) if f.overdue_on else None
    qs = narrow(
        ProblemItem.objects.filter(q),
        state=f.state,
        state__in=open_states,
        deadline__lt=f.overdue_on,
        evaluated__round_id=f.round,
    )
    return qs.select_related("evaluated__unit", "evaluated__round", "region").order_by("deadline", "id")


def vote_meetings(*, scope: Scope, round_: EvaluationRound) -> list[Meeting]:
    """Meetings of the evaluating congress open to changes that the scope runs (for setting up a vote)."""
    from renda.meetings import permissions as meeting_permissions
    from renda.meetings.lifecycles import MEETING

    congress_id = round_.organiser.congress_id or round_.organiser_id
    meetings = (
        Meeting.objects.filter(Q(body__congress_id=congress_id) | Q(body_id=congress_id), state__in=MEETING.group("editable"))
        .select_related("body")
        .order_by("start_date")
    )
    return [m for m in meetings if meeting_permissions.can_manage_meeting(scope, m)]


# --- campaigns ----------------------------------------------------------------------------------------------------


def campaign_list(*, scope: Scope) -> QuerySet[Campaign]:
    if not permissions.can_list_campaigns(scope):
        raise NotPermitted()
    return _scoped(Campaign, permissions.campaign_q(scope)).select_related("organiser").order_by("-start_date", "-id")


def campaign_get(*, scope: Scope, pk: int) -> Campaign:
    return get_in_scope(_visible(Campaign, permissions.campaign_q(scope)).select_related("organiser", "region"), pk=pk)


def campaign_part_get(qs: QuerySet[M], *, scope: Scope, pk: int) -> tuple[M, Campaign]:
    """A row of a campaign (a target, a checklist entry, an indicator) and its campaign, for those who see the
    campaign: 404 otherwise."""
    row = get_in_scope(qs.select_related("campaign__organiser", "campaign__region"), pk=pk)
    return row, campaign_get(scope=scope, pk=getattr(row, "campaign_id"))  # noqa: B009 - any row of a campaign


def campaign_towns(*, campaign: Campaign, scope: Scope) -> list[Region]:
    """The towns and sub-districts of the campaign the scope sees (staff of a town: their own)."""
    towns = Region.objects.filter(
        path__startswith=campaign.region.path, kind__in=[Region.Kind.TOWN, Region.Kind.SUBDISTRICT]
    ).order_by("sort_order", "pk")
    if scope.everything or permissions.can_manage_campaign(scope, campaign):
        return list(towns)
    return [t for t in towns if t.pk in scope.region_ids or permissions.Role.COMMITTEE in scope.roles]


def checklist(*, campaign: Campaign) -> list[ChecklistEntry]:
    return list(
        ChecklistEntry.objects.filter(campaign=campaign)
        .select_related("region", "unit", "activity")
        .order_by("unit_id", "region__sort_order", "pk")
    )


# --- a deputy's and a unit's pages ------------------------------------------------------------------------------


def my_participations(*, scope: Scope, limit: int = 50) -> list[Participation]:
    if not permissions.can_use_mine(scope):
        raise NotPermitted()
    return list(
        Participation.objects.filter(person_id=scope.person_id or 0)
        .select_related("activity__organiser", "activity__campaign")
        .order_by("-date", "-id")[:limit]
    )


def my_rounds(*, scope: Scope) -> list[tuple[EvaluationRound, list[EvaluatedUnit], set[int]]]:
    """Rounds still collecting opinions in the congresses the deputy serves, with their units and the ids of the
    units the deputy has already written on."""
    if not permissions.can_use_mine(scope):
        raise NotPermitted()
    rounds = list(
        _scoped(EvaluationRound, permissions.round_q(scope))
        .filter(state__in=sorted(ROUND.group("opinions_open")))
        .select_related("organiser")
        .order_by("-year", "-id")
    )
    out = []
    for round_ in rounds:
        units = list(EvaluatedUnit.objects.filter(round=round_).select_related("unit").order_by("pk"))
        written = set(
            EvaluationOpinion.objects.filter(evaluated__round=round_, deputy__person_id=scope.person_id or 0).values_list(
                "evaluated_id", flat=True
            )
        )
        out.append((round_, units, written))
    return out


def unit_opinions(*, scope: Scope) -> QuerySet[SupervisionOpinion]:
    return (
        SupervisionOpinion.objects.filter(unit_id__in=scope.unit_ids)
        .exclude(state__in=sorted(OPINION.group("unsent")))
        .select_related("activity", "unit")
        .order_by("-id")
    )


def unit_evaluations(*, scope: Scope) -> list[EvaluatedUnit]:
    return list(
        EvaluatedUnit.objects.filter(unit_id__in=scope.unit_ids)
        .select_related("round", "unit")
        .annotate(
            n_open=Count("problems", filter=Q(problems__state__in=sorted(PROBLEM.group("open")))),
            n_problems=Count("problems"),
        )
        .order_by("-round__year", "-round_id")
    )


# --- public ------------------------------------------------------------------------------------------------------


def public_activities() -> QuerySet[Activity]:
    return Activity.objects.filter(is_published=True).select_related("organiser", "region").order_by("-start_date", "-id")


def public_activity_get(pk: int) -> Activity:
    return get_in_scope(public_activities(), pk=pk)


def public_rounds() -> QuerySet[EvaluationRound]:
    return (
        EvaluationRound.objects.filter(is_published=True)
        .select_related("organiser", "region")
        .order_by("-year", "region__path", "-id")
    )


def public_round_get(pk: int) -> EvaluationRound:
    return get_in_scope(public_rounds(), pk=pk)


def units_for(*, scope: Scope) -> QuerySet[Unit]:
    q = scope.unit_q()
    return Unit.objects.filter(q, is_active=True).order_by("region__path", "name") if q is not None else Unit.objects.none()
