"""Set-up sheets of staff accounts (a password set by staff, changed at first login) and their role grants."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.actors import user_of
from renda.core.audit import audit_record, changed, snapshot
from renda.core.models import User
from renda.core.text import normalise_phone
from renda.org.models import Body, Person, Region, Role, RoleGrant
from renda.org.scoping import Scope

from .. import permissions
from ..models import StaffAccount
from .base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Problems,
    RowContext,
    Sheet,
    ambiguous_region_names,
    choice,
    columns,
    find_region,
    labels,
    managed_bodies,
    managed_regions,
    managed_rows,
    region_choices,
    region_label,
)
from .org import managed_units

ACCOUNT_FIELDS = ["display_name", "phone"]
ACCOUNT_STATES = {"在用": "active", "停用": "inactive"}


def managed_accounts(scope: Scope) -> QuerySet[StaffAccount]:
    return managed_rows(
        scope, StaffAccount.objects.select_related("user", "region__parent").order_by("region__path", "user__username")
    )


def account_upsert(ctx: RowContext, values: dict[str, str]) -> str:
    p = Problems(ACCOUNTS, values)
    username = values.get("用户名", "")
    if username:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            p.add(_("a login name may hold letters, digits and @ . + - _ only"))
    phone = ""
    if values.get("手机"):
        phone = normalise_phone(values["手机"]) or ""
        if not phone:
            p.add(_("“%(column)s” %(value)s is not a mobile number (11 digits)") % {"column": "手机", "value": values["手机"]})
    region = find_region(p, "所属区域", managed=ctx.scope)
    existing = User.objects.select_for_update().filter(username=username).first() if username else None
    account = StaffAccount.objects.filter(user=existing).first() if existing else None
    if existing is not None and (account is None or not permissions.can_manage_region(ctx.scope, account.region)):
        p.add(_("the login “%(value)s” is taken") % {"value": username})
    active = choice(p, "状态", ACCOUNT_STATES) != "inactive"
    if existing is not None and not active and user_of(ctx.actor) == existing:
        p.add(_("you cannot deactivate your own account"))
    password = values.get("初始密码", "")
    if existing is None and not password:
        p.add(_("“初始密码” is required for a new account"))
    elif existing is None:
        try:
            password_validation.validate_password(password, User(username=username, display_name=values.get("姓名", "")))
        except ValidationError as exc:
            p.add(_("initial password: %(reasons)s") % {"reasons": " ".join(exc.messages)})
    p.check()
    assert region is not None
    if existing is None:
        user = User(username=username, display_name=values["姓名"], phone=phone, must_change_password=True, is_active=active)
        user.set_password(password)
        user.save()
        account = StaffAccount.objects.create(user=user, region=region, created_by=user_of(ctx.actor))
        after = {
            **snapshot(user, ["username", *ACCOUNT_FIELDS, "must_change_password", "is_active"]),
            "region": region.pk,
            "source": ctx.source,
        }
        audit_record(actor=ctx.actor, action="account.create", obj=user, after=after, region_id=region.pk)
        return CREATED
    assert account is not None
    before = {**snapshot(existing, ACCOUNT_FIELDS), "region": account.region_id}
    existing.display_name, existing.phone = values["姓名"], phone
    account.region = region
    old, new = changed(before, {**snapshot(existing, ACCOUNT_FIELDS), "region": region.pk})
    moved = existing.is_active != active
    if not new and not moved:
        return UNCHANGED
    if new:
        existing.save(update_fields=ACCOUNT_FIELDS)
        account.save(update_fields=["region"])
        audit_record(actor=ctx.actor, action="account.update", obj=existing, before=old, after={**new, "source": ctx.source},
                     region_id=region.pk)  # fmt: skip
    if moved:  # deactivated (停用: the login is refused, its API tokens too) or active again, audited on its own
        existing.is_active = active
        existing.save(update_fields=["is_active"])
        audit_record(actor=ctx.actor, action="account.reactivate" if active else "account.deactivate", obj=existing,
                     before={"is_active": not active}, after={"is_active": active, "source": ctx.source},
                     region_id=region.pk)  # fmt: skip
    return UPDATED


def account_as_row(a: StaffAccount, ambiguous: set[str]) -> dict[str, str]:
    return {"用户名": a.user.username, "姓名": a.user.display_name, "手机": a.user.phone,
            "所属区域": region_label(a.region, ambiguous), "初始密码": "", "状态": labels(ACCOUNT_STATES)["active" if a.user.is_active else "inactive"]}  # fmt: skip


def account_example(scope: Scope) -> dict[str, str]:
    region = managed_regions(scope).first()
    return {"用户名": "zhangsan", "姓名": "张三", "手机": "13800000000", "所属区域": region.name if region else "秀洲区",
            "初始密码": "Renda@2026"}  # fmt: skip


ACCOUNTS = Sheet(
    "accounts", gettext_lazy("Staff accounts"), gettext_lazy("staff account"),
    columns(
        """
        username | 用户名   | required | 150
        name     | 姓名     | required | 100
        phone    | 手机     |          | 20
        region   | 所属区域 | required
        password | 初始密码 |          | 128
        state    | 状态
        """,
        region=region_choices, state=lambda scope: list(ACCOUNT_STATES),
    ),
    upsert=account_upsert, rows=managed_accounts, as_row=account_as_row, example=account_example,
    notes=[
        gettext_lazy("The initial password is used only when the account is created; its owner changes it at the first login."),
        gettext_lazy("Importing the file again changes names, phones and regions, never a password."),
        gettext_lazy("状态 停用 deactivates an account (its login and API tokens are refused); 在用 makes it active again."),
    ],
)


# --- Role grants -----------------------------------------------------------------------------------------------

ROLE_LABELS = {
    "人大办工作人员": Role.OFFICE,
    "专委会工作人员": Role.COMMITTEE,
    "镇街工作人员": Role.TOWN,
    "联络员": Role.LIAISON,
    "承办单位联络员": Role.UNIT_CLERK,
    "领导": Role.LEADER,
    "代表": Role.DEPUTY,  # links the login to the deputy (by ID number): the deputy's own pages and steps
}
REGION_ROLES = {Role.OFFICE, Role.TOWN, Role.LIAISON, Role.LEADER}


def grantable_labels(scope: Scope) -> list[str]:
    if scope.everything:
        return list(ROLE_LABELS)
    roles: set[str] = set()
    for role in scope.roles & permissions.MANAGE_ROLES:
        roles |= permissions.GRANTABLE[role]
    return [label for label, role in ROLE_LABELS.items() if role in roles]


def managed_grants(scope: Scope) -> QuerySet[RoleGrant]:
    ids = permissions.managed_region_ids(scope)
    rows = RoleGrant.objects.select_related("user__person", "region__parent", "body__region", "unit__region").exclude(
        role=Role.ADMIN
    )
    rows = rows.order_by("user__username", "role", "pk")
    if ids is None:
        return rows
    deputies = Q(role=Role.DEPUTY, user__person__mandates__region_id__in=ids)
    return rows.filter(Q(region_id__in=ids) | Q(body__region_id__in=ids) | Q(unit__region_id__in=ids) | deputies).distinct()


def grant_region(grant: RoleGrant) -> Region | None:
    """The region a grant covers: its region, its body's, its unit's."""
    if grant.region is not None:
        return grant.region
    if grant.body is not None:
        return grant.body.region
    if grant.unit is not None:
        return grant.unit.region
    person = Person.objects.filter(user_id=grant.user_id).first() if grant.role == Role.DEPUTY else None
    mandate = person.mandates.select_related("region").order_by("-pk").first() if person else None
    return mandate.region if mandate else None


def _one(p: Problems, header: str, rows: QuerySet[Any]) -> Any:
    found = list(rows.filter(name=p.values[header])[:2])
    if len(found) != 1:
        p.add(_("“%(column)s” “%(value)s” is unknown or outside your scope") % {"column": header, "value": p.values[header]})
        return None
    return found[0]


def grant_upsert(ctx: RowContext, values: dict[str, str]) -> str:
    p = Problems(GRANTS, values)
    user = None
    if values.get("用户名"):
        user = User.objects.filter(username=values["用户名"]).first()
        account = StaffAccount.objects.filter(user=user).first() if user else None
        if user is None or not (ctx.scope.everything or (account and permissions.can_manage_region(ctx.scope, account.region))):
            p.add(_("no staff account “%(value)s” in your scope") % {"value": values["用户名"]})
    role = choice(p, "角色", ROLE_LABELS)
    region = body = unit = None
    if role in REGION_ROLES:
        if not values.get("区域"):
            p.add(_("this role needs “区域”"))
        region = find_region(p, "区域", managed=ctx.scope)
    elif role == Role.COMMITTEE:
        if not values.get("机构"):
            p.add(_("this role needs “机构”"))
        else:
            body = _one(p, "机构", managed_bodies(ctx.scope).exclude(kind=Body.Kind.CONGRESS))
    elif role == Role.UNIT_CLERK:
        if not values.get("单位"):
            p.add(_("this role needs “单位”"))
        else:
            unit = _one(p, "单位", managed_units(ctx.scope))
    person = _deputy_person(p, ctx, user) if role == Role.DEPUTY else None
    target: Region | None = region if region is not None else body.region if body is not None else unit.region if unit else None
    if person is not None:
        target = person.mandates.select_related("region").order_by("-pk").first().region  # type: ignore[union-attr]
    if role is not None and target is not None and not permissions.can_grant(ctx.scope, role, target):
        p.add(_("you may not grant this role there"))
    p.check()
    assert user is not None and role is not None
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, region=region, body=body, unit=unit)
    if person is not None and person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
        audit_record(actor=ctx.actor, action="person.link_login", obj=person, after={"user": user.username, "source": ctx.source},
                     region_id=target.pk if target else None)  # fmt: skip
        created = True
    if not created:
        return UNCHANGED
    audit_record(
        actor=ctx.actor,
        action="role.grant",
        obj=grant,
        after={**snapshot(grant), "source": ctx.source},
        region_id=target.pk if target else None,
    )
    return CREATED


def _deputy_person(p: Problems, ctx: RowContext, user: User | None) -> Person | None:
    """The deputy a 代表 grant links the login to, by ID number: a person with a mandate in the granter's regions,
    not linked to another login (nor the login to another person)."""
    number = p.values.get("代表身份证号", "").upper()
    if not number:
        p.add(_("this role needs “代表身份证号”"))
        return None
    person = Person.objects.filter(id_number=number, mandates__isnull=False).distinct().first()
    ids = permissions.managed_region_ids(ctx.scope)
    if person is None or (ids is not None and not person.mandates.filter(region_id__in=ids).exists()):
        p.add(_("no deputy with this ID number in your scope"))
        return None
    if person.user_id is not None and (user is None or person.user_id != user.pk):
        p.add(_("this deputy is linked to another login"))
    elif user is not None and Person.objects.filter(user=user).exclude(pk=person.pk).exists():
        p.add(_("this login is linked to another person"))
    return person


def grant_as_row(g: RoleGrant, ambiguous: set[str]) -> dict[str, str]:
    return {
        "用户名": g.user.username,
        "角色": labels(ROLE_LABELS).get(g.role, g.role),
        "区域": region_label(g.region, ambiguous) if g.region else "",
        "机构": g.body.name if g.body else "",
        "单位": g.unit.name if g.unit else "",
        "代表身份证号": "",  # personal data: not written back into a file
    }


def grant_example(scope: Scope) -> dict[str, str]:
    account = managed_accounts(scope).first()
    if account is None:
        return {"用户名": "zhangsan", "角色": "联络员", "区域": "王江泾镇", "机构": "", "单位": ""}
    region = region_label(account.region, ambiguous_region_names())
    return {"用户名": account.user.username, "角色": "联络员", "区域": region, "机构": "", "单位": ""}


GRANTS = Sheet(
    "grants", gettext_lazy("Role grants"), gettext_lazy("role grant"),
    columns(
        """
        username | 用户名       | required | 150
        role     | 角色         | required
        region   | 区域
        body     | 机构
        unit     | 单位
        person   | 代表身份证号 |          | 18
        """,
        role=grantable_labels, region=region_choices, body=lambda scope: [b.name for b in managed_bodies(scope).exclude(kind=Body.Kind.CONGRESS)], unit=lambda scope: [u.name for u in managed_units(scope)],
    ),
    upsert=grant_upsert, rows=managed_grants, as_row=grant_as_row, example=grant_example,
    notes=[
        gettext_lazy(
            "人大办工作人员, 镇街工作人员, 联络员 and 领导 need 区域; 专委会工作人员 needs 机构; 承办单位联络员 needs 单位."
        ),
        gettext_lazy("A role is granted only within your own scope; importing the same grant again changes nothing."),
    ],
)
