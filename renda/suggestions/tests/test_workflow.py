"""The suggestions workflow on the demo district: what a co-unit sees, query counts of the lists, figures and their
drill-down, the Word letter and the annual report, the pages' submit flow. (The services' transitions, refusals,
deadlines and idempotency are tested on factory rows in test_services.py.)"""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.core.models import Rule
from renda.org.models import Deputy, Unit
from renda.org.scoping import build_scope
from renda.suggestions import selectors, services, views
from renda.suggestions.models import Assignment, KeySuggestion, State, Suggestion

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


def test_overview_totals_are_the_figures_totals_in_one_query(cast):
    """The work overview's suggestion totals (one aggregate, no per-suggestion subqueries) equal the figures page's,
    for the office and a leader, in one query."""
    for who in ("office", "leader"):
        scope = cast.scope(who)
        totals = selectors.figures(scope=scope, year=2017)["totals"]
        with CaptureQueriesContext(connection) as captured:
            light = selectors.headline_totals(scope=scope, year=2017)
        assert len(captured.captured_queries) == 1
        assert light == {k: totals[k] for k in ("submitted", "key", "answered", "on_time")}
        assert light["on_time"]


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
