"""The suggestions' part of a deputy's duty archive (`renda.core.archive`): the suggestions the deputy led and those
they co-signed (confirmed), dated by submission, each with the outcome of its latest answer and the deputy's
latest satisfaction — the records' own words (the outcome categories are data, in Chinese; the rating is its
label). A published suggestion's entry links to its public page as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.archive import Entry, KindCounts, counted, year_bounds
from renda.org.models import Deputy

from .lifecycles import COSIGNER, SUGGESTION
from .models import Answer, CoSigner, Feedback, Rating, Suggestion
from .rules import outcome_table

KINDS = {
    "suggestion_led": _("Suggestion made"),
    "suggestion_cosigned": _("Suggestion co-signed"),
}
#: submitted suggestions (a draft, or one still waiting for its co-signers, is not yet the deputy's act)
UNSUBMITTED = sorted(SUGGESTION.group("hidden_from_staff"))


M = TypeVar("M", Suggestion, CoSigner)


def _submitted(qs: QuerySet[M], year: int, prefix: str = "") -> QuerySet[M]:
    first, last = year_bounds(year)
    return qs.filter(**{f"{prefix}submitted_on__gte": first, f"{prefix}submitted_on__lte": last}).exclude(
        **{f"{prefix}state__in": UNSUBMITTED}
    )


def _with_outcome(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    answer = Answer.objects.filter(suggestion_id=OuterRef("pk")).exclude(kind=Answer.Kind.FOLLOW_UP).order_by("-round")
    feedback = Feedback.objects.filter(suggestion_id=OuterRef("pk"), is_latest=True)
    return qs.annotate(
        outcome=Subquery(answer.values("outcome")[:1]), rating=Subquery(feedback.values("result_rating")[:1])
    ).select_related("region")


def _detail(s: Any, outcomes: dict[str, dict]) -> str:
    parts = []
    if s.outcome:
        parts.append(str(outcomes.get(s.outcome, {}).get("label") or s.outcome))
    if s.rating:
        parts.append(str(Rating(s.rating).label))
    return " · ".join(parts)


def _entry(kind: str, s: Any, outcomes: dict[str, dict]) -> Entry:
    return Entry(
        kind,
        s.submitted_on,
        s.title,
        reverse("suggestions:detail", args=[s.pk]),
        detail=_detail(s, outcomes),
        public_url=reverse("suggestions:public_detail", args=[s.pk]) if s.is_public else "",
    )


def entries(deputy: Deputy, year: int) -> list[Entry]:
    led = _with_outcome(_submitted(Suggestion.objects.filter(author_id=deputy.pk), year))
    cosigned = _with_outcome(
        _submitted(
            Suggestion.objects.filter(
                pk__in=CoSigner.objects.filter(deputy_id=deputy.pk, status__in=COSIGNER.group("confirmed")).values("suggestion_id")
            ),
            year,
        )
    )
    out: list[Entry] = []
    tables: dict[int, dict[str, dict]] = {}
    for kind, rows in (("suggestion_led", led), ("suggestion_cosigned", cosigned)):
        for s in rows.order_by("submitted_on", "pk"):
            outcomes = tables.setdefault(s.region_id, outcome_table(s.region))
            out.append(_entry(kind, s, outcomes))
    return out


def counts(deputies: Sequence[Deputy], year: int, *, public: bool = False) -> KindCounts:
    ids, out = counted(deputies)
    led = _submitted(Suggestion.objects.filter(author_id__in=ids), year)
    cosigned = _submitted(
        CoSigner.objects.filter(deputy_id__in=ids, status__in=COSIGNER.group("confirmed")), year, prefix="suggestion__"
    )
    if public:
        led, cosigned = led.filter(is_public=True), cosigned.filter(Q(suggestion__is_public=True))
    for deputy_id, n in led.values_list("author_id").annotate(n=Count("pk")).order_by():
        out[deputy_id]["suggestion_led"] += n
    for deputy_id, n in cosigned.values_list("deputy_id").annotate(n=Count("pk")).order_by():
        out[deputy_id]["suggestion_cosigned"] += n
    return out
