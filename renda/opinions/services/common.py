"""What every write of an opinion shares: the row lock, the step (the opinion's own history) with its audit
event, and the rules that set deadlines and categories."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules
from renda.core.actors import VOTER, Actor, SystemActor, user_of
from renda.core.audit import audit_record
from renda.core.clock import event_time
from renda.core.errors import NotPermitted
from renda.core.models import User
from renda.org.models import Region, Unit
from renda.org.scoping import Scope

from .. import permissions
from ..kept import touch_opinion
from ..lifecycles import OPINION
from ..models import Opinion, Step


def _lock(opinion: Opinion) -> Opinion:
    """The row, locked for the move (its station, region and unit loaded, not locked)."""
    return Opinion.objects.select_for_update(of=("self",)).select_related(*OPINION.related).get(pk=opinion.pk)


def _when(opinion: Opinion, at: datetime.datetime | None) -> datetime.datetime:
    """The time of the move being made: now for live entry; `at` for a step recorded after the fact (a ledger),
    refused in the future or before the opinion's previous step."""
    if at is None:
        return timezone.now()
    last = Step.objects.filter(opinion=opinion).order_by("-at").values_list("at", flat=True).first()
    return event_time(at, after=max(filter(None, [last, opinion.registered_at])))


def _require_handle(scope: Scope, opinion: Opinion) -> None:
    if not permissions.can_handle(scope, opinion):
        raise NotPermitted()


def _who(actor: Actor | None) -> tuple[User | None, str, Actor]:
    """The step's user and label, and the audit event's actor: a signed-in user as themself, the platform under
    its reason, anyone else (no actor, a voter) as the voter."""
    user = user_of(actor)
    if user is not None:
        return user, str(user)[:150], user
    if isinstance(actor, SystemActor):
        return actor.on_behalf_of, actor.label, actor
    return None, _("voter"), VOTER


def _step(
    opinion: Opinion,
    *,
    action: str,
    from_status: str,
    actor: Actor | None,
    note: str = "",
    unit: Unit | None = None,
    at: datetime.datetime | None = None,
) -> Step:
    """The opinion's history row for a move it has just made (its status is already the new one), and the audit
    event `opinion.<action>` with the same before/after, in the caller's transaction; the kept figures of the
    opinion's station and month are recounted (`renda.opinions.kept`)."""
    user, label, audit_actor = _who(actor)
    step = Step.objects.create(
        opinion=opinion,
        action=action,
        from_status=from_status,
        to_status=opinion.status,
        at=at or timezone.now(),
        actor=user,
        actor_label=label,
        unit=unit,
        note=note,
    )
    audit_record(
        actor=audit_actor,
        action=f"opinion.{action}",
        obj=opinion,
        before={"status": from_status},
        after={"status": opinion.status, "unit": unit.pk if unit else None, "note": note[:200]},
        region_id=opinion.region_id,
    )
    touch_opinion(opinion)  # every move writes a step: its station's month is recounted with it
    return step


def answer_deadline(*, routed_on: datetime.date, category: str, region: Region) -> datetime.date:
    by_category = rules.value("opinions.answer_days_by_category", region_path=region.path) or {}
    days = by_category.get(category) or rules.value("opinions.answer_days", region_path=region.path)
    return rules.add_days(routed_on, int(days))


def categories(region: Region | None = None) -> list[str]:
    return list(rules.value("opinions.categories", region_path=region.path if region else ""))
