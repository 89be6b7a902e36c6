"""Registration: an opinion registered by the liaison officer at a station (with the files the voter brought), or
sent online by a voter whose phone a one-time code confirms. A retried request is the first opinion."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import uploads
from renda.core.actors import Actor, user_of
from renda.core.clock import event_time
from renda.core.errors import DomainError, NotPermitted
from renda.core.sms import send_sms
from renda.org.models import Region
from renda.org.scoping import Scope
from renda.stations.models import Activity, Station

from .. import permissions, sms
from ..keywords import keywords
from ..lifecycles import OPINION
from ..models import Attachment, Opinion
from .attachments import check_attachments
from .codes import _code_use, _code_verify, new_tracking_code, normalise_phone
from .common import _step, categories


def _dedupe_key(phone: str, text: str, when: datetime.datetime) -> str:
    minute = when.strftime("%Y%m%d%H%M")
    return hashlib.sha256(f"{phone}|{' '.join(text.split())}|{minute}".encode()).hexdigest()


@dataclass(frozen=True)
class _Said:
    """What the voter brings, at a station or online: the place and category, the words, how to reach them (the
    phone already normalised) and the files (already checked)."""

    region: Region
    category: str
    text: str
    contact_name: str
    phone: str
    client_token: str
    attachments: Sequence[uploads.Checked]


def _create(
    said: _Said,
    *,
    station: Station,
    source: str,
    activity: Activity | None,
    actor: Actor | None,
    at: datetime.datetime | None = None,
) -> tuple[Opinion, bool]:
    region, category, phone, client_token = said.region, said.category, said.phone, said.client_token
    text = (said.text or "").strip()
    if len(text) < 5:
        raise DomainError(_("Describe the opinion in a few words at least."))
    if category not in categories(region):
        raise DomainError(_("Choose a category from the list."))
    if not region.path.startswith(station.town.path):
        raise DomainError(_("The village or community is not in the station's area."))
    now = event_time(at)
    if activity is not None and at is not None and timezone.localdate(now) < activity.date:
        raise DomainError(_("The opinion is registered before its activity's day."))
    dedupe = _dedupe_key(phone, text, now) if phone else None
    if client_token:
        existing = Opinion.objects.filter(client_token=client_token).first()
        if existing:
            return existing, False
    if dedupe:
        existing = Opinion.objects.filter(dedupe_key=dedupe).first()
        if existing:
            return existing, False
    opinion = Opinion(
        station=station,
        town=station.town,
        region=region,
        activity=activity,
        source=source,
        category=category,
        text=text,
        keywords=" ".join(keywords(text)),
        contact_name=(said.contact_name or "").strip()[:50],
        phone=phone,
        tracking_code=new_tracking_code(),
        registered_at=now,
        registered_by=user_of(actor),
        client_token=client_token or None,
        dedupe_key=dedupe,
    )
    try:
        with transaction.atomic():
            opinion.save(force_insert=True)
    except IntegrityError:
        existing = (
            Opinion.objects.filter(client_token=client_token or "-").first()
            or Opinion.objects.filter(dedupe_key=dedupe or "-").first()
        )
        if existing:
            return existing, False
        raise
    for item in said.attachments:
        Attachment.objects.create(
            opinion=opinion, file=item.upload, name=item.name, content_type=item.content_type, size=item.size
        )
    _step(opinion, action="register" if source == Opinion.Source.STATION else "submit", from_status="", actor=actor, at=now)
    return opinion, True


def opinion_register(
    *,
    actor: Actor,
    scope: Scope,
    station: Station,
    region: Region,
    category: str,
    text: str,
    contact_name: str = "",
    phone: str = "",
    activity: Activity | None = None,
    client_token: str = "",
    attachments: Iterable[Any] = (),
    at: datetime.datetime | None = None,
) -> Opinion:
    """The liaison officer registers a voter's opinion on their behalf (at an activity or in the office), with
    the files the voter brought (photos, PDF, Word, Excel; checked against the rules before anything is saved).
    `at`: when the voter brought it, for an opinion recorded after the fact (a ledger); default now."""
    if not permissions.can_register_at(scope, station):
        raise NotPermitted()
    if activity is not None and activity.station_id != station.pk:
        raise DomainError(_("The activity belongs to another station."))
    phone = normalise_phone(phone) if phone else ""
    said = _Said(region, category, text, contact_name, phone, client_token, check_attachments(attachments, region=region))
    with transaction.atomic():
        opinion, _created = _create(said, station=station, source=Opinion.Source.STATION, activity=activity, actor=actor, at=at)
    return opinion


def online_station_for(region: Region) -> Station:
    town_path = "/".join(region.path.strip("/").split("/")[:2])
    station = Station.objects.filter(kind=Station.Kind.ONLINE, town__path=f"/{town_path}/", is_active=True).first()
    if station is None:
        raise DomainError(_("There is no online station for this area yet."))
    return station


def opinion_submit_online(
    *,
    phone: str,
    code: str,
    region: Region,
    category: str,
    text: str,
    contact_name: str = "",
    client_token: str = "",
    attachments: Iterable[Any] = (),
    merge_into: Opinion | None = None,
) -> Opinion:
    """A voter without an account submits an opinion; the phone is confirmed by a one-time code. A retried
    request (same client token, or the same phone, text and minute) returns the first opinion."""
    phone = normalise_phone(phone)
    station = online_station_for(region)
    if client_token:
        existing = Opinion.objects.filter(client_token=client_token).first()
        if existing:
            return existing
    existing = Opinion.objects.filter(dedupe_key=_dedupe_key(phone, (text or "").strip(), timezone.now())).first()
    if existing:
        return existing
    # the files are checked before the code is spent: the voter can fix them and send again
    said = _Said(region, category, text, contact_name, phone, client_token, check_attachments(attachments, region=region))
    code_id = _code_verify(phone=phone, code=code)
    with transaction.atomic():
        _code_use(code_id)
        opinion, created = _create(said, station=station, source=Opinion.Source.ONLINE, activity=None, actor=None)
        if created and merge_into is not None:
            target = (
                Opinion.objects.select_for_update()
                .filter(pk=merge_into.pk, status__in=OPINION.group("open"), town=opinion.town)
                .first()
            )
            if target is not None:
                from_status = OPINION.set_state(opinion, "merge")
                opinion.merged_into = target
                opinion.save(update_fields=["status", "merged_into"])
                _step(
                    opinion,
                    action="merge",
                    from_status=from_status,
                    actor=None,
                    note=_("Added by the voter to a similar opinion."),
                )
        send_sms(phone, sms.RECEIVED, {"code": opinion.tracking_code}, region=opinion.region, about=opinion)
    return opinion
