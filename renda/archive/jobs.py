"""Daily jobs of the duty archive."""

from __future__ import annotations

import datetime

from django.utils import timezone

from renda.core.actors import system
from renda.core.jobs import daily
from renda.org.scoping import Scope

from . import rules, services
from .models import ScoreScheme


@daily("archive.freeze_final_schemes")
def freeze_final_schemes(today: datetime.date | None = None) -> int:
    """Every scheme still open when its year ended more than `archive.freeze_after_days` days ago is frozen, as the
    system (audited like a freeze by staff): the year's scores are final and no later edit reaches them."""
    today = today or timezone.localdate()
    frozen = 0
    for scheme in ScoreScheme.objects.filter(state=ScoreScheme.State.OPEN, year__lt=today.year).select_related("region"):
        days = int(rules.value(rules.FREEZE_AFTER_DAYS, scheme.region))
        if today <= datetime.date(scheme.year, 12, 31) + datetime.timedelta(days=days):
            continue
        reason = f"archive: the {scheme.year} scores are final ({days} days after the year)"
        services.scheme_freeze(actor=system(reason), scope=Scope.system(reason), scheme=scheme)
        frozen += 1
    return frozen
