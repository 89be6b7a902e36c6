"""Meetings: creating them (one at a time, or the uniform mid-year town sessions), moving them through their
lifecycle, publishing their page, their agenda and documents."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core import uploads
from renda.core.actors import Actor, system, user_of
from renda.core.audit import audit_created, audit_record, snapshot
from renda.core.clock import event_time
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.notify import notify
from renda.core.ordering import next_position
from renda.org.models import Body, Role, Term, Unit
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import MEETING, POLL
from ..membership import meeting_title, member_person_ids, require_quorum
from ..models import AgendaItem, Attendance, Document, Meeting
from ..rules import DOCUMENT_MAX_BYTES, DOCUMENT_MAX_PIXELS, DOCUMENT_TYPES, MIDYEAR_AGENDA, PREPARATORY_REQUIRED


def _current_term(body: Body, on: datetime.date) -> Term:
    congress_id = body.congress_id or body.pk
    term = Term.objects.filter(congress_id=congress_id, start_date__lte=on).order_by("-start_date").first()
    if term is None or (term.end_date and term.end_date < on):
        raise DomainError(_("No term of this congress covers %(date)s.") % {"date": on.isoformat()})
    return term


def _invite_members(meeting: Meeting) -> int:
    """Invite the body's full membership on the meeting date (voting members). Existing rows stay."""
    person_ids = set(member_person_ids(body=meeting.body, term=meeting.term, on=meeting.start_date))
    existing = set(meeting.attendances.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, person_id=pid, role=Attendance.Role.MEMBER, entitled=True, region_id=meeting.region_id)
            for pid in sorted(person_ids - existing)
        ]
    )
    # Anyone invited as a member who no longer holds a seat on the date loses the vote.
    meeting.attendances.filter(role=Attendance.Role.MEMBER).exclude(person_id__in=person_ids).update(entitled=False)
    return len(person_ids - existing)


def meeting_create(
    *,
    actor: Actor,
    scope: Scope,
    body: Body,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    venue: str = "",
    number: int | None = None,
    rollout: str = "",
    agenda: Sequence[tuple[str, str]] | None = None,
    title: str = "",
    at: datetime.datetime | None = None,
) -> Meeting:
    """A planned meeting numbered within the term, with its members invited (and an agenda, if given). Its title is
    the one the numbering gives unless the minutes name it (`title`); `at` is when it was set up (a past ledger's
    time, checked by `core.clock.event_time`; default now)."""
    if not permissions.can_create_meeting_for(scope, body):
        raise NotPermitted()
    created = event_time(at)
    end_date = end_date or start_date
    if end_date < start_date:
        raise DomainError(_("The meeting cannot end before it starts."))
    with transaction.atomic():
        term = _current_term(body, start_date)
        Body.objects.select_for_update().filter(pk=body.pk).first()  # numbers are given out one at a time per body
        last = Meeting.objects.filter(body=body, term=term).order_by("-number").values_list("number", flat=True).first() or 0
        if number is None:
            number = last + 1
        elif Meeting.objects.filter(body=body, term=term, number=number).exists():
            raise DomainError(_("Sitting number %(n)s of this term already exists.") % {"n": number})
        meeting = Meeting.objects.create(
            body=body,
            term=term,
            number=number,
            title=title.strip()[:200] or meeting_title(body, term, number),
            start_date=start_date,
            end_date=end_date,
            venue=venue.strip(),
            region_id=body.region_id,
            rollout=rollout,
        )
        if at is not None:  # a meeting of the past: set up when its minutes say
            Meeting.objects.filter(pk=meeting.pk).update(created_at=created)
            meeting.created_at = created
        _invite_members(meeting)
        for order, (kind, item_title) in enumerate(agenda or [], start=1):
            AgendaItem.objects.create(meeting=meeting, order=order, kind=kind, title=item_title)
        audit_created(actor=actor, action="meeting.create", obj=meeting)
    return meeting


