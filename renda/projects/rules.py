"""Thresholds, ballot defaults, the tie rule, the satisfaction rule and the statuses, as data (DOMAIN.md §5)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from renda.core import limits, rules

BALLOT_FORM = rules.register("projects.ballot_form", "yna", "Default ballot form of a livelihood-project ballot: yna, pick, rank")
BALLOT_KIND = rules.register(
    "projects.ballot_kind", "secret", "Default voting of a livelihood-project ballot: named, secret, paper"
)
THRESHOLD = rules.register(
    "projects.threshold",
    "half_members",
    "Adoption threshold of a livelihood project: half_members (more than half of all deputies), two_thirds_members, "
    "half_present, half_cast",
)
TIE_RULE = rules.register(
    "projects.tie_rule",
    "runoff",
    "When projects tie for the last place: runoff (none adopted, a run-off ballot), adopt_all, lower_cost, list_order",
)
SATISFACTION_RULE = rules.register(
    "projects.satisfaction_rule",
    [["S", ["S"], "half_members"], ["B", ["S", "B"], "half_members"]],
    "Year-end satisfaction verdict (Zhenhai): [verdict, votes that count, threshold] tried in order; otherwise U "
    "(not satisfied). S satisfied, B basically satisfied.",
)
STATUSES = rules.register(
    "projects.statuses",
    [
        ["not_started", "未开工", 0],
        ["preparing", "前期准备", 10],
        ["in_progress", "实施中", 50],
        ["nearly_done", "基本完成", 90],
        ["done", "已完成", 100],
    ],
    "Statuses of a project result with their default progress % (Decidim accountability)",
)
AS_OF = rules.register("projects.as_of", "", "Reference date for overdue milestones (ISO date; empty = today)")
OTP_MINUTES = rules.register("projects.otp_minutes", 10, "Minutes a phone confirmation code stays valid")
OTP_ATTEMPTS = rules.register("projects.otp_attempts", 5, "Wrong tries before a phone confirmation code is void")
OTP_PER_HOUR = rules.register("projects.otp_per_hour", 5, "Confirmation codes a phone may request per hour")
OTP_PER_IP_HOUR = rules.register(
    "projects.otp_per_ip_hour", 20, "Confirmation codes one client address may request per hour (any phones)"
)


def as_of_resolver():
    """A function region path → reference date, from one query (for lists spanning regions)."""
    from renda.core.models import Rule

    rows = {r.region_id: r.value for r in Rule.objects.filter(key=AS_OF.key)}

    def resolve(region_path: str) -> datetime.date:
        ids = [int(p) for p in region_path.strip("/").split("/") if p]
        raw = next((rows[i] for i in reversed(ids) if i in rows), rows.get(None, ""))
        try:
            return datetime.date.fromisoformat(str(raw)) if raw else timezone.localdate()
        except ValueError:
            return timezone.localdate()

    return resolve


def as_of(region_path: str = "") -> datetime.date:
    raw = rules.value(AS_OF.key, region_path=region_path)
    if raw:
        try:
            return datetime.date.fromisoformat(str(raw))
        except ValueError:
            pass
    return timezone.localdate()


# Longest text of a proposed project's description (issue #16); its title is bounded by its column (200).
DESCRIPTION_MAX = limits.text("projects.description", 5000, "a proposed project's description")
