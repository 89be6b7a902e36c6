"""The full membership of a body at a date — the base every quorum and threshold is counted against — and the
quorum a sitting needs (rules per kind of body: `meetings.quorum.<kind>`).

A congress: its deputies of the meeting's term elected on or before the date whose mandate had not ended before
it (a deputy whose duties are suspended on that date is left out while the rule `meetings.base.excludes_suspended`
says so). Any other body: people holding a seat (Membership) in it for the term on that date. 列席 never count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.errors import InvalidTransition
from renda.org.models import Body, Deputy, Membership, Suspension, Term
from renda.org.naming import chinese_number

from .rules import BASE_EXCLUDES_SUSPENDED, quorum_rule


def member_person_ids(*, body: Body, term: Term, on: datetime.date) -> QuerySet[Any]:
    """Person ids of the full membership on that date (a values_list queryset, usable as a subquery)."""
    if body.kind == Body.Kind.CONGRESS:
        deputies = Deputy.objects.filter(congress=body, term=term, elected_date__lte=on).filter(
            ~Q(status__in=[Deputy.Status.RESIGNED, Deputy.Status.TERMINATED]) | Q(status_date__gt=on)
        )
        if core_rules.value(BASE_EXCLUDES_SUSPENDED.key, region_path=body.region.path):
            suspended = Suspension.objects.filter(deputy__congress=body, deputy__term=term, start_date__lte=on).filter(
                Q(end_date__isnull=True) | Q(end_date__gt=on)
            )
            deputies = deputies.exclude(pk__in=suspended.values("deputy_id"))
        return deputies.values_list("person_id", flat=True)
    return (
        Membership.objects.filter(body=body, term=term, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("person_id", flat=True)
        .distinct()
    )


def full_membership_count(*, body: Body, term: Term, on: datetime.date) -> int:
    return member_person_ids(body=body, term=term, on=on).count()


def fraction_required(rule: dict[str, Any], base: int) -> int:
    """The smallest count that meets a fraction of `base`: {"num": 2, "den": 3, "strict": false} is "two thirds
    or more" (⌈2N/3⌉); {"num": 1, "den": 2, "strict": true} is "more than half" (⌊N/2⌋+1)."""
    num, den = int(rule["num"]), int(rule["den"])
    if rule.get("strict"):
        return (num * base) // den + 1
    return -(-num * base // den)


@dataclass(frozen=True)
class Quorum:
    base: int  # the full membership on the meeting date
    required: int  # present members needed
    rule: dict[str, Any]


def quorum_of(*, body: Body, term: Term, on: datetime.date, base: int | None = None) -> Quorum:
    rule = quorum_rule(body.kind, body.region.path)
    base = full_membership_count(body=body, term=term, on=on) if base is None else base
    return Quorum(base, fraction_required(rule, base), rule)


class QuorumNotReached(InvalidTransition):
    """A sitting without its quorum does not proceed and takes no vote (the API answers 409)."""


def require_quorum(meeting: Any, *, opening: bool) -> Quorum:
    """Refuse, with the figures, to open the meeting (`opening`) or a poll when fewer members are present than the
    quorum of the body's kind requires, counted against the full membership on the meeting date."""
    from .wording import fraction_label, words

    quorum = quorum_of(body=meeting.body, term=meeting.term, on=meeting.start_date)
    present = present_members(meeting)
    if present < quorum.required:
        w = words(meeting.body)
        values = {
            "present": present,
            "required": quorum.required,
            "rule": fraction_label(quorum.rule),
            "base": quorum.base,
            "all": w.all_members,
            "members": w.present,
        }
        message = (
            _(
                "The meeting cannot open without a quorum: %(required)d needed (%(rule)s of %(all)s, %(base)d), %(present)d %(members)s."
            )
            if opening
            else _(
                "Voting cannot open without a quorum: %(required)d needed (%(rule)s of %(all)s, %(base)d), %(present)d %(members)s."
            )
        )
        raise QuorumNotReached(message % values, code="quorum")
    return quorum


def meeting_title(body: Body, term: Term, number: int) -> str:
    """王江泾镇第十届人民代表大会第二次会议 · 秀洲区九届人大常委会第二次会议 · …第三次主任会议."""
    t, n = chinese_number(term.number), chinese_number(number)
    region = body.region.name
    if body.kind == Body.Kind.CONGRESS:
        return f"{region}第{t}届人民代表大会第{n}次会议"
    if body.kind == Body.Kind.STANDING_COMMITTEE:
        return f"{region}{t}届人大常委会第{n}次会议"
    if body.kind == Body.Kind.DIRECTORS_MEETING:
        return f"{region}{t}届人大常委会第{n}次主任会议"
    if body.kind == Body.Kind.PRESIDIUM:
        return f"{region}第{t}届人大主席团第{n}次会议"
    if body.kind == Body.Kind.SESSION_PRESIDIUM:
        return f"{body.name}第{n}次会议"
    if body.kind in {Body.Kind.SPECIAL_COMMITTEE, Body.Kind.WORKING_COMMITTEE}:
        return f"{body.name}（第{t}届）第{n}次全体会议"
    return f"{body.name}（第{t}届）第{n}次会议"


def preparatory_title(session_title: str) -> str:
    """王江泾镇第十届人民代表大会第二次会议预备会议."""
    return f"{session_title}预备会议"


__all__ = [
    "Quorum",
    "QuorumNotReached",
    "present_members",
    "require_quorum",
    "chinese_number",
    "fraction_required",
    "full_membership_count",
    "meeting_title",
    "member_person_ids",
    "preparatory_title",
    "quorum_of",
]


def present_members(meeting: Any) -> int:
    """Voting members signed in now (列席 never count)."""
    from .models import Attendance

    return int(meeting.attendances.filter(role=Attendance.Role.MEMBER, entitled=True, status=Attendance.Status.PRESENT).count())
