"""A deputy's suggestion from a past ledger, with every step of its handling, each at its real time and each through
the suggestions app's own service, so that its number (the year it was submitted), the unit's deadline (from the
day it was assigned, by the rules of its congress's region) and "answered on time" come out as if entered live:

    submitted by the lead deputy ─[co-signed]─ reviewed: not accepted (closed)
                                              └ accepted ─ assigned to a lead unit (and co-units) ─ signed for by the
                                                lead unit ─ answered (outcome, text, the Word letter) ─ the deputy's
                                                satisfaction with the process and the result

The importer must be one who reviews the congress's suggestions (the office, or the town's staff for a town
congress). The deputy's own steps (the suggestion made, each co-signature, the satisfaction given) and the unit's
(its signing for it, its answer) are recorded by the platform on their behalf, once the importer's scope was
checked: the audit trail names the file and says whose step it was. No notice and no SMS goes out for them."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import SystemActor, system
from renda.core.clock import event_time
from renda.core.errors import DomainError, NotPermitted
from renda.org.models import Body, Deputy, Region, Role, Unit
from renda.org.scoping import Scope
from renda.suggestions import permissions as suggestion_permissions
from renda.suggestions import rules as srules
from renda.suggestions import services as suggestion_services
from renda.suggestions.lifecycles import ASSIGNMENT
from renda.suggestions.models import Assignment, Suggestion

from ..formats import PERIODS, RATINGS, STEP_SHEET, STEPS, Row, on_sheet
from ..models import Entry, Kind
from .activities import NAME_SEPARATORS
from .context import Context


def _congress(ctx: Context, name: str) -> Body:
    """The congress of that name whose suggestions the importer reviews."""
    found = list(Body.objects.filter(name=name, kind=Body.Kind.CONGRESS).select_related("region")[:2])
    if len(found) != 1:
        raise DomainError(_("Unknown congress: %(name)s") % {"name": name})
    congress = found[0]
    if not suggestion_permissions.can_review(ctx.scope, Suggestion(region_id=congress.region_id)):
        raise NotPermitted(_("You may not record this congress's suggestions."))
    return congress


def town_of(ctx: Context, row: Row) -> Region:
    return _congress(ctx, row.required("congress")).region


def _deputy(congress: Body, name: str, day: datetime.date | None) -> Deputy:
    """The mandate of that name in the congress in force on `day` (the person may have held several, and may have
    left since): the suggestions service then refuses one that was not in force that day, with the reason."""
    found = list(
        Deputy.objects.filter(congress=congress, person__name=name)
        .select_related("person", "term", "congress")
        .order_by("pk")[:5]
    )
    if not found:
        raise DomainError(_("No deputy of %(congress)s is named %(name)s.") % {"congress": congress.name, "name": name})
    if len({d.person_id for d in found}) > 1:
        raise DomainError(_("More than one deputy is named %(name)s here.") % {"name": name})
    if day is not None:
        in_force = [d for d in found if suggestion_services.serving_on(d, day)]
        in_term = [d for d in found if d.term.start_date <= day and (d.term.end_date is None or day <= d.term.end_date)]
        return (in_force or in_term or found)[0]
    return next((d for d in found if d.status == Deputy.Status.SERVING), found[0])


def _unit(congress: Body, name: str) -> Unit:
    units = list(Unit.objects.filter(name=name, is_active=True).select_related("region")[:5])
    inside = [
        u for u in units if u.region.path.startswith(congress.region.path) or congress.region.path.startswith(u.region.path)
    ]
    if len(inside) != 1:
        raise DomainError(_("Unknown handling unit for this area: %(name)s") % {"name": name})
    return inside[0]


def _for_deputy(ctx: Context, deputy: Deputy) -> tuple[SystemActor, Scope]:
    """A deputy's own step of the past, recorded by the platform on their behalf (the importer's scope was checked):
    a scope of that deputy alone, and an actor whose reason names the file and the deputy."""
    actor = system(f"{ctx.actor.reason}; the deputy {deputy.person.name}'s own step", on_behalf_of=ctx.user)
    return actor, Scope(user_id=None, roles=frozenset({Role.DEPUTY}), person_id=deputy.person_id, system_reason=actor.reason)


def _for_unit(ctx: Context, suggestion: Suggestion) -> tuple[SystemActor, Scope]:
    actor = system(f"{ctx.actor.reason}; the unit's own step", on_behalf_of=ctx.user)
    return actor, Scope.system(f"ledger import: the unit's step of suggestion {suggestion.pk}")


def _moment(row: Row, field: str, *, required: bool = False) -> datetime.datetime | None:
    if required:
        row.required(field)
    return row.moment(field)


def apply_row(ctx: Context, row: Row) -> Suggestion:
    congress = _congress(ctx, row.required("congress"))
    period = row.choice("period", PERIODS)
    submitted = _moment(row, "submitted_at", required=True)
    made_on = timezone.localdate(submitted) if submitted is not None else None
    author = _deputy(congress, row.required("author"), made_on)
    cosigners = [
        _deputy(congress, n, made_on) for n in dict.fromkeys(n for n in NAME_SEPARATORS.split(row.text("cosigners")) if n)
    ]
    cosigned = _moment(row, "cosigned_at", required=bool(cosigners))
    actor, scope = _for_deputy(ctx, author)
    suggestion = suggestion_services.suggestion_create(
        actor=actor,
        scope=scope,
        author=author,
        title=row.required("title"),
        text=row.required("text"),
        category=row.required("category"),
        period=period,
        cosigners=cosigners,
        submit=True,
        at=submitted,
    )
    for deputy in cosigners:
        if deputy.person_id == author.person_id:
            continue
        if cosigned is not None and submitted is not None and cosigned < submitted:
            raise DomainError(_("%(column)s is before the suggestion was made.") % {"column": "附议时间"})
        c_actor, c_scope = _for_deputy(ctx, deputy)
        suggestion_services.cosign_respond(actor=c_actor, scope=c_scope, suggestion=suggestion, confirm=True, at=cosigned)
    suggestion.refresh_from_db()
    suggestion = _review(ctx, row, congress, suggestion)
    steps = ctx.children.get("steps", {}).get(row.text("key"), [])  # the 办理过程 sheet's rows naming this one
    if steps:
        suggestion = _rounds(ctx, row, steps, congress, suggestion)
    ctx.created[(Kind.SUGGESTIONS, row.text("key"))] = suggestion.pk
    return suggestion


def _review(ctx: Context, row: Row, congress: Body, suggestion: Suggestion) -> Suggestion:
    a, s = ctx.actor, ctx.scope
    reviewed = row.moment("reviewed_at")
    if row.text("refuse_reason"):
        later = [c for c in ("assigned_at", "answered_at", "feedback_at") if row.text(c)]
        if later:
            raise DomainError(_("A suggestion not accepted has no later steps."))
        return suggestion_services.suggestion_refuse(
            actor=a,
            scope=s,
            suggestion=suggestion,
            reason=row.text("refuse_reason"),
            at=_moment(row, "reviewed_at", required=True),
        )
    if reviewed is not None:
        suggestion = suggestion_services.suggestion_accept(actor=a, scope=s, suggestion=suggestion, at=reviewed)
    assigned = row.moment("assigned_at")
    if assigned is None:
        if any(row.text(c) for c in ("lead_unit", "answered_at", "feedback_at")):
            raise DomainError(_("%(column)s: required") % {"column": "交办时间"})
        return suggestion
    lead = _unit(congress, row.required("lead_unit"))
    co = [_unit(congress, n) for n in dict.fromkeys(n for n in NAME_SEPARATORS.split(row.text("co_units")) if n)]
    suggestion = suggestion_services.suggestion_assign(
        actor=a, scope=s, suggestion=suggestion, lead=lead, co_units=co, at=assigned
    )
    return _handle(ctx, row, suggestion)


def _handle(ctx: Context, row: Row, suggestion: Suggestion) -> Suggestion:
    part = _part(suggestion)
    u_actor, u_scope = _for_unit(ctx, suggestion)
    signed = row.moment("unit_accepted_at")
    if signed is not None:
        part = suggestion_services.assignment_accept(actor=u_actor, scope=u_scope, assignment=part, at=signed)
    answered = row.moment("answered_at")
    if answered is None:
        if row.text("feedback_at") or row.text("answer"):
            raise DomainError(_("%(column)s: required") % {"column": "答复时间"})
        return suggestion
    _answer(ctx, row, suggestion, part, answered, text_field="answer")
    suggestion.refresh_from_db()
    return _feedback(ctx, row, suggestion)


def _part(suggestion: Suggestion, unit: Unit | None = None) -> Assignment:
    """The live part of `unit` (default: the lead unit's) in the suggestion's handling now."""
    parts = Assignment.objects.filter(suggestion=suggestion, status__in=ASSIGNMENT.group("live")).select_related("unit")
    part = (parts.filter(unit=unit) if unit is not None else parts.filter(role=Assignment.Role.LEAD)).order_by("-pk").first()
    if part is None:
        raise DomainError(
            _("%(unit)s is not handling this suggestion at that time.") % {"unit": unit.name if unit else "主办单位"}
        )
    return part


def _answer(
    ctx: Context, row: Row, suggestion: Suggestion, part: Assignment, answered: datetime.datetime, *, text_field: str
) -> None:
    """The lead unit's answer (a re-handled one after the deputy's 不满意), through the live service."""
    u_actor, u_scope = _for_unit(ctx, suggestion)
    outcome = row.required("outcome")[:1].upper()
    if outcome not in srules.outcome_table(suggestion.region):
        raise DomainError(
            _("%(column)s: choose one of %(choices)s")
            % {"column": "答复类别", "choices": "、".join(srules.outcome_table(suggestion.region))}
        )
    suggestion_services.answer_submit(
        actor=u_actor,
        scope=u_scope,
        assignment=part,
        outcome=outcome,
        text=row.required(text_field),
        reason=row.text("outcome_reason"),
        follow_up_on=row.date("follow_up_on"),
        at=answered,
    )


def _feedback(ctx: Context, row: Row, suggestion: Suggestion) -> Suggestion:
    if not row.text("process_rating"):
        if row.text("feedback_at") or row.text("result_rating"):
            raise DomainError(_("%(column)s: required") % {"column": "办理过程满意度"})
        return suggestion
    return _rate(ctx, row, suggestion, _moment(row, "feedback_at", required=True), comment_field="feedback")


def _rate(ctx: Context, row: Row, suggestion: Suggestion, given: datetime.datetime | None, *, comment_field: str) -> Suggestion:
    """The deputy's satisfaction with an answer, recorded on their behalf (不满意 sends it back for re-handling)."""
    process = row.choice("process_rating", RATINGS)
    result = row.choice("result_rating", RATINGS) if row.text("result_rating") else process
    author = Deputy.objects.select_related("person").get(pk=suggestion.author_id)
    actor, scope = _for_deputy(ctx, author)
    suggestion_services.feedback_give(
        actor=actor, scope=scope, suggestion=suggestion, process=process, result=result, comment=row.text(comment_field),
        at=given,
    )  # fmt: skip
    suggestion.refresh_from_db()
    return suggestion


