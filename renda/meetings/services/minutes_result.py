"""A vote of a past meeting recorded from its minutes, not replayed: the counts the minutes give (for, against,
abstain, not voting; per candidate in an election) and the outcome they state, checked against the rules of live
counting and stored as a published poll with one count entered by the importer — never a ballot per voter.

Checks, each refusing the vote with its reason: the meeting took place (opened, hence with its quorum) and its
imported attendance still shows the quorum (a sitting without quorum takes no vote: DOMAIN §3.1); every count is
0 or more; for + against + abstain + not voting is at most the members present; the outcome the minutes state
agrees with the threshold the rules give for the body and the matter (the same `threshold_for` and the same base
as a live poll). The audit event `poll.record_minutes` says it came from the minutes (which file and row)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import Actor
from renda.core.audit import audit_record
from renda.core.clock import event_time
from renda.core.errors import DomainError, NotPermitted
from renda.core.models import User
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import MEETING
from ..membership import present_members, quorum_of
from ..models import AgendaItem, Meeting, PaperCount, Poll, PollOption
from ..results import _required
from ..rules import threshold_for
from .meetings import require_editable


@dataclass(frozen=True)
class MinutesCount:
    """One line of the minutes: the motion (`text` empty) or a candidate, its counts and the outcome stated
    (adopted / elected; None when the minutes do not say)."""

    text: str
    yes: int
    no: int
    abstain: int
    not_voting: int = 0
    adopted: bool | None = None


def _check_counts(line: MinutesCount, present: int) -> None:
    counts = (line.yes, line.no, line.abstain, line.not_voting)
    if any(n < 0 for n in counts):
        raise DomainError(_("Votes cannot be fewer than 0."))
    if sum(counts) > present:
        raise DomainError(
            _("%(total)d votes (for, against, abstain, not voting) but only %(present)d members were present.")
            % {"total": sum(counts), "present": present}
        )


def _base(threshold: str, members: int, present: int, cast: int) -> int:
    if threshold in {Poll.Threshold.HALF_MEMBERS, Poll.Threshold.TWO_THIRDS_MEMBERS}:
        return members
    if threshold == Poll.Threshold.HALF_PRESENT:
        return present
    return cast


def poll_record_minutes(
    *,
    actor: Actor,
    scope: Scope,
    recorded_by: User,
    meeting: Meeting,
    title: str,
    lines: Sequence[MinutesCount],
    item: AgendaItem | None = None,
    matter: str = Poll.Matter.RESOLUTION,
    at: datetime.datetime | None = None,
    source: dict[str, Any] | None = None,
) -> Poll:
    """Record a past vote from the minutes: a motion (one line) or an election (a line per candidate). Returns the
    published poll; its result (`results.poll_result`) is counted from the one count stored, as a show of hands
    (a motion) or counted paper ballots (an election) is."""
    if not permissions.can_manage_meeting(scope, meeting):
        raise NotPermitted()
    if matter not in Poll.Matter.values:
        raise DomainError(_("Unknown matter."))
    if item is not None and item.meeting_id != meeting.pk:
        raise DomainError(_("That agenda item belongs to another meeting."))
    if not title.strip():
        raise DomainError(_("Give the poll a title."))
    election = matter == Poll.Matter.ELECTION
    if not lines or (not election and len(lines) != 1):
        raise DomainError(_("A motion has one line of counts; an election one per candidate."))
    texts = [line.text.strip() or title.strip() for line in lines]
    if len(set(texts)) != len(texts):
        raise DomainError(_("Two options have the same text."))
    when = event_time(at)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().select_related("body", "term", "region").get(pk=meeting.pk)
        if not MEETING.in_group(locked, "under_way"):
            raise DomainError(_("Record a vote of the minutes while the meeting is open (after its attendance)."))
        require_editable(locked)
        quorum = quorum_of(body=locked.body, term=locked.term, on=locked.start_date)
        present = present_members(locked)
        if present < quorum.required:
            raise DomainError(
                _("A sitting without a quorum takes no vote: %(required)d needed, %(present)d present.")
                % {"required": quorum.required, "present": present}
            )
        threshold = threshold_for(locked.body.kind, matter, locked.region.path)
        cast = max(line.yes + line.no + line.abstain for line in lines)
        for line in lines:
            _check_counts(line, present)
        required = _required(threshold, _base(threshold, quorum.base, present, cast))
        for text, line in zip(texts, lines, strict=True):
            passed = line.yes >= required
            if line.adopted is not None and line.adopted != passed:
                raise DomainError(
                    _("%(text)s: the minutes say %(said)s, but %(yes)d votes for against %(required)d needed by the rules.")
                    % {
                        "text": text,
                        "said": _("adopted") if line.adopted else _("not adopted"),
                        "yes": line.yes,
                        "required": required,
                    }
                )
        poll = Poll.objects.create(
            meeting=locked,
            item=item,
            title=title.strip()[:200],
            kind=Poll.Kind.PAPER if election else Poll.Kind.HANDS,
            matter=matter,
            method=Poll.Method.YNA,
            seats=max(1, sum(1 for line in lines if line.adopted)) if election else None,
            threshold=threshold,
            state=Poll.State.PUBLISHED,
            base_count=quorum.base,
            present_count=present,
            started_at=when,
            finished_at=when,
            published_at=when,
            region_id=locked.region_id,
        )
        options = PollOption.objects.bulk_create(
            [PollOption(poll=poll, order=i, text=text[:200]) for i, text in enumerate(texts, start=1)]
        )
        counts = {str(o.pk): {"Y": line.yes, "N": line.no, "A": line.abstain} for o, line in zip(options, lines, strict=True)}
        PaperCount.objects.create(poll=poll, counter=recorded_by, ballots_total=cast, invalid=0, counts=counts)
        audit_record(
            actor=actor,
            action="poll.record_minutes",
            obj=poll,
            after={
                "recorded_from": "minutes",
                "at": when.isoformat(),
                "threshold": threshold,
                "base": quorum.base,
                "present": present,
                "required": required,
                "lines": [
                    {"text": t, "yes": n.yes, "no": n.no, "abstain": n.abstain, "not_voting": n.not_voting, "adopted": n.adopted}
                    for t, n in zip(texts, lines, strict=True)
                ],
                **(source or {}),
            },
            region_id=poll.region_id,
        )
    return poll
