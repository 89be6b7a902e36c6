"""What every write of the suggestions workflow shares: the locked read, the save that keeps the parts' copy of
the state in step, the audit event, notice recipients, text and file checks.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import uploads
from renda.core.actors import Actor
from renda.core.audit import audit_record, changed, snapshot
from renda.core.clock import event_time
from renda.core.errors import DomainError, NotPermitted
from renda.core.models import User
from renda.core.notify import notify
from renda.core.rules import RuleDefinition
from renda.meetings.models import Meeting
from renda.org.models import Body, Deputy, Person, Region, RoleGrant, Suspension, Term
from renda.org.scoping import Scope

from .. import kept, permissions
from .. import rules as srules
from ..models import Assignment, Suggestion

SUGGESTION_FIELDS = [
    "state", "number", "submitted_on", "ack_due", "accepted_on", "review_reason", "merged_into_id", "assigned_on",
    "answer_due", "is_hard", "extended_on", "rehandle_due", "lead_unit_id", "is_key", "is_public", "follow_up_due",
    "closed_on",
]  # fmt: skip
PDF_MAGIC = b"%PDF-"


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _when(on: datetime.date | None, at: datetime.datetime | None, *, after: datetime.date | None = None) -> datetime.date:
    """The day of a step: `at`, the real time of a past event (a ledger: refused in the future or before the day of the
    step it follows, `after`, by `core.clock.event_time`), else `on` (the demo's replay), else today."""
    if at is None:
        return _today(on)
    start = timezone.make_aware(datetime.datetime.combine(after, datetime.time())) if after is not None else None
    return timezone.localdate(event_time(at, after=start))


def serving_on(deputy: Deputy, day: datetime.date) -> bool:
    """Whether the mandate was in force on `day`: elected by then, the next term not yet begun, not resigned or
    terminated by then, and its duties not suspended that day (a mandate that ended since was still in force then)."""
    return mandate_refusal(deputy, day) == ""


def mandate_refusal(deputy: Deputy, day: datetime.date, *, cosigner: bool = False) -> str:
    """Why `deputy` could not make (or co-sign) a suggestion on `day`, or "" when the mandate was in force."""
    name = deputy.person.name
    who = _("Co-signer %(name)s") % {"name": name} if cosigner else name
    values = {"who": who, "day": day.isoformat(), "congress": deputy.congress.name}
    if day < deputy.elected_date:
        return _("%(who)s was not yet a deputy of %(congress)s on %(day)s.") % values
    # A term's deputies serve until the next term begins (its first session): only then has the mandate ended.
    following = (
        Term.objects.filter(congress_id=deputy.term.congress_id, number__gt=deputy.term.number, start_date__lte=day)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    ended = [deputy.term.end_date or following] if following is not None else []
    left = deputy.status in (Deputy.Status.RESIGNED, Deputy.Status.TERMINATED)
    if left and deputy.status_date is not None and deputy.status_date <= day:
        ended.append(deputy.status_date)
    if ended:
        return _("The mandate of %(who)s as a deputy of %(congress)s ended on %(ended)s; nothing can be made or co-signed "
                 "in that name on %(day)s.") % {**values, "ended": min(ended).isoformat()}  # fmt: skip
    suspended = Suspension.objects.filter(deputy_id=deputy.pk, start_date__lte=day).exclude(end_date__lte=day)
    if suspended.exists() or (
        deputy.status == Deputy.Status.SUSPENDED
        and (deputy.status_date is None or deputy.status_date <= day)
        and not Suspension.objects.filter(deputy_id=deputy.pk).exists()
    ):
        return _("The duties of %(who)s were suspended on %(day)s.") % values
    return ""


def check_mandate(deputy: Deputy, day: datetime.date, *, cosigner: bool = False) -> None:
    """Refuse a suggestion (or a co-signature) dated `day` in the name of a deputy whose mandate was not in force."""
    reason = mandate_refusal(deputy, day, cosigner=cosigner)
    if reason:
        raise DomainError(reason)


def _lock(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().select_related("region", "congress").get(pk=suggestion.pk)


def _audit(actor: Actor, action: str, suggestion: Suggestion, before: dict[str, Any], **extra: Any) -> None:
    old, new = changed(before, snapshot(suggestion, SUGGESTION_FIELDS))
    new.update(extra)
    audit_record(
        actor=actor, action=f"suggestion.{action}", obj=suggestion, before=old, after=new, region_id=suggestion.region_id
    )


def _save(suggestion: Suggestion) -> None:
    """Persist the workflow fields, and keep the state copied on the suggestion's parts in step (the unit inbox
    filters on that copy instead of joining the suggestions; one UPDATE, no signals), and recount the kept figures'
    cells it was in and is in now (`kept.recount`: a service saves last, after its answers and feedback)."""
    before = kept.placed(suggestion.pk)
    suggestion.save(update_fields=[f.removesuffix("_id") if f.endswith("_id") else f for f in SUGGESTION_FIELDS])
    Assignment.objects.filter(suggestion_id=suggestion.pk).exclude(suggestion_state=suggestion.state).update(
        suggestion_state=suggestion.state
    )
    kept.recount(before, suggestion)


def detail_url(suggestion: Suggestion) -> str:
    return reverse("suggestions:detail", args=[suggestion.pk])


def _tell(
    users: Iterable[User], suggestion: Suggestion, kind: str, title: str, *, on: datetime.date, body: str = "",
    per: object = None,
) -> None:  # fmt: skip
    """A notice of this `kind` about the suggestion, linking to its page, dated by its event `on` (the step's day, or
    the deadline it sets the reader). A user gets it once per `per`: the suggestion itself, unless the notice is about
    one of its records (an answer, a feedback, a unit's part)."""
    notify(
        users=users,
        kind=f"suggestion.{kind}",
        title=title,
        body=body,
        url=detail_url(suggestion),
        dedupe_key=f"suggestion.{kind}.{suggestion.pk if per is None else per}",
        event_on=on,
    )


def _rule(definition: RuleDefinition, suggestion: Suggestion) -> Any:
    return srules.rule(definition, suggestion.region)


def keywords_of(title: str, text: str, top: int = 8) -> list[str]:
    import jieba.analyse

    words = jieba.analyse.extract_tags(f"{title}。{title}。{text}", topK=top)
    return [w for w in words if len(w) > 1 and not re.fullmatch(r"[\d.]+", w)][:top]


def deputy_users(person_ids: Iterable[int]) -> list[User]:
    people = Person.objects.filter(pk__in=list(person_ids), user__isnull=False).select_related("user")
    return [p.user for p in people if p.user is not None]


def unit_clerks(unit_ids: Iterable[int]) -> list[User]:
    return [g.user for g in RoleGrant.objects.filter(role="unit_clerk", unit_id__in=list(unit_ids)).select_related("user")]


def reviewers_of(suggestion: Suggestion) -> list[User]:
    ancestors = [int(p) for p in suggestion.region.path.strip("/").split("/") if p]
    return [g.user for g in RoleGrant.objects.filter(role__in=["office", "town"], region_id__in=ancestors).select_related("user")]


def _validate_text(title: str, text: str, category: str, suggestion_region: Region) -> tuple[str, str]:
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


def validate_file(data: bytes, *, region: Region | None, pdf: bool, name: str = "") -> None:
    """A suggestion's attachment or a unit's signed letter: within the size rule, and by its content one of the types
    the rules table allows (`core.uploads`), a letter only a PDF."""
    limit = int(srules.rule(srules.MAX_ATTACHMENT_BYTES, region))
    if not data:
        raise DomainError(_("The file is empty."))
    if len(data) > limit:
        raise DomainError(_("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)})
    if pdf and not data.startswith(PDF_MAGIC):
        raise DomainError(_("The letter must be a PDF file."))
    uploads.check_bytes(name or ("letter.pdf" if pdf else "file"), data, region_path=region.path if region else "",
                        allowed=["pdf"] if pdf else None)  # fmt: skip


def _review(scope: Scope, suggestion: Suggestion) -> None:
    if not permissions.can_review(scope, suggestion):
        raise NotPermitted()
