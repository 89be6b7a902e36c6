"""Daily jobs of the projects app."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.jobs import daily
from renda.core.notify import notify
from renda.org.models import Role, RoleGrant

from . import progress
from .lifecycles import CYCLE
from .models import Node, Project
from .rules import as_of_resolver


@daily("projects.overdue_milestones")
def overdue_milestones() -> int:
    """Tell the responsible unit's clerks about overdue results of projects under way (once per result)."""
    resolve = as_of_resolver()
    projects = list(Project.objects.filter(cycle__state__in=CYCLE.group("implementing")).select_related("region", "unit"))
    nodes = defaultdict(list)
    for node in Node.objects.filter(project__in=projects).select_related("status"):
        nodes[node.project_id].append(node)
    clerks = defaultdict(list)
    for grant in RoleGrant.objects.filter(role=Role.UNIT_CLERK, unit__in={p.unit_id for p in projects}).select_related("user"):
        clerks[grant.unit_id].append(grant.user)
    sent = 0
    with transaction.atomic():
        for project in projects:
            for tree in progress.overdue_nodes(progress.build(nodes[project.pk], resolve(project.region.path))):
                sent += notify(
                    users=clerks[project.unit_id],
                    kind="projects.overdue",
                    title=_("Overdue: %(result)s of %(project)s") % {"result": tree.node.title, "project": project.title},
                    url=f"/projects/{project.pk}/",
                    dedupe_key=f"projects-node-{tree.node.pk}-overdue",
                    event_on=tree.node.due_date,
                )
    return sent
