"""Activities: planned by the body that organises them, the group (participations), places visited, the articles
of a law checked, findings (by staff or by participants from a phone), the report, publication, and where the
report is heard."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_record, audit_saved, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.meetings.models import AgendaItem, Meeting
from renda.org.models import Body, Deputy, Membership, Person
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import ACTIVITY, CAMPAIGN
from ..models import Activity, Article, Campaign, Finding, Participation, Place
from ._common import agenda_item_add, congress_of, create_once, publish, required, today, within

EDITABLE_FIELDS = ("title", "plan", "law", "start_date", "end_date")


def _check_dates(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise DomainError(_("The activity cannot end before it starts."))


def _check_campaign(scope: Scope, campaign: Campaign | None, organiser: Body) -> None:
    if campaign is None:
        return
    if not CAMPAIGN.in_group(campaign, "open"):
        raise DomainError(_("The campaign is concluded: it takes no more activities."))
    if not within(organiser.region, campaign.region):
        raise DomainError(_("The organiser is outside the campaign's region."))
    if campaign.levels == Campaign.Levels.DISTRICT and organiser.level != Body.Level.DISTRICT:
        raise DomainError(_("This campaign is held by the district congress only."))
    q = permissions.campaign_q(scope)
    if q is None or not Campaign.objects.filter(q, pk=campaign.pk).exists():
        raise NotPermitted()


def activity_create(
    *,
    actor: Actor,
    scope: Scope,
    kind: str,
    title: str,
    organiser: Body,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    plan: str = "",
    law: str = "",
    campaign: Campaign | None = None,
) -> Activity:
    """A planned activity of a body the actor runs (an activity within a campaign when `campaign` is given)."""
    if organiser.kind not in permissions.ORGANISER_KINDS:
        raise DomainError(_("Choose the standing committee, a committee, a presidium or a sub-district working committee."))
    if not permissions.manages_body(scope, organiser):
        raise NotPermitted()
    if kind not in Activity.Kind.values:
        raise DomainError(_("Unknown kind of activity."))
    title = required(title, _("Give the activity's subject."))
    end_date = end_date or start_date
    _check_dates(start_date, end_date)
    law = (law or "").strip()
    if kind == Activity.Kind.LAW_CHECK and not law:
        raise DomainError(_("Name the law a law-enforcement check checks."))
    _check_campaign(scope, campaign, organiser)
    with transaction.atomic():
        defaults = {
            "region_id": organiser.region_id,
            "campaign": campaign,
            "end_date": end_date,
            "plan": (plan or "").strip(),
            "law": law,
        }
        return create_once(
            Activity,
            actor=actor,
            action="supervision.activity.create",
            organiser=organiser,
            kind=kind,
            title=title,
            start_date=start_date,
            defaults=defaults,
        )


def _require_editable(activity: Activity) -> None:
    if not ACTIVITY.in_group(activity, "editable"):
        raise InvalidTransition(_("The activity's report is adopted: its plan, group and places no longer change."))


def activity_update(*, actor: Actor, scope: Scope, activity: Activity, **changes: Any) -> Activity:
    """Change the plan (subject, dates, plan text, law) while the activity is planned or under way. The dates are
    copied onto its participations."""
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    if set(changes) - set(EDITABLE_FIELDS):
        raise DomainError(_("Those fields cannot be changed."))
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        _require_editable(locked)
        before = snapshot(locked, list(changes))
        for key, value in changes.items():
            setattr(locked, key, value.strip() if isinstance(value, str) else value)
        locked.title = required(locked.title, _("Give the activity's subject."))
        _check_dates(locked.start_date, locked.end_date)
        if locked.kind == Activity.Kind.LAW_CHECK and not locked.law:
            raise DomainError(_("Name the law a law-enforcement check checks."))
        after = snapshot(locked, list(changes))
        if after == before:
            return locked
        locked.save(update_fields=list(changes))
        if "start_date" in changes:
            Participation.objects.filter(activity=locked).update(date=locked.start_date)
        audit_record(
            actor=actor, action="supervision.activity.update", obj=locked, before=before, after=after, region_id=locked.region_id
        )
    return locked


def activity_transition(*, actor: Actor, scope: Scope, activity: Activity, action: str) -> Activity:
    """start → (report: `activity_report`) → close; cancel while planned; publish the report's page."""
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    if action == "publish":
        return activity_publish(actor=actor, scope=scope, activity=activity)
    if action == "report":
        raise DomainError(_("Write the report to adopt it."))
    return ACTIVITY.apply(activity, action, actor=actor, scope=scope)


