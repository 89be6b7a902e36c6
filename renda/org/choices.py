"""The kinds of choice of the organisation's records for core's typeahead picker (renda/core/picker.py): units,
regions, congresses, terms and deputies, each scoped like the lists that filter by them."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from renda.core.picker import Kind, register

from . import selectors
from .models import Body, Deputy, Region, Term, Unit

ORDINAL = re.compile(r"第[〇零一二三四五六七八九十百\d]+届")


def _unit_label(unit: Unit) -> str:
    return f"{unit.name}（{unit.region.name}）"


def _region_option(region: Region) -> str:
    return "　" * max(region.depth - 1, 0) + region.name


def _region_label(region: Region) -> str:
    return f"{region.name}（{region.parent.name}）" if region.parent is not None else region.name


def _deputy_label(deputy: Deputy) -> str:
    return f"{deputy.person.name}（{deputy.congress.name}）"


UNITS = register(Kind(
    "units", _("units"), lambda scope: selectors.unit_queryset(scope).order_by("region__path", "name"),
    fields=("pk", "name", "region__name"), related=("region",), option=lambda u: u.name, label=_unit_label,
))  # fmt: skip
REGIONS = register(Kind(
    "regions", _("regions"), lambda scope: selectors.region_list(scope=scope),
    fields=("pk", "name", "depth", "parent__name"), related=("parent",), option=_region_option, label=_region_label,
))  # fmt: skip
CONGRESSES = register(Kind(
    "congresses", _("congresses"), lambda scope: selectors.body_list(scope=scope, kind=Body.Kind.CONGRESS),
    option=lambda b: b.name,
))  # fmt: skip
TERMS = register(Kind(
    "terms", _("terms"), lambda scope: selectors.term_list(scope=scope),
    fields=("pk", "number", "congress__name"), related=("congress",), search="congress__name", option=Term.__str__,
    needle=lambda text: ORDINAL.sub("", text),  # 王江泾镇第十届人民代表大会: its congress, 王江泾镇人民代表大会
))  # fmt: skip
GROUPS = register(Kind(
    "groups", _("deputy groups"), lambda scope: selectors.group_list(scope=scope),
    fields=("pk", "name", "congress__name"), related=("congress",), option=lambda g: g.name,
    label=lambda g: f"{g.name}（{g.congress.name}）",
))  # fmt: skip
DEPUTIES = register(Kind(
    "deputies", _("deputies"),
    # in id order: LIMIT 20 stops at the first matches (a province's 200,000 deputies sorted by name: 0.4 s)
    lambda scope: selectors.deputy_queryset(scope).order_by("pk"),
    fields=("pk", "person__name", "congress__name"), related=("person", "congress"), search="person__name",
    option=_deputy_label,
))  # fmt: skip
