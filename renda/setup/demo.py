"""The demo district's staff logins as staff accounts, each in the region its grant covers."""

from __future__ import annotations

from typing import Any

from renda.org.models import Role, RoleGrant

from .models import StaffAccount


def build(context: Any) -> None:
    if StaffAccount.objects.exists():
        return
    accounts: dict[int, StaffAccount] = {}
    grants = RoleGrant.objects.exclude(role__in=[Role.ADMIN, Role.DEPUTY]).select_related("body", "unit").order_by("pk")
    for grant in grants:
        region_id = (
            grant.region_id or (grant.body.region_id if grant.body else None) or (grant.unit.region_id if grant.unit else None)
        )
        if region_id is not None and grant.user_id not in accounts:
            accounts[grant.user_id] = StaffAccount(user_id=grant.user_id, region_id=region_id)
    StaffAccount.objects.bulk_create(list(accounts.values()))
