"""Permission matrix entries of the duty archive's pages and API operations, and of `GET /api/me/todo`: a deputy's
archive is theirs and their staff's (404 for anyone else), the lists are staff's, the schemes the office's (and
town staff's for their town), the public card everybody's."""

from __future__ import annotations

from django.urls import reverse

from renda.org.models import Body
from renda.testing.matrix import ROLES, Case, api_case, case

from ..models import ScoreScheme

BASE = "/api/archive"
READ_OWN = ["admin", "office", "committee", "wjj_staff", "wjj_liaison", "leader", "deputy"]
READ_XC = ["admin", "office", "committee", "leader"]
LISTS = ["admin", "office", "committee", "wjj_staff", "leader"]
EVERYONE = dict.fromkeys(ROLES, 200)


def prepare(world):
    world.ar_district_scheme = ScoreScheme.objects.get(congress=world.standing_committee.congress, year=2017)
    world.ar_wjj_scheme = ScoreScheme.objects.get(congress__region=world.wjj, congress__kind=Body.Kind.CONGRESS, year=2017)


def deputy_url(name, attr):
    return lambda w: reverse(f"archive:{name}", args=[getattr(w, attr).pk]) + "?year=2017"


def scheme_url(attr, *extra):
    return lambda w: reverse("archive:scheme_action" if extra else "archive:scheme_detail", args=[getattr(w, attr).pk, *extra])


SCHEME_FORM = {"base": 60, "maximum": 100, "good_from": 80, "fair_from": 60, "kind": ["contact"], "points_contact": 2, "cap_contact": 4}
XC_404 = {"wjj_staff": 404, "wjj_liaison": 404, "deputy": 404}

PAGES = {
    "archive:mine": [case("my archive", lambda w: reverse("archive:mine"), ["deputy", "leader"], code=302)],
    "archive:deputy": [
        case("own archive", deputy_url("deputy", "own_deputy"), READ_OWN, other=404),
        case("xc deputy's archive", deputy_url("deputy", "xc_district_deputy"), READ_XC, other=404),
    ],
    "archive:card_docx": [case("card (Word)", deputy_url("card_docx", "own_deputy"), READ_OWN, other=404)],
    "archive:card_pdf": [case("card (PDF)", deputy_url("card_pdf", "xc_district_deputy"), READ_XC, other=404)],
    "archive:public": [Case("public card", deputy_url("public", "own_deputy"), dict(EVERYONE), 200)],
    "archive:scores": [
        case("scores", lambda w: reverse("archive:scores") + "?year=2017", LISTS),
        case("scores export", lambda w: reverse("archive:scores") + "?year=2017&export=xlsx", LISTS),
    ],
    "archive:excellent": [case("excellent", lambda w: reverse("archive:excellent") + "?year=2017", LISTS)],
    "archive:reelection": [case("re-election", lambda w: reverse("archive:reelection") + "?year=2017", LISTS)],
    "archive:schemes": [
        case("schemes", lambda w: reverse("archive:schemes"), LISTS),
        case("open 2018", lambda w: reverse("archive:schemes"), ["admin", "office"], code=302, method="post",
             data=lambda w: {"congress": w.standing_committee.congress_id, "year": 2018}),  # fmt: skip
    ],
    "archive:scheme_detail": [
        case("district 2017", scheme_url("ar_district_scheme"), LISTS),
        case("change wjj 2017", scheme_url("ar_wjj_scheme"), ["admin", "office", "wjj_staff"], code=302, method="post",
             data=lambda w: dict(SCHEME_FORM), override={"committee": 404}),  # fmt: skip
        case("change frozen district 2017", scheme_url("ar_district_scheme"), [], method="post", data=lambda w: dict(SCHEME_FORM),
             override={"admin": 400, "office": 400}),  # fmt: skip
    ],
    "archive:scheme_action": [
        case("freeze wjj 2017", scheme_url("ar_wjj_scheme", "freeze"), ["admin", "office", "wjj_staff"], code=302, method="post",
             override={"committee": 404}),  # fmt: skip
    ],
}

API = {
    ("get", "/api/deputies/{deputy_id}/archive"): [
        api_case("own archive", lambda w: f"/api/deputies/{w.own_deputy.pk}/archive?year=2017", READ_OWN, other=404),
        api_case("xc deputy's archive", lambda w: f"/api/deputies/{w.xc_district_deputy.pk}/archive?year=2017", READ_XC, other=404),
        api_case("wjj town deputy's archive", lambda w: f"/api/deputies/{w.wjj_town_deputy.pk}/archive",
                 ["admin", "office", "wjj_staff", "wjj_liaison", "leader"], other=404),  # fmt: skip
    ],
    ("get", f"{BASE}/scores"): [api_case("scores", lambda w: f"{BASE}/scores?year=2017", LISTS)],
    ("get", f"{BASE}/excellent"): [api_case("excellent", lambda w: f"{BASE}/excellent?year=2017", LISTS)],
    ("get", f"{BASE}/reelection"): [api_case("re-election", lambda w: f"{BASE}/reelection?year=2017", LISTS)],
    ("get", f"{BASE}/schemes"): [api_case("schemes", lambda w: f"{BASE}/schemes", LISTS)],
    ("post", f"{BASE}/schemes"): [
        api_case("open 2018", lambda w: f"{BASE}/schemes", ["admin", "office"], method="post",
                 data=lambda w: {"congress_id": w.standing_committee.congress_id, "year": 2018}),  # fmt: skip
    ],
    ("get", f"{BASE}/schemes/{{scheme_id}}"): [
        api_case("district 2017", lambda w: f"{BASE}/schemes/{w.ar_district_scheme.pk}", LISTS),
    ],
    ("post", f"{BASE}/schemes/{{scheme_id}}"): [
        api_case("change wjj 2017", lambda w: f"{BASE}/schemes/{w.ar_wjj_scheme.pk}", ["admin", "office", "wjj_staff"],
                 method="post", override={"committee": 404},
                 data=lambda w: {"points": {"contact": 2}, "caps": {"contact": 4}, "base": 60, "good_from": 80, "fair_from": 60}),  # fmt: skip
        api_case("change frozen district 2017", lambda w: f"{BASE}/schemes/{w.ar_district_scheme.pk}", [], method="post",
                 override={"admin": 422, "office": 422},
                 data=lambda w: {"points": {"contact": 2}, "base": 60, "good_from": 80, "fair_from": 60}),  # fmt: skip
    ],
    ("post", f"{BASE}/schemes/{{scheme_id}}/freeze"): [
        api_case("freeze wjj 2017", lambda w: f"{BASE}/schemes/{w.ar_wjj_scheme.pk}/freeze", ["admin", "office", "wjj_staff"],
                 method="post", override={"committee": 404}),  # fmt: skip
    ],
    ("get", f"{BASE}/public/{{deputy_id}}"): [
        api_case("public card", lambda w: f"{BASE}/public/{w.own_deputy.pk}?year=2017", ROLES, override={"anonymous": 200}),
    ],
    ("get", "/api/me/todo"): [api_case("my to-do list", lambda w: "/api/me/todo", ROLES[1:])],
}

for _cases in [*PAGES.values(), *API.values()]:
    for _case in _cases:
        _case.label = f"archive {_case.label}"
