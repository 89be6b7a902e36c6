"""The opinions API: the voter's submit and tracking (no login), staff lists and actions, the unit inbox, figures."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from renda.core import uploads
from renda.core.context import client_ip
from renda.core.errors import DomainError
from renda.core.lifecycle import actions_payload
from renda.core.paging import LargePaginator
from renda.core.schemas import ERRORS, ActionOut, ErrorOut
from renda.core.text import mask_phone
from renda.org.models import Region
from renda.org.scoping import scope_for

from . import figures as figures_module
from . import selectors, services
from .lifecycles import OPINION
from .models import Attachment, Opinion

router = Router(tags=["opinions"])


class CodeIn(Schema):
    phone: str


class SubmitIn(Schema):
    phone: str
    code: str
    region_id: int
    category: str
    text: str
    contact_name: str = ""
    client_token: str = ""
    merge_into: int | None = None


class SubmitOut(Schema):
    tracking_code: str
    status: str


class TrackIn(Schema):
    code: str


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


class ListQuery(Schema):
    status: str = ""
    station: int | None = None
    town: int | None = None
    overdue: bool = False
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""
    page: int = 1
    page_size: int = 50


class ActionIn(Schema):
    action: str
    unit_id: int | None = None
    answer: str = ""
    reason: str = ""
    note: str = ""
    into_id: int | None = None


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


def _page(qs, q: ListQuery) -> OpinionPage:
    """One page; the count is exact up to the large-list cap, else PostgreSQL's estimate (`count_is_estimate`)."""
    size, page = max(1, min(q.page_size, 200)), max(1, q.page)
    paginator = LargePaginator(qs, size, deferred_offset=0)
    rows = paginator.page(page).object_list if page <= paginator.num_pages else []
    return OpinionPage(count=paginator.count, count_is_estimate=paginator.is_estimate, page=page, page_size=size,
                       items=list(rows))  # fmt: skip


def _filters(q: ListQuery) -> selectors.OpinionFilters:
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


@router.get("/", response={200: OpinionPage, **ERRORS}, summary="Opinions the caller may see (staff list)")
def opinion_list(request, q: Query[ListQuery]):
    return _page(selectors.opinion_list(scope=scope_for(request.user), filters=_filters(q)), q)


@router.get("/inbox", response={200: OpinionPage, **ERRORS}, summary="Opinions routed to the caller's unit, overdue first")
def inbox(request, q: Query[ListQuery]):
    return _page(selectors.opinion_inbox(scope=scope_for(request.user), filters=_filters(q)), q)


@router.get("/figures", response={200: FiguresOut, **ERRORS}, summary="Station figures for a period (default: 2017 first half)")
def figures(
    request,
    date_from: datetime.date = datetime.date(2017, 1, 1),
    date_to: datetime.date = datetime.date(2017, 6, 30),
    town: int | None = None,
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
def opinion_detail(request, opinion_id: int):
    return selectors.opinion_get(scope=scope_for(request.user), pk=opinion_id)


@router.get(
    "/{opinion_id}/attachments/{attachment_id}",
    response={200: None, **ERRORS},
    summary="Download one attachment of an opinion (404 outside the caller's scope)",
)
def attachment(request, opinion_id: int, attachment_id: int):
    item = selectors.attachment_get(scope=scope_for(request.user), opinion_pk=opinion_id, pk=attachment_id)
    return uploads.file_response(item.file, filename=item.name, content_type=item.content_type)


@router.post("/{opinion_id}/actions", response={200: OpinionOut, **ERRORS}, summary="Route, answer, return, report, merge, tell…")
def opinion_act(request, opinion_id: int, data: ActionIn):
    scope = scope_for(request.user)
    opinion = selectors.opinion_get(scope=scope, pk=opinion_id)
    opinion = services.opinion_act(
        actor=request.user,
        scope=scope,
        opinion=opinion,
        action=data.action,
        unit_id=data.unit_id,
        into_id=data.into_id,
        note=data.note,
        answer=data.answer,
        reason=data.reason,
    )
    return selectors.opinion_get(scope=scope, pk=opinion.pk)
