"""Issue #15, item 2 for suggestions: a 2015 suggestions ledger imported today, through the Excel import and the API,
with every step at its real time. It counts in 2015's figures (not today's), deadlines and "on time" come from the
2015 dates, no notice and no SMS goes out today, the deputies' own steps are recorded on their behalf (the audit
says so), every bad row is listed, and importing the file again changes nothing."""

from __future__ import annotations

import datetime
import json

import pytest

from renda.core import rules
from renda.core.models import AuditEvent, Notice, SmsDelivery
from renda.ledgers import services
from renda.ledgers.models import Batch, Entry, Kind
from renda.org.models import Deputy
from renda.org.tests.factories import scope_of
from renda.suggestions import selectors as suggestion_selectors
from renda.suggestions.models import Answer, Suggestion

from .district import build_district, xlsx

pytestmark = pytest.mark.django_db


def ledger(d) -> list[dict[str, str]]:
    """Six suggestions of 2015 (and one of 2014's session, just outside), each a different path through handling."""
    congress = Deputy.objects.filter(person__name=d.deputies[d.stations[0].pk][0]).get().congress.name
    names = d.deputies[d.stations[0].pk]
    base = {"congress": congress, "period": "闭会期间", "category": "城乡建设", "text": "建议加快村道提档升级，方便群众出行。"}
    assigned = {"reviewed_at": "2015-03-10 09:00", "assigned_at": "2015-03-12 09:00", "lead_unit": d.units[0]}
    answered = assigned | {"answered_at": "2015-05-20 15:00", "outcome": "A", "answer": "已列入年度计划，九月底前完成。"}
    return [
        base | {"key": "JY-1", "author": names[0], "title": "建议一", "submitted_at": "2015-03-02 10:00"} | answered
        | {"unit_accepted_at": "2015-03-13 09:00", "feedback_at": "2015-06-01 10:00", "process_rating": "满意"},
        base | {"key": "JY-2", "author": names[1], "title": "建议二", "submitted_at": "2015-03-02 11:00",
                "cosigners": "、".join(names[2:4]), "cosigned_at": "2015-03-03 09:00"} | answered
        | {"co_units": d.units[1], "feedback_at": "2015-06-02 10:00", "process_rating": "基本满意", "result_rating": "不满意"},
        base | {"key": "JY-3", "author": names[2], "title": "建议三（逾期答复）", "submitted_at": "2015-04-01 10:00"} | answered
        | {"reviewed_at": "2015-04-02 09:00", "assigned_at": "2015-04-03 09:00", "answered_at": "2015-08-20 15:00"},
        base | {"key": "JY-4", "author": names[3], "title": "建议四（未答复）", "submitted_at": "2015-05-01 10:00"} | assigned
        | {"reviewed_at": "2015-05-02 09:00", "assigned_at": "2015-05-03 09:00"},
        base | {"key": "JY-5", "author": names[0], "title": "建议五（不予立案）", "submitted_at": "2015-06-01 10:00",
                "reviewed_at": "2015-06-05 09:00", "refuse_reason": "属个人诉求，转信访渠道办理。"},
        base | {"key": "JY-6", "author": names[1], "title": "建议六（待审查）", "submitted_at": "2015-12-31 23:50"},
        base | {"key": "JY-7", "author": names[1], "title": "上一年的建议", "period": "大会期间", "submitted_at": "2014-12-31 23:59"},
    ]  # fmt: skip


