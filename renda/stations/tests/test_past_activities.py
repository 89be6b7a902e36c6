"""An activity of the past recorded after the fact: sign-ins at their real time (`at=`), refused before the
activity's day or in the future; the record written on or after its day."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renda.core.errors import DomainError
from renda.org.scoping import build_scope
from renda.org.tests.factories import DeputyFactory

from .. import services
from ..models import Activity
from .factories import StationFactory

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(text))


def test_a_past_sign_in_keeps_its_time():
    deputy = DeputyFactory()
    station = StationFactory(deputies=[deputy])
    officer, scope = station.officer, build_scope(station.officer)
    activity = services.activity_create(
        actor=officer, scope=scope, station=station, kind=Activity.Kind.THEMED, topic="2019年8月接待",
        date=datetime.date(2019, 8, 15), start_time=datetime.time(9), end_time=datetime.time(11, 30),
    )  # fmt: skip
    with pytest.raises(DomainError):
        services.activity_check_in(actor=officer, scope=scope, activity=activity, deputy=deputy, at=at("2019-08-14 09:00"))
    with pytest.raises(DomainError, match="in the future|晚于当前时间"):
        services.activity_check_in(
            actor=officer, scope=scope, activity=activity, deputy=deputy, at=timezone.now() + datetime.timedelta(days=1)
        )
    signin = services.activity_check_in(actor=officer, scope=scope, activity=activity, deputy=deputy, at=at("2019-08-15 09:00"))
    assert signin.at == at("2019-08-15 09:00")
    held = services.activity_record(actor=officer, scope=scope, activity=activity, voters_received=7, at=at("2019-08-15 11:30"))
    assert held.status == Activity.Status.HELD and held.voters_received == 7
