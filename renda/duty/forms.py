"""Forms of the duty app: they parse and bound the input; the services decide (the page and the API refuse alike)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.listing import MAX_YEAR, MIN_YEAR
from renda.org.models import Body, ContactAssignment, Deputy, DeputyGroup

from .models import ContactLog, SelfReport

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _person_name(d: Any) -> str:
    return str(d.person.name)


def _assignment_label(a: Any) -> str:
    return f"{a.deputy.person.name}（{a.member.person.name}）"


def _deputy_label(d: Any) -> str:
    return f"{d.person.name} · {d.congress.name}"


def _congress_name(d: Any) -> str:
    return str(d.congress.name)


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, **kwargs)


def _text(label: Any, rows: int = 3, required: bool = True, max_length: int = 4000) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (a list, empty when none); their content is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


class Described:
    """A choice of records labelled by a function (the deputy's name, the congress...) set by the form."""

    describe: Callable[[Any], str] = str

    def label_from_instance(self, obj: Any) -> str:
        return self.describe(obj)


class ChoiceOfModels(Described, forms.ModelChoiceField):
    pass


class ChoiceOfManyModels(Described, forms.ModelMultipleChoiceField):
    pass


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)


class CongressYearForm(forms.Form):
    """A form for a congress (one of those the user manages) and a year (this year by default)."""

    congress = forms.ModelChoiceField(label=_("Congress"), queryset=Body.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    def __init__(self, *args: Any, congresses: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["congress"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Body.objects.filter(pk__in=[c.pk for c in congresses]).order_by("region__path")
        self.fields["year"].initial = timezone.localdate().year


class TopicForm(CongressYearForm):
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, q) for q in range(1, 5)])
    title = forms.CharField(label=_("Topic"), max_length=200)
    text = _text(_("What the groups are asked to do"), rows=4, required=False)


class ActivityForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Deputy group"), queryset=DeputyGroup.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    date = _date(_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    topic = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, groups: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = DeputyGroup.objects.filter(pk__in=[g.pk for g in groups]).order_by("congress__region__path", "name")


class ActivityRecordForm(forms.Form):
    participants = ChoiceOfManyModels(
        label=_("Deputies who took part"), queryset=Deputy.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    findings = _text(_("Findings"), rows=4)
    suggestions = _text(_("Suggestions raised"), rows=3, required=False)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, ChoiceOfManyModels)
        field.queryset = members
        field.describe = _person_name


class OutcomeForm(forms.Form):
    outcome = _text(_("Outcome (answers received, problems solved)"), rows=3)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ContactForm(forms.Form):
    assignment = ChoiceOfModels(label=_("Deputy"), queryset=ContactAssignment.objects.none())
    date = _date(_("Date"))
    manner = forms.ChoiceField(label=_("Manner"), choices=ContactLog.Manner.choices)
    opinions = _text(_("Opinions heard"), rows=4)
    follow_up = _text(_("Follow-up (what will be done)"), rows=2, required=False)
    client_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, assignments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignment"]
        assert isinstance(field, ChoiceOfModels)
        field.queryset = assignments
        field.describe = _assignment_label
        self.fields["date"].initial = timezone.localdate()


class FollowUpForm(forms.Form):
    result = _text(_("Result of the follow-up"), rows=3)


class PlanForm(CongressYearForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = _text(_("Aims and contents"), rows=4, required=False)
    for_new_deputies = forms.BooleanField(label=_("For newly elected deputies"), required=False)


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = _date(_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    teacher = forms.CharField(label=_("Teacher"), max_length=100, required=False)
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=99, decimal_places=1, initial=3)


class SessionRecordForm(forms.Form):
    summary = _text(_("Record of the session"), rows=3, required=False)


class ReportForm(forms.Form):
    station = forms.IntegerField(widget=forms.HiddenInput)
    deputy = ChoiceOfModels(label=_("Deputy"), queryset=Deputy.objects.none())
    date = _date(_("Date"))
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Report on my duties to the voters"))

    def __init__(self, *args: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["deputy"]
        assert isinstance(field, ChoiceOfModels)
        field.queryset = deputies
        field.describe = _deputy_label


class ReportRecordForm(forms.Form):
    summary = _text(_("What the deputy reported"), rows=4)
    voters_present = forms.IntegerField(label=_("Voters present"), min_value=0, max_value=100000)
    satisfied = forms.IntegerField(label=_("Evaluations: satisfied"), min_value=0, max_value=100000)
    basically_satisfied = forms.IntegerField(label=_("Evaluations: basically satisfied"), min_value=0, max_value=100000)
    not_satisfied = forms.IntegerField(label=_("Evaluations: not satisfied"), min_value=0, max_value=100000)
    comments = _text(_("Voters' comments"), rows=3, required=False)


class SelfReportForm(forms.Form):
    deputy = ChoiceOfModels(label=_("For my mandate in"), queryset=Deputy.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=SelfReport.Kind.choices)
    date = _date(_("Date"))
    title = forms.CharField(label=_("Title"), max_length=200)
    text = _text(_("What was done"), rows=5)
    files = MultipleFileField(label=_("Evidence: photos or documents"), required=False)  # type: ignore[assignment]
    client_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, mandates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["deputy"]
        assert isinstance(field, ChoiceOfModels)
        field.queryset = mandates
        field.describe = _congress_name


class SelfEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SelfReport.Kind.choices)
    date = _date(_("Date"))
    title = forms.CharField(label=_("Title"), max_length=200)
    text = _text(_("What was done"), rows=5)


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Add evidence"))  # type: ignore[assignment]


class DeclineForm(forms.Form):
    reason = _text(_("Reason for declining"), rows=2)
