"""Forms of the decisions pages (the API takes the same fields as JSON)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.schemas import MAX_ID
from renda.meetings.models import Meeting, Poll
from renda.org.models import Body, Unit

from .models import AppointmentList, Bill, Candidate, Election, Matter, Nomination


class ElectionForm(forms.Form):
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(queryset=Meeting.objects.none(), label=_("Session"))
    post = forms.CharField(label=_("Post"), max_length=100)
    post_kind = forms.ChoiceField(label=_("Kind of post"), choices=Election.PostKind.choices)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=99)
    kind = forms.ChoiceField(
        label=_("Ballot"), choices=[(k, v) for k, v in Poll.Kind.choices if k in {Poll.Kind.SECRET, Poll.Kind.PAPER}]
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = sessions  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = lambda m: m.title  # type: ignore[attr-defined]


class CandidateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=50,
        widget=forms.TextInput(attrs={"list": "people", "autocomplete": "off"}),
        help_text=_("Pick a deputy or member of the area; a name they hold is linked to the person."),
    )
    source = forms.ChoiceField(
        label=_("Nominated by"),
        choices=[(k, v) for k, v in Candidate.Source.choices if k != Candidate.Source.WRITTEN_IN],
    )
    nominators = forms.IntegerField(label=_("Deputies who nominated"), min_value=1, required=False)


#: the words a line of the request may start with (the one-line form: 任命 张三 区教育局局长)
ACTION_WORDS = {
    "任命": Nomination.Action.APPOINT,
    "appoint": Nomination.Action.APPOINT,
    "免去": Nomination.Action.REMOVE,
    "免职": Nomination.Action.REMOVE,
    "remove": Nomination.Action.REMOVE,
}
PICKER_ROWS = 3  # the rows the form shows at first (a button adds more)
PICKER_MAX_ROWS = 200  # as the API's list


class AppointmentListForm(forms.Form):
    """A request to appoint or remove: its people one row each, the person picked by name from the deputies and
    members of the area (`n-person` carries the id the picker chose; a name typed without picking is linked when
    exactly one person of the area holds it). The one-line form of earlier pages (`people`: 任命 张三 区教育局局长,
    one a line) is still read."""

    nominator = forms.ChoiceField(label=_("Nominated by"), choices=AppointmentList.Nominator.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    submitted_on = forms.DateField(label=_("Submitted on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = self.data if self.is_bound else None
        columns = ("n-action", "n-person", "n-name", "n-post")
        if data is not None and hasattr(data, "getlist"):
            lists = [data.getlist(c)[:PICKER_MAX_ROWS] for c in columns]
            size = max((len(v) for v in lists), default=0)
            self.rows = [
                dict(zip(("action", "person", "name", "post"), (v[i] if i < len(v) else "" for v in lists), strict=True))
                for i in range(size)
            ]
        else:
            self.rows = []
        if not self.rows:
            self.rows = [{"action": Nomination.Action.APPOINT, "person": "", "name": "", "post": ""} for _i in range(PICKER_ROWS)]
        self.actions = Nomination.Action.choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        people = self._one_line_people() if self.data.get("people") else self._picked_people()
        if not people:
            raise forms.ValidationError(_("Name at least one person."))
        cleaned["people"] = people
        return cleaned

    def _picked_people(self) -> list[dict[str, Any]]:
        out = []
        for number, row in enumerate(self.rows, start=1):
            name, post = " ".join(str(row["name"]).split())[:50], " ".join(str(row["post"]).split())[:100]
            person = str(row["person"]).strip()
            if not (name or post or person):
                continue  # a row left empty
            if row["action"] not in Nomination.Action.values or not (name or person) or not post:
                raise forms.ValidationError(_("Row %(n)s: choose appoint or remove, the person and the post.") % {"n": number})
            entry: dict[str, Any] = {"action": row["action"], "name": name, "post": post}
            if person:
                if not person.isdigit() or not 1 <= int(person) <= MAX_ID:
                    raise forms.ValidationError(_("Row %(n)s: pick the person from the list.") % {"n": number})
                entry["person_id"] = int(person)
            out.append(entry)
        return out

    def _one_line_people(self) -> list[dict[str, str]]:
        rows = []
        for line in str(self.data.get("people", "")).splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 3 or parts[0] not in ACTION_WORDS:
                raise forms.ValidationError(_("Each line: appoint or remove, name, post."))
            rows.append({"action": ACTION_WORDS[parts[0]], "name": parts[1], "post": " ".join(parts[2:])})
        return rows


class OathForm(forms.Form):
    leader = forms.CharField(label=_("Led by"), max_length=50, required=False)


class BillForm(forms.Form):
    congress = forms.ModelChoiceField(queryset=Body.objects.none(), label=_("Congress"))
    proposer = forms.ChoiceField(label=_("Proposed by"), choices=Bill.Proposer.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Grounds and proposal"), widget=forms.Textarea(attrs={"rows": 6}))
    signers = forms.CharField(
        label=_("Deputies asked to sign"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names, separated by spaces or commas (deputies of the same congress)."),
    )

    def __init__(self, *args: Any, congresses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = congresses  # type: ignore[attr-defined]

    def clean_signers(self) -> list[str]:
        return [n for n in self.cleaned_data["signers"].replace("，", " ").replace(",", " ").replace("、", " ").split() if n]


class MatterForm(forms.Form):
    title = forms.CharField(label=_("Matter"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=())
    form = forms.ChoiceField(label=_("Form"), choices=Matter.Form.choices)
    requested_by = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Requested by"), required=False)

    def __init__(self, *args: Any, categories: list[tuple[str, str]], units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        self.fields["requested_by"].queryset = units  # type: ignore[attr-defined]
