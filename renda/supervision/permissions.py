"""Every rule of the supervision app, by (action, subject), and which rows each scope may see.

Who runs what: the district office the standing committee's and the district committees' work (committee staff
their own committee's), town staff their town presidium's and the sub-district working committee's; the unit
clerk answers for their unit only; a deputy sees what they take part in.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.meetings import permissions as meeting_permissions
from renda.org.models import Body, Deputy, Role
from renda.org.scoping import Scope

READ_REGION_ROLES = {Role.OFFICE, Role.TOWN, Role.LIAISON, Role.LEADER}
STAFF_ROLES = READ_REGION_ROLES | {Role.COMMITTEE}
#: the bodies that organise supervision (not a congress in plenary, not the directors' meeting)
ORGANISER_KINDS = {
    Body.Kind.STANDING_COMMITTEE,
    Body.Kind.SPECIAL_COMMITTEE,
    Body.Kind.WORKING_COMMITTEE,
    Body.Kind.PRESIDIUM,
    Body.Kind.SUBDISTRICT_COMMITTEE,
}


def manages_body(scope: Scope, body: Body) -> bool:
    """The district office runs the district bodies' supervision, committee staff their own committee's; town
    staff their town presidium's; a sub-district working committee's is run by the office or that sub-district's
    staff."""
    if scope.everything:
        return True
    roles = scope.roles_in_region(body.region_id)
    if body.kind == Body.Kind.SUBDISTRICT_COMMITTEE:
        return bool(roles & {Role.OFFICE, Role.TOWN})
    if body.level == Body.Level.DISTRICT:
        return Role.OFFICE in roles or (Role.COMMITTEE in scope.roles and body.pk in scope.body_ids)
    return Role.TOWN in roles


def manages_town(scope: Scope, region_id: int) -> bool:
    """A town's own campaign records (its lists, its checklist): the town's staff or the district office."""
    return scope.everything or bool(scope.roles_in_region(region_id) & {Role.OFFICE, Role.TOWN})


def is_staff(scope: Scope) -> bool:
    return scope.everything or bool(scope.roles & STAFF_ROLES)


def _committee_q(prefix: str) -> Any:
    return lambda s: (
        Q(**{f"{prefix}organiser__congress_id__in": s.congress_ids}) | Q(**{f"{prefix}organiser_id__in": s.congress_ids})
    )


def _participated(s: Scope, field: str = "pk") -> Q | None:
    """Rows of the activities the scope's person takes part in (`field` names the activity id)."""
    from .models import Participation

    if not s.person_id:
        return None
    return Q(**{f"{field}__in": Participation.objects.filter(person_id=s.person_id).values("activity_id")})


# --- activities -------------------------------------------------------------------------------------------------


def activity_q(scope: Scope) -> Q | None:
    """Staff: activities in their regions; committee staff: those of their congress's bodies; deputies: those
    they take part in."""
    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, _committee_q("")),
            ({Role.DEPUTY}, _participated),
        ]
    )


def can_list_activities(scope: Scope) -> bool:
    return is_staff(scope)


def can_create_activities(scope: Scope) -> bool:
    return scope.has(Role.OFFICE, Role.TOWN, Role.COMMITTEE)


def can_manage_activity(scope: Scope, activity: Any) -> bool:
    return manages_body(scope, activity.organiser)


def takes_part(scope: Scope, activity: Any) -> bool:
    from .models import Participation

    return scope.person_id is not None and Participation.objects.filter(activity=activity, person_id=scope.person_id).exists()


def can_add_finding(scope: Scope, activity: Any) -> bool:
    """Staff who run the activity, and every participant (from a phone)."""
    return can_manage_activity(scope, activity) or takes_part(scope, activity)


def participation_q(scope: Scope) -> Q | None:
    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, _committee_q("activity__")),
            ({Role.DEPUTY}, lambda s: Q(person_id=s.person_id) if s.person_id else None),
        ]
    )


def finding_q(scope: Scope) -> Q | None:
    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, _committee_q("activity__")),
            ({Role.DEPUTY}, lambda s: _participated(s, "activity_id")),
        ]
    )


