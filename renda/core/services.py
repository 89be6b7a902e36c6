"""Writes of the core app: rules and notices."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules
from .actors import Actor
from .audit import audit_record
from .errors import DomainError
from .models import Notice, Rule, User


def rule_set(*, actor: Actor, key: str, value: Any, region_id: int | None = None, note: str = "") -> Rule:
    """Override a rule (installation-wide or for one region). Audited; the old value is kept in the event."""
    if key not in rules.REGISTRY:
        raise DomainError(_("Unknown rule “%(key)s”.") % {"key": key})
    default = rules.REGISTRY[key].default
    if not isinstance(value, type(default)) and not (isinstance(default, int | float) and isinstance(value, int | float)):
        raise DomainError(_("Rule “%(key)s” needs a value like %(example)s.") % {"key": key, "example": default})
    with transaction.atomic():
        rule = Rule.objects.select_for_update().filter(key=key, region_id=region_id).first()
        before = {"value": rule.value} if rule else None
        if rule is None:
            rule = Rule(key=key, region_id=region_id)
        rule.value, rule.note = value, note
        rule.save()
        audit_record(actor=actor, action="rule.set", obj=rule, before=before, after={"value": value, "region_id": region_id}, region_id=region_id)
    return rule


def notices_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    qs = Notice.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
