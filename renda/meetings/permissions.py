"""Every rule of the meetings app, by (action, subject). Views, templates (through context) and the API ask here."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.org.models import Body, Role
from renda.org.scoping import Scope

READ_REGION_ROLES = {Role.OFFICE, Role.TOWN, Role.LIAISON, Role.LEADER}


def meeting_q(scope: Scope) -> Q | None:
    """Q over Meeting rows the user may see, or None when they may see none.

    Office, town staff, liaison officers and leaders: meetings of bodies in their regions. Committee staff:
    meetings of their congress and its organs. Deputies: meetings they are invited to (member or 列席)."""
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    granted = False
    if scope.roles & READ_REGION_ROLES:
        q |= Q(region_id__in=scope.region_ids)
        granted = True
    if Role.COMMITTEE in scope.roles:
        q |= Q(body__congress_id__in=scope.congress_ids) | Q(body_id__in=scope.congress_ids)
        granted = True
    if Role.DEPUTY in scope.roles and scope.person_id:
        from .models import Attendance

        q |= Q(pk__in=Attendance.objects.filter(person_id=scope.person_id).values("meeting_id"))
        granted = True
    return q if granted else None


def can_list_meetings(scope: Scope) -> bool:
    return meeting_q(scope) is not None


def _manages_region(scope: Scope, region_id: int, level: str) -> bool:
    """The office runs district bodies' meetings; town staff run their town's congress and presidium meetings."""
    if scope.everything:
        return True
    roles = scope.roles_in_region(region_id)
    if level == Body.Level.DISTRICT:
        return Role.OFFICE in roles
    return Role.TOWN in roles


def can_create_meeting_for(scope: Scope, body: Body) -> bool:
    return body.kind in MEETING_BODY_KINDS and _manages_region(scope, body.region_id, body.level)


def can_create_meetings(scope: Scope) -> bool:
    return scope.has(Role.OFFICE, Role.TOWN)


def can_roll_out(scope: Scope) -> bool:
    """The uniform mid-year town sessions: the district office creates them for every town in one action."""
    return scope.has(Role.OFFICE)


def can_manage_meeting(scope: Scope, meeting) -> bool:
    return _manages_region(scope, meeting.region_id, meeting.body.level)


def can_view_attendance(scope: Scope, meeting) -> bool:
    return scope.everything or bool(scope.roles & (READ_REGION_ROLES | {Role.COMMITTEE}))


def can_export_minutes(scope: Scope, meeting) -> bool:
    return can_view_attendance(scope, meeting)


def can_attend_personally(scope: Scope) -> bool:
    return Role.DEPUTY in scope.roles and scope.person_id is not None


def opinion_q(scope: Scope) -> Q | None:
    """Review opinions: of meetings the staff see; unit clerks those sent to their unit (never drafts)."""
    if scope.everything:
        return Q()
    q = Q(pk__in=[])
    granted = False
    if scope.roles & READ_REGION_ROLES:
        q |= Q(region_id__in=scope.region_ids)
        granted = True
    if Role.COMMITTEE in scope.roles:
        q |= Q(item__meeting__body__congress_id__in=scope.congress_ids) | Q(item__meeting__body_id__in=scope.congress_ids)
        granted = True
    if Role.UNIT_CLERK in scope.roles:
        q |= Q(unit_id__in=scope.unit_ids) & ~Q(state__in=["draft", "approved"])
        granted = True
    return q if granted else None


def can_list_opinions(scope: Scope) -> bool:
    return opinion_q(scope) is not None


def can_manage_opinion(scope: Scope, opinion) -> bool:
    return can_manage_meeting(scope, opinion.item.meeting)


def can_report_on_opinion(scope: Scope, opinion) -> bool:
    """The handling report: a clerk of the unit the opinions were sent to (or the staff who run the meeting)."""
    return opinion.unit_id in scope.unit_ids or can_manage_opinion(scope, opinion)


MEETING_BODY_KINDS = {
    Body.Kind.CONGRESS,
    Body.Kind.STANDING_COMMITTEE,
    Body.Kind.DIRECTORS_MEETING,
    Body.Kind.PRESIDIUM,
}


def nav(scope: Scope) -> list[tuple[str, str, str]]:
    """Navigation entries (key, label, url) this user may open."""
    items = []
    if scope.roles & (READ_REGION_ROLES | {Role.COMMITTEE}) or scope.everything:
        items.append(("meetings", _("Meetings"), reverse("meetings:list")))
    elif can_attend_personally(scope):
        items.append(("meetings", _("My meetings"), reverse("meetings:mine")))
    if can_list_opinions(scope):
        items.append(("opinions_review", _("Review opinions"), reverse("meetings:opinion_list")))
    return items
