"""Suggestion numbers as offices cite them (issue #14): the congress's region, the year, 会 (session) or 闭 (recess)
and the place in that run; unique on the platform, held by a database constraint; the demo's numbers (renumbered by
the migration) never repeat across congresses."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Count

from renda.suggestions.models import Period, Suggestion

from .factories import SuggestionCast

pytestmark = pytest.mark.django_db


def test_numbers_name_the_congress_and_the_period_and_run_separately():
    one, other = SuggestionCast(), SuggestionCast()
    first = one.submit(on=datetime.date(2017, 6, 1))
    second = one.submit(on=datetime.date(2017, 6, 2))
    elsewhere = other.submit(on=datetime.date(2017, 6, 1))
    name = one.district.name
    assert (first.number, second.number) == (f"{name}2017闭0001", f"{name}2017闭0002")
    assert elsewhere.number == f"{other.district.name}2017闭0001"
    s = Suggestion.objects.get(pk=first.pk)
    assert s.period == Period.RECESS


def test_the_platform_refuses_a_number_twice():
    cast = SuggestionCast()
    s = cast.submit()
    clash = cast.submit(on=datetime.date(2017, 6, 3))
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.filter(pk=clash.pk).update(number=s.number)


def test_the_demos_numbers_are_unique_and_cited_with_the_body(world):
    numbered = Suggestion.objects.exclude(number="")
    assert numbered.exists()
    assert not numbered.values("number").annotate(n=Count("id")).filter(n__gt=1).exists()
    district = numbered.filter(congress__region=world.district).first()
    assert district.number.startswith(f"{world.district.name}{district.submitted_on.year}")
    assert district.number[len(world.district.name) + 4] in "会闭"
