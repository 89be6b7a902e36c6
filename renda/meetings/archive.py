"""The meetings' part of a deputy's duty archive (`renda.core.archive`): attendance at the sittings of the deputy's
congress and of its organs (present, on leave, absent without leave), and the polls they voted in — that they
voted, never how (a secret poll keeps no link from a voter to a ballot; a named poll's choices are not read here).

A sitting counts for the mandate of its congress: a congress session for the deputies of that congress, a
standing-committee (or presidium) meeting, attended as a member or 列席, for the mandate in the congress the
body belongs to. Attendance still at "invited" (or leave asked, never decided) is not a record of anything. A
session's preparatory meeting is part of the session: its attendance is not counted a second time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry, KindCounts, tag, union_rows, year_bounds
from renda.org.models import Body, Deputy

from .models import Attendance, PollVoter

KINDS = {
    "session_present": _("Attended a congress session"),
    "session_leave": _("On leave from a congress session"),
    "session_absent": _("Absent from a congress session without leave"),
    "meeting_present": _("Attended a meeting"),
    "meeting_leave": _("On leave from a meeting"),
    "meeting_absent": _("Absent from a meeting without leave"),
    "poll_voted": _("Voted"),
}
VOTED = "voted"  # a vote's tag among the attendance statuses in one deputy's rows
STATUS_KIND: dict[str, str] = {
    Attendance.Status.PRESENT: "present",
    Attendance.Status.LEAVE: "leave",
    Attendance.Status.ABSENT: "absent",
}


def _kind(body_kind: str, status: str) -> str | None:
    what = STATUS_KIND.get(status)
    if what is None:
        return None
    return f"{'session' if body_kind == Body.Kind.CONGRESS else 'meeting'}_{what}"


def _of_congress(prefix: str, congress_ids: Sequence[int]) -> Q:
    return Q(**{f"{prefix}body_id__in": congress_ids}) | Q(**{f"{prefix}body__congress_id__in": congress_ids})


def entries(deputy: Deputy, year: int) -> list[Entry]:
    """Attendance and votes of the year in one query (UNION ALL)."""
    first, last = year_bounds(year)
    attendance = Attendance.objects.filter(
        _of_congress("meeting__", [deputy.congress_id]),
        person_id=deputy.person_id,
        meeting__preparatory_for__isnull=True,  # part of its session: the session's attendance counts once
        meeting__start_date__gte=first,
        meeting__start_date__lte=last,
        status__in=list(STATUS_KIND),
    ).values_list("status", "meeting_id", "meeting__title", "meeting__start_date", "meeting__body__kind", "meeting__is_published")
    votes = PollVoter.objects.filter(
        _of_congress("poll__meeting__", [deputy.congress_id]),
        person_id=deputy.person_id,
        poll__meeting__start_date__gte=first,
        poll__meeting__start_date__lte=last,
    ).values_list(
        tag(VOTED), "poll_id", "poll__title", "poll__meeting__start_date", "poll__meeting__title", "poll__meeting__is_published"
    )
    out: list[Entry] = []
    for status, pk, title, day, extra, published in sorted(
        union_rows(attendance, votes), key=lambda row: (row[0] == VOTED, row[3], row[1])
    ):
        if status == VOTED:
            out.append(Entry("poll_voted", day, title, reverse("meetings:poll_detail", args=[pk]), detail=extra))
            continue
        kind = _kind(extra, status)
        assert kind is not None
        out.append(
            Entry(
                kind=kind,
                date=day,
                title=title,
                source_url=reverse("meetings:detail", args=[pk]),
                public_url=reverse("meetings:public_detail", args=[pk]) if published else "",
            )
        )
    return out


def counts(deputies: Sequence[Deputy], year: int, *, public: bool = False) -> KindCounts:
    """The same entries counted for many deputies: one grouped query for attendance, one for votes."""
    first, last = year_bounds(year)
    by_mandate = {(d.person_id, d.congress_id): d.pk for d in deputies}
    people = sorted({d.person_id for d in deputies})
    congresses = sorted({d.congress_id for d in deputies})
    out: KindCounts = {d.pk: Counter() for d in deputies}
    if not people:
        return out
    attendance = Attendance.objects.filter(
        _of_congress("meeting__", congresses),
        person_id__in=people,
        meeting__preparatory_for__isnull=True,
        meeting__start_date__gte=first,
        meeting__start_date__lte=last,
        status__in=list(STATUS_KIND),
    )
    if public:
        attendance = attendance.filter(meeting__is_published=True)
    rows = attendance.values_list("person_id", "meeting__body_id", "meeting__body__congress_id", "meeting__body__kind", "status")
    for person_id, body_id, body_congress, body_kind, status, n in rows.annotate(n=Count("pk")).order_by():
        deputy_id = by_mandate.get((person_id, body_congress or body_id))
        kind = _kind(body_kind, status)
        if deputy_id is not None and kind is not None:
            out[deputy_id][kind] += n
    if public:
        return out  # how a deputy voted is never public, and neither is whether they did
    votes = PollVoter.objects.filter(
        _of_congress("poll__meeting__", congresses),
        person_id__in=people,
        poll__meeting__start_date__gte=first,
        poll__meeting__start_date__lte=last,
    ).values_list("person_id", "poll__meeting__body_id", "poll__meeting__body__congress_id")
    for person_id, body_id, body_congress, n in votes.annotate(n=Count("pk")).order_by():
        deputy_id = by_mandate.get((person_id, body_congress or body_id))
        if deputy_id is not None:
            out[deputy_id]["poll_voted"] += n
    return out
