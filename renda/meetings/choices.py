"""The meetings for core's typeahead picker (renda/core/picker.py): every meeting the caller may see, and the
congress sessions only (where suggestions are made), newest first, by title."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from renda.core.picker import Kind, register
from renda.org.models import Body

from .models import Meeting
from .selectors import meeting_queryset


def _label(meeting: Meeting) -> str:
    return f"{meeting.title}（{meeting.start_date:%Y-%m-%d}）"


MEETINGS = register(Kind(
    "meetings", _("meetings"), lambda scope: meeting_queryset(scope).order_by("-start_date", "-pk"),
    fields=("pk", "title", "start_date"), search="title", option=lambda m: m.title, label=_label,
))  # fmt: skip
SESSIONS = register(Kind(
    "sessions", _("congress sessions"),
    lambda scope: meeting_queryset(scope).filter(body__kind=Body.Kind.CONGRESS).order_by("-start_date", "-pk"),
    fields=("pk", "title", "start_date"), search="title", option=lambda m: m.title, label=_label,
))  # fmt: skip
