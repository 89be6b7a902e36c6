"""Proposals for the candidate list: from deputies and unit clerks (logged in), from the public (no account, the
phone confirmed by a one-time code), and the staff's decision on each (`lifecycles.PROPOSAL`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import otp
from renda.core.actors import Actor
from renda.core.audit import audit_record, snapshot
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.core.text import mask_phone
from renda.org.models import Deputy, Person, Unit
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import CYCLE, PROPOSAL
from ..models import Cycle, Proposal
from ..rules import DESCRIPTION_MAX, OTP_ATTEMPTS, OTP_MINUTES, OTP_PER_HOUR, OTP_PER_IP_HOUR
from ._common import PUBLIC, lock_cycle, token_or_new

# A member of the public's phone, confirmed by a one-time code (core.otp) under the projects' own rules.
OTP_PURPOSE = otp.Purpose(
    "projects.proposal", minutes=OTP_MINUTES, attempts=OTP_ATTEMPTS, per_phone_hour=OTP_PER_HOUR, per_address_hour=OTP_PER_IP_HOUR
)


def _clean_text(title: str, description: str) -> tuple[str, str]:
    title, description = (title or "").strip(), (description or "").strip()
    if not title or len(title) > 200:
        raise DomainError(_("Give the project a title (at most 200 characters)."))
    if not description:
        raise DomainError(_("Describe the project: what, where, for whom."))
    DESCRIPTION_MAX.check(description, _("The description"))
    return title, description


def _refuse_unless_collecting(cycle: Cycle) -> None:
    if not CYCLE.in_group(cycle, "collecting"):
        raise InvalidTransition(_("Proposals are closed for this cycle."))


def _create(*, actor: Actor, cycle: Cycle, audit_after: dict[str, Any] | None = None, **fields: Any) -> Proposal:
    """Write a proposal to a cycle still collecting (checked under the cycle's lock), with its audit event."""
    with transaction.atomic():
        locked = lock_cycle(cycle)
        _refuse_unless_collecting(locked)
        proposal = Proposal.objects.create(cycle=locked, region_id=locked.region_id, **fields)
        audit_record(
            actor=actor,
            action="projects.proposal.submit",
            obj=proposal,
            after=audit_after if audit_after is not None else snapshot(proposal),
            region_id=proposal.region_id,
        )
    return proposal


def proposal_submit(
    *,
    actor: Actor,
    scope: Scope,
    cycle: Cycle,
    title: str,
    description: str,
    token: str = "",
    unit: Unit | None = None,
) -> Proposal:
    """A deputy of the cycle's congress, or a unit clerk (for their unit), proposes a candidate project."""
    client_token = token_or_new(token)
    existing = Proposal.objects.filter(token=client_token).first()
    if existing:
        return existing
    is_deputy = bool(
        scope.person_id
        and Deputy.objects.filter(person_id=scope.person_id, congress_id=cycle.congress_id, status=Deputy.Status.SERVING).exists()
    )
    person: int | None
    if scope.person_id and permissions.can_propose_as_deputy(scope, cycle, is_deputy):
        source, person = Proposal.Source.DEPUTY, scope.person_id
        name = str(Person.objects.values_list("name", flat=True).get(pk=scope.person_id))
        unit = None
    elif permissions.can_propose_as_unit(scope, cycle):
        unit = unit or Unit.objects.filter(pk__in=scope.unit_ids).order_by("pk").first()
        if unit is None or unit.pk not in scope.unit_ids:
            raise NotPermitted()
        source, person, name = Proposal.Source.UNIT, None, unit.name
    else:
        _refuse_unless_collecting(cycle)
        raise NotPermitted()
    title, description = _clean_text(title, description)
    return _create(
        actor=actor,
        cycle=cycle,
        source=source,
        title=title,
        description=description,
        proposer_name=name,
        person_id=person,
        unit=unit,
        token=client_token,
    )


def proposal_code_request(*, cycle: Cycle, phone: str, client_ip: str | None = None) -> None:
    _refuse_unless_collecting(cycle)
    otp.request(phone=phone, purpose=OTP_PURPOSE, client_ip=client_ip)


def proposal_submit_public(
    *, cycle: Cycle, name: str, phone: str, code: str, title: str, description: str, token: str
) -> Proposal:
    """A member of the public proposes a candidate, no account: the phone is confirmed by a one-time code."""
    client_token = token_or_new(token)
    existing = Proposal.objects.filter(token=client_token).first()
    if existing:
        return existing  # a double submit: the same proposal, and the used code is not asked again
    _refuse_unless_collecting(cycle)
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise DomainError(_("Give your name."))
    title, description = _clean_text(title, description)
    phone = otp.clean_phone(phone)
    otp.consume(phone=phone, purpose=OTP_PURPOSE, code=code)
    return _create(
        actor=PUBLIC,
        cycle=cycle,
        audit_after={"source": "public", "title": title, "phone": mask_phone(phone)},
        source=Proposal.Source.PUBLIC,
        title=title,
        description=description,
        proposer_name=name,
        phone=phone,
        token=client_token,
    )


def proposal_decide(*, actor: Actor, scope: Scope, proposal: Proposal, decision: str, reason: str) -> Proposal:
    """Staff shortlist a proposal or decline it, always with a reason; a decision may be revised while the candidate
    list is open."""
    if not permissions.can_manage_cycle(scope, proposal.cycle):
        raise NotPermitted()
    target = PROPOSAL.transition(decision).target
    if not (reason or "").strip():
        raise DomainError(_("Give the reason."))
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("cycle").get(pk=proposal.pk)
        if locked.state == target and locked.reason == reason.strip():
            return locked  # a retried submit
        if not CYCLE.in_group(locked.cycle, "list_open"):
            raise InvalidTransition(_("The candidate list is already reviewed; proposals can no longer change."))
        before = snapshot(locked, ["state", "reason"])
        PROPOSAL.set_state(locked, decision)
        locked.reason = reason.strip()
        locked.save(update_fields=["state", "reason"])
        audit_record(
            actor=actor,
            action=f"projects.proposal.{decision}",
            obj=locked,
            before=before,
            after=snapshot(locked, ["state", "reason"]),
            region_id=locked.region_id,
        )
    return locked
