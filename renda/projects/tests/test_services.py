"""Proposals (public with a phone code, deputies, units), review, progress reports, bulk Excel updates,
supervision, the mid-year report, query counts on lists."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from renda.core import notify
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent
from renda.org.models import Role
from renda.org.tests.factories import UnitFactory, UserFactory, scope_of
from renda.projects import services
from renda.projects.demo import _png
from renda.projects.models import Cycle, Node, ProgressReport, Project, Proposal, SupervisionRecord

from .factories import (
    CandidateFactory,
    CycleFactory,
    NodeFactory,
    ProjectFactory,
    SupervisionGroupFactory,
    deputy_with_login,
    make_town,
    status,
)
from .helpers import ADMIN, TEST


@pytest.fixture
def collecting(db):
    """A town congress's cycle collecting proposals."""
    return CycleFactory(congress=make_town().congress, places=1)


@pytest.fixture
def edu_project(db):
    """A project of a clerk's unit with its results 2 (2.1, 2.3 under it) and 3, and another project of the cycle."""
    project = ProjectFactory()
    two = NodeFactory(project=project, code="2", kind=Node.Kind.SUBPROJECT, weight=3)
    NodeFactory(project=project, code="2.1", parent=two)
    NodeFactory(project=project, code="2.3", parent=two)
    NodeFactory(project=project, code="3")
    ProjectFactory(cycle=project.cycle)
    return project


@pytest.fixture
def clerk(edu_project):
    return UserFactory(grants=[(Role.UNIT_CLERK, {"unit": edu_project.unit})])


def _code(phone):
    return re.search(r"(\d{6})", [t for p, t in notify.outbox if p == phone][-1]).group(1)


def test_public_proposal_with_phone_code(collecting, django_capture_on_commit_callbacks, settings):
    settings.RENDA_SMS_BACKEND = "renda.core.notify.MemorySmsBackend"
    notify.outbox.clear()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/projects/public/propose/", {"cycle": collecting.pk, "phone": "13905730000", "step": "code", "token": "t1"}
        )
    assert response.status_code == 200
    code = _code("13905730000")
    data = {
        "cycle": collecting.pk,
        "name": "张三",
        "phone": "13905730000",
        "title": "村口路灯",
        "description": "夜间照明",
        "token": "t1",
    }
    wrong = client.post(
        "/projects/public/propose/", {**data, "code": "000000" if code != "000000" else "111111", "step": "submit"}
    )
    assert wrong.status_code == 400 and not Proposal.objects.filter(token="t1").exists()
    ok = client.post("/projects/public/propose/", {**data, "code": code, "step": "submit"})
    assert ok.status_code == 200
    again = client.post("/projects/public/propose/", {**data, "code": code, "step": "submit"})  # double submit
    assert again.status_code == 200
    proposal = Proposal.objects.get(token="t1")
    assert (proposal.source, proposal.state, proposal.cycle_id) == ("public", "submitted", collecting.pk)
    event = AuditEvent.objects.filter(action="projects.proposal.submit", object_id=str(proposal.pk)).get()
    assert "13905730000" not in str(event.after)  # the phone is masked in the trail
    # The code is used up: a new proposal with it fails.
    with pytest.raises(DomainError):
        services.proposal_submit_public(
            cycle=collecting, code=code, **{k: data[k] for k in ("name", "phone", "title", "description")}, token="t2"
        )


def test_phone_code_attempts_are_limited(collecting, django_capture_on_commit_callbacks, settings):
    settings.RENDA_SMS_BACKEND = "renda.core.notify.MemorySmsBackend"
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_code_request(cycle=collecting, phone="13905731111")
    code = _code("13905731111")
    bad = "000000" if code != "000000" else "111111"
    kwargs = {"cycle": collecting, "name": "李四", "phone": "13905731111", "title": "t", "description": "d"}
    for i in range(5):
        with pytest.raises(DomainError):
            services.proposal_submit_public(code=bad, token=f"x{i}", **kwargs)
    with pytest.raises(DomainError):
        services.proposal_submit_public(code=code, token="x9", **kwargs)  # void after five wrong tries
    with pytest.raises(DomainError, match="11"):
        services.proposal_code_request(cycle=collecting, phone="12345")


