"""The meetings ledger: a past half-year's minutes (meetings, attendance, agenda and the votes' counts) imported
years later through the Excel file of three sheets and through the API. The overview's meeting figures of that
half-year equal an independent count of the rows; an imported deputy's duty archive shows the attendance; a bad
row is listed with its sheet and number and nothing is kept; importing again changes nothing; no ballot is made."""

from __future__ import annotations

import io
import json
import re
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from renda.core.models import AuditEvent, Notice
from renda.ledgers import services
from renda.ledgers.formats import MEETING_COLUMNS, MEETING_SHEETS
from renda.ledgers.models import Batch, Entry, Kind
from renda.meetings.archive import entries as archive_entries
from renda.meetings.models import Attendance, Meeting, Poll, PollBallot, PollVoter
from renda.meetings.results import poll_result
from renda.org.models import Body, Deputy
from renda.org.tests.factories import BodyFactory, MembershipFactory, PersonFactory, scope_of

from .district import build_district

pytestmark = pytest.mark.django_db

COMMITTEE = "测试区人大常委会"
CONGRESS = "测试区人民代表大会"


def ours():
    """The meetings of the test district (the demo district lives in the same database)."""
    return Meeting.objects.filter(body__name__in=[COMMITTEE, CONGRESS])


def minutes_district():
    """The test district with a standing committee of five (quorum 3, a motion passes with 3) beside its congress of
    eight deputies (quorum 6, a motion passes with 5)."""
    d = build_district()
    congress = Deputy.objects.filter(region__path__startswith=d.district.path).first().congress
    congress.name = CONGRESS
    congress.save(update_fields=["name"])
    committee = BodyFactory(congress=congress, name=COMMITTEE, kind=Body.Kind.STANDING_COMMITTEE)
    term = congress.terms.first()
    members = [
        MembershipFactory(body=committee, term=term, person=PersonFactory(name=f"委员{i}", id_number=f"33041119700101{i:04d}"))
        for i in range(1, 6)
    ]
    deputies = list(Deputy.objects.filter(congress=congress).select_related("person").order_by("pk"))
    return d, congress, [m.person for m in members], [x.person for x in deputies]


def ledger(committee_members, deputies):
    """Three sittings in 2019's second half and one in the first: (meetings, attendance, agenda) rows."""
    c, p = committee_members, deputies
    meetings = [
        {"key": "HY-19", "body": COMMITTEE, "kind": "常委会会议", "number": "19", "start_at": "2019-06-20 09:00",
         "end_at": "2019-06-20 11:00"},
        {"key": "HY-20", "body": COMMITTEE, "kind": "常委会会议", "number": "20", "start_at": "2019-08-28 09:00",
         "end_at": "2019-08-28 11:30", "venue": "常委会会议室", "notified_at": "2019-08-21 10:00"},
        {"key": "HY-21", "body": COMMITTEE, "kind": "常委会会议", "number": "21", "start_at": "2019-10-25 14:30",
         "end_at": "2019-10-25 17:00"},
        {"key": "DH-4", "body": "测试区人民代表大会", "kind": "人民代表大会会议", "number": "4",
         "start_at": "2019-12-20 09:00", "end_at": "2019-12-20 16:00", "notified_at": "2019-11-15 09:00"},
    ]  # fmt: skip
    attendance = []
    for m in c:
        attendance.append({"meeting": "HY-19", "name": m.name, "status": "出席", "signed_in_at": "2019-06-20 08:50"})
    for i, m in enumerate(c):
        row = {"meeting": "HY-20", "name": m.name, "id_tail": m.id_number[-4:]}
        row |= {"status": "请假", "leave_reason": "出差"} if i == 4 else {"status": "出席", "signed_in_at": f"2019-08-28 08:4{i}"}
        attendance.append(row)
    attendance.append(
        {"meeting": "HY-20", "name": p[0].name, "role": "列席", "capacity": "区人大代表", "status": "出席",
         "signed_in_at": "2019-08-28 08:55"}
    )  # fmt: skip
    for m in c:
        attendance.append({"meeting": "HY-21", "name": m.name, "status": "出席", "signed_in_at": "2019-10-25 14:20"})
    for i, x in enumerate(p):
        row = {"meeting": "DH-4", "name": x.name}
        if i == 6:
            row |= {"status": "请假", "leave_reason": "因病"}
        elif i == 7:
            row |= {"status": "缺席"}
        else:
            row |= {"status": "出席", "signed_in_at": "2019-12-20 08:30"}
        attendance.append(row)
    agenda = [
        {"meeting": "HY-19", "order": "1", "item_kind": "听取和审议报告", "item_title": "听取和审议区政府关于环境状况的报告"},
        {"meeting": "HY-20", "order": "1", "item_kind": "听取和审议报告", "item_title": "听取和审议上半年计划执行情况的报告"},
        {"meeting": "HY-20", "order": "2", "item_kind": "听取和审议报告", "item_title": "听取和审议审计工作报告"},
        {"meeting": "HY-20", "order": "3", "item_kind": "审查和批准", "item_title": "审查和批准2018年区级决算",
         "vote": "关于批准2018年区级决算的决议", "yes": "4", "no": "0", "abstain": "0", "outcome": "通过",
         "voted_at": "2019-08-28 11:00"},
        {"meeting": "HY-21", "order": "1", "item_kind": "听取和审议报告", "item_title": "听取和审议代表建议办理情况的报告"},
        {"meeting": "DH-4", "order": "1", "item_kind": "通过决议", "item_title": "关于召开区人代会的决定",
         "vote": "关于召开区人代会的决定", "yes": "5", "no": "1", "abstain": "0", "outcome": "通过"},
        {"meeting": "DH-4", "order": "2", "item_kind": "选举", "item_title": "补选区人大常委会委员",
         "vote": "补选常委会委员", "candidate": "甲候选人", "yes": "6", "no": "0", "abstain": "0", "outcome": "当选"},
        {"meeting": "DH-4", "order": "2", "item_kind": "选举", "item_title": "补选区人大常委会委员",
         "vote": "补选常委会委员", "candidate": "乙候选人", "yes": "2", "no": "3", "abstain": "1", "outcome": "未当选"},
    ]  # fmt: skip
    return meetings, attendance, agenda


