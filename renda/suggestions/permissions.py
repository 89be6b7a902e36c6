"""Every rule of the suggestions app, by (action, subject). Views, templates (through context) and the API ask here."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.core.lifecycle import Label
from renda.opinions import permissions as opinion_permissions
from renda.org.models import Deputy, Role
from renda.org.scoping import Scope
from renda.stations.models import Station

from .models import Assignment

REVIEW_ROLES = frozenset({Role.OFFICE, Role.TOWN})
READ_ROLES = frozenset({Role.OFFICE, Role.TOWN, Role.LEADER})


def can_submit(scope: Scope) -> bool:
    return Role.DEPUTY in scope.roles and scope.person_id is not None


def can_list(scope: Scope) -> bool:
    """The suggestion list: staff who read suggestions, deputies (their own and co-signed, plus public ones)."""
    return scope.everything or bool(scope.roles & (READ_ROLES | {Role.COMMITTEE, Role.DEPUTY}))


def can_raise_opinions(scope: Scope) -> bool:
    """The page of voters' opinions a deputy may take up: any deputy who may submit suggestions."""
    return can_submit(scope)


def raisable_opinion_q(scope: Scope) -> Q:
    """Q over the opinions at the stations the deputy is attached to (四定: the fixed deputies who receive voters
    there) through any of their serving mandates."""
    if scope.person_id is None:
        return Q(pk__in=[])
    stations = Station.objects.filter(deputies__person_id=scope.person_id, deputies__status=Deputy.Status.SERVING)
    return Q(station_id__in=stations.values("pk"))


def can_raise_opinion(scope: Scope, opinion) -> bool:
    """A deputy raises a voter's opinion as a suggestion when one of their serving mandates is attached to the
    opinion's station. The opinions app shows deputies no opinions at all (its `opinion_q` grants them none), so
    "visible to them" cannot be the rule; the station attachment is what makes the opinion theirs to take up.
    Whether the opinion is still open to it (registered, not handled otherwise) is the opinions workflow's rule."""
    if not can_submit(scope):
        return False
    return opinion.station.deputies.filter(person_id=scope.person_id, status=Deputy.Status.SERVING).exists()


def can_see_source_opinion(scope: Scope, suggestion, opinion) -> bool:
    """The voter's opinion a suggestion was raised from, on the suggestion page: the deputy who raised it, and
    those the opinions app lets see that opinion (office, town staff, leaders, the station's liaison officer,
    the unit it was routed to). Contact details are never shown here."""
    if opinion is None:
        return False
    return can_edit(scope, suggestion) or can_open_opinion(scope, opinion)


def can_open_opinion(scope: Scope, opinion) -> bool:
    """Whether the opinions app shows this opinion to the actor (its own rule, asked, not copied)."""
    q = opinion_permissions.opinion_q(scope)
    return q is not None and type(opinion).objects.filter(q, pk=opinion.pk).exists()


def can_use_inbox(scope: Scope) -> bool:
    return scope.everything or (Role.UNIT_CLERK in scope.roles and bool(scope.unit_ids))


def can_review(scope: Scope, suggestion) -> bool:
    """Accept, refuse, merge, assign, reassign, extend, publish, make key: the office of the district, and town staff
    for the suggestions of their town's congress."""
    return scope.everything or bool(scope.roles_in_region(suggestion.region_id) & REVIEW_ROLES)


def can_review_any(scope: Scope) -> bool:
    return scope.everything or bool(scope.roles & REVIEW_ROLES)


def can_edit(scope: Scope, suggestion) -> bool:
    return scope.person_id is not None and suggestion.author_person_id == scope.person_id and Role.DEPUTY in scope.roles


def can_cosign(scope: Scope, cosigner) -> bool:
    return scope.person_id is not None and cosigner.person_id == scope.person_id and Role.DEPUTY in scope.roles


def can_give_feedback(scope: Scope, suggestion) -> bool:
    return can_edit(scope, suggestion)


def can_act_for_unit(scope: Scope, assignment) -> bool:
    return scope.everything or (Role.UNIT_CLERK in scope.roles and assignment.unit_id in scope.unit_ids)


def is_lead_unit(scope: Scope, suggestion) -> bool:
    """The clerk of the unit that leads the suggestion's handling now (a live lead part): answers it, or returns it
    to the office."""
    if Role.UNIT_CLERK not in scope.roles or not scope.unit_ids:
        return False
    return suggestion.assignments.filter(
        role=Assignment.Role.LEAD, unit_id__in=scope.unit_ids, status__in=Assignment.LIVE
    ).exists()


def is_co_unit_only(scope: Scope, suggestion, assignments) -> bool:
    """A clerk whose unit is only a co-unit sees the text and its own task, not the lead unit's records."""
    if scope.everything or scope.roles & (READ_ROLES | {Role.COMMITTEE}) or can_edit(scope, suggestion):
        return False
    mine = [a for a in assignments if a.unit_id in scope.unit_ids and a.is_live]
    return bool(mine) and all(a.role == "co" for a in mine)


def can_see_handling(scope: Scope, suggestion, assignments) -> bool:
    """Contact records, co-units' opinions and answers in full (not for a co-unit, nor for the public)."""
    return not is_co_unit_only(scope, suggestion, assignments)


def can_add_progress(scope: Scope, key) -> bool:
    if can_review(scope, key.suggestion):
        return True
    supervisor = key.supervisor
    return supervisor is not None and supervisor.user_id is not None and supervisor.user_id == scope.user_id


def can_view_figures(scope: Scope) -> bool:
    return scope.everything or bool(scope.roles & READ_ROLES)


def can_view_report(scope: Scope) -> bool:
    return scope.everything or bool(scope.roles & {Role.OFFICE, Role.LEADER})


def can_view_reminders(scope: Scope) -> bool:
    return scope.everything or bool(scope.roles & REVIEW_ROLES)


def _has_inbox(scope: Scope) -> bool:
    """A unit's inbox entry (a scope that sees everything has no unit of its own)."""
    return can_use_inbox(scope) and not scope.everything


def nav(scope: Scope) -> list[tuple[str, Label, str]]:
    return registry.nav_entries(
        scope,
        [
            (can_list, "suggestions", _("Suggestions"), "suggestions:list"),
            (can_raise_opinions, "suggestion_opinions", _("Voters' opinions at my stations"), "suggestions:opinions"),
            (_has_inbox, "suggestion_inbox", _("Suggestions to handle"), "suggestions:inbox"),
            (can_view_figures, "suggestion_figures", _("Suggestion figures"), "suggestions:figures"),
        ],
    )