def can_raise_finding(scope: Scope, finding: Any) -> bool:
    """A deputy raises their own suggestion as a deputy's suggestion (the suggestions app checks the mandate)."""
    return Role.DEPUTY in scope.roles and scope.person_id is not None and finding.author_id == scope.person_id


# --- opinions sent to units ---------------------------------------------------------------------------------------


def opinion_q(scope: Scope) -> Q | None:
    """Staff see the opinions of the activities they see; unit clerks those sent to their unit (never drafts)."""
    from .lifecycles import OPINION

    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, _committee_q("activity__")),
            ({Role.UNIT_CLERK}, lambda s: Q(unit_id__in=s.unit_ids) & ~Q(state__in=sorted(OPINION.group("unsent")))),
        ]
    )


def can_list_opinions(scope: Scope) -> bool:
    return opinion_q(scope) is not None


def can_manage_opinion(scope: Scope, opinion: Any) -> bool:
    return can_manage_activity(scope, opinion.activity)


def can_report_on_opinion(scope: Scope, opinion: Any) -> bool:
    """The handling report: a clerk of the unit (or the staff who run the activity, entering a paper report)."""
    return opinion.unit_id in scope.unit_ids or can_manage_opinion(scope, opinion)


# --- special inquiries ------------------------------------------------------------------------------------------


def inquiry_q(scope: Scope) -> Q | None:
    from renda.meetings.models import Attendance

    from .models import InquiryUnit

    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, lambda s: Q(meeting__body__congress_id__in=s.congress_ids)),
            (
                {Role.DEPUTY},
                lambda s: (
                    Q(meeting_id__in=Attendance.objects.filter(person_id=s.person_id).values("meeting_id"))
                    if s.person_id
                    else None
                ),
            ),
            ({Role.UNIT_CLERK}, lambda s: Q(pk__in=InquiryUnit.objects.filter(unit_id__in=s.unit_ids).values("inquiry_id"))),
        ]
    )


def can_list_inquiries(scope: Scope) -> bool:
    return is_staff(scope)


def can_create_inquiries(scope: Scope) -> bool:
    return scope.has(Role.OFFICE)


def can_manage_inquiry(scope: Scope, inquiry: Any) -> bool:
    return meeting_permissions.can_manage_meeting(scope, inquiry.meeting)


# --- department evaluation ------------------------------------------------------------------------------------


def _deputy_congresses(s: Scope) -> Any:
    return Deputy.objects.filter(person_id=s.person_id or 0, status=Deputy.Status.SERVING).values("congress_id")


def round_q(scope: Scope) -> Q | None:
    """Staff: rounds in their regions (committee staff: their congress's); deputies: rounds of the congresses they
    serve in (they write the opinions); unit clerks: rounds their unit is evaluated in."""
    from .models import EvaluatedUnit

    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, _committee_q("")),
            ({Role.DEPUTY}, lambda s: Q(organiser__congress_id__in=_deputy_congresses(s)) if s.person_id else None),
            ({Role.UNIT_CLERK}, lambda s: Q(pk__in=EvaluatedUnit.objects.filter(unit_id__in=s.unit_ids).values("round_id"))),
        ]
    )


def can_list_rounds(scope: Scope) -> bool:
    return is_staff(scope)


def can_create_rounds(scope: Scope) -> bool:
    return scope.has(Role.OFFICE, Role.TOWN, Role.COMMITTEE)


def can_manage_round(scope: Scope, round_: Any) -> bool:
    return manages_body(scope, round_.organiser)


def sees_every_unit(scope: Scope, round_: Any) -> bool:
    """Staff and deputies see every unit of a round; a unit clerk only their own unit's items."""
    return is_staff(scope) or can_manage_round(scope, round_) or Role.DEPUTY in scope.roles


def evaluating_mandate(scope: Scope, round_: Any) -> Deputy | None:
    """The deputy's serving mandate in the congress that evaluates (the round's organiser's congress)."""
    if Role.DEPUTY not in scope.roles or not scope.person_id:
        return None
    congress_id = round_.organiser.congress_id or round_.organiser_id
    return (
        Deputy.objects.filter(person_id=scope.person_id, congress_id=congress_id, status=Deputy.Status.SERVING)
        .order_by("pk")
        .first()
    )


