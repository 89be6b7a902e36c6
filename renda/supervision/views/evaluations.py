"""Pages of unit evaluation: the rounds, one round with its units, votes, results and ranking, one unit's page (its
self-report, the deputies' opinions, its problem list and rectification), the deputy's opinion form (a phone), the
problems list."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.errors import DomainError, NotPermitted
from renda.core.listing import Export, int_param, list_or_export, year_param
from renda.core.requests import AuthedRequest
from renda.meetings.lifecycles import POLL
from renda.meetings.models import Meeting, Poll
from renda.org.scoping import Scope, scope_allowed, scope_for

from .. import forms, permissions, selectors, services
from ..lifecycles import PROBLEM, ROUND, round_actions
from ..models import EvaluatedUnit, EvaluationRound, EvaluationVote, ProblemItem
from ..results import VoteResults, shows_result, vote_results
from ._common import RecordPage, action, form_page, inline

DETAIL = "supervision/round_detail.html"
UNIT = "supervision/evaluated_detail.html"


@login_required
def round_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_allowed(request.user, permissions.can_list_rounds)
    rows = selectors.round_list(scope=scope, year=year_param(request.GET.get("year")))
    return list_or_export(
        request, rows, template="supervision/round_list.html", context={"can_create": permissions.can_create_rounds(scope)}
    )


@login_required
def round_create(request: AuthedRequest) -> HttpResponse:
    return ROUND_PAGE.create(
        request,
        lambda scope: forms.RoundForm(
            request.POST or None,
            initial={"year": timezone.localdate().year},
            choices={"organiser": selectors.organiser_choices(scope=scope), "units": selectors.units_for(scope=scope)},
        ),
        services.round_create,
        allowed=permissions.can_create_rounds,
        title=_("New evaluation round"),
    )


def results_of(scope: Scope, round_: EvaluationRound, units: list[EvaluatedUnit], *, public: bool = False) -> list[VoteResults]:
    """Each vote's results as far as this scope may see them (published, or counted for the staff who run it); a
    unit clerk sees their own unit's line; the public page every unit's once the round's results are published."""
    manage = permissions.can_manage_round(scope, round_)
    out = []
    for vote in EvaluationVote.objects.filter(round=round_).select_related("poll").order_by("number"):
        if shows_result(vote, manage):
            results = vote_results(vote, units, round_.region)
            if not public and not permissions.sees_every_unit(scope, round_):
                own = {e.pk for e in units}
                results.units = [r for r in results.units if r.evaluated_id in own]
            out.append(results)
    return out


def _context(scope: Scope, round_: EvaluationRound) -> dict[str, Any]:
    manage = permissions.can_manage_round(scope, round_)
    units = selectors.round_units(scope=scope, round_=round_)
    votes = list(EvaluationVote.objects.filter(round=round_).select_related("poll__meeting"))
    return {
        "round": round_,
        "units": units,
        "votes": [(v, POLL.available(v.poll, scope) if manage else []) for v in votes],
        "results": results_of(scope, round_, units),
        "actions": round_actions(round_, scope),
        "can_manage": manage,
        "sees_all": permissions.sees_every_unit(scope, round_),
        "vote_form": forms.VoteForm(
            choices={
                "meeting": Meeting.objects.filter(pk__in=[m.pk for m in selectors.vote_meetings(scope=scope, round_=round_)])
            }
        )
        if manage
        else None,
    }


ROUND_PAGE = RecordPage(selectors.round_get, "round_", DETAIL, _context, manage=permissions.can_manage_round)


round_detail = login_required(ROUND_PAGE.detail)


@login_required
@require_POST
def round_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    return ROUND_PAGE.move(request, pk, services.round_transition)


@login_required
@require_POST
def round_vote(request: AuthedRequest, pk: int) -> HttpResponse:
    """Set up a vote (a new poll on a meeting, or an existing poll), or move it (start, finish, publish)."""
    scope, round_ = ROUND_PAGE.managed(request, pk)
    move = request.POST.get("action", "")
    number = int_param(request.POST.get("number"), low=1, high=2) or 1

    def run() -> Any:
        if move in {"start", "finish", "publish"}:
            return services.round_vote_transition(actor=request.user, scope=scope, round_=round_, number=number, action=move)
        form = forms.VoteForm(
            request.POST,
            choices={
                "meeting": Meeting.objects.filter(pk__in=[m.pk for m in selectors.vote_meetings(scope=scope, round_=round_)])
            },
        )
        if not form.is_valid():
            raise DomainError(_("Choose the vote and a meeting (or an existing poll)."))
        data = form.cleaned_data
        if data.get("poll"):
            poll = Poll.objects.select_related("meeting__body").filter(pk=data["poll"]).first()
            if poll is None:
                raise DomainError(_("There is no poll with this number."))
            return services.round_vote_attach(actor=request.user, scope=scope, round_=round_, number=data["number"], poll=poll)
        if data.get("meeting") is None:
            raise DomainError(_("Choose the vote and a meeting (or an existing poll)."))
        return services.round_vote_create(
            actor=request.user, scope=scope, round_=round_, number=data["number"], meeting=data["meeting"], kind=data["kind"]
        )

    return action(
        request,
        run,
        **ROUND_PAGE.back(request, scope, round_, "#votes"),
    )


