"""The whole API (issue #15, item 3): every write a page can do is also an API operation, with its error answers.

The test walks the URL resolver and finds every page view that accepts POST (it reads the view's source, decorators
included: `require_POST`, `request.method`, `request.POST`, `request.FILES`, `form_page(`; a class-based view with a
`post` method). Each such page is paired with its API operation(s) in a declared table: `PAGE_TWINS` in the app's
`api.py` (`{"app:url_name": "POST /api/…"}`, or for a page that dispatches on an action slug
`{"app:url_name": {"action": "POST /api/…", …}}`), or below for the apps whose API another change owns. A page write
with no twin and not in `PENDING` fails; so does a twin naming an operation the OpenAPI document does not have, or
one that does not declare its error answers (404 for a record outside the caller's scope, 422 for bad input or a
refused change) beside 200.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from renda.api import api

WRITES = re.compile(r"require_POST|require_http_methods|request\.method|request\.POST|request\.FILES|\bform_page\(")

# Pages whose POST is the session machinery of the web interface itself, not a record: there is nothing to twin.
# (The API authenticates with tokens; signing in to a browser session and the UI language are not API concerns.)
NOT_RECORDS = {
    "login",  # the browser session's login form (the API takes a token: core:token_list creates one)
    "logout",
    "set_language",
}

# Pages of apps whose api.py belongs to another change, paired here with the operations that already exist.
OTHER_TWINS: dict[str, str | dict[str, str]] = {
    "core:password_change": "POST /api/accounts/password",
    "core:password_reset": "POST /api/accounts/password-reset",
    "core:password_reset_confirm": "POST /api/accounts/password-reset/confirm",
    "core:notice_list": "POST /api/notices/read",
    "core:notice_open": "POST /api/notices/{notice_id}/read",
    "core:login_locks": "POST /api/accounts/login-locks/unlock",
    "archive:schemes": "POST /api/archive/schemes",
    "archive:scheme_detail": "POST /api/archive/schemes/{scheme_id}",
    "archive:scheme_action": {"freeze": "POST /api/archive/schemes/{scheme_id}/freeze"},
    # duty and supervision: an action page (…/do/<action>/, …/transition/) is one operation taking the action
    "duty:topic_create": "POST /api/duty/topics",
    "duty:topic_action": "POST /api/duty/topics/{topic_id}/actions",
    "duty:activity_create": "POST /api/duty/activities",
    "duty:activity_action": "POST /api/duty/activities/{activity_id}/actions",
    "duty:contact_create": "POST /api/duty/contacts",
    "duty:contact_action": "POST /api/duty/contacts/{contact_id}/actions",
    "duty:plan_create": "POST /api/duty/training/plans",
    "duty:session_create": "POST /api/duty/training/plans/{plan_id}/sessions",
    "duty:session_action": "POST /api/duty/training/sessions/{session_id}/actions",
    "duty:report_create": "POST /api/duty/reports",
    "duty:report_action": "POST /api/duty/reports/{report_id}/actions",
    "duty:self_create": "POST /api/duty/self-reports",
    "duty:self_action": "POST /api/duty/self-reports/{report_id}/actions",
    "supervision:activity_create": "POST /api/supervision/activities",
    "supervision:activity_edit": "POST /api/supervision/activities/{activity_id}/plan",
    "supervision:activity_transition": "POST /api/supervision/activities/{activity_id}/actions",
    "supervision:activity_report": "POST /api/supervision/activities/{activity_id}/report",
    "supervision:participants_add": "POST /api/supervision/activities/{activity_id}/participants",
    "supervision:participant_remove": "POST /api/supervision/participations/{participation_id}/remove",
    "supervision:place_add": "POST /api/supervision/activities/{activity_id}/places",
    "supervision:article_record": "POST /api/supervision/activities/{activity_id}/articles",
    "supervision:finding_add": "POST /api/supervision/activities/{activity_id}/findings",
    "supervision:activity_opinion_add": "POST /api/supervision/activities/{activity_id}/opinions",
    "supervision:activity_hearing": "POST /api/supervision/activities/{activity_id}/hearing",
    "supervision:finding_raise": "POST /api/supervision/findings/{finding_id}/raise",
    "supervision:opinion_transition": "POST /api/supervision/opinions/{opinion_id}/actions",
    "supervision:opinion_report": "POST /api/supervision/opinions/{opinion_id}/report",
    "supervision:inquiry_create": "POST /api/supervision/inquiries",
    "supervision:inquiry_transition": "POST /api/supervision/inquiries/{inquiry_id}/actions",
    "supervision:question_add": "POST /api/supervision/inquiries/{inquiry_id}/questions",
    "supervision:inquiry_vote": "POST /api/supervision/inquiries/{inquiry_id}/vote",
    "supervision:inquiry_followup": "POST /api/supervision/inquiries/{inquiry_id}/followups",
    "supervision:round_create": "POST /api/supervision/evaluations",
    "supervision:round_transition": "POST /api/supervision/evaluations/{round_id}/actions",
    "supervision:round_vote": "POST /api/supervision/evaluations/{round_id}/votes",
    "supervision:self_report": "POST /api/supervision/evaluations/units/{evaluated_id}/self-report",
    "supervision:evaluation_opinion": "POST /api/supervision/evaluations/units/{evaluated_id}/opinions",
    "supervision:problem_add": "POST /api/supervision/evaluations/units/{evaluated_id}/problems",
    "supervision:problem_progress": "POST /api/supervision/evaluations/problems/{problem_id}/progress",
    "supervision:problem_transition": "POST /api/supervision/evaluations/problems/{problem_id}/actions",
    "supervision:campaign_create": "POST /api/supervision/campaigns",
    "supervision:campaign_transition": "POST /api/supervision/campaigns/{campaign_id}/actions",
    "supervision:target_add": "POST /api/supervision/campaigns/{campaign_id}/targets",
    "supervision:target_transition": "POST /api/supervision/targets/{target_id}/actions",
    "supervision:list_entry_add": "POST /api/supervision/campaigns/{campaign_id}/list-entries",
    "supervision:campaign_checklist": "POST /api/supervision/campaigns/{campaign_id}/checklist",
    "supervision:checklist_mark": "POST /api/supervision/checklist/{entry_id}",
    "supervision:indicator_add": "POST /api/supervision/campaigns/{campaign_id}/indicators",
    "supervision:indicator_report_add": "POST /api/supervision/indicators/{indicator_id}/reports",
    # meetings and decisions
    "meetings:create": "POST /api/meetings/",
    "meetings:rollout": "POST /api/meetings/midyear/rollout",
    "meetings:edit": "POST /api/meetings/{meeting_id}/correction",
    "meetings:transition": "POST /api/meetings/{meeting_id}/actions",
    "meetings:item_add": "POST /api/meetings/{meeting_id}/items",
    "meetings:item_edit": "PUT /api/meetings/items/{item_id}",
    "meetings:item_delete": "DELETE /api/meetings/items/{item_id}",
    "meetings:item_move": "POST /api/meetings/{meeting_id}/items/order",
    "meetings:preparatory_create": "POST /api/meetings/{meeting_id}/preparatory",
    "meetings:document_add": "POST /api/meetings/{meeting_id}/documents",
    "meetings:invite": "POST /api/meetings/{meeting_id}/invitations",
    "meetings:leave": "POST /api/meetings/{meeting_id}/leave",
    "meetings:signin": "POST /api/meetings/{meeting_id}/sign-in",
    "meetings:attendance_action": "POST /api/meetings/attendance/{attendance_id}/actions",
    "meetings:poll_create": "POST /api/meetings/{meeting_id}/polls",
    "meetings:poll_transition": "POST /api/meetings/polls/{poll_id}/actions",
    "meetings:poll_vote": "POST /api/meetings/polls/{poll_id}/vote",
    "meetings:paper_count": "POST /api/meetings/polls/{poll_id}/paper-counts",
    "meetings:paper_discard": "POST /api/meetings/polls/{poll_id}/paper-counts/discard",
    "meetings:decision_add": "POST /api/meetings/items/{item_id}/decision",
    "meetings:opinion_create": "POST /api/meetings/{meeting_id}/opinions",
    "meetings:opinion_transition": "POST /api/meetings/opinions/{opinion_id}/actions",
    "meetings:opinion_report": "POST /api/meetings/opinions/{opinion_id}/report",
    "decisions:election_create": "POST /api/elections/",
    "decisions:election_transition": "POST /api/elections/{election_id}/actions/{action}",
    "decisions:candidate_add": "POST /api/elections/{election_id}/candidates",
    "decisions:candidate_remove": "POST /api/elections/{election_id}/candidates/{candidate_id}/remove",
    "decisions:appointment_create": "POST /api/appointments/",
    "decisions:appointment_transition": "POST /api/appointments/{list_id}/actions/{action}",
    "decisions:oath_record": "POST /api/appointments/{list_id}/oath",
    "decisions:bill_create": "POST /api/bills/",
    "decisions:bill_transition": "POST /api/bills/{bill_id}/actions/{action}",
    "decisions:bill_sign": "POST /api/bills/{bill_id}/sign/{action}",
    "decisions:matter_create": "POST /api/decisions/",
    "decisions:matter_transition": "POST /api/decisions/{matter_id}/actions/{action}",
}

# Page writes without an API twin yet, each with who builds it. Shrink this list; never grow it for a new page.
PENDING = {
    # core accounts (another change): the caller's own account and API tokens
    "core:account",
    "core:token_list",
    "core:token_revoke",
    # org: the rosters' Excel imports (the set-up sheets have their API imports; the roster's is still to come)
    "org:deputy_import",
    "org:unit_import",
}


def _patterns(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[tuple[str, Any]]:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in {"admin", "api"}:
                continue
            ns = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from _patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}".strip(":"), entry.callback


def _writes(view: Any) -> bool:
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return False
    return bool(WRITES.search(source))


def page_writes() -> set[str]:
    return {name for name, view in _patterns() if _writes(view)}


def declared_twins() -> dict[str, str | dict[str, str]]:
    twins: dict[str, str | dict[str, str]] = dict(OTHER_TWINS)
    for config in apps.get_app_configs():
        if not config.name.startswith("renda."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        table = getattr(module, "PAGE_TWINS", {})
        assert not set(table) & set(twins), f"twins declared twice: {set(table) & set(twins)}"
        twins.update(table)
    return twins


def _operations() -> dict[str, set[str]]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} /api{path.removeprefix('/api')}": {str(status) for status in operation["responses"]}
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def _named(twin: str | dict[str, str]) -> list[str]:
    return list(twin.values()) if isinstance(twin, dict) else [twin]


def test_the_walk_finds_page_writes():
    writes = page_writes()
    # a plain POST view, a form page, an action slug page and a public page without a login
    assert {"stations:station_action", "stations:activity_create", "opinions:track_feedback", "projects:public_propose"} <= writes
    assert "stations:station_list" not in writes


def test_every_page_write_has_an_api_twin():
    twins = declared_twins()
    missing = sorted(page_writes() - set(twins) - PENDING - NOT_RECORDS)
    assert not missing, f"page writes without an API operation (declare PAGE_TWINS in the app's api.py): {missing}"


def test_no_stale_entries():
    writes = page_writes()
    stale = sorted((set(declared_twins()) | PENDING | NOT_RECORDS) - writes)
    assert not stale, f"entries for pages that do not write (or no longer exist): {stale}"
    assert not set(declared_twins()) & PENDING, "a page with a twin is no longer pending"


def test_every_twin_is_an_operation_that_declares_its_errors():
    operations = _operations()
    problems = []
    for page, twin in declared_twins().items():
        assert not isinstance(twin, dict) or twin, f"{page}: an action page lists its actions"
        for operation in _named(twin):
            if operation not in operations:
                problems.append(f"{page}: no operation {operation}")
                continue
            answers = operations[operation]
            needed = {"400", "422"} | ({"404"} if "{" in operation else set())
            if not any(answer.startswith("2") for answer in answers):
                problems.append(f"{page}: {operation} declares no success answer")
            if not needed <= answers:
                problems.append(f"{page}: {operation} declares {sorted(answers)}, lacks {sorted(needed - answers)}")
    assert not problems, "\n".join(problems)


def test_action_pages_pair_every_action():
    """A page that dispatches on an action slug lists each of its actions (where the app names them in one place)."""
    from renda.stations import views as stations_views
    from renda.suggestions import views as suggestions_views

    twins = declared_twins()
    assert set(twins["suggestions:act"]) == suggestions_views.ACTIONS
    assert set(twins["stations:station_action"]) == set(stations_views.STATION_ACTIONS)
    assert set(twins["stations:activity_action"]) == {"roster_add", "roster_remove", "check_in", "record", "photo", "cancel"}