def workbook(meetings, attendance, agenda) -> bytes:
    book = Workbook()
    first = book.active
    first.title = "会议"
    sheets = [(first, MEETING_COLUMNS, meetings)]
    for field, (title, columns) in MEETING_SHEETS.items():
        sheets.append((book.create_sheet(title), columns, {"attendance": attendance, "agenda": agenda}[field]))
    for sheet, columns, rows in sheets:
        sheet.append([c.header for c in columns])
        for row in rows:
            sheet.append([row.get(c.field, "") for c in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_past_half_year_of_minutes_gives_the_overviews_meeting_figures(client):
    d, congress, members, deputies = minutes_district()
    meetings, attendance, agenda = ledger(members, deputies)
    client.force_login(d.office)
    data = workbook(meetings, attendance, agenda)
    preview = client.post(reverse("ledgers:import", args=[Kind.MEETINGS]), {"file": SimpleUploadedFile("会议台账.xlsx", data)})
    assert preview.status_code == 200, re.findall(r"<td>[^<]*</td>", preview.content.decode())[:12]
    assert not ours().exists()  # a preview keeps nothing
    notices = Notice.objects.count()
    upload = re.search(rb'name="upload" value="(\d+)"', preview.content)
    assert upload
    done = client.post(reverse("ledgers:commit", args=[Kind.MEETINGS]), {"upload": upload.group(1).decode()})
    assert done.status_code == 302, done.content.decode()[-2000:]
    batch = Batch.objects.get(pk=int(done.url.rstrip("/").split("/")[-1]))
    assert (batch.kind, batch.created) == (Kind.MEETINGS, 4)

    # the independent count of the rows of 2019's second half
    h2 = [m for m in meetings if "2019-07-01" <= m["start_at"][:10] <= "2019-12-31"]
    kinds = Counter({"常委会会议": "standing_committee", "人民代表大会会议": "congress"}[m["kind"]] for m in h2)
    h2_keys = {m["key"] for m in h2}
    committee_keys = {m["key"] for m in h2 if m["kind"] == "常委会会议"}
    reports = {
        (a["meeting"], a["order"]) for a in agenda if a["meeting"] in committee_keys and a["item_kind"] == "听取和审议报告"
    }
    expected = {"meetings_standing_committee": kinds["standing_committee"], "meetings_congress": kinds["congress"],
                "reports_heard": len(reports)}  # fmt: skip
    answer = client.get("/api/overview", {"year": 2019, "half": 2})
    figures = {f["key"]: f for f in answer.json()["figures"]}
    assert (
        {k: figures[k]["value"] for k in expected}
        == expected
        == {
            "meetings_standing_committee": 2,
            "meetings_congress": 1,
            "reports_heard": 3,
        }
    )
    for key, value in expected.items():  # each figure's link lists exactly those records
        listing = client.get(figures[key]["url"])
        m = re.search(rb'data-testid="result-count">\D*([\d,]+)', listing.content)
        assert m and int(m.group(1).replace(b",", b"")) == value, key

    # attendance as the minutes record it, at its times; the votes' results from the counts, with no ballot
    held = ours().filter(start_date__gte="2019-07-01")
    present = Attendance.objects.filter(meeting__in=held, status=Attendance.Status.PRESENT).count()
    assert present == sum(1 for a in attendance if a["meeting"] in h2_keys and a["status"] == "出席")
    assert Attendance.objects.filter(meeting__in=held, status=Attendance.Status.LEAVE).count() == 2
    assert Attendance.objects.filter(meeting__in=held, status=Attendance.Status.ABSENT).count() == 1
    assert set(ours().values_list("state", flat=True)) == {Meeting.State.CLOSED}
    polls = list(Poll.objects.filter(meeting__in=ours()).order_by("pk"))
    assert len(polls) == 3
    assert not PollBallot.objects.filter(poll__in=polls).exists() and not PollVoter.objects.filter(poll__in=polls).exists()
    election = next(p for p in polls if p.matter == Poll.Matter.ELECTION)
    assert [(o.text, o.passed) for o in poll_result(election).options] == [("甲候选人", True), ("乙候选人", False)]
    assert AuditEvent.objects.filter(action="poll.record_minutes", object_id__in=[str(p.pk) for p in polls]).count() == 3
    assert Notice.objects.count() == notices  # the past's people were told then

    # the duty archive of an imported deputy (its meetings part): present at the session, another on leave
    on_leave = Deputy.objects.get(congress=congress, person=deputies[6])
    kinds_of = Counter(e.kind for e in archive_entries(Deputy.objects.get(congress=congress, person=deputies[0]), 2019))
    assert kinds_of["session_present"] == 1 and kinds_of["meeting_present"] == 1  # the 列席 at meeting 20
    assert Counter(e.kind for e in archive_entries(on_leave, 2019))["session_leave"] == 1

    # the same file again changes nothing
    again = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.MEETINGS, data=data, file_name="会议台账.xlsx", commit=True
    )
    assert (again.created, again.unchanged, again.errors) == (0, 4, [])
    assert (ours().count(), Poll.objects.filter(meeting__in=ours()).count()) == (4, 3)
    assert Entry.objects.filter(kind=Kind.MEETINGS).count() == 4


def test_every_bad_row_is_listed_with_its_sheet_and_nothing_is_kept(client):
    d, _congress, members, deputies = minutes_district()
    meetings, attendance, agenda = ledger(members, deputies)
    attendance[0] = dict(attendance[0], status="迟到")  # not a status
    attendance.append({"meeting": "HY-99", "name": members[0].name, "status": "出席"})  # no such meeting
    agenda[3] = dict(agenda[3], yes="2", no="2")  # the minutes say adopted; 2 of 5 is not
    outcome = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.MEETINGS, data=workbook(meetings, attendance, agenda),
        file_name="坏.xlsx", commit=True,
    )  # fmt: skip
    assert not outcome.committed
    listed = {(e.sheet, e.row) for e in outcome.errors}
    assert {("出席情况", 2), ("出席情况", len(attendance) + 1), ("议程和表决", 5)} <= listed
    assert ("", 2) in listed and ("", 3) in listed  # the meetings those rows belong to
    assert not ours().exists() and not Batch.objects.filter(kind=Kind.MEETINGS).exists()


