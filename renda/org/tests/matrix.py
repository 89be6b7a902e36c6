"""Permission matrix entries of the org pages and API operations."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.testing.matrix import LOGGED_IN, STAFF, Case, api_case, case


def dep(name):
    return lambda w, name=name: reverse("org:deputy_detail", args=[getattr(w, name).pk])


PAGES = {
    "org:deputy_list": [
        case("deputies", lambda w: reverse("org:deputy_list"), STAFF),
        case("deputies export", lambda w: reverse("org:deputy_list") + "?export=xlsx", STAFF),
    ],
    "org:deputy_detail": [
        case(
            "wjj town deputy",
            dep("wjj_town_deputy"),
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        case("xc town deputy", dep("xc_town_deputy"), ["admin", "office", "leader"], other=404, override={"edu_clerk": 403}),
        case(
            "wjj district deputy",
            dep("wjj_district_deputy"),
            ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        case(
            "xc district deputy",
            dep("xc_district_deputy"),
            ["admin", "office", "committee", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        # The "deputy" login was elected in 王江泾镇, so that town's staff keep its record too.
        case(
            "own mandate",
            dep("own_deputy"),
            ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "deputy"],
            other=404,
            override={"edu_clerk": 403},
        ),
    ],
    "org:deputy_personal": [
        case(
            "reveal wjj town deputy",
            lambda w: reverse("org:deputy_personal", args=[w.wjj_town_deputy.pk]),
            ["admin", "office", "wjj_staff"],
            method="post",
            override={"deputy": 404, "committee": 404},
        ),
        case(
            "reveal xc town deputy",
            lambda w: reverse("org:deputy_personal", args=[w.xc_town_deputy.pk]),
            ["admin", "office"],
            method="post",
            override={"wjj_staff": 404, "wjj_liaison": 404, "committee": 404, "deputy": 404},
        ),
        case(
            "reveal own",
            lambda w: reverse("org:deputy_personal", args=[w.own_deputy.pk]),
            ["admin", "office", "wjj_staff", "deputy"],
            method="post",
        ),
    ],
    "org:deputy_status": [
        case(
            "end wjj town mandate",
            lambda w: reverse("org:deputy_status", args=[w.wjj_town_deputy.pk]),
            ["admin", "office", "wjj_staff"],
            override={"deputy": 404, "committee": 404},
        ),
        case(
            "end wjj district mandate (district office only)",
            lambda w: reverse("org:deputy_status", args=[w.wjj_district_deputy.pk]),
            ["admin", "office"],
            override={"deputy": 404},
        ),
        case(
            "end xc town mandate",
            lambda w: reverse("org:deputy_status", args=[w.xc_town_deputy.pk]),
            ["admin", "office"],
            override={"wjj_staff": 404, "wjj_liaison": 404, "committee": 404, "deputy": 404},
        ),
    ],
    "org:deputy_resume": [
        case(
            "resume a wjj town deputy's duties",
            lambda w: reverse("org:deputy_resume", args=[w.wjj_town_deputy.pk]),
            ["admin", "office", "wjj_staff"],
            override={"deputy": 404, "committee": 404},
        ),
    ],
    "org:deputy_import": [case("import deputies", lambda w: reverse("org:deputy_import"), ["admin", "office", "wjj_staff"])],
    "org:deputy_import_template": [
        case("deputy template", lambda w: reverse("org:deputy_import_template"), ["admin", "office", "wjj_staff"])
    ],
    "org:unit_list": [
        case("units", lambda w: reverse("org:unit_list"), STAFF + ["edu_clerk"]),
        case("units export", lambda w: reverse("org:unit_list") + "?export=xlsx", STAFF + ["edu_clerk"]),
    ],
    "org:unit_detail": [
        case("own unit", lambda w: reverse("org:unit_detail", args=[w.edu_unit.pk]), STAFF + ["edu_clerk"]),
        case(
            "other district unit",
            lambda w: reverse("org:unit_detail", args=[w.other_district_unit.pk]),
            STAFF,
            override={"edu_clerk": 404},
        ),
        case("wjj station", lambda w: reverse("org:unit_detail", args=[w.wjj_station.pk]), STAFF, override={"edu_clerk": 404}),
        case(
            "xc station",
            lambda w: reverse("org:unit_detail", args=[w.xc_station.pk]),
            ["admin", "office", "committee", "leader"],
            override={"edu_clerk": 404, "wjj_staff": 404, "wjj_liaison": 404},
        ),
    ],
    "org:unit_import": [case("import units", lambda w: reverse("org:unit_import"), ["admin", "office"])],
    "org:unit_import_template": [case("unit template", lambda w: reverse("org:unit_import_template"), ["admin", "office"])],
    "org:region_tree": [case("regions", lambda w: reverse("org:region_tree"), STAFF)],
    "org:body_list": [case("bodies", lambda w: reverse("org:body_list"), STAFF)],
    "org:body_detail": [
        case("standing committee", lambda w: reverse("org:body_detail", args=[w.standing_committee.pk]), STAFF),
        case(
            "xc town congress",
            lambda w: reverse("org:body_detail", args=[w.xc_congress.pk]),
            ["admin", "office", "committee", "leader"],
            override={"wjj_staff": 404, "wjj_liaison": 404},
        ),
    ],
}

API = {
    ("get", "/api/me"): [api_case("me", lambda w: "/api/me", LOGGED_IN)],
    ("get", "/api/regions"): [api_case("regions", lambda w: "/api/regions", STAFF)],
    ("get", "/api/bodies"): [api_case("bodies", lambda w: "/api/bodies", STAFF)],
    ("get", "/api/terms"): [api_case("terms", lambda w: "/api/terms", STAFF)],
    ("get", "/api/deputies"): [api_case("deputies", lambda w: "/api/deputies", STAFF)],
    ("get", "/api/deputies/{deputy_id}"): [
        api_case(
            "wjj town deputy",
            lambda w: f"/api/deputies/{w.wjj_town_deputy.pk}",
            ["admin", "office", "wjj_staff", "wjj_liaison", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        api_case(
            "xc town deputy",
            lambda w: f"/api/deputies/{w.xc_town_deputy.pk}",
            ["admin", "office", "leader"],
            other=404,
            override={"edu_clerk": 403},
        ),
        api_case(
            "own",
            lambda w: f"/api/deputies/{w.own_deputy.pk}",
            ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "deputy"],
            other=404,
            override={"edu_clerk": 403},
        ),
    ],
    ("get", "/api/units"): [api_case("units", lambda w: "/api/units", STAFF + ["edu_clerk"])],
    ("get", "/api/units/{unit_id}"): [
        api_case("own unit", lambda w: f"/api/units/{w.edu_unit.pk}", STAFF + ["edu_clerk"]),
        api_case(
            "xc station",
            lambda w: f"/api/units/{w.xc_station.pk}",
            ["admin", "office", "committee", "leader"],
            other=404,
            override={"deputy": 403},
        ),
    ],
    ("post", "/api/deputies/{deputy_id}/status"): [
        api_case(
            "suspend a wjj town deputy's duties",
            lambda w: f"/api/deputies/{w.wjj_town_deputy.pk}/status",
            ["admin", "office", "wjj_staff"],
            method="post",
            data=lambda w: {"status": "suspended", "date": "2018-03-01", "ground": "因刑事案件被羁押正在受侦查、起诉、审判的"},
            override={"deputy": 404, "committee": 404},
        ),
    ],
    ("post", "/api/deputies/{deputy_id}/resume"): [
        api_case(
            "resume a serving deputy (nothing to resume: no change)",
            lambda w: f"/api/deputies/{w.wjj_town_deputy.pk}/resume",
            ["admin", "office", "wjj_staff"],
            method="post",
            data=lambda w: {"date": "2018-03-01"},
            override={"deputy": 404, "committee": 404},
        ),
    ],
}


# A deputy's personal data through the API (issue #15): the same rule as the page.
API[("post", "/api/deputies/{deputy_id}/personal")] = [
    api_case(
        "reveal wjj town deputy",
        lambda w: f"/api/deputies/{w.wjj_town_deputy.pk}/personal",
        ["admin", "office", "wjj_staff"],
        method="post",
        override={"deputy": 404, "committee": 404},
    ),
    api_case(
        "reveal own",
        lambda w: f"/api/deputies/{w.own_deputy.pk}/personal",
        ["admin", "office", "wjj_staff", "deputy"],
        method="post",
    ),
]


def _roster_case(label, path, importers):
    """A roster's import with a file that is not an Excel workbook: importers get its refusal (422, nothing kept),
    everyone else 403 (multipart: the file is sent as a form field)."""
    expect = dict.fromkeys(importers, 422) | {"anonymous": 401}
    return Case(label, lambda w: f"{path}?dry_run=true", expect, 403, "post",
                lambda w: {"file": SimpleUploadedFile("名册.xlsx", b"not a workbook")})  # fmt: skip


API[("post", "/api/rosters/deputies/import")] = [
    _roster_case("import deputies, not a workbook", "/api/rosters/deputies/import", ["admin", "office", "wjj_staff"])
]
API[("post", "/api/rosters/units/import")] = [_roster_case("import units, not a workbook", "/api/rosters/units/import", ["admin", "office"])]

# The typeahead picker's choices (renda/org/choices_api.py): every signed-in role, each in its own scope (a unit clerk
# finds its unit only, a deputy no unit); the register's regions, congresses and terms only for who may list them.
_REGISTER_KIND = ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader"]
API[("get", "/api/choices/{kind}")] = [
    api_case("picker units named 局", lambda w: "/api/choices/units?q=局", LOGGED_IN),
    api_case("picker regions named 镇", lambda w: "/api/choices/regions?q=镇", _REGISTER_KIND),
    api_case("picker congresses", lambda w: "/api/choices/congresses?q=人民代表大会", _REGISTER_KIND),
    api_case("picker terms", lambda w: "/api/choices/terms?q=秀洲", _REGISTER_KIND),
    api_case("picker deputy groups", lambda w: "/api/choices/groups?q=组", _REGISTER_KIND),
    api_case("picker deputies named 王", lambda w: "/api/choices/deputies?q=王", LOGGED_IN),
    api_case("picker congress sessions", lambda w: "/api/choices/sessions?q=代表大会", LOGGED_IN),
    api_case("picker meetings", lambda w: "/api/choices/meetings?q=会议", LOGGED_IN),
    api_case("picker stations", lambda w: "/api/choices/stations?q=站", LOGGED_IN),
    api_case("picker a kind that is not", lambda w: "/api/choices/nothing?q=a", LOGGED_IN, code=404),
]
