"""The SMS delivery records (renda/core/sms): a staff page and the API read, for the system administrator and the
district office (renda/org/sms.py says which records). Nothing here writes: only the task queue moves a delivery."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Schema

from renda.core.lifecycle import actions_payload
from renda.core.lifecycles import DELIVERY
from renda.core.listing import Export, list_or_export
from renda.core.models import SmsDelivery
from renda.core.requests import AuthedRequest
from renda.core.schemas import ERRORS, ActionOut
from renda.core.text import mask_phone

from .scoping import scope_for
from .sms import DeliveryFilters, delivery_counts, delivery_get, delivery_kinds, delivery_list

EXPORT_HEADERS = [
    "排队时间",
    "类别",
    "手机号",
    "内容",
    "签名",
    "模板",
    "通道",
    "状态",
    "尝试次数",
    "通道消息号",
    "错误码",
    "错误",
    "发送时间",
    "失败时间",
    "关联记录",
]


class DeliveryFilterForm(forms.Form):
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    phone = forms.CharField(label=gettext_lazy("Mobile phone"), required=False, max_length=20)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: object, kinds: Iterable[str] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        all_ = [("", gettext_lazy("All"))]
        self.fields["state"].choices = all_ + list(SmsDelivery.State.choices)  # type: ignore[attr-defined]
        self.fields["kind"].choices = all_ + [(k, k) for k in kinds]  # type: ignore[attr-defined]

    def filters(self) -> DeliveryFilters:
        if not self.is_valid():
            return DeliveryFilters()
        return DeliveryFilters(**{k: v for k, v in self.cleaned_data.items() if v not in (None, "")})


def _export_rows(rows: Iterable[SmsDelivery]) -> Iterator[Sequence[object]]:
    for d in rows:
        yield (
            d.created_at.strftime("%Y-%m-%d %H:%M:%S"), d.kind, mask_phone(d.phone), d.text, d.sign_name, d.template_id,
            d.backend, d.get_state_display(), d.attempts, d.provider_id, d.error_code, d.error,
            d.sent_at.strftime("%Y-%m-%d %H:%M:%S") if d.sent_at else "", d.failed_at.strftime("%Y-%m-%d %H:%M:%S") if d.failed_at else "",
            d.ref,
        )  # fmt: skip


@login_required
def delivery_list_page(request: AuthedRequest) -> HttpResponse:
    scope = scope_for(request.user)
    form = DeliveryFilterForm(request.GET or None, kinds=delivery_kinds(scope=scope))
    rows = delivery_list(scope=scope, filters=form.filters())
    counts = delivery_counts(rows)
    return list_or_export(
        request,
        rows,
        template="org/sms_deliveries.html",
        context={"form": form, "counts": [(v, label, counts[v]) for v, label in SmsDelivery.State.choices]},
        export=Export(_("SMS deliveries"), EXPORT_HEADERS, _export_rows),
    )


# --- API -------------------------------------------------------------------------------------------------------
router = Router(tags=["sms"])


class DeliveryOut(Schema):
    """A delivery, read from the record (the number masked)."""

    id: int
    created_at: datetime.datetime
    kind: str
    phone_masked: str
    text: str  # as the recipient reads it, a one-time code masked
    sign_name: str
    template_id: str
    backend: str
    state: str  # queued, sent, failed
    attempts: int
    next_attempt_at: datetime.datetime | None
    last_attempt_at: datetime.datetime | None
    sent_at: datetime.datetime | None
    failed_at: datetime.datetime | None
    provider_id: str  # the provider's id of the message (Tencent's SerialNo, Alibaba's BizId)
    error_code: str
    error: str
    ref: str  # the record the message is about, "app.model:id"

    @staticmethod
    def resolve_phone_masked(d: SmsDelivery) -> str:
        return mask_phone(d.phone)


class DeliveryDetailOut(DeliveryOut):
    actions: list[ActionOut]  # none: only the task queue moves a delivery

    @staticmethod
    def resolve_actions(d: SmsDelivery, context: dict[str, Any]) -> list[dict[str, str]]:
        return actions_payload(DELIVERY.available(d, scope_for(context["request"].user)))


class DeliveryPage(Schema):
    count: int
    page: int
    page_size: int
    counts: dict[str, int]  # of the filtered list, by state
    items: list[DeliveryOut]


class DeliveryQuery(Schema, DeliveryFilters):
    """The list's filters (as on the page) and the page wanted."""

    page: int = 1
    page_size: int = 50


@router.get(
    "/deliveries", response={200: DeliveryPage, **ERRORS}, summary="SMS delivery records (administrator, district office)"
)
def deliveries(request: HttpRequest, q: Query[DeliveryQuery]) -> dict[str, object]:
    scope = scope_for(request.user)
    rows = delivery_list(scope=scope, filters=q)
    size, page = max(1, min(q.page_size, 200)), max(1, min(q.page, 100_000))
    return {"count": rows.count(), "page": page, "page_size": size, "counts": delivery_counts(rows),
            "items": list(rows[(page - 1) * size : page * size])}  # fmt: skip


@router.get("/deliveries/{delivery_id}", response={200: DeliveryDetailOut, **ERRORS}, summary="One SMS delivery record")
def delivery(request: HttpRequest, delivery_id: int) -> SmsDelivery:
    return delivery_get(scope=scope_for(request.user), pk=delivery_id)
