"""Every write of the opinions app: one transaction each, an explicit transitions table, a step and an audit
event for every change, idempotent on retry."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core import ratelimit, rules, uploads
from renda.core.audit import audit_record
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.notify import notify, send_sms
from renda.org.models import Region, Unit
from renda.org.scoping import Scope
from renda.stations.models import Activity, Station

from . import permissions
from . import rules as _rules  # noqa: F401 - registers the rules
from .keywords import keywords
from .models import Attachment, Opinion, PhoneCode, Status, Step

S = Status
# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "answer_on_spot": (frozenset({S.REGISTERED}), S.ANSWERED),
    "route": (frozenset({S.REGISTERED}), S.ROUTED),
    "raise_suggestion": (frozenset({S.REGISTERED}), S.SUGGESTION),
    "report": (frozenset({S.REGISTERED}), S.REPORTED),
    "merge": (frozenset({S.REGISTERED}), S.MERGED),
    "out_of_remit": (frozenset({S.REGISTERED}), S.OUT_OF_REMIT),
    "unit_answer": (frozenset({S.ROUTED}), S.ANSWERED),
    "unit_return": (frozenset({S.ROUTED}), S.REGISTERED),
    "record_answer": (frozenset({S.SUGGESTION, S.REPORTED}), S.ANSWERED),
    "tell": (frozenset({S.ANSWERED, S.OUT_OF_REMIT}), S.TOLD),
    "feedback": (frozenset({S.ANSWERED, S.TOLD}), S.CLOSED),
}
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_tracking_code(rng=None) -> str:
    choice = rng.choice if rng is not None else secrets.choice
    return "".join(choice(CODE_ALPHABET) for _ in range(10))


def _check(opinion: Opinion, action: str) -> str:
    sources, target = TRANSITIONS[action]
    if opinion.status not in sources:
        raise InvalidTransition(
            _("This opinion is %(status)s; it cannot be %(action)s.")
            % {"status": opinion.get_status_display(), "action": ACTION_LABELS[action]}
        )
    return target


ACTION_LABELS = {
    "register": gettext_lazy("registered at the station"),
    "submit": gettext_lazy("submitted online"),
    "answer_on_spot": gettext_lazy("answered on the spot"),
    "route": gettext_lazy("routed to a unit"),
    "raise_suggestion": gettext_lazy("raised as a suggestion"),
    "report": gettext_lazy("reported upward"),
    "merge": gettext_lazy("merged"),
    "out_of_remit": gettext_lazy("declared outside the remit"),
    "unit_answer": gettext_lazy("answered by the unit"),
    "unit_return": gettext_lazy("returned by the unit"),
    "record_answer": gettext_lazy("given its answer"),
    "tell": gettext_lazy("marked as told to the voter"),
    "feedback": gettext_lazy("given the voter's feedback"),
}


def _step(opinion: Opinion, *, action: str, from_status: str, actor, note: str = "", unit=None, at=None) -> Step:
    label = str(actor)[:150] if getattr(actor, "is_authenticated", False) else _("voter")
    step = Step.objects.create(
        opinion=opinion,
        action=action,
        from_status=from_status,
        to_status=opinion.status,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=label,
        unit=unit,
        note=note,
    )
    audit_record(
        actor=actor if getattr(actor, "is_authenticated", False) else "voter",
        action=f"opinion.{action}",
        obj=opinion,
        before={"status": from_status},
        after={"status": opinion.status, "unit": unit.pk if unit else None, "note": note[:200]},
        region_id=opinion.region_id,
    )
    return step


def answer_deadline(*, routed_on: datetime.date, category: str, region: Region) -> datetime.date:
    by_category = rules.value("opinions.answer_days_by_category", region_path=region.path) or {}
    days = by_category.get(category) or rules.value("opinions.answer_days", region_path=region.path)
    return rules.add_days(routed_on, int(days))


def categories(region: Region | None = None) -> list[str]:
    return list(rules.value("opinions.categories", region_path=region.path if region else ""))


# --- One-time codes ----------------------------------------------------------------------------------------


def _hash_code(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def normalise_phone(phone: str) -> str:
    phone = "".join(ch for ch in (phone or "") if ch.isdigit())
    if len(phone) != 11 or not phone.startswith("1"):
        raise DomainError(_("Enter an 11-digit mobile number."))
    return phone


def code_request(*, phone: str, client_ip: str | None) -> None:
    """Send a one-time code to a phone (rate-limited per phone and per client address)."""
    phone = normalise_phone(phone)
    if ratelimit.hit(f"opinions:sms:ip:{client_ip or '-'}", int(rules.value("opinions.sms_per_ip_hour"))) or ratelimit.hit(
        f"opinions:sms:phone:{phone}", int(rules.value("opinions.sms_per_phone_hour"))
    ):
        raise DomainError(_("Too many codes were requested. Please try again later."), code="rate_limited")
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = int(rules.value("opinions.code_minutes"))
    with transaction.atomic():
        PhoneCode.objects.create(
            phone=phone, code_hash=_hash_code(phone, code), expires_at=timezone.now() + datetime.timedelta(minutes=minutes)
        )
        send_sms(phone, _("Your code is %(code)s, valid for %(minutes)d minutes.") % {"code": code, "minutes": minutes})


def _code_verify(*, phone: str, code: str) -> int:
    """Check the newest unused code for the phone in a transaction of its own (so a wrong try is counted even
    though the submission fails). Returns the code's id; the submission marks it used."""
    wrong = _("The code is wrong or has expired. Request a new one.")
    with transaction.atomic():
        record = PhoneCode.objects.select_for_update().filter(phone=phone, used_at__isnull=True).order_by("-created_at").first()
        if record is None or record.expires_at < timezone.now() or record.attempts >= int(rules.value("opinions.code_attempts")):
            raise DomainError(wrong)
        matches = hmac.compare_digest(record.code_hash, _hash_code(phone, (code or "").strip()))
        if not matches:
            PhoneCode.objects.filter(pk=record.pk).update(attempts=record.attempts + 1)
    if not matches:
        raise DomainError(wrong)
    return record.pk


