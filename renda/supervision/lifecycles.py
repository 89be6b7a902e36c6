"""The lifecycles of supervision, declared once: activities, opinions sent to units, special inquiries, evaluation
rounds and their problems, campaigns and their targets.

Services move records through these tables and keep their own side effects (deadlines from the rules, agenda items
on a later meeting through the meetings services, notices to unit clerks, results fixed into the audit event);
pages and the API offer what `available()` returns and talk about states only through the named groups.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.core.lifecycle import Action, Lifecycle, T

from . import permissions
from .models import Activity, Campaign, EvaluationRound, Inquiry, ProblemItem, SupervisionOpinion, Target

AS = Activity.State
OS = SupervisionOpinion.State
IS = Inquiry.State
RS = EvaluationRound.State
PS = ProblemItem.State
CS = Campaign.State
TS = Target.State

ACTIVITY = Lifecycle(
    Activity,
    field="state",
    audit_prefix="supervision.activity",
    noun=_("supervision activity"),
    transitions=[
        T(
            "start",
            {AS.PLANNED},
            AS.UNDER_WAY,
            _("Start (the group is out)"),
            may=permissions.can_manage_activity,
            style="primary",
        ),
        # the report is written with `activity_report`, which moves under_way → reported
        T("report", {AS.UNDER_WAY}, AS.REPORTED, _("Adopt the report"), may=permissions.can_manage_activity, style="primary"),
        T("close", {AS.REPORTED}, AS.CLOSED, _("Close (follow-up done)"), may=permissions.can_manage_activity),
        T(
            "cancel",
            {AS.PLANNED},
            AS.CANCELLED,
            _("Cancel"),
            may=permissions.can_manage_activity,
            style="danger",
            confirm=_("Cancel this activity?"),
        ),
    ],
    groups={
        # the plan, the group and the places may still change
        "editable": frozenset({AS.PLANNED, AS.UNDER_WAY}),
        # the group is out: participants add findings
        "in_field": frozenset({AS.UNDER_WAY}),
        # it took place: the work overview counts it, the duty archive records its participants
        "held": frozenset({AS.UNDER_WAY, AS.REPORTED, AS.CLOSED}),
        # its report exists: the Word report, publication, opinions to units
        "reported": frozenset({AS.REPORTED, AS.CLOSED}),
    },
    related=("organiser",),
)

#: Publishing the report's public page is a flag beside the state, offered with the state's actions.
PUBLISH_LABEL = _("Publish the report")


def activity_actions(activity: Activity, scope: Any) -> list[Action]:
    """The lifecycle's moves (the report is adopted on its own form), then publishing the report."""
    actions = [a for a in ACTIVITY.available(activity, scope) if a.action != "report"]
    if may_publish_activity(scope, activity):
        actions.append(Action("publish", str(PUBLISH_LABEL), ACTIVITY.state_of(activity)))
    return actions


def may_publish_activity(scope: Any, activity: Activity) -> bool:
    return (
        not activity.is_published and ACTIVITY.in_group(activity, "reported") and permissions.can_manage_activity(scope, activity)
    )


OPINION = Lifecycle(
    SupervisionOpinion,
    field="state",
    audit_prefix="supervision.opinion",
    noun=_("supervision opinions"),
    transitions=[
        T("send", {OS.DRAFT}, OS.SENT, _("Send to the unit"), may=permissions.can_manage_opinion, style="primary"),
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
        "unsent": frozenset({OS.DRAFT}),
        "awaiting_report": frozenset({OS.SENT}),
        "answered": frozenset({OS.REPORTED, OS.SCHEDULED, OS.CLOSED}),
    },
    related=("activity__organiser", "unit"),
)

#: The handling report carries its text (`opinion_report`); the other moves go through `opinion_transition`.
OPINION_ROUTING = ("send", "schedule", "close")


INQUIRY = Lifecycle(
    Inquiry,
    field="state",
    audit_prefix="supervision.inquiry",
    noun=_("special inquiry"),
    transitions=[
        T("hold", {IS.PLANNED}, IS.HELD, _("Record as held"), may=permissions.can_manage_inquiry, style="primary"),
        T("close", {IS.HELD}, IS.CLOSED, _("Close"), may=permissions.can_manage_inquiry),
    ],
    groups={
        # questions and answers may be recorded
        "open": frozenset({IS.PLANNED, IS.HELD}),
        "held": frozenset({IS.HELD, IS.CLOSED}),
    },
    related=("meeting__body",),
)


