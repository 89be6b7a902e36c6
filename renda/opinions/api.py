"""The opinions API: the voter's submit and tracking (no login), staff lists and actions, the unit inbox, figures."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from renda.core import uploads
from renda.core.context import client_ip
from renda.core.errors import DomainError
from renda.core.lifecycle import actions_payload
from renda.core.paging import LargePaginator
from renda.core.schemas import ERRORS, ActionOut, Day, ErrorOut, Id, PageNumber, PageSize
from renda.core.text import mask_phone
from renda.org.models import Region
from renda.org.scoping import record_allowed, scope_for
from renda.stations.models import Activity

from . import figures as figures_module
from . import permissions, selectors, services
from .lifecycles import OPINION
from .models import Attachment, Opinion, Step
from .rules import ANSWER_MAX, REASON_MAX, TEXT_MAX

router = Router(tags=["opinions"])

# The page writes these operations twin (tests/test_api_coverage.py).
PAGE_TWINS = {
    "opinions:opinion_action": "POST /api/opinions/{opinion_id}/actions",
    "opinions:opinion_reveal": "POST /api/opinions/{opinion_id}/contact",
    "opinions:opinion_register": "POST /api/opinions/stations/{station_id}/register",
    "opinions:submit": "POST /api/opinions/submit",
    "opinions:submit_code": "POST /api/opinions/code",
    "opinions:track": "POST /api/opinions/track",
    "opinions:track_feedback": "POST /api/opinions/track/feedback",
}


class CodeIn(Schema):
    phone: str = Field(max_length=30)


class SubmitIn(Schema):
    phone: str = Field(max_length=30)
    code: str = Field(max_length=6)
    region_id: Id
    category: str = Field(max_length=50)
    text: Annotated[str, TEXT_MAX]
    contact_name: str = Field("", max_length=50)
    client_token: str = Field("", max_length=64)
    merge_into: Id | None = None


class SubmitOut(Schema):
    tracking_code: str
    status: str


class TrackIn(Schema):
    code: str = Field(max_length=20)


class StepOut(Schema):
    at: datetime.datetime
    action: str
    status: str
    unit: str | None


class TrackOut(Schema):
    status: str
    category: str
    region: str
    text: str
    registered_at: datetime.datetime
    answer: str
    unit: str | None
    solved: bool | None
    steps: list[StepOut]
    attachments: list[str]  # the names of the voter's own files, nothing more


class OpinionOut(Schema):
    """An opinion, read from the record: a field with an `alias` comes from that attribute path."""

    id: int
    tracking_code: str
    station_id: int
    station: str = Field(alias="station.name")
    region_id: int
    region: str = Field(alias="region.name")
    category: str
    text: str
    status: str
    unit_id: int | None
    unit: str | None
    deadline: datetime.date | None
    overdue: bool = Field(alias="is_overdue")
    registered_at: datetime.datetime
    answered_at: datetime.datetime | None
    answered_on_time: bool | None
    solved: bool | None
    phone_masked: str

    @staticmethod
    def resolve_unit(opinion: Opinion) -> str | None:
        return opinion.unit.name if opinion.unit else None

    @staticmethod
    def resolve_phone_masked(opinion: Opinion) -> str:
        return mask_phone(opinion.phone)


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str  # the scoped download (GET /api/opinions/{id}/attachments/{attachment_id})

    @staticmethod
    def resolve_url(attachment: Attachment) -> str:
        return f"/api/opinions/{attachment.opinion_id}/attachments/{attachment.pk}"


class OpinionDetailOut(OpinionOut):
    suggestion_id: int | None  # raised by a deputy: the suggestion it became
    attachments: list[AttachmentOut]
    actions: list[ActionOut]  # what the caller may do with it now

    @staticmethod
    def resolve_suggestion_id(opinion: Opinion) -> int | None:
        ref = opinion.suggestion_ref
        return int(ref) if ref.isdigit() else None

    @staticmethod
    def resolve_attachments(opinion: Opinion) -> list[Attachment]:
        return selectors.opinion_attachments(opinion=opinion)

    @staticmethod
    def resolve_actions(opinion: Opinion, context: dict) -> list[dict[str, str]]:
        return actions_payload(OPINION.available(opinion, scope_for(context["request"].user)))


class OpinionPage(Schema):
    count: int
    count_is_estimate: bool = False
    page: int
    page_size: int
    items: list[OpinionOut]


class OpinionListQuery(Schema):
    status: str = ""
    station: Id | None = None
    town: Id | None = None
    overdue: bool = False
    date_from: Day | None = None
    date_to: Day | None = None
    q: str = ""
    page: PageNumber = 1
    page_size: PageSize = 50


class OpinionActionIn(Schema):
    action: str = Field(max_length=32)
    unit_id: Id | None = None
    answer: Annotated[str, ANSWER_MAX] = ""
    reason: Annotated[str, REASON_MAX] = ""
    note: Annotated[str, REASON_MAX] = ""
    into_id: Id | None = None


class FigureRow(Schema):
    id: int | None
    name: str
    kind: str
    deputy_visits: int
    voters_received: int
    opinions: int
    answered_on_time: int
    solved: int
    overdue: int


class FiguresOut(Schema):
    date_from: datetime.date
    date_to: datetime.date
    stations_by_kind: dict[str, int]
    total: FigureRow
    towns: list[FigureRow]
    stations: list[FigureRow]


def _page(qs, q: OpinionListQuery) -> OpinionPage:
    """One page; the count is exact up to the large-list cap, else PostgreSQL's estimate (`count_is_estimate`)."""
    size, page = max(1, min(q.page_size, 200)), max(1, q.page)
    paginator = LargePaginator(qs, size, deferred_offset=0)
    rows = paginator.page(page).object_list if page <= paginator.num_pages else []
    return OpinionPage(count=paginator.count, count_is_estimate=paginator.is_estimate, page=page, page_size=size,
                       items=list(rows))  # fmt: skip