def activity_report(*, actor: Actor, scope: Scope, activity: Activity, text: str, on: datetime.date | None = None) -> Activity:
    """The activity's report (视察/调研/执法检查报告), adopted: the activity moves from under way to reported."""
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    text = required(text, _("Write the report."))
    day = today(on)

    def effects(locked: Activity) -> dict[str, Any]:
        locked.report_text, locked.reported_on = text, day
        return {"reported_on": day}

    return ACTIVITY.apply(activity, "report", actor=actor, scope=scope, effects=effects)


def activity_publish(*, actor: Actor, scope: Scope, activity: Activity) -> Activity:
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        refusal = _("Only an adopted report can be published.")
        action = "supervision.activity.publish"
        return publish(locked, actor=actor, action=action, lifecycle=ACTIVITY, group="reported", refusal=refusal)


# --- the group ------------------------------------------------------------------------------------------------


def _mandate(person: Person, organiser: Body) -> Deputy | None:
    """The person's serving mandate, the organiser's own congress first (a district deputy at a town's activity
    takes part as a district deputy)."""
    congress_id = congress_of(organiser)
    return (
        Deputy.objects.filter(person=person, status=Deputy.Status.SERVING)
        .annotate(own=Case(When(congress_id=congress_id, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("own", "pk")
        .first()
    )


def _role_of(person: Person, activity: Activity, leader: Person | None) -> str:
    if leader is not None and person.pk == leader.pk:
        return Participation.Role.LEADER
    seated = Membership.objects.filter(person=person, body=activity.organiser, start_date__lte=activity.start_date).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=activity.start_date)
    )
    return Participation.Role.MEMBER if seated.exists() else Participation.Role.DEPUTY


def participants_add(
    *, actor: Actor, scope: Scope, activity: Activity, people: Sequence[Person], leader: Person | None = None
) -> list[Participation]:
    """Add people to the group: each as the group's leader, a member of the organising body, or a deputy (with the
    mandate they take part in). People already in the group are left as they are."""
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    people = list({p.pk: p for p in [*people, *([leader] if leader else [])]}.values())
    if not people:
        raise DomainError(_("Choose the people taking part."))
    with transaction.atomic():
        locked = Activity.objects.select_for_update().select_related("organiser").get(pk=activity.pk)
        _require_editable(locked)
        present = set(Participation.objects.filter(activity=locked).values_list("person_id", flat=True))
        rows = []
        for person in people:
            if person.pk in present:
                continue
            mandate = _mandate(person, locked.organiser)
            rows.append(
                Participation(
                    activity=locked,
                    person=person,
                    deputy=mandate,
                    role=_role_of(person, locked, leader),
                    kind=locked.kind,
                    date=locked.start_date,
                    region_id=locked.region_id,
                    campaign_id=locked.campaign_id,
                )
            )
        if not rows:
            return []
        created = Participation.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="supervision.participants.add",
            obj=locked,
            after={"people": [r.person_id for r in rows], "roles": [r.role for r in rows]},
            region_id=locked.region_id,
        )
    return created


def participant_remove(*, actor: Actor, scope: Scope, participation: Participation) -> None:
    activity = participation.activity
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        _require_editable(locked)
        deleted, _rows = Participation.objects.filter(pk=participation.pk).delete()
        if deleted:
            audit_record(
                actor=actor,
                action="supervision.participants.remove",
                obj=locked,
                before={"person": participation.person_id, "role": participation.role},
                region_id=locked.region_id,
            )


def place_add(*, actor: Actor, scope: Scope, activity: Activity, kind: str, count: int = 1, names: str = "") -> Place:
    """Places visited by kind and count ("5 个科技创新平台")."""
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    kind = required(kind, _("Say what kind of place was visited."))
    if not 1 <= int(count) <= 10_000:
        raise DomainError(_("Give the number of places visited (at least 1)."))
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        _require_editable(locked)
        names = (names or "").strip()
        action = "supervision.place.add"
        return create_once(
            Place, actor=actor, action=action, region_id=locked.region_id, activity=locked, kind=kind, names=names, count=count
        )


