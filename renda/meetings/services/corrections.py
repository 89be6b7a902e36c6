"""Correcting a meeting's record (issue #14): its date and venue, and its agenda items (edit, delete, reorder).

Mistakes are corrected until the meeting's page is published; after that the record is what the public read, and a
correction is refused (InvalidTransition: 409 in the API, the reason on the page). Every correction is audited with
what it was before.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.org.models import Unit
from renda.org.scoping import Scope

from .. import permissions
from ..models import AgendaItem, Meeting
from .meetings import _current_term, require_item

#: orders are moved out of the way first (the order is unique per meeting), then given out 1…n
_ORDER_OFFSET = 16000


def require_correctable(meeting: Meeting) -> None:
    """A meeting's record may be corrected until its page is published."""
    if meeting.is_published:
        raise InvalidTransition(_("The meeting's page is published; its record can no longer be corrected."))


def _locked(scope: Scope, meeting: Meeting) -> Meeting:
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    locked = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    require_correctable(locked)
    return locked


def meeting_correct(
    *,
    actor: Actor,
    scope: Scope,
    meeting: Meeting,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    venue: str = "",
) -> Meeting:
    """Correct the dates and the venue (the sitting stays in its term; its number and title do not change)."""
    end_date = end_date or start_date
    if end_date < start_date:
        raise DomainError(_("The meeting cannot end before it starts."))
    with transaction.atomic():
        locked = _locked(scope, meeting)
        if _current_term(locked.body, start_date).pk != locked.term_id:
            raise DomainError(_("The corrected date lies outside the meeting's term."))
        before = snapshot(locked)
        changed = (locked.start_date, locked.end_date, locked.venue) != (start_date, end_date, venue.strip())
        if changed:
            locked.start_date, locked.end_date, locked.venue = start_date, end_date, venue.strip()
            locked.save(update_fields=["start_date", "end_date", "venue"])
            audit_record(actor=actor, action="meeting.correct", obj=locked, before=before, after=snapshot(locked),
                         region_id=locked.region_id)  # fmt: skip
    return locked


def agenda_item_edit(
    *,
    actor: Actor,
    scope: Scope,
    item: AgendaItem,
    kind: str,
    title: str,
    reporting_unit: Unit | None = None,
    reporter: str = "",
) -> AgendaItem:
    require_item(kind, title)
    with transaction.atomic():
        locked_meeting = _locked(scope, item.meeting)
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk, meeting=locked_meeting)
        before = snapshot(locked)
        values = (kind, title.strip(), reporting_unit.pk if reporting_unit else None, reporter.strip())
        if (locked.kind, locked.title, locked.reporting_unit_id, locked.reporter) != values:
            locked.kind, locked.title, locked.reporting_unit, locked.reporter = (
                kind,
                title.strip(),
                reporting_unit,
                reporter.strip(),
            )
            locked.save(update_fields=["kind", "title", "reporting_unit", "reporter"])
            audit_record(actor=actor, action="agenda_item.correct", obj=locked, before=before, after=snapshot(locked),
                         region_id=locked_meeting.region_id)  # fmt: skip
    return locked


def _renumber(meeting: Meeting, ids: Sequence[int]) -> None:
    for n, pk in enumerate(ids, start=1):
        AgendaItem.objects.filter(pk=pk).update(order=_ORDER_OFFSET + n)
    for n, pk in enumerate(ids, start=1):
        AgendaItem.objects.filter(pk=pk).update(order=n)


def agenda_item_delete(*, actor: Actor, scope: Scope, item: AgendaItem) -> Meeting:
    """Delete an item entered by mistake; the items after it move up. An item that already has polls, documents,
    a decision or review opinions stays (its records refer to it). Deleting it again changes nothing."""
    with transaction.atomic():
        locked_meeting = _locked(scope, item.meeting)
        locked = AgendaItem.objects.select_for_update().filter(pk=item.pk, meeting=locked_meeting).first()
        if locked is None:
            return locked_meeting  # a retried delete
        before = snapshot(locked)
        try:
            with transaction.atomic():
                locked.delete()
        except ProtectedError:
            raise DomainError(
                _("This agenda item has polls, documents, a decision or review opinions; it cannot be deleted.")
            ) from None
        rest = list(locked_meeting.items.order_by("order").values_list("pk", flat=True))
        _renumber(locked_meeting, rest)
        audit_record(actor=actor, action="agenda_item.delete", object_type="meetings.agendaitem", object_id=str(item.pk),
                     before=before, region_id=locked_meeting.region_id)  # fmt: skip
    return locked_meeting


def agenda_reorder(*, actor: Actor, scope: Scope, meeting: Meeting, item_ids: Sequence[int]) -> Meeting:
    """Put the agenda in the order given: every item of the meeting, each once."""
    with transaction.atomic():
        locked = _locked(scope, meeting)
        current = list(locked.items.order_by("order").values_list("pk", flat=True))
        if sorted(item_ids) != sorted(current):
            raise DomainError(_("Give every agenda item of the meeting once, in the new order."))
        if list(item_ids) != current:
            _renumber(locked, list(item_ids))
            audit_record(actor=actor, action="agenda.reorder", obj=locked, before={"items": current},
                         after={"items": list(item_ids)}, region_id=locked.region_id)  # fmt: skip
    return locked


def agenda_item_move(*, actor: Actor, scope: Scope, item: AgendaItem, direction: str) -> Meeting:
    """Move an item one place up or down (the page's arrows): a reorder of the whole agenda."""
    if direction not in {"up", "down"}:
        raise DomainError(_("Move an item up or down."))
    ids = list(item.meeting.items.order_by("order").values_list("pk", flat=True))
    at = ids.index(item.pk)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(ids):
        ids[at], ids[to] = ids[to], ids[at]
    return agenda_reorder(actor=actor, scope=scope, meeting=item.meeting, item_ids=ids)
