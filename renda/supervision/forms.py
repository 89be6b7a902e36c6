"""Forms of the supervision pages: they parse and bound what a page sends; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from renda.core.listing import MAX_YEAR, MIN_YEAR
from renda.meetings.models import Meeting, Poll
from renda.org.models import Body, Person, Region, Unit

from .models import Activity, Campaign, Finding, ProblemItem, SupervisionOpinion
from .selectors import ANY_CAMPAIGN, NO_CAMPAIGN

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE)


class _Choices(forms.Form):
    """A form whose choice fields get their querysets from the view (what the scope may pick)."""

    def __init__(self, *args: Any, choices: dict[str, QuerySet[Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (choices or {}).items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]


def campaign_choices(campaigns: Any) -> list[tuple[str, Any]]:
    return [("", _("all")), (NO_CAMPAIGN, _("outside campaigns")), (ANY_CAMPAIGN, _("in any campaign"))] + [
        (str(c.pk), c.title) for c in campaigns
    ]


class _Period(forms.Form):
    date_from = _date(_("From"), required=False)
    date_to = _date(_("To"), required=False)
    held = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ActivityFilterForm(_Period):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all"))] + list(Activity.Kind.choices))
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("all"))] + list(Activity.State.choices))
    campaign = forms.ChoiceField(label=_("Campaign"), required=False)
    q = forms.CharField(label=_("Subject contains"), required=False, max_length=100)
    field_order = ["kind", "state", "campaign", "date_from", "date_to", "q", "held"]

    def __init__(self, *args: Any, campaigns: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = campaign_choices(campaigns)  # type: ignore[attr-defined]


class ParticipationFilterForm(_Period):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all"))] + list(Activity.Kind.choices))
    campaign = forms.ChoiceField(label=_("Campaign"), required=False)
    deputies = forms.BooleanField(label=_("As deputies only"), required=False)
    activity = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    field_order = ["kind", "campaign", "deputies", "date_from", "date_to", "held", "activity"]

    def __init__(self, *args: Any, campaigns: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = campaign_choices(campaigns)  # type: ignore[attr-defined]


class FindingFilterForm(_Period):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("all"))] + list(Finding.Kind.choices))
    campaign = forms.ChoiceField(label=_("Campaign"), required=False)
    activity = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    field_order = ["kind", "campaign", "date_from", "date_to", "held", "activity"]

    def __init__(self, *args: Any, campaigns: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = campaign_choices(campaigns)  # type: ignore[attr-defined]


class ActivityForm(_Choices):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Subject"), max_length=200)
    organiser = forms.ModelChoiceField(label=_("Organised by"), queryset=Body.objects.none())
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none(), required=False)
    start_date = _date(_("Start date"))
    end_date = _date(_("End date"), required=False)
    law = forms.CharField(label=_("Law checked (law-enforcement checks)"), max_length=200, required=False)
    plan = forms.CharField(label=_("Plan"), widget=TEXT, required=False)


class ActivityEditForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=200)
    start_date = _date(_("Start date"))
    end_date = _date(_("End date"))
    law = forms.CharField(label=_("Law checked (law-enforcement checks)"), max_length=200, required=False)
    plan = forms.CharField(label=_("Plan"), widget=TEXT, required=False)


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 10}))


class ParticipantsForm(_Choices):
    people = forms.ModelMultipleChoiceField(
        label=_("People taking part"), queryset=Person.objects.none(), widget=forms.SelectMultiple(attrs={"size": 12})
    )
    leader = forms.ModelChoiceField(label=_("Group leader"), queryset=Person.objects.none(), required=False)


class PlaceForm(forms.Form):
    kind = forms.CharField(label=_("Kind of place"), max_length=100)
    count = forms.IntegerField(label=_("Number visited"), min_value=1, max_value=10_000, initial=1)
    names = forms.CharField(label=_("Names"), max_length=300, required=False)


class ArticleForm(forms.Form):
    number = forms.CharField(label=_("Article"), max_length=40)
    provision = forms.CharField(label=_("Provision"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    finding = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Finding.Kind.choices, widget=forms.RadioSelect, initial=Finding.Kind.PROBLEM
    )
    text = forms.CharField(label=_("What you found or propose"), widget=forms.Textarea(attrs={"rows": 5}))
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    client_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class ActivityOpinionForm(_Choices):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    text = forms.CharField(label=_("Opinions"), widget=forms.Textarea(attrs={"rows": 6}))
    finding = forms.ModelChoiceField(label=_("From the finding"), queryset=Finding.objects.none(), required=False)


class HearingForm(_Choices):
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    item = forms.IntegerField(
        label=_("Existing agenda item (its number; empty: add one)"), required=False, min_value=1, max_value=2**63 - 1
    )


class RaiseForm(forms.Form):
    title = forms.CharField(label=_("Title of the suggestion"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=())

    def __init__(self, *args: Any, categories: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, c) for c in categories or []]  # type: ignore[attr-defined]


class OpinionFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("all"))] + list(SupervisionOpinion.State.choices))


class HandlingReportForm(forms.Form):
    text = forms.CharField(label=_("Handling report"), widget=forms.Textarea(attrs={"rows": 6}))


class InquiryForm(_Choices):
    meeting = forms.ModelChoiceField(label=_("Standing-committee meeting"), queryset=Meeting.objects.none())
    subject = forms.CharField(label=_("Subject"), max_length=200)
    units = forms.ModelMultipleChoiceField(label=_("Units answering"), queryset=Unit.objects.none())


class QuestionForm(_Choices):
    asker = forms.ModelChoiceField(label=_("Asked by"), queryset=Person.objects.none())
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ModelChoiceField(label=_("Unit answering"), queryset=Unit.objects.none())
    answerer = forms.CharField(label=_("Answered by"), max_length=100, required=False)
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class FollowupForm(_Choices):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    text = forms.CharField(label=_("Follow-up item"), widget=forms.Textarea(attrs={"rows": 3}))


class PollKindForm(forms.Form):
    kind = forms.ChoiceField(label=_("Way of voting"), choices=Poll.Kind.choices, initial=Poll.Kind.SECRET)


class RoundForm(_Choices):
    organiser = forms.ModelChoiceField(label=_("Organised by"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    units = forms.ModelMultipleChoiceField(label=_("Units evaluated"), queryset=Unit.objects.none())


class SelfReportForm(forms.Form):
    text = forms.CharField(label=_("Self-report"), widget=forms.Textarea(attrs={"rows": 8}))


class EvaluationOpinionForm(forms.Form):
    text = forms.CharField(label=_("Your opinion on the unit's work"), widget=forms.Textarea(attrs={"rows": 6}))


class ProblemForm(forms.Form):
    text = forms.CharField(label=_("Problem to rectify"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = _date(_("Rectify by (empty: the rule's deadline at hand-over)"), required=False)


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    completes = forms.BooleanField(label=_("Rectification completed"), required=False)


class VoteForm(_Choices):
    number = forms.TypedChoiceField(label=_("Vote"), coerce=int, choices=[(1, _("first vote")), (2, _("second vote"))])
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none(), required=False)
    poll = forms.IntegerField(label=_("Existing poll (its number)"), required=False, min_value=1, max_value=2**63 - 1)
    kind = forms.ChoiceField(label=_("Way of voting"), choices=Poll.Kind.choices, initial=Poll.Kind.SECRET)


class ProblemFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("all"))] + list(ProblemItem.State.choices))
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class CampaignForm(_Choices):
    organiser = forms.ModelChoiceField(label=_("Organised by"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    code = forms.SlugField(label=_("Short code (letters and digits)"), max_length=40)
    levels = forms.ChoiceField(label=_("Levels"), choices=Campaign.Levels.choices)
    start_date = _date(_("Start date"))
    end_date = _date(_("End date"))
    plan_adopted_on = _date(_("Plan adopted on"), required=False)
    plan = forms.CharField(label=_("Plan"), widget=TEXT, required=False)
    with_town_lists = forms.BooleanField(label=_("Towns keep the campaign's lists"), required=False, initial=True)
    with_checklist = forms.BooleanField(label=_("Towns and units have the checklist (五个一)"), required=False)


class CampaignMoveForm(forms.Form):
    on = _date(_("Date"))
    text = forms.CharField(label=_("Mobilisation meeting / summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TargetForm(_Choices):
    name = forms.CharField(label=_("Target"), max_length=200)
    kind = forms.CharField(label=_("Kind"), max_length=40, required=False)
    region = forms.ModelChoiceField(label=_("Where"), queryset=Region.objects.none())


class TargetMoveForm(_Choices):
    leader = forms.ModelChoiceField(label=_("Adopted by"), queryset=Person.objects.none(), required=False)
    on = _date(_("Date"))
    due_on = _date(_("To be closed by"), required=False)


class ListEntryForm(forms.Form):
    list_code = forms.ChoiceField(label=_("List"), choices=())
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    on = _date(_("Date"))

    def __init__(self, *args: Any, lists: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["list_code"].choices = [(x["code"], x["label"]) for x in lists or []]  # type: ignore[attr-defined]


class ChecklistSubjectsForm(_Choices):
    regions = forms.ModelMultipleChoiceField(label=_("Towns"), queryset=Region.objects.none(), required=False)
    units = forms.ModelMultipleChoiceField(label=_("Units"), queryset=Unit.objects.none(), required=False)


class ChecklistMarkForm(forms.Form):
    done_on = _date(_("Done on"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    activity = forms.IntegerField(label=_("By the activity (its number)"), required=False, min_value=1, max_value=2**63 - 1)


class IndicatorForm(forms.Form):
    code = forms.SlugField(label=_("Short code"), max_length=40)
    name = forms.CharField(label=_("Indicator"), max_length=200)
    unit_label = forms.CharField(label=_("Counted in"), max_length=20, required=False)


class IndicatorReportForm(forms.Form):
    value = forms.IntegerField(label=_("Reported value"), min_value=0, max_value=2**62)
    source = forms.CharField(label=_("Reported by"), max_length=200)
    reported_on = _date(_("Reported on"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
