"""The appointment form's person picker (issue #11): people chosen by id among the deputies and members of the
area, a name typed without picking linked when exact, the one-line form still read, an id outside the area refused
with nothing changed."""

import datetime

import pytest
from django.urls import reverse

from renda.decisions.models import AppointmentList, Nomination
from renda.decisions.selectors import people_for
from renda.org.models import Person

pytestmark = pytest.mark.django_db


def _post(client, **rows):
    data = {"nominator": "government", "title": rows.pop("title", "关于提请任免测试职务的报告"), "submitted_on": "2017-09-01"}
    data.update(rows)
    return client.post(reverse("decisions:appointment_create"), data)


def test_the_form_shows_the_picker_bound_to_the_people_search(world):
    page = world.client("office").get(reverse("decisions:appointment_create")).content.decode()
    assert 'role="combobox"' in page and 'role="listbox"' in page and 'aria-controls="n-list-1"' in page
    assert 'data-picker="/api/appointments/people"' in page and "core/picker.js" in page
    assert page.count('name="n-person"') == 3


def test_people_picked_by_id_are_linked(world):
    region = world.standing_committee.region
    first, second = list(people_for(region_path=region.path)[:2])
    response = _post(
        world.client("office"),
        **{
            "n-action": ["appoint", "remove", "appoint"],
            "n-person": [str(first.pk), str(second.pk), ""],
            "n-name": ["随便写的名字", second.name, ""],
            "n-post": ["区教育局局长", "区水利局局长", ""],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = AppointmentList.objects.get(title="关于提请任免测试职务的报告")
    rows = list(made.nominations.order_by("order").values_list("action", "person_id", "name", "post"))
    assert rows == [
        (Nomination.Action.APPOINT, first.pk, first.name, "区教育局局长"),  # the picked person's own name
        (Nomination.Action.REMOVE, second.pk, second.name, "区水利局局长"),
    ]
    assert made.submitted_on == datetime.date(2017, 9, 1)


def test_an_id_outside_the_area_or_out_of_range_changes_nothing(world):
    outsider = Person.objects.create(name="区外人员", birth_date=datetime.date(1980, 1, 1))
    before = AppointmentList.objects.count()
    for person in (str(outsider.pk), "99999999999999999999", "abc"):
        response = _post(
            world.client("office"), **{"n-action": ["appoint"], "n-person": [person], "n-name": ["某人"], "n-post": ["局长"]}
        )
        assert response.status_code == 400
    assert AppointmentList.objects.count() == before


def test_an_incomplete_row_or_no_one_is_named(world):
    client = world.client("office")
    assert _post(client, **{"n-action": ["appoint"], "n-person": [""], "n-name": ["张三"], "n-post": [""]}).status_code == 400
    assert _post(client, **{"n-action": ["appoint"], "n-person": [""], "n-name": [""], "n-post": [""]}).status_code == 400


def test_the_one_line_form_is_still_read(world):
    response = _post(world.client("office"), title="一行一人的报告", people="任命 张三 区教育局局长\n免去 李四 区教育局局长")
    assert response.status_code == 302
    made = AppointmentList.objects.get(title="一行一人的报告")
    assert list(made.nominations.order_by("order").values_list("name", flat=True)) == ["张三", "李四"]


def test_the_api_takes_the_picked_person_and_refuses_one_outside_the_area(world):
    import json

    client = world.client("office")
    region = world.standing_committee.region
    picked = people_for(region_path=region.path).first()
    outsider = Person.objects.create(name="区外人员乙", birth_date=datetime.date(1980, 1, 1))

    def post(title, person_id):
        body = {"nominator": "government", "title": title, "submitted_on": "2017-09-01",
                "nominations": [{"name": "随便写的名字", "post": "区教育局局长", "person_id": person_id}]}  # fmt: skip
        return client.post("/api/appointments/", json.dumps(body), content_type="application/json")

    before = AppointmentList.objects.count()
    refused = post("区外的人", outsider.pk)
    assert 400 <= refused.status_code < 500 and refused.json()["detail"]
    assert AppointmentList.objects.count() == before
    made = post("选中的人", picked.pk)
    assert made.status_code == 200, made.content
    nomination = AppointmentList.objects.get(pk=made.json()["id"]).nominations.get()
    assert (nomination.person_id, nomination.name) == (picked.pk, picked.name)
