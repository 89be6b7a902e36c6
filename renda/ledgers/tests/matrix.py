"""Permission matrix entries of the ledgers' pages and API operations: the office (its district) and town staff
(their town) import; an import is seen by those who may import in its region (404 for another town's); everyone
else 403."""

from __future__ import annotations

from django.urls import reverse

from renda.core.models import User
from renda.org.models import Region
from renda.testing.matrix import api_case, case

from ..models import Batch, Kind

IMPORTERS = ["admin", "office", "wjj_staff"]
BASE = "/api/ledgers"


def prepare(world):
    office = User.objects.get(username="office")
    make = lambda region: Batch.objects.create(  # noqa: E731
        kind=Kind.ACTIVITIES, source=Batch.Source.EXCEL, region=region, file_name="台账.xlsx", sha256="0" * 64, by=office
    )
    world.ledger_wjj_batch = make(world.wjj)
    world.ledger_xc_batch = make(Region.objects.get(name="新城街道"))


def batch_url(attr):
    return lambda w: reverse("ledgers:batch", args=[getattr(w, attr).pk])


PAGES = {
    "ledgers:index": [case("imports", lambda w: reverse("ledgers:index"), IMPORTERS)],
    "ledgers:import": [
        case("import page", lambda w: reverse("ledgers:import", args=[Kind.OPINIONS]), IMPORTERS),
        case("meetings import page", lambda w: reverse("ledgers:import", args=[Kind.MEETINGS]), IMPORTERS),
        case(
            "preview without a file",
            lambda w: reverse("ledgers:import", args=[Kind.ACTIVITIES]),
            IMPORTERS,
            code=400,
            method="post",
        ),  # fmt: skip
        case("unknown ledger", lambda w: reverse("ledgers:import", args=["budgets"]), [], other=404, anonymous=302),
    ],
    "ledgers:commit": [
        case(
            "commit a file nobody kept",
            lambda w: reverse("ledgers:commit", args=[Kind.ACTIVITIES]),
            IMPORTERS,
            code=404,
            method="post",
            data=lambda w: {"upload": 987654},
        ),  # fmt: skip
    ],
    "ledgers:template": [
        case("template", lambda w: reverse("ledgers:template", args=[Kind.ACTIVITIES]), IMPORTERS),
        case("suggestions template", lambda w: reverse("ledgers:template", args=[Kind.SUGGESTIONS]), IMPORTERS),
        case("meetings template", lambda w: reverse("ledgers:template", args=[Kind.MEETINGS]), IMPORTERS),
    ],
    "ledgers:batch": [
        case("a wjj import", batch_url("ledger_wjj_batch"), IMPORTERS),
        case("an xc import", batch_url("ledger_xc_batch"), ["admin", "office"], override={"wjj_staff": 404}),
    ],
}

API = {
    ("post", f"{BASE}/activities"): [
        api_case(
            "preview activities",
            lambda w: f"{BASE}/activities",
            IMPORTERS,
            method="post",
            data=lambda w: {"rows": [], "commit": False},
        ),  # fmt: skip
    ],
    ("post", f"{BASE}/opinions"): [
        api_case(
            "preview opinions",
            lambda w: f"{BASE}/opinions",
            IMPORTERS,
            method="post",
            data=lambda w: {"rows": [], "commit": False},
        ),  # fmt: skip
    ],
    ("post", f"{BASE}/suggestions"): [
        api_case(
            "preview suggestions",
            lambda w: f"{BASE}/suggestions",
            IMPORTERS,
            method="post",
            data=lambda w: {"rows": [], "commit": False},
        ),  # fmt: skip
    ],
    ("post", f"{BASE}/meetings"): [
        api_case(
            "preview meetings",
            lambda w: f"{BASE}/meetings",
            IMPORTERS,
            method="post",
            data=lambda w: {"rows": [], "commit": False},
        ),  # fmt: skip
    ],
    ("get", f"{BASE}/imports"): [api_case("imports", lambda w: f"{BASE}/imports", IMPORTERS)],
}
