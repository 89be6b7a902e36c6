"""Two writers of one kept cell at the same moment (two connections, PostgreSQL): the second recounts after the
first commits, so the cell ends with both sign-ins — also when neither had created the cell's row yet."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connection, connections, transaction

from renda.core import kept
from renda.org.scoping import build_scope
from renda.org.tests.factories import DeputyFactory

from .. import services
from ..kept import STATIONS
from ..models import StationMonth
from .factories import ActivityFactory, StationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_sign_ins_of_one_cell_at_once_are_both_counted():
    deputies = [DeputyFactory(), DeputyFactory(), DeputyFactory(), DeputyFactory()]
    station = StationFactory(deputies=deputies)
    scope = build_scope(station.officer)
    day = datetime.date(2020, 5, 15)
    activities = [ActivityFactory(station=station, date=day), ActivityFactory(station=station, date=day)]
    first_in, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():  # holds the cell's lock until released
                services.activity_check_in(actor=station.officer, scope=scope, activity=activities[0], deputy=deputies[0])
                first_in.set()
                release.wait(10)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            first_in.set()
            connections.close_all()

    def second() -> None:
        try:
            first_in.wait(10)
            services.activity_check_in(actor=station.officer, scope=scope, activity=activities[1], deputy=deputies[1])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    time.sleep(0.5)  # the second now waits on the cell's row lock
    assert threads[1].is_alive()
    release.set()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert StationMonth.objects.get(station=station, month=datetime.date(2020, 5, 1)).deputy_visits == 2
    assert kept.differences(STATIONS) == {}

    # both at once from the start (the cell's row exists now): a barrier, many times
    for round_ in range(3):
        barrier = threading.Barrier(2)

        def sign(deputy, activity, barrier: threading.Barrier) -> None:
            try:
                barrier.wait()
                services.activity_check_in(actor=station.officer, scope=scope, activity=activity, deputy=deputy)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
            finally:
                connections.close_all()

        pair = [ActivityFactory(station=station, date=day) for _ in range(2)]
        racers = [threading.Thread(target=sign, args=(deputies[2 + i], pair[i], barrier)) for i in range(2)]
        for t in racers:
            t.start()
        for t in racers:
            t.join(timeout=30)
        assert not errors, errors
        assert StationMonth.objects.get(station=station, month=datetime.date(2020, 5, 1)).deputy_visits == 4 + 2 * round_
