"""Open data of the liaison stations (renda/core/opendata.py): the directory of active stations, rooms and online
stations — what their public pages show (the deputies attached are counted, never listed with contacts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.opendata import Value, dataset
from renda.org.models import Deputy

from .models import Station


def _stations(year: int | None) -> QuerySet[Station]:
    serving = Count("deputies", filter=Q(deputies__status=Deputy.Status.SERVING), distinct=True)
    return (
        Station.objects.filter(is_active=True)
        .select_related("town", "region", "parent")
        .annotate(n_deputies=serving)
        .order_by("town__path", "kind", "name", "pk")
    )


def _station_rows(batch: Sequence[Any]) -> list[dict[str, Value]]:
    return [
        {"name": s.name, "kind": s.get_kind_display(), "town": s.town.name, "region": s.region.name,
         "station": s.parent.name if s.parent_id else None, "address": s.address, "deputies": s.n_deputies,
         "url": reverse("stations:public_station", args=[s.pk])}
        for s in batch
    ]  # fmt: skip


DATASETS = [
    dataset(
        "liaison-stations", _("Deputies' liaison stations"), records=_stations, rows=_station_rows,
        description=_("The active liaison stations, rooms and online stations, where they are and how many deputies receive voters there."),
        columns="""
        name     | 名称       |     | the station
        kind     | 类别       |     | liaison station, liaison room or online station
        town     | 镇(街道)   |     | the town or sub-district it reports to
        region   | 所在地     |     | the town, village or community it is in
        station  | 所属联络站 |     | for a room, the station it belongs to
        address  | 地址       |     | address
        deputies | 进站代表数 | int | serving deputies attached to it
        url      | 网址       |     | its public page
        """,
    ),
]
