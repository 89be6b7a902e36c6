"""Appointments and removals by the standing committee (人事任免): a list submitted by the government, court,
procuratorate, supervisory commission or the directors' meeting (提请), put on a meeting's agenda, each nominee's
statement (供职发言), one ballot voting on each person, the result published person by person, the register of
office-holders kept with dates, the constitutional oath recorded, and an appointment letter (任命书) in Word."""

from __future__ import annotations

import datetime
import io
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document as WordDocument

from renda.core import rules as core_rules
from renda.core.actors import Actor
from renda.core.audit import audit_created
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.meetings.minutes import set_east_asian_font
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.meetings.results import poll_result
from renda.org.models import Body, Person, Unit
from renda.org.scoping import Scope

from .. import permissions, selectors
from ..lifecycles import APPOINTMENTS
from ..models import AppointmentList, Nomination, Oath, OfficeHolder
from ..rules import APPOINTMENT_POLL_KIND, OATH_TEXT
from .common import Vote, agenda_item, vote_step

NOMINATION_REF = "nomination:"


def appointment_list_submit(
    *,
    actor: Actor,
    scope: Scope,
    body: Body,
    nominator: str,
    title: str,
    submitted_on: datetime.date,
    nominations: list[dict[str, Any]],
    unit: Unit | None = None,
) -> AppointmentList:
    """Register a request to appoint or remove (each nomination: name, post, action, optional person — or the
    `person_id` a picker chose among the people of the area, refused outside it — unit and statement). Submitted again with the same title on the same day: the list already registered."""
    if not permissions.can_submit_appointments(scope) or not scope.region_covered(body.region_id):
        raise NotPermitted()
    if body.kind != Body.Kind.STANDING_COMMITTEE:
        raise DomainError(_("Appointments and removals are decided by a standing committee."))
    if nominator not in AppointmentList.Nominator.values:
        raise DomainError(_("Unknown nominator."))
    if not title.strip() or not nominations:
        raise DomainError(_("Give the list a title and at least one person."))
    rows = []
    for i, given in enumerate(nominations, start=1):
        n = {**given, "person": given.get("person") or _picked(body, given.get("person_id"))}
        name = " ".join(str(n["person"].name if n["person"] else n.get("name", "")).split())  # a picked person's own
        post, action = str(n.get("post", "")).strip(), n.get("action") or Nomination.Action.APPOINT
        if not name or not post or action not in Nomination.Action.values:
            raise DomainError(_("Each person needs a name, a post and whether to appoint or remove."))
        rows.append((i, name, post, action, n))
    with transaction.atomic():
        existing = AppointmentList.objects.filter(body=body, title=title.strip(), submitted_on=submitted_on).first()
        if existing is not None:
            return existing
        appointment_list = AppointmentList.objects.create(
            body=body,
            nominator=nominator,
            unit=unit,
            title=title.strip(),
            submitted_on=submitted_on,
            region_id=body.region_id,
        )
        Nomination.objects.bulk_create(
            [
                Nomination(
                    list=appointment_list,
                    order=i,
                    action=action,
                    name=name[:50],
                    post=post[:100],
                    person=n.get("person") or selectors.person_named(region_path=body.region.path, name=name),
                    unit=n.get("unit"),
                    statement=str(n.get("statement", "")),
                )
                for i, name, post, action, n in rows
            ]
        )
        named = [f"{name} {post}" for _i, name, post, _a, _n in rows]
        audit_created(actor=actor, action="appointments.submit", obj=appointment_list, nominations=named)
    return appointment_list


def _picked(body: Body, person_id: int | None) -> Person | None:
    """The person a picker chose by id: one of the deputies and members of the standing committee's area."""
    if person_id is None:
        return None
    person = selectors.people_for(region_path=body.region.path).filter(pk=person_id).first()
    if person is None:
        raise DomainError(_("The person picked is not one of the deputies or members of the area."))
    return person


def _reason(appointment_list: AppointmentList, what: str) -> str:
    return f"appointment list {appointment_list.pk} {what}"


def _lines(appointment_list: AppointmentList) -> list[tuple[str, str]]:
    """The ballot's lines: one a person, the action, name and post."""
    return [
        (f"{n.get_action_display()} {n.name} {n.post}", f"{NOMINATION_REF}{n.pk}")
        for n in appointment_list.nominations.order_by("order")
    ]