def _code_use(pk: int) -> None:
    """Inside the submission's transaction: a code is used once (a concurrent second use fails)."""
    if not PhoneCode.objects.filter(pk=pk, used_at__isnull=True).update(used_at=timezone.now()):
        raise DomainError(_("The code is wrong or has expired. Request a new one."))


# --- Attachments ------------------------------------------------------------------------------------------


def attachment_rules(region: Region | None = None) -> dict:
    path = region.path if region else ""
    return {
        key: rules.value(f"opinions.attachment_{key}", region_path=path)
        for key in ("types", "max_bytes", "max_count", "max_pixels")
    }


def attachment_hint(region: Region | None = None) -> str:
    limits = attachment_rules(region)
    return _("Up to %(n)d files, %(mb)s MB each: %(types)s.") % {
        "n": int(limits["max_count"]),
        "mb": f"{int(limits['max_bytes']) / 1024 / 1024:g}",
        "types": ", ".join(limits["types"]),
    }


def check_attachments(files, *, region: Region) -> list[uploads.Checked]:
    """Every file checked by its content against the rules (types, size, number, pixels) before anything is saved;
    a bad one raises `DomainError` naming it, and then neither the opinion nor any other file is kept."""
    limits = attachment_rules(region)
    return uploads.check_files(
        files or (),
        allowed=limits["types"],
        max_bytes=int(limits["max_bytes"]),
        max_count=int(limits["max_count"]),
        max_pixels=int(limits["max_pixels"]),
    )


# --- Registration ------------------------------------------------------------------------------------------


def _dedupe_key(phone: str, text: str, when: datetime.datetime) -> str:
    minute = when.strftime("%Y%m%d%H%M")
    return hashlib.sha256(f"{phone}|{' '.join(text.split())}|{minute}".encode()).hexdigest()


def _create(
    *,
    station: Station,
    region: Region,
    category: str,
    text: str,
    contact_name: str,
    phone: str,
    source: str,
    activity: Activity | None,
    actor,
    client_token: str,
    attachments: list[uploads.Checked] = (),
) -> tuple[Opinion, bool]:
    text = (text or "").strip()
    if len(text) < 5:
        raise DomainError(_("Describe the opinion in a few words at least."))
    if category not in categories(region):
        raise DomainError(_("Choose a category from the list."))
    if not region.path.startswith(station.town.path):
        raise DomainError(_("The village or community is not in the station's area."))
    now = timezone.now()
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
        contact_name=(contact_name or "").strip()[:50],
        phone=phone,
        tracking_code=new_tracking_code(),
        registered_at=now,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
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
    for item in attachments:
        Attachment.objects.create(
            opinion=opinion, file=item.upload, name=item.name, content_type=item.content_type, size=item.size
        )
    _step(opinion, action="register" if source == Opinion.Source.STATION else "submit", from_status="", actor=actor)
    return opinion, True


