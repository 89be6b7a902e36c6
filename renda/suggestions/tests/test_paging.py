"""Lists at scale: the capped / estimated count, the deferred join of deep pages, and the suggestion state copied
onto the parts (the unit inbox filters on it) kept in step by the services."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse

from renda.core.paging import LargePaginator, planner_estimate
from renda.org.scoping import build_scope
from renda.suggestions import selectors
from renda.suggestions.models import Assignment, State, Suggestion
from renda.suggestions.tests.factories import SuggestionCast
from renda.suggestions.tests.test_workflow import AUG_10


class Tiny(LargePaginator):
    exact_limit = 5
    deferred_offset = 0


def office_list(world):
    return selectors.suggestion_list(scope=build_scope(world.users["office"]))


def test_exact_count_below_the_cap(world):
    qs = office_list(world)
    paginator = LargePaginator(qs, 10)
    assert paginator.count == qs.count() and not paginator.is_estimate


def test_above_the_cap_the_count_is_an_estimate_on_postgresql_else_exact(world):
    qs = office_list(world)
    paginator = Tiny(qs, 10)
    if connection.vendor == "postgresql":
        assert paginator.is_estimate and paginator.count >= 6
        assert planner_estimate(qs) is not None
    else:
        assert not paginator.is_estimate and paginator.count == qs.count()


def test_deferred_join_pages_match_plain_slicing(world):
    qs = office_list(world)
    for number in (1, 2, 3):
        deferred = [s.pk for s in Tiny(qs, 7).page(number)]
        plain = [s.pk for s in qs[(number - 1) * 7 : number * 7]]
        assert deferred == plain and deferred
    rows = list(Tiny(qs, 7).page(2))
    assert rows[0].author_person.name  # the joined rows come with the page (select_related kept)


def test_estimated_list_ends_where_a_page_comes_back_short(world):
    qs = office_list(world)
    paginator = Tiny(qs, 50)
    paginator._is_estimate, paginator.count, paginator.num_pages = True, qs.count() + 500, 999  # an over-estimate
    last = (qs.count() - 1) // 50 + 1
    assert not paginator.page(last).has_next()


def test_list_labels_an_estimated_count(world, monkeypatch):
    monkeypatch.setattr(LargePaginator, "exact_limit", 5)
    response = world.client("office").get(reverse("suggestions:list"))
    text = response.content.decode()
    if connection.vendor == "postgresql":
        assert response.context["page"].paginator.is_estimate
        assert "about" in text or "约" in text
    else:
        assert not response.context["page"].paginator.is_estimate


def test_suggestion_state_on_parts_is_in_step_after_the_demo(world):
    assert Assignment.objects.exists()
    assert not Assignment.objects.exclude(suggestion_state=F("suggestion__state")).exists()


@pytest.mark.parametrize("satisfied", [True, False])
def test_services_keep_the_copied_state_in_step(db, satisfied):
    cast = SuggestionCast()
    s = cast.assign(cast.submit(cosigners=[]))
    todo = selectors.inbox(scope=cast.scope("edu_clerk"))
    assert todo.filter(suggestion=s).exists()
    cast.answer(Suggestion.objects.get(pk=s.pk))
    assert set(Assignment.objects.filter(suggestion=s).values_list("suggestion_state", flat=True)) == {State.ANSWERED}
    assert not selectors.inbox(scope=cast.scope("edu_clerk")).filter(suggestion=s).exists()
    cast.feedback(Suggestion.objects.get(pk=s.pk), "satisfied" if satisfied else "not", "satisfied" if satisfied else "not",
                  on=AUG_10)  # fmt: skip
    s.refresh_from_db()
    assert set(Assignment.objects.filter(suggestion=s).values_list("suggestion_state", flat=True)) == {s.state}
    assert selectors.inbox(scope=cast.scope("edu_clerk")).filter(suggestion=s).exists() == (s.state == State.REHANDLING)
