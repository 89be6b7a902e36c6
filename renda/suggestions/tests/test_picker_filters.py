"""The suggestions list's lead-unit and meeting filters: selects while the scope holds few units and sessions
(the demo district), the typeahead picker beyond `core.picker_threshold` — the same rows either way."""

from __future__ import annotations

import pytest

from renda.core.models import Rule
from renda.meetings.models import Meeting
from renda.org.models import Body
from renda.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db

LIST = "/suggestions/"


def _rows(response):
    return [s.pk for s in response.context["page"].object_list]


def _small_threshold():
    Rule.objects.create(key="core.picker_threshold", value=3, note="tests: the picker on the demo district")


def test_under_the_threshold_the_filters_stay_selects(client, world):
    client.force_login(world.users["office"])
    page = client.get(LIST).content.decode()
    assert 'name="unit"><option' in page and 'name="meeting"><option' in page
    assert "data-picker=" not in page and "core/picker.js" not in page


def test_over_the_threshold_they_become_pickers(client, world):
    _small_threshold()
    client.force_login(world.users["office"])
    page = client.get(LIST).content.decode()
    assert 'name="unit"><option' not in page and 'name="meeting"><option' not in page
    assert 'data-picker="/api/choices/units"' in page and 'data-picker="/api/choices/sessions"' in page
    assert 'role="combobox"' in page and 'aria-controls="id_unit-list"' in page
    assert 'name="unit_name"' in page and '<input type="hidden" name="unit" value=""' in page


def test_the_picker_filters_the_same_rows_as_the_select(client, world):
    client.force_login(world.users["office"])
    unit = world.edu_unit
    session = Meeting.objects.get(pk=Suggestion.objects.filter(meeting__body__kind=Body.Kind.CONGRESS).values("meeting")[:1])
    by_select = _rows(client.get(LIST, {"unit": unit.pk}))
    by_session = _rows(client.get(LIST, {"meeting": session.pk}))
    assert by_select and by_session
    _small_threshold()
    picked = client.get(LIST, {"unit": unit.pk})
    assert _rows(picked) == by_select
    # the chosen id is shown by its label on reload
    assert f'name="unit_name" value="{unit.name}（{unit.region.name}）"' in picked.content.decode()
    assert f'<input type="hidden" name="unit" value="{unit.pk}"' in picked.content.decode()
    assert _rows(client.get(LIST, {"meeting": session.pk})) == by_session
    # without JavaScript: the name typed in the box, resolved on the server (also the label, or the id)
    assert _rows(client.get(LIST, {"unit": "", "unit_name": unit.name})) == by_select
    assert _rows(client.get(LIST, {"unit": "", "unit_name": f"{unit.name}（{unit.region.name}）"})) == by_select
    assert _rows(client.get(LIST, {"unit_name": str(unit.pk)})) == by_select
    # an id read back with the text changed: the text wins (the user typed another name without JavaScript)
    assert _rows(client.get(LIST, {"unit": 999999, "unit_name": unit.name})) != by_select  # an unknown id is refused


def test_a_text_matching_several_or_none_says_so(client, world):
    _small_threshold()
    client.force_login(world.users["office"])
    several = client.get(LIST, {"unit_name": "局"}).content.decode()
    assert 'data-testid="filter-errors"' in several and "局" in several
    none = client.get(LIST, {"unit_name": "没有这个单位"})
    assert 'data-testid="filter-errors"' in none.content.decode()
    assert none.context["form"].errors["unit"]


def test_a_unit_outside_the_scope_filters_as_the_select_did(client, world):
    """王江泾镇's staff see the district's units and their town's: 新塍镇's station is refused by both, and so is
    its name typed."""
    client.force_login(world.users["wjj_staff"])
    outside = world.xc_station.pk
    by_select = client.get(LIST, {"unit": outside})
    assert by_select.context["form"].errors["unit"]
    _small_threshold()
    Rule.objects.filter(key="core.picker_threshold").update(value=0)
    by_picker = client.get(LIST, {"unit": outside})
    assert by_picker.context["form"].errors["unit"]
    assert _rows(by_picker) == _rows(by_select)
    assert client.get(LIST, {"unit_name": world.xc_station.name}).context["form"].errors["unit"]


def test_a_resolved_name_is_shown_as_chosen(client, world):
    _small_threshold()
    client.force_login(world.users["office"])
    unit = world.edu_unit
    page = client.get(LIST, {"unit": "", "unit_name": unit.name}).content.decode()
    assert f'<input type="hidden" name="unit" value="{unit.pk}"' in page
    assert f'name="unit_name" value="{unit.name}（{unit.region.name}）"' in page
