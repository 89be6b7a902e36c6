"""The preparatory meeting (预备会议) of a congress session: held by the same deputies before the session opens, it
elects the session presidium (主席团) from a draft list and adopts the session's agenda, each by a vote.

`preparatory_meeting_create` plans it with its two agenda items and their polls (the way of voting is the rule
`meetings.preparatory.poll_kind`); when the presidium poll is published with the list adopted, the session
presidium is seated (a body of its own, its members' seats for the session's days) and linked to the session;
when the agenda poll is adopted the session's agenda stands adopted.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.actors import Actor
from renda.core.audit import audit_created, audit_record
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.org.models import Body, Deputy, Membership, Person
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import MEETING, POLL
from ..membership import preparatory_title
from ..models import AgendaItem, Meeting, Poll, PollOption, PresidiumNomination
from ..results import poll_result
from ..rules import PREPARATORY_POLL_KIND
from .meetings import _invite_members, require_editable

K = AgendaItem.Kind


@dataclass(frozen=True)
class PreparatoryState:
    meeting: Meeting | None
    closed: bool
    presidium_elected: bool
    agenda_adopted: bool


def _adopted(item: AgendaItem | None) -> bool:
    if item is None:
        return False
    for poll in item.polls.filter(state__in=POLL.group("published")).order_by("-pk"):
        result = poll_result(poll)
        return bool(result.motion and result.motion.passed)
    return False


def preparatory_state(session: Meeting) -> PreparatoryState:
    meeting = Meeting.objects.filter(preparatory_for=session).first()
    if meeting is None:
        return PreparatoryState(None, False, False, False)
    items = {i.kind: i for i in meeting.items.filter(kind__in=[K.ELECT_PRESIDIUM, K.ADOPT_AGENDA])}
    return PreparatoryState(
        meeting,
        closed=MEETING.in_group(meeting, "over"),
        presidium_elected=session.presidium_id is not None,
        agenda_adopted=_adopted(items.get(K.ADOPT_AGENDA)),
    )


def preparatory_agenda(
    meeting: Meeting, session_title: str, *, people: Sequence[int], secretary_general: int | None
) -> list[tuple[AgendaItem, str]]:
    """A preparatory meeting's two items (elect the session presidium — and the secretary-general — and adopt the
    agenda), the presidium's draft list in order, and the draft each item votes on: [(item, draft title)]."""
    presidium_item = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        kind=K.ELECT_PRESIDIUM,
        title="选举大会主席团和秘书长" if secretary_general is not None else "选举大会主席团",
    )
    agenda_item = AgendaItem.objects.create(meeting=meeting, order=2, kind=K.ADOPT_AGENDA, title="通过大会议程")
    nominations = [
        PresidiumNomination(meeting=meeting, person_id=pid, role=Membership.Role.MEMBER, order=i)
        for i, pid in enumerate(people, 1)
    ]
    if secretary_general is not None and secretary_general not in people:
        nominations.append(
            PresidiumNomination(
                meeting=meeting, person_id=secretary_general, role=Membership.Role.SECRETARY_GENERAL, order=len(people) + 1
            )
        )
    PresidiumNomination.objects.bulk_create(nominations)
    list_title = f"{session_title}主席团{'和秘书长' if secretary_general is not None else ''}名单（草案）"
    return [(presidium_item, list_title), (agenda_item, f"{session_title}议程（草案）")]


