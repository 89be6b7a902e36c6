"""Records of the ledgers app: each import of a past years' ledger (台账) — who brought which file when — and,
for every row it created, the ledger's own number and the record it became (so that a file imported twice
changes nothing, and every imported record is known as imported)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.org.models import Region


class Kind(models.TextChoices):
    ACTIVITIES = "activities", _("station activities and sign-ins")
    OPINIONS = "opinions", _("voters' opinions with every step")
    SUGGESTIONS = "suggestions", _("deputies' suggestions with their handling")
    MEETINGS = "meetings", _("meetings with their attendance and votes")


class Batch(models.Model):
    """One committed import: a file (or an API batch) of one ledger, by one user."""

    class Source(models.TextChoices):
        EXCEL = "excel", _("Excel file")
        API = "api", _("API")

    kind = models.CharField(_("ledger"), max_length=16, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    file_name = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(max_length=64, editable=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("records created"), default=0)
    unchanged = models.PositiveIntegerField(_("rows already imported"), default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        indexes = [models.Index(fields=["region", "-at"], name="ledger_batch_region_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name}"


class Entry(models.Model):
    """A ledger row that became a record: the ledger's number for it (unique per ledger and town), the record's id
    and a fingerprint of the row (the same number with other contents is refused on a later import)."""

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="entries", verbose_name=_("import"))
    kind = models.CharField(_("ledger"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("town or sub-district"))
    key = models.CharField(_("ledger number"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("record"))
    row = models.PositiveIntegerField(_("row"))
    fingerprint = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("imported ledger row")
        verbose_name_plural = _("imported ledger rows")
        constraints = [models.UniqueConstraint(fields=["kind", "region", "key"], name="ledger_entry_unique_key")]
        indexes = [models.Index(fields=["kind", "object_id"], name="ledger_entry_object_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class Upload(models.Model):
    """A file checked in a preview and waiting for its importer to commit it (kept for the hours of a rule; then the daily job removes it)."""

    kind = models.CharField(_("ledger"), max_length=16, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=200)
    data = models.BinaryField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ledger file awaiting import")
        verbose_name_plural = _("ledger files awaiting import")

    def __str__(self) -> str:
        return self.file_name
