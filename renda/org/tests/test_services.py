"""Write services: state changes, their audit events, and the rules that refuse them."""

import datetime

import pytest

from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.models import AuditEvent
from renda.org.models import Deputy
from renda.org.scoping import scope_for
from renda.org.services import deputy_set_status, personal_data_reveal

DAY = datetime.date(2017, 6, 1)


def test_ending_a_mandate_is_audited_and_kept_in_history(world):
    office = world.users["office"]
    deputy = world.wjj_town_deputy
    deputy_set_status(actor=office, scope=scope_for(office), deputy=deputy, status="resigned", date=DAY, reason="工作调动")
    deputy.refresh_from_db()
    assert (deputy.status, deputy.status_date) == (Deputy.Status.RESIGNED, DAY)
    event = AuditEvent.objects.filter(action="deputy.status", object_id=str(deputy.pk)).get()
    assert event.before == {"status": "serving", "status_date": None, "status_reason": ""}
    assert event.after["status"] == "resigned" and event.actor_id == office.pk
    assert Deputy.objects.filter(pk=deputy.pk).exists()  # history stays


def test_retried_submit_is_idempotent(world):
    office = world.users["office"]
    deputy = world.wjj_town_deputy
    for _ in range(2):
        deputy_set_status(actor=office, scope=scope_for(office), deputy=deputy, status="resigned", date=DAY, reason="x")
    assert AuditEvent.objects.filter(action="deputy.status", object_id=str(deputy.pk)).count() == 1


def test_an_ended_mandate_cannot_be_ended_again_differently(world):
    office = world.users["office"]
    deputy = world.wjj_town_deputy
    deputy_set_status(actor=office, scope=scope_for(office), deputy=deputy, status="resigned", date=DAY, reason="x")
    with pytest.raises(InvalidTransition):
        deputy_set_status(actor=office, scope=scope_for(office), deputy=deputy, status="terminated", date=DAY, reason="y")


@pytest.mark.parametrize(
    ("status", "date", "reason"),
    [("serving", DAY, "x"), ("resigned", DAY, "  "), ("resigned", datetime.date(2000, 1, 1), "x")],
)
def test_invalid_status_changes_change_nothing(world, status, date, reason):
    office = world.users["office"]
    deputy = world.wjj_town_deputy
    with pytest.raises(DomainError):
        deputy_set_status(actor=office, scope=scope_for(office), deputy=deputy, status=status, date=date, reason=reason)
    deputy.refresh_from_db()
    assert deputy.status == Deputy.Status.SERVING
    assert not AuditEvent.objects.filter(action="deputy.status", object_id=str(deputy.pk)).exists()


def test_town_staff_cannot_end_district_mandates(world):
    staff = world.users["wjj_staff"]
    with pytest.raises(NotPermitted):
        deputy_set_status(
            actor=staff, scope=scope_for(staff), deputy=world.wjj_district_deputy, status="resigned", date=DAY, reason="x"
        )


def test_revealing_personal_data_is_audited(world):
    staff = world.users["wjj_staff"]
    data = personal_data_reveal(actor=staff, scope=scope_for(staff), deputy=world.wjj_town_deputy)
    assert data["phone"] == world.wjj_town_deputy.person.phone
    event = AuditEvent.objects.get(action="personal_data.view", object_id=str(world.wjj_town_deputy.person_id))
    assert event.actor_id == staff.pk


def test_status_page_rejects_bad_input_and_changes_nothing(world):
    from django.urls import reverse

    client = world.client("office")
    url = reverse("org:deputy_status", args=[world.wjj_town_deputy.pk])
    response = client.post(url, {"status": "resigned", "date": "not a date", "reason": ""})
    assert response.status_code == 400
    world.wjj_town_deputy.refresh_from_db()
    assert world.wjj_town_deputy.status == Deputy.Status.SERVING
    response = client.post(url, {"status": "resigned", "date": "2017-06-01", "note": "工作调动"})
    assert response.status_code == 302