def _filters(q: OpinionListQuery) -> selectors.OpinionFilters:
    return selectors.OpinionFilters(
        status=q.status, station=q.station, town=q.town, overdue=q.overdue, date_from=q.date_from, date_to=q.date_to, q=q.q
    )


@router.post(
    "/code", auth=None, response={200: dict, 422: ErrorOut, 429: ErrorOut}, summary="Send a one-time code to a voter's phone"
)
def code(request, data: CodeIn):
    try:
        services.code_request(phone=data.phone, client_ip=client_ip.get())
    except DomainError as exc:
        return Status(429 if exc.code == "rate_limited" else 422, {"detail": " ".join(exc.messages)})
    return {"sent": True}


@router.post(
    "/submit", auth=None, response={200: SubmitOut, 422: ErrorOut}, summary="A voter submits an opinion (phone confirmed by code)"
)
def submit(request, data: SubmitIn):
    region = Region.objects.filter(pk=data.region_id).first()
    if region is None:
        raise DomainError(_("Choose a village or community."))
    merge_into = Opinion.objects.filter(pk=data.merge_into).first() if data.merge_into else None
    opinion = services.opinion_submit_online(
        phone=data.phone,
        code=data.code,
        region=region,
        category=data.category,
        text=data.text,
        contact_name=data.contact_name,
        client_token=data.client_token,
        merge_into=merge_into,
    )
    return SubmitOut(tracking_code=opinion.tracking_code, status=opinion.status)


@router.post(
    "/track", auth=None, response={200: TrackOut, 404: ErrorOut}, summary="What became of an opinion, by its tracking code"
)
def track(request, data: TrackIn):
    ip = client_ip.get()
    opinion = selectors.opinion_by_code(code=data.code) if services.track_allowed(ip) else None
    if opinion is None:
        services.track_failed(ip)
        return Status(404, {"detail": _("No opinion was found for this code.")})
    return _track_out(opinion)


