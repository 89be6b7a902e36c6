"""Who hears a step of an escalation ladder (`renda.core.escalation`): a unit's clerks, the station's officer, the
congress office or town staff and the congress leaders over a region — each read once per unit and region for a
whole run of a daily job."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from renda.core.escalation import Step, item_key
from renda.core.models import User

from .models import Role, RoleGrant


class People:
    """Who the ladder's names are — a unit's clerks, the office or town staff and the leaders over a region — read
    once per unit and region for a whole run of a daily job."""

    def __init__(self) -> None:
        self._clerks: dict[int, list[User]] = {}
        self._over: dict[str, tuple[list[User], list[User]]] = {}

    def clerks(self, unit_id: int) -> list[User]:
        if unit_id not in self._clerks:
            grants = RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit_id=unit_id).select_related("user")
            self._clerks[unit_id] = [g.user for g in grants]
        return self._clerks[unit_id]

    def over(self, region_path: str) -> tuple[list[User], list[User]]:
        """(the congress office and town staff, the congress leaders) whose region holds `region_path`."""
        if region_path not in self._over:
            ids = [int(p) for p in region_path.strip("/").split("/") if p]
            grants = list(RoleGrant.objects.filter(region_id__in=ids, role__in=[Role.OFFICE, Role.TOWN, Role.LEADER])
                          .select_related("user"))  # fmt: skip
            self._over[region_path] = ([g.user for g in grants if g.role != Role.LEADER],
                                       [g.user for g in grants if g.role == Role.LEADER])  # fmt: skip
        return self._over[region_path]

    def of(
        self, obj: models.Model, step: Step, *, unit_id: int | None, region_path: str, officer: User | None = None
    ) -> dict[str, tuple[Iterable[User], str]]:
        """The usual recipients of an item handled by one unit in a region (each hears once per item and step)."""
        item = item_key(obj)
        out: dict[str, tuple[Iterable[User], str]] = {
            "unit": (self.clerks(unit_id) if unit_id is not None else [], item),
            "officer": ([officer] if officer is not None else [], item),
        }
        if {"office", "supervising_leader"} & set(step.to):
            office, leaders = self.over(region_path)
            out["office"], out["supervising_leader"] = (office, item), (leaders, item)
        return out