def test_a_sitting_without_its_quorum_is_refused(client):
    d, _congress, members, deputies = minutes_district()
    meetings, attendance, agenda = ledger(members, deputies)
    rows = [dict(a, status="缺席", signed_in_at="") if a["meeting"] == "HY-21" and a["name"] in {m.name for m in members[:3]} else a
            for a in attendance]  # fmt: skip
    outcome = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.MEETINGS, data=workbook(meetings, rows, agenda),
        file_name="q.xlsx", commit=False,
    )  # fmt: skip
    assert [e.row for e in outcome.errors] == [4]
    assert "quorum" in " ".join(outcome.errors[0].messages) or "法定" in " ".join(outcome.errors[0].messages)


def test_a_town_cannot_import_the_districts_meetings(client):
    d, _congress, members, deputies = minutes_district()
    meetings, attendance, agenda = ledger(members, deputies)
    outcome = services.ledger_import_file(
        actor=d.town_staff, scope=scope_of(d.town_staff), kind=Kind.MEETINGS,
        data=workbook(meetings[:1], attendance[:5], agenda[:1]), file_name="t.xlsx", commit=True,
    )  # fmt: skip
    assert not outcome.committed and [e.row for e in outcome.errors] == [2]


def test_the_api_imports_the_same_minutes(client):
    d, _congress, members, deputies = minutes_district()
    meetings, attendance, agenda = ledger(members, deputies)
    statuses = {"出席": "present", "请假": "leave", "缺席": "absent"}
    items = {"听取和审议报告": "hear_report", "审查和批准": "examine_approve", "通过决议": "resolution", "选举": "election"}
    rows = []
    for m in meetings[1:2]:
        row = {k: v for k, v in m.items() if v} | {"kind": "standing_committee", "number": int(m["number"])}
        row["attendance"] = [
            {k: v for k, v in a.items() if v and k != "meeting"}
            | {"status": statuses[a["status"]], **({"role": "non_voting"} if a.get("role") else {})}
            for a in attendance
            if a["meeting"] == m["key"]
        ]
        row["agenda"] = [
            {k: v for k, v in g.items() if v and k not in {"meeting", "outcome"}}
            | {"order": int(g["order"]), "item_kind": items[g["item_kind"]]}
            | ({"outcome": g["outcome"] in {"通过", "当选"}} if g.get("outcome") else {})
            for g in agenda
            if g["meeting"] == m["key"]
        ]
        rows.append(row)
    client.force_login(d.office)
    url = "/api/ledgers/meetings"
    preview = client.post(url, json.dumps({"rows": rows}), content_type="application/json")
    assert preview.status_code == 200 and preview.json()["created"] == 1, preview.content
    bad = json.loads(json.dumps(rows))
    bad[0]["agenda"][2]["yes"] = 2
    refused = client.post(url, json.dumps({"rows": bad, "commit": True}), content_type="application/json")
    assert refused.status_code == 409
    assert [(e["sheet"], e["row"]) for e in refused.json()["errors"]] == [("", 1), ("议程和表决", 3)]
    done = client.post(url, json.dumps({"rows": rows, "commit": True}), content_type="application/json")
    assert done.status_code == 200 and done.json()["committed"], done.content
    assert ours().get().attendances.filter(status=Attendance.Status.PRESENT).count() == 5


