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
from renda.core.jobs import daily
from renda.core.notify import notify
from renda.core.sms import send_sms
from renda.org.models import Role

from . import sms
from .models import Opinion, Status
from .rules import CONTACT_RETENTION_DAYS


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
    """The clerks of a unit and the station's officer are told once about each overdue opinion."""
    today = today or timezone.localdate()
    sent = 0
    overdue = Opinion.objects.filter(status=Status.ROUTED, deadline__lt=today).select_related("unit", "station__officer")
    for opinion in overdue.iterator(chunk_size=500):
        unit, deadline = opinion.unit, opinion.deadline
        if unit is None or deadline is None:  # a routed opinion has both (a database constraint)
            continue
        users = [g.user for g in unit.grants.filter(role=Role.UNIT_CLERK).select_related("user")]
        officer = opinion.station.officer
        if officer is not None:
            users.append(officer)
        with transaction.atomic():
            sent += notify(
                users=users,
                kind="opinions.overdue",
                title=_("Overdue: a voter's opinion was due on %(date)s") % {"date": deadline.isoformat()},
                url=reverse("opinions:opinion_detail", args=[opinion.pk]),
                dedupe_key=f"opinions.overdue:{opinion.pk}:{deadline.isoformat()}",
                event_on=deadline,
            )
    return sent


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
