"""The audit trail: written inside the change's transaction, sealed into a hash chain in batches, verifiable."""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from renda.core.audit import audit_record, audit_seal, audit_verify
from renda.core.models import AuditChainHead, AuditEvent


def _verify_command() -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_verify_passes_on_untouched_database(world):
    assert "audit chain OK" in _verify_command()


def test_verify_fails_after_a_row_is_edited_in_sql(world):
    audit_seal()
    victim = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")[5]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["someone else", victim.pk])
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit_verify")
    result = audit_verify()
    assert not result.ok and result.event_id == victim.pk


def test_verify_fails_after_a_row_is_deleted_in_sql(world):
    audit_seal()
    victim = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")[3]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
    assert not audit_verify().ok


def test_verify_fails_when_the_last_rows_are_cut_off(world):
    audit_seal()
    last = AuditEvent.objects.order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
    assert "chain end" in audit_verify().problem


def test_new_events_are_sealed_after_the_existing_chain(world):
    audit_seal()
    head = AuditChainHead.objects.get(pk=1).last_seq
    with transaction.atomic():
        for n in range(5):
            audit_record(
                actor=world.users["office"], action="test.event", object_type="test", object_id=n, after={"n": n, "text": "中文"}
            )
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 5
    assert audit_seal(batch_size=2) == 5  # several batches
    assert AuditChainHead.objects.get(pk=1).last_seq == head + 5
    assert audit_verify().ok


def test_event_rolls_back_with_the_change(world):
    count = AuditEvent.objects.count()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(actor=None, action="test.rollback")
        1 / 0  # noqa: B018
    assert AuditEvent.objects.count() == count


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_wait_for_the_chain():
    """Writers only insert; a sealer running at the same time never blocks them, and the chain stays whole."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by design; the concurrency claim is for PostgreSQL")
    errors: list[Exception] = []

    def writer(n: int) -> None:
        try:
            for i in range(40):
                with transaction.atomic():
                    audit_record(actor=None, action="test.burst", object_type="test", object_id=f"{n}-{i}")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    def sealer() -> None:
        try:
            for _ in range(20):
                audit_seal(batch_size=25)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)] + [threading.Thread(target=sealer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    audit_seal()
    assert AuditEvent.objects.filter(action="test.burst").count() == 320
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 0
    assert audit_verify().ok


@pytest.fixture
def anchored(settings, tmp_path, django_capture_on_commit_callbacks):
    """The audit chain anchored in a file of this test's own; seals commit their anchor line at once."""
    settings.RENDA_AUDIT_ANCHOR = str(tmp_path / "anchor.jsonl")

    def seal() -> int:
        with transaction.atomic():
            audit_record(actor=None, action="test.event", object_type="test", object_id=1)
        with django_capture_on_commit_callbacks(execute=True):
            return audit_seal()

    return tmp_path / "anchor.jsonl", seal


def _rewind_after_deleting_the_last_event():
    last = AuditEvent.objects.order_by("-seq").first()
    previous = AuditEvent.objects.get(seq=last.seq - 1)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [last.pk])
        cursor.execute("UPDATE core_auditchainhead SET last_seq = %s, last_hash = %s", [previous.seq, previous.hash])


def test_without_an_anchor_a_rewound_head_hides_a_deleted_event(world):
    """What the anchor is for: inside the database alone, deleting the last event and rewinding the head passes."""
    audit_seal()
    _rewind_after_deleting_the_last_event()
    assert audit_verify().ok


def test_the_anchor_catches_a_deleted_last_event_with_a_rewound_head(world, anchored):
    path, seal = anchored
    seal()
    seal()
    assert audit_verify().ok and audit_verify().anchored == AuditChainHead.objects.get(pk=1).last_seq
    assert len(path.read_text().splitlines()) == 2
    _rewind_after_deleting_the_last_event()
    result = audit_verify()
    assert not result.ok and "anchored" in result.problem


def test_an_anchor_line_not_signed_with_the_key_is_refused(world, anchored, settings):
    path, seal = anchored
    seal()
    settings.RENDA_AUDIT_ANCHOR_KEY = "another key"
    assert "not signed" in audit_verify().problem
    settings.RENDA_AUDIT_ANCHOR_KEY = ""
    path.write_text(path.read_text().replace('"seq": ', '"seq": 1', 1))  # a forged position
    assert not audit_verify().ok
