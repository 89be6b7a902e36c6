"""Issue #15, every handling round of a suggestion in the ledger: the second sheet (办理过程) gives one row per later
step — a unit's return as not competent, a new assignment or a reassignment with its reason, an extension, a second
answer after the deputy's 不满意 and its second rating, a merge into another suggestion, not accepted (converted to
a letter) — each through the suggestions services with its real time. Imported years later, the figures of 2019
equal an independent count of the rows; a step out of order or in the future is refused with its sheet and row;
importing again changes nothing. And a deputy whose mandate had ended by the suggestion's day is refused (a deputy
serving then is accepted, though the mandate has ended since)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from renda.core import rules
from renda.core.errors import DomainError
from renda.core.models import Notice, SmsDelivery
from renda.ledgers import services
from renda.ledgers.models import Kind
from renda.org.models import Deputy
from renda.org.tests.factories import TermFactory, scope_of
from renda.suggestions import selectors as suggestion_selectors
from renda.suggestions import services as suggestion_services
from renda.suggestions.models import Answer, Assignment, Feedback, State, Suggestion

from .district import build_district, xlsx

pytestmark = pytest.mark.django_db

MONTHS = {"answer": "suggestions.answer_months", "hard": "suggestions.hard_months"}


def rounds_ledger(d) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    names = d.deputies[d.stations[0].pk]
    return rounds_rows(Deputy.objects.filter(person__name=names[0]).get().congress.name, names, d.units)


def rounds_rows(congress: str, names: list[str], units: list[str]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Six suggestions of 2019 on the first sheet and the later rounds of five of them on the second (four deputies'
    names, three units')."""
    u0, u1, u2 = units
    base = {"congress": congress, "period": "闭会期间", "category": "城乡建设", "text": "建议加快村道提档升级，方便群众出行。"}
    rows = [
        base | {"key": "R1", "author": names[0], "title": "退回后改办、不满意再答复", "submitted_at": "2019-03-01 09:00",
                "reviewed_at": "2019-03-05 09:00", "assigned_at": "2019-03-12 09:00", "lead_unit": u0},
        base | {"key": "R2", "author": names[1], "title": "延期办理", "submitted_at": "2019-03-20 09:00",
                "reviewed_at": "2019-03-25 09:00", "assigned_at": "2019-04-01 09:00", "lead_unit": u0, "co_units": u1},
        base | {"key": "R3", "author": names[2], "title": "并案", "submitted_at": "2019-04-02 09:00",
                "reviewed_at": "2019-04-05 09:00"},
        base | {"key": "R4", "author": names[3], "title": "转为来信", "submitted_at": "2019-05-01 09:00"},
        base | {"key": "R5", "author": names[0], "title": "改办后未答复", "submitted_at": "2019-01-20 09:00",
                "reviewed_at": "2019-01-25 09:00", "assigned_at": "2019-02-01 09:00", "lead_unit": u0},
        base | {"key": "R6", "author": names[1], "title": "逾期答复", "submitted_at": "2019-01-05 09:00",
                "reviewed_at": "2019-01-08 09:00", "assigned_at": "2019-01-10 09:00", "lead_unit": u1,
                "answered_at": "2019-06-01 15:00", "outcome": "A", "answer": "已完成道路提档升级。"},
    ]  # fmt: skip
    steps = [
        {"key": "R1", "step": "退回", "at": "2019-03-15 10:00", "text": "不属本单位职责"},
        {"key": "R1", "step": "改办", "at": "2019-03-16 09:00", "unit": u1, "text": "原承办单位退回，改由交通局办理"},
        {"key": "R1", "step": "签收", "at": "2019-03-17 09:00"},
        {"key": "R1", "step": "答复", "at": "2019-05-10 15:00", "outcome": "A", "text": "已列入计划，年内完成。"},
        {"key": "R1", "step": "代表反馈", "at": "2019-05-20 10:00", "process_rating": "不满意", "text": "进度太慢"},
        {"key": "R1", "step": "答复", "at": "2019-06-10 15:00", "outcome": "A", "text": "已加快进度，六月底完成。"},
        {"key": "R1", "step": "代表反馈", "at": "2019-06-15 10:00", "process_rating": "满意"},
        {"key": "R2", "step": "延期", "at": "2019-05-01 09:00", "text": "经领衔代表同意延期办理"},
        {"key": "R2", "step": "答复", "at": "2019-09-20 15:00", "outcome": "A", "text": "已全部完成，道路通车。"},
        {"key": "R2", "step": "代表反馈", "at": "2019-09-25 10:00", "process_rating": "基本满意"},
        {"key": "R3", "step": "并案", "at": "2019-04-06 09:00", "target": "R2"},
        {"key": "R4", "step": "转为来信", "at": "2019-05-03 09:00", "text": "属个人诉求"},
        {"key": "R5", "step": "改办", "at": "2019-02-20 09:00", "unit": u2, "text": "涉及环保事项"},
    ]
    return rows, steps


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text[:10])


