"""A voter's opinion from a past ledger, with every step it went through, each at its real time and each through
the opinions app's own service, so that deadlines ("answer due" from the day it was routed, by the rules of its
category and region) and "answered on time" come out exactly as they would have been entered live:

    registered ─┬─ answered on the spot
                ├─ routed to a unit ─[returned by the unit ─ routed again]─ answered by the unit
                ├─ reported upward ─ its answer recorded
                └─ outside the remit (the reason is the answer)
    … then told to the voter, and the voter's word (solved or not).

The station's side acts in the importer's scope; the unit's own steps (its answer, its return) are recorded by
the platform for the unit (a system scope), after the importer's scope was checked on the opinion's station. No
SMS and no notice goes out for a step of the past."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renda.core.errors import DomainError, NotPermitted
from renda.opinions import permissions as opinion_permissions
from renda.opinions import services as opinion_services
from renda.opinions.models import Opinion
from renda.opinions.selectors import routable_units
from renda.org.models import Region, Unit
from renda.org.scoping import Scope
from renda.stations.models import Activity, Station

from ..formats import HANDLINGS, YES_NO, Row
from ..models import Entry, Kind
from .context import Context


def town_of(ctx: Context, row: Row) -> Region:
    return ctx.station(row.required("station")).town


def _village(station: Station, name: str) -> Region:
    if not name:
        return station.region
    found = list(Region.objects.filter(name=name, path__startswith=station.town.path)[:2])
    if len(found) != 1:
        raise DomainError(_("Unknown village or community in the station's area: %(name)s") % {"name": name})
    return found[0]


def _activity(station: Station, key: str) -> Activity | None:
    if not key:
        return None
    entry = Entry.objects.filter(kind=Kind.ACTIVITIES, region=station.town_id, key=key).first()
    activity = Activity.objects.filter(pk=entry.object_id).first() if entry else None
    if activity is None or activity.station_id != station.pk:
        raise DomainError(_("No activity numbered %(key)s of this station in the activities ledger.") % {"key": key})
    return activity


def _unit(opinion: Opinion, name: str) -> Unit:
    unit = routable_units(opinion=opinion).filter(name=name).first() if name else None
    if unit is None:
        raise DomainError(_("Unknown handling unit for this area: %(name)s") % {"name": name or "—"})
    return unit


def _for_the_unit(ctx: Context, opinion: Opinion) -> Scope:
    """The unit's own step, recorded by the platform for the unit once the importer may handle the opinion."""
    if not opinion_permissions.can_handle(ctx.scope, opinion):
        raise NotPermitted()
    return Scope.system(f"ledger import: the unit's step of opinion {opinion.pk}")


def apply_row(ctx: Context, row: Row) -> Opinion:
    station = ctx.station(row.required("station"))
    handling = row.choice("handling", HANDLINGS)
    row.required("registered_at")
    registered = row.moment("registered_at")
    opinion = opinion_services.opinion_register(
        actor=ctx.actor,
        scope=ctx.scope,
        station=station,
        region=_village(station, row.text("village")),
        category=row.required("category"),
        text=row.required("text"),
        contact_name=row.text("contact_name"),
        phone=row.text("phone"),
        activity=_activity(station, row.text("activity")),
        at=registered,
    )
    if opinion.steps.count() != 1:
        raise DomainError(_("This opinion is already on the platform (the same phone, words and minute)."))
    a, s = ctx.actor, ctx.scope
    answer = row.text("answer")
    answered = row.moment("answered_at")
    if (answered is None) != (not answer) and handling:
        raise DomainError(_("Give both the answer and its time, or neither."))
    if handling == "answer_on_spot":
        if answered is None:
            raise DomainError(_("An opinion answered on the spot needs its answer and time."))
        opinion = opinion_services.opinion_answer_on_spot(actor=a, scope=s, opinion=opinion, answer=answer, at=answered)
    elif handling == "route":
        row.required("unit")
        row.required("routed_at")
        opinion = opinion_services.opinion_route(
            actor=a, scope=s, opinion=opinion, unit=_unit(opinion, row.text("unit")), at=row.moment("routed_at")
        )
        returned = row.moment("returned_at")
        if returned is not None:
            reason = row.required("return_reason")
            opinion = opinion_services.opinion_unit_return(
                actor=a, scope=_for_the_unit(ctx, opinion), opinion=opinion, reason=reason, at=returned
            )
            if row.text("rerouted_unit") or row.text("rerouted_at"):
                row.required("rerouted_at")
                unit = _unit(opinion, row.required("rerouted_unit"))
                opinion = opinion_services.opinion_route(
                    actor=a, scope=s, opinion=opinion, unit=unit, at=row.moment("rerouted_at")
                )
            elif answered is not None:
                raise DomainError(_("A returned opinion is answered only after it is routed again."))
        if answered is not None:
            opinion = opinion_services.opinion_unit_answer(
                actor=a, scope=_for_the_unit(ctx, opinion), opinion=opinion, answer=answer, at=answered
            )
    elif handling == "report":
        row.required("routed_at")
        note = _("Reported upward (from the ledger).")
        opinion = opinion_services.opinion_report(actor=a, scope=s, opinion=opinion, note=note, at=row.moment("routed_at"))
        if answered is not None:
            opinion = opinion_services.opinion_record_answer(actor=a, scope=s, opinion=opinion, answer=answer, at=answered)
    elif handling == "out_of_remit":
        if answered is None:
            raise DomainError(_("An opinion outside the remit needs the reason (the answer column) and its time."))
        opinion = opinion_services.opinion_out_of_remit(actor=a, scope=s, opinion=opinion, reason=answer, at=answered)
    elif answered is not None or row.text("routed_at"):
        raise DomainError(_("Choose how the opinion was handled."))
    return _voter(ctx, row, opinion)


def _voter(ctx: Context, row: Row, opinion: Opinion) -> Opinion:
    """Told to the voter, and the voter's word: solved or not."""
    told = row.moment("told_at")
    if told is not None:
        opinion = opinion_services.opinion_tell(
            actor=ctx.actor, scope=ctx.scope, opinion=opinion, note=_("Told (from the ledger)."), at=told
        )
    if row.text("solved"):
        solved = row.choice("solved", YES_NO)
        row.required("feedback_at")
        opinion = opinion_services.opinion_feedback(
            opinion=opinion, solved=solved, note=row.text("feedback"), at=row.moment("feedback_at")
        )
    elif row.text("feedback_at"):
        raise DomainError(_("Say whether the voter found it solved (是 or 否)."))
    return opinion
