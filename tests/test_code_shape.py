"""The code's shape, as issue #10 set it: every state machine is one lifecycle declaration, templates never compare
state strings, no services module grows past 600 lines, and no scope covering everything is built outside core/org."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "renda"
# `x.state == "…"`, `x.status != '…'`, `state in "draft approved"`, `"sent" == x.state`, `{% if x.state|…== …`
STATE_COMPARISON = re.compile(
    r"""(\b(state|status)\b[^%}]*?(==|!=|\bin\b|\bnot in\b)\s*["'\[])|(["'][a-z_]+["']\s*(==|!=)\s*[\w.]*\b(state|status)\b)"""
)


def _templates():
    return sorted(p for p in ROOT.rglob("templates/**/*.html"))


def test_no_template_compares_a_state_string():
    offenders = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for tag in re.findall(r"{%.*?%}", line):
                if STATE_COMPARISON.search(tag):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {tag}")
    assert not offenders, "templates must show lifecycle actions and groups, not compare states:\n" + "\n".join(offenders)


def test_the_check_catches_what_it_forbids():
    for sample in ['{% if s.state == "draft" %}', "{% if o.status != 'routed' %}", '{% if x.state in "a b" %}',
                   "{% if 'sent' == opinion.state %}"]:
        assert STATE_COMPARISON.search(sample), sample
    for sample in ['{% if actions %}', '<span class="badge badge-{{ s.state }}">', "{% if can.answer %}"]:
        assert not STATE_COMPARISON.search(sample), sample


@pytest.mark.parametrize("path", sorted(ROOT.rglob("services*.py")) + sorted(ROOT.rglob("services/*.py")), ids=str)
def test_no_services_module_over_600_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600, f"{path}: split it along its sections"


def test_no_scope_covering_everything_outside_core_and_org():
    pattern = re.compile(r"Scope\([^)]*everything\s*=\s*True")
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if p.parts[len(ROOT.parts)] not in {"core", "org"} and pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert not offenders, "use Scope.system(reason) with a system actor: " + ", ".join(offenders)


def test_every_state_machine_is_a_lifecycle():
    """No per-app transition tables are left beside the lifecycles."""
    pattern = re.compile(r"^(\w*TRANSITIONS|ATTENDANCE_ACTIONS|ACTION_LABELS)\s*[:=]", re.M)
    offenders = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py") if "tests" not in p.parts and pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders, offenders