def independent_count(rows: list[dict[str, str]], steps: list[dict[str, str]]) -> dict[str, int]:
    """The year's figures from the ledger's text alone, by the rules: the answer is due `answer_months` after the
    day of the last (re)assignment before it, `hard_months` after it once extended; the first answer on or before
    that day is on time; the latest rating counts; a suggestion still with a unit past its due day is overdue."""
    out = dict.fromkeys(["submitted", "not_accepted", "merged", "answered", "on_time", "satisfied", "basic", "not",
                         "rehandled", "overdue"], 0)  # fmt: skip
    months = {k: int(rules.value(v)) for k, v in MONTHS.items()}
    for row in rows:
        events: list[tuple[str, str, dict[str, str]]] = []
        if row.get("assigned_at"):
            events.append(("assign", row["assigned_at"], {}))
        if row.get("answered_at"):
            events.append(("answer", row["answered_at"], {}))
        if row.get("process_rating"):
            events.append(("feedback", row["feedback_at"], {"rating": row["process_rating"]}))
        words = {"改办": "assign", "交办": "assign", "延期": "extend", "答复": "answer", "代表反馈": "feedback",
                 "并案": "merge", "不予立案": "refuse", "转为来信": "refuse"}  # fmt: skip
        events += [(words[s["step"]], s["at"], {"rating": s.get("process_rating", "")}) for s in steps
                   if s["key"] == row["key"] and s["step"] in words]  # fmt: skip
        out["submitted"] += 1
        assigned = due = None
        answers = 0
        state, rating = "accepted", ""
        for kind, at, extra in events:
            if kind == "assign":
                assigned = _day(at)
                due = _add_months(assigned, months["answer"])
                state = "assigned"
            elif kind == "extend":
                assert assigned is not None
                due = _add_months(assigned, months["hard"])
            elif kind == "answer":
                answers += 1
                if answers == 1 and due is not None and _day(at) <= due:
                    out["on_time"] += 1
                state = "answered"
            elif kind == "feedback":
                rating = extra["rating"]
                state = "rehandling" if rating == "不满意" else "closed"
            else:
                state = kind
        out["not_accepted"] += state == "refuse"
        out["merged"] += state == "merge"
        out["answered"] += state in ("answered", "rehandling", "closed")
        out["rehandled"] += answers > 1
        out[{"满意": "satisfied", "基本满意": "basic", "不满意": "not", "": "submitted"}[rating]] += bool(rating)
        out["overdue"] += state == "assigned" and due is not None and due < datetime.date.today()
    return out


def _add_months(day: datetime.date, months: int) -> datetime.date:
    return rules.add_months(day, months)


