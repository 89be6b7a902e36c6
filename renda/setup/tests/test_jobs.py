"""The daily job removes set-up sheets previewed and never confirmed, once older than the rule's hours."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renda.org.tests.factories import UserFactory
from renda.setup.jobs import abandoned_previews
from renda.setup.models import PendingImport

pytestmark = pytest.mark.django_db


def test_abandoned_previews_are_removed_after_the_rules_hours():
    user = UserFactory()
    now = timezone.now()
    old = PendingImport.objects.create(
        user=user, sheet="units", name="old.xlsx", data=b"x", created_at=now - datetime.timedelta(hours=30)
    )
    fresh = PendingImport.objects.create(
        user=user, sheet="bodies", name="new.xlsx", data=b"x", created_at=now - datetime.timedelta(hours=3)
    )
    assert abandoned_previews() == 1
    assert not PendingImport.objects.filter(pk=old.pk).exists() and PendingImport.objects.filter(pk=fresh.pk).exists()
