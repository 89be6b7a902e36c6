"""Forms of the suggestions pages: they parse input; services decide."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from renda.core import picker
from renda.core.limits import DayField, IdField
from renda.meetings.models import Meeting
from renda.org.models import Unit

from . import rules as srules
from .models import Assignment, ContactRecord, Period, Rating, State
from .rules import ANSWER_MAX, NOTE_MAX, TEXT_MAX

DATE = {"type": "date"}


def _categories(region):
    return [(c, c) for c in srules.rule(srules.CATEGORIES, region)]


class FastSelect(forms.Select):
    """A plain select written out in Python. The list filters hold about a hundred options; rendering each one
    through the widget templates cost tens of milliseconds on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = "" if value is None else str(value[0] if isinstance(value, list | tuple) and value else value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), mark_safe(" selected") if str(v) == chosen else "", label) for v, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final), options)


def _fast_selects(form: forms.Form) -> None:
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            attrs = field.widget.attrs
            field.widget = FastSelect(attrs=attrs, choices=getattr(field, "choices", ()))
            field.widget.is_required = field.required


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Suggestion"), widget=forms.Textarea(attrs={"rows": 8}), validators=[TEXT_MAX.validator])
    category = forms.ChoiceField(label=_("Category"))
    period = forms.ChoiceField(label=_("When"), choices=Period.choices, initial=Period.RECESS)
    meeting = forms.ModelChoiceField(
        label=_("Meeting (if made at or for a session)"), queryset=Meeting.objects.none(), required=False
    )
    cosigners = forms.CharField(
        label=_("Co-signers"),
        required=False,
        help_text=_("Names of deputies of the same congress who co-sign, separated by commas; each confirms on their phone."),
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)
    client_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    opinion = IdField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, region=None, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _categories(region)
        meeting = self.fields["meeting"]
        if congress is not None:
            # Scoped choices: the sessions of the deputy's own congress, newest first.
            meeting.queryset = Meeting.objects.filter(body=congress, preparatory_for__isnull=True).order_by("-start_date", "-pk")
            meeting.error_messages["invalid_choice"] = _("Choose one of the meetings of %(congress)s.") % {
                "congress": congress.name
            }

    def cosigner_names(self) -> list[str]:
        raw = self.cleaned_data.get("cosigners") or ""
        for sep in "，、;；":
            raw = raw.replace(sep, ",")
        return [n.strip() for n in raw.split(",") if n.strip()]


class SuggestionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    unit = forms.TypedChoiceField(label=_("Lead unit"), required=False, coerce=int, empty_value=None)
    meeting = forms.TypedChoiceField(label=_("Meeting"), required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    key = forms.ChoiceField(label=_("Key suggestions"), required=False, choices=[("", "—"), ("1", _("key only"))])
    mine = forms.ChoiceField(label=_("Whose"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False,
                              choices=[("1", _("my committee's field")), ("", _("every field I may see"))])  # fmt: skip
    on_time = forms.ChoiceField(label=_("Answered on time"), required=False, choices=[("", "—"), ("1", _("yes")), ("0", _("no"))])
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), required=False, choices=[("", "—"), *Rating.choices])
    rehandled = forms.ChoiceField(label=_("Re-handled"), required=False, choices=[("", "—"), ("1", _("yes"))])
    overdue = forms.ChoiceField(label=_("Overdue"), required=False, choices=[("", "—"), ("1", _("yes"))])
    outcome = forms.CharField(label=_("Outcome"), required=False)

    def __init__(self, *args, scope, years=(), field=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not field:  # committee staff of a committee with a field only
            del self.fields["field"]
        self.fields["state"].choices = [("", "—"), *[(s, label) for s, label in State.choices]]
        self.fields["category"].choices = [("", "—"), *_categories(None)]
        # a select of the scope's units and congress sessions, a typeahead picker where they are many
        picker.offer(self, "unit", kind="units", scope=scope)
        picker.offer(self, "meeting", kind="sessions", scope=scope)
        self.fields["year"].choices = [("", "—"), *[(y, str(y)) for y in years]]
        self.fields["mine"].choices = [
            ("", _("all I may see")),
            ("1", _("mine and co-signed")),
            ("led", _("key ones I lead or supervise")),
        ]
        self.fields["outcome"].widget = forms.HiddenInput()
        _fast_selects(self)


# the states a published suggestion can be in (it is published once assigned to the units)
PUBLIC_STATES = (State.ACCEPTED, State.ASSIGNED, State.RETURNED, State.ANSWERED, State.REHANDLING, State.CLOSED)


class PublicFilterForm(forms.Form):
    """The public list's filters: a word of the title or the number, the year, the category and the state."""

    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    category = forms.ChoiceField(label=_("Category"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "—"), *[(y, str(y)) for y in years]]
        self.fields["category"].choices = [("", "—"), *_categories(None)]
        self.fields["state"].choices = [("", "—"), *[(s, label) for s, label in State.choices if s in PUBLIC_STATES]]


class InboxFilterForm(forms.Form):
    due = forms.ChoiceField(label=_("Deadline"), required=False,
                            choices=[("", "—"), ("soon", _("due soon")), ("overdue", _("overdue"))])  # fmt: skip
    role = forms.ChoiceField(label=_("Part"), required=False, choices=[("", "—"), *Assignment.Role.choices])
    show = forms.ChoiceField(label=_("Show"), required=False, choices=[("", _("to do")), ("pending", _("to accept")), ("all", _("all assigned"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fast_selects(self)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), validators=[NOTE_MAX.validator])


class MergeForm(forms.Form):
    target = forms.CharField(label=_("Number of the suggestion to merge into"), max_length=20)


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(label=_("Lead unit"), queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-units"), queryset=Unit.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    reason = forms.CharField(label=_("Reason (for a reassignment)"), required=False, validators=[NOTE_MAX.validator])

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = units
        self.fields["co_units"].queryset = units


class ConsentForm(forms.Form):
    consent = forms.CharField(
        label=_("Consent to six months (who agreed, when, how)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[NOTE_MAX.validator],
    )


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("Opinion for the lead unit"), widget=forms.Textarea(attrs={"rows": 4}), validators=[NOTE_MAX.validator]
    )


class ContactForm(forms.Form):
    contacted_on = DayField(label=_("Date"), widget=forms.DateInput(attrs=DATE), initial=timezone.localdate)
    method = forms.ChoiceField(label=_("How"), choices=ContactRecord.Method.choices)
    summary = forms.CharField(
        label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 3}), validators=[NOTE_MAX.validator]
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"))
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}), validators=[ANSWER_MAX.validator])
    reason = forms.CharField(label=_("Reasons (required when it cannot be solved now)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    follow_up_on = DayField(label=_("Answer again by (planned items)"), required=False, widget=forms.DateInput(attrs=DATE))
    letter = forms.FileField(
        label=_("Signed letter (PDF)"),
        required=False,
        help_text=_("Leave empty to generate a Word letter with the unit head's name."),
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o["code"], f"{o['code']} {o['label']}") for o in srules.rule(srules.OUTCOMES, region)]


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Answer once solved"), widget=forms.Textarea(attrs={"rows": 4}), validators=[ANSWER_MAX.validator]
    )
    letter = forms.FileField(label=_("Signed letter (PDF)"), required=False)


class FeedbackForm(forms.Form):
    process = forms.ChoiceField(label=_("Handling process"), choices=Rating.choices, widget=forms.RadioSelect)
    result = forms.ChoiceField(label=_("Result"), choices=Rating.choices, widget=forms.RadioSelect, required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), validators=[NOTE_MAX.validator]
    )

    def __init__(self, *args, split=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not split:
            self.fields["process"].label = _("Satisfaction")
            del self.fields["result"]
        else:
            self.fields["result"].required = True


class KeyForm(forms.Form):
    decision = forms.CharField(label=_("Directors' meeting decision"), max_length=200)
    decided_on = DayField(label=_("Decided on"), widget=forms.DateInput(attrs=DATE))
    lead_leader = forms.CharField(label=_("Leading government leader (name)"), max_length=50)
    lead_leader_title = forms.CharField(label=_("Post"), max_length=60)
    supervisor = forms.CharField(label=_("Supervising congress leader (name)"), max_length=50, required=False)
    plan = forms.CharField(label=_("Supervision plan"), widget=forms.Textarea(attrs={"rows": 3}), validators=[NOTE_MAX.validator])


class ProgressForm(forms.Form):
    on = DayField(label=_("Date"), widget=forms.DateInput(attrs=DATE), initial=timezone.localdate)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}), validators=[NOTE_MAX.validator])


class CosignForm(forms.Form):
    confirm = forms.ChoiceField(choices=[("1", _("Confirm")), ("0", _("Decline"))])
