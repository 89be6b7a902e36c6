"""Records of the set-up app: the region a staff account belongs to (who may manage it), and an uploaded file
waiting between its preview and its import."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.org.models import Region


class StaffAccount(models.Model):
    """A login made by staff: the region it belongs to (the office manages its district's accounts, town staff
    their town's) and who made it. Its password is set by staff and changed at first login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_account", verbose_name=_("login")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")
        ordering = ["region_id", "user__username"]
        indexes = [models.Index(fields=["region"], name="staff_account_region_idx")]

    def __str__(self) -> str:
        return str(self.user)


class PendingImport(models.Model):
    """A file checked by a preview, kept until its import is confirmed (or it is replaced by the next preview)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sheet = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sheet"], name="pending_import_one_per_sheet")]

    def __str__(self) -> str:
        return self.name