def can_write_evaluation_opinion(scope: Scope, round_: Any) -> bool:
    return evaluating_mandate(scope, round_) is not None


def is_units_clerk(scope: Scope, evaluated: Any) -> bool:
    return evaluated.unit_id in scope.unit_ids


def can_self_report(scope: Scope, evaluated: Any) -> bool:
    return is_units_clerk(scope, evaluated) or can_manage_round(scope, evaluated.round)


def can_report_progress(scope: Scope, problem: Any) -> bool:
    return is_units_clerk(scope, problem.evaluated) or can_manage_round(scope, problem.evaluated.round)


def can_manage_problem(scope: Scope, problem: Any) -> bool:
    return can_manage_round(scope, problem.evaluated.round)


def problem_q(scope: Scope) -> Q | None:
    """Problems to rectify: staff in their regions; unit clerks their unit's once handed over."""
    from .lifecycles import ROUND

    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids)),
            ({Role.COMMITTEE}, _committee_q("evaluated__round__")),
            (
                {Role.UNIT_CLERK},
                lambda s: Q(evaluated__unit_id__in=s.unit_ids, evaluated__round__state__in=sorted(ROUND.group("handed_over"))),
            ),
        ]
    )


# --- campaigns --------------------------------------------------------------------------------------------------


def campaign_q(scope: Scope) -> Q | None:
    """Staff: campaigns of their regions and of the district above them (towns take part in the district's);
    committee staff: their congress's; deputies: campaigns they took part in."""
    from .models import Participation

    return scope.visible(
        [
            (READ_REGION_ROLES, lambda s: Q(region_id__in=s.region_ids | s.context_region_ids)),
            ({Role.COMMITTEE}, _committee_q("")),
            (
                {Role.DEPUTY},
                lambda s: (
                    Q(pk__in=Participation.objects.filter(person_id=s.person_id).values("campaign_id")) if s.person_id else None
                ),
            ),
        ]
    )


def can_list_campaigns(scope: Scope) -> bool:
    return is_staff(scope)


def can_create_campaigns(scope: Scope) -> bool:
    return scope.has(Role.OFFICE)


def can_manage_campaign(scope: Scope, campaign: Any) -> bool:
    return manages_body(scope, campaign.organiser)


def can_keep_town_records(scope: Scope, campaign: Any, region_id: int) -> bool:
    """A town's lists and checklist rows: the campaign's managers or the town's staff."""
    return can_manage_campaign(scope, campaign) or manages_town(scope, region_id)


# --- pages for deputies and unit clerks -----------------------------------------------------------------------


def can_use_mine(scope: Scope) -> bool:
    return Role.DEPUTY in scope.roles and scope.person_id is not None


def can_use_unit_page(scope: Scope) -> bool:
    return bool(scope.unit_ids)


def _nav_mine(scope: Scope) -> bool:
    return not is_staff(scope) and can_use_mine(scope)


def _nav_unit(scope: Scope) -> bool:
    return not is_staff(scope) and not can_use_mine(scope) and can_use_unit_page(scope)


def nav(scope: Scope) -> list[tuple[str, str | Promise, str]]:
    """Navigation entries (key, label, url) this user may open: the staff's lists, else a deputy's or a unit's page."""
    return registry.nav_entries(
        scope,
        [
            (is_staff, "supervision", _("Supervision"), "supervision:activity_list"),
            (is_staff, "supervision_campaigns", _("Campaigns"), "supervision:campaign_list"),
            (is_staff, "supervision_evaluations", _("Unit evaluations"), "supervision:round_list"),
            (is_staff, "supervision_inquiries", _("Special inquiries"), "supervision:inquiry_list"),
            (is_staff, "supervision_opinions", _("Supervision opinions"), "supervision:opinion_list"),
            (_nav_mine, "supervision_mine", _("My supervision"), "supervision:mine"),
            (_nav_unit, "supervision_unit", _("Supervision items"), "supervision:unit"),
        ],
    )
