"""Every rule of the meetings app, by (action, subject). Views, templates (through context) and the API ask here."""

from __future__ import annotations

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.org.models import Body, Role
from renda.org.scoping import Scope

READ_REGION_ROLES = {Role.OFFICE, Role.TOWN, Role.LIAISON, Role.LEADER}


def meeting_q(scope: Scope) -> Q | None:
    """Q over Meeting rows the user may see, or None when they may see none.

    Office, town staff, liaison officers and leaders: meetings of bodies in their regions. Committee staff:
    meetings of their congress and its organs. Deputies: meetings they are invited to (member or 列席)."""
    from .models import Attendance

    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, lambda s: Q(body__congress_id__in=s.congress_ids) | Q(body_id__in=s.congress_ids)),
            (
                {Role.DEPUTY},
                lambda s: (
                    Q(pk__in=Attendance.objects.filter(person_id=s.person_id).values("meeting_id")) if s.person_id else None
                ),
            ),
        ]
    )


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


def _runs_body(scope: Scope, body: Body) -> bool:
    """Who runs a body's sittings: the office (district bodies) or town staff (their town's), and a committee's
    own staff its committee's meetings (专门委员会、工作委员会 hold meetings of their members)."""
    if _manages_region(scope, body.region_id, body.level):
        return True
    return body.kind in COMMITTEE_KINDS and Role.COMMITTEE in scope.roles and body.pk in scope.body_ids


def can_create_meeting_for(scope: Scope, body: Body) -> bool:
    return body.kind in MEETING_BODY_KINDS and _runs_body(scope, body)


def can_create_meetings(scope: Scope) -> bool:
    return scope.has(Role.OFFICE, Role.TOWN, Role.COMMITTEE)


def can_roll_out(scope: Scope) -> bool:
    """The uniform mid-year town sessions: the district office creates them for every town in one action."""
    return scope.has(Role.OFFICE)


def can_manage_meeting(scope: Scope, meeting) -> bool:
    return _runs_body(scope, meeting.body)


def can_manage_poll(scope: Scope, poll) -> bool:
    return can_manage_meeting(scope, poll.meeting)


def can_manage_attendance(scope: Scope, attendance) -> bool:
    """Staff who run the meeting sign people in, decide on leave and mark absences."""
    return can_manage_meeting(scope, attendance.meeting)


def is_own_attendance(scope: Scope, attendance) -> bool:
    """The member (or attendee) themselves: signs in with the meeting's code, asks for leave."""
    return scope.person_id is not None and attendance.person_id == scope.person_id


def can_sign_in(scope: Scope, attendance) -> bool:
    return is_own_attendance(scope, attendance) or can_manage_attendance(scope, attendance)


def can_view_attendance(scope: Scope, meeting) -> bool:
    return scope.everything or bool(scope.roles & (READ_REGION_ROLES | {Role.COMMITTEE}))


def can_export_minutes(scope: Scope, meeting) -> bool:
    return can_view_attendance(scope, meeting)


def can_attend_personally(scope: Scope) -> bool:
    """A login that is a person (a deputy; a leader who holds a seat) attends, signs in, asks leave and votes."""
    return scope.person_id is not None


def opinion_q(scope: Scope) -> Q | None:
    """Review opinions: of meetings the staff see; unit clerks those sent to their unit (never drafts)."""
    from .lifecycles import OPINION

    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            (
                {Role.COMMITTEE},
                lambda s: Q(item__meeting__body__congress_id__in=s.congress_ids) | Q(item__meeting__body_id__in=s.congress_ids),
            ),
            ({Role.UNIT_CLERK}, lambda s: Q(unit_id__in=s.unit_ids) & ~Q(state__in=sorted(OPINION.group("unsent")))),
        ]
    )


def can_list_opinions(scope: Scope) -> bool:
    return opinion_q(scope) is not None


def can_manage_opinion(scope: Scope, opinion) -> bool:
    return can_manage_meeting(scope, opinion.item.meeting)


def can_report_on_opinion(scope: Scope, opinion) -> bool:
    """The handling report: a clerk of the unit the opinions were sent to (or the staff who run the meeting)."""
    return opinion.unit_id in scope.unit_ids or can_manage_opinion(scope, opinion)


COMMITTEE_KINDS = {Body.Kind.SPECIAL_COMMITTEE, Body.Kind.WORKING_COMMITTEE}
MEETING_BODY_KINDS = {
    Body.Kind.CONGRESS,
    Body.Kind.STANDING_COMMITTEE,
    Body.Kind.DIRECTORS_MEETING,
    Body.Kind.PRESIDIUM,
    Body.Kind.SESSION_PRESIDIUM,
    *COMMITTEE_KINDS,
}


def _reads_meetings(scope: Scope) -> bool:
    return bool(scope.everything or scope.roles & (READ_REGION_ROLES | {Role.COMMITTEE}))


def _mine_beside_list(scope: Scope) -> bool:
    return _reads_meetings(scope) and can_attend_personally(scope)


def _mine_only(scope: Scope) -> bool:
    return not _reads_meetings(scope) and can_attend_personally(scope)


def nav(scope: Scope) -> list[tuple[str, str | Promise, str]]:
    """Navigation entries (key, label, url) this user may open."""
    return registry.nav_entries(
        scope,
        [
            (_reads_meetings, "meetings", _("Meetings"), "meetings:list"),
            (_mine_beside_list, "meetings_mine", _("My meetings"), "meetings:mine"),
            (_mine_only, "meetings", _("My meetings"), "meetings:mine"),
            (can_list_opinions, "opinions_review", _("Review opinions"), "meetings:opinion_list"),
        ],
    )
