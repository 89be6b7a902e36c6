"""Reminders before a unit's deadline and escalation after it (issue #14): the ladder is the rule
`suggestions.escalation` (region inheritance), run by the daily job, one step per part and deadline, audited."""

from __future__ import annotations

import datetime

import pytest

from renda.core.escalation import Step, ladder, step_on
from renda.core.models import AuditEvent, Escalation, Notice, Rule
from renda.org.models import Role
from renda.org.tests.factories import UserFactory
from renda.suggestions import jobs
from renda.suggestions.rules import ESCALATION
from renda.suggestions.tests.factories import SuggestionCast

D = datetime.date


@pytest.fixture
def cast(db):
    return SuggestionCast()


def _notices(user, kind=None):
    qs = Notice.objects.filter(user=user, kind__in=["suggestion.due_soon", "suggestion.overdue", "suggestion.escalated"])
    return qs.filter(kind=kind) if kind else qs


def test_the_step_reached_is_the_latest_whose_day_has_come():
    steps = [Step("soon", -14, ("unit",)), Step("overdue", 1, ("unit", "office")), Step("escalated", 15, ("office",))]
    due = D(2017, 9, 10)
    assert step_on(steps, due_on=due, today=D(2017, 8, 26)) is None
    assert step_on(steps, due_on=due, today=D(2017, 8, 27)).key == "soon"
    assert step_on(steps, due_on=due, today=D(2017, 9, 10)) is None  # due today: no reminder, not yet overdue
    assert step_on(steps, due_on=due, today=D(2017, 9, 11)).key == "overdue"
    assert step_on(steps, due_on=due, today=D(2026, 1, 1)).key == "escalated"  # found years late: the step it is on


def test_a_part_goes_up_the_ladder_once_per_step(cast):
    leader = UserFactory.create(grants=[(Role.LEADER, {"region": cast.district})])
    s = cast.assign(cast.submit(), on=D(2017, 6, 10), co=[])  # edu leads, due 9-10
    edu = s.assignments.get(unit=cast.edu)
    clerk, office = cast.users["edu_clerk"], cast.users["office"]

    jobs.send_reminders(today=D(2017, 8, 20))
    assert not _notices(clerk).exists()
    jobs.send_reminders(today=D(2017, 9, 1))
    assert _notices(clerk, "suggestion.due_soon").get().event_on == D(2017, 9, 10)  # dated by the deadline
    jobs.send_reminders(today=D(2017, 9, 1))  # run twice: nothing more
    assert _notices(clerk).count() == 1

    jobs.send_reminders(today=D(2017, 9, 20))
    assert _notices(clerk, "suggestion.overdue").count() == 1
    assert _notices(office, "suggestion.overdue").count() == 1  # once for the suggestion, not once per unit
    assert not _notices(leader).exists()

    jobs.send_reminders(today=D(2017, 9, 26))
    jobs.send_reminders(today=D(2017, 9, 27))
    escalated = _notices(leader, "suggestion.escalated").get()
    assert escalated.event_on == D(2017, 9, 10) and cast.edu.name in escalated.title
    assert _notices(office, "suggestion.escalated").count() == 1
    assert list(Escalation.objects.filter(item=f"suggestions.assignment:{edu.pk}").order_by("pk").values_list("step", flat=True)) == [
        "due_soon", "overdue", "escalated"]  # fmt: skip
    events = AuditEvent.objects.filter(action="suggestion.escalation", object_id=str(edu.pk))
    assert [e.after["step"] for e in events.order_by("pk")] == ["due_soon", "overdue", "escalated"]


def test_a_region_sets_its_own_ladder(cast):
    Rule.objects.create(key=ESCALATION.key, region_id=cast.district.pk, value=[{"key": "overdue", "days": 3, "to": ["office"]}])
    assert [s.key for s in ladder(ESCALATION.key, region_path=cast.district.path)] == ["overdue"]
    s = cast.assign(cast.submit(), on=D(2017, 6, 10), co=[])
    jobs.send_reminders(today=D(2017, 9, 1))
    jobs.send_reminders(today=D(2017, 9, 12))
    assert not _notices(cast.users["office"]).filter(url__endswith=f"/{s.pk}/").exists()  # day 2 after: not yet
    jobs.send_reminders(today=D(2017, 9, 13))
    assert _notices(cast.users["office"], "suggestion.overdue").count() == 1
    assert not _notices(cast.users["edu_clerk"]).exists()  # the region's ladder tells only the office


def test_the_demo_escalates_a_co_unit_that_never_accepted(world):
    from renda.suggestions.demo import EDU_CO_UNIT
    from renda.suggestions.models import Assignment

    part = Assignment.objects.get(suggestion__title=EDU_CO_UNIT, role="co")
    assert part.status == Assignment.Status.PENDING  # 已交办，未受理
    assert Escalation.objects.filter(item=f"suggestions.assignment:{part.pk}", step="escalated").exists()
    assert Notice.objects.filter(user=world.users["office"], kind="suggestion.escalated", event_on=part.due_on).exists()
