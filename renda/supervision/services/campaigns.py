"""Themed campaigns: the plan, the mobilisation meeting, targets adopted by leaders and closed off (销号), the towns'
lists, the per-unit checklist (五个一), and the outcome indicators the government reports (kept as reported)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_created, audit_record, audit_saved, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.org.models import Body, Person, Region, Unit
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import CAMPAIGN, TARGET
from ..models import Activity, Campaign, ChecklistEntry, Indicator, IndicatorReport, ListEntry, Target
from ..rules import CHECKLIST, TOWN_LISTS, rule
from ._common import create_once, required, today, within

TOWN_KINDS = {Region.Kind.TOWN, Region.Kind.SUBDISTRICT}


def campaign_create(
    *,
    actor: Actor,
    scope: Scope,
    organiser: Body,
    code: str,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    plan: str = "",
    plan_adopted_on: datetime.date | None = None,
    levels: str = Campaign.Levels.DISTRICT_AND_TOWNS,
    with_town_lists: bool = True,
    with_checklist: bool = False,
) -> Campaign:
    """A campaign of the standing committee: its towns' lists and its checklist (五个一) come from the rules."""
    if organiser.kind not in permissions.ORGANISER_KINDS:
        raise DomainError(_("Choose the standing committee or a committee."))
    if not permissions.can_create_campaigns(scope) or not permissions.manages_body(scope, organiser):
        raise NotPermitted()
    title = required(title, _("Give the campaign a title."))
    code = slugify(code or "").replace("-", "_")[:40]
    if not code:
        raise DomainError(_("Give the campaign a short code (letters and digits)."))
    if end_date < start_date:
        raise DomainError(_("The campaign cannot end before it starts."))
    if levels not in Campaign.Levels.values:
        raise DomainError(_("Unknown levels."))
    with transaction.atomic():
        existing = Campaign.objects.filter(code=code).first()
        if existing:
            if existing.title == title and existing.organiser_id == organiser.pk:
                return existing
            raise DomainError(_("Another campaign has the code %(code)s.") % {"code": code})
        campaign = Campaign.objects.create(
            code=code,
            title=title,
            organiser=organiser,
            region_id=organiser.region_id,
            levels=levels,
            plan=(plan or "").strip(),
            plan_adopted_on=plan_adopted_on,
            start_date=start_date,
            end_date=end_date,
            town_lists=list(rule(TOWN_LISTS, organiser.region)) if with_town_lists else [],
            checklist=list(rule(CHECKLIST, organiser.region)) if with_checklist else [],
        )
        audit_created(actor=actor, action="supervision.campaign.create", obj=campaign)
    return campaign


def campaign_transition(
    *, actor: Actor, scope: Scope, campaign: Campaign, action: str, on: datetime.date | None = None, text: str = ""
) -> Campaign:
    """mobilise (the mobilisation meeting: its date and what was said) → conclude (the summary)."""
    if not permissions.can_manage_campaign(scope, campaign):
        raise NotPermitted()
    day = today(on)

    def effects(locked: Campaign) -> dict[str, Any]:
        if action == "mobilise":
            locked.mobilised_on, locked.mobilisation = day, required(text, _("Say what the mobilisation meeting decided."))
            return {"mobilised_on": day}
        if day < locked.start_date:
            raise DomainError(_("A campaign cannot conclude before it starts."))
        locked.concluded_on, locked.summary = day, (text or "").strip()
        return {"concluded_on": day}

    return CAMPAIGN.apply(campaign, action, actor=actor, scope=scope, effects=effects)


def _require_open(campaign: Campaign) -> None:
    if not CAMPAIGN.in_group(campaign, "open"):
        raise InvalidTransition(_("The campaign is concluded."))


def target_add(
    *, actor: Actor, scope: Scope, campaign: Campaign, name: str, region: Region, kind: str = "", note: str = ""
) -> Target:
    """A target of the campaign (a river, a service hall) in a region of the campaign."""
    if not permissions.can_manage_campaign(scope, campaign):
        raise NotPermitted()
    _require_open(campaign)
    name = required(name, _("Name the target."))
    if not within(region, campaign.region):
        raise DomainError(_("The target lies outside the campaign's region."))
    with transaction.atomic():
        return create_once(
            Target,
            actor=actor,
            action="supervision.target.add",
            campaign=campaign,
            name=name,
            defaults={"kind": (kind or "").strip()[:40], "region": region, "note": (note or "").strip()},
        )


