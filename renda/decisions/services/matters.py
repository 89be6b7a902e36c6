"""The register of major matters (重大事项) a body decides: registered, requested (提请) by the unit concerned, put on
a meeting's agenda by the directors' meeting (or a town's presidium), deliberated and voted; adopted, it is a
numbered decision or resolution (决定/决议, the number as the rule formats it) issued in Word; the requesting unit
reports within the months the rule gives how it was carried out, and the matter is closed."""

from __future__ import annotations

import datetime
import io
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document as WordDocument

from renda.core import rules as core_rules
from renda.core.actors import Actor
from renda.core.audit import audit_created
from renda.core.errors import DomainError, InvalidTransition, NotPermitted
from renda.meetings.minutes import set_east_asian_font
from renda.meetings.models import AgendaItem, Meeting, Poll
from renda.org.models import Body, Unit
from renda.org.scoping import Scope

from .. import permissions
from ..lifecycles import MATTER
from ..models import Matter
from ..rules import DECISION_POLL_KIND, MATTER_CATEGORIES, NUMBER_FORMAT, NUMBER_PREFIX, REPORT_MONTHS
from .common import Vote, agenda_item, vote_step


def categories(region_path: str) -> list[tuple[str, str]]:
    return [(c, label) for c, label in core_rules.value(MATTER_CATEGORIES.key, region_path=region_path)]


def matter_register(
    *,
    actor: Actor,
    scope: Scope,
    body: Body,
    title: str,
    category: str,
    requested_by: Unit | None = None,
    form: str = Matter.Form.DECISION,
) -> Matter:
    """A matter entered in the register of the body (the standing committee, or a town congress's presidium)."""
    if not permissions.can_register_matters(scope) or not permissions.can_manage_matter(scope, Matter(body=body)):
        raise NotPermitted()
    if category not in dict(categories(body.region.path)):
        raise DomainError(_("Choose a category."))
    if form not in Matter.Form.values or not title.strip():
        raise DomainError(_("Name the matter and whether a decision or a resolution is sought."))
    with transaction.atomic():
        existing = Matter.objects.filter(body=body, title=title.strip()).exclude(state__in=MATTER.group("decided")).first()
        if existing is not None:
            return existing
        matter = Matter.objects.create(
            body=body,
            title=title.strip()[:200],
            category=category,
            requested_by=requested_by,
            form=form,
            region_id=body.region_id,
        )
        audit_created(actor=actor, action="matter.register", obj=matter)
    return matter


def _reason(matter: Matter, what: str) -> str:
    return f"major matter {matter.pk} {what}"


def _number(locked: Matter, day: datetime.date) -> dict[str, Any]:
    path = locked.body.region.path
    seq = (Matter.objects.filter(body=locked.body, year=day.year).aggregate(n=Max("seq"))["n"] or 0) + 1
    prefix = core_rules.value(NUMBER_PREFIX.key, region_path=path)
    locked.year, locked.seq, locked.decided_on = day.year, seq, day
    locked.number = str(core_rules.value(NUMBER_FORMAT.key, region_path=path)).format(prefix=prefix, year=day.year, n=seq)
    locked.report_due = core_rules.add_months(day, int(core_rules.value(REPORT_MONTHS.key, region_path=path)))
    if not locked.decision_title:
        kind = "决定" if locked.form == Matter.Form.DECISION else "决议"
        locked.decision_title = f"{locked.body.name}关于{locked.title}的{kind}"
    return {"number": locked.number}


def matter_transition(
    *,
    actor: Actor,
    scope: Scope,
    matter: Matter,
    action: str,
    meeting: Meeting | None = None,
    placed_by: Meeting | None = None,
    text: str = "",
    on: datetime.date | None = None,
) -> Matter:
    """request (the request's `text`) · place (on `meeting` of the body, by the directors' meeting `placed_by`) ·
    open (refused without a quorum) · close · decide (published and numbered; `text` the decision's text) ·
    reject · report (`text`: how it was carried out) · close_matter."""
    day = on or timezone.localdate()

    def effects(locked: Matter) -> dict[str, Any] | None:
        if action == "request":
            if not text.strip():
                raise DomainError(_("Give the text of the request."))
            locked.request_text, locked.requested_on = text.strip(), day
            return None
        if action == "place":
            if meeting is None or meeting.body_id != locked.body_id:
                raise DomainError(_("Choose a meeting of the deciding body."))
            locked.meeting, locked.placed_by = meeting, placed_by
            locked.item = agenda_item(
                actor, meeting, AgendaItem.Kind.DECISION, f"审议{locked.title}", _reason(locked, "on the agenda")
            )
            return {"meeting": meeting.pk}
        if action == "report":
            if not text.strip():
                raise DomainError(_("Give the report on how the decision was carried out."))
            locked.report_text, locked.reported_on = text.strip(), day
            return None
        if action == "close_matter":
            return None
        assert locked.meeting is not None
        matter = Poll.Matter.BUDGET if locked.category == "budget" else Poll.Matter.DECISION
        vote = Vote(DECISION_POLL_KIND.key, locked.body, f"{locked.title}（草案）", matter)
        voted = vote_step(actor, locked, action, partial(_reason, locked), vote, adopted=action == "decide")
        if action != "decide":
            return voted
        if text.strip():
            locked.decision_text = text.strip()
        return _number(locked, locked.meeting.start_date)

    if action == "report" and not permissions.can_report_on_matter(scope, matter):
        raise NotPermitted()
    return MATTER.apply(matter, action, actor=actor, scope=scope, effects=effects)


def decision_docx(matter: Matter) -> bytes:
    """The numbered decision or resolution as issued, in Chinese whatever the reader's language."""
    if not MATTER.in_group(matter, "decided"):
        raise InvalidTransition(_("Only a decision that was made can be issued."))
    assert matter.decided_on is not None
    with translation.override("zh-hans"):
        doc = WordDocument()
        set_east_asian_font(doc)
        doc.add_heading(matter.decision_title, level=1)
        meeting = matter.meeting.title if matter.meeting else matter.body.name
        day = matter.decided_on
        doc.add_paragraph(f"（{day.year}年{day.month}月{day.day}日{meeting}通过）")
        doc.add_paragraph(matter.number)
        doc.add_paragraph(matter.decision_text or matter.request_text)
        buffer = io.BytesIO()
        doc.save(buffer)
    return buffer.getvalue()


__all__ = ["categories", "decision_docx", "matter_register", "matter_transition"]
