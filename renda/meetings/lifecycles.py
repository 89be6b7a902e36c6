"""The lifecycles of the meetings workflow, declared once: meetings, polls, attendance and review opinions.

Services move records through these tables (`apply`, `check`, `set_state`) and keep their own side effects
(inviting members, notices, deadlines from the rules, follow-up agenda items, ballot shuffling, reconciliation of
paper counts) around them. Pages and the API offer the actions `available()` returns and talk about states only
through the named groups below.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.core.lifecycle import Action, Lifecycle, T

from . import permissions
from .models import Attendance, Meeting, Poll, ReviewOpinion

MS = Meeting.State
PS = Poll.State
AS = Attendance.Status
OS = ReviewOpinion.State

MEETING = Lifecycle(
    Meeting,
    field="state",
    audit_prefix="meeting",
    noun=_("meeting"),
    transitions=[
        T(
            "convene",
            {MS.PLANNED},
            MS.CONVENED,
            _("Convene (invite and notify)"),
            may=permissions.can_manage_meeting,
            style="primary",
        ),
        T("start", {MS.CONVENED}, MS.IN_PROGRESS, _("Open the meeting"), may=permissions.can_manage_meeting, style="primary"),
        T("close", {MS.IN_PROGRESS}, MS.CLOSED, _("Close the meeting"), may=permissions.can_manage_meeting, style="primary"),
    ],
    groups={
        # agenda, documents, polls and invitations may still change
        "editable": frozenset({MS.PLANNED, MS.CONVENED, MS.IN_PROGRESS}),
        # members sign in, the attendance board is live, the sign-in code is shown
        "open": frozenset({MS.CONVENED, MS.IN_PROGRESS}),
        # polls start; staff mark absences on the board
        "under_way": frozenset({MS.IN_PROGRESS}),
        # absences may be recorded
        "started": frozenset({MS.IN_PROGRESS, MS.CLOSED}),
        # the sitting took place (or is taking place): its page may be published, the overview counts it
        "held": frozenset({MS.CONVENED, MS.IN_PROGRESS, MS.CLOSED}),
        # not yet opened: a session's preparatory meeting may still be set up
        "before_start": frozenset({MS.PLANNED, MS.CONVENED}),
        "over": frozenset({MS.CLOSED}),
    },
)

#: Publishing the meeting's public page is a flag beside the state, offered with the state's actions.
PUBLISH_LABEL = _("Publish the meeting page")


def may_publish(scope: Any, meeting: Meeting) -> bool:
    return not meeting.is_published and MEETING.in_group(meeting, "held") and permissions.can_manage_meeting(scope, meeting)


def meeting_actions(meeting: Meeting, scope: Any) -> list[Action]:
    """What this scope may do with the meeting now: its lifecycle's moves, then publishing its page."""
    actions = MEETING.available(meeting, scope)
    if may_publish(scope, meeting):
        actions.append(Action("publish", str(PUBLISH_LABEL), MEETING.state_of(meeting)))
    return actions


POLL = Lifecycle(
    Poll,
    field="state",
    audit_prefix="poll",
    noun=_("poll"),
    transitions=[
        T("start", {PS.CREATED}, PS.STARTED, _("Start voting"), may=permissions.can_manage_poll, style="primary"),
        T("finish", {PS.STARTED}, PS.FINISHED, _("Close voting"), may=permissions.can_manage_poll, style="primary"),
        T("publish", {PS.FINISHED}, PS.PUBLISHED, _("Publish the result"), may=permissions.can_manage_poll, style="primary"),
    ],
    groups={
        # the rules (method, kind, threshold, options) may still change
        "draft": frozenset({PS.CREATED}),
        "voting": frozenset({PS.STARTED}),
        # voting closed, result not yet published: paper counts are entered, staff see the result
        "counting": frozenset({PS.FINISHED}),
        "published": frozenset({PS.PUBLISHED}),
        # voting is over: the result goes into the minutes
        "voting_over": frozenset({PS.FINISHED, PS.PUBLISHED}),
    },
    related=("meeting", "meeting__body", "meeting__term"),
)


