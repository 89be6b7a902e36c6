"""Every write of the suggestions workflow. One transaction each, the suggestion row locked, an audit event inside.

Each service takes the date of the event (`on`, default today) so the demo can replay a year of events; the
allowed transitions are explicit tables; an illegal one raises `InvalidTransition` and changes nothing; a
retried request (same thing already done) returns the existing result.
"""

from __future__ import annotations

import datetime
import re

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules
from renda.core.audit import audit_record, changed, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.notify import notify, send_sms
from renda.meetings.models import Meeting
from renda.opinions.models import Opinion
from renda.opinions.services import opinion_raise_as_suggestion
from renda.org.models import Body, Deputy, Person, RoleGrant, Unit
from renda.org.scoping import Scope

from . import documents, permissions
from . import rules as srules
from .models import (
    Answer,
    Assignment,
    Attachment,
    ContactRecord,
    CoSigner,
    Feedback,
    KeyProgress,
    KeySuggestion,
    Period,
    Rating,
    State,
    Suggestion,
    SuggestionCounter,
)

# Which states each action may start from.
TRANSITIONS: dict[str, set[str]] = {
    "submit": {State.DRAFT},
    "cosign": {State.DRAFT, State.COSIGNING, State.SUBMITTED},
    "accept": {State.SUBMITTED},
    "refuse": {State.SUBMITTED, State.ACCEPTED},
    "merge": {State.SUBMITTED, State.ACCEPTED},
    "assign": {State.SUBMITTED, State.ACCEPTED, State.RETURNED},
    "reassign": {State.ASSIGNED, State.RETURNED},
    "extend": {State.ASSIGNED},
    "unit_accept": {State.ASSIGNED, State.REHANDLING},
    "unit_return": {State.ASSIGNED},
    "co_opinion": {State.ASSIGNED, State.REHANDLING},
    "contact": {State.ASSIGNED, State.REHANDLING, State.ANSWERED},
    "answer": {State.ASSIGNED, State.REHANDLING},
    "feedback": {State.ANSWERED},
    "follow_up": {State.CLOSED, State.ANSWERED},
    "publish": {State.ANSWERED, State.CLOSED},
    "key": {State.SUBMITTED, State.ACCEPTED, State.ASSIGNED, State.RETURNED, State.ANSWERED, State.REHANDLING},
}
SUGGESTION_FIELDS = [
    "state", "number", "submitted_on", "ack_due", "accepted_on", "review_reason", "merged_into_id", "assigned_on",
    "answer_due", "is_hard", "extended_on", "rehandle_due", "lead_unit_id", "is_key", "is_public", "follow_up_due",
    "closed_on",
]  # fmt: skip
PDF_MAGIC = b"%PDF-"


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _check(action: str, suggestion: Suggestion) -> None:
    if suggestion.state not in TRANSITIONS[action]:
        raise InvalidTransition(
            _("This cannot be done while the suggestion is %(state)s.") % {"state": suggestion.get_state_display()}
        )


