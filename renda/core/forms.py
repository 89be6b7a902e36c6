"""Forms every app's pages share."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _


class XlsxUploadForm(forms.Form):
    """An Excel file to import (the rosters', the set-up sheets'): refused unless its name ends in .xlsx; its content
    is read by the import itself."""

    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file."))
        return upload
