"""The suggestion lifecycle: every transition, every illegal one, deadlines from the rules table, idempotency,
notices to co-signers, what a co-unit sees, letters, figures, query counts."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.core import notify
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import Notice, Rule
from renda.org.models import Deputy, Unit
from renda.org.scoping import build_scope
from renda.suggestions import jobs, selectors, services, views
from renda.suggestions.demo import scanned_letter
from renda.suggestions.models import Answer, Assignment, Feedback, KeySuggestion, State, Suggestion

D = datetime.date
JUNE_1, JUNE_10, AUG_1, AUG_10 = D(2017, 6, 1), D(2017, 6, 10), D(2017, 8, 1), D(2017, 8, 10)
TEXT = "村里道路年久失修，雨天积水严重，群众出行很不方便，建议尽快维修。"
ANSWER = "我局已将该路段列入年度维修计划，将于年内完成修缮，感谢代表关心。"


class Cast:
    def __init__(self, world):
        self.w = world
        self.deputy = world.users["deputy"]
        self.own = world.own_deputy
        self.cosigner = Deputy.objects.filter(
            congress=self.own.congress, status="serving", person__user__username="deputy_s1"
        ).get()
        self.edu = world.edu_unit
        self.water = world.other_district_unit
        self.police = Unit.objects.get(name="区公安分局")

    def scope(self, username):
        return build_scope(self.w.users[username])

    def submit(self, cosigners=(), on=JUNE_1, token=""):
        return services.suggestion_create(
            actor=self.deputy, scope=self.scope("deputy"), author=self.own, title="关于维修村道的建议", text=TEXT, category="城乡建设",
            cosigners=list(cosigners), submit=True, on=on, client_token=token,
        )  # fmt: skip

    def assign(self, s, on=JUNE_10, co=None):
        return services.suggestion_assign(actor=self.w.users["office"], scope=self.scope("office"), suggestion=s, lead=self.edu,
                                          co_units=[self.water] if co is None else co, on=on)  # fmt: skip

    def lead(self, s):
        return s.assignments.get(role="lead", status__in=Assignment.LIVE)

    def answer(self, s, on=AUG_1, outcome="A", **kw):
        return services.answer_submit(actor=self.w.users["edu_clerk"], scope=self.scope("edu_clerk"), assignment=self.lead(s),
                                      outcome=outcome, text=ANSWER, on=on, **kw)  # fmt: skip

    def feedback(self, s, process, result=None, on=AUG_10):
        return services.feedback_give(actor=self.deputy, scope=self.scope("deputy"), suggestion=s, process=process, result=result,
                                      on=on)  # fmt: skip


@pytest.fixture
def cast(world):
    return Cast(world)


def fresh(s):
    return Suggestion.objects.get(pk=s.pk)


def test_full_lifecycle_with_rehandling(cast, django_capture_on_commit_callbacks):
    notify.outbox.clear()
    s = cast.submit(cosigners=[cast.cosigner])
    assert s.state == State.COSIGNING and not s.number
    services.cosign_respond(
        actor=cast.w.users["deputy_s1"], scope=cast.scope("deputy_s1"), suggestion=s, confirm=True, on=D(2017, 6, 2)
    )
    s = fresh(s)
    assert s.state == State.SUBMITTED and s.number.startswith("2017") and s.ack_due == D(2017, 6, 9)
    s = cast.assign(s)
    assert s.state == State.ASSIGNED and s.answer_due == D(2017, 9, 10)
    co = s.assignments.get(role="co")
    assert co.due_on == D(2017, 8, 10) and co.return_due == D(2017, 6, 20)
    water_clerk_scope = build_scope(cast.w.users["admin"])
    services.co_opinion_send(actor="test", scope=water_clerk_scope, assignment=co, opinion="同意主办单位意见。", on=D(2017, 7, 1))
    services.contact_record_add(actor=cast.w.users["edu_clerk"], scope=cast.scope("edu_clerk"), assignment=cast.lead(s),
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
    page = cast.w.client(None).get(reverse("suggestions:public_detail", args=[s.pk]))
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
    other = Suggestion.objects.filter(state=State.CLOSED).exclude(pk=s.pk).first()
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
        "co_opinion": lambda: services.co_opinion_send(actor="t", scope=build_scope(cast.w.users["admin"]),
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
    Rule.objects.create(key="suggestions.co_unit_months", region_id=cast.w.district.pk, value=1)
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
    wjj_sg = Suggestion.objects.get(title="关于修缮王江泾镇老街排水管网的建议")
    xc_sg = Suggestion.objects.get(title="关于新塍镇农贸市场提升改造的建议")
    with pytest.raises(NotPermitted):
        services.suggestion_accept(actor="t", scope=cast.scope("wjj_staff"), suggestion=xc_sg)
    with pytest.raises(NotPermitted):
        services.suggestion_accept(actor="t", scope=cast.scope("wjj_staff"), suggestion=cast.submit())
    assert selectors.suggestion_get(scope=cast.scope("wjj_staff"), pk=wjj_sg.pk)


def test_co_unit_sees_only_its_part(cast):
    s = cast.assign(cast.submit(), co=[cast.edu.__class__.objects.get(name="区水利局")])
    s = services.suggestion_reassign(actor="t", scope=cast.scope("office"), suggestion=s, lead=cast.water, co_units=[cast.edu],
                                     reason="主办调整", on=D(2017, 6, 12))  # fmt: skip
    services.contact_record_add(actor="t", scope=build_scope(cast.w.users["admin"]), assignment=cast.lead(s),
                                contacted_on=D(2017, 6, 20), method="phone", summary="主办单位内部沟通记录XYZ")  # fmt: skip
    html = cast.w.client("edu_clerk").get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert TEXT in html and "主办单位内部沟通记录XYZ" not in html and "opinion-form" in html
    office_html = cast.w.client("office").get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "主办单位内部沟通记录XYZ" in office_html
    # The deputy sees their own and co-signed ones plus public ones, nothing else.
    visible = set(selectors.suggestion_queryset(cast.scope("deputy")).values_list("pk", flat=True))
    assert s.pk in visible
    others = (
        Suggestion.objects.exclude(author_person=cast.own.person)
        .filter(is_public=False)
        .exclude(cosigners__person=cast.own.person)
    )
    assert not visible & set(others.values_list("pk", flat=True))
    # The unit clerk sees only suggestions with a live part of its unit.
    unit_visible = selectors.suggestion_queryset(cast.scope("edu_clerk"))
    assert all(x.assignments.filter(unit=cast.edu, status__in=Assignment.LIVE).exists() for x in unit_visible)


def test_list_and_inbox_query_counts_are_constant(cast):
    office, edu = cast.w.client("office"), cast.w.client("edu_clerk")
    url, inbox = reverse("suggestions:list"), reverse("suggestions:inbox") + "?show=all"
    with CaptureQueriesContext(connection) as few:
        assert office.get(url + "?year=2099").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert office.get(url).status_code == 200
    assert len(few) == len(many)
    with CaptureQueriesContext(connection) as few:
        assert edu.get(inbox + "&due=soon").status_code == 200
    for _ in range(3):
        cast.assign(cast.submit(token=str(_)), on=D(2017, 6, 10))
    with CaptureQueriesContext(connection) as many:
        assert edu.get(inbox).status_code == 200
    assert len(few) == len(many)


def test_list_filters_drill_down_match_figures(cast):
    office = cast.scope("office")
    fig = selectors.figures(scope=office, year=2017)
    for u in fig["units"][:5]:
        listed = selectors.suggestion_list(
            scope=office, filters=selectors.SuggestionFilters(unit=u["unit_id"], year=2017, on_time="1")
        )
        assert listed.count() == u["on_time"]
        sat = selectors.suggestion_list(
            scope=office, filters=selectors.SuggestionFilters(unit=u["unit_id"], year=2017, satisfaction="satisfied")
        )
        assert sat.count() == u["satisfied"]


def test_figures_equal_counts_over_records(cast):
    office = cast.scope("office")
    fig = selectors.figures(scope=office, year=2017)
    district = Suggestion.objects.filter(submitted_on__year=2017).exclude(state__in=["draft", "cosigning"])
    t = fig["totals"]
    assert t["submitted"] == district.count()
    assert t["key"] == KeySuggestion.objects.count() == 7
    answered = [s for s in district if s.state in ("answered", "rehandling", "closed")]
    assert t["answered"] == len(answered)
    on_time = sum(1 for s in answered if s.answers.filter(kind="answer").first().on_time)
    assert t["on_time"] == on_time
    latest = [s.feedback.get(is_latest=True) for s in district if s.feedback.filter(is_latest=True).exists()]

    def worst(f):
        ratings = (f.process_rating, f.result_rating)
        return "not" if "not" in ratings else ("basic" if "basic" in ratings else "satisfied")

    assert t["satisfied"] == sum(1 for f in latest if worst(f) == "satisfied")
    assert t["not"] == sum(1 for f in latest if worst(f) == "not")
    assert t["rehandled"] == district.filter(answers__kind="rehandled").distinct().count()
    for u in fig["units"]:
        assert u["total"] == district.filter(lead_unit_id=u["unit_id"], state__in=selectors.HANDLED_STATES).count()


def _docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def test_word_letter_and_report_carry_east_asian_fonts(cast):
    s = cast.assign(cast.submit())
    answer = cast.answer(s)
    xml = _docx_xml(answer.letter.read())
    assert 'w:eastAsia="Noto Serif CJK SC"' in xml and 'w:eastAsia="Noto Sans CJK SC"' in xml
    assert cast.edu.head_name in xml and s.title in xml
    report = views.report_bytes(scope=cast.scope("office"), year=2017)
    rxml = _docx_xml(report)
    assert 'w:eastAsia="Noto Serif CJK SC"' in rxml
    fig = selectors.figures(scope=cast.scope("office"), year=2017)
    assert f"共收到代表建议{fig['totals']['submitted']}件" in rxml
    assert f"重点建议{KeySuggestion.objects.count()}件" in rxml
    Rule.objects.create(key="suggestions.letter_fonts", value={"body": "仿宋_GB2312", "title": "方正小标宋简体"})
    again = cast.answer(cast.assign(cast.submit(token="f")))
    assert 'w:eastAsia="仿宋_GB2312"' in _docx_xml(again.letter.read())


def test_daily_reminders_are_idempotent(cast):
    s = cast.assign(cast.submit(), on=D(2017, 6, 10))
    first = jobs.send_reminders(today=D(2017, 9, 1))
    assert first >= 1
    assert Notice.objects.filter(kind="suggestion.due_soon", user__username="edu_clerk", url__endswith=f"/{s.pk}/").exists()
    assert jobs.send_reminders(today=D(2017, 9, 1)) == 0
    assert jobs.send_reminders(today=D(2017, 9, 20)) >= 1  # now overdue: a new kind of notice
    assert Notice.objects.filter(kind="suggestion.overdue", user__username="office", url__endswith=f"/{s.pk}/").exists()


def test_pages_submit_and_bad_input(cast):
    client = cast.w.client("deputy")
    bad = client.post(reverse("suggestions:create"), {"title": "", "text": "x", "category": "城乡建设", "period": "recess"})
    assert bad.status_code == 400
    before = Suggestion.objects.count()
    ok = client.post(reverse("suggestions:create"), {"title": "关于路灯的建议", "text": TEXT, "category": "城乡建设", "period": "recess",
                                                     "cosigners": "查无此人", "submit": "1"})  # fmt: skip
    assert ok.status_code == 400 and Suggestion.objects.count() == before
    ok = client.post(reverse("suggestions:create"), {"title": "关于路灯的建议", "text": TEXT, "category": "城乡建设", "period": "recess",
                                                     "submit": "1", "client_token": "abc"})  # fmt: skip
    assert ok.status_code == 302
    client.post(reverse("suggestions:create"), {"title": "关于路灯的建议", "text": TEXT, "category": "城乡建设", "period": "recess",
                                                "submit": "1", "client_token": "abc"})  # fmt: skip
    assert Suggestion.objects.count() == before + 1
    s = Suggestion.objects.order_by("-pk").first()
    office = cast.w.client("office")
    r = office.post(reverse("suggestions:act", args=[s.pk, "assign"]), {"lead": ""})
    assert r.status_code == 400 and fresh(s).state == State.SUBMITTED
    r = office.post(reverse("suggestions:act", args=[s.pk, "assign"]), {"lead": cast.edu.pk, "co_units": [cast.water.pk]})
    assert r.status_code == 302 and fresh(s).state == State.ASSIGNED
    r = cast.w.client("edu_clerk").post(reverse("suggestions:act", args=[s.pk, "answer"]), {"outcome": "A", "text": ANSWER})
    assert r.status_code == 302 and fresh(s).state == State.ANSWERED
    letter = client.get(reverse("suggestions:letter", args=[s.answers.get().pk]))
    assert letter.status_code == 200 and letter["Content-Type"].startswith("application/vnd.openxmlformats")