def _unit_context(scope: Scope, evaluated: EvaluatedUnit) -> dict[str, Any]:
    round_ = evaluated.round
    manage = permissions.can_manage_round(scope, round_)
    problems = selectors.problems(evaluated=evaluated)
    clerk_sees = not permissions.sees_every_unit(scope, round_)
    return {
        "evaluated": evaluated,
        "round": round_,
        "opinions": selectors.evaluation_opinions(scope=scope, evaluated=evaluated),
        # the unit sees its problem list once it is handed over
        "problems": []
        if clerk_sees and not ROUND.in_group(round_, "handed_over")
        else [(p, PROBLEM.available(p, scope)) for p in problems],
        "can_manage": manage,
        "can_self_report": permissions.can_self_report(scope, evaluated) and ROUND.in_group(round_, "self_reports"),
        "can_write_opinion": permissions.can_write_evaluation_opinion(scope, round_) and ROUND.in_group(round_, "opinions_open"),
        "can_add_problems": manage and ROUND.in_group(round_, "problems_open"),
        "rectifying": ROUND.in_group(round_, "rectifying"),
        "self_report_form": forms.SelfReportForm(initial={"text": evaluated.self_report}),
        "problem_form": forms.ProblemForm(),
        "progress_form": forms.ProgressForm(),
    }


UNIT_PAGE = RecordPage(selectors.evaluated_get, "evaluated", UNIT, _unit_context)


evaluated_detail = login_required(UNIT_PAGE.detail)


@login_required
@require_POST
def self_report(request: AuthedRequest, pk: int) -> HttpResponse:
    return UNIT_PAGE.post_form(
        request,
        pk,
        lambda scope, evaluated: forms.SelfReportForm(request.POST),
        services.self_report_submit,
        message=_("The self-report is submitted."),
        may=permissions.can_self_report,
    )


@login_required
def evaluation_opinion(request: AuthedRequest, pk: int) -> HttpResponse:
    """A deputy's written opinion on a unit (a phone form)."""
    scope, evaluated = UNIT_PAGE.managed(request, pk, may=lambda s, x: permissions.can_write_evaluation_opinion(s, x.round))
    mine = selectors.evaluation_opinions(scope=scope, evaluated=evaluated)
    return form_page(
        request,
        forms.EvaluationOpinionForm(request.POST or None, initial={"text": mine[0].text if mine else ""}),
        save=lambda data: services.evaluation_opinion_write(
            actor=request.user, scope=scope, evaluated=evaluated, text=data["text"]
        ),
        success=reverse("supervision:mine"),
        message=_("Your opinion is recorded."),
        template="supervision/finding_form.html",
        context={"title": _("Your opinion on %(unit)s") % {"unit": evaluated.unit.name}, "evaluated": evaluated},
    )


@login_required
@require_POST
def problem_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return UNIT_PAGE.post_form(
        request,
        pk,
        lambda scope, evaluated: forms.ProblemForm(request.POST),
        services.problem_add,
        anchor="#problems",
        may=lambda s, x: permissions.can_manage_round(s, x.round),
    )


def _problem(request: AuthedRequest, pk: int) -> tuple[Scope, ProblemItem]:
    scope = scope_for(request.user)
    return scope, selectors.problem_get(scope=scope, pk=pk)


@login_required
@require_POST
def problem_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, problem = _problem(request, pk)
    if not permissions.can_report_progress(scope, problem):
        raise NotPermitted()
    evaluated = problem.evaluated
    return inline(
        request,
        forms.ProgressForm(request.POST),
        save=lambda data: services.problem_progress(actor=request.user, scope=scope, problem=problem, **data),
        **UNIT_PAGE.back(request, scope, evaluated, "#problems"),
        message=_("The progress report is recorded."),
    )


@login_required
@require_POST
def problem_transition(request: AuthedRequest, pk: int) -> HttpResponse:
    scope, problem = _problem(request, pk)
    evaluated = problem.evaluated
    return action(
        request,
        lambda: services.problem_transition(
            actor=request.user, scope=scope, problem=problem, action=request.POST.get("action", "")
        ),
        **UNIT_PAGE.back(request, scope, evaluated, "#problems"),
    )


PROBLEM_HEADERS = ["评议", "单位", "问题", "整改期限", "状态", "整改完成日期"]


def _problem_cells(rows: Any) -> Any:
    for p in rows.iterator(chunk_size=2000):
        yield (
            p.evaluated.round.title,
            p.evaluated.unit.name,
            p.text,
            p.deadline or "",
            p.get_state_display(),
            p.rectified_on or "",
        )


@login_required
def problem_list(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if permissions.problem_q(scope) is None:
        raise NotPermitted()
    form = forms.ProblemFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.problem_list(
        scope=scope,
        filters=selectors.ProblemFilters(
            state=data.get("state") or "",
            overdue_on=timezone.localdate() if data.get("overdue") else None,
            round=int_param(request.GET.get("round"), low=1),
        ),
    )
    return list_or_export(
        request,
        rows,
        template="supervision/problem_list.html",
        context={"form": form, "today": timezone.localdate()},
        export=Export(_("problems to rectify"), PROBLEM_HEADERS, _problem_cells),
        large=True,
        deferred_offset=0,
    )
