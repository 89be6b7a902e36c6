"""Bills (issue #11 item 6) and the register of major-matter decisions (item 7): deputies' bills need the number of
joint signers the rule gives (5 at a town congress); the presidium puts a bill on the agenda (voted) or has it handled
as a suggestion; a major matter is requested, placed, voted, numbered and issued in Word in Chinese only, and
reported on by the requesting unit."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as WordDocument

from renda.core.errors import DomainError
from renda.decisions import services
from renda.decisions.models import Bill, BillSigner, Matter
from renda.meetings.services import poll_vote
from renda.org.models import Deputy, Role
from renda.org.scoping import build_scope
from renda.org.tests.factories import UnitFactory, UserFactory
from renda.suggestions.models import Suggestion

from .factories import ADMIN, TEST, committee_meeting, congress_session

pytestmark = pytest.mark.django_db


def _deputies(meeting):
    return list(Deputy.objects.filter(congress=meeting.body).order_by("person_id"))


def _bill(meeting, signers=4):
    deputies = _deputies(meeting)
    return services.bill_create(
        actor=TEST,
        scope=ADMIN,
        congress=meeting.body,
        title="关于加强农村河道长效保洁的议案",
        text="案由：……；建议：……",
        proposer=Bill.Proposer.DEPUTIES,
        lead=deputies[0],
        signers=deputies[1 : 1 + signers],
    )


def _sign_all(bill):
    for signer in bill.signers.select_related("deputy__person"):
        scope = build_scope(_user_of(signer.deputy))
        services.bill_sign(actor=_user_of(signer.deputy), scope=scope, signer=signer, action="sign")


def _user_of(deputy):
    from renda.meetings.tests.factories import voter_user

    return voter_user(deputy.person)


def test_a_deputies_bill_needs_its_signers_then_is_voted_at_the_session():
    meeting, users, _staff = congress_session(deputies=10, present=10)
    bill = _bill(meeting, signers=4)  # 5 with the lead: the town rule
    with pytest.raises(DomainError, match="5"):
        services.bill_transition(actor=TEST, scope=ADMIN, bill=bill, action="submit")
    _sign_all(bill)
    assert bill.signers.filter(state=BillSigner.State.CONFIRMED).count() == 4
    bill = services.bill_transition(actor=TEST, scope=ADMIN, bill=bill, action="submit")
    bill = services.bill_transition(actor=TEST, scope=ADMIN, bill=bill, action="place", meeting=meeting)
    bill = services.bill_transition(actor=TEST, scope=ADMIN, bill=bill, action="open")
    option = bill.poll.options.get()
    for user in users[:6]:  # 6 of all 10: more than half
        poll_vote(actor=user, poll_id=bill.poll_id, choices={str(option.pk): "Y"})
    bill = services.bill_transition(actor=TEST, scope=ADMIN, bill=bill, action="close")
    with pytest.raises(DomainError):
        services.bill_transition(actor=TEST, scope=ADMIN, bill=bill, action="reject")
    bill = services.bill_transition(actor=TEST, scope=ADMIN, bill=bill, action="adopt")
    assert bill.state == Bill.State.ADOPTED and bill.poll.state == "published"


def test_the_presidium_has_a_bill_handled_as_a_suggestion():
    meeting, _users, _staff = congress_session(deputies=10, present=10)
    bill = _bill(meeting, signers=4)
    _sign_all(bill)
    bill = services.bill_transition(actor=TEST, scope=ADMIN, bill=bill, action="submit")
    bill = services.bill_transition(actor=TEST, scope=ADMIN, bill=bill, action="refer", note="作为建议交有关机关办理")
    assert bill.state == Bill.State.AS_SUGGESTION
    suggestion = Suggestion.objects.get(pk=bill.suggestion_id)
    assert suggestion.author_id == bill.lead_id and suggestion.title == bill.title


def test_a_major_matter_from_request_to_report_and_the_decision_in_chinese():
    meeting, users, office = committee_meeting(members=5)
    unit = UnitFactory.create(region=meeting.region)
    matter = services.matter_register(
        actor=TEST,
        scope=ADMIN,
        body=meeting.body,
        title="将河道清淤工程列入年度政府性投资计划",
        category="investment",
        requested_by=unit,
    )
    matter = services.matter_transition(actor=TEST, scope=ADMIN, matter=matter, action="request", text="提请审议。")
    matter = services.matter_transition(actor=TEST, scope=ADMIN, matter=matter, action="place", meeting=meeting)
    matter = services.matter_transition(actor=TEST, scope=ADMIN, matter=matter, action="open")
    option = matter.poll.options.get()
    for user in users:
        poll_vote(actor=user, poll_id=matter.poll_id, choices={str(option.pk): "Y"})
    matter = services.matter_transition(actor=TEST, scope=ADMIN, matter=matter, action="close")
    matter = services.matter_transition(
        actor=TEST, scope=ADMIN, matter=matter, action="decide", text="同意将河道清淤工程列入年度政府性投资计划。"
    )
    assert matter.state == Matter.State.DECIDED and matter.number == f"秀人常决〔{meeting.start_date.year}〕1号"
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(services.decision_docx(matter))).paragraphs)
    assert matter.number in text and "同意" in text and not re.search(r"[A-Za-z]{2,}", text), text
    clerk = UserFactory.create(grants=[(Role.UNIT_CLERK, {"unit": unit})])
    matter = services.matter_transition(actor=clerk, scope=build_scope(clerk), matter=matter, action="report", text="已落实。")
    assert matter.state == Matter.State.REPORTED
    matter = services.matter_transition(actor=TEST, scope=ADMIN, matter=matter, action="close_matter")
    assert matter.state == Matter.State.CLOSED
