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

from django.utils.translation import gettext as _

from renda.core.actors import SystemActor, system
from renda.core.errors import DomainError, NotPermitted
from renda.org.models import Body, Deputy, Region, Role, Unit
from renda.org.scoping import Scope
from renda.suggestions import permissions as suggestion_permissions
from renda.suggestions import rules as srules
from renda.suggestions import services as suggestion_services
from renda.suggestions.models import Assignment, Suggestion

from ..formats import PERIODS, RATINGS, Row
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


def _deputy(congress: Body, name: str) -> Deputy:
    """The mandate of that name in the congress (the serving one when the person held several)."""
    found = list(Deputy.objects.filter(congress=congress, person__name=name).select_related("person").order_by("pk")[:5])
    if not found:
        raise DomainError(_("No deputy of %(congress)s is named %(name)s.") % {"congress": congress.name, "name": name})
    if len({d.person_id for d in found}) > 1:
        raise DomainError(_("More than one deputy is named %(name)s here.") % {"name": name})
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
    author = _deputy(congress, row.required("author"))
    cosigners = [_deputy(congress, n) for n in dict.fromkeys(n for n in NAME_SEPARATORS.split(row.text("cosigners")) if n)]
    submitted = _moment(row, "submitted_at", required=True)
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
    return _review(ctx, row, congress, suggestion)


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
    part = Assignment.objects.filter(suggestion=suggestion, role=Assignment.Role.LEAD, unit=suggestion.lead_unit).last()
    assert part is not None  # just assigned
    u_actor, u_scope = _for_unit(ctx, suggestion)
    signed = row.moment("unit_accepted_at")
    if signed is not None:
        part = suggestion_services.assignment_accept(actor=u_actor, scope=u_scope, assignment=part, at=signed)
    answered = row.moment("answered_at")
    if answered is None:
        if row.text("feedback_at") or row.text("answer"):
            raise DomainError(_("%(column)s: required") % {"column": "答复时间"})
        return suggestion
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
        text=row.required("answer"),
        reason=row.text("outcome_reason"),
        follow_up_on=row.date("follow_up_on"),
        at=answered,
    )
    suggestion.refresh_from_db()
    return _feedback(ctx, row, suggestion)


def _feedback(ctx: Context, row: Row, suggestion: Suggestion) -> Suggestion:
    if not row.text("process_rating"):
        if row.text("feedback_at") or row.text("result_rating"):
            raise DomainError(_("%(column)s: required") % {"column": "办理过程满意度"})
        return suggestion
    process = row.choice("process_rating", RATINGS)
    result = row.choice("result_rating", RATINGS) if row.text("result_rating") else process
    given = _moment(row, "feedback_at", required=True)
    author = Deputy.objects.select_related("person").get(pk=suggestion.author_id)
    actor, scope = _for_deputy(ctx, author)
    suggestion_services.feedback_give(
        actor=actor, scope=scope, suggestion=suggestion, process=process, result=result, comment=row.text("feedback"), at=given
    )
    suggestion.refresh_from_db()
    return suggestion