def opinion_register(
    *,
    actor,
    scope: Scope,
    station: Station,
    region: Region,
    category: str,
    text: str,
    contact_name: str = "",
    phone: str = "",
    activity: Activity | None = None,
    client_token: str = "",
    attachments=(),
) -> Opinion:
    """The liaison officer registers a voter's opinion on their behalf (at an activity or in the office), with
    the files the voter brought (photos, PDF, Word, Excel; checked against the rules before anything is saved)."""
    if not permissions.can_register_at(scope, station):
        raise NotPermitted()
    if activity is not None and activity.station_id != station.pk:
        raise DomainError(_("The activity belongs to another station."))
    phone = normalise_phone(phone) if phone else ""
    checked = check_attachments(attachments, region=region)
    with transaction.atomic():
        opinion, _created = _create(
            station=station,
            region=region,
            category=category,
            text=text,
            contact_name=contact_name,
            phone=phone,
            source=Opinion.Source.STATION,
            activity=activity,
            actor=actor,
            client_token=client_token,
            attachments=checked,
        )
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
    attachments=(),
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
    checked = check_attachments(attachments, region=region)  # before the code is spent: the voter can fix and resend
    code_id = _code_verify(phone=phone, code=code)
    with transaction.atomic():
        _code_use(code_id)
        opinion, created = _create(
            station=station,
            region=region,
            category=category,
            text=text,
            contact_name=contact_name,
            phone=phone,
            source=Opinion.Source.ONLINE,
            activity=None,
            actor=None,
            client_token=client_token,
            attachments=checked,
        )
        if created and merge_into is not None:
            target = (
                Opinion.objects.select_for_update()
                .filter(pk=merge_into.pk, status__in=[S.REGISTERED, S.ROUTED, S.SUGGESTION, S.REPORTED], town=opinion.town)
                .first()
            )
            if target is not None:
                from_status = opinion.status
                opinion.status, opinion.merged_into = S.MERGED, target
                opinion.save(update_fields=["status", "merged_into"])
                _step(
                    opinion,
                    action="merge",
                    from_status=from_status,
                    actor=None,
                    note=_("Added by the voter to a similar opinion."),
                )
        send_sms(phone, _("Your opinion was received. Tracking code: %(code)s") % {"code": opinion.tracking_code})
    return opinion


# --- Handling by the station's side ------------------------------------------------------------------------


