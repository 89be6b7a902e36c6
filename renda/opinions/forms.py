from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.limits import DayField, IdField
from renda.org.models import Region

from .models import Status
from .rules import ANSWER_MAX, REASON_MAX, TEXT_MAX

ACCEPT = "image/*,.pdf,.doc,.docx,.xls,.xlsx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (a list; empty when none). Their content is checked by the service, against the
    rules table, so that the page and the API refuse the same files."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


class OpinionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All states")), *Status.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    date_from = DayField(
        label=_("Registered from"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = DayField(
        label=_("Registered to"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    q = forms.CharField(label=_("Text or tracking code"), required=False)
    station = IdField(required=False, widget=forms.HiddenInput)
    town = IdField(required=False, widget=forms.HiddenInput)
    activity = IdField(required=False, widget=forms.HiddenInput)
    answered_on_time = forms.NullBooleanField(required=False, widget=forms.HiddenInput)
    solved = forms.NullBooleanField(required=False, widget=forms.HiddenInput)


class PlaceAndCategory(forms.Form):
    """A form whose `region` is chosen among `regions` (villages and communities) and `category` among the rule's
    `categories`."""

    def __init__(self, *args, regions, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["category"].choices = [(c, c) for c in categories]


class RegisterForm(PlaceAndCategory):
    region = forms.ModelChoiceField(label=_("Village or community"), queryset=Region.objects.none())
    category = forms.ChoiceField(label=_("Category"))
    text = forms.CharField(label=_("Opinion"), widget=forms.Textarea(attrs={"rows": 4}), validators=[TEXT_MAX.validator])
    contact_name = forms.CharField(label=_("Voter's name (optional)"), required=False, max_length=50)
    phone = forms.CharField(label=_("Voter's mobile (optional)"), required=False, max_length=20)
    attachments = MultipleFileField(label=_("Photos or documents the voter brought (optional)"), required=False)
    activity = IdField(required=False, widget=forms.HiddenInput)
    client_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)


class SubmitForm(PlaceAndCategory):
    phone = forms.CharField(
        label=_("Your mobile number"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "aria-describedby": "code-status"})
    )
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    region = forms.ModelChoiceField(label=_("Village or community"), queryset=Region.objects.none())
    category = forms.ChoiceField(label=_("Category"))
    text = forms.CharField(label=_("Your opinion"), widget=forms.Textarea(attrs={"rows": 5}), validators=[TEXT_MAX.validator])
    contact_name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=50)
    attachments = MultipleFileField(label=_("Photos or documents (optional)"), required=False)
    merge_into = IdField(required=False, widget=forms.HiddenInput)
    client_token = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].label_from_instance = lambda r: f"{r.parent.name} · {r.name}"


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}), validators=[ANSWER_MAX.validator])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), validators=[REASON_MAX.validator])


class FiguresForm(forms.Form):
    date_from = DayField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = DayField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    town = IdField(required=False, widget=forms.HiddenInput)
