"""The state machines of the duty app, declared once.

    topic:            draft ─send→ sent ─close→ closed
    group activity:   planned ─record→ held ─record (again)→ held ─close (outcome)→ closed; planned ─cancel→ cancelled
    training session: planned ─record→ held ─record (again)→ held; planned ─cancel→ cancelled
    attendance:       invited/present/leave/absent ─present|leave|absent→ … (recorded with the session)
    report to voters: scheduled ─record→ held ─record (again)→ held; scheduled ─cancel→ cancelled
    self-reported:    submitted ─confirm→ confirmed, ─decline→ declined ─resubmit→ submitted; submitted or declined
                      ─withdraw→ withdrawn

Services move them with `apply()` (or `set_state()` where they write several rows and their own audit); pages and
the API offer `available()` and talk about states through the groups below.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.lifecycle import Lifecycle, T

from . import permissions
from .models import GroupActivity, SelfReport, Topic, TrainingAttendance, TrainingSession, VoterReport

TS = Topic.State
GS = GroupActivity.State
SS = TrainingSession.State
AS = TrainingAttendance.Status
RS = VoterReport.State
XS = SelfReport.State


def _on_or_after_its_day(obj: Any) -> bool:
    return bool(obj.date <= timezone.localdate())


TOPIC = Lifecycle(
    Topic,
    field="state",
    audit_prefix="topic",
    noun=_("quarterly topic"),
    transitions=[
        T("send", {TS.DRAFT}, TS.SENT, _("Send to the groups"), may=permissions.can_manage_topic, style="primary"),
        T("close", {TS.SENT}, TS.CLOSED, _("Close the topic"), may=permissions.can_manage_topic),
    ],
    groups={"editable": {TS.DRAFT}, "sent": {TS.SENT, TS.CLOSED}, "open": {TS.SENT}},
)

ACTIVITY = Lifecycle(
    GroupActivity,
    field="state",
    audit_prefix="group_activity",
    noun=_("group activity"),
    transitions=[
        T("record", {GS.PLANNED, GS.HELD}, GS.HELD, _("Save the record"), may=permissions.can_record_activity,
          when=_on_or_after_its_day, style="primary"),
        T("close", {GS.HELD}, GS.CLOSED, _("Record the outcome"), may=permissions.can_close_activity),
        T("cancel", {GS.PLANNED}, GS.CANCELLED, _("Cancel"), may=permissions.can_record_activity, style="danger"),
    ],  # fmt: skip
    groups={
        "planned": {GS.PLANNED},
        "editable": {GS.PLANNED, GS.HELD},  # participants may still change
        "held": {GS.HELD, GS.CLOSED},  # it took place: it counts in the participants' archives
    },
)

SESSION = Lifecycle(
    TrainingSession,
    field="state",
    audit_prefix="training",
    noun=_("training session"),
    transitions=[
        T("record", {SS.PLANNED, SS.HELD}, SS.HELD, _("Record attendance"), may=permissions.can_manage_session,
          when=_on_or_after_its_day, style="primary"),
        T("cancel", {SS.PLANNED}, SS.CANCELLED, _("Cancel"), may=permissions.can_manage_session, style="danger"),
    ],  # fmt: skip
    groups={"invitable": {SS.PLANNED}, "held": {SS.HELD}, "upcoming": {SS.PLANNED}},
)

ATTENDANCE = Lifecycle(
    TrainingAttendance,
    field="status",
    audit_prefix="training_attendance",
    noun=_("training attendance"),
    region_attr="region_id",
    transitions=[
        T("present", {AS.INVITED, AS.LEAVE, AS.ABSENT, AS.PRESENT}, AS.PRESENT, _("present")),
        T("leave", {AS.INVITED, AS.PRESENT, AS.ABSENT, AS.LEAVE}, AS.LEAVE, _("on leave")),
        T("absent", {AS.INVITED, AS.PRESENT, AS.LEAVE, AS.ABSENT}, AS.ABSENT, _("absent")),
    ],
    groups={"invited": {AS.INVITED}, "attended": {AS.PRESENT}, "recorded": {AS.PRESENT, AS.LEAVE, AS.ABSENT}},
)

REPORT = Lifecycle(
    VoterReport,
    field="state",
    audit_prefix="voter_report",
    noun=_("report to voters"),
    transitions=[
        T("record", {RS.SCHEDULED, RS.HELD}, RS.HELD, _("Record the report and its evaluation"),
          may=permissions.can_manage_report, when=_on_or_after_its_day, style="primary"),
        T("cancel", {RS.SCHEDULED}, RS.CANCELLED, _("Cancel"), may=permissions.can_manage_report, style="danger"),
    ],  # fmt: skip
    groups={"upcoming": {RS.SCHEDULED}, "held": {RS.HELD}},
)

SELF_REPORT = Lifecycle(
    SelfReport,
    field="state",
    audit_prefix="self_report",
    noun=_("self-reported activity"),
    transitions=[
        T("confirm", {XS.SUBMITTED}, XS.CONFIRMED, _("Confirm"), may=permissions.can_confirm, style="primary"),
        T("decline", {XS.SUBMITTED}, XS.DECLINED, _("Decline"), may=permissions.can_confirm, style="danger"),
        T("resubmit", {XS.DECLINED}, XS.SUBMITTED, _("Submit again"), may=permissions.is_own_report, style="primary"),
        T("withdraw", {XS.SUBMITTED, XS.DECLINED}, XS.WITHDRAWN, _("Withdraw"), may=permissions.is_own_report),
    ],
    groups={
        "waiting": {XS.SUBMITTED},  # staff have to confirm or decline it
        "confirmed": {XS.CONFIRMED},  # it counts in the deputy's archive
        "editable": {XS.SUBMITTED, XS.DECLINED},  # the deputy may still change it and add evidence
    },
)
