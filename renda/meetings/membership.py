"""The full membership of a body at a date: the base every quorum and threshold is counted against.

A congress: its deputies of the meeting's term elected on or before the date whose mandate had not ended
before it. Any other body: people holding a seat (Membership) in it for the term on that date.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from renda.org.models import Body, Deputy, Membership, Term


def member_person_ids(*, body: Body, term: Term, on: datetime.date) -> QuerySet:
    """Person ids of the full membership on that date (a values_list queryset, usable as a subquery)."""
    if body.kind == Body.Kind.CONGRESS:
        return (
            Deputy.objects.filter(congress=body, term=term, elected_date__lte=on)
            .filter(Q(status=Deputy.Status.SERVING) | Q(status_date__gt=on))
            .values_list("person_id", flat=True)
        )
    return (
        Membership.objects.filter(body=body, term=term, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("person_id", flat=True)
        .distinct()
    )


def full_membership_count(*, body: Body, term: Term, on: datetime.date) -> int:
    return member_person_ids(body=body, term=term, on=on).count()


CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (sitting and term numbers)."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


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
    return f"{body.name}（{t}届）第{n}次会议"