def test_deputy_and_unit_proposals_then_shortlist_and_review(db):
    town = make_town()
    cycle = CycleFactory(congress=town.congress, places=1)
    _deputy, deputy = deputy_with_login(town.congress)
    p1 = services.proposal_submit(
        actor=deputy, scope=scope_of(deputy), cycle=cycle, title="农村公厕改造", description="全镇改造", token="d1"
    )
    assert p1.source == "deputy" and p1.person_id == deputy.person.pk
    assert (
        services.proposal_submit(actor=deputy, scope=scope_of(deputy), cycle=cycle, title="x", description="y", token="d1") == p1
    )
    unit = UnitFactory(region=town.district)
    clerk = UserFactory(grants=[(Role.UNIT_CLERK, {"unit": unit})])
    p2 = services.proposal_submit(actor=clerk, scope=scope_of(clerk), cycle=cycle, title="校园食堂改造", description="两所学校")
    assert p2.source == "unit" and p2.unit == unit
    leader = UserFactory(grants=[(Role.LEADER, {"region": town.district})])
    with pytest.raises(NotPermitted):
        services.proposal_submit(actor=leader, scope=scope_of(leader), cycle=cycle, title="a", description="b")
    staff = UserFactory(grants=[(Role.TOWN, {"region": town.region})])
    with pytest.raises(DomainError):
        services.proposal_decide(actor=staff, scope=scope_of(staff), proposal=p1, decision="shortlist", reason=" ")
    services.proposal_decide(actor=staff, scope=scope_of(staff), proposal=p1, decision="shortlist", reason="符合条件")
    office = UserFactory(grants=[(Role.OFFICE, {"region": town.district})])
    with pytest.raises(NotPermitted):
        services.proposal_decide(actor=office, scope=scope_of(office), proposal=p2, decision="decline", reason="r")
    services.cycle_transition(actor=staff, scope=scope_of(staff), cycle=cycle, action="close_proposals")
    with pytest.raises(InvalidTransition):
        services.proposal_submit(actor=deputy, scope=scope_of(deputy), cycle=cycle, title="迟到", description="d")
    # Review needs more candidates than places.
    with pytest.raises(DomainError, match="more candidates than places"):
        services.cycle_transition(
            actor=staff, scope=scope_of(staff), cycle=cycle, action="review", review_body=town.presidium, note="同意"
        )


def test_candidate_list_locks_after_review(db):
    town = make_town()
    cycle = CycleFactory(congress=town.congress, places=2, state=Cycle.State.LISTING)
    for _n in range(3):
        CandidateFactory(cycle=cycle)
    services.cycle_transition(actor=TEST, scope=ADMIN, cycle=cycle, action="review", review_body=town.presidium, note="同意")
    with pytest.raises(InvalidTransition):
        services.candidate_add(
            actor=TEST,
            scope=ADMIN,
            cycle=cycle,
            title="新增",
            cost=1,
            funding="f",
            unit=UnitFactory(region=town.region),
            deadline=datetime.date(cycle.year, 12, 31),
        )


def test_unit_clerk_reports_on_own_projects_only_and_progress_rolls_up(edu_project, clerk):
    scope = scope_of(clerk)
    other = Project.objects.filter(cycle=edu_project.cycle).exclude(unit=edu_project.unit).first()
    with pytest.raises(NotPermitted):
        services.report_add(actor=clerk, scope=scope, project=other, text="x", on=datetime.date(2017, 12, 1))
    acceptance = edu_project.nodes.get(code="3")
    done = status("done")
    photo = SimpleUploadedFile("site.png", _png((40, 120, 60)), content_type="image/png")  # a real image: checked by content
    report = services.report_add(
        actor=clerk,
        scope=scope,
        project=edu_project,
        text="通过验收",
        on=datetime.date(2017, 12, 20),
        node=acceptance,
        status=done,
        files=[photo],
        token="r1",
    )
    assert report.attachments.get().kind == "photo"
    assert (
        services.report_add(
            actor=clerk, scope=scope, project=edu_project, text="again", on=datetime.date(2017, 12, 20), token="r1"
        )
        == report
    )
    acceptance.refresh_from_db()
    assert acceptance.status == done and acceptance.progress is None
    with pytest.raises(DomainError, match="0 to 100"):
        services.report_add(
            actor=clerk,
            scope=scope,
            project=edu_project,
            text="x",
            on=datetime.date(2017, 12, 1),
            node=acceptance,
            progress="120",
        )
    with pytest.raises(DomainError):  # a parent's progress is rolled up, never set
        services.report_add(
            actor=clerk,
            scope=scope,
            project=edu_project,
            text="x",
            on=datetime.date(2017, 12, 1),
            node=edu_project.nodes.get(code="2"),
            progress="50",
        )
    client = Client()
    client.force_login(clerk)
    page = client.get(f"/projects/{edu_project.pk}/")
    assert page.status_code == 200 and "通过验收" in page.content.decode()


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(services.BULK_HEADERS)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_bulk_update_rejects_the_file_naming_the_bad_row(edu_project, clerk):
    status("done")  # the statuses of the rule exist
    other = Project.objects.filter(cycle=edu_project.cycle).exclude(unit=edu_project.unit).first()
    before = ProgressReport.objects.count()
    good = [edu_project.pk, "2.3", "已完成", "", "2017-12-01", "配套设施完成"]
    for bad, message in [
        ([other.pk, "2.3", "已完成", "", "2017-12-01", "x"], "Row 3"),
        ([edu_project.pk, "9.9", "已完成", "", "2017-12-01", "x"], "Row 3"),
        ([edu_project.pk, "3", "未知状态", "", "2017-12-01", "x"], "Row 3"),
        ([edu_project.pk, "3", "", "150", "2017-12-01", "x"], "Row 3"),
        ([edu_project.pk, "3", "", "", "2017/12/01", "x"], "Row 3"),
    ]:
        with pytest.raises(DomainError, match=message):
            services.bulk_update(actor=clerk, scope=scope_of(clerk), data=_xlsx([good, bad]))
    assert ProgressReport.objects.count() == before
    reports = services.bulk_update(
        actor=clerk, scope=scope_of(clerk), data=_xlsx([good, [edu_project.pk, "3", "实施中", "35", "2017-12-02", "验收准备"]])
    )
    assert len(reports) == 2
    node = Node.objects.get(project=edu_project, code="3")
    assert node.status.key == "in_progress" and node.progress == 35
    client = Client()
    client.force_login(clerk)
    response = client.post(
        "/projects/bulk/", {"file": SimpleUploadedFile("u.xlsx", _xlsx([[other.pk, "3", "", "", "2017-12-01", "x"]]))}
    )
    assert response.status_code == 400
    assert "Row 2" in response.content.decode() or "第 2 行" in response.content.decode()


