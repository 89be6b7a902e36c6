"""The score of the duty archive as data (DOMAIN.md §3.10, §5 "Duty records"): one scheme per congress and year —
the points each kind of entry earns, the most a kind may earn (its cap), the base, the bands (good, fair, poor).

Scores are not stored: they are counted from the archive's entries with the year's scheme whenever they are read.
A scheme belongs to its year, so changing next year's rule leaves this year's scores as they were; each change of
a scheme raises its version (the archive says which version it was scored with); once the year's scores are final
the scheme is frozen and refuses every change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.org.models import Body, Region


class ScoreScheme(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("in force")
        FROZEN = "frozen", _("frozen")

    congress = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("congress"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"), default=1)
    points = models.JSONField(_("points per entry"), default=dict, help_text=_("{kind: points}; negative for a fault"))
    caps = models.JSONField(_("most points per kind"), default=dict, help_text=_("{kind: the most a kind may add or take}"))
    base = models.IntegerField(_("base points"), default=0)
    maximum = models.PositiveIntegerField(_("full score"), default=100)
    good_from = models.PositiveIntegerField(_("good from"), default=80)
    fair_from = models.PositiveIntegerField(_("fair from"), default=60)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")
        ordering = ["-year", "congress_id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year"], name="score_scheme_one_per_year"),
            models.CheckConstraint(
                condition=Q(fair_from__lte=F("good_from"), good_from__lte=F("maximum")), name="score_scheme_bands_ordered"
            ),
            models.CheckConstraint(condition=Q(state="open") | Q(frozen_at__isnull=False), name="score_scheme_frozen_at"),
        ]

    def __str__(self) -> str:
        return f"{self.congress} {self.year} v{self.version}"

    @property
    def label(self) -> str:
        """The version an archive says it was scored with: year and version ("2017.3")."""
        return f"{self.year}.{self.version}"
