"""The state machines of the projects app, each declared once (see `renda.core.lifecycle`).

- `CYCLE`: the yearly cycle, collecting → listing → reviewed → voting → implementing → evaluated. Staff take
  `close_proposals`, `review` and `evaluate` on the cycle page (`services.cycle_transition`); `ballot` is setting
  the ballot's rules (`services.ballot_configure`, a loop while the rules are open) and `decide` follows from
  publishing the ballot's result (`services.ballot_transition`), so it is never offered as a cycle action.
- `PROPOSAL`: staff shortlist or decline a proposal with a reason, and may revise the decision while the candidate
  list is open.
- `BALLOT`: open → close → publish. A ballot's state is the state of the meetings poll that carries its votes, so
  its moves are the poll's (`meetings.lifecycles.POLL`: start, finish, publish) under the ballot's names, offered to
  the staff who run the cycle (`BALLOT.available(ballot.poll, scope)`), and its states are read through the poll's
  groups (`POLL.in_group(poll, "draft")`: the rules may still change). The poll itself is moved by the meetings
  entry point `poll_transition`, which this app calls as a system actor.

The year-end `Evaluation` has no state of its own (its poll is run on the meetings pages) and a `Project`'s
progress is computed from its results, so neither has a lifecycle.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renda.core.lifecycle import Lifecycle, T, Transition
from renda.meetings.lifecycles import POLL
from renda.meetings.models import Poll
from renda.org.scoping import Scope

from . import permissions
from .models import Ballot, Cycle, Evaluation, Proposal

S = Cycle.State
P = Proposal.State


def _manages(scope: Scope, cycle: Cycle) -> bool:
    return permissions.can_manage_cycle(scope, cycle)


def _follows_the_ballot(scope: Scope, cycle: Cycle) -> bool:
    """A move taken by publishing the ballot's result, never on the cycle itself."""
    return False


def _ballot_rules_open(cycle: Cycle) -> bool:
    """No ballot yet, or its poll has not started: the rules may still be set."""
    poll_state = Ballot.objects.filter(cycle=cycle, round=1).values_list("poll__state", flat=True).first()
    return poll_state is None or poll_state in POLL.group("draft")


def _satisfaction_published(cycle: Cycle) -> bool:
    return Evaluation.objects.filter(cycle=cycle, poll__state__in=POLL.group("published")).exists()


CYCLE: Lifecycle[Cycle] = Lifecycle(
    Cycle,
    field="state",
    audit_prefix="projects.cycle",
    noun=_("project cycle"),
    transitions=[
        T("close_proposals", {S.COLLECTING}, S.LISTING, _("Close proposals"), may=_manages),
        T("review", {S.LISTING}, S.REVIEWED, _("Record the review"), may=_manages, style="primary"),
        T("ballot", {S.REVIEWED, S.VOTING}, S.VOTING, _("Save the ballot rules"), may=_manages, when=_ballot_rules_open),
        T("decide", {S.VOTING}, S.IMPLEMENTING, _("Publish the result"), may=_follows_the_ballot),
        T(
            "evaluate",
            {S.IMPLEMENTING},
            S.EVALUATED,
            _("Record the evaluation: the cycle is evaluated"),
            may=_manages,
            when=_satisfaction_published,
            style="primary",
        ),
    ],
    groups={
        "collecting": {S.COLLECTING},  # proposals are taken
        "list_open": {S.COLLECTING, S.LISTING},  # candidates and proposal decisions may still change
        "implementing": {S.IMPLEMENTING},  # adopted projects under way: run-offs, the year-end evaluation
        "public": {S.IMPLEMENTING, S.EVALUATED},  # the result is published: public pages show the cycle
    },
    related=("congress", "region"),
)

# The moves staff take directly on the cycle page (`services.cycle_transition`).
CYCLE_ACTIONS = ("close_proposals", "review", "evaluate")


def _manages_proposal(scope: Scope, proposal: Proposal) -> bool:
    return permissions.can_manage_cycle(scope, proposal.cycle)


def _list_open(proposal: Proposal) -> bool:
    return CYCLE.in_group(proposal.cycle, "list_open")


PROPOSAL: Lifecycle[Proposal] = Lifecycle(
    Proposal,
    field="state",
    audit_prefix="projects.proposal",
    noun=_("proposal"),
    transitions=[
        T(
            "shortlist",
            {P.SUBMITTED, P.SHORTLISTED, P.DECLINED},
            P.SHORTLISTED,
            _("Shortlist"),
            may=_manages_proposal,
            when=_list_open,
        ),
        T(
            "decline",
            {P.SUBMITTED, P.SHORTLISTED, P.DECLINED},
            P.DECLINED,
            pgettext_lazy("proposal", "Decline"),
            may=_manages_proposal,
            when=_list_open,
        ),
    ],
    groups={"shortlisted": {P.SHORTLISTED}},
    related=("cycle",),
)


def _manages_ballot(scope: Scope, poll: Poll) -> bool:
    """Staff who run the cycle of the ballot this poll carries."""
    ballot = getattr(poll, "project_ballot", None)
    return ballot is not None and permissions.can_manage_cycle(scope, ballot.cycle)


# Each ballot action, the meetings poll action it takes, and its label on the ballot page.
POLL_ACTION = {"open": "start", "close": "finish", "publish": "publish"}
_BALLOT_LABELS = {"open": _("Open voting"), "close": _("Close voting"), "publish": _("Publish the result")}


def _ballot_move(action: str) -> Transition:
    """A ballot action is its poll's move (`meetings.lifecycles.POLL`), offered to the staff who run the cycle."""
    move = POLL.transition(POLL_ACTION[action])
    return T(action, move.sources, move.target, _BALLOT_LABELS[action], may=_manages_ballot, style="primary")


BALLOT: Lifecycle[Poll] = Lifecycle(
    Poll,
    field="state",
    audit_prefix="projects.ballot",
    noun=_("ballot"),
    transitions=[_ballot_move(action) for action in POLL_ACTION],
)
