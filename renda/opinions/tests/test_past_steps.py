"""Steps recorded after the fact (`at=`, a past ledger): each at its real time, deadlines and "on time" from those
times by the live rules; a time in the future or before the previous step refused with its reason; no SMS and no
notice for a step of the past. Live entry (no `at`) is unchanged (test_lifecycle)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renda.core import notify
from renda.core.errors import DomainError
from renda.core.models import Notice
from renda.org.scoping import Scope, build_scope

from .. import services
from ..models import Status
from .factories import Place

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


@pytest.fixture
def place() -> Place:
    return Place.build()


def register(place, when):
    return services.opinion_register(
        actor=place.liaison, scope=build_scope(place.liaison), station=place.station, region=place.village, category="城乡建设",
        text="村口道路破损严重，雨天积水，希望修缮。", phone="13800001234", at=when,
    )  # fmt: skip


def test_a_past_opinion_keeps_its_times_and_its_deadline_runs_from_the_day_it_was_routed(place):
    w, s = place, build_scope(place.liaison)
    opinion = register(w, at("2019-08-15 09:30"))
    assert opinion.registered_at == at("2019-08-15 09:30")
    opinion = services.opinion_route(actor=w.liaison, scope=s, opinion=opinion, unit=w.unit, at=at("2019-08-16 10:00"))
    assert opinion.deadline == datetime.date(2019, 8, 31) and opinion.routed_at == at("2019-08-16 10:00")
    clerk = build_scope(w.clerk)
    opinion = services.opinion_unit_answer(
        actor=w.clerk, scope=clerk, opinion=opinion, answer="已修缮。", at=at("2019-08-31 17:00")
    )
    assert opinion.answered_on_time is True and opinion.status == Status.ANSWERED  # not told by SMS: a past step
    assert not notify.outbox and not Notice.objects.filter(user=w.clerk).exists()
    opinion = services.opinion_tell(actor=w.liaison, scope=s, opinion=opinion, at=at("2019-09-01 09:00"))
    opinion = services.opinion_feedback(opinion=opinion, solved=True, at=at("2019-09-10 10:00"))
    assert (opinion.told_at, opinion.closed_at) == (at("2019-09-01 09:00"), at("2019-09-10 10:00"))
    assert [st.at for st in opinion.steps.order_by("at")][0] == at("2019-08-15 09:30")


def test_answered_the_day_after_the_deadline_is_late(place):
    w = place
    opinion = register(w, at("2019-08-15 09:30"))
    opinion = services.opinion_route(
        actor=w.liaison, scope=build_scope(w.liaison), opinion=opinion, unit=w.unit, at=at("2019-08-16 10:00")
    )
    opinion = services.opinion_unit_answer(
        actor=w.clerk, scope=build_scope(w.clerk), opinion=opinion, answer="已修缮。", at=at("2019-09-01 08:00")
    )
    assert opinion.answered_on_time is False and opinion.is_overdue


def test_a_step_before_the_previous_one_or_in_the_future_is_refused(place):
    w, s = place, build_scope(place.liaison)
    opinion = register(w, at("2019-08-15 09:30"))
    with pytest.raises(DomainError, match="before the previous step|早于上一步"):
        services.opinion_route(actor=w.liaison, scope=s, opinion=opinion, unit=w.unit, at=at("2019-08-15 09:00"))
    with pytest.raises(DomainError, match="in the future|晚于当前时间"):
        services.opinion_route(
            actor=w.liaison, scope=s, opinion=opinion, unit=w.unit, at=timezone.now() + datetime.timedelta(days=1)
        )
    with pytest.raises(DomainError, match="in the future|晚于当前时间"):
        register(w, timezone.now() + datetime.timedelta(hours=2))
    opinion.refresh_from_db()
    assert opinion.status == Status.REGISTERED


def test_the_platform_records_a_units_past_return_for_it(place):
    w, s = place, build_scope(place.liaison)
    opinion = register(w, at("2019-08-15 09:30"))
    opinion = services.opinion_route(actor=w.liaison, scope=s, opinion=opinion, unit=w.unit, at=at("2019-08-16 10:00"))
    system = Scope.system("test: a unit's step of a past ledger")
    opinion = services.opinion_unit_return(
        actor=w.liaison, scope=system, opinion=opinion, reason="不属本单位职责", at=at("2019-08-18 10:00")
    )
    assert opinion.status == Status.REGISTERED and opinion.unit is None
    assert not Notice.objects.filter(user=w.liaison, kind="opinions.returned").exists()