def midyear_rollout(
    *,
    actor: Actor,
    scope: Scope,
    start_date: datetime.date,
    venue: str = "",
    agenda: Sequence[tuple[str, str]] | None = None,
) -> list[Meeting]:
    """The uniform mid-year sessions: one session of every town congress in scope, same day, one agenda."""
    if not permissions.can_roll_out(scope):
        raise NotPermitted()
    congresses = [
        b
        for b in Body.objects.filter(kind=Body.Kind.CONGRESS, level=Body.Level.TOWN)
        .select_related("region")
        .order_by("region__path")
        if scope.everything or Role.OFFICE in scope.roles_in_region(b.region_id)
    ]
    if not congresses:
        raise DomainError(_("There is no town congress in your district."))
    key = f"midyear-{start_date.isoformat()}"
    template = agenda or [(kind, title) for kind, title in core_rules.value(MIDYEAR_AGENDA.key)]
    with transaction.atomic():
        existing = list(Meeting.objects.filter(rollout=key))
        if existing:
            return existing  # a retried submit: already rolled out
        # The district office sets up sessions that town staff run: the rollout creates them on the office's behalf.
        reason = f"meetings: mid-year rollout {key}"
        meetings = [
            meeting_create(
                actor=system(reason, on_behalf_of=actor),
                scope=Scope.system(reason),
                body=congress,
                start_date=start_date,
                venue=venue,
                rollout=key,
                agenda=template,
            )
            for congress in congresses
        ]
        audit_record(
            actor=actor,
            action="meeting.rollout",
            object_type="meetings.rollout",
            object_id=key,
            after={"meetings": [m.pk for m in meetings]},
        )
    return meetings


def _convene(locked: Meeting, when: datetime.datetime) -> None:
    """Invite the members (the membership on the date may have changed since planning) and tell them; the notice
    date is recorded (the rule `meetings.notice_days.<kind>` says how long before the sitting it should be)."""
    _invite_members(locked)
    if locked.notified_on is None:
        locked.notified_on = min(timezone.localdate(when), locked.start_date)
    users = [a.person.user for a in locked.attendances.select_related("person__user") if a.person.user_id]
    notify(
        users=users,
        kind="meeting.convened",
        title=_("You are invited: %(title)s") % {"title": locked.title},
        url=f"/meetings/{locked.pk}/",
        dedupe_key=f"meeting-{locked.pk}-convened",
        event_on=locked.start_date,
    )


def _start(locked: Meeting, when: datetime.datetime) -> None:
    """A sitting opens only with its quorum present (two thirds or more of all deputies at a congress session,
    more than half of all members elsewhere: the rule for the body's kind); a congress session, where the rule
    asks for it, only after its preparatory meeting elected the session presidium and adopted the agenda."""
    require_quorum(locked, opening=True)
    session = locked.body.kind == Body.Kind.CONGRESS and locked.preparatory_for_id is None
    if session and core_rules.value(PREPARATORY_REQUIRED.key, region_path=locked.region.path) and not preparatory_done(locked):
        raise InvalidTransition(
            _("The session opens after its preparatory meeting has elected the session presidium and adopted the agenda.")
        )


def _close(locked: Meeting, when: datetime.datetime) -> None:
    if locked.polls.filter(state__in=POLL.group("voting")).exists():
        raise InvalidTransition(_("Close the open polls before closing the meeting."))


MEETING_EFFECTS = {"convene": _convene, "start": _start, "close": _close}


def meeting_transition(
    *, actor: Actor, scope: Scope, meeting: Meeting, action: str, at: datetime.datetime | None = None
) -> Meeting:
    """convene (invite and notify) → start → close (no poll left open); `publish` publishes the page. `at`: when
    the move happened (a past ledger's time, checked by `core.clock.event_time`; default now), in the audit event."""
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    if action == "publish":
        return meeting_publish(actor=actor, scope=scope, meeting=meeting)
    when = event_time(at)
    effect = MEETING_EFFECTS.get(action)

    def effects(locked: Meeting) -> dict[str, Any] | None:
        if effect is not None:
            effect(locked, when)
        return {"at": when.isoformat()} if at is not None else None

    return MEETING.apply(meeting, action, actor=actor, effects=effects)


