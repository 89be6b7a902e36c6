"""The duty app's services on factory rows: who may do what, what each write records (audit, notices), refusals
that change nothing, retries that change nothing twice."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import override
from PIL import Image

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent, Notice
from renda.org.tests.factories import scope_of

from .. import services
from ..lifecycles import ACTIVITY, SELF_REPORT
from ..models import ContactLog, Evidence, GroupActivity, SelfReport, Topic, TrainingAttendance, VoterReport
from .factories import SelfReportFactory, Setting, TrainingPlanFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def w():
    return Setting.build()


@pytest.fixture(autouse=True)
def _english():
    with override("en"):
        yield


def events(action: str, obj) -> int:
    return AuditEvent.objects.filter(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)).count()


def png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# --- topics and group activities ---------------------------------------------------------------------------------
def test_a_topic_is_sent_to_the_groups_and_their_deputies_are_told(w):
    scope = scope_of(w.office)
    topic = services.topic_create(actor=w.office, scope=scope, congress=w.congress, year=2017, quarter=2, title="调研学前教育")
    assert list(topic.groups.all()) == [w.group]  # every group of the congress when none are named
    again = services.topic_create(actor=w.office, scope=scope, congress=w.congress, year=2017, quarter=2, title="调研学前教育")
    assert again.pk == topic.pk and Topic.objects.filter(title="调研学前教育").count() == 1
    sent = services.topic_send(actor=w.office, scope=scope, topic=topic, on=D(2017, 4, 5))
    assert sent.state == Topic.State.SENT and sent.sent_on == D(2017, 4, 5)
    assert Notice.objects.filter(kind="duty.topic", user=w.deputy_user).count() == 1
    services.topic_send(actor=w.office, scope=scope, topic=topic)  # a retry: nothing twice
    assert Notice.objects.filter(kind="duty.topic", user=w.deputy_user).count() == 1
    assert events("topic.send", topic) == 1


def test_town_staff_propose_no_topics_to_the_district_groups(w):
    with pytest.raises(NotPermitted):
        services.topic_create(actor=w.town_staff, scope=scope_of(w.town_staff), congress=w.congress, year=2017, quarter=1,
                              title="越权")  # fmt: skip
    assert not Topic.objects.filter(title="越权").exists()


def test_a_group_member_records_the_groups_activity_and_staff_record_its_outcome(w):
    deputy = scope_of(w.deputy_user)
    activity = services.activity_create(actor=w.deputy_user, scope=deputy, group=w.group, title="河道视察", date=D(2017, 3, 30))
    record = services.activity_record(actor=w.deputy_user, scope=deputy, activity=activity, participants=w.deputies[:2],
                                      findings="两处直排口", suggestions="截污纳管")  # fmt: skip
    assert record.state == GroupActivity.State.HELD
    assert sorted(record.participations.values_list("deputy_id", flat=True)) == sorted(d.pk for d in w.deputies[:2])
    with pytest.raises(NotPermitted):  # the outcome is for staff
        services.activity_close(actor=w.deputy_user, scope=deputy, activity=record, outcome="已整改")
    closed = services.activity_close(actor=w.town_staff, scope=scope_of(w.town_staff), activity=record, outcome="已整改")
    assert closed.state == GroupActivity.State.CLOSED and closed.outcome == "已整改"
    assert events("group_activity.record", record) == 1 and events("group_activity.close", record) == 1


def test_only_the_groups_deputies_take_part_and_only_after_the_day(w):
    scope = scope_of(w.office)
    activity = services.activity_create(actor=w.office, scope=scope, group=w.group, title="暗访", date=D(2017, 6, 9))
    with pytest.raises(DomainError):
        services.activity_record(actor=w.office, scope=scope, activity=activity, participants=[w.outsider], findings="x")
    future = services.activity_create(actor=w.office, scope=scope, group=w.group, title="将来",
                                      date=timezone.localdate() + datetime.timedelta(days=3))  # fmt: skip
    with pytest.raises(InvalidTransition):
        services.activity_record(actor=w.office, scope=scope, activity=future, participants=w.deputies[:1], findings="x")
    assert not ACTIVITY.allowed(future, scope, "record")  # the button is not offered either
    assert future.participations.count() == 0
    with pytest.raises(NotPermitted):  # another town's staff
        services.activity_create(actor=w.other_staff, scope=scope_of(w.other_staff), group=w.group, title="x", date=D(2017, 1, 1))


# --- contacts -----------------------------------------------------------------------------------------------------
def test_a_member_logs_contacts_with_the_deputies_assigned_to_them(w):
    scope = scope_of(w.member_user)
    a = w.assignments[0]
    log = services.contact_log_create(actor=w.member_user, scope=scope, assignment=a, date=D(2017, 5, 25), manner="visit",
                                      opinions="建议加快农村公路提档升级", follow_up="转交区交通运输局", client_token="t1")  # fmt: skip
    assert log.deputy_id == a.deputy_id and log.region_id == a.deputy.region_id
    again = services.contact_log_create(actor=w.member_user, scope=scope, assignment=a, date=D(2017, 5, 25), manner="visit",
                                        opinions="建议加快农村公路提档升级", client_token="t1")  # fmt: skip
    assert again.pk == log.pk and ContactLog.objects.filter(assignment=a).count() == 1
    done = services.contact_follow_up(actor=w.member_user, scope=scope, log=log, result="已列入年度计划", on=D(2017, 7, 1))
    assert done.followed_up_on == D(2017, 7, 1)
    with pytest.raises(DomainError):
        services.contact_follow_up(actor=w.member_user, scope=scope, log=log, result="另一个结果")
    with pytest.raises(NotPermitted):  # town staff keep no standing committee's log
        services.contact_log_create(actor=w.town_staff, scope=scope_of(w.town_staff), assignment=a, date=D(2017, 5, 25),
                                    manner="visit", opinions="x")  # fmt: skip
    with pytest.raises(DomainError):
        services.contact_log_create(actor=w.office, scope=scope_of(w.office), assignment=a, manner="visit", opinions="x",
                                    date=timezone.localdate() + datetime.timedelta(days=1))  # fmt: skip


# --- training -----------------------------------------------------------------------------------------------------
def test_new_deputies_are_invited_and_their_attendance_recorded(w):
    scope = scope_of(w.office)
    plan = services.plan_create(actor=w.office, scope=scope, congress=w.congress, year=2017, title="新任代表培训",
                                for_new_deputies=True)  # fmt: skip
    session = services.session_create(actor=w.office, scope=scope, plan=plan, title="代表法", date=D(2017, 2, 16), hours=3)
    invited = set(session.attendance.values_list("deputy_id", flat=True))
    assert w.deputies[2].pk not in invited  # re-elected: not a new deputy
    assert {w.deputies[0].pk, w.deputies[1].pk} <= invited
    assert Notice.objects.filter(kind="duty.training", user=w.deputy_user).exists()
    services.session_record(actor=w.office, scope=scope, session=session, present=[w.deputies[0].pk], leave=[w.deputies[1].pk])
    statuses = dict(session.attendance.values_list("deputy_id", "status"))
    assert statuses[w.deputies[0].pk] == TrainingAttendance.Status.PRESENT
    assert statuses[w.deputies[1].pk] == TrainingAttendance.Status.LEAVE
    assert statuses[w.outsider.pk] == TrainingAttendance.Status.ABSENT
    with pytest.raises(DomainError):  # not invited
        services.session_record(actor=w.office, scope=scope, session=session, present=[w.deputies[2].pk])


def test_a_session_ahead_cannot_be_recorded_and_town_staff_keep_only_their_towns_training(w):
    plan = TrainingPlanFactory(congress=w.congress)
    scope = scope_of(w.office)
    session = services.session_create(actor=w.office, scope=scope, plan=plan, title="将来的培训",
                                      date=timezone.localdate() + datetime.timedelta(days=5))  # fmt: skip
    with pytest.raises(InvalidTransition):
        services.session_record(actor=w.office, scope=scope, session=session, present=[])
    with pytest.raises(NotPermitted):
        services.session_create(actor=w.town_staff, scope=scope_of(w.town_staff), plan=plan, title="x", date=D(2017, 1, 1))
    town_plan = services.plan_create(actor=w.town_staff, scope=scope_of(w.town_staff), congress=w.town_congress, year=2017,
                                     title="镇代表培训")  # fmt: skip
    assert town_plan.region_id == w.town.pk


# --- reports to voters --------------------------------------------------------------------------------------------
def test_a_report_to_voters_is_scheduled_held_and_evaluated(w):
    officer = w.station.officer
    scope = scope_of(officer)
    report = services.report_schedule(actor=officer, scope=scope, deputy=w.deputies[0], station=w.station, date=D(2017, 6, 15),
                                      title="向选民述职")  # fmt: skip
    assert Notice.objects.filter(kind="duty.voter_report", user=w.deputy_user).exists()
    with pytest.raises(DomainError):  # more forms than voters
        services.report_record(actor=officer, scope=scope, report=report, summary="述职", voters_present=10, satisfied=8,
                               basically_satisfied=3, not_satisfied=0)  # fmt: skip
    held = services.report_record(actor=officer, scope=scope, report=report, summary="述职", voters_present=46, satisfied=38,
                                  basically_satisfied=7, not_satisfied=1)  # fmt: skip
    assert held.state == VoterReport.State.HELD and round(held.satisfaction_rate or 0, 3) == round(45 / 46, 3)
    with pytest.raises(NotPermitted):
        services.report_schedule(actor=w.other_staff, scope=scope_of(w.other_staff), deputy=w.deputies[1], station=w.station,
                                 date=D(2017, 7, 1), title="x")  # fmt: skip


# --- self-reported activities -------------------------------------------------------------------------------------
def test_a_deputy_reports_an_activity_with_evidence_and_the_office_confirms_it(w):
    scope = scope_of(w.deputy_user)
    day = timezone.localdate() - datetime.timedelta(days=10)
    report = services.self_report_submit(actor=w.deputy_user, scope=scope, deputy=w.deputies[0], kind="visit", date=day,
                                         title="走访联庄村", text_="了解饮用水安全", files=[png()], client_token="x1")  # fmt: skip
    assert report.state == SelfReport.State.SUBMITTED and report.evidence.count() == 1
    assert services.self_report_submit(actor=w.deputy_user, scope=scope, deputy=w.deputies[0], kind="visit", date=day,
                                       title="走访联庄村", text_="了解饮用水安全", files=[png()], client_token="x1").pk == report.pk  # fmt: skip
    assert Evidence.objects.filter(report=report).count() == 1
    with pytest.raises(NotPermitted):  # town staff do not keep a district deputy's record
        services.self_report_confirm(actor=w.town_staff, scope=scope_of(w.town_staff), report=report)
    with pytest.raises(NotPermitted):  # nor does the deputy confirm his own
        services.self_report_confirm(actor=w.deputy_user, scope=scope, report=report)
    confirmed = services.self_report_confirm(actor=w.office, scope=scope_of(w.office), report=report)
    assert confirmed.state == SelfReport.State.CONFIRMED and confirmed.decided_by == w.office
    assert Notice.objects.filter(kind="duty.self_report", user=w.deputy_user).count() == 1
    assert events("self_report.confirm", report) == 1
    with pytest.raises(InvalidTransition):
        services.self_report_update(actor=w.deputy_user, scope=scope, report=confirmed, kind="visit", date=day, title="改",
                                    text_="改")  # fmt: skip


def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_stored(w):
    scope = scope_of(w.deputy_user)
    fake = SimpleUploadedFile("现场.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(DomainError):
        services.self_report_submit(actor=w.deputy_user, scope=scope, deputy=w.deputies[0], kind="visit",
                                    date=timezone.localdate(), title="假图片", text_="x", files=[fake])  # fmt: skip
    assert not SelfReport.objects.filter(title="假图片").exists()
    with pytest.raises(DomainError):  # not yet happened
        services.self_report_submit(actor=w.deputy_user, scope=scope, deputy=w.deputies[0], kind="visit",
                                    date=timezone.localdate() + datetime.timedelta(days=1), title="将来", text_="x")  # fmt: skip
    with pytest.raises(NotPermitted):  # another deputy's mandate
        services.self_report_submit(actor=w.deputy_user, scope=scope, deputy=w.deputies[1], kind="visit",
                                    date=timezone.localdate(), title="冒名", text_="x")  # fmt: skip


def test_declined_then_corrected_and_submitted_again_or_withdrawn(w):
    report = SelfReportFactory(deputy=w.deputies[0], date=timezone.localdate() - datetime.timedelta(days=3))
    office, deputy = scope_of(w.office), scope_of(w.deputy_user)
    with pytest.raises(DomainError):
        services.self_report_decline(actor=w.office, scope=office, report=report, reason=" ")
    declined = services.self_report_decline(actor=w.office, scope=office, report=report, reason="请补充照片")
    assert declined.reason == "请补充照片"
    assert [a.action for a in SELF_REPORT.available(declined, deputy)] == ["resubmit", "withdraw"]
    assert SELF_REPORT.available(declined, office) == []
    services.evidence_add(actor=w.deputy_user, scope=deputy, report=declined, files=[png("补充.png")])
    again = services.self_report_resubmit(actor=w.deputy_user, scope=deputy, report=declined)
    assert again.state == SelfReport.State.SUBMITTED and again.reason == "" and again.decided_at is None
    gone = services.self_report_withdraw(actor=w.deputy_user, scope=deputy, report=again)
    assert gone.state == SelfReport.State.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.self_report_confirm(actor=w.office, scope=office, report=gone)