def _track_out(opinion: Opinion) -> TrackOut:
    """What the voter's code reveals: their own opinion's text, steps and answer; no names, no phones."""
    steps = [
        StepOut(at=s.at, action=s.action, status=s.to_status, unit=s.unit.name if s.unit else None)
        for s in selectors.opinion_steps(opinion=opinion)
    ]
    return TrackOut(
        status=opinion.status,
        category=opinion.category,
        region=opinion.region.name,
        text=opinion.text,
        registered_at=opinion.registered_at,
        answer=opinion.answer,
        unit=opinion.unit.name if opinion.unit else None,
        solved=opinion.solved,
        steps=steps,
        attachments=[a.name for a in selectors.opinion_attachments(opinion=opinion)],
    )


class OpinionFeedbackIn(Schema):
    code: str = Field(max_length=20)
    solved: bool
    note: Annotated[str, REASON_MAX] = ""


@router.post(
    "/track/feedback",
    auth=None,
    response={200: TrackOut, 404: ErrorOut, 422: ErrorOut},
    summary="The voter says whether it was solved (by the tracking code); the opinion closes",
)
def track_feedback(request, data: OpinionFeedbackIn):
    """As the tracking page: the code is the voter's credential. Once the opinion is answered (or told); the same
    word again changes nothing; 422 before there is an answer, 404 for an unknown code (counted like tracking)."""
    ip = client_ip.get()
    opinion = selectors.opinion_by_code(code=data.code) if services.track_allowed(ip) else None
    if opinion is None:
        services.track_failed(ip)
        return Status(404, {"detail": _("No opinion was found for this code.")})
    opinion = services.opinion_feedback(opinion=opinion, solved=data.solved, note=data.note)
    return _track_out(opinion)


@router.get("/", response={200: OpinionPage, **ERRORS}, summary="Opinions the caller may see (staff list)")
def opinion_list(request, q: Query[OpinionListQuery]):
    return _page(selectors.opinion_list(scope=scope_for(request.user), filters=_filters(q)), q)


@router.get("/inbox", response={200: OpinionPage, **ERRORS}, summary="Opinions routed to the caller's unit, overdue first")
def inbox(request, q: Query[OpinionListQuery]):
    return _page(selectors.opinion_inbox(scope=scope_for(request.user), filters=_filters(q)), q)


@router.get("/figures", response={200: FiguresOut, **ERRORS}, summary="Station figures for a period (default: 2017 first half)")
def figures(
    request,
    date_from: Day = datetime.date(2017, 1, 1),
    date_to: Day = datetime.date(2017, 6, 30),
    town: Id | None = None,
):
    report = figures_module.station_figures(scope=scope_for(request.user), date_from=date_from, date_to=date_to, town=town)

    def row(r) -> FigureRow:
        return FigureRow(id=r.key, name=r.name, kind=r.kind, **r.values)

    return FiguresOut(
        date_from=report.date_from,
        date_to=report.date_to,
        stations_by_kind=report.stations_by_kind,
        total=row(report.total),
        towns=[row(r) for r in report.towns],
        stations=[row(r) for r in report.stations],
    )


@router.get("/{opinion_id}", response={200: OpinionDetailOut, **ERRORS}, summary="One opinion (404 outside the caller's scope)")
def opinion_detail(request, opinion_id: Id):
    return selectors.opinion_get(scope=scope_for(request.user), pk=opinion_id)


@router.get(
    "/{opinion_id}/attachments/{attachment_id}",
    response={200: None, **ERRORS},
    summary="Download one attachment of an opinion (404 outside the caller's scope)",
)
def attachment(request, opinion_id: Id, attachment_id: Id):
    item = selectors.attachment_get(scope=scope_for(request.user), opinion_pk=opinion_id, pk=attachment_id)
    return uploads.file_response(item.file, filename=item.name, content_type=item.content_type)


@router.post("/{opinion_id}/actions", response={200: OpinionOut, **ERRORS}, summary="Route, answer, return, report, merge, tell…")
def opinion_act(request, opinion_id: Id, data: OpinionActionIn):
    scope = scope_for(request.user)
    if data.action == "unit_return":
        return _unit_return(request.user, scope, opinion_id, data.reason)
    opinion = selectors.opinion_get(scope=scope, pk=opinion_id)
    opinion = services.opinion_act(actor=request.user, scope=scope, opinion=opinion, **data.model_dump())
    return selectors.opinion_get(scope=scope, pk=opinion.pk)


