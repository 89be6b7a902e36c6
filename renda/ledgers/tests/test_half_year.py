"""Done-when of issue #15, item 2: a small district (factories) and a past half-year of its ledgers, imported
years later through the Excel import; every work-overview figure of that half-year equals an independent count
of the imported rows, and every figure's link opens a list of that many records. Importing again changes nothing."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.core import rules
from renda.core.models import AuditEvent
from renda.ledgers import services
from renda.ledgers.models import Batch, Entry, Kind
from renda.opinions.models import Opinion
from renda.org.tests.factories import scope_of
from renda.stations.models import Activity

from .district import build_district, half_year_ledgers, xlsx

pytestmark = pytest.mark.django_db

H2 = (datetime.date(2019, 7, 1), datetime.date(2019, 12, 31))


def _in_h2(text: str) -> bool:
    return H2[0] <= datetime.date.fromisoformat(text[:10]) <= H2[1]


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text[:10])


def expected_figures(d, ledgers) -> dict[str, int]:
    """The figures counted from the ledger rows alone (not from the database), by the domain's rules: an opinion
    routed to a unit is due `opinions.answer_days` after the day it was (last) routed; answered on or before that
    day is on time; still routed past it, or answered after it, is overdue."""
    days = int(rules.value("opinions.answer_days"))
    activities = [a for a in ledgers.activities if _in_h2(a["date"])]
    opinions = [o for o in ledgers.opinions if _in_h2(o["registered_at"])]
    on_time = overdue = 0
    for o in opinions:
        routed = o.get("rerouted_at") or o.get("routed_at")
        due = _day(routed) + datetime.timedelta(days=days) if o["handling"] == "交办单位" else None
        if o.get("answered_at") and o["handling"] in ("当场答复", "交办单位", "重要情况上报"):
            if due is None or _day(o["answered_at"]) <= due:
                on_time += 1
            else:
                overdue += 1
        elif due is not None and due < datetime.date.today():
            overdue += 1
    kinds = [s.kind for s in d.stations]
    return {
        "stations_station": kinds.count("station"),
        "stations_room": kinds.count("room"),
        "stations_online": kinds.count("online"),
        "deputy_visits": sum(len(a["deputies"].split("、")) for a in activities),
        "voters_received": sum(int(a["voters_received"]) for a in activities),
        "opinions": len(opinions),
        "answered_on_time": on_time,
        "solved": sum(1 for o in opinions if o.get("solved") == "是"),
        "overdue": overdue,
    }


def _import(client, kind, rows, name):
    data = xlsx(kind, rows)
    preview = client.post(reverse("ledgers:import", args=[kind]), {"file": SimpleUploadedFile(name, data)})
    assert preview.status_code == 200, re.findall(r"<td>[^<]*</td>", preview.content.decode())[:12]
    upload = re.search(rb'name="upload" value="(\d+)"', preview.content)
    assert upload, preview.content.decode()[-2000:]
    done = client.post(reverse("ledgers:commit", args=[kind]), {"upload": upload.group(1).decode()})
    assert done.status_code == 302, done.content.decode()[-2000:]
    return Batch.objects.get(pk=int(done.url.rstrip("/").split("/")[-1]))


def test_a_past_half_year_imported_later_gives_the_figures_of_its_rows(client):
    d = build_district()
    ledgers = half_year_ledgers(d)
    client.force_login(d.office)
    activities = _import(client, Kind.ACTIVITIES, ledgers.activities, "2019下半年活动台账.xlsx")
    opinions = _import(client, Kind.OPINIONS, ledgers.opinions, "2019下半年意见台账.xlsx")
    assert (activities.created, opinions.created) == (len(ledgers.activities), len(ledgers.opinions))

    expected = expected_figures(d, ledgers)
    assert expected["overdue"] and expected["solved"] and expected["answered_on_time"]  # the ledger exercises them
    answer = client.get("/api/overview", {"year": 2019, "half": 2})  # every figure of the work overview
    assert answer.status_code == 200
    figures = {f["key"]: f for f in answer.json()["figures"]}
    counted = {key: f["value"] for key, f in figures.items()}
    assert {k: counted.get(k, 0) for k in expected} == expected
    assert {k: v for k, v in counted.items() if k not in expected} == dict.fromkeys(set(counted) - set(expected), 0)

    # the overview page shows the same, and each figure's link opens a list of exactly those records
    page = client.get(reverse("overview"), {"year": 2019, "half": 2})
    html = page.content.decode()
    for key, value in expected.items():
        if key in ("deputy_visits", "voters_received") or key not in figures:
            continue
        assert re.search(rf'data-testid="figure-{key}"><strong>{value}</strong>', html), key
        listing = client.get(figures[key]["url"])
        m = re.search(rb'data-testid="result-count">\D*([\d,]+)', listing.content)
        assert m and int(m.group(1).replace(b",", b"")) == value, key


def test_importing_the_same_file_again_changes_nothing(client):
    d = build_district()
    ledgers = half_year_ledgers(d)
    data = xlsx(Kind.ACTIVITIES, ledgers.activities[:6])
    first = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.ACTIVITIES, data=data, file_name="a.xlsx", commit=True
    )
    assert first.committed and first.created == 6
    counts = (Activity.objects.count(), Entry.objects.count(), AuditEvent.objects.filter(action="activity.sign_in").count())
    again = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.ACTIVITIES, data=data, file_name="a.xlsx", commit=True
    )
    assert (again.created, again.unchanged, again.errors) == (0, 6, [])
    assert (
        Activity.objects.count(),
        Entry.objects.count(),
        AuditEvent.objects.filter(action="activity.sign_in").count(),
    ) == counts
    # the same number with other contents is refused, with its row
    changed = [dict(ledgers.activities[0], voters_received="99")]
    refused = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.ACTIVITIES, data=xlsx(Kind.ACTIVITIES, changed),
        file_name="b.xlsx", commit=True,
    )  # fmt: skip
    assert not refused.committed and refused.errors[0].row == 2


def test_imported_records_carry_their_real_times_and_the_file_in_the_audit_trail(client):
    d = build_district()
    ledgers = half_year_ledgers(d)
    scope = scope_of(d.office)
    services.ledger_import_file(
        actor=d.office, scope=scope, kind=Kind.ACTIVITIES, data=xlsx(Kind.ACTIVITIES, ledgers.activities), file_name="a.xlsx",
        commit=True,
    )  # fmt: skip
    row = next(o for o in ledgers.opinions if o.get("rerouted_at") and o.get("answered_at"))
    outcome = services.ledger_import_file(
        actor=d.office, scope=scope, kind=Kind.OPINIONS, data=xlsx(Kind.OPINIONS, [row]), file_name="意见.xlsx", commit=True
    )
    assert outcome.committed, outcome.errors
    opinion = Opinion.objects.get(pk=Entry.objects.get(kind=Kind.OPINIONS, key=row["key"]).object_id)
    steps = list(opinion.steps.values_list("action", flat=True))
    assert steps[:5] == ["register", "route", "unit_return", "route", "unit_answer"]
    assert opinion.registered_at.strftime("%Y-%m-%d %H:%M") != "" and opinion.registered_at.year == 2019
    assert opinion.routed_at.date().isoformat() == row["rerouted_at"][:10]
    assert opinion.deadline == _day(row["rerouted_at"]) + datetime.timedelta(days=int(rules.value("opinions.answer_days")))
    events = AuditEvent.objects.filter(object_id=str(opinion.pk), action__startswith="opinion.")
    assert events.exists() and all("意见.xlsx" in e.actor_label for e in events)
    batch = AuditEvent.objects.get(action="ledger.import", object_id=str(outcome.batch.pk))
    assert batch.after["file"] == "意见.xlsx" and batch.actor_id == d.office.pk


def test_a_step_in_the_future_or_out_of_order_is_refused_with_its_row_and_nothing_is_kept(client):
    d = build_district()
    ledgers = half_year_ledgers(d)
    good = [o for o in ledgers.opinions if not o.get("activity")][:1]
    future = dict(good[0], key="F-1", registered_at=(datetime.date.today() + datetime.timedelta(days=3)).isoformat() + " 09:00")
    backwards = dict(
        good[0], key="F-2", handling="交办单位", unit=d.units[0], routed_at="2019-12-01 09:00", registered_at="2019-12-02 09:00"
    )
    before = Opinion.objects.count()
    outcome = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.OPINIONS, data=xlsx(Kind.OPINIONS, [*good, future, backwards]),
        file_name="bad.xlsx", commit=True,
    )  # fmt: skip
    assert not outcome.committed
    assert [e.row for e in outcome.errors] == [3, 4]
    assert re.search("future|晚于当前时间", " ".join(outcome.errors[0].messages))  # the reason, in either language
    assert Opinion.objects.count() == before and not Batch.objects.exists()


def test_a_town_imports_only_its_own_stations(client):
    d = build_district()
    ledgers = half_year_ledgers(d)
    other = next(a for a in ledgers.activities if a["station"].startswith(d.towns[1].name))
    outcome = services.ledger_import_file(
        actor=d.town_staff, scope=scope_of(d.town_staff), kind=Kind.ACTIVITIES, data=xlsx(Kind.ACTIVITIES, [other]),
        file_name="x.xlsx", commit=True,
    )  # fmt: skip
    assert not outcome.committed and outcome.errors[0].row == 2
