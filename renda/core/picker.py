"""Choosing one of many: a plain select while the caller's scope holds few choices, a typeahead picker beyond.

A province's office sees 1,840 units and about 1,400 congresses, terms and regions: a select of each is most of a
list page's time and no one scrolls it. Each kind of choice is registered once by the app that owns its records
(`register(Kind(...))` in the app's `choices` module, listed in its AppConfig's `registers`): the scoped queryset,
the option's text and the field searched. A filter form then calls `offer(form, "unit", kind="units", scope=scope)`:

- up to `core.picker_threshold` choices in the scope (a rule, per installation): the field stays a select, filled
  with them (one query, the same page as before);
- beyond: the field becomes a `PickerField`, rendered as an ARIA 1.2 combobox (core/widgets/picker.html +
  core/picker.js) that asks `GET /api/choices/<kind>?q=` (renda/org/choices_api.py) for at most 20 matches in the
  caller's scope. Without JavaScript the text box is sent as `<name>_name`, and the server resolves it (an id, the
  exact name or label, or a part of the name matching one choice) with an error naming the problem otherwise.

The cleaned value is the chosen id (an int) either way, so the list's filters do not change; an id outside the
scope is refused like a select's unknown option.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import rules

THRESHOLD = rules.register(
    "core.picker_threshold",
    200,
    "Most choices a filter or form shows as a plain select; with more in the user's scope it becomes a typeahead "
    "picker (type part of the name, choose from at most 20 matches)",
)
FOUND_MAX = 20  # matches a search answers
QUERY_MAX = 50  # characters of a search read
TEXT_SUFFIX = "_name"  # the picker's text box: `<field>_name`, read when no id was chosen (no JavaScript)


@dataclass(frozen=True)
class Kind:
    """One kind of choice. `queryset(scope)` is what the caller may choose, in the select's order (it may raise
    NotPermitted); `option(row)` is a select option's text, `label(row)` the picker's (with what tells apart two
    of the same name); `search` the field a typed text is matched in; `fields` what the labels read (`only`)."""

    key: str
    nouns: str | Promise  # "units": for the errors
    queryset: Callable[[Any], QuerySet[Any]]
    fields: tuple[str, ...] = ("pk", "name")
    search: str = "name"
    option: Callable[[Any], str] = str
    label: Callable[[Any], str] | None = None
    related: tuple[str, ...] = ()  # select_related for the label
    needle: Callable[[str], str] | None = None  # what of a typed text is looked for in `search` (default: all of it)

    def rows(self, scope: Any) -> QuerySet[Any]:
        qs = self.queryset(scope)
        qs = qs.select_related(*self.related) if self.related else qs.select_related(None)
        return qs.only(*self.fields)

    def text(self, row: Model) -> str:
        return (self.label or self.option)(row)

    def matching(self, qs: QuerySet[Any], text: str) -> QuerySet[Any]:
        """The rows whose searched field contains the text (a label "name（where）" is looked for by its name)."""
        needle = text.split("（", 1)[0].strip() or text
        needle = (self.needle(needle) if self.needle else needle).strip() or needle
        return qs.filter(**{f"{self.search}__icontains": needle[:QUERY_MAX]})


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.key] = kind
    return kind


def threshold() -> int:
    return int(rules.at(THRESHOLD))


def search(kind: Kind, scope: Any, q: str) -> list[dict[str, Any]]:
    """At most FOUND_MAX choices of the scope whose searched field contains `q` (an empty `q` finds nothing)."""
    q = q.replace("\x00", "").strip()[:QUERY_MAX]
    if not q:
        return []
    rows = kind.matching(kind.rows(scope), q)[:FOUND_MAX]
    return [{"id": row.pk, "label": kind.text(row)} for row in rows]


def offer(form: forms.Form, name: str, *, kind: str, scope: Any, submit: bool = True) -> None:
    """Make `form.fields[name]` a select of the scope's choices, or a picker when they are over the threshold.
    One query: the first threshold + 1 choices. `submit`: choosing sends the form (a list's filters)."""
    definition = KINDS[kind]
    field = form.fields[name]
    qs = definition.rows(scope)
    limit = getattr(form, "picker_threshold", None)
    if limit is None:  # the rule read once a form, however many of its fields are offered
        limit = form.picker_threshold = threshold()  # type: ignore[attr-defined]
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        field.choices = [("", "—"), *[(row.pk, definition.option(row)) for row in rows]]  # type: ignore[attr-defined]
        return
    form.fields[name] = PickerField(
        kind=definition, queryset=qs, submit=submit, label=field.label, required=field.required,
        help_text=field.help_text,
    )  # fmt: skip


def _split(value: Any) -> tuple[str, str]:
    if isinstance(value, list | tuple):
        ident, text = (list(value) + ["", ""])[:2]
        return str(ident or "").strip(), str(text or "").replace("\x00", "").strip()
    return ("" if value is None else str(value).strip()), ""


class PickerWidget(forms.Widget):
    """A text box (role=combobox) with its list of matches, and the chosen id in a hidden input of the field's
    name. The id is read back on reload and shown by its label."""

    template_name = "core/widgets/picker.html"

    def __init__(self, *, kind: str, label_of: Callable[[str], str | None], submit: bool, attrs: Any = None):
        super().__init__(attrs)
        self.kind, self.label_of, self.submit = kind, label_of, submit

    def value_from_datadict(self, data: Any, files: Any, name: str) -> tuple[str, str]:
        return (data.get(name) or "", data.get(name + TEXT_SUFFIX) or "")

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + TEXT_SUFFIX not in data

    def format_value(self, value: Any) -> Any:
        return value

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        ident, text = _split(value)
        if ident and not text:
            text = self.label_of(ident) or ""
        widget = context["widget"]
        box = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            ident=ident, text=text, text_name=name + TEXT_SUFFIX, box=box, submit=self.submit,
            url=reverse("api:choices", args=[self.kind]), maxlength=QUERY_MAX * 2,
        )  # fmt: skip
        return context


