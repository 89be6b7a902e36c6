"""Every read of the set-up app, scoped first."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from renda.core.errors import NotPermitted
from renda.org.models import RoleGrant
from renda.org.scoping import Scope

from . import permissions
from .sheets import SHEETS, Sheet
from .sheets.accounts import managed_grants


def sheet_rows(*, scope: Scope, sheet: Sheet) -> QuerySet[Any]:
    if not sheet.may(scope):
        raise NotPermitted()
    return sheet.rows(scope)


def sheet_counts(*, scope: Scope) -> list[tuple[Sheet, int]]:
    return [(sheet, sheet.rows(scope).count()) for sheet in SHEETS.values() if sheet.may(scope)]


def grant_get(*, scope: Scope, pk: int) -> RoleGrant:
    """A grant the scope manages; 404 for any other (its existence is not confirmed)."""
    if not permissions.can_set_up(scope):
        raise NotPermitted()
    grant = managed_grants(scope).filter(pk=pk).first()
    if grant is None:
        raise Http404
    return grant