ROUND = Lifecycle(
    EvaluationRound,
    field="state",
    audit_prefix="supervision.round",
    noun=_("evaluation round"),
    transitions=[
        T(
            "evaluate",
            {RS.PREPARING},
            RS.EVALUATED,
            _("Record the vote's result"),
            may=permissions.can_manage_round,
            style="primary",
        ),
        T(
            "hand_over",
            {RS.EVALUATED},
            RS.HANDED_OVER,
            _("Hand the problem lists over"),
            may=permissions.can_manage_round,
            style="primary",
        ),
        T(
            "revote",
            {RS.HANDED_OVER},
            RS.REVOTED,
            _("Record the second vote's result"),
            may=permissions.can_manage_round,
            style="primary",
        ),
        T("close", {RS.REVOTED}, RS.CLOSED, _("Close the round"), may=permissions.can_manage_round),
    ],
    groups={
        # units write self-reports
        "self_reports": frozenset({RS.PREPARING}),
        # deputies write their opinions on the units
        "opinions_open": frozenset({RS.PREPARING, RS.EVALUATED}),
        # the presidium compiles the problem lists
        "problems_open": frozenset({RS.PREPARING, RS.EVALUATED}),
        # the units rectify and report progress
        "rectifying": frozenset({RS.HANDED_OVER}),
        # the problem lists are in the units' hands
        "handed_over": frozenset({RS.HANDED_OVER, RS.REVOTED, RS.CLOSED}),
        # a first result exists: it may be published
        "voted": frozenset({RS.EVALUATED, RS.HANDED_OVER, RS.REVOTED, RS.CLOSED}),
    },
    related=("organiser", "region"),
)

PUBLISH_RESULTS_LABEL = _("Publish the results")


def may_publish_round(scope: Any, round_: EvaluationRound) -> bool:
    return not round_.is_published and ROUND.in_group(round_, "voted") and permissions.can_manage_round(scope, round_)


def round_actions(round_: EvaluationRound, scope: Any) -> list[Action]:
    actions = ROUND.available(round_, scope)
    if may_publish_round(scope, round_):
        actions.append(Action("publish", str(PUBLISH_RESULTS_LABEL), ROUND.state_of(round_)))
    return actions


PROBLEM = Lifecycle(
    ProblemItem,
    field="state",
    audit_prefix="supervision.problem",
    noun=_("problem to rectify"),
    transitions=[
        # a progress report (the loop stays in progress; `problem_progress` writes the report)
        T("progress", {PS.OPEN, PS.IN_PROGRESS}, PS.IN_PROGRESS, _("Report progress"), may=permissions.can_report_progress),
        T("complete", {PS.OPEN, PS.IN_PROGRESS}, PS.RECTIFIED, _("Report it rectified"), may=permissions.can_report_progress),
        T("reopen", {PS.RECTIFIED}, PS.IN_PROGRESS, _("Reopen (not rectified)"), may=permissions.can_manage_problem),
    ],
    groups={"open": frozenset({PS.OPEN, PS.IN_PROGRESS}), "done": frozenset({PS.RECTIFIED})},
    related=("evaluated__round__organiser",),
)


CAMPAIGN = Lifecycle(
    Campaign,
    field="state",
    audit_prefix="supervision.campaign",
    noun=_("campaign"),
    transitions=[
        T(
            "mobilise",
            {CS.PLANNED},
            CS.RUNNING,
            _("Record the mobilisation meeting"),
            may=permissions.can_manage_campaign,
            style="primary",
        ),
        T("conclude", {CS.RUNNING}, CS.CONCLUDED, _("Conclude the campaign"), may=permissions.can_manage_campaign),
    ],
    groups={
        # activities, targets, lists and checklists may be added
        "open": frozenset({CS.PLANNED, CS.RUNNING}),
        "running": frozenset({CS.RUNNING}),
    },
    related=("organiser",),
)


def _campaign_open(target: Target) -> bool:
    return CAMPAIGN.in_group(target.campaign, "open")


def _may_manage_target(scope: Any, target: Target) -> bool:
    return permissions.can_manage_campaign(scope, target.campaign)


TARGET = Lifecycle(
    Target,
    field="state",
    audit_prefix="supervision.target",
    noun=_("campaign target"),
    transitions=[
        T(
            "adopt",
            {TS.LISTED},
            TS.ADOPTED,
            _("Adopted by a leader"),
            may=_may_manage_target,
            when=_campaign_open,
            style="primary",
        ),
        T("close", {TS.ADOPTED}, TS.CLOSED, _("Close off (销号)"), may=_may_manage_target, when=_campaign_open, style="primary"),
    ],
    groups={"adopted": frozenset({TS.ADOPTED, TS.CLOSED}), "closed": frozenset({TS.CLOSED})},
    related=("campaign__organiser",),
    region_attr="region_id",
)