class PickerField(forms.Field):
    """The chosen id (an int) of a choice in `queryset`, sent as the id or, without JavaScript, as a text."""

    default_error_messages = {
        "invalid_choice": _("Select a valid choice. That choice is not one of the available choices."),
        "none": _("None of the %(nouns)s matches “%(text)s”: type part of the name, then choose from the list."),
        "several": _("Several %(nouns)s match “%(text)s”: type more of the name, or choose one from the list."),
    }

    def __init__(self, *, kind: Kind, queryset: QuerySet[Any], submit: bool = True, **kwargs: Any):
        self.kind, self.queryset = kind, queryset
        self.chosen: tuple[str, str] | None = None
        super().__init__(widget=PickerWidget(kind=kind.key, label_of=self.label_of, submit=submit), **kwargs)

    def label_of(self, ident: str) -> str | None:
        row = self._by_id(ident)
        return self.kind.text(row) if row is not None else None

    def _by_id(self, ident: str) -> Model | None:
        if not ident.isdigit() or len(ident) > 18:
            return None
        row: Model | None = self.queryset.filter(pk=int(ident)).first()
        return row

    def bound_data(self, data: Any, initial: Any) -> Any:
        # once a typed text is resolved (no JavaScript), the page shows the record it found
        return self.chosen if self.chosen is not None else data

    def to_python(self, value: Any) -> int | None:
        ident, text = _split(value)
        if ident:
            row = self._by_id(ident)
            if row is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            if not text or text in (self.kind.text(row), self.kind.option(row)):
                return int(row.pk)
        if not text:
            return None
        row = self._by_text(text[: QUERY_MAX * 2])
        self.chosen = (str(row.pk), self.kind.text(row))
        return int(row.pk)

    def _by_text(self, text: str) -> Model:
        if text.isdigit():
            row = self._by_id(text)
            if row is not None:
                return row
        words = {"nouns": self.kind.nouns, "text": text}
        found: list[Model] = list(self.kind.matching(self.queryset, text)[: FOUND_MAX + 1])
        exact = [r for r in found if text in (self.kind.text(r), self.kind.option(r), getattr(r, self.kind.search, None))]
        if len(exact) == 1:
            return exact[0]
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(self.error_messages["none"], code="none", params=words)
        raise ValidationError(self.error_messages["several"], code="several", params=words)