def test_a_2015_ledger_imported_today_counts_in_2015_and_tells_nobody():
    d = build_district()
    rows = ledger(d)
    scope = scope_of(d.office)
    notices, sms = Notice.objects.count(), SmsDelivery.objects.count()
    data = xlsx(Kind.SUGGESTIONS, rows)
    preview = services.ledger_import_file(
        actor=d.office, scope=scope, kind=Kind.SUGGESTIONS, data=data, file_name="2015建议.xlsx", commit=False
    )
    assert preview.ok and preview.created == len(rows), preview.errors
    assert not Suggestion.objects.filter(region=d.district).exists()
    done = services.ledger_import_file(
        actor=d.office, scope=scope, kind=Kind.SUGGESTIONS, data=data, file_name="2015建议.xlsx", commit=True
    )
    assert done.committed and done.created == len(rows), done.errors

    # counted in 2015 (by the day each was submitted), not in the year it was imported
    totals = suggestion_selectors.figures(scope=scope, year=2015)["totals"]
    assert totals["submitted"] == 6 and totals["not_accepted"] == 1
    assert totals["answered"] == 3
    months = int(rules.value("suggestions.answer_months"))
    due = {
        r["key"]: rules.add_months(datetime.date.fromisoformat(r["assigned_at"][:10]), months)
        for r in rows
        if r.get("assigned_at")
    }
    on_time = [r for r in rows if r.get("answered_at") and datetime.date.fromisoformat(r["answered_at"][:10]) <= due[r["key"]]]
    assert totals["on_time"] == len(on_time) == 2
    assert totals["satisfied"] == 1 and totals["not"] == 1  # the second: not satisfied with the result, handled again
    today = datetime.date.today().year
    assert suggestion_selectors.figures(scope=scope, year=today)["totals"]["submitted"] == 0
    assert suggestion_selectors.figures(scope=scope, year=2014)["totals"]["submitted"] == 1

    one = Suggestion.objects.get(region=d.district, title="建议一")
    assert one.number.startswith(f"{one.region.name}2015") and one.submitted_on == datetime.date(2015, 3, 2)
    assert one.answer_due == datetime.date(2015, 6, 12) and one.closed_on == datetime.date(2015, 6, 1)
    assert Answer.objects.get(suggestion=one).answered_on == datetime.date(2015, 5, 20)
    two = Suggestion.objects.get(region=d.district, title="建议二")
    assert two.submitted_on == datetime.date(2015, 3, 3) and two.cosigners.filter(status="confirmed").count() == 2
    # nobody is told today of what happened in 2015
    assert Notice.objects.count() == notices and SmsDelivery.objects.count() == sms
    # the deputy's own step is recorded by the platform on the deputy's behalf, naming the file
    made = AuditEvent.objects.get(action="suggestion.create", object_id=str(one.pk))
    assert "2015建议.xlsx" in made.actor_label and "own step" in made.actor_label and made.actor_id == d.office.pk
    assert Entry.objects.filter(batch=done.batch, kind=Kind.SUGGESTIONS).count() == len(rows)

    again = services.ledger_import_file(
        actor=d.office, scope=scope, kind=Kind.SUGGESTIONS, data=data, file_name="again.xlsx", commit=True
    )
    assert (
        again.unchanged == len(rows) and again.created == 0 and Suggestion.objects.filter(region=d.district).count() == len(rows)
    )


def test_the_preview_lists_every_bad_row_and_keeps_nothing():
    d = build_district()
    rows = ledger(d)[:4]
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    rows[0] = rows[0] | {"submitted_at": f"{future} 10:00"}  # in the future
    rows[1] = rows[1] | {"answered_at": "2015-03-01 10:00"}  # answered before it was assigned
    rows[2] = rows[2] | {"author": "无此人"}
    rows[3] = rows[3] | {"lead_unit": "无此单位"}
    outcome = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.SUGGESTIONS, data=xlsx(Kind.SUGGESTIONS, rows), file_name="x.xlsx", commit=True
    )  # fmt: skip
    assert not outcome.committed and [e.row for e in outcome.errors] == [2, 3, 4, 5]
    text = " ".join(" ".join(e.messages) for e in outcome.errors)
    assert "无此人" in text and "无此单位" in text
    assert not Suggestion.objects.filter(region=d.district).exists() and not Batch.objects.filter(file_name="x.xlsx").exists()


def test_the_api_imports_the_same_rows_and_a_town_may_not_import_the_districts():
    d = build_district()
    rows = []
    for r in ledger(d):
        row = {k: v for k, v in r.items() if v != ""}
        row["period"] = {"闭会期间": "recess", "大会期间": "session"}[row["period"]]
        for key in ("process_rating", "result_rating"):
            if key in row:
                row[key] = {"满意": "satisfied", "基本满意": "basic", "不满意": "not"}[row[key]]
        for key in ("cosigners", "co_units"):
            if key in row:
                row[key] = row[key].split("、")
        for key in [k for k in row if k.endswith("_at")]:
            row[key] = row[key].replace(" ", "T")
        rows.append(row)

    def post(client, data):
        return client.post("/api/ledgers/suggestions", json.dumps(data), content_type="application/json")

    from django.test import Client

    town = Client()
    town.force_login(d.town_staff)
    refused = post(town, {"rows": rows, "commit": True})
    assert refused.status_code == 409 and len(refused.json()["errors"]) == len(rows)
    office = Client()
    office.force_login(d.office)
    done = post(office, {"rows": rows, "commit": True, "file_name": "api.json"})
    assert done.status_code == 200 and done.json()["committed"], done.json()
    assert Suggestion.objects.filter(region=d.district).count() == len(rows)
