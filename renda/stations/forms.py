from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.limits import DayField, IdField
from renda.org.models import Body

from .models import Activity, Station
from .rules import TEXT_MAX


class StationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Station.Kind.choices])
    q = forms.CharField(label=_("Name or address"), required=False)


class RulesForm(forms.Form):
    text = forms.CharField(label=_("Opening rules"), widget=forms.Textarea(attrs={"rows": 5}), validators=[TEXT_MAX.validator])


class StationForm(forms.Form):
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    activity_plan = forms.CharField(
        label=_("Activity plan for the year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[TEXT_MAX.validator],
    )


class ScheduleForm(forms.Form):
    day_of_month = forms.IntegerField(label=_("Reception day of each month"), min_value=1, max_value=28)
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))


class GenerateForm(forms.Form):
    first_month = DayField(label=_("First month"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=24, initial=6)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    date = DayField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    committee = forms.ModelChoiceField(
        label=_("Visiting committee"),
        required=False,
        queryset=Body.objects.filter(kind__in=[Body.Kind.SPECIAL_COMMITTEE, Body.Kind.WORKING_COMMITTEE]),
    )


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Activity.Kind.choices])
    date_from = DayField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = DayField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    station = IdField(required=False, widget=forms.HiddenInput)
    town = IdField(required=False, widget=forms.HiddenInput)


class RecordForm(forms.Form):
    voters_received = forms.IntegerField(label=_("Voters received"), min_value=0, max_value=100_000)
    voter_names = forms.CharField(
        label=_("Voters' names (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[TEXT_MAX.validator],
    )
    discussion = forms.CharField(
        label=_("What was discussed"), required=False, widget=forms.Textarea(attrs={"rows": 4}), validators=[TEXT_MAX.validator]
    )


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)