def _lock(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().select_related("region", "congress").get(pk=suggestion.pk)


def _audit(actor, action: str, suggestion: Suggestion, before: dict, **extra) -> None:
    old, new = changed(before, snapshot(suggestion, SUGGESTION_FIELDS))
    new.update(extra)
    audit_record(
        actor=actor, action=f"suggestion.{action}", obj=suggestion, before=old, after=new, region_id=suggestion.region_id
    )


def _save(suggestion: Suggestion) -> None:
    """Persist the workflow fields, and keep the state copied on the suggestion's parts in step (the unit inbox
    filters on that copy instead of joining the suggestions; one UPDATE, no signals)."""
    suggestion.save(update_fields=[f.removesuffix("_id") if f.endswith("_id") else f for f in SUGGESTION_FIELDS])
    Assignment.objects.filter(suggestion_id=suggestion.pk).exclude(suggestion_state=suggestion.state).update(
        suggestion_state=suggestion.state
    )


def _url(suggestion: Suggestion) -> str:
    return reverse("suggestions:detail", args=[suggestion.pk])


def _rule(definition, suggestion: Suggestion):
    return srules.rule(definition, suggestion.region)


def keywords_of(title: str, text: str, top: int = 8) -> list[str]:
    import jieba.analyse

    words = jieba.analyse.extract_tags(f"{title}。{title}。{text}", topK=top)
    return [w for w in words if len(w) > 1 and not re.fullmatch(r"[\d.]+", w)][:top]


def _deputy_users(person_ids) -> list:
    return [p.user for p in Person.objects.filter(pk__in=list(person_ids), user__isnull=False).select_related("user")]


def _clerks(unit_ids) -> list:
    return [g.user for g in RoleGrant.objects.filter(role="unit_clerk", unit_id__in=list(unit_ids)).select_related("user")]


def _reviewers(suggestion: Suggestion) -> list:
    ancestors = [int(p) for p in suggestion.region.path.strip("/").split("/") if p]
    return [g.user for g in RoleGrant.objects.filter(role__in=["office", "town"], region_id__in=ancestors).select_related("user")]


def _validate_text(title: str, text: str, category: str, suggestion_region) -> tuple[str, str]:
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise DomainError(_("Give the suggestion a title."))
    if len(title) > 200:
        raise DomainError(_("The title is longer than 200 characters."))
    if len(text) < 10:
        raise DomainError(_("Write out the suggestion (at least 10 characters)."))
    if category not in srules.rule(srules.CATEGORIES, suggestion_region):
        raise DomainError(_("Choose one of the listed categories."))
    return title, text


def _validate_meeting(meeting: Meeting | None, congress: Body) -> None:
    """A suggestion is tied only to a meeting of the deputy's own congress (one of its sessions)."""
    if meeting is not None and meeting.body_id != congress.pk:
        raise DomainError(
            _("%(meeting)s is not a meeting of %(congress)s; choose one of its sessions.")
            % {"meeting": meeting.title, "congress": congress.name}
        )


def validate_file(data: bytes, *, region, pdf: bool) -> None:
    limit = int(srules.rule(srules.MAX_ATTACHMENT_BYTES, region))
    if not data:
        raise DomainError(_("The file is empty."))
    if len(data) > limit:
        raise DomainError(_("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)})
    if pdf and not data.startswith(PDF_MAGIC):
        raise DomainError(_("The letter must be a PDF file."))


# --- Submission ------------------------------------------------------------------------------------------
def suggestion_create(
    *,
    actor,
    scope: Scope,
    author: Deputy,
    title: str,
    text: str,
    category: str,
    period: str = Period.RECESS,
    meeting: Meeting | None = None,
    cosigners: list[Deputy] | tuple = (),
    attachments: list[tuple[str, bytes]] | tuple = (),
    client_token: str = "",
    submit: bool = False,
    opinion: Opinion | None = None,
    on: datetime.date | None = None,
) -> Suggestion:
    """A new suggestion by the actor's own serving mandate: a draft, or submitted at once (`submit`).

    `opinion`: a voter's opinion the deputy raises as this suggestion. The deputy must be one of the deputies
    attached to the opinion's station; the opinions workflow records the link (its state becomes "raised as a
    suggestion", the reference is this suggestion's id) in the same transaction, and refuses an opinion that is
    no longer open to it, in which case nothing is created."""
    if not permissions.can_submit(scope) or author.person_id != scope.person_id:
        raise NotPermitted()
    if opinion is not None and not permissions.can_raise_opinion(scope, opinion):
        raise NotPermitted()
    if author.status != Deputy.Status.SERVING:
        raise DomainError(_("Only a serving deputy can make a suggestion."))
    congress = author.congress
    title, text = _validate_text(title, text, category, congress.region)
    if period not in Period.values:
        raise DomainError(_("Choose when the suggestion is made."))
    _validate_meeting(meeting, congress)
    others = {d.person_id: d for d in cosigners if d.person_id != author.person_id}
    for deputy in others.values():
        if deputy.congress_id != congress.pk or deputy.status != Deputy.Status.SERVING:
            raise DomainError(_("Co-signers must be serving deputies of the same congress."))
    for _name, data in attachments:
        validate_file(data, region=congress.region, pdf=False)
    if client_token:
        existing = Suggestion.objects.filter(author_person_id=author.person_id, client_token=client_token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            suggestion = Suggestion.objects.create(
                congress=congress,
                region=congress.region,
                author=author,
                author_person_id=author.person_id,
                period=period,
                meeting=meeting,
                title=title,
                text=text,
                category=category,
                client_token=client_token[:64],
                opinion=opinion,
            )
            if opinion is not None:
                opinion_raise_as_suggestion(actor=actor, opinion=opinion, suggestion_ref=str(suggestion.pk))
            CoSigner.objects.bulk_create(
                [CoSigner(suggestion=suggestion, deputy=d, person_id=d.person_id) for d in others.values()]
            )
            for name, data in attachments:
                Attachment.objects.create(
                    suggestion=suggestion, file=ContentFile(data, name=name[-100:]), name=name[:200], size=len(data)
                )
            audit_record(
                actor=actor,
                action="suggestion.create",
                obj=suggestion,
                after={
                    **snapshot(suggestion, ["title", "category", "period", "meeting_id", "state", "opinion_id"]),
                    "cosigners": list(others),
                },
                region_id=suggestion.region_id,
            )
            if submit:
                suggestion = _submit(actor=actor, suggestion=suggestion, on=_today(on))
    except IntegrityError:
        # The same client token raced with itself: the first request won; hand back its suggestion.
        existing = Suggestion.objects.filter(author_person_id=author.person_id, client_token=client_token).first()
        if client_token and existing:
            return existing
        raise
    return suggestion


DRAFT_FIELDS = ["title", "text", "category", "period", "meeting_id", "meeting_name"]


def suggestion_update_draft(
    *,
    actor,
    scope: Scope,
    suggestion: Suggestion,
    title: str,
    text: str,
    category: str,
    period: str,
    meeting: Meeting | None = None,
) -> Suggestion:
    if not permissions.can_edit(scope, suggestion):
        raise NotPermitted()
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.state != State.DRAFT:
            raise InvalidTransition(_("Only a draft can be edited."))
        title, text = _validate_text(title, text, category, locked.region)
        if period not in Period.values:
            raise DomainError(_("Choose when the suggestion is made."))
        _validate_meeting(meeting, locked.congress)
        before = snapshot(locked, DRAFT_FIELDS)
        locked.title, locked.text, locked.category, locked.period, locked.meeting = title, text, category, period, meeting
        if meeting is not None:
            locked.meeting_name = ""  # the free text of an old draft gives way to the linked meeting
        locked.save(update_fields=[f.removesuffix("_id") for f in DRAFT_FIELDS])
        old, new = changed(before, snapshot(locked, DRAFT_FIELDS))
        audit_record(actor=actor, action="suggestion.edit", obj=locked, before=old, after=new, region_id=locked.region_id)
    return locked


def _number(suggestion: Suggestion, day: datetime.date) -> str:
    counter, _created = SuggestionCounter.objects.get_or_create(congress_id=suggestion.congress_id, year=day.year)
    counter = SuggestionCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{day.year}{counter.last:04d}"


def _submit(*, actor, suggestion: Suggestion, on: datetime.date) -> Suggestion:
    locked = _lock(suggestion)
    if locked.state in {State.COSIGNING, State.SUBMITTED}:
        return locked
    _check("submit", locked)
    before = snapshot(locked, SUGGESTION_FIELDS)
    locked.keywords = " ".join(keywords_of(locked.title, locked.text))[:300]
    locked.save(update_fields=["keywords"])
    if locked.cosigners.filter(status=CoSigner.Status.INVITED).exists():
        locked.state = State.COSIGNING
        locked.submitted_on = None
        _save(locked)
        invited = locked.cosigners.filter(status=CoSigner.Status.INVITED).values_list("person_id", flat=True)
        notify(
            users=_deputy_users(invited),
            kind="suggestion.cosign",
            title=_("%(name)s asks you to co-sign a suggestion: %(title)s")
            % {"name": locked.author_person.name, "title": locked.title},
            url=_url(locked),
            dedupe_key=f"suggestion.cosign.{locked.pk}",
        )
        _audit(actor, "submit", locked, before)
        return locked
    _finalise_submit(locked, on)
    _audit(actor, "submit", locked, before)
    return locked


def _finalise_submit(locked: Suggestion, on: datetime.date) -> None:
    locked.state = State.SUBMITTED
    locked.submitted_on = on
    locked.number = _number(locked, on)
    if locked.period == Period.RECESS:
        locked.ack_due = rules.add_days(on, _rule(srules.ACK_DAYS, locked))
    _save(locked)
    notify(
        users=_reviewers(locked),
        kind="suggestion.submitted",
        title=_("New suggestion %(number)s: %(title)s") % {"number": locked.number, "title": locked.title},
        url=_url(locked),
        dedupe_key=f"suggestion.submitted.{locked.pk}",
    )


def suggestion_submit(*, actor, scope: Scope, suggestion: Suggestion, on: datetime.date | None = None) -> Suggestion:
    if not permissions.can_edit(scope, suggestion):
        raise NotPermitted()
    with transaction.atomic():
        return _submit(actor=actor, suggestion=suggestion, on=_today(on))


def cosign_respond(*, actor, scope: Scope, suggestion: Suggestion, confirm: bool, on: datetime.date | None = None) -> CoSigner:
    """A co-signer confirms (or declines) on their phone; when nobody is left to answer, the suggestion is submitted."""
    with transaction.atomic():
        locked = _lock(suggestion)
        cosigner = CoSigner.objects.select_for_update().filter(suggestion=locked, person_id=scope.person_id).first()
        if cosigner is None or not permissions.can_cosign(scope, cosigner):
            raise NotPermitted()
        wanted = CoSigner.Status.CONFIRMED if confirm else CoSigner.Status.DECLINED
        if cosigner.status == wanted:
            return cosigner
        if cosigner.status != CoSigner.Status.INVITED:
            raise InvalidTransition(_("You have already answered this request."))
        _check("cosign", locked)
        cosigner.status, cosigner.responded_at = wanted, timezone.now()
        cosigner.save(update_fields=["status", "responded_at"])
        audit_record(
            actor=actor,
            action="suggestion.cosign",
            obj=locked,
            after={"person": cosigner.person_id, "status": wanted},
            region_id=locked.region_id,
        )
        if locked.state == State.COSIGNING and not locked.cosigners.filter(status=CoSigner.Status.INVITED).exists():
            before = snapshot(locked, SUGGESTION_FIELDS)
            _finalise_submit(locked, _today(on))
            _audit(actor, "submit", locked, before, by="cosigners")
    return cosigner


# --- Office review -----------------------------------------------------------------------------------------
def _review(scope: Scope, suggestion: Suggestion) -> None:
    if not permissions.can_review(scope, suggestion):
        raise NotPermitted()


def suggestion_accept(*, actor, scope: Scope, suggestion: Suggestion, on: datetime.date | None = None) -> Suggestion:
    _review(scope, suggestion)
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.state == State.ACCEPTED:
            return locked
        _check("accept", locked)
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.state, locked.accepted_on = State.ACCEPTED, _today(on)
        _save(locked)
        _audit(actor, "accept", locked, before)
        notify(
            users=_deputy_users([locked.author_person_id]),
            kind="suggestion.accepted",
            title=_("Your suggestion %(number)s has been accepted") % {"number": locked.number},
            url=_url(locked),
            dedupe_key=f"suggestion.accepted.{locked.pk}",
        )
    return locked


def suggestion_refuse(*, actor, scope: Scope, suggestion: Suggestion, reason: str, on: datetime.date | None = None) -> Suggestion:
    _review(scope, suggestion)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason why the suggestion is not accepted."))
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.state == State.NOT_ACCEPTED:
            return locked
        _check("refuse", locked)
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.state, locked.review_reason = State.NOT_ACCEPTED, reason
        locked.accepted_on = locked.accepted_on or _today(on)
        locked.closed_on = _today(on)
        _save(locked)
        _audit(actor, "refuse", locked, before)
        notify(
            users=_deputy_users([locked.author_person_id]),
            kind="suggestion.refused",
            title=_("Your suggestion %(number)s was not accepted") % {"number": locked.number},
            body=reason,
            url=_url(locked),
            dedupe_key=f"suggestion.refused.{locked.pk}",
        )
    return locked


def suggestion_merge(
    *, actor, scope: Scope, suggestion: Suggestion, target: Suggestion, on: datetime.date | None = None
) -> Suggestion:
    """A duplicate is merged into another suggestion and handled there; its deputy is told which one."""
    _review(scope, suggestion)
    if target.pk == suggestion.pk:
        raise DomainError(_("A suggestion cannot be merged into itself."))
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.state == State.MERGED and locked.merged_into_id == target.pk:
            return locked
        _check("merge", locked)
        target = Suggestion.objects.select_for_update().get(pk=target.pk)
        if target.congress_id != locked.congress_id or target.state in {
            State.DRAFT,
            State.COSIGNING,
            State.MERGED,
            State.NOT_ACCEPTED,
        }:
            raise DomainError(_("Merge only into an accepted suggestion of the same congress."))
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.state, locked.merged_into = State.MERGED, target
        locked.closed_on = _today(on)
        _save(locked)
        _audit(actor, "merge", locked, before, into=target.number)
        notify(
            users=_deputy_users([locked.author_person_id]),
            kind="suggestion.merged",
            title=_("Your suggestion %(number)s is handled together with %(other)s")
            % {"number": locked.number, "other": target.number},
            url=_url(locked),
            dedupe_key=f"suggestion.merged.{locked.pk}",
        )
    return locked


def _units_ok(scope: Scope, lead: Unit, co_units) -> list[Unit]:
    co = [u for u in dict.fromkeys(co_units) if u.pk != lead.pk]
    for unit in [lead, *co]:
        if not unit.is_active:
            raise DomainError(_("%(unit)s is not an active unit.") % {"unit": unit.name})
    return co


def _make_assignments(locked: Suggestion, lead: Unit, co: list[Unit], day: datetime.date) -> None:
    answer_months = _rule(srules.HARD_MONTHS if locked.is_hard else srules.ANSWER_MONTHS, locked)
    co_months = _rule(srules.CO_UNIT_MONTHS, locked)
    return_due = rules.add_days(day, _rule(srules.RETURN_DAYS, locked))
    locked.assigned_on = day
    locked.answer_due = rules.add_months(day, answer_months)
    locked.lead_unit = lead
    rows = [
        Assignment(suggestion=locked, unit=lead, region_id=locked.region_id, role=Assignment.Role.LEAD, assigned_on=day,
                   due_on=locked.answer_due, return_due=return_due, suggestion_state=State.ASSIGNED)
    ] + [
        Assignment(suggestion=locked, unit=u, region_id=locked.region_id, role=Assignment.Role.CO, assigned_on=day,
                   due_on=rules.add_months(day, co_months), return_due=return_due, suggestion_state=State.ASSIGNED)
        for u in co
    ]  # fmt: skip
    Assignment.objects.bulk_create(rows)
    notify(
        users=_clerks([lead.pk, *[u.pk for u in co]]),
        kind="suggestion.assigned",
        title=_("Suggestion %(number)s assigned to your unit: %(title)s") % {"number": locked.number, "title": locked.title},
        url=_url(locked),
        dedupe_key=f"suggestion.assigned.{locked.pk}.{day.isoformat()}.{lead.pk}",
    )


def suggestion_assign(
    *, actor, scope: Scope, suggestion: Suggestion, lead: Unit, co_units=(), on: datetime.date | None = None
) -> Suggestion:
    """Accept (if not yet) and assign to one lead unit and any co-units; deadlines from the rules, counted from today."""
    _review(scope, suggestion)
    day = _today(on)
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.state == State.ASSIGNED and locked.lead_unit_id == lead.pk:
            return locked
        _check("assign", locked)
        co = _units_ok(scope, lead, co_units)
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.accepted_on = locked.accepted_on or day
        # After a unit returned it, the other live parts stay; the new lead gets a fresh deadline.
        live_units = set(locked.assignments.filter(status__in=Assignment.LIVE).values_list("unit_id", flat=True))
        if lead.pk in live_units:
            locked.assignments.filter(unit=lead, status__in=Assignment.LIVE).update(status=Assignment.Status.WITHDRAWN)
            live_units.discard(lead.pk)
        _make_assignments(locked, lead, [u for u in co if u.pk not in live_units], day)
        locked.state = State.ASSIGNED
        _save(locked)
        _audit(actor, "assign", locked, before, lead=lead.name, co=[u.name for u in co])
    return locked


def suggestion_reassign(
    *, actor, scope: Scope, suggestion: Suggestion, lead: Unit, co_units=(), reason: str, on: datetime.date | None = None
) -> Suggestion:
    """Withdraw the current units and assign anew. Loses against an answer already given (the row is locked)."""
    _review(scope, suggestion)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the reassignment."))
    day = _today(on)
    with transaction.atomic():
        locked = _lock(suggestion)
        _check("reassign", locked)
        co = _units_ok(scope, lead, co_units)
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.assignments.filter(status__in=Assignment.LIVE).update(status=Assignment.Status.WITHDRAWN)
        _make_assignments(locked, lead, co, day)
        locked.state = State.ASSIGNED
        _save(locked)
        _audit(actor, "reassign", locked, before, lead=lead.name, co=[u.name for u in co], reason=reason)
    return locked


def suggestion_extend(
    *, actor, scope: Scope, suggestion: Suggestion, consent: str, on: datetime.date | None = None
) -> Suggestion:
    """A hard case: the answer deadline becomes the rule's longer period from assignment, with the consent recorded."""
    _review(scope, suggestion)
    consent = (consent or "").strip()
    if not consent:
        raise DomainError(_("Record who consented to the extension and how."))
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.is_hard:
            return locked
        _check("extend", locked)
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.is_hard, locked.extension_consent, locked.extended_on = True, consent, _today(on)
        locked.answer_due = rules.add_months(locked.assigned_on, _rule(srules.HARD_MONTHS, locked))
        locked.assignments.filter(role=Assignment.Role.LEAD, status__in=Assignment.LIVE).update(due_on=locked.answer_due)
        locked.save(update_fields=["extension_consent"])
        _save(locked)
        _audit(actor, "extend", locked, before, consent=consent)
    return locked


# --- Unit handling -----------------------------------------------------------------------------------------
def _unit_lock(scope: Scope, assignment: Assignment, action: str) -> tuple[Suggestion, Assignment]:
    if not permissions.can_act_for_unit(scope, assignment):
        raise NotPermitted()
    locked = _lock(assignment.suggestion)
    a = Assignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)
    return locked, a


def _live(a: Assignment) -> None:
    if not a.is_live:
        raise InvalidTransition(
            _("This assignment is no longer with your unit (%(status)s).") % {"status": a.get_status_display()}
        )


def assignment_accept(*, actor, scope: Scope, assignment: Assignment, on: datetime.date | None = None) -> Assignment:
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment, "unit_accept")
        if a.status in {Assignment.Status.ACCEPTED, Assignment.Status.OPINION_SENT}:
            return a
        _live(a)
        _check("unit_accept", locked)
        a.status, a.accepted_on = Assignment.Status.ACCEPTED, _today(on)
        a.save(update_fields=["status", "accepted_on"])
        audit_record(actor=actor, action="suggestion.unit_accept", obj=locked, after={"unit": a.unit.name, "role": a.role},
                     region_id=locked.region_id)  # fmt: skip
    return a


def assignment_return(*, actor, scope: Scope, assignment: Assignment, reason: str, on: datetime.date | None = None) -> Assignment:
    """Not competent: returned within the rule's days; a returned lead sends the suggestion back to the office."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason why your unit is not competent."))
    day = _today(on)
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment, "unit_return")
        if a.status == Assignment.Status.RETURNED:
            return a
        _live(a)
        _check("unit_return", locked)
        if day > a.return_due:
            raise DomainError(
                _("The time to return it ended on %(date)s; ask the office to reassign it.") % {"date": a.return_due.isoformat()}
            )
        before = snapshot(locked, SUGGESTION_FIELDS)
        a.status, a.returned_on, a.return_reason = Assignment.Status.RETURNED, day, reason
        a.save(update_fields=["status", "returned_on", "return_reason"])
        if a.role == Assignment.Role.LEAD:
            locked.state, locked.lead_unit = State.RETURNED, None
            _save(locked)
            notify(
                users=_reviewers(locked),
                kind="suggestion.returned",
                title=_("%(unit)s returned suggestion %(number)s") % {"unit": a.unit.name, "number": locked.number},
                body=reason,
                url=_url(locked),
                dedupe_key=f"suggestion.returned.{a.pk}",
            )
        _audit(actor, "unit_return", locked, before, unit=a.unit.name, role=a.role, reason=reason)
    return a


def co_opinion_send(*, actor, scope: Scope, assignment: Assignment, opinion: str, on: datetime.date | None = None) -> Assignment:
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError(_("Write the opinion for the lead unit."))
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment, "co_opinion")
        if a.role != Assignment.Role.CO:
            raise InvalidTransition(_("Only a co-unit sends an opinion to the lead unit."))
        if a.status == Assignment.Status.OPINION_SENT and a.opinion == opinion:
            return a
        _live(a)
        _check("co_opinion", locked)
        a.status, a.opinion, a.opinion_on = Assignment.Status.OPINION_SENT, opinion, _today(on)
        a.accepted_on = a.accepted_on or a.opinion_on
        a.save(update_fields=["status", "opinion", "opinion_on", "accepted_on"])
        audit_record(
            actor=actor, action="suggestion.co_opinion", obj=locked, after={"unit": a.unit.name}, region_id=locked.region_id
        )
        if locked.lead_unit_id:
            notify(
                users=_clerks([locked.lead_unit_id]),
                kind="suggestion.co_opinion",
                title=_("%(unit)s sent its opinion on suggestion %(number)s") % {"unit": a.unit.name, "number": locked.number},
                url=_url(locked),
                dedupe_key=f"suggestion.co_opinion.{a.pk}",
            )
    return a


def contact_record_add(
    *, actor, scope: Scope, assignment: Assignment, contacted_on: datetime.date, method: str, summary: str
) -> ContactRecord:
    summary = (summary or "").strip()
    if not summary:
        raise DomainError(_("Say what was discussed."))
    if method not in ContactRecord.Method.values:
        raise DomainError(_("Choose how the deputy was contacted."))
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment, "contact")
        if a.role != Assignment.Role.LEAD:
            raise InvalidTransition(_("Contact records are kept by the lead unit."))
        _live(a)
        _check("contact", locked)
        if contacted_on < a.assigned_on or contacted_on > timezone.localdate() + datetime.timedelta(days=1):
            raise DomainError(_("The date must be between the assignment and today."))
        existing = ContactRecord.objects.filter(assignment=a, contacted_on=contacted_on, method=method, summary=summary).first()
        if existing:
            return existing
        record = ContactRecord.objects.create(
            suggestion=locked, assignment=a, contacted_on=contacted_on, method=method, summary=summary,
            created_by=actor if getattr(actor, "pk", None) else None,
        )  # fmt: skip
        audit_record(actor=actor, action="suggestion.contact", obj=locked, after=snapshot(record, ["contacted_on", "method"]),
                     region_id=locked.region_id)  # fmt: skip
    return record


def _recipients(locked: Suggestion) -> list[int]:
    confirmed = locked.cosigners.filter(status=CoSigner.Status.CONFIRMED).values_list("person_id", flat=True)
    return [locked.author_person_id, *confirmed]


def answer_submit(
    *,
    actor,
    scope: Scope,
    assignment: Assignment,
    outcome: str,
    text: str,
    reason: str = "",
    follow_up_on: datetime.date | None = None,
    letter_pdf: bytes | None = None,
    letter_name: str = "",
    on: datetime.date | None = None,
) -> Answer:
    """The lead unit's answer: an uploaded PDF letter or a Word letter generated with the unit head's name.

    Sent to the deputy and every co-signer (notice and SMS). Refused if the suggestion was reassigned first."""
    day = _today(on)
    text, reason = (text or "").strip(), (reason or "").strip()
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment, "answer")
        latest = locked.answers.order_by("-round").first()
        if (
            locked.state == State.ANSWERED
            and latest
            and latest.assignment_id == a.pk
            and latest.text == text
            and latest.outcome == outcome
        ):
            return latest  # a retried submit
        if a.role != Assignment.Role.LEAD:
            raise InvalidTransition(_("Only the lead unit answers; a co-unit sends its opinion to the lead unit."))
        _live(a)
        _check("answer", locked)
        table = srules.outcome_table(locked.region)
        if outcome not in table:
            raise DomainError(_("Choose one of the listed outcomes."))
        if len(text) < 10:
            raise DomainError(_("Write out the answer (at least 10 characters)."))
        if table[outcome].get("reason") and not reason:
            raise DomainError(_("This outcome needs the reasons."))
        if table[outcome].get("follow_up"):
            if follow_up_on is None or follow_up_on <= day:
                raise DomainError(_("This outcome needs a later date by which the unit answers again."))
        else:
            follow_up_on = None
        if letter_pdf is not None:
            validate_file(letter_pdf, region=locked.region, pdf=True)
        rehandled = locked.state == State.REHANDLING
        kind = Answer.Kind.REHANDLED if rehandled else Answer.Kind.ANSWER
        due = locked.rehandle_due if rehandled else locked.answer_due
        answer = _write_answer(actor, locked, a, kind, outcome, table[outcome]["label"], text, reason, follow_up_on,
                               letter_pdf, letter_name, day, due)  # fmt: skip
        before = snapshot(locked, SUGGESTION_FIELDS)
        if a.status == Assignment.Status.PENDING:
            a.status, a.accepted_on = Assignment.Status.ACCEPTED, day
            a.save(update_fields=["status", "accepted_on"])
        locked.state, locked.follow_up_due = State.ANSWERED, follow_up_on
        _save(locked)
        _audit(actor, "answer", locked, before, round=answer.round, outcome=outcome, kind=kind)
    return answer


def _write_answer(actor, locked, a, kind, outcome, outcome_label, text, reason, follow_up_on, letter_pdf, letter_name, day, due):
    round_no = (locked.answers.order_by("-round").values_list("round", flat=True).first() or 0) + 1
    unit = a.unit
    if letter_pdf is not None:
        data, letter_kind, ext = letter_pdf, Answer.LetterKind.PDF, "pdf"
    else:
        cosigners = list(locked.cosigners.filter(status=CoSigner.Status.CONFIRMED).values_list("person__name", flat=True))
        data = documents.answer_letter(
            suggestion=locked, unit=unit, outcome_label=f"{outcome} {outcome_label}", text=text, reason=reason,
            answered_on=day, cosigner_names=cosigners, follow_up_on=follow_up_on,
            kind_label={"answer": "答复", "rehandled": "再次答复", "follow_up": "续办答复"}[kind],
        )  # fmt: skip
        letter_kind, ext = Answer.LetterKind.DOCX, "docx"
    answer = Answer.objects.create(
        suggestion=locked, assignment=a, unit=unit, round=round_no, kind=kind, outcome=outcome, outcome_reason=reason,
        text=text, letter=ContentFile(data, name=f"{locked.number}-{round_no}.{ext}"), letter_kind=letter_kind,
        signed_by=f"{unit.head_title} {unit.head_name}".strip(), answered_on=day, due_on=due, follow_up_on=follow_up_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )  # fmt: skip
    recipients = _recipients(locked)
    notify(
        users=_deputy_users(recipients),
        kind="suggestion.answered",
        title=_("%(unit)s answered suggestion %(number)s") % {"unit": unit.name, "number": locked.number},
        url=_url(locked),
        dedupe_key=f"suggestion.answer.{answer.pk}",
    )
    for phone in Person.objects.filter(pk__in=recipients).exclude(phone="").values_list("phone", flat=True):
        send_sms(phone, _("Suggestion %(number)s has been answered by %(unit)s; please give your feedback.")
                 % {"number": locked.number, "unit": unit.name})  # fmt: skip
    return answer


def answer_follow_up(
    *, actor, scope: Scope, assignment: Assignment, text: str, letter_pdf: bytes | None = None, letter_name: str = "",
    on: datetime.date | None = None,
) -> Answer:  # fmt: skip
    """A planned (B) item answered again once solved."""
    day = _today(on)
    text = (text or "").strip()
    with transaction.atomic():
        locked, a = _unit_lock(scope, assignment, "follow_up")
        if a.role != Assignment.Role.LEAD or a.status not in Assignment.LIVE:
            raise InvalidTransition(_("Only the lead unit answers."))
        _check("follow_up", locked)
        if locked.follow_up_due is None:
            raise InvalidTransition(_("No follow-up answer is due for this suggestion."))
        if len(text) < 10:
            raise DomainError(_("Write out the answer (at least 10 characters)."))
        if letter_pdf is not None:
            validate_file(letter_pdf, region=locked.region, pdf=True)
        table = srules.outcome_table(locked.region)
        solved = next(code for code, o in table.items() if not o.get("follow_up") and not o.get("reason"))
        answer = _write_answer(actor, locked, a, Answer.Kind.FOLLOW_UP, solved, table[solved]["label"], text, "", None,
                               letter_pdf, letter_name, day, locked.follow_up_due)  # fmt: skip
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.follow_up_due = None
        _save(locked)
        _audit(actor, "follow_up", locked, before, round=answer.round)
    return answer


# --- Deputy feedback ---------------------------------------------------------------------------------------
def feedback_give(
    *, actor, scope: Scope, suggestion: Suggestion, process: str, result: str | None = None, comment: str = "",
    on: datetime.date | None = None,
) -> Feedback:  # fmt: skip
    """满意 / 基本满意 / 不满意 for the process and the result (one rating when the rule says so).

    Not satisfied → re-handling with its own deadline; otherwise the suggestion is closed."""
    if not permissions.can_give_feedback(scope, suggestion):
        raise NotPermitted()
    day = _today(on)
    with transaction.atomic():
        locked = _lock(suggestion)
        if not _rule(srules.SPLIT_RATING, locked) or result is None:
            result = process
        if process not in Rating.values or result not in Rating.values:
            raise DomainError(_("Choose satisfied, basically satisfied or not satisfied."))
        answer = locked.answers.exclude(kind=Answer.Kind.FOLLOW_UP).order_by("-round").first()
        done = Feedback.objects.filter(answer=answer).first() if answer else None
        if done and (done.process_rating, done.result_rating) == (process, result):
            return done
        _check("feedback", locked)
        Feedback.objects.filter(suggestion=locked, is_latest=True).update(is_latest=False)
        feedback = Feedback.objects.create(
            suggestion=locked, answer=answer, process_rating=process, result_rating=result, comment=(comment or "").strip(),
            given_on=day,
        )  # fmt: skip
        before = snapshot(locked, SUGGESTION_FIELDS)
        if feedback.satisfied:
            locked.state, locked.closed_on = State.CLOSED, day
        else:
            locked.state = State.REHANDLING
            locked.rehandle_due = rules.add_months(day, _rule(srules.REHANDLE_MONTHS, locked))
            locked.assignments.filter(role=Assignment.Role.LEAD, status__in=Assignment.LIVE).update(due_on=locked.rehandle_due)
            if locked.lead_unit_id:
                notify(
                    users=_clerks([locked.lead_unit_id]),
                    kind="suggestion.rehandle",
                    title=_("The deputy is not satisfied with the answer to %(number)s: handle it again by %(date)s")
                    % {"number": locked.number, "date": locked.rehandle_due.isoformat()},
                    url=_url(locked),
                    dedupe_key=f"suggestion.rehandle.{feedback.pk}",
                )
        _save(locked)
        _audit(actor, "feedback", locked, before, process=process, result=result, round=answer.round)
    return feedback


# --- Publication and key suggestions ------------------------------------------------------------------------
def suggestion_publish(*, actor, scope: Scope, suggestion: Suggestion, on: datetime.date | None = None) -> Suggestion:
    _review(scope, suggestion)
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.is_public:
            return locked
        _check("publish", locked)
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.is_public, locked.published_on = True, _today(on)
        locked.save(update_fields=["published_on"])
        _save(locked)
        _audit(actor, "publish", locked, before)
    return locked


def key_designate(
    *, actor, scope: Scope, suggestion: Suggestion, decision: str, decided_on: datetime.date, lead_leader: Person,
    lead_leader_title: str, plan: str, supervisor: Person | None = None, supervisor_body: Body | None = None,
) -> KeySuggestion:  # fmt: skip
    """A directors' meeting decision makes it a key suggestion: a government leader leads, a congress leader supervises."""
    _review(scope, suggestion)
    decision, plan, title = (decision or "").strip(), (plan or "").strip(), (lead_leader_title or "").strip()
    if not decision or not plan or not title:
        raise DomainError(_("Record the decision, the leading leader's post and the supervision plan."))
    if supervisor is None and supervisor_body is None:
        raise DomainError(_("Name the supervising leader or committee."))
    with transaction.atomic():
        locked = _lock(suggestion)
        existing = KeySuggestion.objects.filter(suggestion=locked).first()
        if existing:
            return existing
        _check("key", locked)
        key = KeySuggestion.objects.create(
            suggestion=locked, decision=decision, decided_on=decided_on, lead_leader=lead_leader, lead_leader_title=title,
            supervisor=supervisor, supervisor_body=supervisor_body, plan=plan,
        )  # fmt: skip
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.is_key = True
        _save(locked)
        _audit(actor, "key", locked, before, decision=decision, lead_leader=lead_leader.name,
               supervisor=supervisor.name if supervisor else supervisor_body.name)  # fmt: skip
        users = [u for u in (lead_leader.user, supervisor.user if supervisor else None) if u]
        notify(users=users, kind="suggestion.key", title=_("Key suggestion %(number)s: %(title)s") % {"number": locked.number,
               "title": locked.title}, url=_url(locked), dedupe_key=f"suggestion.key.{locked.pk}")  # fmt: skip
    return key


def key_progress_add(*, actor, scope: Scope, key: KeySuggestion, on: datetime.date, text: str) -> KeyProgress:
    if not permissions.can_add_progress(scope, key):
        raise NotPermitted()
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Describe the progress."))
    with transaction.atomic():
        locked = _lock(key.suggestion)
        existing = KeyProgress.objects.filter(key=key, on=on, text=text).first()
        if existing:
            return existing
        entry = KeyProgress.objects.create(key=key, on=on, text=text, created_by=actor if getattr(actor, "pk", None) else None)
        audit_record(actor=actor, action="suggestion.key_progress", obj=locked, after={"on": on, "text": text[:100]},
                     region_id=locked.region_id)  # fmt: skip
    return entry
