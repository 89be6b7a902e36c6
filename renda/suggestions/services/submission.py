"""Submission: a deputy's draft, its submission (numbered, or first sent to the co-signers) and co-signing."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.core import rules
from renda.core.actors import Actor
from renda.core.audit import audit_record, changed, snapshot
from renda.core.clock import event_time
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.meetings.models import Meeting
from renda.opinions.models import Opinion
from renda.opinions.services import opinion_raise_as_suggestion
from renda.org.models import Deputy
from renda.org.scoping import Scope

from .. import numbering, permissions
from .. import rules as srules
from ..lifecycles import COSIGNER, SUGGESTION
from ..models import Attachment, CoSigner, Period, Suggestion, SuggestionCounter
from .common import (
    SUGGESTION_FIELDS,
    _audit,
    _lock,
    _rule,
    _save,
    _tell,
    _validate_meeting,
    _validate_text,
    _when,
    check_mandate,
    deputy_users,
    keywords_of,
    reviewers_of,
    validate_file,
)


def suggestion_create(
    *,
    actor: Actor,
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
    at: datetime.datetime | None = None,
) -> Suggestion:
    """A new suggestion by the actor's own serving mandate: a draft, or submitted at once (`submit`).

    `opinion`: a voter's opinion the deputy raises as this suggestion. The deputy must be one of the deputies
    attached to the opinion's station; the opinions workflow records the link (its state becomes "raised as a
    suggestion", the reference is this suggestion's id) in the same transaction, and refuses an opinion that is
    no longer open to it, in which case nothing is created. `at`: submitted at that real time (a past ledger)."""
    if not permissions.can_submit(scope) or author.person_id != scope.person_id:
        raise NotPermitted()
    if opinion is not None and not permissions.can_raise_opinion(scope, opinion):
        raise NotPermitted()
    day = _when(on, at)
    check_mandate(author, day)  # in force on the suggestion's day (a past ledger's deputy may have left since)
    congress = author.congress
    title, text = _validate_text(title, text, category, congress.region)
    if period not in Period.values:
        raise DomainError(_("Choose when the suggestion is made."))
    _validate_meeting(meeting, congress)
    others = {d.person_id: d for d in cosigners if d.person_id != author.person_id}
    for deputy in others.values():
        if deputy.congress_id != congress.pk:
            raise DomainError(_("Co-signers must be serving deputies of the same congress."))
        check_mandate(deputy, day, cosigner=True)
    for name, data in attachments:
        validate_file(data, region=congress.region, pdf=False, name=name)
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
            if at is not None:  # a suggestion of the past: made when it was submitted
                Suggestion.objects.filter(pk=suggestion.pk).update(created_at=event_time(at))
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
                suggestion = _submit(actor=actor, suggestion=suggestion, on=day)
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
    actor: Actor,
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
        if not SUGGESTION.in_group(locked, "draft"):
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
    """The next number of the congress's run for the year and period (session or recess), e.g. 秀洲区2017会0001."""
    counter, _created = SuggestionCounter.objects.get_or_create(
        congress_id=suggestion.congress_id, year=day.year, period=suggestion.period
    )
    counter = SuggestionCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return numbering.number(suggestion.region.name, day.year, suggestion.period, counter.last)


def _submit(*, actor: Actor, suggestion: Suggestion, on: datetime.date) -> Suggestion:
    locked = _lock(suggestion)
    if SUGGESTION.done(locked, "submit") or SUGGESTION.done(locked, "ask_cosigners"):
        return locked  # a retried submit
    SUGGESTION.check(locked, "submit")
    before = snapshot(locked, SUGGESTION_FIELDS)
    locked.keywords = " ".join(keywords_of(locked.title, locked.text))[:300]
    locked.save(update_fields=["keywords"])
    waiting = locked.cosigners.filter(status__in=COSIGNER.group("invited"))
    if waiting.exists():
        SUGGESTION.set_state(locked, "ask_cosigners")
        locked.submitted_on = None
        _save(locked)
        title = _("%(name)s asks you to co-sign a suggestion: %(title)s")
        _tell(
            deputy_users(waiting.values_list("person_id", flat=True)),
            locked,
            "cosign",
            title % {"name": locked.author_person.name, "title": locked.title},
            on=on,
        )
        _audit(actor, "submit", locked, before)
        return locked
    _finalise_submit(locked, on, "submit")
    _audit(actor, "submit", locked, before)
    return locked


def _finalise_submit(locked: Suggestion, on: datetime.date, action: str) -> None:
    """Submitted (by the deputy, or `cosigned` when the last co-signer answered): numbered, the office told."""
    SUGGESTION.set_state(locked, action)
    locked.submitted_on = on
    locked.number = _number(locked, on)
    if locked.period == Period.RECESS:
        locked.ack_due = rules.add_days(on, _rule(srules.ACK_DAYS, locked))
    _save(locked)
    title = _("New suggestion %(number)s: %(title)s") % {"number": locked.number, "title": locked.title}
    _tell(reviewers_of(locked), locked, "submitted", title, on=locked.ack_due or on)


def suggestion_submit(
    *, actor: Actor, scope: Scope, suggestion: Suggestion, on: datetime.date | None = None, at: datetime.datetime | None = None
) -> Suggestion:
    if not permissions.can_edit(scope, suggestion):
        raise NotPermitted()
    day = _when(on, at)
    with transaction.atomic():
        return _submit(actor=actor, suggestion=suggestion, on=day)


def cosign_respond(
    *, actor: Actor, scope: Scope, suggestion: Suggestion, confirm: bool, on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> CoSigner:  # fmt: skip
    """A co-signer confirms (or declines) on their phone; when nobody is left to answer, the suggestion is submitted
    (`at`: the real time of a past answer, which is also the day of the submission)."""
    day = _when(on, at)
    with transaction.atomic():
        locked = _lock(suggestion)
        person_id = scope.person_id
        cosigner = (
            CoSigner.objects.select_for_update().filter(suggestion=locked, person_id=person_id).first()
            if person_id is not None
            else None
        )
        if cosigner is None or not permissions.can_cosign(scope, cosigner):
            raise NotPermitted()
        action = "confirm" if confirm else "decline"
        if COSIGNER.done(cosigner, action):
            return cosigner
        if confirm:
            check_mandate(Deputy.objects.select_related("person", "congress", "term").get(pk=cosigner.deputy_id), day,
                          cosigner=True)  # fmt: skip
        COSIGNER.check(cosigner, action)  # "You have already answered this request."
        SUGGESTION.require(locked, "cosignable")
        COSIGNER.set_state(cosigner, action)
        cosigner.responded_at = event_time(at)
        cosigner.save(update_fields=["status", "responded_at"])
        audit_record(
            actor=actor,
            action="suggestion.cosign",
            obj=locked,
            after={"person": cosigner.person_id, "status": cosigner.status},
            region_id=locked.region_id,
        )
        if SUGGESTION.can(locked, "cosigned") and not locked.cosigners.filter(status__in=COSIGNER.group("invited")).exists():
            before = snapshot(locked, SUGGESTION_FIELDS)
            _finalise_submit(locked, day, "cosigned")
            _audit(actor, "submit", locked, before, by="cosigners")
    return cosigner
