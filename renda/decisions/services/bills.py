"""Bills (议案) to a congress: put by its presidium, its standing committee, a committee, the government, or deputies
jointly (the lead and enough signers: the number per level as data). Submitted bills go to the presidium, which
puts one on the session's agenda (then voted, adopted or not) or has it handled as a suggestion (the lead
deputy's suggestion in the suggestions workflow, linked from the bill)."""

from __future__ import annotations

import dataclasses
import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules as core_rules
from renda.core.actors import Actor, system
from renda.core.audit import audit_created
from renda.core.errors import DomainError, NotPermitted
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.org.models import Body, Deputy, Role, Term
from renda.org.scoping import Scope
from renda.suggestions import services as suggestion_services

from .. import permissions
from ..lifecycles import BILL, SIGNER
from ..models import Bill, BillSigner
from ..rules import BILL_MIN_DEPUTIES, DECISION_POLL_KIND
from .common import Vote, agenda_item, vote_step


def _current_term(congress: Body, on: datetime.date) -> Term:
    term = Term.objects.filter(congress=congress, start_date__lte=on).order_by("-start_date").first()
    if term is None:
        raise DomainError(_("The congress has no term on that date."))
    return term


def min_signers(congress: Body) -> int:
    """Deputies who must put a bill jointly (the lead included): 10 at a district congress, 5 at a town's."""
    level = "district" if congress.level == Body.Level.DISTRICT else "town"
    return int(core_rules.value(BILL_MIN_DEPUTIES[level].key, region_path=congress.region.path))


def bill_create(
    *,
    actor: Actor,
    scope: Scope,
    congress: Body,
    title: str,
    text: str,
    proposer: str,
    lead: Deputy | None = None,
    signers: list[Deputy] | tuple[Deputy, ...] = (),
    on: datetime.date | None = None,
) -> Bill:
    """A draft bill. Deputies' bills: the lead is the calling deputy (staff may enter one for a deputy), the
    signers are invited to sign; other proposers' bills are entered by the staff who run the congress."""
    if not permissions.can_propose_bills(scope) or congress.kind != Body.Kind.CONGRESS:
        raise NotPermitted()
    if proposer not in Bill.Proposer.values:
        raise DomainError(_("Unknown proposer."))
    if not title.strip() or not text.strip():
        raise DomainError(_("Give the bill a title and its grounds and proposal."))
    staff = permissions.can_manage_bill(scope, Bill(congress=congress))
    if proposer == Bill.Proposer.DEPUTIES:
        if lead is None or lead.congress_id != congress.pk or lead.status != Deputy.Status.SERVING:
            raise DomainError(_("A deputies' bill is led by a serving deputy of the congress."))
        if lead.person_id != scope.person_id and not staff:
            raise NotPermitted()
    elif not staff:
        raise NotPermitted()
    day = on or timezone.localdate()
    others = {d.pk: d for d in signers if lead is None or d.pk != lead.pk}
    if any(d.congress_id != congress.pk or d.status != Deputy.Status.SERVING for d in others.values()):
        raise DomainError(_("Signers must be serving deputies of the same congress."))
    with transaction.atomic():
        bill = Bill.objects.create(
            congress=congress,
            term=_current_term(congress, day),
            title=title.strip()[:200],
            text=text.strip(),
            proposer=proposer,
            lead=lead if proposer == Bill.Proposer.DEPUTIES else None,
            region_id=congress.region_id,
        )
        BillSigner.objects.bulk_create([BillSigner(bill=bill, deputy=d, region_id=bill.region_id) for d in others.values()])
        audit_created(actor=actor, action="bill.create", obj=bill, signers=list(others))
    return bill


def bill_sign(*, actor: Actor, scope: Scope, signer: BillSigner, action: str) -> BillSigner:
    """The invited deputy signs (or declines); only while the bill is a draft."""
    if not BILL.in_group(signer.bill, "signing"):
        raise DomainError(_("The bill is no longer open for signatures."))
    return SIGNER.apply(signer, action, actor=actor, scope=scope)


def _reason(bill: Bill, what: str) -> str:
    return f"bill {bill.pk} {what}"


def _check_signatures(locked: Bill) -> dict[str, Any]:
    if locked.proposer != Bill.Proposer.DEPUTIES:
        return {}
    signed = 1 + locked.signers.filter(state=BillSigner.State.CONFIRMED).count()
    needed = min_signers(locked.congress)
    if signed < needed:
        raise DomainError(
            _("A deputies' bill needs %(needed)d deputies jointly; %(signed)d have signed.")
            % {"needed": needed, "signed": signed}
        )
    return {"signed": signed}


def _refer(actor: Actor, locked: Bill) -> dict[str, Any]:
    """Handled as a suggestion: the lead deputy's suggestion, submitted at once, its co-signers those who signed."""
    if locked.lead is None:
        raise DomainError(_("Only a bill of deputies can be handled as a suggestion."))
    reason = f"decisions: {_reason(locked, 'handled as a suggestion')}"
    # the platform files the suggestion in the lead deputy's name (the presidium's decision, not her own act)
    scope = dataclasses.replace(Scope.system(reason), roles=frozenset({Role.DEPUTY}), person_id=locked.lead.person_id)
    signers = [s.deputy for s in locked.signers.filter(state=BillSigner.State.CONFIRMED).select_related("deputy")]
    suggestion = suggestion_services.suggestion_create(
        actor=system(reason, on_behalf_of=actor),
        scope=scope,
        author=locked.lead,
        title=locked.title,
        text=locked.text,
        category="其他",
        period="session" if locked.meeting_id else "recess",
        cosigners=signers,
        client_token=f"bill-{locked.pk}",
        submit=True,
    )
    locked.suggestion = suggestion
    return {"suggestion": suggestion.pk}


def bill_transition(
    *,
    actor: Actor,
    scope: Scope,
    bill: Bill,
    action: str,
    meeting: Meeting | None = None,
    note: str = "",
    on: datetime.date | None = None,
) -> Bill:
    """submit (deputies' bills: enough signatures) · withdraw · place (on `meeting`, a session of the congress) ·
    refer (handled as a suggestion) · open (refused without a quorum) · close · adopt / reject (published)."""
    day = on or timezone.localdate()

    def effects(locked: Bill) -> dict[str, Any] | None:
        if action == "submit":
            locked.submitted_on = day
            return _check_signatures(locked)
        if action == "withdraw":
            return None
        if action in {"place", "refer"}:
            locked.decision_note = note.strip()[:300]
            if meeting is not None:
                if meeting.body_id != locked.congress_id:
                    raise DomainError(_("Choose a session of the same congress."))
                locked.meeting = locked.decided_at = meeting
            if action == "refer":
                return _refer(actor, locked)
            if locked.meeting is None:
                raise DomainError(_("Choose the session whose agenda the bill goes on."))
            locked.item = agenda_item(actor, locked.meeting, AgendaItem.Kind.BILL, locked.title, _reason(locked, "on the agenda"))
            return {"meeting": locked.meeting.pk}
        assert locked.meeting is not None
        vote = Vote(DECISION_POLL_KIND.key, locked.congress, locked.title, Poll.Matter.BILL)
        return vote_step(actor, locked, action, partial(_reason, locked), vote, adopted=action == "adopt")

    return BILL.apply(bill, action, actor=actor, scope=scope, effects=effects)


__all__ = ["bill_create", "bill_sign", "bill_transition", "min_signers"]
