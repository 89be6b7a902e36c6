"""A station activity from a past ledger: created through the stations app's services as the liaison officer
would have entered it on the day — the activity with its time of day, each deputy's sign-in at the activity's
start, its record (voters received, what was discussed) — each step at its real time. The duty roster (进站定人)
is set before the sign-ins, as it was planned before the day."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from renda.core.clock import event_time
from renda.core.errors import DomainError
from renda.org.models import Body, Deputy, Region
from renda.stations import services as station_services
from renda.stations.models import Activity, Station

from ..formats import ACTIVITY_KINDS, Row, at
from .context import Context

NAME_SEPARATORS = re.compile(r"[、，,；;\s]+")


def town_of(ctx: Context, row: Row) -> Region:
    return ctx.station(row.required("station")).town


def _deputy(station: Station, name: str) -> Deputy:
    """The deputy of that name attached to the station, else elected in its town or sub-district."""
    attached = Deputy.objects.filter(person__name=name, stations=station)
    found = list(attached.order_by("pk")[:2]) or list(
        Deputy.objects.filter(Q(person__name=name), Q(region__path__startswith=station.town.path)).order_by("pk")[:2]
    )
    if not found:
        raise DomainError(_("No deputy named %(name)s at this station or in its town.") % {"name": name})
    if len({d.person_id for d in found}) > 1:
        raise DomainError(_("More than one deputy is named %(name)s here.") % {"name": name})
    return found[0]


def _deputies(station: Station, names: str) -> list[Deputy]:
    return [_deputy(station, name) for name in dict.fromkeys(n for n in NAME_SEPARATORS.split(names) if n)]


def _committee(station: Station, name: str) -> Body:
    """A special or working committee of that name, of a congress whose area holds the station."""
    kinds = [Body.Kind.SPECIAL_COMMITTEE, Body.Kind.WORKING_COMMITTEE]
    body = next((b for b in Body.objects.filter(name=name, kind__in=kinds) if station.town.path.startswith(b.region.path)), None)
    if body is None:
        raise DomainError(_("Unknown committee: %(name)s") % {"name": name})
    return body


def apply_row(ctx: Context, row: Row) -> Activity:
    station = ctx.station(row.required("station"))
    kind = row.choice("kind", ACTIVITY_KINDS)
    topic = row.required("topic")
    row.required("date")
    row.required("start_time")
    day, start = row.date("date"), row.time("start_time")
    assert day is not None and start is not None
    end = row.time("end_time")
    if end is not None and end <= start:
        raise DomainError(_("The activity must end after it starts."))
    began = event_time(at(day, start))
    ended = event_time(at(day, end)) if end else began
    committee = _committee(station, row.required("committee")) if kind == Activity.Kind.COMMITTEE else None
    voters = row.count("voters_received")
    deputies = _deputies(station, row.text("deputies"))
    roster = _deputies(station, row.text("roster"))
    activity = station_services.activity_create(
        actor=ctx.actor,
        scope=ctx.scope,
        station=station,
        kind=kind,
        topic=topic,
        date=day,
        committee=committee,
        start_time=start,
        end_time=end,
    )
    if activity.signins.exists() or activity.status != Activity.Status.PLANNED:
        raise DomainError(_("The station already has this activity on that day (entered on the platform)."))
    for deputy in roster:
        station_services.roster_add(actor=ctx.actor, scope=ctx.scope, activity=activity, deputy=deputy)
    for deputy in deputies:
        station_services.activity_check_in(actor=ctx.actor, scope=ctx.scope, activity=activity, deputy=deputy, at=began)
    return station_services.activity_record(
        actor=ctx.actor,
        scope=ctx.scope,
        activity=activity,
        voters_received=voters,
        voter_names=row.text("voter_names"),
        discussion=row.text("discussion"),
        at=ended,
    )