def preparatory_meeting_create(
    *,
    actor: Actor,
    scope: Scope,
    session: Meeting,
    presidium: Sequence[Person],
    start_date: datetime.date | None = None,
    venue: str = "",
    secretary_general: Person | None = None,
    kind: str | None = None,
) -> Meeting:
    """Plan the session's preparatory meeting with the draft presidium list (deputies of the congress, in order)
    and the two votes it takes: the presidium list and the session's agenda."""
    if not permissions.can_manage_meeting(scope, session):
        raise NotPermitted()
    if session.body.kind != Body.Kind.CONGRESS or session.preparatory_for_id is not None:
        raise DomainError(_("Only a congress session has a preparatory meeting."))
    start_date = start_date or session.start_date
    if start_date > session.start_date:
        raise DomainError(_("The preparatory meeting is held before the session opens."))
    people = list(dict.fromkeys(presidium))
    if not people:
        raise DomainError(_("Name the members of the session presidium."))
    serving = set(
        Deputy.objects.filter(congress=session.body, term=session.term, status=Deputy.Status.SERVING).values_list(
            "person_id", flat=True
        )
    )
    if any(p.pk not in serving for p in people) or (secretary_general is not None and secretary_general.pk not in serving):
        raise DomainError(_("The session presidium is elected from the serving deputies of the congress."))
    kind = kind or core_rules.value(PREPARATORY_POLL_KIND.key, region_path=session.region.path)
    if kind not in Poll.Kind.values:
        raise DomainError(_("Unknown kind or method of poll."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=session.pk)
        require_editable(locked)
        if not MEETING.in_group(locked, "before_start"):
            raise InvalidTransition(_("The session has opened: its preparatory meeting is over."))
        existing = Meeting.objects.filter(preparatory_for=locked).first()
        if existing is not None:
            return existing  # a retried submit (before the session opens)
        meeting = Meeting.objects.create(
            body=locked.body,
            term=locked.term,
            number=locked.number,
            title=preparatory_title(locked.title),
            start_date=start_date,
            end_date=start_date,
            venue=venue.strip() or locked.venue,
            region_id=locked.region_id,
            preparatory_for=locked,
        )
        _invite_members(meeting)
        drafts = preparatory_agenda(
            meeting,
            locked.title,
            people=[p.pk for p in people],
            secretary_general=secretary_general.pk if secretary_general is not None else None,
        )
        for item, title in drafts:
            poll = Poll.objects.create(
                meeting=meeting, item=item, title=title, kind=kind, matter=Poll.Matter.RESOLUTION,
                threshold=_threshold(locked), region_id=meeting.region_id,
            )  # fmt: skip
            PollOption.objects.create(poll=poll, order=1, text=title)
        audit_created(actor=actor, action="meeting.preparatory.create", obj=meeting, presidium=[p.pk for p in people])
    return meeting


def _threshold(session: Meeting) -> str:
    from ..rules import threshold_for

    return threshold_for(session.body.kind, Poll.Matter.RESOLUTION, session.region.path)


def seat_session_presidium(actor: Actor, poll: Poll) -> Body | None:
    """Called inside the publication of a preparatory meeting's presidium poll: when the list is adopted, the
    session presidium is seated for the session's days and linked to the session. Idempotent."""
    meeting = poll.meeting
    session = meeting.preparatory_for
    if session is None or poll.item is None or poll.item.kind != K.ELECT_PRESIDIUM:
        return None
    result = poll_result(poll)
    if not (result.motion and result.motion.passed):
        return None
    session = Meeting.objects.select_for_update().get(pk=session.pk)
    if session.presidium_id is not None:
        return session.presidium
    body, _created = Body.objects.get_or_create(
        region_id=session.region_id,
        name=f"{session.title}主席团",
        defaults={"kind": Body.Kind.SESSION_PRESIDIUM, "level": session.body.level, "congress": session.body, "sort_order": 90},
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person_id=n.person_id,
                body=body,
                term=session.term,
                role=n.role,
                start_date=meeting.start_date,
                end_date=session.end_date,
            )
            for n in meeting.presidium_nominations.order_by("order")
        ],
        ignore_conflicts=True,
    )
    session.presidium = body
    session.save(update_fields=["presidium"])
    audit_record(
        actor=actor,
        action="meeting.presidium.seat",
        obj=session,
        after={"presidium": body.pk, "members": list(meeting.presidium_nominations.values_list("person_id", flat=True))},
        region_id=session.region_id,
    )
    return body
