"""The ballot paper a voter fills in on a vote page (a meetings poll, a livelihood-projects ballot, an election).

One line per option, built here so the template only prints: the item's name (the legend of its radios, the label of
its tick or its rank box), the radios with their labels, and what the voter posted before a refusal (a refused
ballot comes back with the voter's own ticks, never blank). `about` carries what a line shows under the name (a
candidate project's description, budget, unit and deadline).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

RADIO_METHODS = {"yna": "YNA", "satisfaction": "SBU"}


def answer_labels() -> dict[str, str]:
    return {
        "Y": _("for"),
        "N": _("against"),
        "A": _("abstain"),
        "S": _("satisfied"),
        "B": _("basically satisfied"),
        "U": _("not satisfied"),
    }


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class Line:
    number: int
    pk: int
    name: str
    field: str
    choices: list[Choice] = dataclasses.field(default_factory=list)
    picked: bool = False
    rank: str = ""
    about: Any = None


def lines(
    method: str,
    options: Iterable[Any],
    posted: Mapping[str, Any] | None = None,
    about: Mapping[int, Any] | None = None,
    numbers: Mapping[int, int] | None = None,
) -> list[Line]:
    """The paper's lines for `options` (objects with pk and text) voted by `method`; `posted` is the refused POST
    (a QueryDict) whose answers are kept; `about[pk]` what a line shows under its name; `numbers[pk]` its number."""
    labels = answer_labels()
    picks = set(posted.getlist("pick")) if posted is not None and hasattr(posted, "getlist") else set()
    out = []
    for n, option in enumerate(options, start=1):
        key = str(option.pk)
        given = str(posted.get(f"option-{key}", "")) if posted is not None else ""
        rank = str(posted.get(f"rank-{key}", ""))[:4] if posted is not None else ""
        out.append(
            Line(
                number=(numbers or {}).get(option.pk, n),
                pk=option.pk,
                name=option.text,
                field=f"option-{key}",
                choices=[Choice(v, labels[v], v == given) for v in RADIO_METHODS.get(method, "")],
                picked=key in picks,
                rank=rank if rank.isdigit() else "",
                about=(about or {}).get(option.pk),
            )
        )
    return out