def test_the_template_has_three_sheets_with_the_importers_bodies():
    d, _congress, _members, _deputies = minutes_district()
    book = load_workbook(io.BytesIO(services.ledger_template(scope=scope_of(d.office), kind=Kind.MEETINGS)))
    assert book.sheetnames[:3] == ["会议", "出席情况", "议程和表决"] and "说明" in book.sheetnames
    assert [c.value for c in book["出席情况"][1]] == [c.header for c in MEETING_SHEETS["attendance"][1]]
    lists = book["lists"]
    bodies = {c.value for c in list(lists.columns)[[c.field for c in MEETING_COLUMNS].index("body")] if c.value}
    assert {COMMITTEE, CONGRESS} <= bodies
    assert all(n.startswith("测试") for n in bodies)  # the district's own bodies, not the demo's
    statuses = {dv.formula1 for dv in book["出席情况"].data_validations.dataValidation}
    assert len(statuses) == 2  # 身份 and 出席情况


def test_a_file_without_the_attendance_sheet_is_refused_as_a_file():
    d, _congress, members, deputies = minutes_district()
    meetings, _attendance, _agenda = ledger(members, deputies)
    book = Workbook()
    book.active.title = "会议"
    book.active.append([c.header for c in MEETING_COLUMNS])
    book.active.append([meetings[0].get(c.field, "") for c in MEETING_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = services.ledger_import_file(
        actor=d.office, scope=scope_of(d.office), kind=Kind.MEETINGS, data=buffer.getvalue(), file_name="x.xlsx", commit=False
    )
    assert "出席情况" in outcome.file_error and not outcome.committed
