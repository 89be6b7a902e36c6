"""A voter's opinion raised as a suggestion keeps its link: the opinion's state records it in the same
transaction; an opinion no longer open to it, or at a station the deputy is not attached to, is refused and
nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from renda.core.errors import InvalidTransition, NotPermitted
from renda.core.models import AuditEvent
from renda.opinions import services as opinion_services
from renda.opinions.models import Status
from renda.org.scoping import build_scope
from renda.suggestions import selectors, services
from renda.suggestions.models import Suggestion
from renda.suggestions.tests.helpers import TEXT, my_station, other_station, register


def create(world, opinion, **kw):
    deputy = world.users["deputy"]
    scope = build_scope(deputy)
    author = selectors.submitting_mandate(scope=scope, opinion=opinion)
    return services.suggestion_create(
        actor=deputy, scope=scope, author=author, title="关于修复村口路灯的建议", text=TEXT, category="城乡建设",
        opinion=opinion, **kw,
    )  # fmt: skip


@pytest.fixture
def opinion(world):
    return register(world, my_station(world))


def test_raised_opinion_keeps_its_link_and_changes_state(world, opinion):
    s = create(world, opinion, submit=True)
    s.refresh_from_db()
    opinion.refresh_from_db()
    assert s.opinion_id == opinion.pk
    assert opinion.status == Status.SUGGESTION
    assert opinion.suggestion_ref == str(s.pk)
    assert opinion.steps.filter(action="raise_suggestion", note=str(s.pk)).exists()
    created = AuditEvent.objects.filter(action="suggestion.create", object_id=str(s.pk)).get()
    assert created.after["opinion_id"] == opinion.pk
    # The mandate used is one attached to the opinion's station.
    assert opinion.station.deputies.filter(pk=s.author_id).exists()


def test_retry_with_the_same_token_is_one_suggestion(world, opinion):
    first = create(world, opinion, client_token="tok-1")
    again = create(world, opinion, client_token="tok-1")
    assert first.pk == again.pk
    assert Suggestion.objects.filter(opinion=opinion).count() == 1


@pytest.mark.parametrize("close", ["answer_on_spot", "already_raised"])
def test_opinion_not_open_is_refused_and_nothing_changes(world, opinion, close):
    office = world.users["office"]
    if close == "answer_on_spot":
        opinion_services.opinion_answer_on_spot(
            actor=office, scope=build_scope(office), opinion=opinion, answer="当场解释，选民满意。"
        )
    else:
        create(world, opinion)
    opinion.refresh_from_db()
    status, ref, steps = opinion.status, opinion.suggestion_ref, opinion.steps.count()
    suggestions, events = Suggestion.objects.count(), AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(InvalidTransition) as exc:
        create(world, opinion, submit=True)
    assert "cannot be raised as a suggestion" in str(exc.value.messages[0])
    opinion.refresh_from_db()
    assert (opinion.status, opinion.suggestion_ref, opinion.steps.count()) == (status, ref, steps)
    assert Suggestion.objects.count() == suggestions and AuditEvent.objects.count() == events


def test_opinion_at_a_station_not_mine_is_refused(world):
    foreign = register(world, other_station(world))
    with pytest.raises(NotPermitted):
        create(world, foreign)
    foreign.refresh_from_db()
    assert foreign.status == Status.REGISTERED and not Suggestion.objects.filter(opinion=foreign).exists()


def test_form_raises_the_opinion(world, opinion):
    client = world.client("deputy")
    url = reverse("suggestions:create") + f"?opinion={opinion.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["text"] == opinion.text
    assert b'data-testid="source-opinion"' in page.content
    listed = client.get(reverse("suggestions:opinions"))
    assert opinion in list(listed.context["page"])
    data = {"title": "关于修复村口路灯的建议", "text": TEXT, "category": "城乡建设", "period": "recess", "opinion": opinion.pk,
            "client_token": "form-1", "submit": "1"}  # fmt: skip
    response = client.post(reverse("suggestions:create"), data)
    assert response.status_code == 302
    s = Suggestion.objects.get(opinion=opinion)
    opinion.refresh_from_db()
    assert opinion.status == Status.SUGGESTION and opinion.suggestion_ref == str(s.pk)
    # Raised once, the opinion leaves the list of opinions to raise; posting it again is a clear error.
    assert opinion not in list(client.get(reverse("suggestions:opinions")).context["page"])
    again = client.post(reverse("suggestions:create"), {**data, "client_token": "form-2"})
    assert again.status_code == 400
    assert again.context["form"].non_field_errors() and b'role="alert"' in again.content
    assert Suggestion.objects.filter(opinion=opinion).count() == 1
    # The suggestion page shows its source: to the deputy (no link into the opinions app), to the office (linked).
    detail = client.get(reverse("suggestions:detail", args=[s.pk]))
    assert b'data-testid="source-opinion"' in detail.content and not detail.context["can_open_opinion"]
    office = world.client("office").get(reverse("suggestions:detail", args=[s.pk]))
    assert office.context["source_opinion"] == opinion and office.context["can_open_opinion"]
    assert reverse("opinions:opinion_detail", args=[opinion.pk]).encode() in office.content
    # A unit clerk handling it, who may not see the opinion, is not shown it.
    services.suggestion_assign(actor=world.users["office"], scope=build_scope(world.users["office"]), suggestion=s,
                               lead=world.edu_unit)  # fmt: skip
    clerk = world.client("edu_clerk").get(reverse("suggestions:detail", args=[s.pk]))
    assert clerk.status_code == 200 and clerk.context["source_opinion"] is None
    assert b'data-testid="source-opinion"' not in clerk.content
    # The public page never shows it.
    assert b"source-opinion" not in world.client(None).get(reverse("suggestions:public_list")).content


def test_form_with_an_opinion_not_mine_is_404_and_bad_id_404(world):
    foreign = register(world, other_station(world))
    client = world.client("deputy")
    assert client.get(reverse("suggestions:create") + f"?opinion={foreign.pk}").status_code == 404
    assert client.get(reverse("suggestions:create") + "?opinion=abc").status_code == 404
    data = {"title": "关于修复村口路灯的建议", "text": TEXT, "category": "城乡建设", "period": "recess", "opinion": foreign.pk}
    assert client.post(reverse("suggestions:create"), data).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Status.REGISTERED


def test_form_warns_about_an_opinion_no_longer_open(world, opinion):
    office = world.users["office"]
    opinion_services.opinion_answer_on_spot(
        actor=office, scope=build_scope(office), opinion=opinion, answer="当场解释，选民满意。"
    )
    page = world.client("deputy").get(reverse("suggestions:create") + f"?opinion={opinion.pk}")
    assert page.status_code == 200 and page.context["warning"]
    assert b'data-testid="opinion-warning"' in page.content


def test_api_submission_with_an_opinion(world, opinion):
    client = world.client("deputy")
    data = {"title": "关于修复村口路灯的建议", "text": TEXT, "category": "城乡建设", "opinion_id": opinion.pk}
    response = client.post("/api/suggestions/", data)
    assert response.status_code == 200, response.content
    opinion.refresh_from_db()
    assert opinion.status == Status.SUGGESTION and opinion.suggestion_ref == str(response.json()["id"])
    again = client.post("/api/suggestions/", data)
    assert again.status_code == 422 and Suggestion.objects.filter(opinion=opinion).count() == 1
