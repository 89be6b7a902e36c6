"""Every page write of the meetings and decisions apps is also an API operation (issue #11, item 12).

The write routes are found from the views' source (a view that accepts a POST: `require_POST`, a form page, an
action); each must be listed below with the operation that calls the same service, and that operation must be in
the API's OpenAPI document. A new write page without an API operation fails here.
"""

from __future__ import annotations

import inspect

from django.urls import URLPattern, URLResolver, get_resolver

# page route → the API operation doing the same write
PAGE_WRITES = {
    "meetings:create": ("post", "/api/meetings/"),
    "meetings:rollout": ("post", "/api/meetings/midyear/rollout"),
    "meetings:edit": ("post", "/api/meetings/{meeting_id}/correction"),
    "meetings:transition": ("post", "/api/meetings/{meeting_id}/actions"),
    "meetings:item_add": ("post", "/api/meetings/{meeting_id}/items"),
    "meetings:item_edit": ("put", "/api/meetings/items/{item_id}"),
    "meetings:item_delete": ("delete", "/api/meetings/items/{item_id}"),
    "meetings:item_move": ("post", "/api/meetings/{meeting_id}/items/order"),
    "meetings:preparatory_create": ("post", "/api/meetings/{meeting_id}/preparatory"),
    "meetings:document_add": ("post", "/api/meetings/{meeting_id}/documents"),
    "meetings:invite": ("post", "/api/meetings/{meeting_id}/invitations"),
    "meetings:leave": ("post", "/api/meetings/{meeting_id}/leave"),
    "meetings:signin": ("post", "/api/meetings/{meeting_id}/sign-in"),
    "meetings:attendance_action": ("post", "/api/meetings/attendance/{attendance_id}/actions"),
    "meetings:poll_create": ("post", "/api/meetings/{meeting_id}/polls"),
    "meetings:poll_transition": ("post", "/api/meetings/polls/{poll_id}/actions"),
    "meetings:poll_vote": ("post", "/api/meetings/polls/{poll_id}/vote"),
    "meetings:paper_count": ("post", "/api/meetings/polls/{poll_id}/paper-counts"),
    "meetings:paper_discard": ("post", "/api/meetings/polls/{poll_id}/paper-counts/discard"),
    "meetings:decision_add": ("post", "/api/meetings/items/{item_id}/decision"),
    "meetings:opinion_create": ("post", "/api/meetings/{meeting_id}/opinions"),
    "meetings:opinion_transition": ("post", "/api/meetings/opinions/{opinion_id}/actions"),
    "meetings:opinion_report": ("post", "/api/meetings/opinions/{opinion_id}/report"),
    "decisions:election_create": ("post", "/api/elections/"),
    "decisions:election_transition": ("post", "/api/elections/{election_id}/actions/{action}"),
    "decisions:candidate_add": ("post", "/api/elections/{election_id}/candidates"),
    "decisions:candidate_remove": ("post", "/api/elections/{election_id}/candidates/{candidate_id}/remove"),
    "decisions:appointment_create": ("post", "/api/appointments/"),
    "decisions:appointment_transition": ("post", "/api/appointments/{list_id}/actions/{action}"),
    "decisions:oath_record": ("post", "/api/appointments/{list_id}/oath"),
    "decisions:bill_create": ("post", "/api/bills/"),
    "decisions:bill_transition": ("post", "/api/bills/{bill_id}/actions/{action}"),
    "decisions:bill_sign": ("post", "/api/bills/{bill_id}/sign/{action}"),
    "decisions:matter_create": ("post", "/api/decisions/"),
    "decisions:matter_transition": ("post", "/api/decisions/{matter_id}/actions/{action}"),
}
APPS = {"meetings", "decisions"}
# what a view that takes a POST has in its source
WRITE_MARKERS = ("require_POST", "form_page(", "_action(", "_post(", 'request.method == "POST"')


def _write_routes() -> set[str]:
    found = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in APPS:
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name:
                    source = inspect.getsource(inspect.unwrap(pattern.callback))
                    if any(marker in source for marker in WRITE_MARKERS):
                        found.add(f"{entry.namespace}:{pattern.name}")
    return found


def test_every_page_write_has_an_api_operation(client):
    routes = _write_routes()
    assert routes == set(PAGE_WRITES), f"page writes without an API operation listed: {sorted(routes ^ set(PAGE_WRITES))}"
    paths = client.get("/api/openapi.json").json()["paths"]
    missing = [(name, op) for name, (method, op) in PAGE_WRITES.items() if method not in paths.get(op, {})]
    assert not missing, f"API operations missing: {missing}"
