"""Daily jobs of the opinions app: the 'was it solved?' question, overdue notices, the end of a closed opinion's
personal data."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import rules
from renda.core.actors import system
from renda.core.audit import audit_event, audit_record_many
from renda.core.escalation import Step, climb, ladder_horizon
from renda.core.jobs import daily
from renda.core.sms import send_sms
from renda.org.recipients import People

from . import sms
from .models import Opinion, Status
from .rules import CONTACT_RETENTION_DAYS, ESCALATION


@daily("opinions.solved_question")
def solved_question(now: datetime.datetime | None = None) -> int:
    """Four weeks (a rule) after the answer, a voter who has not said whether it was solved is asked once."""
    now = now or timezone.now()
    days = int(rules.value("opinions.solved_question_days"))
    asked = 0
    due = Opinion.objects.filter(
        status=Status.TOLD, solved__isnull=True, asked_at__isnull=True, answered_at__lte=now - datetime.timedelta(days=days)
    ).exclude(phone="")
    for opinion in due.iterator(chunk_size=500):
        with transaction.atomic():
            if Opinion.objects.filter(pk=opinion.pk, asked_at__isnull=True).update(asked_at=now):
                send_sms(opinion.phone, sms.SOLVED_QUESTION, {"code": opinion.tracking_code}, region=opinion.region, about=opinion)
                asked += 1
    return asked


@daily("opinions.overdue_notices")
def overdue_notices(today: datetime.date | None = None) -> int:
    """Each routed opinion goes up the ladder of the rule `opinions.escalation`: a reminder to the unit before its
    answer is due, the unit and the station's officer told once it is overdue, the office and the leaders over the
    station once it is long overdue — each step once per opinion and deadline (safe to run twice)."""
    today = today or timezone.localdate()
    people = People()
    return climb(
        rule=ESCALATION,
        items=Opinion.objects.filter(status=Status.ROUTED, deadline__lte=today + datetime.timedelta(days=ladder_horizon(ESCALATION)))
        .select_related("unit", "station__officer", "station__region").order_by("deadline", "pk"),
        today=today,
        kind="opinions",
        due_on=lambda o: o.deadline,
        region_path=lambda o: o.station.region.path,
        recipients=lambda o, step: people.of(o, step, unit_id=o.unit_id, region_path=o.station.region.path, officer=o.station.officer),
        title=_title,
        url=lambda o: reverse("opinions:opinion_detail", args=[o.pk]),
    )  # fmt: skip


def _title(opinion: Opinion, step: Step, today: datetime.date) -> str:
    assert opinion.deadline is not None and opinion.unit is not None  # a routed opinion has both (a constraint)
    values = {"date": opinion.deadline.isoformat(), "unit": opinion.unit.name, "station": opinion.station.name}
    if opinion.deadline >= today:
        return _("Due soon: a voter's opinion routed to %(unit)s is to be answered by %(date)s") % values
    if step.key == "overdue":
        return _("Overdue: a voter's opinion was due on %(date)s") % values
    return _("Escalated: %(unit)s has not answered a voter's opinion from %(station)s, due on %(date)s") % values


@daily("opinions.anonymise_contacts")
def anonymise_contacts(now: datetime.datetime | None = None) -> int:
    """A closed opinion's voter name and phone are blanked once the retention rule's days have passed since it
    closed, each with an audit event (the values are not written into it). The text, the answer and the tracking
    code stay: the voter's tracking page still works; the phone's dedupe key goes with the phone."""
    now = now or timezone.now()
    days = int(rules.value(CONTACT_RETENTION_DAYS.key))
    due = (
        Opinion.objects.filter(status=Status.CLOSED, closed_at__lte=now - datetime.timedelta(days=days))
        .exclude(phone="", contact_name="")
        .only("pk", "region_id", "tracking_code", "text")
        .order_by("pk")
    )
    actor = system("personal-data retention (opinions.contact_retention_days)")
    done = 0
    batch = list(due[:500])
    while batch:
        with transaction.atomic():
            ids = [o.pk for o in batch]
            Opinion.objects.filter(pk__in=ids).update(contact_name="", phone="", dedupe_key=None)
            audit_record_many([
                audit_event(actor=actor, action="opinion.anonymise", obj=o, region_id=o.region_id,
                            before={"contact_name": "…", "phone": "…"}, after={"contact_name": "", "phone": "", "days": days})
                for o in batch
            ])  # fmt: skip
        done += len(batch)
        batch = list(due[:500])
    return done
