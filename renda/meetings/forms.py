from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.limits import DayField, IdField
from renda.org.models import Body, Deputy, Unit

from .models import AgendaItem, Meeting, Poll, ReviewOpinion
from .rules import BODY_KINDS, TEXT_MAX

DATE = forms.DateInput(attrs={"type": "date"})
MEETING_KINDS = set(BODY_KINDS)


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Body"),
        required=False,
        choices=[("", _("all"))] + [(k, label) for k, label in Body.Kind.choices if k in MEETING_KINDS],
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("all"))] + list(Meeting.State.choices))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    date_from = DayField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = DayField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    q = forms.CharField(label=_("Title contains"), required=False)
    held = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    start_date = DayField(label=_("Start date"), widget=DATE)
    end_date = DayField(label=_("End date"), widget=DATE, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    number = forms.IntegerField(label=_("Sitting number (empty: next)"), required=False, min_value=1, max_value=999)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(pk__in=[b.pk for b in bodies]).order_by("region__path", "sort_order")


class MeetingCorrectionForm(forms.Form):
    start_date = DayField(label=_("Start date"), widget=DATE)
    end_date = DayField(label=_("End date"), widget=DATE, required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)


class RolloutForm(forms.Form):
    start_date = DayField(label=_("Date of the sessions"), widget=DATE)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)


class AgendaItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    reporting_unit = forms.ModelChoiceField(label=_("Reporting unit"), queryset=Unit.objects.none(), required=False)
    reporter = forms.CharField(label=_("Reporter"), max_length=100, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporting_unit"].queryset = units


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("The same title again uploads a new version."))
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class InviteForm(forms.Form):
    person = IdField(widget=forms.HiddenInput, required=False)
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=Deputy.objects.none())
    capacity = forms.CharField(label=_("Capacity"), max_length=100, required=False)

    def __init__(self, *args, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies
        self.fields["deputy"].label_from_instance = lambda d: f"{d.person.name}（{d.region.name}）"


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class PollForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Poll.Kind.choices)
    matter = forms.ChoiceField(
        label=_("Matter (sets the threshold)"), choices=Poll.Matter.choices, initial=Poll.Matter.RESOLUTION
    )
    method = forms.ChoiceField(label=_("Method"), choices=Poll.Method.choices, initial=Poll.Method.YNA)
    options = forms.CharField(
        label=_("Options, one per line (empty: the motion itself)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    max_choices = forms.IntegerField(label=_("At most N choices"), required=False, min_value=1, max_value=1000)
    threshold = forms.ChoiceField(
        label=_("Threshold (empty: the rule for this body and matter)"),
        required=False,
        choices=[("", "—")] + list(Poll.Threshold.choices),
    )
    seats = forms.IntegerField(label=_("Places to fill (an election)"), required=False, min_value=1, max_value=99)
    write_ins = forms.BooleanField(label=_("Write-ins allowed (另选他人)"), required=False)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the decision"), widget=forms.Textarea(attrs={"rows": 3}), validators=[TEXT_MAX.validator]
    )
    poll = forms.ModelChoiceField(label=_("Poll"), queryset=Poll.objects.none(), required=False)

    def __init__(self, *args, polls=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poll"].queryset = polls


class OpinionForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Report heard"), queryset=AgendaItem.objects.none())
    text = forms.CharField(label=_("Opinions"), widget=forms.Textarea(attrs={"rows": 5}), validators=[TEXT_MAX.validator])

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class OpinionFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("all"))] + list(ReviewOpinion.State.choices))


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Handling report"), widget=forms.Textarea(attrs={"rows": 6}), validators=[TEXT_MAX.validator])


class PreparatoryForm(forms.Form):
    start_date = forms.DateField(label=_("Date of the preparatory meeting"), widget=DATE)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    presidium = forms.ModelMultipleChoiceField(
        label=_("Draft list of the session presidium"),
        queryset=Deputy.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    secretary_general = forms.ModelChoiceField(
        label=_("Secretary-general of the session (a district congress)"), queryset=Deputy.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("How the meeting votes (empty: the rule)"), required=False, choices=[("", "—")] + list(Poll.Kind.choices)
    )

    def __init__(self, *args, deputies=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("presidium", "secretary_general"):
            self.fields[name].queryset = deputies
            self.fields[name].label_from_instance = lambda d: f"{d.person.name}（{d.region.name}）"


class ItemFilterForm(MeetingFilterForm):
    """The agenda-item list's filters: the sittings' filters and the kind of item (kept as the link set it)."""

    item_kind = forms.ChoiceField(required=False, choices=[("", "")] + list(AgendaItem.Kind.choices), widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("state", "q"):
            del self.fields[name]
