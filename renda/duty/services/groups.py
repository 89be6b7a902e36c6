"""Quarterly topics for the deputy groups, and what each group did: one transaction per write, audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, changed, snapshot
from renda.core.errors import DomainError, InvalidTransition
from renda.org.models import Body, Deputy, DeputyGroup
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import ACTIVITY, TOPIC
from ..models import GroupActivity, GroupParticipant, Topic
from .common import require, tell, text, today

RECORD_FIELDS = ["state", "date", "place", "findings", "suggestions"]


def topic_create(
    *,
    actor: Actor,
    scope: Scope,
    congress: Body,
    year: int,
    quarter: int,
    title: str,
    text_: str = "",
    groups: Iterable[DeputyGroup] = (),
) -> Topic:
    """A draft topic for a congress's groups (all of them when none are named)."""
    require(permissions.can_manage_topics_of(scope, congress))
    if congress.kind != Body.Kind.CONGRESS:
        raise DomainError(_("Topics are proposed to the groups of a congress."))
    if not 1 <= int(quarter) <= 4:
        raise DomainError(_("Choose a quarter from 1 to 4."))
    title = text(title, _("topic"), limit=200)
    chosen = list(groups) or list(DeputyGroup.objects.filter(congress=congress))
    if any(g.congress_id != congress.pk for g in chosen):
        raise DomainError(_("Choose groups of %(congress)s.") % {"congress": congress.name})
    with transaction.atomic():
        existing = Topic.objects.filter(congress=congress, year=year, quarter=quarter, title=title).first()
        if existing is not None:
            return existing  # a retried submit
        topic = Topic.objects.create(
            congress=congress, region_id=congress.region_id, year=year, quarter=quarter, title=title,
            text=str(text_ or "").strip(), created_by=user_of(actor),
        )  # fmt: skip
        topic.groups.set(chosen)
        audit_record(
            actor=actor, action="topic.create", obj=topic, region_id=topic.region_id,
            after={**snapshot(topic, ["year", "quarter", "title"]), "groups": sorted(g.pk for g in chosen)},
        )  # fmt: skip
    return topic


def topic_send(*, actor: Actor, scope: Scope, topic: Topic, on: datetime.date | None = None) -> Topic:
    """Send the topic: the groups' deputies get a notice; it appears on their groups' pages."""
    day = today(on)

    def effects(locked: Topic) -> dict:
        locked.sent_on = day
        deputies = Deputy.objects.filter(group__in=locked.groups.all(), status=Deputy.Status.SERVING)
        url = reverse("duty:topic_detail", args=[locked.pk])
        title = _("Quarterly topic for your group: %(title)s") % {"title": locked.title}
        return {"notified": tell(deputies, kind="duty.topic", title=title, url=url, dedupe_key=f"duty.topic.{locked.pk}")}

    return TOPIC.apply(topic, "send", actor=actor, scope=scope, effects=effects)


def topic_close(*, actor: Actor, scope: Scope, topic: Topic) -> Topic:
    return TOPIC.apply(topic, "close", actor=actor, scope=scope)


def _participants(group: DeputyGroup, deputies: Iterable[Deputy]) -> list[Deputy]:
    chosen = list(deputies)
    if any(d.group_id != group.pk for d in chosen):
        raise DomainError(_("Participants are deputies of the group."))
    return chosen


def activity_create(
    *,
    actor: Actor,
    scope: Scope,
    group: DeputyGroup,
    title: str,
    date: datetime.date,
    place: str = "",
    topic: Topic | None = None,
) -> GroupActivity:
    """A planned activity of a group (on one of its quarterly topics, or its own)."""
    require(permissions.can_create_activity_for(scope, group))
    title = text(title, _("title"), limit=200)
    if topic is not None and (not TOPIC.in_group(topic, "sent") or not topic.groups.filter(pk=group.pk).exists()):
        raise DomainError(_("The topic was not sent to this group."))
    with transaction.atomic():
        existing = GroupActivity.objects.filter(group=group, date=date, title=title).first()
        if existing is not None:
            return existing
        activity = GroupActivity.objects.create(
            group=group, topic=topic, region_id=group.region_id, title=title, date=date, place=str(place or "").strip(),
            created_by=user_of(actor),
        )  # fmt: skip
        audit_record(
            actor=actor, action="group_activity.create", obj=activity, region_id=activity.region_id,
            after=snapshot(activity, ["group_id", "topic_id", "title", "date", "place"]),
        )  # fmt: skip
    return activity


def activity_record(
    *,
    actor: Actor,
    scope: Scope,
    activity: GroupActivity,
    participants: Iterable[Deputy],
    findings: str,
    suggestions: str = "",
    place: str | None = None,
    on: datetime.date | None = None,
) -> GroupActivity:
    """The record of a held activity: who took part, what was found, which suggestions were raised."""
    require(permissions.can_record_activity(scope, activity))
    chosen = _participants(activity.group, participants)
    if not chosen:
        raise DomainError(_("Name at least one deputy who took part."))
    findings = text(findings, _("findings"))
    with transaction.atomic():
        locked = GroupActivity.objects.select_for_update().select_related("group").get(pk=activity.pk)
        ACTIVITY.check(locked, "record")
        if locked.date > today(on):
            raise InvalidTransition(_("An activity can only be recorded on or after its day."))
        before = {**snapshot(locked, RECORD_FIELDS), "participants": sorted(locked.participations.values_list("deputy_id", flat=True))}
        ACTIVITY.set_state(locked, "record")
        locked.findings, locked.suggestions = findings, str(suggestions or "").strip()
        if place is not None:
            locked.place = str(place).strip()
        locked.save(update_fields=RECORD_FIELDS)
        wanted = {d.pk: d for d in chosen}
        GroupParticipant.objects.filter(activity=locked).exclude(deputy_id__in=wanted).delete()
        have = set(GroupParticipant.objects.filter(activity=locked).values_list("deputy_id", flat=True))
        GroupParticipant.objects.bulk_create(
            [GroupParticipant(activity=locked, deputy=d, region_id=d.region_id) for pk, d in wanted.items() if pk not in have]
        )
        after = {**snapshot(locked, RECORD_FIELDS), "participants": sorted(wanted)}
        old, new = changed(before, after)
        if new:
            audit_record(actor=actor, action="group_activity.record", obj=locked, before=old, after=new, region_id=locked.region_id)
    return locked


def activity_close(*, actor: Actor, scope: Scope, activity: GroupActivity, outcome: str) -> GroupActivity:
    """The outcome of what the group raised (answers, problems solved): the activity is closed."""
    outcome = text(outcome, _("outcome"))

    def effects(locked: GroupActivity) -> None:
        locked.outcome = outcome

    return ACTIVITY.apply(activity, "close", actor=actor, scope=scope, effects=effects)


def activity_cancel(*, actor: Actor, scope: Scope, activity: GroupActivity, reason: str) -> GroupActivity:
    reason = text(reason, _("reason"), limit=200)
    return ACTIVITY.apply(activity, "cancel", actor=actor, scope=scope, effects=lambda locked: {"reason": reason})
