"""Handling reports and rectification up their escalation ladders (issue #14): review opinions of a meeting, opinions
sent after a supervision activity (the same rule: one loop, one deadline) and the problems of an evaluation — a
reminder to the unit before the deadline, the unit told when it is overdue, the office and the leaders when it is
long overdue; each step once, dated by the deadline, audited; a report received stops the climb. (The test database
also holds the demo district, whose own open items climb too: each test reads only its item's notices.)"""

from __future__ import annotations

import datetime

import pytest

from renda.core.models import AuditEvent, Notice, Rule
from renda.meetings.jobs import overdue_handling_reports
from renda.meetings.models import ReviewOpinion
from renda.meetings.tests.factories import ReviewOpinionFactory
from renda.org.models import Role
from renda.org.tests.factories import UnitFactory, UserFactory
from renda.supervision import jobs as supervision_jobs
from renda.supervision.models import EvaluatedUnit, EvaluationRound, ProblemItem, SupervisionOpinion
from renda.supervision.tests.factories import ActivityFactory, RoundFactory

pytestmark = pytest.mark.django_db
DUE = datetime.date(2017, 6, 30)


def day(n: int) -> datetime.date:
    return DUE + datetime.timedelta(days=n)


def _people(region, unit):
    return (
        UserFactory(grants=[(Role.UNIT_CLERK, {"unit": unit})]),
        UserFactory(grants=[(Role.OFFICE, {"region": region})]),
        UserFactory(grants=[(Role.LEADER, {"region": region})]),
    )


class Told:
    """The notices about one item (its page), by step."""

    def __init__(self, url: str) -> None:
        self.url = url

    def users(self, kind: str) -> set[int]:
        return set(Notice.objects.filter(url=self.url, kind=kind).values_list("user", flat=True))

    def count(self) -> int:
        return Notice.objects.filter(url=self.url).count()

    def after(self, run) -> int:
        """How many notices about the item a run of the job wrote."""
        before = self.count()
        run()
        return self.count() - before


def test_a_review_opinion_climbs_the_ladder_until_its_report_comes():
    opinion = ReviewOpinionFactory(state=ReviewOpinion.State.SENT, sent_on=day(-60), deadline=DUE)
    clerk, office, leader = _people(opinion.region, opinion.unit)
    told = Told(f"/meetings/opinions/{opinion.pk}/")
    assert told.after(lambda: overdue_handling_reports(day(-8))) == 0
    assert told.after(lambda: overdue_handling_reports(day(-7))) == 1
    assert told.after(lambda: overdue_handling_reports(day(-1))) == 0
    assert told.users("opinion.due_soon") == {clerk.pk}
    assert told.after(lambda: overdue_handling_reports(day(1))) == 1 and told.users("opinion.overdue") == {clerk.pk}
    assert told.after(lambda: overdue_handling_reports(day(15))) == 3
    assert told.users("opinion.escalated") == {clerk.pk, office.pk, leader.pk}
    assert told.after(lambda: overdue_handling_reports(day(16))) == 0
    assert set(Notice.objects.filter(url=told.url).values_list("event_on", flat=True)) == {DUE}
    assert AuditEvent.objects.filter(action="opinion.escalation", object_id=str(opinion.pk)).count() == 3
    # a region's own ladder is the one its opinions climb; a report received stops the climb
    Rule.objects.create(key="meetings.report_escalation", region_id=opinion.region_id,
                        value=[{"key": "overdue", "days": 0, "to": ["office"]}])  # fmt: skip
    other = ReviewOpinionFactory(state=ReviewOpinion.State.SENT, sent_on=day(-60), deadline=day(40), unit=opinion.unit,
                                 item=opinion.item, region=opinion.region)  # fmt: skip
    told_other = Told(f"/meetings/opinions/{other.pk}/")
    assert told_other.after(lambda: overdue_handling_reports(day(40))) == 1
    assert told_other.users("opinion.overdue") == {office.pk}
    ReviewOpinion.objects.filter(pk=other.pk).update(state=ReviewOpinion.State.REPORTED, report_text="已整改。")
    Rule.objects.filter(key="meetings.report_escalation").delete()
    assert told_other.after(lambda: overdue_handling_reports(day(80))) == 0


def test_opinions_after_an_activity_climb_the_same_ladder():
    unit = UnitFactory()
    activity = ActivityFactory()
    opinion = SupervisionOpinion.objects.create(activity=activity, unit=unit, text="一、加强统筹。", state="sent",
                                                sent_on=day(-60), deadline=DUE, region=activity.region)  # fmt: skip
    clerk, office, leader = _people(activity.region, unit)
    told = Told(f"/supervision/opinions/{opinion.pk}/")
    assert told.after(lambda: supervision_jobs.overdue_handling_reports(day(1))) == 1
    assert told.users("supervision.opinion.overdue") == {clerk.pk}
    assert told.after(lambda: supervision_jobs.overdue_handling_reports(day(15))) == 3
    assert told.users("supervision.opinion.escalated") == {clerk.pk, office.pk, leader.pk}
    assert told.after(lambda: supervision_jobs.overdue_handling_reports(day(15))) == 0
    assert AuditEvent.objects.filter(action="supervision.opinion.escalation", object_id=str(opinion.pk)).count() == 2


def test_problems_not_rectified_climb_their_own_ladder_while_the_round_rectifies():
    unit = UnitFactory()
    round_ = RoundFactory(state=EvaluationRound.State.HANDED_OVER, handed_over_on=day(-90))
    evaluated = EvaluatedUnit.objects.create(round=round_, unit=unit, region=round_.region)
    problem = ProblemItem.objects.create(evaluated=evaluated, text="窗口服务态度有待改进", deadline=DUE,
                                         region=round_.region)  # fmt: skip
    clerk, office, leader = _people(round_.region, unit)
    told = Told(f"/supervision/evaluations/units/{evaluated.pk}/")
    assert told.after(lambda: supervision_jobs.overdue_rectification(day(-7))) == 1
    assert told.after(lambda: supervision_jobs.overdue_rectification(day(1))) == 1
    assert told.after(lambda: supervision_jobs.overdue_rectification(day(30))) == 3
    assert told.users("supervision.problem.escalated") == {clerk.pk, office.pk, leader.pk}
    ProblemItem.objects.filter(pk=problem.pk).update(state=ProblemItem.State.RECTIFIED, rectified_on=day(31))
    Rule.objects.create(key="supervision.rectification_escalation", value=[{"key": "late", "days": 60, "to": ["unit"]}])
    assert told.after(lambda: supervision_jobs.overdue_rectification(day(90))) == 0