def _decide(locked: AppointmentList, on: datetime.date) -> dict[str, Any]:
    """Each nomination adopted or not by its own line of the ballot; the register follows."""
    poll = locked.poll
    assert poll is not None
    result = poll_result(poll)
    by_ref = {o.ref: o for o in result.options}
    adopted: list[str] = []
    rejected: list[str] = []
    for nomination in locked.nominations.select_for_update().order_by("order"):
        line = by_ref.get(f"{NOMINATION_REF}{nomination.pk}")
        passed = bool(line and line.passed)
        nomination.state = Nomination.State.APPOINTED if passed else Nomination.State.REJECTED
        nomination.decided_on = on
        nomination.save(update_fields=["state", "decided_on"])
        (adopted if passed else rejected).append(nomination.name)
        if not passed:
            continue
        if nomination.action == Nomination.Action.APPOINT:
            OfficeHolder.objects.get_or_create(
                appointed_by=nomination,
                defaults={
                    "body": locked.body,
                    "name": nomination.name,
                    "person": nomination.person,
                    "post": nomination.post,
                    "unit": nomination.unit,
                    "start_date": on,
                    "region_id": locked.region_id,
                },
            )
        else:
            holder = (
                OfficeHolder.objects.filter(body=locked.body, name=nomination.name, post=nomination.post, end_date__isnull=True)
                .order_by("-start_date")
                .first()
            )
            if holder is not None:
                holder.end_date, holder.removed_by = max(on, holder.start_date), nomination
                holder.save(update_fields=["end_date", "removed_by"])
    return {"adopted": adopted, "not_adopted": rejected}


def appointment_transition(
    *,
    actor: Actor,
    scope: Scope,
    appointment_list: AppointmentList,
    action: str,
    meeting: Meeting | None = None,
) -> AppointmentList:
    """schedule (on `meeting`'s agenda, a meeting of the same standing committee) · open (one ballot, a line per
    person; refused without a quorum) · close · decide (published; each person adopted or not, the register kept)."""
    if not permissions.can_manage_appointments(scope, appointment_list):
        raise NotPermitted()

    def effects(locked: AppointmentList) -> dict[str, Any] | None:
        if action == "schedule":
            if meeting is None or meeting.body_id != locked.body_id:
                raise DomainError(_("Choose a meeting of the same standing committee."))
            locked.meeting = meeting
            locked.item = agenda_item(actor, meeting, AgendaItem.Kind.APPOINTMENT, locked.title, _reason(locked, "scheduled"))
            return {"meeting": meeting.pk}
        assert locked.meeting is not None
        vote = Vote(
            APPOINTMENT_POLL_KIND.key, locked.body, locked.title, Poll.Matter.APPOINTMENT, partial(_lines, locked), "ballot"
        )
        voted = vote_step(actor, locked, action, partial(_reason, locked), vote)
        return voted if action in {"open", "close"} else _decide(locked, locked.meeting.start_date)

    return APPOINTMENTS.apply(appointment_list, action, actor=actor, scope=scope, effects=effects)


def oath_record(
    *,
    actor: Actor,
    scope: Scope,
    appointment_list: AppointmentList,
    leader: str,
    taken_on: datetime.date | None = None,
) -> Oath:
    """宪法宣誓: those appointed on the list take the constitutional oath at the meeting, led by one of them."""
    if not permissions.can_manage_appointments(scope, appointment_list):
        raise NotPermitted()
    if not APPOINTMENTS.in_group(appointment_list, "decided") or appointment_list.meeting is None:
        raise InvalidTransition(_("The oath is taken once the appointments are decided."))
    with transaction.atomic():
        appointed = list(
            Nomination.objects.select_for_update().filter(
                list=appointment_list, state=Nomination.State.APPOINTED, action=Nomination.Action.APPOINT
            )
        )
        if not appointed:
            raise DomainError(_("Nobody on this list was appointed."))
        if appointed[0].oath_id is not None:
            return Oath.objects.get(pk=appointed[0].oath_id)
        leader = leader.strip() or appointed[0].name
        oath = Oath.objects.create(
            meeting=appointment_list.meeting,
            taken_on=taken_on or appointment_list.meeting.start_date,
            leader=leader[:50],
            text=core_rules.value(OATH_TEXT.key, region_path=appointment_list.body.region.path),
            region_id=appointment_list.region_id,
        )
        Nomination.objects.filter(pk__in=[n.pk for n in appointed]).update(oath=oath)
        audit_created(actor=actor, action="appointments.oath", obj=oath, sworn=[n.name for n in appointed])
    return oath


def appointment_letter_docx(nomination: Nomination) -> bytes:
    """任命书: the standing committee's letter to the person appointed, in Chinese whatever the reader's language."""
    if nomination.state != Nomination.State.APPOINTED or nomination.action != Nomination.Action.APPOINT:
        raise InvalidTransition(_("A letter is issued to a person appointed."))
    appointment_list = nomination.list
    body = appointment_list.body
    meeting = appointment_list.meeting
    assert meeting is not None and nomination.decided_on is not None
    with translation.override("zh-hans"):
        doc = WordDocument()
        set_east_asian_font(doc)
        doc.add_heading("任命书", level=1)
        doc.add_paragraph(f"{nomination.name}同志：")
        day = nomination.decided_on
        doc.add_paragraph(f"经{meeting.title}于{day.year}年{day.month}月{day.day}日表决通过，任命你为{nomination.post}。")
        doc.add_paragraph(body.name)
        doc.add_paragraph(f"{day.year}年{day.month}月{day.day}日")
        buffer = io.BytesIO()
        doc.save(buffer)
    return buffer.getvalue()


def today() -> datetime.date:
    return timezone.localdate()


__all__ = [
    "NOMINATION_REF",
    "appointment_letter_docx",
    "appointment_list_submit",
    "appointment_transition",
    "oath_record",
]
