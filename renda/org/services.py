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
from .models import Body, Deputy, Person, Region, Role, RoleGrant, Unit
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
        if locked.status != Deputy.Status.SERVING:
            raise InvalidTransition(_("This mandate has already ended (%(status)s).") % {"status": locked.get_status_display()})
        if date < locked.elected_date:
            raise DomainError(_("The date cannot be before the election date."))
        before = snapshot(locked, ["status", "status_date", "status_reason"])
        locked.status, locked.status_date, locked.status_reason = status, date, reason.strip()
        locked.save(update_fields=["status", "status_date", "status_reason"])
        old, new = changed(before, snapshot(locked, ["status", "status_date", "status_reason"]))
        audit_record(actor=actor, action="deputy.status", obj=locked, before=old, after=new, region_id=locked.region_id)
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
