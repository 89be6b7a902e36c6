"""Uploads everywhere are judged by content against the rules table (issue #14): a program renamed `virus.pdf` is
refused with a clear error as a meeting document, a project progress file, a suggestion attachment or a unit's
signed letter, and nothing is kept; a real PDF, Word document or image passes; the types are a rule per region."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from renda.core import uploads
from renda.core.errors import DomainError
from renda.core.models import Rule
from renda.meetings.models import Document, Meeting
from renda.meetings.permissions import can_manage_meeting
from renda.org.scoping import scope_for
from renda.suggestions.services.common import validate_file

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run in DOS mode."
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.pdf", EXE, "is not really a PDF document"),
        ("virus.exe", EXE, "this kind of file is not accepted"),
        ("report.docx", PDF, "is not really a Word document"),
        ("photo.jpg", PDF, "is not an image"),
        ("notes.txt", b"hello", "this kind of file is not accepted"),
    ],
)
def test_what_a_file_claims_to_be_is_checked_by_its_content(name, data, message):
    with translation.override("en"), pytest.raises(DomainError) as exc:
        uploads.check_bytes(name, data)
    assert message in " ".join(exc.value.messages) and name in " ".join(exc.value.messages)


def test_real_documents_pass_and_the_types_are_a_rule():
    assert uploads.check_bytes("plan.pdf", PDF).content_type == "application/pdf"
    assert uploads.check_bytes("plan.docx", docx()).content_type.endswith("wordprocessingml.document")
    Rule.objects.create(key=uploads.DOCUMENT_TYPES.key, value=["pdf"], note="tests: PDF only")
    with pytest.raises(DomainError):
        uploads.check_bytes("plan.docx", docx())


def test_a_renamed_program_is_refused_as_a_meeting_document_and_nothing_is_kept(world):
    meeting = Meeting.objects.filter(body=world.standing_committee).order_by("pk").first()
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.PLANNED)  # still being prepared
    meeting.refresh_from_db()
    assert can_manage_meeting(scope_for(world.users["office"]), meeting)
    client = world.client("office")
    before = Document.objects.count()
    url = f"/meetings/{meeting.pk}/documents/new/"
    response = client.post(url, {"title": "会议材料", "file": SimpleUploadedFile("virus.pdf", EXE)})
    assert response.status_code in (200, 400)
    assert "virus.pdf" in response.content.decode() and Document.objects.count() == before
    response = client.post(url, {"title": "会议材料", "file": SimpleUploadedFile("材料.pdf", PDF)})
    assert response.status_code == 302 and Document.objects.count() == before + 1
    doc = Document.objects.latest("pk")
    assert doc.file.name.endswith(".pdf") and "材料" not in doc.file.name  # stored under a random name
    download = client.get(f"/meetings/documents/{doc.pk}/")
    assert download.status_code == 200 and "%E4%BC%9A" in download["Content-Disposition"]  # 会议材料-v1.pdf


def test_suggestion_attachments_and_letters_are_checked_by_content(world):
    with pytest.raises(DomainError):
        validate_file(EXE, region=world.district, pdf=False, name="virus.pdf")
    with pytest.raises(DomainError):
        validate_file(EXE, region=world.district, pdf=False, name="virus.exe")
    with pytest.raises(DomainError):
        validate_file(docx(), region=world.district, pdf=True, name="letter.docx")
    validate_file(docx(), region=world.district, pdf=False, name="附件.docx")
    validate_file(PDF, region=world.district, pdf=True, name="复函.pdf")
