from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core import picker
from renda.core.forms import XlsxUploadForm
from renda.core.limits import DayField

from .models import Body, Deputy, Person, Unit
from .selectors import AGE_BANDS, DeputyFilters

BLANK = [("", "—")]


class DeputyFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or pinyin initials"), required=False, max_length=50)
    congress = forms.TypedChoiceField(label=_("Congress"), required=False, coerce=int, empty_value=None)
    term = forms.TypedChoiceField(label=_("Term"), required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    group = forms.TypedChoiceField(label=_("Deputy group"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=BLANK + list(Deputy.Status.choices))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=BLANK + list(Body.Level.choices))
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=BLANK + list(Person.Gender.choices))
    party = forms.ChoiceField(label=_("Party"), required=False, choices=BLANK + list(Person.Party.choices))
    occupation = forms.ChoiceField(
        label=_("Occupation category"), required=False, choices=BLANK + list(Deputy.Occupation.choices)
    )
    age_band = forms.ChoiceField(label=_("Age"), required=False, choices=BLANK + [(n, n) for n, _l, _h in AGE_BANDS])

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # selects of the scope's congresses, terms, regions and groups; typeahead pickers where a province's are many
        for name, kind in (("congress", "congresses"), ("term", "terms"), ("region", "regions"), ("group", "groups")):
            picker.offer(self, name, kind=kind, scope=scope)

    def filters(self) -> DeputyFilters:
        if not self.is_valid():
            return DeputyFilters(q=(self.data.get("q") or "")[:50])
        return DeputyFilters(**{k: v for k, v in self.cleaned_data.items() if v not in (None, "")})


class DeputyStatusForm(forms.Form):
    """Suspend the duties (暂停执行代表职务) or end the mandate (辞职 / 代表资格终止) on a legal ground."""

    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (Deputy.Status.SUSPENDED, Deputy.Status.SUSPENDED.label),
            (Deputy.Status.RESIGNED, Deputy.Status.RESIGNED.label),
            (Deputy.Status.TERMINATED, Deputy.Status.TERMINATED.label),
        ],
    )
    date = DayField(label=_("Effective date"), widget=forms.DateInput(attrs={"type": "date"}))
    ground = forms.ChoiceField(label=_("Legal ground"), required=False, choices=())
    note = forms.CharField(label=_("Note (for a resignation: its reason)"), max_length=100, required=False)

    def __init__(self, *args: Any, grounds: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        suspended, terminated = grounds[Deputy.Status.SUSPENDED], grounds[Deputy.Status.TERMINATED]
        self.fields["ground"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            (Deputy.Status.SUSPENDED.label, [(g, g) for g in suspended]),
            (Deputy.Status.TERMINATED.label, [(g, g) for g in terminated]),
        ]


class DeputyResumeForm(forms.Form):
    date = DayField(label=_("Duties resume on"), widget=forms.DateInput(attrs={"type": "date"}))


ImportForm = XlsxUploadForm  # an Excel file to import


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=BLANK + list(Unit.Kind.choices))
