"""The daily job removes previewed ledger files never committed, once older than the rule's hours."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renda.core.models import Rule
from renda.ledgers.jobs import abandoned_previews
from renda.ledgers.models import Kind, Upload
from renda.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_abandoned_previews_are_removed_after_the_rules_hours():
    user = UserFactory()
    now = timezone.now()
    old = Upload.objects.create(kind=Kind.SUGGESTIONS, by=user, file_name="old.xlsx", data=b"x", at=now - datetime.timedelta(hours=30))
    fresh = Upload.objects.create(kind=Kind.SUGGESTIONS, by=user, file_name="new.xlsx", data=b"x", at=now - datetime.timedelta(hours=3))
    assert abandoned_previews() >= 1
    assert not Upload.objects.filter(pk=old.pk).exists() and Upload.objects.filter(pk=fresh.pk).exists()
    Rule.objects.create(key="ledgers.preview_keep_hours", value=2)
    abandoned_previews()
    assert not Upload.objects.filter(pk=fresh.pk).exists()
