"""The liaison stations for core's typeahead picker (renda/core/picker.py), scoped like the stations list."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.picker import Kind, register

from .models import Station
from .selectors import station_queryset


def _label(station: Station) -> str:
    return f"{station.name}（{station.region.name}）"


STATIONS = register(Kind(
    "stations", _("liaison stations"), lambda scope: station_queryset(scope).order_by("region__path", "name"),
    fields=("pk", "name", "region__name"), related=("region",), option=lambda s: s.name, label=_label,
))  # fmt: skip