def test_supervision_by_group_members_only(edu_project):
    congress = edu_project.cycle.congress
    member, deputy = deputy_with_login(congress)
    SupervisionGroupFactory(cycle=edu_project.cycle, members=[member], projects=[edu_project])
    kwargs = {"project": edu_project, "kind": "inspection", "on": datetime.date(2017, 9, 1), "text": "现场察看"}
    record = services.supervision_add(actor=deputy, scope=scope_of(deputy), token="s1", **kwargs)
    assert record.deputy.person.user == deputy
    assert services.supervision_add(actor=deputy, scope=scope_of(deputy), token="s1", **kwargs) == record
    assert SupervisionRecord.objects.filter(token="s1").count() == 1
    _other, outsider = deputy_with_login(congress)  # a deputy of the congress in no group of the project
    with pytest.raises(NotPermitted):
        services.supervision_add(actor=outsider, scope=scope_of(outsider), **kwargs)
    office = UserFactory(grants=[(Role.OFFICE, {"region": edu_project.region})])
    with pytest.raises(NotPermitted):
        services.supervision_add(actor=office, scope=scope_of(office), **kwargs)


def test_mid_year_report_is_computed_as_of_the_session(world):
    from renda.meetings.models import AgendaItem

    item = AgendaItem.objects.get(meeting__region=world.wjj, meeting__rollout__startswith="midyear", kind="projects_progress")
    response = world.client("wjj_staff").get(f"/projects/items/{item.pk}/report/")
    assert response.status_code == 200
    projects = response.context["projects"]
    assert projects and response.context["on"] == datetime.date(2017, 8, 14)
    cycle_projects = Project.objects.filter(cycle__region=world.wjj, cycle__year=2017)
    assert {p.pk for p in projects} == set(cycle_projects.values_list("pk", flat=True))
    # As of 14 August no project had reached its September reports: progress is below today's.
    from renda.projects.selectors import _with_tree, with_progress

    now = {p.pk: p.progress for p in with_progress(_with_tree(cycle_projects))}
    assert all(p.progress <= now[p.pk] for p in projects)
    assert any(p.progress < now[p.pk] for p in projects)
    assert world.client(None).get(f"/projects/public/items/{item.pk}/report/").status_code == 200


@pytest.mark.parametrize("url", ["/projects/", "/projects/public/"])
def test_lists_issue_constant_queries(world, url):
    client = world.client("admin")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few:
        assert client.get(url + "?year=2017&q=幼儿园").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    with CaptureQueriesContext(connection) as export:
        response = client.get(url + "?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(export.captured_queries) <= len(many.captured_queries) + 2


def test_public_pages_leak_no_phone(world):
    project = Project.objects.filter(cycle__year=2017).first()
    html = world.client(None).get(f"/projects/public/{project.pk}/").content.decode()
    assert project.title in html
    for phone in Proposal.objects.exclude(phone="").values_list("phone", flat=True)[:5]:
        assert phone not in html


def test_one_address_cannot_ask_codes_for_many_phones(collecting, django_capture_on_commit_callbacks, settings):
    """SMS bombing: codes for many different phones from one client address stop at the rule's limit; nothing is
    stored or sent for the refused ones; another address is not affected."""
    from renda.core.models import PhoneChallenge, Rule

    settings.RENDA_SMS_BACKEND = "renda.core.notify.MemorySmsBackend"
    Rule.objects.create(key="projects.otp_per_ip_hour", value=3)
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            services.proposal_code_request(cycle=collecting, phone=f"1390573200{n}", client_ip="203.0.113.9")
        stored = PhoneChallenge.objects.count()
        with pytest.raises(DomainError) as refused:
            services.proposal_code_request(cycle=collecting, phone="13905732009", client_ip="203.0.113.9")
        assert refused.value.code == "rate_limited"
        assert PhoneChallenge.objects.count() == stored
        services.proposal_code_request(cycle=collecting, phone="13905732009", client_ip="198.51.100.7")
    assert [p for p, _t in notify.outbox] == [f"1390573200{n}" for n in range(3)] + ["13905732009"]
