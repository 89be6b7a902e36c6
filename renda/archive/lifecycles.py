"""The scoring scheme's one move, declared once: open (in force, may change; every change raises its version)
─freeze→ frozen (the year's scores are final; the scheme refuses every change)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.lifecycle import Lifecycle, T

from . import permissions
from .models import ScoreScheme

S = ScoreScheme.State

SCHEME = Lifecycle(
    ScoreScheme,
    field="state",
    audit_prefix="score_scheme",
    noun=_("scoring scheme"),
    transitions=[
        T("freeze", {S.OPEN}, S.FROZEN, _("Freeze (the year's scores are final)"), may=permissions.can_manage_scheme,
          style="danger", confirm=_("A frozen scheme can never change again. Freeze it?")),
    ],  # fmt: skip
    groups={"editable": {S.OPEN}, "final": {S.FROZEN}},
)