def meeting_publish(*, actor: Actor, scope: Scope, meeting: Meeting) -> Meeting:
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.is_published:
            return locked
        if not MEETING.in_group(locked, "held"):
            raise InvalidTransition(_("A planned meeting cannot be published before it is convened."))
        locked.is_published, locked.published_at = True, timezone.now()
        locked.save(update_fields=["is_published", "published_at"])
        audit_record(actor=actor, action="meeting.publish", obj=locked, after={"is_published": True}, region_id=locked.region_id)
    return locked


def preparatory_done(session: Meeting) -> bool:
    """The session's preparatory meeting is closed, with the session presidium elected and the agenda adopted."""
    from .preparatory import preparatory_state

    state = preparatory_state(session)
    return state.closed and state.presidium_elected and state.agenda_adopted


def require_editable(meeting: Meeting) -> None:
    if not MEETING.in_group(meeting, "editable"):
        raise InvalidTransition(_("The meeting is closed; its agenda and documents can no longer change."))


def require_item(kind: str, title: str) -> None:
    """An agenda item has a known kind and a title."""
    if kind not in AgendaItem.Kind.values:
        raise DomainError(_("Unknown kind of agenda item."))
    if not title.strip():
        raise DomainError(_("Give the item a title."))


def agenda_item_add(
    *,
    actor: Actor,
    scope: Scope,
    meeting: Meeting,
    kind: str,
    title: str,
    reporting_unit: Unit | None = None,
    reporter: str = "",
) -> AgendaItem:
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    require_item(kind, title)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_editable(locked)
        duplicate = locked.items.filter(kind=kind, title=title.strip()).first()
        if duplicate:
            return duplicate  # a retried submit
        order = next_position(locked.items.all())
        item = AgendaItem.objects.create(
            meeting=locked, order=order, kind=kind, title=title.strip(), reporting_unit=reporting_unit, reporter=reporter.strip()
        )
        audit_record(actor=actor, action="agenda_item.create", obj=item, after=snapshot(item), region_id=locked.region_id)
    return item


def document_add(
    *, actor: Actor, scope: Scope, meeting: Meeting, title: str, file: File[Any], item: AgendaItem | None = None
) -> Document:
    """Upload a document; a document with the same title becomes its next version. The file must really be of one
    of the accepted types (`meetings.document_types`, judged by its content) and within the size rule."""
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    path = meeting.region.path
    uploads.check_files(
        [file],
        allowed=core_rules.value(DOCUMENT_TYPES.key, region_path=path),
        max_bytes=int(core_rules.value(DOCUMENT_MAX_BYTES.key, region_path=path)),
        max_count=1,
        max_pixels=int(core_rules.value(DOCUMENT_MAX_PIXELS.key, region_path=path)),
    )
    if item is not None and item.meeting_id != meeting.pk:
        raise DomainError(_("That agenda item belongs to another meeting."))
    if not title.strip():
        raise DomainError(_("Give the document a title."))
    checked = uploads.check_documents([file], region_path=meeting.region.path, max_count=1)  # by content, per the rules
    if not checked:
        raise DomainError(_("Choose a file."))
    file = checked[0].upload
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        require_editable(locked)
        version = next_position(locked.documents.filter(title=title.strip()), "version")
        doc = Document(meeting=locked, item=item, title=title.strip(), version=version, uploaded_by=user_of(actor))
        doc.file.save(getattr(file, "name", "document"), file, save=False)
        doc.save()
        audit_record(
            actor=actor,
            action="document.upload",
            obj=doc,
            after={"title": doc.title, "version": version},
            region_id=locked.region_id,
        )
    return doc
