"""The score as data: a scheme's arithmetic (points, caps, base, bounds, bands), each year scored with its own
scheme (changing 2018's rule leaves 2017's scores as they were), versions, freezing."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.utils.translation import override

from renda.archive import selectors, services
from renda.archive.models import ScoreScheme
from renda.archive.scoring import Scheme, scheme_for
from renda.core.archive import Entry
from renda.core.errors import InvalidTransition, NotPermitted
from renda.duty.models import SelfReport, TrainingAttendance
from renda.duty.tests.factories import SelfReportFactory, Setting, TrainingSessionFactory
from renda.meetings.models import Attendance, Meeting
from renda.org.tests.factories import scope_of

D = datetime.date


def scheme(**kw) -> Scheme:
    base: dict[str, Any] = {"points": {"a": 5, "b": -10, "c": 2}, "caps": {"a": 12, "b": 15}, "base": 60, "maximum": 100, "good_from": 80,
            "fair_from": 60, "version": "t"}  # fmt: skip
    base.update(kw)
    return Scheme(**base)


def test_points_are_capped_per_kind_and_the_score_bounded():
    s = scheme()
    assert s.score(Counter()) == 60
    assert s.score(Counter({"a": 2})) == 70
    assert s.score(Counter({"a": 10})) == 72  # 50 capped at 12
    assert s.score(Counter({"b": 1})) == 50
    assert s.score(Counter({"b": 4})) == 45  # -40 capped at -15
    assert s.score(Counter({"c": 40})) == 100  # no cap on c, the full score holds
    assert s.score(Counter({"unknown": 9})) == 60  # a kind the scheme gives no points
    assert scheme(base=0).score(Counter({"b": 1})) == 0


def test_grades_follow_the_bands():
    s = scheme()
    assert [s.grade(n) for n in (100, 80, 79, 60, 59, 0)] == ["good", "good", "fair", "fair", "poor", "poor"]


def test_each_entry_carries_its_points_until_the_cap():
    s = scheme()
    entries = [Entry("a", D(2017, m, 1), "x", "/") for m in range(1, 5)] + [Entry("b", D(2017, 6, 1), "y", "/")] * 2
    assert s.entry_points(entries) == [5, 5, 2, 0, -10, -5]
    assert sum(s.entry_points(entries)) == s.score(Counter(e.kind for e in entries)) - 60


@pytest.mark.django_db
def test_changing_the_2018_rule_leaves_the_2017_scores_as_they_were():
    w = Setting.build()
    deputy = w.deputies[0]
    for day in (D(2017, 5, 20), D(2018, 5, 20)):
        SelfReportFactory(deputy=deputy, date=day, state=SelfReport.State.CONFIRMED, decided_at=datetime.datetime(2018, 6, 1, tzinfo=datetime.UTC))
    scope = scope_of(w.office)
    s2017 = services.scheme_open(actor=w.office, scope=scope, congress=w.congress, year=2017)
    before = selectors.archive_of(deputy, 2017)
    assert before.scheme.version == "2017.1" and before.score == 60 + 2  # the default's base and a confirmed activity
    assert selectors.archive_of(deputy, 2018).scheme.version == "2017.1"  # no 2018 scheme yet: the latest earlier one

    s2018 = services.scheme_open(actor=w.office, scope=scope, congress=w.congress, year=2018)
    services.scheme_update(actor=w.office, scope=scope, scheme=s2018, points={**s2018.points, "self_reported": 10},
                           caps=s2018.caps, base=50, maximum=100, good_from=85, fair_from=65)  # fmt: skip
    after = selectors.archive_of(deputy, 2017)
    assert (after.score, after.grade, after.scheme.version) == (before.score, before.grade, "2017.1")
    this = selectors.archive_of(deputy, 2018)
    assert this.scheme.version == "2018.2" and this.score == 50 + 8  # capped at the default's 8
    s2017.refresh_from_db()
    assert s2017.version == 1


@pytest.mark.django_db
def test_a_frozen_scheme_refuses_every_change_and_each_change_raises_the_version():
    w = Setting.build()
    scope = scope_of(w.office)
    row = services.scheme_open(actor=w.office, scope=scope, congress=w.congress, year=2017)
    same = services.scheme_update(actor=w.office, scope=scope, scheme=row, points=row.points, caps=row.caps, base=row.base,
                                  maximum=row.maximum, good_from=row.good_from, fair_from=row.fair_from)  # fmt: skip
    assert same.version == 1  # nothing changed: no new version
    changed = services.scheme_update(actor=w.office, scope=scope, scheme=row, points={**row.points, "contact": 2}, caps=row.caps,
                                     base=row.base, maximum=100, good_from=80, fair_from=60)  # fmt: skip
    assert changed.version == 2
    with pytest.raises(NotPermitted):
        services.scheme_update(actor=w.town_staff, scope=scope_of(w.town_staff), scheme=row, points={}, caps={}, base=0,
                               maximum=100, good_from=80, fair_from=60)  # fmt: skip
    frozen = services.scheme_freeze(actor=w.office, scope=scope, scheme=row)
    assert frozen.state == ScoreScheme.State.FROZEN and frozen.frozen_at is not None
    with override("en"), pytest.raises(InvalidTransition, match="frozen"):
        services.scheme_update(actor=w.office, scope=scope, scheme=row, points={}, caps={}, base=0, maximum=100, good_from=80,
                               fair_from=60)  # fmt: skip
    assert scheme_for(w.congress, 2017).points["contact"] == 2


@pytest.mark.django_db
def test_two_absences_without_leave_from_congress_sessions_are_flagged_and_poor_years_advise_resigning():
    w = Setting.build()
    deputy = w.deputies[1]
    term = deputy.term
    for number, day in enumerate([D(2017, 1, 10), D(2018, 1, 12)], start=1):
        meeting = Meeting.objects.create(body=w.congress, term=term, number=number, title=f"第{number}次会议", start_date=day,
                                         end_date=day, state=Meeting.State.CLOSED, region=w.district)  # fmt: skip
        Attendance.objects.create(meeting=meeting, person=deputy.person, status=Attendance.Status.ABSENT, region=w.district)
    scope = scope_of(w.office)
    row = services.scheme_open(actor=w.office, scope=scope, congress=w.congress, year=2017)
    services.scheme_update(actor=w.office, scope=scope, scheme=row, points={**row.points, "session_absent": -15}, caps={},
                           base=60, maximum=100, good_from=80, fair_from=60)  # fmt: skip
    term_, years, rows = selectors.reelection(scope=scope, congress=w.congress, year=2018)
    assert years == [2016, 2017, 2018]
    advice = {a.deputy.pk: a for a in rows}
    flagged = advice[deputy.pk]
    assert flagged.absences == 2 and flagged.flagged and flagged.grades[2017] == "poor" and flagged.grades[2018] == "poor"
    assert flagged.advice == "resign"
    assert not advice[w.deputies[0].pk].flagged
    assert rows[0].deputy.pk == deputy.pk  # the flagged come first


@pytest.mark.django_db
def test_the_year_lists_count_in_bulk_what_the_archives_count_one_by_one():
    w = Setting.build()
    session = TrainingSessionFactory(plan__congress=w.congress)
    TrainingAttendance.objects.create(session=session, deputy=w.deputies[0], region=w.town, status=TrainingAttendance.Status.PRESENT)
    scope = scope_of(w.office)
    scheme_, rows = selectors.year_scores(scope=scope, congress=w.congress, year=2017)
    by_deputy = {r.deputy.pk: r for r in rows}
    for d in [*w.deputies, w.outsider]:
        archive = selectors.archive_of(d, 2017)
        assert by_deputy[d.pk].score == archive.score
        assert +by_deputy[d.pk].counts == Counter(line.entry.kind for line in archive.lines)
    town_rows = selectors.year_scores(scope=scope_of(w.town_staff), congress=w.congress, year=2017)[1]
    assert {r.deputy.pk for r in town_rows} == {d.pk for d in w.deputies}  # the other town's deputy is not theirs


@pytest.mark.django_db
def test_a_years_scheme_freezes_by_itself_once_the_rule_says_its_scores_are_final():
    from renda.archive.jobs import freeze_final_schemes
    from renda.core.models import AuditEvent

    w = Setting.build()
    scope = scope_of(w.office)
    s2017 = services.scheme_open(actor=w.office, scope=scope, congress=w.congress, year=2017)
    s2018 = services.scheme_open(actor=w.office, scope=scope, congress=w.congress, year=2018)
    assert freeze_final_schemes(today=D(2018, 3, 31)) == 0  # 2017 ended 90 days ago: still open for corrections
    assert freeze_final_schemes(today=D(2018, 4, 1)) >= 1  # this congress's 2017 (and the demo's other congresses')
    s2017.refresh_from_db()
    s2018.refresh_from_db()
    assert s2017.state == ScoreScheme.State.FROZEN and s2018.state == ScoreScheme.State.OPEN
    assert AuditEvent.objects.filter(object_id=str(s2017.pk), action__contains="freeze").exists()
    assert freeze_final_schemes(today=D(2018, 4, 2)) == 0  # run again: nothing more
    with pytest.raises(InvalidTransition):
        services.scheme_update(actor=w.office, scope=scope, scheme=s2017, points={}, caps={}, base=0, maximum=100,
                               good_from=80, fair_from=60)  # fmt: skip