def _lock(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update(of=("self",)).select_related("station", "region", "unit").get(pk=opinion.pk)


def _require_handle(scope: Scope, opinion: Opinion) -> None:
    if not permissions.can_handle(scope, opinion):
        raise NotPermitted()


def opinion_route(*, actor, scope: Scope, opinion: Opinion, unit: Unit, note: str = "") -> Opinion:
    _require_handle(scope, opinion)
    with transaction.atomic():
        locked = _lock(opinion)
        if locked.status == S.ROUTED and locked.unit_id == unit.pk:
            return locked  # a retried submit
        target = _check(locked, "route")
        if not unit.is_active:
            raise DomainError(_("This unit is no longer active."))
        if not (locked.region.path.startswith(unit.region.path) or unit.region.depth <= 1):
            raise DomainError(_("The unit does not serve this area."))
        now = timezone.now()
        from_status = locked.status
        locked.status, locked.unit, locked.routed_at = target, unit, now
        locked.deadline = answer_deadline(routed_on=timezone.localdate(now), category=locked.category, region=locked.region)
        locked.reason = ""
        locked.save(update_fields=["status", "unit", "routed_at", "deadline", "reason"])
        _step(locked, action="route", from_status=from_status, actor=actor, unit=unit, note=note)
        clerks = [g.user for g in unit.grants.filter(role="unit_clerk").select_related("user")]
        notify(
            users=clerks,
            kind="opinions.routed",
            title=_("A voter's opinion to answer by %(date)s") % {"date": locked.deadline.isoformat()},
            url=reverse("opinions:opinion_detail", args=[locked.pk]),
            dedupe_key=f"opinions.routed:{locked.pk}:{locked.routed_at:%Y%m%d%H%M%S}",
        )
    return locked


def _finish_answer(locked: Opinion, *, answer: str, actor, action: str, from_status: str, unit=None) -> None:
    now = timezone.now()
    locked.answer, locked.answered_at = answer, now
    locked.answered_on_time = True if locked.deadline is None else timezone.localdate(now) <= locked.deadline
    locked.save(update_fields=["status", "answer", "answered_at", "answered_on_time"])
    _step(locked, action=action, from_status=from_status, actor=actor, unit=unit, note=answer)
    if locked.phone:  # the voter is told by SMS at once
        send_sms(
            locked.phone,
            _("Your opinion %(code)s has been answered. Open the tracking page to read it and tell us whether it was solved.")
            % {"code": locked.tracking_code},
        )
        locked.status, locked.told_at = S.TOLD, now
        locked.save(update_fields=["status", "told_at"])
        _step(locked, action="tell", from_status=S.ANSWERED, actor=actor, note=_("Told by SMS."))


def _answer_text(answer: str) -> str:
    answer = (answer or "").strip()
    if len(answer) < 2:
        raise DomainError(_("Write the answer."))
    return answer


def opinion_answer_on_spot(*, actor, scope: Scope, opinion: Opinion, answer: str) -> Opinion:
    _require_handle(scope, opinion)
    answer = _answer_text(answer)
    with transaction.atomic():
        locked = _lock(opinion)
        if locked.status in ANSWERED_STATES and locked.answer == answer:
            return locked
        locked.status, from_status = _check(locked, "answer_on_spot"), locked.status
        _finish_answer(locked, answer=answer, actor=actor, action="answer_on_spot", from_status=from_status)
    return locked


ANSWERED_STATES = {S.ANSWERED, S.TOLD, S.CLOSED}


def opinion_record_answer(*, actor, scope: Scope, opinion: Opinion, answer: str) -> Opinion:
    """The answer to an opinion raised as a suggestion or reported upward, recorded by the station's side."""
    _require_handle(scope, opinion)
    answer = _answer_text(answer)
    with transaction.atomic():
        locked = _lock(opinion)
        if locked.status in ANSWERED_STATES and locked.answer == answer:
            return locked
        locked.status, from_status = _check(locked, "record_answer"), locked.status
        _finish_answer(locked, answer=answer, actor=actor, action="record_answer", from_status=from_status)
    return locked


def _simple(*, actor, opinion: Opinion, action: str, note: str = "", fields: dict | None = None) -> Opinion:
    with transaction.atomic():
        locked = _lock(opinion)
        target = TRANSITIONS[action][1]
        if locked.status == target and all(getattr(locked, k) == v for k, v in (fields or {}).items()):
            return locked  # a retried submit
        _check(locked, action)
        from_status = locked.status
        locked.status = target
        for key, value in (fields or {}).items():
            setattr(locked, key, value)
        locked.save(update_fields=["status", *(fields or {})])
        _step(locked, action=action, from_status=from_status, actor=actor, note=note)
    return locked


def opinion_report(*, actor, scope: Scope, opinion: Opinion, note: str) -> Opinion:
    """重要情况报告: reported upward to the standing committee."""
    _require_handle(scope, opinion)
    if not (note or "").strip():
        raise DomainError(_("Say what is reported and why."))
    return _simple(actor=actor, opinion=opinion, action="report", note=note.strip())


def opinion_out_of_remit(*, actor, scope: Scope, opinion: Opinion, reason: str) -> Opinion:
    _require_handle(scope, opinion)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason why it is outside the remit."))
    return _simple(actor=actor, opinion=opinion, action="out_of_remit", note=reason.strip(), fields={"reason": reason.strip()})


def opinion_merge(*, actor, scope: Scope, opinion: Opinion, into: Opinion) -> Opinion:
    _require_handle(scope, opinion)
    if into.pk == opinion.pk or into.merged_into_id is not None or into.status == S.MERGED:
        raise DomainError(_("Merge into another opinion that is not itself merged."))
    if into.town_id != opinion.town_id:
        raise DomainError(_("Only opinions of the same town can be merged."))
    return _simple(actor=actor, opinion=opinion, action="merge", note=into.tracking_code, fields={"merged_into": into})


def opinion_raise_as_suggestion(*, actor, opinion: Opinion, suggestion_ref: str) -> Opinion:
    """Called by the suggestions workflow when a deputy takes the opinion up as a suggestion. The caller has
    checked that the actor may raise it; here only the lifecycle is enforced. Idempotent for the same ref."""
    ref = str(suggestion_ref or "").strip()
    if not ref:
        raise DomainError(_("Name the suggestion."))
    return _simple(actor=actor, opinion=opinion, action="raise_suggestion", note=ref, fields={"suggestion_ref": ref})


def opinion_tell(*, actor, scope: Scope, opinion: Opinion, note: str = "") -> Opinion:
    _require_handle(scope, opinion)
    return _simple(
        actor=actor,
        opinion=opinion,
        action="tell",
        note=note,
        fields={"told_at": timezone.now()} if opinion.status != S.TOLD else {},
    )


# --- Handling by the unit ----------------------------------------------------------------------------------


def opinion_unit_answer(*, actor, scope: Scope, opinion: Opinion, answer: str) -> Opinion:
    answer = _answer_text(answer)
    with transaction.atomic():
        locked = _lock(opinion)
        if not permissions.can_answer_as_unit(scope, locked):
            raise NotPermitted(hide=True)
        if locked.status in ANSWERED_STATES and locked.answer == answer:
            return locked
        locked.status, from_status = _check(locked, "unit_answer"), locked.status
        _finish_answer(locked, answer=answer, actor=actor, action="unit_answer", from_status=from_status, unit=locked.unit)
    return locked


def opinion_unit_return(*, actor, scope: Scope, opinion: Opinion, reason: str) -> Opinion:
    """Not competent: back to the station's officer with a reason."""
    if not (reason or "").strip():
        raise DomainError(_("Give the reason why the unit is not competent."))
    with transaction.atomic():
        locked = _lock(opinion)
        if not permissions.can_answer_as_unit(scope, locked):
            if (
                locked.status == S.REGISTERED
                and Step.objects.filter(opinion=locked, action="unit_return", unit_id__in=scope.unit_ids).exists()
            ):
                return locked  # a retried return
            raise NotPermitted(hide=True)
        _check(locked, "unit_return")
        unit = locked.unit
        from_status = locked.status
        locked.status, locked.unit, locked.deadline, locked.routed_at, locked.reason = (
            S.REGISTERED,
            None,
            None,
            None,
            reason.strip(),
        )
        locked.save(update_fields=["status", "unit", "deadline", "routed_at", "reason"])
        _step(locked, action="unit_return", from_status=from_status, actor=actor, unit=unit, note=reason.strip())
        if locked.station.officer_id:
            notify(
                users=[locked.station.officer],
                kind="opinions.returned",
                title=_("%(unit)s returned an opinion: %(reason)s") % {"unit": unit.name, "reason": reason.strip()[:80]},
                url=reverse("opinions:opinion_detail", args=[locked.pk]),
            )
    return locked


# --- The voter ---------------------------------------------------------------------------------------------


def opinion_feedback(*, opinion: Opinion, solved: bool, note: str = "") -> Opinion:
    """The voter says whether it was solved (from the tracking page); the opinion closes."""
    with transaction.atomic():
        locked = _lock(opinion)
        if locked.status == S.CLOSED and locked.solved == solved:
            return locked
        _check(locked, "feedback")
        from_status = locked.status
        now = timezone.now()
        if locked.status == S.ANSWERED:
            locked.status, locked.told_at = S.TOLD, now
            locked.save(update_fields=["status", "told_at"])
            _step(locked, action="tell", from_status=from_status, actor=None, note=_("Read on the tracking page."))
            from_status = S.TOLD
        locked.status, locked.solved, locked.feedback, locked.closed_at = S.CLOSED, solved, (note or "").strip(), now
        locked.save(update_fields=["status", "solved", "feedback", "closed_at"])
        _step(locked, action="feedback", from_status=from_status, actor=None, note=(_("solved") if solved else _("not solved")))
    return locked


def opinion_reveal_contact(*, actor, scope: Scope, opinion: Opinion) -> dict[str, str]:
    if not permissions.can_reveal_contact(scope, opinion):
        raise NotPermitted()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="opinion.contact_view",
            obj=opinion,
            after={"fields": ["contact_name", "phone"]},
            region_id=opinion.region_id,
        )
    return {"contact_name": opinion.contact_name, "phone": opinion.phone}


def track_allowed(client_ip: str | None) -> bool:
    """Unknown codes are counted per client address; past the limit every code answers 'not found'."""
    return (cache.get(f"opinions:track:{client_ip or '-'}") or 0) < int(rules.value("opinions.track_per_ip_hour"))


def track_failed(client_ip: str | None) -> None:
    ratelimit.hit(f"opinions:track:{client_ip or '-'}", 10**9)
