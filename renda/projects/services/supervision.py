"""Supervision by deputies (groups assigned to projects, their inspections and suggestions) and the year-end
satisfaction evaluation, a satisfaction poll at a session of the congress."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted, required_text
from renda.meetings import services as meeting_services
from renda.meetings.lifecycles import POLL
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.org.models import Deputy
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import CYCLE
from ..models import Ballot, Cycle, Evaluation, Project, SupervisionGroup, SupervisionRecord
from ._common import lock_cycle, on_behalf_of, token_or_new


def group_create(
    *, actor: Actor, scope: Scope, cycle: Cycle, name: str, deputies: list[Deputy], projects: list[Project]
) -> SupervisionGroup:
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    name = required_text(name, _("Give the group a name."))
    if not deputies or any(d.congress_id != cycle.congress_id for d in deputies):
        raise DomainError(_("Choose deputies of this congress."))
    if not projects or any(p.cycle_id != cycle.pk for p in projects):
        raise DomainError(_("Choose projects of this cycle."))
    with transaction.atomic():
        existing = SupervisionGroup.objects.filter(cycle=cycle, name=name).first()
        if existing:
            return existing
        group = SupervisionGroup.objects.create(cycle=cycle, name=name, region_id=cycle.region_id)
        group.members.set(deputies)
        group.projects.set(projects)
        audit_record(
            actor=actor,
            action="projects.group.create",
            obj=group,
            after={"name": name, "members": [d.pk for d in deputies], "projects": [p.pk for p in projects]},
            region_id=cycle.region_id,
        )
    return group


def supervision_add(
    *, actor: Actor, scope: Scope, project: Project, kind: str, on: datetime.date | None, text: str, token: str = ""
) -> SupervisionRecord:
    """An inspection or suggestion by a deputy of a supervision group assigned to the project."""
    deputy = (
        Deputy.objects.filter(person_id=scope.person_id, project_groups__projects=project).order_by("pk").first()
        if scope.person_id
        else None
    )
    if deputy is None or not permissions.can_add_supervision(scope, project, True):
        raise NotPermitted()
    client_token = token_or_new(token)
    existing = SupervisionRecord.objects.filter(token=client_token).first()
    if existing:
        return existing
    if kind not in SupervisionRecord.Kind.values:
        raise DomainError(_("Unknown kind of record."))
    if not (text or "").strip():
        raise DomainError(_("Write what you found or suggest."))
    if on is None or on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    with transaction.atomic():
        record = SupervisionRecord.objects.create(
            project=project,
            deputy=deputy,
            kind=kind,
            on=on,
            text=text.strip(),
            token=client_token,
            region_id=project.region_id,
        )
        audit_record(
            actor=actor, action=f"projects.supervision.{kind}", obj=record, after=snapshot(record), region_id=project.region_id
        )
    return record


# --- year-end satisfaction ----------------------------------------------------------------------------


def evaluation_create(*, actor: Actor, scope: Scope, cycle: Cycle, meeting: Meeting, kind: str = Poll.Kind.SECRET) -> Evaluation:
    """The year-end satisfaction evaluation: one satisfaction poll over the cycle's projects at a session."""
    if not permissions.can_manage_cycle(scope, cycle):
        raise NotPermitted()
    if meeting.body_id != cycle.congress_id:
        raise DomainError(_("The evaluation is held at a session of the cycle's own congress."))
    with transaction.atomic():
        locked = lock_cycle(cycle)
        existing = Evaluation.objects.filter(cycle=locked).first()
        if existing:
            return existing
        if not CYCLE.can(locked, "evaluate"):
            raise InvalidTransition(_("Only a cycle with adopted projects can be evaluated."))
        if Ballot.objects.filter(cycle=locked, poll__isnull=False).exclude(poll__state__in=POLL.group("published")).exists():
            raise InvalidTransition(_("A run-off is still open: publish it before the year-end evaluation."))
        projects = list(locked.projects.order_by("rank", "pk"))
        if not projects:
            raise DomainError(_("No project was adopted: there is nothing to evaluate."))
        item = meeting.items.filter(kind=AgendaItem.Kind.PROJECTS_PROGRESS).order_by("order").first()
        poll = on_behalf_of(
            meeting_services.poll_create,
            actor,
            f"cycle {locked.pk} sets its year-end satisfaction evaluation",
            meeting=meeting,
            item=item,
            title=_("Satisfaction evaluation of the %(year)s livelihood projects") % {"year": locked.year},
            kind=kind,
            method=Poll.Method.SATISFACTION,
            options=[(p.title, f"project:{p.pk}") for p in projects],
            threshold=Poll.Threshold.HALF_MEMBERS,
        )
        evaluation = Evaluation.objects.create(cycle=locked, meeting=meeting, poll=poll, region_id=locked.region_id)
        audit_record(
            actor=actor, action="projects.evaluation.create", obj=evaluation, after={"poll": poll.pk}, region_id=locked.region_id
        )
    return evaluation