def _meeting_open(attendance: Attendance) -> bool:
    return MEETING.in_group(attendance.meeting, "open")


def _meeting_editable(attendance: Attendance) -> bool:
    return MEETING.in_group(attendance.meeting, "editable")


def _meeting_under_way(attendance: Attendance) -> bool:
    return MEETING.in_group(attendance.meeting, "under_way")


ATTENDANCE = Lifecycle(
    Attendance,
    field="status",
    audit_prefix="attendance",
    noun=_("attendance"),
    transitions=[
        T(
            "sign_in",
            {AS.INVITED, AS.ABSENT, AS.LEAVE_REQUESTED, AS.LEAVE},
            AS.PRESENT,
            _("Sign in"),
            may=permissions.can_sign_in,
            when=_meeting_open,
            style="primary",
        ),
        T(
            "request_leave",
            {AS.INVITED},
            AS.LEAVE_REQUESTED,
            _("Ask for leave of absence"),
            may=permissions.is_own_attendance,
            when=_meeting_editable,
        ),
        # a new reason for a leave still waiting for approval
        T(
            "amend_leave",
            {AS.LEAVE_REQUESTED},
            AS.LEAVE_REQUESTED,
            _("Ask for leave of absence"),
            may=permissions.is_own_attendance,
            when=_meeting_editable,
        ),
        T(
            "approve_leave",
            {AS.LEAVE_REQUESTED},
            AS.LEAVE,
            _("Approve leave"),
            may=permissions.can_manage_attendance,
            when=_meeting_editable,
        ),
        T(
            "refuse_leave",
            {AS.LEAVE_REQUESTED},
            AS.INVITED,
            _("Refuse"),
            may=permissions.can_manage_attendance,
            when=_meeting_editable,
        ),
        T("absent", {AS.INVITED}, AS.ABSENT, _("Absent"), may=permissions.can_manage_attendance, when=_meeting_under_way),
    ],
    groups={"signed_in": frozenset({AS.PRESENT})},
    related=("meeting", "meeting__body"),
)

#: What staff do on the attendance board, and what a member does for themselves.
STAFF_ATTENDANCE_ACTIONS = ("sign_in", "approve_leave", "refuse_leave", "absent")
OWN_ATTENDANCE_ACTIONS = ("sign_in", "request_leave")


OPINION = Lifecycle(
    ReviewOpinion,
    field="state",
    audit_prefix="opinion",
    noun=_("review opinions"),
    transitions=[
        T("approve", {OS.DRAFT}, OS.APPROVED, _("Record approval"), may=permissions.can_manage_opinion, style="primary"),
        T("send", {OS.APPROVED}, OS.SENT, _("Send to the unit"), may=permissions.can_manage_opinion, style="primary"),
        T(
            "report",
            {OS.SENT},
            OS.REPORTED,
            _("Submit the handling report"),
            may=permissions.can_report_on_opinion,
            style="primary",
        ),
        T("schedule", {OS.REPORTED}, OS.SCHEDULED, _("Put on the agenda"), may=permissions.can_manage_opinion, style="primary"),
        T("close", {OS.SCHEDULED}, OS.CLOSED, _("Close"), may=permissions.can_manage_opinion, style="primary"),
    ],
    groups={
        # not yet sent: the unit's clerks do not see them
        "unsent": frozenset({OS.DRAFT, OS.APPROVED}),
        # waiting for the unit's handling report
        "awaiting_report": frozenset({OS.SENT}),
    },
    related=("item__meeting", "unit"),
)

#: The unit's handling report carries its text: it goes through `opinion_report`, every other move through
#: `opinion_transition`.
ROUTING_ACTIONS = ("approve", "send", "schedule", "close")
