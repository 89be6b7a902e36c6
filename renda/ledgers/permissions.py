"""Who may import past years' ledgers: the district office (its whole district) and town staff (their own town's
stations); each row is then checked by the workflow's own service against the importer's scope (a town's staff
cannot import another town's station). Imports are seen by those who may make them, in their regions."""

from __future__ import annotations

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.core import registry
from renda.org.models import Role
from renda.org.scoping import Scope

IMPORT_ROLES = frozenset({Role.OFFICE, Role.TOWN})


def can_import(scope: Scope) -> bool:
    return scope.everything or scope.has(*IMPORT_ROLES)


def batch_q(scope: Scope) -> Q | None:
    return scope.visible([(IMPORT_ROLES, lambda s: Q(region_id__in=s.region_ids))])


def nav(scope: Scope) -> list[tuple[str, str | Promise, str]]:
    return registry.nav_entries(scope, [(can_import, "ledgers", _("Past ledgers"), "ledgers:index")])
