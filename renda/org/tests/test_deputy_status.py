"""A deputy's status by law (issue #11 item 9): the office suspends the duties (暂停执行代表职务, Deputies Law Art. 49)
or ends the mandate (代表资格终止, Art. 50) on a legal ground, resumes the duties; audited; the full membership a
congress session's quorum counts follows from the date (renda/meetings/tests/test_suspended_base.py)."""

import datetime

import pytest
from django.urls import reverse

from renda.core.errors import DomainError, InvalidTransition
from renda.core.models import AuditEvent
from renda.org import services
from renda.org.models import Deputy
from renda.org.rules import SUSPENSION_GROUNDS, TERMINATION_GROUNDS, grounds
from renda.org.scoping import scope_for

DAY = datetime.date(2018, 3, 1)


def test_suspended_then_resumed_then_terminated_and_the_base_follows(world):
    office = world.users["office"]
    scope = scope_for(office)
    deputy = world.wjj_town_deputy
    ground = grounds(SUSPENSION_GROUNDS.key)[0]
    with pytest.raises(DomainError):
        services.deputy_status_record(actor=office, scope=scope, deputy=deputy, status="suspended", date=DAY, ground="随便")
    services.deputy_status_record(
        actor=office, scope=scope, deputy=deputy, status="suspended", date=DAY, ground=ground, note="案件"
    )
    services.deputy_status_record(
        actor=office, scope=scope, deputy=deputy, status="suspended", date=DAY, ground=ground, note="案件"
    )
    deputy.refresh_from_db()
    assert (deputy.status, deputy.status_reason) == (Deputy.Status.SUSPENDED, f"{ground}（案件）")
    assert AuditEvent.objects.filter(action="deputy.suspend", object_id=str(deputy.pk)).count() == 1

    services.deputy_resume(actor=office, scope=scope, deputy=deputy, date=DAY + datetime.timedelta(days=30))
    deputy.refresh_from_db()
    assert deputy.status == Deputy.Status.SERVING
    assert deputy.suspensions.get().end_date == DAY + datetime.timedelta(days=30)
    services.deputy_status_record(actor=office, scope=scope, deputy=deputy, status="resigned", date=DAY, note="工作调动")
    with pytest.raises(InvalidTransition):  # an ended mandate's duties cannot resume
        services.deputy_resume(actor=office, scope=scope, deputy=deputy, date=DAY)


def test_termination_needs_a_legal_ground(world):
    office = world.users["office"]
    scope = scope_for(office)
    deputy = world.wjj_town_deputy
    with pytest.raises(DomainError):
        services.deputy_status_record(actor=office, scope=scope, deputy=deputy, status="terminated", date=DAY, ground="不喜欢")
    ground = grounds(TERMINATION_GROUNDS.key)[0]
    services.deputy_status_record(actor=office, scope=scope, deputy=deputy, status="terminated", date=DAY, ground=ground)
    deputy.refresh_from_db()
    assert deputy.status == Deputy.Status.TERMINATED and deputy.status_reason == ground


def test_the_page_and_the_api(world):
    client = world.client("office")
    deputy = world.wjj_town_deputy
    ground = grounds(SUSPENSION_GROUNDS.key)[1]
    page = client.post(
        reverse("org:deputy_status", args=[deputy.pk]), {"status": "suspended", "date": "2018-03-01", "ground": ground}
    )
    assert page.status_code == 302, __import__("re").findall(r'(?s)(?:errorlist|role="alert").{0,300}', page.content.decode())
    detail = client.get(reverse("org:deputy_detail", args=[deputy.pk])).content.decode()
    assert 'data-testid="suspensions"' in detail and 'data-testid="deputy-resume"' in detail
    resumed = client.post(f"/api/deputies/{deputy.pk}/resume", {"date": "2018-04-01"}, content_type="application/json")
    assert resumed.status_code == 200 and resumed.json()["status"] == "serving"
    again = client.post(f"/api/deputies/{deputy.pk}/resume", {"date": "2018-05-01"}, content_type="application/json")
    assert again.status_code == 200  # serving: nothing to resume, a retried call changes nothing
    ended = client.post(
        f"/api/deputies/{deputy.pk}/status",
        {"status": "terminated", "date": "2018-06-01", "ground": grounds(TERMINATION_GROUNDS.key)[0]},
        content_type="application/json",
    )
    assert ended.status_code == 200 and ended.json()["status"] == "terminated"
    late = client.post(
        f"/api/deputies/{deputy.pk}/status",
        {"status": "suspended", "date": "2018-07-01", "ground": ground},
        content_type="application/json",
    )
    assert late.status_code == 409
