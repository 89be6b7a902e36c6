"""The duty archive's part of the demo: each congress's 2017 scoring scheme (the rules' default), the district's
frozen once the year's lists were drawn up. The archives themselves are assembled from the other apps' demo
records: nothing of them is stored."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from renda.core.actors import system
from renda.org.models import Body
from renda.org.scoping import Scope

from . import services
from .models import ScoreScheme

REASON = "demo: the 2017 scoring schemes"
YEAR = 2017


def build(context: Any) -> None:
    if ScoreScheme.objects.exists():
        return
    scope, actor = Scope.system(REASON), system(REASON)
    with transaction.atomic():
        for congress in Body.objects.filter(kind=Body.Kind.CONGRESS).select_related("region").order_by("region__path"):
            row = services.scheme_open(actor=actor, scope=scope, congress=congress, year=YEAR)
            if congress.pk == context.district_congress.pk:
                services.scheme_freeze(actor=actor, scope=scope, scheme=row)
