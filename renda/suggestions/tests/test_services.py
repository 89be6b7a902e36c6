"""The suggestion's services on the few rows they need (factories, not the demo): every transition, every illegal
one, deadlines from the rules table, idempotency, notices to co-signers, the letter's checks, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from renda.core import notify
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import Notice, Rule
from renda.org.models import Role
from renda.org.tests.factories import CongressFactory, DeputyFactory, RegionFactory, TermFactory, UserFactory, scope_of
from renda.suggestions import jobs, selectors, services
from renda.suggestions.demo import scanned_letter
from renda.suggestions.models import Answer, Assignment, Feedback, State, Suggestion
from renda.suggestions.tests.factories import ANSWER, SuggestionCast, SuggestionFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def cast():
    return SuggestionCast()


def fresh(s):
    return Suggestion.objects.get(pk=s.pk)


def test_full_lifecycle_with_rehandling(cast, django_capture_on_commit_callbacks):
    notify.outbox.clear()
    s = cast.submit(cosigners=[cast.cosigner])
    assert s.state == State.COSIGNING and not s.number
    services.cosign_respond(
        actor=cast.users["deputy_s1"], scope=cast.scope("deputy_s1"), suggestion=s, confirm=True, on=D(2017, 6, 2)
    )
    s = fresh(s)
    assert s.state == State.SUBMITTED and s.number.startswith(f"{cast.district.name}2017") and s.ack_due == D(2017, 6, 9)
    s = cast.assign(s)
    assert s.state == State.ASSIGNED and s.answer_due == D(2017, 9, 10)
    co = s.assignments.get(role="co")
    assert co.due_on == D(2017, 8, 10) and co.return_due == D(2017, 6, 20)
    water_clerk_scope = cast.scope("admin")
    services.co_opinion_send(actor="test", scope=water_clerk_scope, assignment=co, opinion="同意主办单位意见。", on=D(2017, 7, 1))
    services.contact_record_add(actor=cast.users["edu_clerk"], scope=cast.scope("edu_clerk"), assignment=cast.lead(s),
                                contacted_on=D(2017, 7, 5), method="visit", summary="实地察看")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        answer = cast.answer(s)
    s = fresh(s)
    assert s.state == State.ANSWERED and answer.on_time and answer.letter_kind == "docx"
    # Every co-signer receives the answer: a notice and an SMS each.
    phones = {p for p, _t in notify.outbox}
    assert {cast.own.person.phone, cast.cosigner.person.phone} <= phones
    assert Notice.objects.filter(kind="suggestion.answered", url__endswith=f"/{s.pk}/").count() == 2
    cast.feedback(s, "satisfied", "not")
    s = fresh(s)
    assert s.state == State.REHANDLING and s.rehandle_due == D(2017, 9, 10)
    assert cast.lead(s).due_on == D(2017, 9, 10)
    second = cast.answer(s, on=D(2017, 9, 1), outcome="B", follow_up_on=D(2017, 12, 1))
    assert second.kind == Answer.Kind.REHANDLED and second.round == 2
    s = fresh(s)
    assert s.state == State.ANSWERED and s.follow_up_due == D(2017, 12, 1)
    cast.feedback(s, "satisfied", "basic", on=D(2017, 9, 5))
    s = fresh(s)
    assert s.state == State.CLOSED
    assert Feedback.objects.filter(suggestion=s, is_latest=True).count() == 1
    services.answer_follow_up(
        actor="t", scope=cast.scope("edu_clerk"), assignment=cast.lead(s), text=ANSWER + "已完成。", on=D(2017, 11, 20)
    )
    s = fresh(s)
    assert s.follow_up_due is None and s.answers.count() == 3
    services.suggestion_publish(actor="t", scope=cast.scope("office"), suggestion=s, on=D(2017, 11, 25))
    page = Client().get(reverse("suggestions:public_detail", args=[s.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert cast.own.person.name in html and cast.cosigner.person.name in html
    assert cast.own.person.phone not in html and cast.cosigner.person.phone not in html


ILLEGAL = [
    ("accept", State.ASSIGNED), ("refuse", State.ASSIGNED), ("merge", State.ASSIGNED), ("assign", State.ANSWERED),
    ("reassign", State.ANSWERED), ("extend", State.ANSWERED), ("answer", State.ANSWERED), ("answer", State.CLOSED),
    ("feedback", State.ASSIGNED), ("feedback", State.CLOSED), ("unit_return", State.ANSWERED), ("co_opinion", State.CLOSED),
    ("publish", State.ASSIGNED), ("submit", State.SUBMITTED), ("follow_up", State.ASSIGNED),
]  # fmt: skip


def _to_state(cast, state):
    s = cast.submit()
    if state == State.SUBMITTED:
        return s
    s = cast.assign(s)
    if state == State.ASSIGNED:
        return s
    cast.answer(s)
    if state == State.ANSWERED:
        return fresh(s)
    cast.feedback(s, "satisfied", "satisfied")
    return fresh(s)


def _run(cast, action, s):
    office, edu = cast.scope("office"), cast.scope("edu_clerk")
    other = SuggestionFactory(author=cast.own, state=State.CLOSED)
    calls = {
        "accept": lambda: services.suggestion_accept(actor="t", scope=office, suggestion=s),
        "refuse": lambda: services.suggestion_refuse(actor="t", scope=office, suggestion=s, reason="个案"),
        "merge": lambda: services.suggestion_merge(actor="t", scope=office, suggestion=s, target=other),
        "assign": lambda: services.suggestion_assign(actor="t", scope=office, suggestion=s, lead=cast.police),
        "reassign": lambda: services.suggestion_reassign(actor="t", scope=office, suggestion=s, lead=cast.police, reason="调整"),
        "extend": lambda: services.suggestion_extend(actor="t", scope=office, suggestion=s, consent="同意"),
        "answer": lambda: services.answer_submit(actor="t", scope=edu, assignment=s.assignments.get(role="lead", unit=cast.edu),
                                                 outcome="A", text=ANSWER + "另", on=D(2017, 9, 1)),
        "feedback": lambda: services.feedback_give(actor="t", scope=cast.scope("deputy"), suggestion=s, process="not", result="not"),
        "unit_return": lambda: services.assignment_return(actor="t", scope=edu, assignment=s.assignments.get(role="lead"), reason="x",
                                                          on=D(2017, 6, 11)),
        "co_opinion": lambda: services.co_opinion_send(actor="t", scope=cast.scope("admin"),
                                                       assignment=s.assignments.get(role="co"), opinion="意见不同"),
        "publish": lambda: services.suggestion_publish(actor="t", scope=office, suggestion=s),
        "submit": lambda: services._submit(actor="t", suggestion=Suggestion.objects.get(pk=s.pk), on=D(2017, 1, 1)),
        "follow_up": lambda: services.answer_follow_up(actor="t", scope=edu, assignment=s.assignments.get(role="lead"), text=ANSWER),
    }  # fmt: skip
    return calls[action]()


@pytest.mark.parametrize(("action", "state"), ILLEGAL, ids=[f"{a}-from-{s}" for a, s in ILLEGAL])
def test_illegal_transitions_change_nothing(cast, action, state):
    s = _to_state(cast, state)
    before = (fresh(s).state, Answer.objects.filter(suggestion=s).count(), Assignment.objects.filter(suggestion=s).count())
    if action == "submit":
        # A retried submit returns the suggestion as it is: idempotent, not an error.
        assert _run(cast, action, s).state == state
    else:
        with pytest.raises((InvalidTransition, DomainError)):
            _run(cast, action, s)
    after = (fresh(s).state, Answer.objects.filter(suggestion=s).count(), Assignment.objects.filter(suggestion=s).count())
    assert after == before


def test_deadlines_follow_the_rules_table(cast):
    s = cast.assign(cast.submit(), on=D(2017, 1, 31))
    assert s.answer_due == D(2017, 4, 30)  # 3 months, clamped to the month's end
    Rule.objects.create(key="suggestions.answer_months", value=4)
    Rule.objects.create(key="suggestions.co_unit_months", region_id=cast.district.pk, value=1)
    Rule.objects.create(key="suggestions.return_days", value=5)
    s2 = cast.assign(cast.submit(token="b"), on=D(2017, 3, 15))
    assert s2.answer_due == D(2017, 7, 15)
    co = s2.assignments.get(role="co")
    assert co.due_on == D(2017, 4, 15) and co.return_due == D(2017, 3, 20)
    Rule.objects.create(key="suggestions.hard_months", value=5)
    services.suggestion_extend(actor="t", scope=cast.scope("office"), suggestion=s2, consent="代表工委同意", on=D(2017, 5, 1))
    assert fresh(s2).answer_due == D(2017, 8, 15)  # from the assignment date, not from the extension
    assert cast.lead(s2).due_on == D(2017, 8, 15)


def test_return_only_within_the_rule_days_and_reassign(cast):
    s = cast.assign(cast.submit())
    with pytest.raises(DomainError):
        services.assignment_return(
            actor="t", scope=cast.scope("edu_clerk"), assignment=cast.lead(s), reason="非本单位职责", on=D(2017, 6, 21)
        )
    services.assignment_return(
        actor="t", scope=cast.scope("edu_clerk"), assignment=cast.lead(s), reason="非本单位职责", on=D(2017, 6, 15)
    )
    s = fresh(s)
    assert s.state == State.RETURNED and s.lead_unit is None
    s = services.suggestion_assign(actor="t", scope=cast.scope("office"), suggestion=s, lead=cast.police, on=D(2017, 6, 18))
    assert s.state == State.ASSIGNED and s.answer_due == D(2017, 9, 18)
    assert s.assignments.filter(status__in=Assignment.LIVE).count() == 2  # the new lead and the co-unit


def test_reassignment_beats_a_later_answer_and_vice_versa(cast):
    s = cast.assign(cast.submit())
    old = cast.lead(s)
    services.suggestion_reassign(
        actor="t", scope=cast.scope("office"), suggestion=s, lead=cast.police, reason="职责调整", on=D(2017, 6, 20)
    )
    with pytest.raises(InvalidTransition):
        services.answer_submit(
            actor="t", scope=cast.scope("edu_clerk"), assignment=old, outcome="A", text=ANSWER, on=D(2017, 7, 1)
        )
    assert not Answer.objects.filter(suggestion=s).exists()
    s2 = cast.assign(cast.submit(token="x"))
    cast.answer(s2)
    with pytest.raises(InvalidTransition):
        services.suggestion_reassign(actor="t", scope=cast.scope("office"), suggestion=s2, lead=cast.police, reason="调整")
    assert fresh(s2).lead_unit == cast.edu


def test_double_submits_are_idempotent(cast):
    a = cast.submit(token="t1")
    b = cast.submit(token="t1")
    assert a.pk == b.pk and Suggestion.objects.filter(client_token="t1").count() == 1
    s = cast.assign(a)
    assert cast.assign(s).pk == s.pk and s.assignments.count() == 2
    first = cast.answer(s)
    again = cast.answer(s)
    assert first.pk == again.pk and s.answers.count() == 1
    f1 = cast.feedback(s, "basic", "satisfied")
    f2 = cast.feedback(s, "basic", "satisfied")
    assert f1.pk == f2.pk


def test_answer_letter_validation_and_outcomes(cast):
    s = cast.assign(cast.submit())
    with pytest.raises(DomainError):
        cast.answer(s, letter_pdf=b"GIF89a not a pdf")
    with pytest.raises(DomainError):
        cast.answer(s, letter_pdf=b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(DomainError):
        cast.answer(s, outcome="B")  # a planned item needs the date to answer again
    with pytest.raises(DomainError):
        cast.answer(s, outcome="C")  # needs reasons
    with pytest.raises(DomainError):
        cast.answer(s, outcome="Z")
    assert fresh(s).state == State.ASSIGNED and not s.answers.exists()
    answer = cast.answer(s, letter_pdf=scanned_letter(s.number))
    assert answer.letter_kind == "pdf" and answer.letter.read().startswith(b"%PDF-")


def test_only_the_deputy_rates_and_one_rating_rule(cast):
    s = cast.assign(cast.submit())
    cast.answer(s)
    with pytest.raises(NotPermitted):
        services.feedback_give(actor="t", scope=cast.scope("office"), suggestion=s, process="satisfied")
    Rule.objects.create(key="suggestions.split_rating", value=False)
    fb = cast.feedback(s, "basic", "not")
    assert (fb.process_rating, fb.result_rating) == ("basic", "basic") and fresh(s).state == State.CLOSED


def test_merge_and_refuse(cast):
    a, b = cast.submit(token="m1"), cast.submit(token="m2")
    office = cast.scope("office")
    with pytest.raises(DomainError):
        services.suggestion_merge(actor="t", scope=office, suggestion=a, target=a)
    services.suggestion_accept(actor="t", scope=office, suggestion=a)
    services.suggestion_merge(actor="t", scope=office, suggestion=b, target=a)
    assert fresh(b).state == State.MERGED and fresh(b).merged_into_id == a.pk
    c = cast.submit(token="m3")
    with pytest.raises(DomainError):
        services.suggestion_refuse(actor="t", scope=office, suggestion=c, reason="  ")
    services.suggestion_refuse(actor="t", scope=office, suggestion=c, reason="属于个案诉求，建议通过诉讼途径解决")
    assert fresh(c).state == State.NOT_ACCEPTED
    # Similar suggestions are found by shared jieba keywords.
    assert a.pk in [x.pk for x, _w in selectors.similar(scope=office, suggestion=fresh(c))]


def test_town_staff_review_only_their_town(cast):
    wjj, xc = RegionFactory(parent=cast.district), RegionFactory(parent=cast.district)
    wjj_sg = SuggestionFactory(author=DeputyFactory(term=TermFactory(congress=CongressFactory(region=wjj))), state=State.SUBMITTED)
    xc_sg = SuggestionFactory(author=DeputyFactory(term=TermFactory(congress=CongressFactory(region=xc))), state=State.SUBMITTED)
    wjj_staff = scope_of(UserFactory(grants=[(Role.TOWN, {"region": wjj})]))
    with pytest.raises(NotPermitted):
        services.suggestion_accept(actor="t", scope=wjj_staff, suggestion=xc_sg)
    with pytest.raises(NotPermitted):
        services.suggestion_accept(actor="t", scope=wjj_staff, suggestion=cast.submit())
    assert selectors.suggestion_get(scope=wjj_staff, pk=wjj_sg.pk)


def test_daily_reminders_are_idempotent(cast):
    s = cast.assign(cast.submit(), on=D(2017, 6, 10))
    first = jobs.send_reminders(today=D(2017, 9, 1))
    assert first >= 1
    assert Notice.objects.filter(kind="suggestion.due_soon", user=cast.users["edu_clerk"], url__endswith=f"/{s.pk}/").exists()
    assert jobs.send_reminders(today=D(2017, 9, 1)) == 0
    assert jobs.send_reminders(today=D(2017, 9, 20)) >= 1  # now overdue: a new kind of notice
    assert Notice.objects.filter(kind="suggestion.overdue", user=cast.users["office"], url__endswith=f"/{s.pk}/").exists()
