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


def test_demo_year_end_satisfaction_of_wjj(world):
    from renda.projects.selectors import satisfaction

    cycle = Cycle.objects.get(year=2017, region=world.wjj)
    assert cycle.state == "evaluated"  # the published satisfaction poll closed its cycle
    verdicts = satisfaction(cycle)
    assert len(verdicts) == cycle.projects.count()
    assert {v["verdict"] for v in verdicts.values()} <= {"S", "B", "U"}
    assert "S" in {v["verdict"] for v in verdicts.values()}
    project = cycle.projects.order_by("rank").first()
    html = world.client(None).get(f"/projects/public/{project.pk}/").content.decode()
    assert 'data-testid="verdict"' in html


def test_overdue_job_notifies_unit_clerks_once(world):
    from renda.core.models import Notice
    from renda.projects.jobs import overdue_milestones

    first = overdue_milestones()
    assert first > 0 and Notice.objects.filter(kind="projects.overdue", user=world.users["edu_clerk"]).exists()
    assert overdue_milestones() == 0
