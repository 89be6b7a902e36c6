"""Daily jobs of the set-up app."""

from __future__ import annotations

import datetime

from django.utils import timezone

from renda.core import rules
from renda.core.jobs import daily

from .models import PendingImport
from .rules import PREVIEW_KEEP_HOURS


@daily("setup.abandoned_previews")
def abandoned_previews(today: datetime.date | None = None) -> int:
    """Set-up sheets previewed and never confirmed, older than the rule `setup.preview_keep_hours`: removed."""
    hours = float(rules.value(PREVIEW_KEEP_HOURS.key))
    deleted, _by_model = PendingImport.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(hours=hours)).delete()
    return deleted
