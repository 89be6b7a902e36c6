"""Personal data retention (issue #16, item 11): a closed opinion's voter name and phone are blanked by the daily job
after the rule's days, with an audit event; open or recently closed opinions keep them; the tracking page still works."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core.models import AuditEvent, Rule

from ..jobs import anonymise_contacts
from ..models import Status
from ..rules import CONTACT_RETENTION_DAYS
from .factories import OpinionFactory, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return Place.build()


def _closed(place, days_ago: int, phone: str):
    closed_at = timezone.now() - datetime.timedelta(days=days_ago)
    return OpinionFactory(station=place.station, region=place.village, status=Status.CLOSED, closed_at=closed_at, phone=phone)


def test_the_daily_job_anonymises_closed_opinions_after_the_rule(place, client):
    days = int(CONTACT_RETENTION_DAYS.default)
    old = _closed(place, days + 1, "13800138001")
    recent = _closed(place, days - 1, "13800138002")
    open_one = OpinionFactory(station=place.station, region=place.village)
    assert anonymise_contacts() >= 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.phone, old.contact_name) == ("", "")
    assert (recent.phone, recent.contact_name) == ("13800138002", "张三")
    open_one.refresh_from_db()
    assert open_one.phone
    event = AuditEvent.objects.get(action="opinion.anonymise", object_id=str(old.pk))
    assert "13800138001" not in str(event.before) + str(event.after)
    assert anonymise_contacts() == 0  # nothing left to do: the job is idempotent
    page = client.post(reverse("opinions:track"), {"code": old.tracking_code})
    assert page.status_code == 200 and old.text[:10] in page.content.decode()


def test_the_office_sets_the_retention(place):
    Rule.objects.create(key=CONTACT_RETENTION_DAYS.key, value=30)
    opinion = _closed(place, 31, "13800138003")
    anonymise_contacts()
    opinion.refresh_from_db()
    assert opinion.phone == ""