def article_record(
    *, actor: Actor, scope: Scope, activity: Activity, number: str, provision: str = "", finding: str = ""
) -> Article:
    """An article of the law checked, with its finding; the same article again updates its text and finding."""
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    if activity.kind != Activity.Kind.LAW_CHECK:
        raise DomainError(_("Only a law-enforcement check checks articles of a law."))
    number = required(number, _("Name the article."))
    values = {"provision": (provision or "").strip(), "finding": (finding or "").strip()}
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if not ACTIVITY.in_group(locked, "editable"):
            raise InvalidTransition(_("The check's report is adopted: its articles no longer change."))
        article = Article.objects.filter(activity=locked, number=number).first()
        if article is None:
            article = Article.objects.create(activity=locked, number=number, **values)
            audit_record(
                actor=actor, action="supervision.article.add", obj=article, after=snapshot(article), region_id=locked.region_id
            )
            return article
        before = snapshot(article, list(values))
        if before == values:
            return article
        audit_saved(
            article, actor=actor, action="supervision.article.update", before=before, region_id=locked.region_id, **values
        )
    return article


# --- findings ----------------------------------------------------------------------------------------------------


def finding_add(
    *,
    actor: Actor,
    scope: Scope,
    activity: Activity,
    text: str,
    kind: str = Finding.Kind.PROBLEM,
    place: str = "",
    on: datetime.date | None = None,
    client_token: str = "",
) -> Finding:
    """A finding or suggestion. Participants add theirs while the group is out (from a phone, with a client token
    so a resent form adds nothing); staff who run the activity until it is closed."""
    if not permissions.can_add_finding(scope, activity):
        raise NotPermitted()
    manager = permissions.can_manage_activity(scope, activity)
    if kind not in Finding.Kind.values:
        raise DomainError(_("Unknown kind of finding."))
    text = required(text, _("Write what was found or proposed."))
    author_id = scope.person_id if permissions.takes_part(scope, activity) else None
    token = (client_token or "").strip()[:64]
    if token and author_id:
        existing = Finding.objects.filter(author_id=author_id, client_token=token).first()
        if existing:
            return existing
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        open_to_actor = ACTIVITY.in_group(locked, "in_field") or (
            manager and (ACTIVITY.in_group(locked, "editable") or ACTIVITY.can(locked, "close"))
        )
        if not open_to_actor:
            raise InvalidTransition(_("Findings are added while the group is out."))
        day = today(on)
        if day < locked.start_date:
            raise DomainError(_("A finding cannot be dated before the activity starts."))
        finding = Finding.objects.create(
            activity=locked,
            kind=kind,
            text=text,
            place=(place or "").strip()[:200],
            on=day,
            author_id=author_id,
            client_token=token if author_id else "",
            region_id=locked.region_id,
            campaign_id=locked.campaign_id,
        )
        audit_record(
            actor=actor,
            action="supervision.finding.add",
            obj=finding,
            after=snapshot(finding, ["activity_id", "kind", "text", "place", "on", "author_id"]),
            region_id=locked.region_id,
        )
    return finding


# --- where the report is heard ---------------------------------------------------------------------------------


def activity_hearing_set(
    *, actor: Actor, scope: Scope, activity: Activity, item: AgendaItem | None = None, meeting: Meeting | None = None
) -> Activity:
    """Link the activity to the agenda item where its report is heard: an existing item, or a new "hear and review"
    item on `meeting` (added by the meetings service, for staff who run that meeting). Review opinions on the
    report then live on that item, in the meetings' loop."""
    if not permissions.can_manage_activity(scope, activity):
        raise NotPermitted()
    if (item is None) == (meeting is None):
        raise DomainError(_("Choose the agenda item, or the meeting to add it to."))
    target_meeting = item.meeting if item is not None else meeting
    assert target_meeting is not None
    if congress_of(target_meeting.body) != congress_of(activity.organiser):
        raise DomainError(_("The report is heard at a meeting of the organiser's own congress."))
    if target_meeting.start_date < activity.start_date:
        raise DomainError(_("Choose a meeting after the activity started."))
    if item is None:
        item = agenda_item_add(
            actor=actor,
            scope=scope,
            meeting=target_meeting,
            kind=AgendaItem.Kind.HEAR_REPORT,
            title=_("Hear and review the report of the %(kind)s: %(title)s")
            % {"kind": activity.get_kind_display(), "title": activity.title},
        )
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.heard_at_id == item.pk:
            return locked
        if locked.heard_at_id is not None:
            raise InvalidTransition(_("The report is already on a meeting's agenda."))
        audit_saved(locked, actor=actor, action="supervision.activity.hearing", heard_at=item)
    return locked
