"""Reports to voters (代表述职): scheduled at a liaison station, held, evaluated by the voters present."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, changed, snapshot
from renda.core.errors import DomainError, InvalidTransition
from renda.org.models import Deputy
from renda.org.scoping import Scope
from renda.stations.models import Station

from .. import permissions
from ..lifecycles import REPORT
from ..models import VoterReport
from .common import require, tell, text, today

RECORD_FIELDS = ["state", "summary", "voters_present", "satisfied", "basically_satisfied", "not_satisfied", "comments"]


def report_schedule(
    *, actor: Actor, scope: Scope, deputy: Deputy, station: Station, date: datetime.date, title: str
) -> VoterReport:
    """A report to voters at a station; the deputy is told."""
    require(permissions.can_schedule_report_at(scope, station))
    if deputy.status != Deputy.Status.SERVING:
        raise DomainError(_("Only a serving deputy reports to voters."))
    title = text(title, _("title"), limit=200)
    with transaction.atomic():
        existing = VoterReport.objects.filter(deputy=deputy, date=date).first()
        if existing is not None:
            if existing.station_id == station.pk and existing.title == title:
                return existing  # a retried submit
            raise DomainError(_("%(name)s already reports to voters on that day.") % {"name": deputy.person.name})
        report = VoterReport.objects.create(
            deputy=deputy, station=station, region_id=station.region_id, date=date, title=title, created_by=user_of(actor)
        )
        audit_record(
            actor=actor, action="voter_report.schedule", obj=report, region_id=report.region_id,
            after=snapshot(report, ["deputy_id", "station_id", "date", "title"]),
        )  # fmt: skip
        tell([deputy], kind="duty.voter_report",
             title=_("Your report to voters on %(date)s at %(station)s") % {"date": date.isoformat(), "station": station.name},
             url=reverse("duty:report_detail", args=[report.pk]), dedupe_key=f"duty.voter_report.{report.pk}")  # fmt: skip
    return report


def report_record(
    *,
    actor: Actor,
    scope: Scope,
    report: VoterReport,
    summary: str,
    voters_present: int,
    satisfied: int,
    basically_satisfied: int,
    not_satisfied: int,
    comments: str = "",
    on: datetime.date | None = None,
) -> VoterReport:
    """The report held: what was reported, how many voters came, and their evaluation forms counted."""
    require(permissions.can_manage_report(scope, report))
    summary = text(summary, _("what the deputy reported"))
    counts = [int(voters_present), int(satisfied), int(basically_satisfied), int(not_satisfied)]
    if min(counts) < 0:
        raise DomainError(_("Counts cannot be negative."))
    if counts[1] + counts[2] + counts[3] > counts[0]:
        raise DomainError(_("More evaluation forms than voters present."))
    with transaction.atomic():
        locked = VoterReport.objects.select_for_update().get(pk=report.pk)
        REPORT.check(locked, "record")
        if locked.date > today(on):
            raise InvalidTransition(_("A report can only be recorded on or after its day."))
        before = snapshot(locked, RECORD_FIELDS)
        REPORT.set_state(locked, "record")
        locked.summary, locked.comments = summary, str(comments or "").strip()
        locked.voters_present, locked.satisfied, locked.basically_satisfied, locked.not_satisfied = counts
        locked.save(update_fields=RECORD_FIELDS)
        old, new = changed(before, snapshot(locked, RECORD_FIELDS))
        if new:
            audit_record(actor=actor, action="voter_report.record", obj=locked, before=old, after=new, region_id=locked.region_id)
    return locked


def report_cancel(*, actor: Actor, scope: Scope, report: VoterReport, reason: str) -> VoterReport:
    reason = text(reason, _("reason"), limit=200)

    def effects(locked: VoterReport) -> None:
        locked.cancel_reason = reason

    return REPORT.apply(report, "cancel", actor=actor, scope=scope, effects=effects)