def test_every_round_imported_later_counts_as_if_entered_live():
    d = build_district()
    rows, steps = rounds_ledger(d)
    scope = scope_of(d.office)
    notices, sms = Notice.objects.count(), SmsDelivery.objects.count()
    data = xlsx(Kind.SUGGESTIONS, rows, steps)
    preview = services.ledger_import_file(
        actor=d.office, scope=scope, kind=Kind.SUGGESTIONS, data=data, file_name="2019建议.xlsx", commit=False
    )
    assert preview.ok and preview.created == len(rows), preview.errors
    done = services.ledger_import_file(
        actor=d.office, scope=scope, kind=Kind.SUGGESTIONS, data=data, file_name="2019建议.xlsx", commit=True
    )
    assert done.committed, done.errors

    totals = suggestion_selectors.figures(scope=scope, year=2019)["totals"]
    expected = independent_count(rows, steps)
    assert {k: totals[k] for k in expected} == expected
    assert expected == {"submitted": 6, "not_accepted": 1, "merged": 1, "answered": 3, "on_time": 2, "satisfied": 1,
                        "basic": 1, "not": 0, "rehandled": 1, "overdue": 1}  # fmt: skip
    assert Notice.objects.count() == notices and SmsDelivery.objects.count() == sms  # nobody told today

    by_title = {s.title: s for s in Suggestion.objects.filter(region=d.district)}
    r1 = by_title["退回后改办、不满意再答复"]
    assert r1.state == State.CLOSED and r1.lead_unit.name == d.units[1]
    assert list(r1.answers.order_by("round").values_list("kind", "answered_on")) == [
        (Answer.Kind.ANSWER, datetime.date(2019, 5, 10)),
        (Answer.Kind.REHANDLED, datetime.date(2019, 6, 10)),
    ]
    assert Feedback.objects.filter(suggestion=r1).count() == 2
    parts = dict(r1.assignments.values_list("unit__name", "status"))
    assert parts == {d.units[0]: Assignment.Status.RETURNED, d.units[1]: Assignment.Status.ACCEPTED}
    returned = r1.assignments.get(unit__name=d.units[0])
    assert returned.returned_on == datetime.date(2019, 3, 15) and returned.return_reason == "不属本单位职责"
    assert r1.assigned_on == datetime.date(2019, 3, 16) and r1.answer_due == rules.add_months(datetime.date(2019, 3, 16), 3)
    r2 = by_title["延期办理"]
    assert r2.is_hard and r2.extended_on == datetime.date(2019, 5, 1) and r2.extension_consent == "经领衔代表同意延期办理"
    assert by_title["并案"].state == State.MERGED and by_title["并案"].merged_into_id == r2.pk
    assert by_title["并案"].closed_on == datetime.date(2019, 4, 6)
    letter = by_title["转为来信"]
    assert letter.state == State.NOT_ACCEPTED and letter.review_reason == "转为来信：属个人诉求"
    r5 = by_title["改办后未答复"]
    assert r5.lead_unit.name == d.units[2] and r5.assigned_on == datetime.date(2019, 2, 20)

    again = services.ledger_import_file(
        actor=d.office, scope=scope, kind=Kind.SUGGESTIONS, data=data, file_name="again.xlsx", commit=True
    )
    assert (again.created, again.unchanged, again.errors) == (0, len(rows), [])
    assert Answer.objects.filter(suggestion__region=d.district).count() == 4
    assert suggestion_selectors.figures(scope=scope, year=2019)["totals"]["answered"] == 3


def test_a_step_out_of_order_in_the_future_or_of_no_row_is_refused_with_its_sheet_and_row():
    d = build_district()
    rows, steps = rounds_ledger(d)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    bad = [
        *steps[:2],
        {"key": "R1", "step": "签收", "at": "2019-03-15 09:00"},  # row 4: before the reassignment (row 3)
        {"key": "R2", "step": "延期", "at": f"{future} 09:00", "text": "同意"},  # row 5: in the future
        {"key": "R9", "step": "延期", "at": "2019-05-01 09:00", "text": "同意"},  # row 6: no such suggestion
        {"key": "R6", "step": "答复", "at": "2019-01-09 09:00", "outcome": "A", "text": "早于交办的答复内容。"},  # row 7
    ]
    before = Suggestion.objects.count()
    outcome = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.SUGGESTIONS, data=xlsx(Kind.SUGGESTIONS, rows, bad),
        file_name="bad.xlsx", commit=True,
    )  # fmt: skip
    assert not outcome.committed and Suggestion.objects.count() == before
    messages = {e.key: " ".join(e.messages) for e in outcome.errors}
    assert set(messages) == {"R1", "R2", "R9", "R6"}
    assert "办理过程" in messages["R1"] and "4" in messages["R1"]
    assert "办理过程" in messages["R2"] and "5" in messages["R2"]
    orphan = next(e for e in outcome.errors if e.key == "R9")  # a row of the sheet itself: listed by its sheet and row
    assert (orphan.sheet, orphan.row) == ("办理过程", 6)
    assert "R9" in messages["R9"]  # "Ledger number R9 is not on the first sheet."
    assert "办理过程" in messages["R6"] and "7" in messages["R6"]


def test_the_api_takes_the_steps_too():
    d = build_district()
    rows, steps = rounds_ledger(d)
    periods, ratings = {"闭会期间": "recess"}, {"满意": "satisfied", "基本满意": "basic", "不满意": "not"}
    steps_words = {"签收": "accept", "退回": "return", "交办": "assign", "改办": "reassign", "延期": "extend",
                   "答复": "answer", "代表反馈": "feedback", "并案": "merge", "不予立案": "refuse", "转为来信": "letter"}  # fmt: skip

    def api(row: dict[str, str]) -> dict[str, object]:
        out: dict[str, object] = {k: v.replace(" ", "T") if k.endswith("_at") or k == "at" else v for k, v in row.items()}
        if "period" in out:
            out["period"] = periods[row["period"]]
        if "step" in out:
            out["step"] = steps_words[row["step"]]
        if "process_rating" in out:
            out["process_rating"] = ratings[row["process_rating"]]
        for key in ("co_units", "cosigners"):
            if key in out:
                out[key] = [row[key]]
        return out

    client = Client()
    client.force_login(d.office)
    payload = {"rows": [api(r) for r in rows], "steps": [api(s) for s in steps], "commit": True, "file_name": "api"}
    done = client.post("/api/ledgers/suggestions", json.dumps(payload), content_type="application/json")
    assert done.status_code == 200 and done.json()["committed"], done.json()
    totals = suggestion_selectors.figures(scope=scope_of(d.office), year=2019)["totals"]
    assert totals["rehandled"] == 1 and totals["merged"] == 1 and totals["not_accepted"] == 1
    wrong = dict(payload, steps=[{**api(steps[0]), "at": "2019-03-01T08:00"}])  # before the assignment
    refused = client.post("/api/ledgers/suggestions", json.dumps(wrong), content_type="application/json")
    assert refused.status_code == 409 and refused.json()["errors"]  # the first row's steps differ now: refused
    assert Suggestion.objects.filter(region=d.district).count() == len(rows)


