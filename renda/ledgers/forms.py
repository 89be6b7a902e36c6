from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

#: the largest ledger file accepted (5,000 rows of text fit well within it)
MAX_BYTES = 10 * 1024 * 1024


class LedgerFileForm(forms.Form):
    file = forms.FileField(label=_("Ledger (.xlsx, from the template)"))

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file."))
        if (upload.size or 0) > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class CommitForm(forms.Form):
    upload = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
