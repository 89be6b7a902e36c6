"""The lifecycles of the suggestions workflow: one table each, what it offers whom (`available`), the messages of a
refused move, the API's `actions`, and templates that name groups instead of comparing states."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from renda.core.errors import InvalidTransition
from renda.org.scoping import ANONYMOUS
from renda.suggestions import services
from renda.suggestions.lifecycles import ASSIGNMENT, COSIGNER, SUGGESTION
from renda.suggestions.models import Assignment, CoSigner, State
from renda.suggestions.tests.factories import AssignmentFactory, CoSignerFactory, SuggestionCast, SuggestionFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture
def cast():
    return SuggestionCast()


def actions(lifecycle, obj, scope) -> list[str]:
    return [a.action for a in lifecycle.available(obj, scope)]


def test_every_state_is_reached_and_every_group_names_known_states():
    targets = {t[2] for t in SUGGESTION.table()}
    assert targets | {State.DRAFT} == set(State.values)
    assert SUGGESTION.transition("reassign").is_loop and SUGGESTION.transition("extend").is_loop
    assert ASSIGNMENT.transition("revise_opinion").is_loop
    assert set(ASSIGNMENT.group("live")) == set(Assignment.LIVE)
    assert {t[2] for t in COSIGNER.table()} == {CoSigner.Status.CONFIRMED, CoSigner.Status.DECLINED}


def test_available_offers_each_role_its_moves(cast):
    draft = SuggestionFactory(author=cast.own)
    assert actions(SUGGESTION, draft, cast.scope("deputy")) == ["submit"]
    CoSignerFactory(suggestion=draft, deputy=cast.cosigner)
    assert actions(SUGGESTION, draft, cast.scope("deputy")) == ["ask_cosigners"]
    assert actions(SUGGESTION, draft, cast.scope("office")) == []

    submitted = SuggestionFactory(author=cast.own, state=State.SUBMITTED)
    assert actions(SUGGESTION, submitted, cast.scope("office")) == ["accept", "refuse", "merge", "assign"]
    assert actions(SUGGESTION, submitted, cast.scope("deputy")) == []
    assert actions(SUGGESTION, submitted, ANONYMOUS) == []

    lead = AssignmentFactory(suggestion=SuggestionFactory(author=cast.own, state=State.ASSIGNED), unit=cast.edu)
    co = AssignmentFactory(suggestion=lead.suggestion, unit=cast.water, role=Assignment.Role.CO)
    s = lead.suggestion
    assert actions(SUGGESTION, s, cast.scope("office")) == ["reassign", "extend"]
    assert actions(SUGGESTION, s, cast.scope("edu_clerk")) == ["unit_return", "answer"]
    assert actions(SUGGESTION, s, cast.scope("water_clerk")) == []
    assert actions(ASSIGNMENT, co, cast.scope("water_clerk")) == ["accept", "return", "opinion"]
    assert actions(ASSIGNMENT, co, cast.scope("edu_clerk")) == []
    s.is_hard = True
    assert actions(SUGGESTION, s, cast.scope("office")) == ["reassign"]

    answered = SuggestionFactory(author=cast.own, state=State.ANSWERED)
    assert actions(SUGGESTION, answered, cast.scope("deputy")) == ["close", "rehandle"]
    assert actions(SUGGESTION, answered, cast.scope("deputy_s1")) == []


@translation.override("en")
def test_refused_moves_keep_the_workflow_messages(cast):
    s = cast.assign(cast.submit())
    with pytest.raises(InvalidTransition, match="This cannot be done while the suggestion is"):
        services.suggestion_accept(actor="t", scope=cast.scope("office"), suggestion=s)
    old = cast.lead(s)
    services.suggestion_reassign(actor="t", scope=cast.scope("office"), suggestion=s, lead=cast.police, reason="职责调整",
                                 on=D(2017, 6, 12))  # fmt: skip
    with pytest.raises(InvalidTransition, match="no longer with your unit"):
        services.assignment_accept(actor="t", scope=cast.scope("edu_clerk"), assignment=old)
    invited = cast.submit(cosigners=[cast.cosigner], token="c")
    services.cosign_respond(actor="t", scope=cast.scope("deputy_s1"), suggestion=invited, confirm=False)
    with pytest.raises(InvalidTransition, match="already answered"):
        services.cosign_respond(actor="t", scope=cast.scope("deputy_s1"), suggestion=invited, confirm=True)


def test_the_last_cosigner_submits_and_a_withdrawn_part_stays_withdrawn(cast):
    s = cast.submit(cosigners=[cast.cosigner])
    assert s.state == State.COSIGNING and not SUGGESTION.allowed(s, cast.scope("deputy"), "submit")
    services.cosign_respond(actor="t", scope=cast.scope("deputy_s1"), suggestion=s, confirm=True, on=D(2017, 6, 2))
    s.refresh_from_db()
    assert s.state == State.SUBMITTED and s.submitted_on == D(2017, 6, 2)
    s = cast.assign(s)
    parts = list(s.assignments.order_by("pk"))
    services.suggestion_reassign(actor="t", scope=cast.scope("office"), suggestion=s, lead=cast.police, reason="调整",
                                 on=D(2017, 6, 12))  # fmt: skip
    assert {a.status for a in Assignment.objects.filter(pk__in=[a.pk for a in parts])} == {Assignment.Status.WITHDRAWN}
    assert set(s.assignments.filter(status__in=Assignment.LIVE).values_list("unit_id", flat=True)) == {cast.police.pk}


def test_api_details_carry_what_the_caller_may_do(cast):
    s = SuggestionFactory(author=cast.own, state=State.SUBMITTED)
    office, deputy = Client(), Client()
    office.force_login(cast.users["office"])
    deputy.force_login(cast.users["deputy"])
    body = office.get(f"/api/suggestions/{s.pk}").json()
    assert [a["action"] for a in body["actions"]] == ["accept", "refuse", "merge", "assign"]
    assert body["actions"][0] == {"action": "accept", "label": str(SUGGESTION.transition("accept").label), "target": "accepted"}
    assert deputy.get(f"/api/suggestions/{s.pk}").json()["actions"] == []
    services.suggestion_assign(actor="t", scope=cast.scope("office"), suggestion=s, lead=cast.edu, co_units=[cast.water])
    clerk = Client()
    clerk.force_login(cast.users["water_clerk"])
    part = clerk.post(f"/api/suggestions/{s.pk}/unit/accept").json()
    assert part["status"] == "accepted" and [a["action"] for a in part["actions"]] == ["return", "opinion"]


def test_pages_show_the_buttons_available_offers(cast):
    s = SuggestionFactory(author=cast.own, state=State.SUBMITTED)
    office = Client()
    office.force_login(cast.users["office"])
    html = office.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert f"/{s.pk}/act/accept/" in html and f"/{s.pk}/act/assign/" in html and f"/{s.pk}/act/reassign/" not in html
    s.state = State.RETURNED
    s.save(update_fields=["state"])
    html = office.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert f"/{s.pk}/act/accept/" not in html and f"/{s.pk}/act/reassign/" in html and f"/{s.pk}/act/assign/" in html


def test_templates_never_compare_states():
    comparison = re.compile(r"(state|status)[^%]*(==|!=| in )")
    found = [
        f"{path.name}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if comparison.search(line)
    ]
    assert found == []
