"""The deputy visits (sign-ins) of each activity, kept on the activity itself (`Activity.visits`, issue #17): the
activity list's totals row sums this column over the activities the filters match instead of counting every
sign-in (6 million for a whole province). Recounted from the sign-ins by each sign-in (`services._sign`) and by
the daily job (`core.kept`); `manage.py kept check` compares every activity with its live count."""

from __future__ import annotations

from django.db.models import Count

from renda.core import kept

from .models import Activity, SignIn


def _count(cells: list[kept.Cell] | None) -> kept.Counted:
    rows = SignIn.objects.all()
    if cells is not None:
        rows = rows.filter(activity_id__in=[cell[0] for cell in cells])
    counted = rows.order_by().values("activity_id").annotate(n=Count("*")).values_list("activity_id", "n")
    return {(activity,): {"visits": n} for activity, n in counted}


VISITS = kept.register(
    kept.Kept(name="stations.visits_per_activity", model=Activity, key=("id",), values=("visits",), count=_count, in_place=True)
)
