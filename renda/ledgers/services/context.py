"""What every row of one import shares: who imports (their scope, checked by each workflow's service), the system
actor that records the rows under the file's name, and look-ups by name that the rows repeat."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from renda.core.actors import SystemActor
from renda.core.errors import DomainError
from renda.core.models import User
from renda.org.scoping import Scope
from renda.stations import selectors as station_selectors
from renda.stations.models import Station

from ..formats import Row


@dataclass
class Context:
    scope: Scope
    user: User
    actor: SystemActor
    stations: dict[str, Station] = field(default_factory=dict)
    #: a ledger of several sheets: the further sheets' rows by sheet field, then by the main row's key they name
    children: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    created: dict[tuple[str, str], int] = field(default_factory=dict)  # (ledger, number): record made by this run

    def station(self, name: str) -> Station:
        """The station of that name among those the importer sees (refused when unknown or not unique)."""
        if name not in self.stations:
            found = list(station_selectors.station_queryset(self.scope).filter(name=name).select_related("town", "region")[:2])
            if not found:
                raise DomainError(_("Unknown station: %(name)s") % {"name": name})
            if len(found) > 1:
                raise DomainError(_("More than one station is named %(name)s.") % {"name": name})
            self.stations[name] = found[0]
        return self.stations[name]
