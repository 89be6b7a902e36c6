"""Upper bounds on what a request may carry (issue #16, items 6 and 7).

Texts: each free text a user types has a longest length, a rule (`text_max.<field>`) so that an office can lower or
raise it, enforced the same way in forms, API schemas and imports, with one clear message:

    OPINION_TEXT = limits.text("opinions.text", 2000, "an opinion's text")
    text = forms.CharField(validators=[OPINION_TEXT.validator])      # a form field
    text: Annotated[str, OPINION_TEXT] = ""                            # an API schema field (422 beyond it)
    OPINION_TEXT.check(value)                                          # an import column or a service: DomainError

Numbers and dates in forms: `IdField`, `YearField` and `DayField` refuse what no database column can hold (an id
beyond 64 bits, the year 99999) as a form error instead of a database error.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

from . import rules
from .errors import DomainError
from .listing import MAX_ID, MAX_YEAR, MIN_YEAR


@dataclass(frozen=True)
class TextLimit:
    rule: rules.RuleDefinition

    @property
    def default(self) -> int:
        return int(str(self.rule.default))

    def max(self) -> int:
        return int(rules.value(self.rule.key))

    def message(self, length: int, label: str = "") -> str:
        return _("%(field)s may be at most %(max)d characters long (%(length)d given).") % {
            "field": label or _("The text"),
            "max": self.max(),
            "length": length,
        }

    def check(self, value: str | None, label: str = "") -> str:
        """The text, or DomainError when it is longer than the rule allows."""
        text = value or ""
        if len(text) > self.max():
            raise DomainError(self.message(len(text), label), code="too_long")
        return text

    def validator(self, value: str | None) -> None:
        """A form field validator (the field's label is shown beside the message)."""
        text = value or ""
        if len(text) > self.max():
            raise ValidationError(self.message(len(text)), code="too_long")

    # As metadata of an API schema field (`Annotated[str, LIMIT]`): validated against the rule, documented with the
    # rule's default as maxLength.
    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._api_check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        json_schema = dict(handler(schema))
        json_schema["maxLength"] = self.default
        return json_schema

    def _api_check(self, value: str) -> str:
        if len(value) > self.max():
            raise ValueError(self.message(len(value)))
        return value


def text(field: str, default: int, what: str) -> TextLimit:
    """Register the longest length of a free text (`field` as `app.field`), a rule offices may change."""
    return TextLimit(rules.register(f"text_max.{field}", default, f"Most characters of {what}"))


class IdField(forms.IntegerField):
    """A record id from a form or a filter: 1 … 2**63-1, anything else is a form error, never a database error."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(**kwargs)


def _day_in_range(day: datetime.date | None) -> None:
    if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(
            _("Enter a date between %(low)d and %(high)d.") % {"low": MIN_YEAR, "high": MAX_YEAR}, code="out_of_range"
        )


class DayField(forms.DateField):
    """A date within the years the platform knows (1949–2200): 9999-12-31 is a form error, not an overflow when a
    period is computed from it."""

    default_validators = [_day_in_range]