# ── Mandates ──


def _leave(deputy: Deputy, on: datetime.date) -> None:
    Deputy.objects.filter(pk=deputy.pk).update(status=Deputy.Status.RESIGNED, status_date=on)


def test_a_deputy_whose_mandate_had_ended_is_refused_and_one_serving_then_is_accepted():
    d = build_district()
    rows, _steps = rounds_ledger(d)
    names = d.deputies[d.stations[0].pk]
    left = Deputy.objects.get(person__name=names[3])
    _leave(left, datetime.date(2019, 4, 1))  # R4 (2019-05-01) is refused; a suggestion of March is accepted
    march = dict(rows[3], key="R7", title="三月的建议", submitted_at="2019-03-01 09:00")
    cosigned = dict(rows[0], key="R8", title="附议人已离任", cosigners=names[3], cosigned_at="2019-05-02 09:00",
                    submitted_at="2019-05-01 09:00", reviewed_at="", assigned_at="", lead_unit="")  # fmt: skip
    outcome = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.SUGGESTIONS,
        data=xlsx(Kind.SUGGESTIONS, [rows[3], march, cosigned]), file_name="m.xlsx", commit=False,
    )  # fmt: skip
    errors = {e.row: " ".join(e.messages) for e in outcome.errors}
    assert set(errors) == {2, 4}, errors  # R4 (row 2) and R8 (row 4); the March one passes
    assert "2019-04-01" in errors[2] and names[3] in errors[2]
    assert "2019-04-01" in errors[4] and names[3] in errors[4]


def test_live_a_deputy_whose_mandate_has_ended_cannot_make_or_cosign_a_suggestion():
    d = build_district()
    names = d.deputies[d.stations[0].pk]
    author, other = (Deputy.objects.select_related("person").get(person__name=n) for n in names[:2])
    _leave(author, datetime.date.today() - datetime.timedelta(days=1))
    author.refresh_from_db()
    author_scope = _deputy_scope(author)
    with pytest.raises(DomainError, match=str(datetime.date.today() - datetime.timedelta(days=1))):
        suggestion_services.suggestion_create(
            actor=author_scope[0], scope=author_scope[1], author=author, title="离任后的建议", text="离任后不得再提出建议。",
            category="城乡建设", submit=True,
        )  # fmt: skip
    # a serving author cannot ask a deputy who has left to co-sign
    actor, scope = _deputy_scope(other)
    with pytest.raises(DomainError):
        suggestion_services.suggestion_create(
            actor=actor, scope=scope, author=other, title="请离任代表附议", text="离任代表不得附议建议。",
            category="城乡建设", cosigners=[author], submit=True,
        )  # fmt: skip
    # the term over (the next one has begun): refused too, with the day it ended
    term = other.term
    term.end_date = datetime.date.today() - datetime.timedelta(days=2)
    term.save(update_fields=["end_date"])
    TermFactory(congress=term.congress, number=term.number + 1, start_date=term.end_date + datetime.timedelta(days=1))
    other.refresh_from_db()
    with pytest.raises(DomainError, match=term.end_date.isoformat()):
        suggestion_services.suggestion_create(
            actor=actor, scope=scope, author=other, title="届满后的建议", text="届满后不得再提出建议。",
            category="城乡建设", submit=True,
        )  # fmt: skip


def _deputy_scope(deputy: Deputy):
    from renda.core.actors import system
    from renda.org.models import Role
    from renda.org.scoping import Scope

    actor = system("test: the deputy's own step")
    return actor, Scope(user_id=None, roles=frozenset({Role.DEPUTY}), person_id=deputy.person_id, system_reason=actor.reason)
