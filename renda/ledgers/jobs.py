"""Daily jobs of the ledgers app."""

from __future__ import annotations

import datetime

from django.utils import timezone

from renda.core.jobs import daily

from .models import Upload
from .selectors import kept


@daily("ledgers.abandoned_previews")
def abandoned_previews(today: datetime.date | None = None) -> int:
    """Files previewed and never committed, older than the rule `ledgers.preview_keep_hours`: removed."""
    deleted, _by_model = Upload.objects.filter(at__lt=timezone.now() - kept()).delete()
    return deleted
