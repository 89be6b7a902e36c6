"""The state machine of the stations app, declared once: an activity is planned, then held (its record saved,
on or after its day) or cancelled (while nobody has signed in). Services move it with `set_state` (they write
their own audit: the record's changed fields, the cancelling reason); pages and the API offer `available()`.

    planned ──record──▶ held ──record (edit again)──▶ held
       └──────cancel──▶ cancelled
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.lifecycle import Lifecycle, T

from . import permissions
from .models import Activity

A = Activity.Status


def _on_or_after_its_day(activity: Activity) -> bool:
    return activity.date <= timezone.localdate()


def _nobody_signed_in(activity: Activity) -> bool:
    return not activity.signins.exists()


ACTIVITY = Lifecycle(
    Activity,
    field="status",
    audit_prefix="activity",
    noun=_("activity"),
    transitions=[
        T(
            "record",
            {A.PLANNED, A.HELD},
            A.HELD,
            _("Save the record"),
            may=permissions.can_manage_activity,
            when=_on_or_after_its_day,
            style="primary",
        ),
        T(
            "cancel",
            {A.PLANNED},
            A.CANCELLED,
            _("Cancel the activity"),
            may=permissions.can_manage_activity,
            when=_nobody_signed_in,
            style="danger",
        ),
    ],  # fmt: skip
    groups={
        "roster_open": frozenset({A.PLANNED}),  # deputies can be put on or taken off duty
        "signable": frozenset({A.PLANNED, A.HELD}),  # deputies can sign in (on the day)
    },
)
