"""Every write of the org app. One transaction each, with its audit event inside it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_record, changed, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.text import pinyin_full, pinyin_initials

from . import permissions
from .models import Body, Deputy, Person, Region, Role, RoleGrant, Suspension, Unit
from .rules import SUSPENSION_GROUNDS, TERMINATION_GROUNDS, grounds
from .scoping import Scope

if TYPE_CHECKING:
    from renda.core.models import User


def region_create(
    *, actor: Actor, name: str, kind: str, parent: Region | None = None, code: str = "", sort_order: int = 0
) -> Region:
    with transaction.atomic():
        region = Region.objects.create(name=name, kind=kind, parent=parent, code=code, sort_order=sort_order)
        region.path = f"{parent.path if parent else '/'}{region.pk}/"
        region.depth = (parent.depth + 1) if parent else 0
        region.save(update_fields=["path", "depth"])
        audit_record(actor=actor, action="region.create", obj=region, after=snapshot(region), region_id=region.pk)
    return region


def person_fill_keys(person: Person) -> Person:
    """Search keys derived from the name (pinyin initials, full pinyin for sorting)."""
    person.name_initials = pinyin_initials(person.name)
    person.name_pinyin = pinyin_full(person.name)
    return person


ENDED_STATUSES = {Deputy.Status.RESIGNED, Deputy.Status.TERMINATED}
#: the statuses the office records, each on a legal ground (a resignation gives its own reason)
GROUNDS: dict[str, str] = {Deputy.Status.SUSPENDED: SUSPENSION_GROUNDS.key, Deputy.Status.TERMINATED: TERMINATION_GROUNDS.key}


def legal_reason(deputy: Deputy, status: str, ground: str, note: str = "") -> str:
    """The reason recorded: one of the legal grounds of the rule for `status` (in the congress's region), with the
    office's note in brackets; a resignation's reason is free text."""
    ground, note = " ".join(ground.split()), " ".join(note.split())
    if status in GROUNDS and ground not in grounds(GROUNDS[status], deputy.congress.region.path):
        raise DomainError(_("Choose one of the legal grounds."))
    reason = ground + (f"（{note}）" if note and ground else note)
    if not reason:
        raise DomainError(_("Give the reason for ending the mandate."))
    if len(reason) > 200:
        raise DomainError(_("The reason may be at most 200 characters long."))
    return reason


def deputy_set_status(*, actor: Actor, scope: Scope, deputy: Deputy, status: str, date: datetime.date, reason: str) -> Deputy:
    """End a mandate (resigned or terminated). An ended mandate stays in history and cannot be re-opened here."""
    if not permissions.can_change_deputy_status(scope, deputy):
        raise NotPermitted()
    if status not in ENDED_STATUSES:
        raise DomainError(_("A mandate can only be ended as resigned or terminated."))
    if not reason.strip():
        raise DomainError(_("Give the reason for ending the mandate."))
    with transaction.atomic():
        locked = Deputy.objects.select_for_update().get(pk=deputy.pk)
        if locked.status == status and locked.status_date == date:
            return locked  # a retried submit: already done
        if locked.status not in {Deputy.Status.SERVING, Deputy.Status.SUSPENDED}:
            raise InvalidTransition(_("This mandate has already ended (%(status)s).") % {"status": locked.get_status_display()})
        if status == Deputy.Status.TERMINATED and not any(
            reason.strip().startswith(g) for g in grounds(TERMINATION_GROUNDS.key, deputy.congress.region.path)
        ):
            raise DomainError(_("Choose one of the legal grounds."))
        if date < locked.elected_date:
            raise DomainError(_("The date cannot be before the election date."))
        # a mandate that ends while suspended ends the suspension the same day
        locked.suspensions.filter(end_date__isnull=True, start_date__lte=date).update(end_date=date)
        before = snapshot(locked, ["status", "status_date", "status_reason"])
        locked.status, locked.status_date, locked.status_reason = status, date, reason.strip()
        locked.save(update_fields=["status", "status_date", "status_reason"])
        old, new = changed(before, snapshot(locked, ["status", "status_date", "status_reason"]))
        audit_record(actor=actor, action="deputy.status", obj=locked, before=old, after=new, region_id=locked.region_id)
    return locked


def deputy_suspend(*, actor: Actor, scope: Scope, deputy: Deputy, date: datetime.date, reason: str) -> Deputy:
    """暂停执行代表职务 (Deputies Law Art. 49) from `date`, on one of the legal grounds (`legal_reason`): a period
    is opened; while it is open the deputy is not counted in the full membership (meetings.base.excludes_suspended)
    and is not invited to vote."""
    if not permissions.can_change_deputy_status(scope, deputy):
        raise NotPermitted()
    if not any(reason.startswith(g) for g in grounds(SUSPENSION_GROUNDS.key, deputy.congress.region.path)):
        raise DomainError(_("Choose one of the legal grounds."))
    with transaction.atomic():
        locked = Deputy.objects.select_for_update().get(pk=deputy.pk)
        if (
            locked.status == Deputy.Status.SUSPENDED
            and locked.suspensions.filter(start_date=date, end_date__isnull=True).exists()
        ):
            return locked  # a retried submit
        if locked.status != Deputy.Status.SERVING:
            raise InvalidTransition(_("Only a serving deputy's duties can be suspended."))
        if date < locked.elected_date:
            raise DomainError(_("The date cannot be before the election date."))
        before = snapshot(locked, ["status", "status_date", "status_reason"])
        Suspension.objects.create(deputy=locked, start_date=date, reason=reason, region_id=locked.region_id)
        locked.status, locked.status_date, locked.status_reason = Deputy.Status.SUSPENDED, date, reason
        locked.save(update_fields=["status", "status_date", "status_reason"])
        old, new = changed(before, snapshot(locked, ["status", "status_date", "status_reason"]))
        audit_record(actor=actor, action="deputy.suspend", obj=locked, before=old, after=new, region_id=locked.region_id)
    return locked


def deputy_status_record(
    *, actor: Actor, scope: Scope, deputy: Deputy, status: str, date: datetime.date, ground: str = "", note: str = ""
) -> Deputy:
    """The status page's and the API's one write: suspend, or end the mandate, on the legal ground chosen."""
    reason = legal_reason(deputy, status, ground if status in GROUNDS else "", note)
    if status == Deputy.Status.SUSPENDED:
        return deputy_suspend(actor=actor, scope=scope, deputy=deputy, date=date, reason=reason)
    return deputy_set_status(actor=actor, scope=scope, deputy=deputy, status=status, date=date, reason=reason)


def deputy_resume(*, actor: Actor, scope: Scope, deputy: Deputy, date: datetime.date) -> Deputy:
    """恢复执行代表职务: the open suspension ends on `date` and the deputy serves again (the period stays in history)."""
    if not permissions.can_change_deputy_status(scope, deputy):
        raise NotPermitted()
    with transaction.atomic():
        locked = Deputy.objects.select_for_update().get(pk=deputy.pk)
        period = locked.suspensions.filter(end_date__isnull=True).first()
        if period is None:
            if locked.status == Deputy.Status.SERVING:
                return locked  # a retried submit
            raise InvalidTransition(_("This deputy's duties are not suspended."))
        if date < period.start_date:
            raise DomainError(_("The duties resume after the suspension began."))
        before = snapshot(locked, ["status", "status_date", "status_reason"])
        period.end_date = date
        period.save(update_fields=["end_date"])
        locked.status, locked.status_date, locked.status_reason = Deputy.Status.SERVING, None, ""
        locked.save(update_fields=["status", "status_date", "status_reason"])
        audit_record(actor=actor, action="deputy.resume", obj=locked, before=before, after={"status": "serving", "resumed_on": date.isoformat()},
                     region_id=locked.region_id)  # fmt: skip
    return locked


def personal_data_reveal(*, actor: Actor, scope: Scope, deputy: Deputy, purpose: str = "view") -> dict[str, str]:
    """The deputy's phone and ID number in clear, recorded as an audited view."""
    if not permissions.can_view_personal_data(scope, deputy):
        raise NotPermitted()
    person = deputy.person
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="personal_data.view" if purpose == "view" else "personal_data.export",
            obj=person,
            after={"fields": ["phone", "id_number"], "deputy": deputy.pk},
            region_id=deputy.region_id,
        )
    return {"phone": person.phone, "id_number": person.id_number or ""}


def role_grant(
    *, actor: Actor, user: User, role: str, region: Region | None = None, body: Body | None = None, unit: Unit | None = None
) -> RoleGrant:
    if role not in Role.values:
        raise DomainError(_("Unknown role."))
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(user=user, role=role, region=region, body=body, unit=unit)
        if created:
            if role == Role.ADMIN and not user.is_superuser:
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
            audit_record(actor=actor, action="role.grant", obj=grant, after=snapshot(grant))
    return grant
