"""Permission matrix entries of the duty pages and API operations (named records from the demo, and a few made in
`prepare`: a draft topic, a planned group activity, a contact of the leader's, a report to voters ahead)."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from renda.org.models import ContactAssignment, DeputyGroup, Membership
from renda.stations.models import Station
from renda.testing.matrix import Case, api_case, case

from ..models import ContactLog, GroupActivity, SelfReport, Topic, TrainingPlan, VoterReport

BASE = "/api/duty"
SEE_DISTRICT = ["admin", "office", "committee", "leader"]
SEE_WJJ = [*SEE_DISTRICT, "wjj_staff", "wjj_liaison"]
WITH_DEPUTY = [*SEE_WJJ, "deputy"]


def prepare(world):
    district = world.standing_committee.congress
    wjj_group = DeputyGroup.objects.get(congress=district, region=world.wjj)
    xc_group = DeputyGroup.objects.get(congress=district, region=world.xc)
    world.du_topic = Topic.objects.filter(congress=district, year=2017).order_by("quarter").first()
    world.du_draft_topic = Topic.objects.create(congress=district, region_id=district.region_id, year=2018, quarter=1, title="矩阵草稿主题")
    world.du_draft_topic.groups.set(DeputyGroup.objects.filter(congress=district))
    world.du_wjj_activity = GroupActivity.objects.filter(group=wjj_group).order_by("date").first()
    world.du_xc_activity = GroupActivity.objects.filter(group=xc_group).first()
    world.du_planned = GroupActivity.objects.create(group=wjj_group, region=world.wjj, title="矩阵计划活动", date=datetime.date(2017, 12, 1))
    leader = Membership.objects.filter(person__user=world.users["leader"], body=world.standing_committee).first()
    world.du_assignment, _ = ContactAssignment.objects.get_or_create(member=leader, deputy=world.wjj_district_deputy)
    world.du_contact = ContactLog.objects.create(
        assignment=world.du_assignment, deputy=world.wjj_district_deputy, region_id=world.wjj_district_deputy.region_id,
        date=datetime.date(2017, 6, 1), manner="phone", opinions="矩阵联系", follow_up="跟进",
    )  # fmt: skip
    world.du_xc_contact = ContactLog.objects.filter(deputy__region__path__startswith=world.xc.path).first()
    world.du_own_contact = ContactLog.objects.filter(deputy=world.own_deputy).first()
    world.du_plan = TrainingPlan.objects.get(congress=district, for_new_deputies=True)
    world.du_session = world.du_plan.sessions.order_by("date").first()
    world.du_station = Station.objects.get(town=world.wjj, kind=Station.Kind.STATION)
    world.du_report = VoterReport.objects.get(deputy=world.own_deputy)
    world.du_xc_report = VoterReport.objects.exclude(deputy=world.own_deputy).first()
    world.du_ahead = VoterReport.objects.create(deputy=world.own_deputy, station=world.du_station, region=world.wjj,
                                                date=timezone.localdate() + datetime.timedelta(days=10), title="矩阵述职")  # fmt: skip
    world.du_confirmed = SelfReport.objects.get(deputy=world.own_deputy, state=SelfReport.State.CONFIRMED)
    world.du_waiting = SelfReport.objects.get(deputy=world.own_deputy, state=SelfReport.State.SUBMITTED)
    world.du_evidence = world.du_confirmed.evidence.first()
    world.du_district = district


def r(name, attr=None, *extra):
    return lambda w: reverse(f"duty:{name}", args=[getattr(w, attr).pk, *extra] if attr else list(extra))


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("现场.png", buffer.getvalue(), content_type="image/png")


def post(label, url, roles, other=403, data=None, override=None):
    return case(label, url, roles, code=302, other=other, method="post", data=data, override=override or {})


def multipart(label, url, roles, other=403, data=None, override=None):
    """An API write with files: the body goes as multipart form fields."""
    c = api_case(label, url, roles, other=other, override=override, method="post", data=data)
    c.content_type = None
    return c


OTHERS_404 = {"wjj_staff": 404, "wjj_liaison": 404, "deputy": 404}


def _evidence_url(w: Any) -> str:
    return reverse("duty:evidence", args=[w.du_confirmed.pk, w.du_evidence.pk])


PAGES = {
    "duty:topic_list": [case("topics", r("topic_list"), WITH_DEPUTY)],
    "duty:topic_create": [
        case("new topic", r("topic_create"), ["admin", "office", "wjj_staff"]),
        post("new district topic", r("topic_create"), ["admin", "office"], override={"wjj_staff": 400},
             data=lambda w: {"congress": w.du_district.pk, "year": 2018, "quarter": 2, "title": "矩阵新主题"}),  # fmt: skip
    ],
    "duty:topic_detail": [case("topic", r("topic_detail", "du_topic"), WITH_DEPUTY)],
    "duty:topic_action": [
        post("send draft", r("topic_action", "du_draft_topic", "send"), ["admin", "office"]),
        case("unknown action", r("topic_action", "du_draft_topic", "explode"), [], other=404, method="post",
             override={"edu_clerk": 403}),  # fmt: skip
    ],
    "duty:activity_list": [
        case("activities", r("activity_list"), WITH_DEPUTY),
        case("activities export", lambda w: reverse("duty:activity_list") + "?export=xlsx", WITH_DEPUTY),
    ],
    "duty:activity_create": [case("new activity", r("activity_create"), ["admin", "office", "wjj_staff", "deputy", "leader"])],
    "duty:activity_detail": [
        case("wjj group activity", r("activity_detail", "du_wjj_activity"), WITH_DEPUTY),
        case("xc group activity", r("activity_detail", "du_xc_activity"), SEE_DISTRICT, override=OTHERS_404),
    ],
    "duty:activity_action": [
        post("record planned", r("activity_action", "du_planned", "record"), ["admin", "office", "wjj_staff", "deputy"],
             data=lambda w: {"participants": [w.own_deputy.pk], "findings": "矩阵记录"}),  # fmt: skip
    ],
    "duty:contact_list": [
        case("contacts", r("contact_list"), WITH_DEPUTY),
        case("contacts export", lambda w: reverse("duty:contact_list") + "?export=xlsx", WITH_DEPUTY),
    ],
    "duty:contact_create": [case("new contact", r("contact_create"), ["admin", "office", "leader"])],
    "duty:contact_detail": [
        case("leader's contact in wjj", r("contact_detail", "du_contact"), SEE_WJJ, override={"deputy": 404}),
        case("own contact", r("contact_detail", "du_own_contact"), WITH_DEPUTY),
        case("xc contact", r("contact_detail", "du_xc_contact"), SEE_DISTRICT, override=OTHERS_404),
    ],
    "duty:contact_action": [
        post("follow up", r("contact_action", "du_contact", "follow_up"), ["admin", "office", "leader"],
             data=lambda w: {"result": "已办结"}, override={"deputy": 404}),  # fmt: skip
    ],
    "duty:training_list": [case("training", r("training_list"), WITH_DEPUTY)],
    "duty:plan_create": [case("new plan", r("plan_create"), ["admin", "office", "wjj_staff"])],
    "duty:plan_detail": [case("district plan", r("plan_detail", "du_plan"), [*SEE_DISTRICT, "deputy"], override=OTHERS_404 | {"deputy": 200})],
    "duty:session_create": [
        case("new session", r("session_create", "du_plan"), ["admin", "office"], override={"wjj_staff": 404, "wjj_liaison": 404}),
    ],
    "duty:session_detail": [case("session", r("session_detail", "du_session"), [*SEE_DISTRICT, "deputy"],
                                 override={"wjj_staff": 404, "wjj_liaison": 404})],  # fmt: skip
    "duty:session_action": [
        post("record again", r("session_action", "du_session", "record"), ["admin", "office"],
             data=lambda w: {"present": [w.own_deputy.pk], "summary": "矩阵"},
             override={"wjj_staff": 404, "wjj_liaison": 404}),  # fmt: skip
    ],
    "duty:report_list": [case("reports", r("report_list"), WITH_DEPUTY)],
    "duty:report_create": [
        case("new report at wjj", lambda w: reverse("duty:report_create") + f"?station={w.du_station.pk}",
             ["admin", "office", "wjj_staff", "wjj_liaison"]),  # fmt: skip
    ],
    "duty:report_detail": [
        case("own report", r("report_detail", "du_report"), WITH_DEPUTY),
        case("xc report", r("report_detail", "du_xc_report"), SEE_DISTRICT, override=OTHERS_404),
    ],
    "duty:report_action": [
        post("cancel ahead", r("report_action", "du_ahead", "cancel"), ["admin", "office", "wjj_staff", "wjj_liaison"],
             data=lambda w: {"reason": "改期"}),  # fmt: skip
    ],
    "duty:self_list": [
        case("self reports", r("self_list"), [*SEE_DISTRICT, "wjj_staff", "deputy"]),
        case("self reports export", lambda w: reverse("duty:self_list") + "?export=xlsx", [*SEE_DISTRICT, "wjj_staff", "deputy"]),
    ],
    "duty:self_create": [case("report an activity", r("self_create"), ["deputy"])],
    "duty:self_detail": [case("confirmed", r("self_detail", "du_confirmed"), [*SEE_DISTRICT, "wjj_staff", "deputy"])],
    "duty:self_action": [
        post("confirm waiting", r("self_action", "du_waiting", "confirm"), ["admin", "office"]),
    ],
    "duty:evidence": [
        Case("evidence", _evidence_url,
             dict.fromkeys([*SEE_DISTRICT, "wjj_staff", "deputy"], 200), 404),  # fmt: skip
    ],
    "duty:scan": [case("scanner", r("scan"), ["deputy"])],
}

API = {
    ("get", f"{BASE}/topics"): [api_case("topics", lambda w: f"{BASE}/topics", WITH_DEPUTY)],
    ("post", f"{BASE}/topics"): [
        api_case("new topic", lambda w: f"{BASE}/topics", ["admin", "office"], method="post",
                 data=lambda w: {"congress_id": w.du_district.pk, "year": 2018, "quarter": 3, "title": "接口新主题"}),  # fmt: skip
    ],
    ("get", f"{BASE}/topics/{{topic_id}}"): [api_case("topic", lambda w: f"{BASE}/topics/{w.du_topic.pk}", WITH_DEPUTY)],
    ("post", f"{BASE}/topics/{{topic_id}}/actions"): [
        api_case("send", lambda w: f"{BASE}/topics/{w.du_draft_topic.pk}/actions", ["admin", "office"], method="post",
                 data=lambda w: {"action": "send"}),  # fmt: skip
    ],
    ("get", f"{BASE}/activities"): [api_case("activities", lambda w: f"{BASE}/activities", WITH_DEPUTY)],
    ("post", f"{BASE}/activities"): [
        api_case("plan an activity", lambda w: f"{BASE}/activities", ["admin", "office", "wjj_staff", "deputy"], method="post",
                 data=lambda w: {"group_id": w.du_wjj_activity.group_id, "title": "接口活动", "date": "2017-12-20"}),  # fmt: skip
    ],
    ("get", f"{BASE}/activities/{{activity_id}}"): [
        api_case("wjj activity", lambda w: f"{BASE}/activities/{w.du_wjj_activity.pk}", WITH_DEPUTY),
        api_case("xc activity", lambda w: f"{BASE}/activities/{w.du_xc_activity.pk}", SEE_DISTRICT, override=OTHERS_404),
    ],
    ("post", f"{BASE}/activities/{{activity_id}}/actions"): [
        api_case("record", lambda w: f"{BASE}/activities/{w.du_planned.pk}/actions", ["admin", "office", "wjj_staff", "deputy"],
                 method="post", data=lambda w: {"action": "record", "participant_ids": [w.own_deputy.pk], "findings": "接口记录"}),  # fmt: skip
    ],
    ("get", f"{BASE}/contacts"): [api_case("contacts", lambda w: f"{BASE}/contacts", WITH_DEPUTY)],
    ("post", f"{BASE}/contacts"): [
        api_case("log a contact", lambda w: f"{BASE}/contacts", ["admin", "office", "leader"], other=404, method="post",
                 data=lambda w: {"assignment_id": w.du_assignment.pk, "date": "2017-08-01", "manner": "visit", "opinions": "接口"},
                 override={"edu_clerk": 404}),  # fmt: skip
    ],
    ("get", f"{BASE}/contacts/{{contact_id}}"): [
        api_case("leader's contact", lambda w: f"{BASE}/contacts/{w.du_contact.pk}", SEE_WJJ, override={"deputy": 404}),
    ],
    ("post", f"{BASE}/contacts/{{contact_id}}/actions"): [
        api_case("follow up", lambda w: f"{BASE}/contacts/{w.du_contact.pk}/actions", ["admin", "office", "leader"], method="post",
                 data=lambda w: {"action": "follow_up", "result": "已办结"}, override={"deputy": 404}),  # fmt: skip
    ],
    ("get", f"{BASE}/training/plans"): [api_case("plans", lambda w: f"{BASE}/training/plans", WITH_DEPUTY)],
    ("post", f"{BASE}/training/plans"): [
        api_case("new plan", lambda w: f"{BASE}/training/plans", ["admin", "office"], method="post",
                 data=lambda w: {"congress_id": w.du_district.pk, "year": 2018, "title": "接口培训计划"}),  # fmt: skip
    ],
    ("get", f"{BASE}/training/plans/{{plan_id}}"): [
        api_case("district plan", lambda w: f"{BASE}/training/plans/{w.du_plan.pk}", [*SEE_DISTRICT, "deputy"],
                 override={"wjj_staff": 404, "wjj_liaison": 404}),  # fmt: skip
    ],
    ("post", f"{BASE}/training/plans/{{plan_id}}/sessions"): [
        api_case("new session", lambda w: f"{BASE}/training/plans/{w.du_plan.pk}/sessions", ["admin", "office"], method="post",
                 data=lambda w: {"title": "接口培训", "date": "2018-02-01", "deputy_ids": [w.own_deputy.pk]},
                 override={"wjj_staff": 404, "wjj_liaison": 404}),  # fmt: skip
    ],
    ("get", f"{BASE}/training/sessions/{{session_id}}"): [
        api_case("session", lambda w: f"{BASE}/training/sessions/{w.du_session.pk}", [*SEE_DISTRICT, "deputy"],
                 override={"wjj_staff": 404, "wjj_liaison": 404}),  # fmt: skip
    ],
    ("post", f"{BASE}/training/sessions/{{session_id}}/actions"): [
        api_case("record", lambda w: f"{BASE}/training/sessions/{w.du_session.pk}/actions", ["admin", "office"], method="post",
                 data=lambda w: {"action": "record", "present_ids": [w.own_deputy.pk]},
                 override={"wjj_staff": 404, "wjj_liaison": 404}),  # fmt: skip
    ],
    ("get", f"{BASE}/reports"): [api_case("reports", lambda w: f"{BASE}/reports", WITH_DEPUTY)],
    ("post", f"{BASE}/reports"): [
        api_case("schedule", lambda w: f"{BASE}/reports", ["admin", "office", "wjj_staff", "wjj_liaison"], method="post",
                 data=lambda w: {"deputy_id": w.own_deputy.pk, "station_id": w.du_station.pk,
                                 "date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(), "title": "接口述职"}),  # fmt: skip
    ],
    ("get", f"{BASE}/reports/{{report_id}}"): [
        api_case("own report", lambda w: f"{BASE}/reports/{w.du_report.pk}", WITH_DEPUTY),
        api_case("xc report", lambda w: f"{BASE}/reports/{w.du_xc_report.pk}", SEE_DISTRICT, override=OTHERS_404),
    ],
    ("post", f"{BASE}/reports/{{report_id}}/actions"): [
        api_case("cancel", lambda w: f"{BASE}/reports/{w.du_ahead.pk}/actions", ["admin", "office", "wjj_staff", "wjj_liaison"],
                 method="post", data=lambda w: {"action": "cancel", "reason": "改期"}),  # fmt: skip
    ],
    ("get", f"{BASE}/self-reports"): [api_case("self reports", lambda w: f"{BASE}/self-reports", [*SEE_DISTRICT, "wjj_staff", "deputy"])],
    ("post", f"{BASE}/self-reports"): [
        multipart("report with evidence", lambda w: f"{BASE}/self-reports", ["deputy"],
                  data=lambda w: {"deputy_id": w.own_deputy.pk, "kind": "visit", "date": timezone.localdate().isoformat(),
                                  "title": "接口走访", "text": "走访选民", "files": png()}),  # fmt: skip
    ],
    ("get", f"{BASE}/self-reports/{{report_id}}"): [
        api_case("confirmed", lambda w: f"{BASE}/self-reports/{w.du_confirmed.pk}", [*SEE_DISTRICT, "wjj_staff", "deputy"]),
    ],
    ("post", f"{BASE}/self-reports/{{report_id}}/actions"): [
        api_case("confirm", lambda w: f"{BASE}/self-reports/{w.du_waiting.pk}/actions", ["admin", "office"], method="post",
                 data=lambda w: {"action": "confirm"}),  # fmt: skip
    ],
    ("post", f"{BASE}/self-reports/{{report_id}}/evidence"): [
        multipart("add evidence", lambda w: f"{BASE}/self-reports/{w.du_waiting.pk}/evidence", ["deputy"],
                  data=lambda w: {"files": png()}),  # fmt: skip
    ],
}

for _cases in [*PAGES.values(), *API.values()]:
    for _case in _cases:
        _case.label = f"duty {_case.label}"
