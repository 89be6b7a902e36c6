"""Issue #14: the published suggestions, searched by a word of the title, filtered by year and state, each with its
state shown; bad filters are ignored, never an error."""

from __future__ import annotations

from renda.suggestions.models import Suggestion


def test_public_suggestions_searched_and_filtered_with_their_state(world, client):
    published = Suggestion.objects.filter(is_public=True)
    first = published.order_by("-id").first()
    assert first is not None
    word = first.title[:3]
    html = client.get("/suggestions/public/", {"q": word}).content.decode()
    assert first.title in html and first.get_state_display() in html
    none = client.get("/suggestions/public/", {"q": "没有这样的建议标题"}).content.decode()
    assert first.title not in none
    state = client.get("/suggestions/public/", {"state": first.state, "year": first.submitted_on.year}).content.decode()
    assert first.title in state
    assert client.get("/suggestions/public/", {"year": "20x7", "state": "nonsense"}).status_code == 200  # bad input: no filter