def target_transition(
    *,
    actor: Actor,
    scope: Scope,
    target: Target,
    action: str,
    leader: Person | None = None,
    due_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Target:
    """adopt (认领: the leader who supervises it, and the date it is to be closed by) → close (销号)."""
    day = today(on)

    def effects(locked: Target) -> dict[str, Any]:
        if action == "adopt":
            if leader is None:
                raise DomainError(_("Name the leader who adopts the target."))
            if due_on is not None and due_on < day:
                raise DomainError(_("The closing date cannot be before the adoption."))
            locked.leader, locked.adopted_on, locked.due_on = leader, day, due_on
            return {"leader": leader.pk, "adopted_on": day, "due_on": due_on}
        if locked.adopted_on and day < locked.adopted_on:
            raise DomainError(_("A target cannot be closed off before it was adopted."))
        locked.closed_on = day
        return {"closed_on": day}

    return TARGET.apply(target, action, actor=actor, scope=scope, effects=effects)


def _town_of(campaign: Campaign, region: Region) -> None:
    if region.kind not in TOWN_KINDS or not within(region, campaign.region):
        raise DomainError(_("Choose a town or sub-district of the campaign."))


def list_entry_add(
    *,
    actor: Actor,
    scope: Scope,
    campaign: Campaign,
    region: Region,
    list_code: str,
    title: str,
    text: str = "",
    on: datetime.date | None = None,
) -> ListEntry:
    """An entry in one of a town's lists (监督联络、调研视察、建议意见、典型事例、统计总结)."""
    _town_of(campaign, region)
    if not permissions.can_keep_town_records(scope, campaign, region.pk):
        raise NotPermitted()
    _require_open(campaign)
    if list_code not in {str(x["code"]) for x in campaign.town_lists}:
        raise DomainError(_("Unknown list."))
    title = required(title, _("Give the entry a title."))
    day = today(on)
    with transaction.atomic():
        return create_once(
            ListEntry,
            actor=actor,
            action="supervision.list_entry.add",
            region_id=region.pk,
            campaign=campaign,
            region=region,
            list_code=list_code,
            title=title,
            on=day,
            defaults={"text": (text or "").strip()},
        )


def checklist_subjects_add(
    *, actor: Actor, scope: Scope, campaign: Campaign, regions: Sequence[Region] = (), units: Sequence[Unit] = ()
) -> int:
    """Give towns and units the campaign's checklist (one row per item, not yet done). Returns the rows created."""
    if not permissions.can_manage_campaign(scope, campaign):
        raise NotPermitted()
    _require_open(campaign)
    items = [str(x["code"]) for x in campaign.checklist]
    if not items:
        raise DomainError(_("This campaign has no checklist."))
    for region in regions:
        _town_of(campaign, region)
    for unit in units:
        if not within(unit.region, campaign.region):
            raise DomainError(_("%(unit)s is outside the campaign's region.") % {"unit": unit.name})
    with transaction.atomic():
        have_towns = set(ChecklistEntry.objects.filter(campaign=campaign, unit__isnull=True).values_list("region_id", "item"))
        have_units = set(ChecklistEntry.objects.filter(campaign=campaign, unit__isnull=False).values_list("unit_id", "item"))
        rows = [
            ChecklistEntry(campaign=campaign, region=r, item=i) for r in regions for i in items if (r.pk, i) not in have_towns
        ] + [
            ChecklistEntry(campaign=campaign, region_id=u.region_id, unit=u, item=i)
            for u in units
            for i in items
            if (u.pk, i) not in have_units
        ]
        ChecklistEntry.objects.bulk_create(rows)
        if rows:
            audit_record(
                actor=actor,
                action="supervision.checklist.add",
                obj=campaign,
                after={"regions": [r.pk for r in regions], "units": [u.pk for u in units]},
                region_id=campaign.region_id,
            )
    return len(rows)


def checklist_mark(
    *,
    actor: Actor,
    scope: Scope,
    entry: ChecklistEntry,
    done_on: datetime.date,
    note: str = "",
    activity: Activity | None = None,
) -> ChecklistEntry:
    """Mark a checklist item done (on a date, with a note, possibly by an activity of the campaign's region)."""
    campaign = entry.campaign
    if not permissions.can_keep_town_records(scope, campaign, entry.region_id):
        raise NotPermitted()
    _require_open(campaign)
    if activity is not None and not activity.region.path.startswith(campaign.region.path):
        raise DomainError(_("That activity is outside the campaign's region."))
    values: dict[str, Any] = {
        "done_on": done_on,
        "note": (note or "").strip()[:300],
        "activity_id": activity.pk if activity else None,
    }
    with transaction.atomic():
        locked = ChecklistEntry.objects.select_for_update().get(pk=entry.pk)
        before = snapshot(locked, list(values))
        if before == snapshot(ChecklistEntry(**values), list(values)):
            return locked
        audit_saved(locked, actor=actor, action="supervision.checklist.mark", before=before, **values)
    return locked


def indicator_add(*, actor: Actor, scope: Scope, campaign: Campaign, code: str, name: str, unit_label: str = "") -> Indicator:
    if not permissions.can_manage_campaign(scope, campaign):
        raise NotPermitted()
    name = required(name, _("Name the indicator."))
    code = slugify(code or "").replace("-", "_")[:40]
    if not code:
        raise DomainError(_("Give the indicator a short code (letters and digits)."))
    with transaction.atomic():
        return create_once(
            Indicator,
            actor=actor,
            action="supervision.indicator.add",
            region_id=campaign.region_id,
            campaign=campaign,
            code=code,
            defaults={"name": name, "unit_label": (unit_label or "").strip()[:20]},
        )


def indicator_report_add(
    *, actor: Actor, scope: Scope, indicator: Indicator, value: int, source: str, reported_on: datetime.date, note: str = ""
) -> IndicatorReport:
    """A value the government reported for an indicator: who reported it and when. Kept as reported, never counted."""
    if not permissions.can_manage_campaign(scope, indicator.campaign):
        raise NotPermitted()
    source = required(source, _("Say who reported the value."))
    if int(value) < 0:
        raise DomainError(_("A reported value cannot be negative."))
    with transaction.atomic():
        existing = IndicatorReport.objects.filter(indicator=indicator, reported_on=reported_on, source=source).first()
        if existing:
            if existing.value == int(value):
                return existing
            raise DomainError(_("%(source)s already reported a value on that date.") % {"source": source})
        report = IndicatorReport.objects.create(
            indicator=indicator,
            value=int(value),
            source=source[:200],
            reported_on=reported_on,
            note=(note or "").strip()[:300],
            entered_by=user_of(actor),
        )
        audit_record(
            actor=actor,
            action="supervision.indicator.report",
            obj=report,
            after=snapshot(report),
            region_id=indicator.campaign.region_id,
        )
    return report