# ── Every later round of handling: the second sheet (办理过程), one row per step in the order they happened ──


def _last_moment(row: Row) -> datetime.datetime | None:
    """The latest time on the first sheet's row: the second sheet's first step may not come before it."""
    fields = ("submitted_at", "cosigned_at", "reviewed_at", "assigned_at", "unit_accepted_at", "answered_at", "feedback_at")
    moments = [m for m in (row.moment(f) for f in fields) if m is not None]
    return max(moments, default=None)


def _rounds(ctx: Context, row: Row, steps: list[Row], congress: Body, suggestion: Suggestion) -> Suggestion:
    """Apply the suggestion's later steps in their order; a bad step is refused naming its sheet and row."""
    last = _last_moment(row)
    for step in steps:
        try:
            at = _step_time(step, last)
            suggestion.refresh_from_db()
            suggestion = _step(ctx, step, congress, suggestion, at)
        except (DomainError, NotPermitted) as exc:
            reason = "；".join(exc.messages) if isinstance(exc, DomainError) else str(exc) or _("Not permitted.")
            raise DomainError(on_sheet(STEP_SHEET, step.number, reason)) from exc
        last = at
    suggestion.refresh_from_db()
    return suggestion


def _step_time(step: Row, last: datetime.datetime | None) -> datetime.datetime:
    step.required("at")
    at = step.moment("at")
    assert at is not None  # required
    event_time(at)  # refused in the future
    if last is not None and at < last:
        raise DomainError(
            _("The time %(at)s is before the previous step (%(after)s).")
            % {"at": step.text("at"), "after": timezone.localtime(last).strftime("%Y-%m-%d %H:%M")}
        )
    return at


