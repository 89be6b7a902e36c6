"""Permission matrix of the set-up pages and API: the office (district), town staff (王江泾镇, in and out of their
town), everyone else refused."""

from django.urls import reverse

from renda.core.models import User
from renda.org.models import Role, RoleGrant
from renda.setup.models import StaffAccount
from renda.setup.sheets import SHEETS
from renda.testing.matrix import api_case, case

SETTERS = ["admin", "office", "wjj_staff"]


def prepare(world):
    """A liaison account with its grant in 王江泾镇 and one in 新塍镇 (to take back)."""
    for name, region in [("matrix_wjj", world.wjj), ("matrix_xc", world.xc)]:
        user = User.objects.create(username=name, display_name=name)
        StaffAccount.objects.create(user=user, region=region)
        setattr(world, f"{name}_grant", RoleGrant.objects.create(user=user, role=Role.LIAISON, region=region))


def _unit_row(region):
    return lambda w: {"rows": [{"name": "矩阵测试单位", "kind": "站所", "region": region}]}


def _post_unit(region):
    return lambda w: {"name": "矩阵测试单位", "kind": "站所", "region": region}


PAGES = {
    "setup:index": [case("set-up", lambda w: reverse("setup:index"), SETTERS)],
    "setup:sheet": [
        *[case(f"sheet {key}", lambda w, key=key: reverse("setup:sheet", args=[key]), SETTERS) for key in SHEETS],
        case("sheet export", lambda w: reverse("setup:sheet", args=["units"]) + "?export=xlsx", SETTERS),
        case("unknown sheet", lambda w: reverse("setup:sheet", args=["nothing"]), SETTERS, code=404, other=404),
        case(
            "add a unit in 王江泾镇",
            lambda w: reverse("setup:sheet", args=["units"]),
            SETTERS,
            code=302,
            method="post",
            data=_post_unit("王江泾镇"),
        ),  # fmt: skip
        case(
            "add a unit in 新塍镇 (outside the town)",
            lambda w: reverse("setup:sheet", args=["units"]),
            ["admin", "office"],
            code=302,
            method="post",
            data=_post_unit("新塍镇"),
            override={"wjj_staff": 400},
        ),  # fmt: skip
    ],
    "setup:template": [
        case(f"template {key}", lambda w, key=key: reverse("setup:template", args=[key]), SETTERS) for key in SHEETS
    ],
    "setup:import": [case(f"import {key}", lambda w, key=key: reverse("setup:import", args=[key]), SETTERS) for key in SHEETS],
    "setup:grant_revoke": [
        case(
            "take back a 王江泾镇 grant",
            lambda w: reverse("setup:grant_revoke", args=[w.matrix_wjj_grant.pk]),
            SETTERS,
            code=302,
            method="post",
        ),  # fmt: skip
        case(
            "take back a 新塍镇 grant",
            lambda w: reverse("setup:grant_revoke", args=[w.matrix_xc_grant.pk]),
            ["admin", "office"],
            code=302,
            method="post",
            override={"wjj_staff": 404},
        ),  # fmt: skip
    ],
}

API = {}
for key in SHEETS:
    API[("get", f"/api/setup/{key}")] = [api_case(f"api {key}", lambda w, key=key: f"/api/setup/{key}", SETTERS)]
    API[("get", f"/api/setup/{key}/template")] = [
        api_case(f"api template {key}", lambda w, key=key: f"/api/setup/{key}/template", SETTERS)
    ]
    # A JSON body is not a multipart file: every caller with a login is told the file is missing (422).
    API[("post", f"/api/setup/{key}/import")] = [
        api_case(f"api import {key}", lambda w, key=key: f"/api/setup/{key}/import", [], method="post", other=422)
    ]
    API[("post", f"/api/setup/{key}")] = [
        api_case(
            f"api write {key} (dry run of nothing)",
            lambda w, key=key: f"/api/setup/{key}",
            [],
            method="post",
            data=lambda w: {"rows": []},
            other=422,
        ),  # fmt: skip
    ]
API[("post", "/api/setup/units")] += [
    api_case("api unit in 王江泾镇", lambda w: "/api/setup/units", SETTERS, method="post", data=_unit_row("王江泾镇")),
    api_case(
        "api unit in 新塍镇",
        lambda w: "/api/setup/units",
        ["admin", "office"],
        method="post",
        data=_unit_row("新塍镇"),
        override={"wjj_staff": 422},
    ),  # fmt: skip
]
API[("post", "/api/setup/grants/{grant_id}/revoke")] = [
    api_case(
        "api take back 王江泾镇", lambda w: f"/api/setup/grants/{w.matrix_wjj_grant.pk}/revoke", SETTERS, method="post", code=204
    ),
    api_case(
        "api take back 新塍镇",
        lambda w: f"/api/setup/grants/{w.matrix_xc_grant.pk}/revoke",
        ["admin", "office"],
        method="post",
        code=204,
        override={"wjj_staff": 404},
    ),  # fmt: skip
]
