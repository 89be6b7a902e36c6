"""Deputy training: plans, sessions, who is invited, who came (new deputies' training in a term's first year)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition
from renda.org.models import Body, Deputy
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import ATTENDANCE, SESSION
from ..models import TrainingAttendance, TrainingPlan, TrainingSession
from .common import require, tell, text, today


def plan_create(
    *, actor: Actor, scope: Scope, congress: Body, year: int, title: str, text_: str = "", for_new_deputies: bool = False
) -> TrainingPlan:
    require(permissions.can_manage_training_of(scope, congress))
    if congress.kind != Body.Kind.CONGRESS:
        raise DomainError(_("A training plan belongs to a congress."))
    title = text(title, _("title"), limit=200)
    with transaction.atomic():
        plan, created = TrainingPlan.objects.get_or_create(
            congress=congress, year=year, title=title,
            defaults={"region_id": congress.region_id, "text": str(text_ or "").strip(), "for_new_deputies": for_new_deputies,
                      "created_by": user_of(actor)},
        )  # fmt: skip
        if created:
            audit_record(
                actor=actor, action="training.plan", obj=plan, region_id=plan.region_id,
                after=snapshot(plan, ["congress_id", "year", "title", "for_new_deputies"]),
            )  # fmt: skip
    return plan


def invitees(plan: TrainingPlan) -> list[Deputy]:
    """Who a plan's sessions are for: the congress's serving deputies (only the newly elected ones for a plan for new
    deputies: those not re-elected)."""
    qs = Deputy.objects.filter(congress_id=plan.congress_id, status=Deputy.Status.SERVING)
    if plan.for_new_deputies:
        qs = qs.filter(is_reelected=False)
    return list(qs.order_by("pk"))


def session_create(
    *,
    actor: Actor,
    scope: Scope,
    plan: TrainingPlan,
    title: str,
    date: datetime.date,
    place: str = "",
    teacher: str = "",
    hours: Decimal | float = 3,
    deputies: Iterable[Deputy] | None = None,
) -> TrainingSession:
    """A session of the plan; the deputies it is for (all the plan's invitees when none are named) are invited and
    told."""
    require(permissions.can_manage_plan(scope, plan))
    title = text(title, _("title"), limit=200)
    hours = Decimal(str(hours))
    if hours <= 0 or hours > 99:
        raise DomainError(_("Give the hours of the session (more than 0)."))
    chosen = list(deputies) if deputies is not None else invitees(plan)
    if any(d.congress_id != plan.congress_id for d in chosen):
        raise DomainError(_("Invite deputies of %(congress)s.") % {"congress": plan.congress.name})
    with transaction.atomic():
        existing = TrainingSession.objects.filter(plan=plan, date=date, title=title).first()
        if existing is not None:
            return existing
        session = TrainingSession.objects.create(
            plan=plan, region_id=plan.region_id, title=title, date=date, place=str(place or "").strip(),
            teacher=str(teacher or "").strip(), hours=hours,
        )  # fmt: skip
        TrainingAttendance.objects.bulk_create(
            [TrainingAttendance(session=session, deputy=d, region_id=d.region_id) for d in chosen]
        )
        audit_record(
            actor=actor, action="training.session", obj=session, region_id=session.region_id,
            after={**snapshot(session, ["plan_id", "title", "date", "place", "hours"]), "invited": len(chosen)},
        )  # fmt: skip
        title_text = _("Training on %(date)s: %(title)s") % {"date": date.isoformat(), "title": title}
        tell(chosen, kind="duty.training", title=title_text, url=reverse("duty:session_detail", args=[session.pk]),
             dedupe_key=f"duty.training.{session.pk}")  # fmt: skip
    return session


def session_record(
    *,
    actor: Actor,
    scope: Scope,
    session: TrainingSession,
    present: Iterable[int],
    leave: Iterable[int] = (),
    summary: str = "",
    on: datetime.date | None = None,
) -> TrainingSession:
    """Who came (deputy ids present, on leave; every other invitee absent) and the record of the session."""
    require(permissions.can_manage_session(scope, session))
    present_ids, leave_ids = {int(p) for p in present}, {int(p) for p in leave}
    if present_ids & leave_ids:
        raise DomainError(_("A deputy cannot be both present and on leave."))
    with transaction.atomic():
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        SESSION.check(locked, "record")
        if locked.date > today(on):
            raise InvalidTransition(_("A session can only be recorded on or after its day."))
        rows = list(TrainingAttendance.objects.select_for_update().filter(session=locked))
        unknown = (present_ids | leave_ids) - {r.deputy_id for r in rows}
        if unknown:
            raise DomainError(_("Only invited deputies can be recorded."))
        before = {r.deputy_id: r.status for r in rows}
        for row in rows:
            action = "present" if row.deputy_id in present_ids else "leave" if row.deputy_id in leave_ids else "absent"
            ATTENDANCE.set_state(row, action)
        TrainingAttendance.objects.bulk_update(rows, ["status"])
        old_state = SESSION.set_state(locked, "record")
        locked.summary = str(summary or "").strip() or locked.summary
        locked.save(update_fields=["state", "summary"])
        changed_rows = {r.deputy_id: r.status for r in rows if before[r.deputy_id] != r.status}
        audit_record(
            actor=actor, action="training.record", obj=locked, region_id=locked.region_id,
            before={"state": old_state, "attendance": {k: before[k] for k in changed_rows}},
            after={"state": locked.state, "attendance": changed_rows, "present": len(present_ids)},
        )  # fmt: skip
    return locked


def session_cancel(*, actor: Actor, scope: Scope, session: TrainingSession, reason: str) -> TrainingSession:
    reason = text(reason, _("reason"), limit=200)
    return SESSION.apply(session, "cancel", actor=actor, scope=scope, effects=lambda locked: {"reason": reason})
