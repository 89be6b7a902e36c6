"""Standing-committee members' contacts with the deputies assigned to them (常委会组成人员联系代表)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError
from renda.org.models import ContactAssignment
from renda.org.scoping import Scope

from .. import permissions
from ..models import ContactLog
from .common import require, text, today

FIELDS = ["assignment_id", "deputy_id", "date", "manner", "opinions", "follow_up"]


def contact_log_create(
    *,
    actor: Actor,
    scope: Scope,
    assignment: ContactAssignment,
    date: datetime.date,
    manner: str,
    opinions: str,
    follow_up: str = "",
    client_token: str = "",
) -> ContactLog:
    """One contact: when, how, what the deputy said, and what will be done about it."""
    require(permissions.can_log_contact(scope, assignment))
    if manner not in ContactLog.Manner.values:
        raise DomainError(_("Choose how the contact was made."))
    if date > today():
        raise DomainError(_("A contact is recorded after it took place."))
    opinions = text(opinions, _("opinions heard"))
    token = str(client_token or "")[:64]
    with transaction.atomic():
        if token:
            existing = ContactLog.objects.filter(assignment=assignment, client_token=token).first()
            if existing is not None:
                return existing  # a retried submit
        log = ContactLog.objects.create(
            assignment=assignment, deputy_id=assignment.deputy_id, region_id=assignment.deputy.region_id, date=date,
            manner=manner, opinions=opinions, follow_up=str(follow_up or "").strip(), created_by=user_of(actor),
            client_token=token,
        )  # fmt: skip
        audit_record(actor=actor, action="contact.create", obj=log, after=snapshot(log, FIELDS), region_id=log.region_id)
    return log


def contact_follow_up(
    *, actor: Actor, scope: Scope, log: ContactLog, result: str, on: datetime.date | None = None
) -> ContactLog:
    """What became of the opinions heard: the follow-up is recorded once (a retry with the same result is a no-op)."""
    require(permissions.can_follow_up_contact(scope, log))
    result = text(result, _("result of the follow-up"))
    with transaction.atomic():
        locked = ContactLog.objects.select_for_update().get(pk=log.pk)
        if locked.followed_up_on is not None:
            if locked.follow_up_result == result:
                return locked
            raise DomainError(_("The follow-up of this contact is already recorded."))
        locked.followed_up_on, locked.follow_up_result = today(on), result
        locked.save(update_fields=["followed_up_on", "follow_up_result"])
        audit_record(
            actor=actor, action="contact.follow_up", obj=locked, region_id=locked.region_id,
            after={"followed_up_on": locked.followed_up_on, "follow_up_result": result},
        )  # fmt: skip
    return locked
