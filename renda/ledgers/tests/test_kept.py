"""The figures kept per station and month (stations' and opinions') equal their records after a half-year's
ledgers are imported: the imports go through the services, which recount the cells they change."""

from __future__ import annotations

import pytest

from renda.core import kept
from renda.ledgers.models import Kind
from renda.opinions.kept import OPINIONS
from renda.stations.kept import STATIONS

from .district import build_district, half_year_ledgers
from .test_half_year import _import

pytestmark = pytest.mark.django_db


def test_the_kept_months_equal_their_records_after_the_ledgers_are_imported(client):
    d = build_district()
    ledgers = half_year_ledgers(d)
    client.force_login(d.office)
    _import(client, Kind.ACTIVITIES, ledgers.activities, "2019下半年活动台账.xlsx")
    assert kept.differences(STATIONS) == {}
    _import(client, Kind.OPINIONS, ledgers.opinions, "2019下半年意见台账.xlsx")
    assert kept.differences(OPINIONS) == {} and kept.differences(STATIONS) == {}
    assert kept.rebuild(OPINIONS) == 0 and kept.rebuild(STATIONS) == 0
