"""Every transition of an opinion, the legal and the illegal ones, with steps, audit events and deadlines. Built
on a few factory rows (a town with its station and officer, the office, a district unit and its clerk)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renda.core import notify
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent, Notice, Rule
from renda.org.models import Role
from renda.org.scoping import build_scope
from renda.org.tests.factories import RegionFactory, UserFactory
from renda.stations.models import Station
from renda.stations.tests.factories import StationFactory

from .. import services
from ..models import Opinion, Status, Step
from .factories import OpinionFactory, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def place() -> Place:
    return Place.build()


def scope(user):
    return build_scope(user)


def register(place, **kwargs) -> Opinion:
    data = {
        "station": place.station,
        "region": place.village,
        "category": "城乡建设",
        "text": "村口道路破损严重，雨天积水，希望修缮。",
        "contact_name": "李四",
        "phone": "13800001234",
    }
    data.update(kwargs)
    return services.opinion_register(actor=place.liaison, scope=scope(place.liaison), **data)


def steps(opinion):
    return list(Step.objects.filter(opinion=opinion).values_list("action", flat=True))


def test_register_route_answer_tell_feedback(place):
    w = place
    opinion = register(w)
    assert opinion.status == Status.REGISTERED and len(opinion.tracking_code) == 10
    routed = services.opinion_route(actor=w.liaison, scope=scope(w.liaison), opinion=opinion, unit=w.unit)
    assert routed.status == Status.ROUTED
    assert routed.deadline == timezone.localdate() + datetime.timedelta(days=15)
    assert Notice.objects.filter(user=w.clerk, kind="opinions.routed").count() == 1
    answered = services.opinion_unit_answer(actor=w.clerk, scope=scope(w.clerk), opinion=routed, answer="已修缮。")
    # the voter has a phone: told by SMS at once
    assert answered.status == Status.TOLD and answered.answered_on_time is True
    closed = services.opinion_feedback(opinion=answered, solved=True)
    assert closed.status == Status.CLOSED and closed.solved is True and closed.closed_at
    assert steps(opinion) == ["register", "route", "unit_answer", "tell", "feedback"]
    actions = set(
        AuditEvent.objects.filter(object_type="opinions.opinion", object_id=str(opinion.pk)).values_list("action", flat=True)
    )
    assert {"opinion.register", "opinion.route", "opinion.unit_answer", "opinion.tell", "opinion.feedback"} <= actions


def test_deadline_comes_from_the_rules_table(place):
    w = place
    Rule.objects.create(key="opinions.answer_days", value=5)
    first = services.opinion_route(actor=w.office, scope=scope(w.office), opinion=register(w), unit=w.unit)
    assert first.deadline == timezone.localdate() + datetime.timedelta(days=5)
    Rule.objects.create(key="opinions.answer_days_by_category", region_id=w.town.pk, value={"教育": 3})
    second = services.opinion_route(
        actor=w.office,
        scope=scope(w.office),
        opinion=register(w, category="教育", text="学校门口交通拥堵。"),
        unit=w.unit,
    )
    assert second.deadline == timezone.localdate() + datetime.timedelta(days=3)


def test_a_closed_opinion_cannot_be_routed_and_nothing_changes(place):
    w = place
    opinion = register(w, phone="")
    services.opinion_answer_on_spot(actor=w.liaison, scope=scope(w.liaison), opinion=opinion, answer="当场解答。")
    opinion = services.opinion_feedback(opinion=opinion, solved=False)
    before = steps(opinion)
    with pytest.raises(InvalidTransition):
        services.opinion_route(actor=w.office, scope=scope(w.office), opinion=opinion, unit=w.unit)
    opinion.refresh_from_db()
    assert opinion.status == Status.CLOSED and opinion.unit_id is None and steps(opinion) == before


def test_a_unit_cannot_answer_what_is_not_routed_to_it(place):
    w = place
    water = w.other_unit()
    opinion = services.opinion_route(actor=w.office, scope=scope(w.office), opinion=register(w), unit=water)
    with pytest.raises(NotPermitted):
        services.opinion_unit_answer(actor=w.clerk, scope=scope(w.clerk), opinion=opinion, answer="不是我们的")
    registered = register(w, text="另一条意见，尚未交办。")
    with pytest.raises(NotPermitted):
        services.opinion_unit_answer(actor=w.clerk, scope=scope(w.clerk), opinion=registered, answer="答复")
    opinion.refresh_from_db()
    assert opinion.status == Status.ROUTED and opinion.answer == ""


def test_the_officer_cannot_answer_as_the_unit_nor_answer_a_routed_one_on_the_spot(place):
    w = place
    opinion = services.opinion_route(actor=w.office, scope=scope(w.office), opinion=register(w), unit=w.unit)
    with pytest.raises(NotPermitted):
        services.opinion_unit_answer(actor=w.liaison, scope=scope(w.liaison), opinion=opinion, answer="x答复")
    with pytest.raises(InvalidTransition):
        services.opinion_answer_on_spot(actor=w.liaison, scope=scope(w.liaison), opinion=opinion, answer="当场")


def test_not_competent_returns_to_the_officer(place):
    w = place
    opinion = services.opinion_route(actor=w.office, scope=scope(w.office), opinion=register(w), unit=w.unit)
    with pytest.raises(DomainError):
        services.opinion_unit_return(actor=w.clerk, scope=scope(w.clerk), opinion=opinion, reason=" ")
    back = services.opinion_unit_return(actor=w.clerk, scope=scope(w.clerk), opinion=opinion, reason="属交通部门职责")
    assert back.status == Status.REGISTERED and back.unit_id is None and back.deadline is None and back.reason == "属交通部门职责"
    assert Notice.objects.filter(user=w.liaison, kind="opinions.returned").exists()
    # a retried return changes nothing more
    again = services.opinion_unit_return(actor=w.clerk, scope=scope(w.clerk), opinion=back, reason="属交通部门职责")
    assert again.status == Status.REGISTERED and steps(opinion).count("unit_return") == 1
    # the officer can route it again
    assert (
        services.opinion_route(actor=w.liaison, scope=scope(w.liaison), opinion=back, unit=w.other_unit()).status == Status.ROUTED
    )


def test_raised_as_suggestion_reported_merged_out_of_remit(place):
    w = place
    liaison, s = w.liaison, scope(w.liaison)
    deputy = UserFactory(grants=[(Role.DEPUTY, {})])
    a = register(w, text="意见甲：道路拓宽。")
    raised = services.opinion_raise_as_suggestion(actor=deputy, opinion=a, suggestion_ref="S-42")
    assert raised.status == Status.SUGGESTION and raised.suggestion_ref == "S-42"
    assert services.opinion_raise_as_suggestion(actor=deputy, opinion=a, suggestion_ref="S-42").status == Status.SUGGESTION
    assert steps(a).count("raise_suggestion") == 1
    answered = services.opinion_record_answer(actor=liaison, scope=s, opinion=raised, answer="建议已答复：列入计划。")
    assert answered.status == Status.TOLD
    with pytest.raises(InvalidTransition):
        services.opinion_raise_as_suggestion(actor=deputy, opinion=answered, suggestion_ref="S-43")

    b = register(w, text="意见乙：重要情况。")
    assert services.opinion_report(actor=liaison, scope=s, opinion=b, note="涉及群体利益").status == Status.REPORTED
    c = register(w, text="意见丙：与甲相同。")
    d = register(w, text="意见丁：目标。")
    merged = services.opinion_merge(actor=liaison, scope=s, opinion=c, into=d)
    assert merged.status == Status.MERGED and merged.merged_into_id == d.pk
    with pytest.raises(InvalidTransition):
        services.opinion_route(actor=liaison, scope=s, opinion=merged, unit=w.unit)
    e = register(w, text="意见戊：私人纠纷。", phone="")
    with pytest.raises(DomainError):
        services.opinion_out_of_remit(actor=liaison, scope=s, opinion=e, reason="")
    out = services.opinion_out_of_remit(actor=liaison, scope=s, opinion=e, reason="属民事纠纷，建议通过诉讼解决")
    assert out.status == Status.OUT_OF_REMIT and out.reason
    assert services.opinion_tell(actor=liaison, scope=s, opinion=out).status == Status.TOLD


def test_an_officer_of_another_station_cannot_handle(place):
    w = place
    opinion = register(w)
    xc_officer = StationFactory(town=RegionFactory(parent=w.district)).officer
    with pytest.raises(NotPermitted):
        services.opinion_route(actor=xc_officer, scope=build_scope(xc_officer), opinion=opinion, unit=w.unit)
    # a room of the same town, run by another officer
    room = OpinionFactory(station=StationFactory(town=w.town, region=w.village, kind=Station.Kind.ROOM, parent=w.station))
    with pytest.raises(NotPermitted):
        services.opinion_route(actor=w.liaison, scope=scope(w.liaison), opinion=room, unit=w.unit)


def test_double_registration_with_the_same_token_is_one_opinion(place):
    w = place
    first = register(w, client_token="tok-1")
    second = register(w, client_token="tok-1")
    assert first.pk == second.pk
    # the same voter, text and minute without a token is one opinion too
    third = register(w, text="同一位选民同一分钟同一内容。")
    fourth = register(w, text="同一位选民同一分钟同一内容。")
    assert third.pk == fourth.pk
    # routing twice to the same unit is one step
    services.opinion_route(actor=w.office, scope=scope(w.office), opinion=first, unit=w.unit)
    services.opinion_route(actor=w.office, scope=scope(w.office), opinion=first, unit=w.unit)
    assert steps(first).count("route") == 1


def test_bad_input_changes_nothing(place):
    w = place
    count = Opinion.objects.count()
    with pytest.raises(DomainError):
        register(w, text="短")
    with pytest.raises(DomainError):
        register(w, category="不存在的类别")
    with pytest.raises(DomainError):
        register(w, region=RegionFactory(parent=w.district))  # another town's
    with pytest.raises(DomainError):
        register(w, phone="12345")
    assert Opinion.objects.count() == count


def test_overdue_is_flagged_and_notified_once(place):
    from ..jobs import overdue_notices

    w = place
    opinion = services.opinion_route(actor=w.office, scope=scope(w.office), opinion=register(w), unit=w.unit)
    Opinion.objects.filter(pk=opinion.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    opinion.refresh_from_db()
    assert opinion.is_overdue
    assert overdue_notices() == 2  # the unit's clerk and the officer
    assert overdue_notices() == 0
    answered = services.opinion_unit_answer(actor=w.clerk, scope=scope(w.clerk), opinion=opinion, answer="迟到的答复")
    assert answered.answered_on_time is False and answered.is_overdue


def test_an_open_opinion_goes_up_the_ladder_once_a_step(place):
    """Three days before the deadline the unit is reminded; the day after it, the unit and the station's officer are
    told it is overdue; ten days after, the office and the leaders over the station hear of it too — each step once,
    dated by the deadline, audited on the opinion; an answered opinion stops climbing."""
    from ..jobs import overdue_notices

    w = place
    leader = UserFactory(grants=[(Role.LEADER, {"region": w.district})])
    opinion = services.opinion_route(actor=w.office, scope=scope(w.office), opinion=register(w), unit=w.unit)
    due = opinion.deadline
    day = lambda n: due + datetime.timedelta(days=n)  # noqa: E731

    assert overdue_notices(day(-4)) == 0
    assert overdue_notices(day(-3)) == 1 and overdue_notices(day(-2)) == 0
    assert Notice.objects.get(kind="opinions.due_soon").user == w.clerk
    assert overdue_notices(day(1)) == 2 and overdue_notices(day(5)) == 0
    assert set(Notice.objects.filter(kind="opinions.overdue").values_list("user", flat=True)) == {w.clerk.pk, w.liaison.pk}
    assert overdue_notices(day(10)) == 4
    escalated = Notice.objects.filter(kind="opinions.escalated")
    assert set(escalated.values_list("user", flat=True)) == {w.clerk.pk, w.liaison.pk, w.office.pk, leader.pk}
    assert {n.event_on for n in escalated} == {due}
    assert AuditEvent.objects.filter(action="opinions.escalation", object_id=str(opinion.pk)).count() == 3
    # a region's own ladder (a rule row) is what its opinions climb
    Rule.objects.create(key="opinions.escalation", region_id=w.town.pk, value=[{"key": "overdue", "days": 0, "to": ["office"]}])
    other = services.opinion_route(actor=w.office, scope=scope(w.office), opinion=register(w, text="村卫生室缺少常用药品，希望补齐。"), unit=w.unit)
    assert overdue_notices(other.deadline) == 1
    assert Notice.objects.filter(kind="opinions.overdue", user=w.office).count() == 1
    services.opinion_unit_answer(actor=w.clerk, scope=scope(w.clerk), opinion=other, answer="已答复")
    assert overdue_notices(other.deadline + datetime.timedelta(days=30)) == 0


def test_the_ladder_reads_many_open_opinions_in_few_queries(place):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..jobs import overdue_notices

    w = place
    late = timezone.localdate() - datetime.timedelta(days=2)
    for _ in range(30):
        o = services.opinion_route(actor=w.office, scope=scope(w.office), opinion=register(w, text=f"第{_ + 1}号路段路面破损，请尽快修缮。"), unit=w.unit)
        Opinion.objects.filter(pk=o.pk).update(deadline=late)
    assert overdue_notices() == 60
    with CaptureQueriesContext(connection) as again:
        assert overdue_notices() == 0  # every step sent: nothing per opinion is read again
    assert len(again) <= 6, "\n".join(q["sql"][:160] for q in again)


def test_solved_question_four_weeks_after_the_answer(place):
    from ..jobs import solved_question

    w = place
    opinion = services.opinion_route(actor=w.office, scope=scope(w.office), opinion=register(w), unit=w.unit)
    services.opinion_unit_answer(actor=w.clerk, scope=scope(w.clerk), opinion=opinion, answer="已答复")
    assert solved_question() == 0
    notify.outbox.clear()
    later = timezone.now() + datetime.timedelta(days=29)
    assert solved_question(now=later) == 1
    assert solved_question(now=later) == 0
    opinion.refresh_from_db()
    assert opinion.asked_at is not None
