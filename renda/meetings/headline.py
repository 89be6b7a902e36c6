"""The meetings' headline figures for the work overview: sittings held per kind of body in the period (常委会会议,
主任会议, 人代会 …) and the reports heard at them — counted from the meetings and their agenda."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.headline import Figure, Period
from renda.org.models import Body
from renda.org.scoping import Scope

from . import permissions
from .lifecycles import MEETING
from .models import AgendaItem
from .selectors import meeting_queryset

#: the kinds of body whose sittings the overview counts, in this order, with what a sitting is called
KINDS = {
    Body.Kind.STANDING_COMMITTEE: gettext_lazy("standing committee meetings"),
    Body.Kind.DIRECTORS_MEETING: gettext_lazy("directors' meetings"),
    Body.Kind.CONGRESS: gettext_lazy("congress sessions"),
    Body.Kind.PRESIDIUM: gettext_lazy("presidium meetings"),
}
#: agenda items that are a report heard and reviewed (听取和审议): the seed's "reports heard" (written reports on
#: the handling of review opinions, approvals and progress reports are other items)
REPORT_KINDS = [AgendaItem.Kind.HEAR_REPORT]


def held(scope: Scope, period: Period):
    """Sittings of the period that took place (convened, in progress or closed — not merely planned); a session's
    preparatory meeting is part of its session (it shares the session's number), not a sitting of its own."""
    return meeting_queryset(scope).filter(
        start_date__gte=period.date_from,
        start_date__lte=period.date_to,
        state__in=MEETING.group("held"),
        preparatory_for__isnull=True,
    )


def figures(scope: Scope, period: Period) -> list[Figure]:
    if not permissions.can_list_meetings(scope):
        return []
    section = _("Meetings")
    counts = dict(held(scope, period).values_list("body__kind").annotate(n=Count("pk")).order_by())
    reports = dict(
        AgendaItem.objects.filter(meeting__in=held(scope, period), kind__in=REPORT_KINDS)
        .values_list("meeting__body__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # the kinds of body the viewer has sittings of at all (a town has no standing committee: no "0" for it)
    kinds_in_scope = set(meeting_queryset(scope).values_list("body__kind", flat=True).distinct().order_by())
    url = reverse("meetings:list") + "?"
    out = []
    for kind, label in KINDS.items():
        if kind in kinds_in_scope:
            n = counts.get(kind, 0)
            out.append(Figure(section, f"meetings_{kind}", str(label), n, url + period.query(kind=kind, held=1)))
    if Body.Kind.STANDING_COMMITTEE in kinds_in_scope:
        out.append(
            Figure(section, "reports_heard", _("reports heard by the standing committee"),
                   reports.get(Body.Kind.STANDING_COMMITTEE, 0),
                   reverse("meetings:item_list") + "?" + period.query(kind=Body.Kind.STANDING_COMMITTEE, held=1, item_kind=REPORT_KINDS[0]))
        )  # fmt: skip
    return out
