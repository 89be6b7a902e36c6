"""Reads of the decisions app, scoped first: each list is cut to what the scope may see (`permissions.*_q`), and
each `*_get` answers 404 outside it."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from renda.core.errors import DomainError, NotPermitted
from renda.core.selectors import get_in_scope, narrow
from renda.meetings.lifecycles import MEETING
from renda.meetings.models import Meeting
from renda.meetings.permissions import meeting_q
from renda.org.models import Body, Deputy, Person, Role, Unit
from renda.org.scoping import Scope

from . import permissions
from .models import AppointmentList, Bill, Election, Matter, Nomination, OfficeHolder

M = TypeVar("M", bound=Model)


def _cut(qs: QuerySet[M], q: Q | None) -> QuerySet[M]:
    if q is None:
        raise NotPermitted()
    return qs.filter(q)


# --- elections -----------------------------------------------------------------------------------------


def election_list(*, scope: Scope, year: int | None = None, state: str = "") -> QuerySet[Election]:
    qs = _cut(Election.objects.all(), permissions.election_q(scope))
    return narrow(qs, meeting__start_date__year=year, state=state).select_related("meeting", "meeting__body")


def election_get(*, scope: Scope, pk: int) -> Election:
    qs = _cut(Election.objects.all(), permissions.election_q(scope))
    return get_in_scope(qs.select_related("meeting", "meeting__body", "meeting__region", "item", "body", "region"), pk=pk)


def sessions_for_elections(*, scope: Scope) -> QuerySet[Meeting]:
    """Congress sessions (not their preparatory meetings) the scope may run elections at, still editable."""
    q = meeting_q(scope)
    if q is None:
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(q, body__kind=Body.Kind.CONGRESS, preparatory_for__isnull=True)
        .filter(state__in=MEETING.group("editable"))
        .select_related("body")
        .order_by("-start_date")
    )


# --- appointments ------------------------------------------------------------------------------------


def appointment_list_list(*, scope: Scope, year: int | None = None, state: str = "") -> QuerySet[AppointmentList]:
    qs = _cut(AppointmentList.objects.all(), permissions.appointment_q(scope))
    return narrow(qs, submitted_on__year=year, state=state).select_related("body", "meeting")


def appointment_list_get(*, scope: Scope, pk: int) -> AppointmentList:
    qs = _cut(AppointmentList.objects.all(), permissions.appointment_q(scope))
    return get_in_scope(qs.select_related("body", "body__region", "meeting", "unit", "poll"), pk=pk)


def nomination_get(*, scope: Scope, pk: int) -> Nomination:
    lists = _cut(AppointmentList.objects.all(), permissions.appointment_q(scope))
    return get_in_scope(Nomination.objects.filter(list__in=lists).select_related("list__body", "list__meeting"), pk=pk)


def standing_committee_for(*, scope: Scope) -> Body:
    """The standing committee whose appointments this office registers (the district's, for the district office)."""
    committees = Body.objects.filter(kind=Body.Kind.STANDING_COMMITTEE)
    if not scope.everything:
        committees = committees.filter(region_id__in=scope.region_ids)
    body = committees.order_by("region__depth", "pk").first()
    if body is None:
        raise NotPermitted()
    return body


def committee_meetings(*, scope: Scope, body: Body) -> QuerySet[Meeting]:
    q = meeting_q(scope)
    if q is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(q, body=body).filter(state__in=MEETING.group("editable")).order_by("-start_date")


def holder_list(*, scope: Scope, current: bool = False) -> QuerySet[OfficeHolder]:
    qs = _cut(OfficeHolder.objects.all(), permissions.holder_q(scope))
    return narrow(qs, end_date__isnull=current).select_related("body", "unit")


# --- bills and matters ---------------------------------------------------------------------------------


def bill_list(*, scope: Scope, state: str = "") -> QuerySet[Bill]:
    qs = _cut(Bill.objects.all(), permissions.bill_q(scope))
    return narrow(qs, state=state).select_related("congress", "lead__person", "meeting")


def bill_get(*, scope: Scope, pk: int) -> Bill:
    qs = _cut(Bill.objects.all(), permissions.bill_q(scope))
    return get_in_scope(qs.select_related("congress", "congress__region", "lead__person", "meeting", "term", "poll"), pk=pk)


def matter_list(*, scope: Scope, state: str = "", year: int | None = None) -> QuerySet[Matter]:
    qs = _cut(Matter.objects.all(), permissions.matter_q(scope))
    return narrow(qs, state=state, year=year).select_related("body", "requested_by", "meeting")


def matter_get(*, scope: Scope, pk: int) -> Matter:
    qs = _cut(Matter.objects.all(), permissions.matter_q(scope))
    return get_in_scope(qs.select_related("body", "body__region", "requested_by", "meeting", "poll"), pk=pk)


def congresses_for_bills(*, scope: Scope) -> QuerySet[Body]:
    """Congresses the caller may put a bill to: a deputy's own (serving), the congresses staff run."""
    congresses = Body.objects.filter(kind=Body.Kind.CONGRESS)
    if scope.everything:
        return congresses.order_by("level", "pk")
    own = Deputy.objects.filter(person_id=scope.person_id or 0, status=Deputy.Status.SERVING).values("congress_id")
    return congresses.filter(Q(pk__in=own) | Q(region_id__in=scope.region_ids)).order_by("level", "pk")


def own_mandate(*, scope: Scope, congress: Body) -> Deputy | None:
    if scope.person_id is None:
        return None
    return Deputy.objects.filter(person_id=scope.person_id, congress=congress, status=Deputy.Status.SERVING).first()


def deputies_named(*, congress: Body, names: list[str]) -> list[Deputy]:
    found = {
        d.person.name: d
        for d in Deputy.objects.filter(congress=congress, status=Deputy.Status.SERVING, person__name__in=names).select_related(
            "person"
        )
    }
    missing = [n for n in names if n not in found]
    if missing:
        raise DomainError(_("No serving deputy of this congress is called %(names)s.") % {"names": "、".join(missing)})
    return [found[n] for n in names]


def sessions_of(*, scope: Scope, body: Body) -> QuerySet[Meeting]:
    return committee_meetings(scope=scope, body=body).filter(preparatory_for__isnull=True)


def deciding_body_for(*, scope: Scope) -> Body:
    """The body whose register a staff member keeps: the district standing committee for the office, the town
    congress for town staff (its presidium places matters on the session's agenda)."""
    if scope.everything or scope.has(Role.OFFICE):
        return standing_committee_for(scope=scope)
    body = Body.objects.filter(kind=Body.Kind.CONGRESS, region_id__in=scope.region_ids).order_by("pk").first()
    if body is None:
        raise NotPermitted()
    return body


def units_for(*, scope: Scope) -> QuerySet[Unit]:
    if scope.everything:
        return Unit.objects.order_by("region_id", "name")
    return Unit.objects.filter(region_id__in=scope.region_ids | scope.context_region_ids).order_by("region_id", "name")


# --- people picked as candidates and nominees ------------------------------------------------------------------


def people_for(*, region_path: str, q: str = "") -> QuerySet[Person]:
    """The people of a region and the regions under it whom a candidate or nominee may be: its congresses' deputies
    and the members of its bodies; `q` narrows them by name (or pinyin initials)."""
    qs = Person.objects.filter(
        Q(mandates__congress__region__path__startswith=region_path) | Q(memberships__body__region__path__startswith=region_path)
    )
    if q.strip():
        qs = qs.filter(Q(name__contains=q.strip()) | Q(name_initials__startswith=q.strip().lower()))
    return Person.objects.filter(pk__in=qs.values("pk")).order_by("name_pinyin", "pk")


def person_named(*, region_path: str, name: str) -> Person | None:
    """The one person of the region with exactly this name (a name two people share picks no one: choose by id)."""
    found = list(people_for(region_path=region_path).filter(name=" ".join(name.split()))[:2])
    return found[0] if len(found) == 1 else None
