"""A co-signer who declines through the API no longer sees the suggestion: the answer (and a retry's) is 200 with
what they were asked to sign, never 404 and never what became of it afterwards (issue #15)."""

from __future__ import annotations

import pytest
from django.test import Client

from renda.suggestions.models import CoSigner, State
from renda.suggestions.tests.factories import SuggestionCast

pytestmark = pytest.mark.django_db


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_declined_cosign_answers_200_with_what_was_asked():
    cast = SuggestionCast()
    s = cast.submit(cosigners=[cast.cosigner])
    cosigner = client_of(cast.users["deputy_s1"])
    url = f"/api/suggestions/{s.pk}/cosign"
    declined = cosigner.post(url, {"confirm": "false"})
    assert declined.status_code == 200, declined.content
    body = declined.json()
    assert body["id"] == s.pk and body["title"] == s.title and body["text"] == s.text
    assert body["actions"] == [] and body["answers"] == [] and body["lead_unit"] is None
    assert CoSigner.objects.get(suggestion=s, person=cast.cosigner.person).status == CoSigner.Status.DECLINED
    assert cosigner.get(f"/api/suggestions/{s.pk}").status_code == 404  # no longer theirs to see
    again = cosigner.post(url, {"confirm": "false"})
    assert again.status_code == 200 and again.json()["id"] == s.pk  # a retry confirms it
    assert cosigner.post(url, {"confirm": "true"}).status_code == 422  # already answered
    # The suggestion goes on (submitted by the decline, then assigned): the decliner learns nothing of it.
    cast.assign(s.__class__.objects.get(pk=s.pk))
    later = cosigner.post(url, {"confirm": "false"}).json()
    assert later["state"] == State.SUBMITTED and later["lead_unit"] is None and later["answer_due"] is None


def test_someone_never_asked_still_gets_404():
    cast = SuggestionCast()
    s = cast.submit(cosigners=[cast.cosigner])
    assert client_of(cast.users["edu_clerk"]).post(f"/api/suggestions/{s.pk}/cosign", {"confirm": "false"}).status_code == 404
