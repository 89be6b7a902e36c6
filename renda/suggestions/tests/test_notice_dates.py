"""Every notice about a suggestion carries the date of its event (issue #14): the step's day, or the deadline the
step sets its reader — so the notices page sorts and shows them by what they are about, not by when they were
written."""

from __future__ import annotations

import datetime

import pytest

from renda.core.models import Notice
from renda.suggestions.tests.factories import SuggestionCast

D = datetime.date


@pytest.fixture
def cast(db):
    return SuggestionCast()


def _dated(user, kind):
    return list(Notice.objects.filter(user=user, kind=f"suggestion.{kind}").values_list("event_on", flat=True))


def test_each_step_dates_its_notice_by_its_day_or_the_deadline_it_sets(cast):
    s = cast.submit(on=D(2017, 6, 1))
    assert _dated(cast.users["office"], "submitted") == [s.ack_due or D(2017, 6, 1)]

    s = cast.assign(s, on=D(2017, 6, 10))
    lead, co = s.assignments.get(unit=cast.edu), s.assignments.get(unit=cast.water)
    assert lead.due_on != co.due_on  # the co-unit's opinion is due before the lead's answer
    assert _dated(cast.users["edu_clerk"], "assigned") == [lead.due_on]
    assert _dated(cast.users["water_clerk"], "assigned") == [co.due_on]

    cast.answer(s, on=D(2017, 8, 1))
    assert _dated(cast.deputy, "answered") == [D(2017, 8, 1)]

    cast.feedback(s, "not", on=D(2017, 8, 10))
    s.refresh_from_db()
    assert s.rehandle_due is not None
    assert _dated(cast.users["edu_clerk"], "rehandle") == [s.rehandle_due]
    assert not Notice.objects.filter(kind__startswith="suggestion.", event_on__isnull=True).exists()