class RegisterIn(Schema):
    region_id: Id
    category: str = Field(max_length=50)
    text: Annotated[str, TEXT_MAX]
    contact_name: str = Field("", max_length=50)
    phone: str = Field("", max_length=20)
    activity_id: Id | None = None
    client_token: str = Field("", max_length=64)


@router.post(
    "/stations/{station_id}/register",
    response={200: OpinionDetailOut, **ERRORS},
    summary="Register a voter's opinion at a station (multipart: the fields, and `attachments` files)",
)
def register(request, station_id: Id, payload: Form[RegisterIn], attachments: list[UploadedFile] = File(None)):  # noqa: B008
    """The station's officer (or staff above it) registers an opinion on a voter's behalf, at an activity of the station
    (`activity_id`) or in the office, with the files the voter brought (checked against the rules before anything is
    saved: 422). The same `client_token` again answers the opinion already registered. `region_id`: a village or
    community of the station's town; `category`: one of the rules' categories."""
    scope, station = record_allowed(request.user, selectors.station_for_register, station_id, permissions.can_register_at)
    region = Region.objects.filter(pk=payload.region_id, path__startswith=station.town.path, depth__gt=station.town.depth).first()
    if region is None:
        raise DomainError(_("Choose a village or community."))
    if payload.category not in services.categories(station.region):
        raise DomainError(_("Choose a category."))
    activity = None
    if payload.activity_id is not None:
        activity = Activity.objects.filter(pk=payload.activity_id, station=station).first()
        if activity is None:
            raise DomainError(_("The activity belongs to another station."))
    opinion = services.opinion_register(
        actor=request.user,
        scope=scope,
        station=station,
        region=region,
        category=payload.category,
        text=payload.text,
        contact_name=payload.contact_name,
        phone=payload.phone,
        activity=activity,
        client_token=payload.client_token,
        attachments=attachments or [],
    )
    return selectors.opinion_get(scope=scope, pk=opinion.pk)


class OpinionContactOut(Schema):
    contact_name: str
    phone: str


@router.post(
    "/{opinion_id}/contact",
    response={200: OpinionContactOut, **ERRORS},
    summary="Reveal the voter's name and phone (audited; staff who handle the opinion)",
)
def reveal_contact(request, opinion_id: Id):
    """Each reveal is an audit event (who saw whose phone, when); 403 for those who see the opinion but may not."""
    scope = scope_for(request.user)
    opinion = selectors.opinion_get(scope=scope, pk=opinion_id)
    return services.opinion_reveal_contact(actor=request.user, scope=scope, opinion=opinion)


def _unit_return(user, scope, opinion_id: int, reason: str) -> Opinion | OpinionOut:
    """The unit returns the opinion as not competent. From then on the unit no longer sees it, so the answer (and a
    retried return's) is what the unit may still know: the opinion it was shown, as it stood when the unit let it
    go (back with the station, no unit, no deadline) — never what became of it afterwards."""
    try:
        opinion: Opinion | None = selectors.opinion_get(scope=scope, pk=opinion_id)
    except Http404:
        opinion = None  # not visible now: a retry of a return already made (otherwise 404 below)
    if opinion is not None:
        services.opinion_unit_return(actor=user, scope=scope, opinion=opinion, reason=reason)
        try:
            return selectors.opinion_get(scope=scope, pk=opinion_id)  # a scope that still sees it
        except Http404:
            pass
    returned, step = selectors.opinion_returned_get(scope=scope, pk=opinion_id)
    return _as_returned(returned, step)


def _as_returned(o: Opinion, step: Step) -> OpinionOut:
    left = {"status": step.to_status, "unit_id": None, "unit": None, "deadline": None, "overdue": False,
            "answered_at": None, "answered_on_time": None, "solved": None}  # fmt: skip
    return OpinionOut.from_orm(o).model_copy(update=left)
