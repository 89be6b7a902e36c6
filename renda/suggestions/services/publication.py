"""Publication with the answers, and key suggestions (the directors' meeting decision, the leaders, progress)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core.actors import Actor, user_of
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, NotPermitted, required_text
from renda.org.models import Body, Person
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import SUGGESTION
from ..models import KeyProgress, KeySuggestion, Suggestion
from .common import SUGGESTION_FIELDS, _audit, _lock, _review, _save, _tell, _today


def suggestion_publish(*, actor: Actor, scope: Scope, suggestion: Suggestion, on: datetime.date | None = None) -> Suggestion:
    _review(scope, suggestion)
    with transaction.atomic():
        locked = _lock(suggestion)
        if locked.is_public:
            return locked
        SUGGESTION.require(locked, "answer_stands")
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.is_public, locked.published_on = True, _today(on)
        locked.save(update_fields=["published_on"])
        _save(locked)
        _audit(actor, "publish", locked, before)
    return locked


def key_designate(
    *, actor: Actor, scope: Scope, suggestion: Suggestion, decision: str, decided_on: datetime.date, lead_leader: Person,
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
        SUGGESTION.require(locked, "may_become_key")
        key = KeySuggestion.objects.create(
            suggestion=locked, decision=decision, decided_on=decided_on, lead_leader=lead_leader, lead_leader_title=title,
            supervisor=supervisor, supervisor_body=supervisor_body, plan=plan,
        )  # fmt: skip
        before = snapshot(locked, SUGGESTION_FIELDS)
        locked.is_key = True
        _save(locked)
        _audit(actor, "key", locked, before, decision=decision, lead_leader=lead_leader.name,
               supervisor=supervisor.name if supervisor else supervisor_body.name if supervisor_body else "")  # fmt: skip
        users = [u for u in (lead_leader.user, supervisor.user if supervisor else None) if u]
        title = _("Key suggestion %(number)s: %(title)s") % {"number": locked.number, "title": locked.title}
        _tell(users, locked, "key", title, on=decided_on)
    return key


def key_progress_add(*, actor: Actor, scope: Scope, key: KeySuggestion, on: datetime.date, text: str) -> KeyProgress:
    if not permissions.can_add_progress(scope, key):
        raise NotPermitted()
    text = required_text(text, _("Describe the progress."))
    with transaction.atomic():
        locked = _lock(key.suggestion)
        existing = KeyProgress.objects.filter(key=key, on=on, text=text).first()
        if existing:
            return existing
        entry = KeyProgress.objects.create(key=key, on=on, text=text, created_by=user_of(actor))
        audit_record(actor=actor, action="suggestion.key_progress", obj=locked, after={"on": on, "text": text[:100]},
                     region_id=locked.region_id)  # fmt: skip
    return entry
