"""Activities a deputy reports himself (with evidence), confirmed or declined by the staff who keep his record.
Only confirmed ones count in the archive."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import uploads
from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, changed, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.org.models import Deputy
from renda.org.scoping import Scope

from .. import permissions
from .. import rules as drules
from ..lifecycles import SELF_REPORT
from ..models import Evidence, SelfReport
from .common import require, tell, text, today

FIELDS = ["kind", "date", "title", "text"]


def _check_date(deputy: Deputy, day: datetime.date) -> None:
    now = today()
    if day > now:
        raise DomainError(_("Report an activity once it has taken place."))
    if day < deputy.elected_date or (deputy.status_date is not None and day > deputy.status_date):
        raise DomainError(_("The date lies outside the mandate."))
    max_age = int(drules.value(drules.SELF_REPORT_MAX_AGE_DAYS, deputy.region))
    if (now - day).days > max_age:
        raise DomainError(_("Activities older than %(n)d days can no longer be reported.") % {"n": max_age})


def _checked_files(deputy: Deputy, files: Iterable[Any], already: int = 0) -> list[uploads.Checked]:
    region = deputy.region
    max_count = int(drules.value(drules.EVIDENCE_MAX_COUNT, region))
    files = [f for f in files if f]
    if already + len(files) > max_count:
        raise DomainError(_("Attach at most %(n)d files.") % {"n": max_count}, code="upload")
    return uploads.check_files(
        files,
        allowed=drules.value(drules.EVIDENCE_TYPES, region),
        max_bytes=int(drules.value(drules.EVIDENCE_MAX_BYTES, region)),
        max_count=max_count,
        max_pixels=int(drules.value(drules.EVIDENCE_MAX_PIXELS, region)),
    )


def _store(report: SelfReport, checked: list[uploads.Checked]) -> list[str]:
    for item in checked:
        Evidence.objects.create(report=report, file=item.upload, name=item.name, content_type=item.content_type, size=item.size)
    return [item.name for item in checked]


def self_report_submit(
    *,
    actor: Actor,
    scope: Scope,
    deputy: Deputy,
    kind: str,
    date: datetime.date,
    title: str,
    text_: str,
    files: Iterable[Any] = (),
    client_token: str = "",
) -> SelfReport:
    """The deputy reports an activity of one of their mandates, with evidence; staff are asked to confirm it.
    Every file is checked before anything is stored."""
    if not permissions.can_self_report(scope) or deputy.person_id != scope.person_id:
        raise NotPermitted()
    if deputy.status != Deputy.Status.SERVING:
        raise DomainError(_("Only a serving mandate takes new activities."))
    if kind not in SelfReport.Kind.values:
        raise DomainError(_("Choose the kind of activity."))
    title, body = text(title, _("title"), limit=200), text(text_, _("what was done"))
    _check_date(deputy, date)
    token = str(client_token or "")[:64]
    if token:
        existing = SelfReport.objects.filter(deputy=deputy, client_token=token).first()
        if existing is not None:
            return existing  # a retried submit (its files were stored the first time)
    checked = _checked_files(deputy, files)
    with transaction.atomic():
        report = SelfReport.objects.create(
            deputy=deputy, region_id=deputy.region_id, kind=kind, date=date, title=title, text=body, client_token=token
        )
        names = _store(report, checked)
        audit_record(
            actor=actor, action="self_report.submit", obj=report, region_id=report.region_id,
            after={**snapshot(report, FIELDS), "evidence": names},
        )  # fmt: skip
    return report


def self_report_update(
    *, actor: Actor, scope: Scope, report: SelfReport, kind: str, date: datetime.date, title: str, text_: str
) -> SelfReport:
    """The deputy corrects a report still waiting, or declined (before submitting it again)."""
    require(permissions.is_own_report(scope, report))
    if kind not in SelfReport.Kind.values:
        raise DomainError(_("Choose the kind of activity."))
    title, body = text(title, _("title"), limit=200), text(text_, _("what was done"))
    _check_date(report.deputy, date)
    with transaction.atomic():
        locked = SelfReport.objects.select_for_update().get(pk=report.pk)
        if not SELF_REPORT.in_group(locked, "editable"):
            raise InvalidTransition(_("A confirmed or withdrawn activity cannot be changed."))
        before = snapshot(locked, FIELDS)
        locked.kind, locked.date, locked.title, locked.text = kind, date, title, body
        locked.save(update_fields=FIELDS)
        old, new = changed(before, snapshot(locked, FIELDS))
        if new:
            audit_record(actor=actor, action="self_report.update", obj=locked, before=old, after=new, region_id=locked.region_id)
    return locked


def evidence_add(*, actor: Actor, scope: Scope, report: SelfReport, files: Iterable[Any]) -> list[Evidence]:
    require(permissions.is_own_report(scope, report))
    if not SELF_REPORT.in_group(report, "editable"):
        raise InvalidTransition(_("A confirmed or withdrawn activity cannot be changed."))
    checked = _checked_files(report.deputy, files, already=report.evidence.count())
    if not checked:
        raise DomainError(_("Choose a file."))
    with transaction.atomic():
        SelfReport.objects.select_for_update().get(pk=report.pk)
        names = _store(report, checked)
        audit_record(actor=actor, action="self_report.evidence", obj=report, after={"evidence": names}, region_id=report.region_id)
    return list(report.evidence.filter(name__in=names).order_by("-pk")[: len(names)])


def _decided(actor: Actor, reason: str = "") -> Callable[[SelfReport], dict[str, str]]:
    def effects(locked: SelfReport) -> dict[str, str]:
        locked.decided_at, locked.decided_by = timezone.now(), user_of(actor)
        locked.reason = reason
        return {"reason": reason} if reason else {}

    return effects


def _tell_deputy(report: SelfReport, title: str) -> None:
    tell([report.deputy], kind="duty.self_report", title=title, url=reverse("duty:self_detail", args=[report.pk]),
         dedupe_key=f"duty.self_report.{report.pk}.{report.state}.{report.decided_at:%Y%m%d%H%M%S}")  # fmt: skip


def self_report_confirm(*, actor: Actor, scope: Scope, report: SelfReport) -> SelfReport:
    """Staff confirm the activity: it counts in the deputy's archive from now on."""
    with transaction.atomic():
        locked = SELF_REPORT.apply(report, "confirm", actor=actor, scope=scope, effects=_decided(actor))
        _tell_deputy(locked, _("Your activity “%(title)s” was confirmed.") % {"title": locked.title})
    return locked


def self_report_decline(*, actor: Actor, scope: Scope, report: SelfReport, reason: str) -> SelfReport:
    reason = text(reason, _("reason"))
    with transaction.atomic():
        locked = SELF_REPORT.apply(report, "decline", actor=actor, scope=scope, effects=_decided(actor, reason))
        _tell_deputy(locked, _("Your activity “%(title)s” was declined: %(reason)s") % {"title": locked.title, "reason": reason})
    return locked


def self_report_resubmit(*, actor: Actor, scope: Scope, report: SelfReport) -> SelfReport:
    def effects(locked: SelfReport) -> dict:
        previous = locked.reason
        locked.decided_at, locked.decided_by, locked.reason, locked.submitted_at = None, None, "", timezone.now()
        return {"previous_reason": previous}

    return SELF_REPORT.apply(report, "resubmit", actor=actor, scope=scope, effects=effects)


def self_report_withdraw(*, actor: Actor, scope: Scope, report: SelfReport) -> SelfReport:
    return SELF_REPORT.apply(report, "withdraw", actor=actor, scope=scope)
