"""The demo's 2017 cycles, counted from records."""

from renda.projects.models import Cycle, Project
from renda.projects.selectors import vote_lines, with_progress


def test_demo_cycles(world):
    cycles = Cycle.objects.filter(year=2017).select_related("congress")
    assert cycles.count() == 6  # the district and five towns
    district = cycles.get(congress__level="district")
    assert district.candidates.count() == 12 and district.projects.count() == 10
    lines = vote_lines(district)
    outcome = lines["_outcome"]
    assert len(outcome.adopted) == 10
    assert all(line.approval >= outcome.required for line in outcome.adopted)
    projects = with_progress(Project.objects.filter(cycle=district).prefetch_related("nodes__status"))
    assert all(0 < p.progress <= 100 for p in projects)
