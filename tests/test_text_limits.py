"""Texts have upper bounds from the rules table (issue #16, item 7), and imported columns their column lengths
(item 6): a 1 MB anonymous opinion is refused by the API and by the page, with the limit in the message; an office
can change the limit; a roster name longer than its column is a row error, not a database error. Phones are folded to
ASCII digits wherever they enter (item 5)."""

from __future__ import annotations

import json

import pytest

from renda.core.models import Rule
from renda.opinions.models import Opinion
from renda.opinions.rules import TEXT_MAX
from renda.org.imports import DEPUTY_COLUMNS, UNIT_COLUMNS, deputies_import, units_import
from renda.org.models import Person, Region
from renda.org.scoping import scope_for
from renda.org.tests.test_imports import deputy_row, workbook_bytes
from renda.suggestions.rules import TEXT_MAX as SUGGESTION_TEXT_MAX

MEGABYTE = "意" * (1024 * 1024)


def _village() -> Region | None:
    return Region.objects.filter(kind=Region.Kind.VILLAGE).order_by("pk").first()


@pytest.mark.django_db
def test_a_one_megabyte_opinion_is_refused_by_the_api(world):
    before = Opinion.objects.count()
    village = _village()
    assert village is not None
    body = {"phone": "13800138001", "code": "123456", "region_id": village.pk, "category": "其他", "text": MEGABYTE}
    response = world.client(None).post("/api/opinions/submit", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert str(TEXT_MAX.default) in response.json()["detail"]
    assert Opinion.objects.count() == before


@pytest.mark.django_db
def test_the_limit_is_a_rule_the_office_can_change(world):
    assert TEXT_MAX.max() == TEXT_MAX.default
    Rule.objects.create(key=TEXT_MAX.rule.key, value=10)
    assert TEXT_MAX.max() == 10
    with pytest.raises(Exception) as refused:
        TEXT_MAX.check("一二三四五六七八九十十一")
    assert "10" in " ".join(refused.value.messages)  # type: ignore[attr-defined]
    TEXT_MAX.check("一二三四五六七八九十")


@pytest.mark.django_db
def test_the_api_documents_the_limits():
    from renda.api import api

    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert schemas["SubmitIn"]["properties"]["text"]["maxLength"] == TEXT_MAX.default
    assert schemas["SubmitIn"]["properties"]["contact_name"]["maxLength"] == 50


@pytest.mark.django_db
def test_a_long_suggestion_is_refused_by_the_form():
    from django.core.exceptions import ValidationError

    from renda.suggestions.forms import SuggestionForm

    field = SuggestionForm.base_fields["text"]
    with pytest.raises(ValidationError):
        field.clean("长" * (SUGGESTION_TEXT_MAX.default + 1))
    field.clean("长" * SUGGESTION_TEXT_MAX.default)


@pytest.mark.django_db
def test_a_roster_name_longer_than_its_column_is_a_row_error(world):
    office = world.users["office"]
    row = deputy_row(901, **{"姓名": "名" * 51})
    report = deputies_import(actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, [row]))
    assert not report.ok and "姓名" in " ".join(report.errors[0].messages) and "50" in " ".join(report.errors[0].messages)
    units = [{"单位名称": "单" * 101, "类型": "政府部门", "所属区域": "秀洲区"}]
    report = units_import(actor=office, scope=scope_for(office), data=workbook_bytes(UNIT_COLUMNS, units))
    assert not report.ok and "单位名称" in " ".join(report.errors[0].messages)


@pytest.mark.django_db
def test_the_roster_import_stores_full_width_phones_as_ascii_and_refuses_other_digits(world):
    office = world.users["office"]
    report = deputies_import(
        actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, [deputy_row(902, **{"手机": "1３800138001"})])
    )
    assert report.ok, report.errors
    assert Person.objects.get(name="测试0902").phone == "13800138001"
    arabic = "١٣٨٠٠١٣٨٠٠٢"  # Arabic-Indic digits: digits to str.isdigit, not a mainland mobile number
    report = deputies_import(
        actor=office, scope=scope_for(office), data=workbook_bytes(DEPUTY_COLUMNS, [deputy_row(903, **{"手机": arabic})])
    )
    assert not report.ok and "手机" in " ".join(report.errors[0].messages)


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", ["opinions", "projects"])
def test_one_time_codes_fold_unicode_digits_and_refuse_other_scripts(world, purpose):
    from renda.core.errors import DomainError
    from renda.core.models import PhoneChallenge
    from renda.opinions import services as opinion_services
    from renda.projects import services as project_services
    from renda.projects.lifecycles import CYCLE
    from renda.projects.models import Cycle

    if purpose == "opinions":

        def ask(phone: str) -> None:
            opinion_services.code_request(phone=phone, client_ip="203.0.113.5")
    else:
        cycle = next((c for c in Cycle.objects.all() if CYCLE.in_group(c, "collecting")), None)
        if cycle is None:
            pytest.skip("no cycle collecting proposals in the demo")

        def ask(phone: str) -> None:
            project_services.proposal_code_request(cycle=cycle, phone=phone, client_ip="203.0.113.5")

    ask("1３800138001")  # a full-width digit: the same phone, the same counter
    assert PhoneChallenge.objects.filter(phone="13800138001").count() == 1
    with pytest.raises(DomainError):
        ask("١٣٨٠٠١٣٨٠٠١")  # Arabic-Indic digits
    with pytest.raises(DomainError):
        ask("١3800138001")
    assert not PhoneChallenge.objects.exclude(phone__regex=r"^[0-9]{11}$").exists()
