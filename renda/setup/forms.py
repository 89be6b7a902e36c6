from __future__ import annotations

from typing import Any

from django import forms

from renda.core.forms import XlsxUploadForm
from renda.org.scoping import Scope

from .sheets import Sheet

BLANK = [("", "—")]


class RowForm(forms.Form):
    """One row of a sheet as a form: a dropdown for every column with valid values, text for the others."""

    def __init__(self, *args: Any, sheet: Sheet, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for column in sheet.columns:
            field: forms.Field
            if column.choices is not None:
                values = column.choices(scope)
                field = forms.ChoiceField(choices=BLANK + [(v, v) for v in values], required=column.required)
            elif column.field == "password":
                field = forms.CharField(max_length=column.max_length, required=False, strip=False,
                                        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))  # fmt: skip
            else:
                field = forms.CharField(max_length=column.max_length, required=column.required)
            field.label = column.header
            field.help_text = column.help
            self.fields[column.field] = field


UploadForm = XlsxUploadForm  # an Excel file to import


class ConfirmForm(forms.Form):
    pending = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