def _units(congress: Body, step: Row) -> tuple[Unit, list[Unit]]:
    lead = _unit(congress, step.required("unit"))
    return lead, [_unit(congress, n) for n in dict.fromkeys(n for n in NAME_SEPARATORS.split(step.text("co_units")) if n)]


def _step(ctx: Context, step: Row, congress: Body, suggestion: Suggestion, at: datetime.datetime) -> Suggestion:
    kind = step.choice("step", STEPS)
    a, s = ctx.actor, ctx.scope
    u_actor, u_scope = _for_unit(ctx, suggestion)
    unit = _unit(congress, step.text("unit")) if step.text("unit") and kind in ("accept", "return", "answer") else None
    if kind == "accept":
        suggestion_services.assignment_accept(actor=u_actor, scope=u_scope, assignment=_part(suggestion, unit), at=at)
    elif kind == "return":
        part = _part(suggestion, unit)
        reason = step.required("text")
        suggestion_services.assignment_return(actor=u_actor, scope=u_scope, assignment=part, reason=reason, at=at)
    elif kind == "assign":
        lead, co = _units(congress, step)
        suggestion = suggestion_services.suggestion_assign(actor=a, scope=s, suggestion=suggestion, lead=lead, co_units=co, at=at)
    elif kind == "reassign":
        lead, co = _units(congress, step)
        suggestion = suggestion_services.suggestion_reassign(
            actor=a, scope=s, suggestion=suggestion, lead=lead, co_units=co, reason=step.required("text"), at=at
        )
    elif kind == "extend":
        suggestion = suggestion_services.suggestion_extend(
            actor=a, scope=s, suggestion=suggestion, consent=step.required("text"), at=at
        )
    elif kind == "answer":
        _answer(ctx, step, suggestion, _part(suggestion, unit), at, text_field="text")
    elif kind == "feedback":
        suggestion = _rate(ctx, step, suggestion, at, comment_field="text")
    elif kind == "merge":
        target = _target(ctx, congress, step.required("target"))
        suggestion = suggestion_services.suggestion_merge(actor=a, scope=s, suggestion=suggestion, target=target, at=at)
    else:  # not accepted as a suggestion (refused, or converted to a letter): the reason says which
        reason = step.required("text")
        if kind == "letter":
            reason = f"{step.text('step')}：{reason}"
        suggestion = suggestion_services.suggestion_refuse(actor=a, scope=s, suggestion=suggestion, reason=reason, at=at)
    return suggestion


def _target(ctx: Context, congress: Body, key: str) -> Suggestion:
    """The suggestion a merge goes into, by its ledger number: made earlier in this file or by an earlier import."""
    pk = ctx.created.get((Kind.SUGGESTIONS, key))
    if pk is None:
        entry = Entry.objects.filter(kind=Kind.SUGGESTIONS, region=congress.region_id, key=key).first()
        pk = entry.object_id if entry is not None else None
    if pk is None:
        raise DomainError(_("Ledger number %(key)s: no such suggestion in this or an earlier import.") % {"key": key})
    return Suggestion.objects.get(pk=pk)
