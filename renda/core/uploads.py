"""Uploaded files are judged by their content, not by their name, and are served only through views that check
permission (never as public media).

An image must open and `verify()` in Pillow as one of the accepted formats, within the byte and pixel limits
(a decompression bomb is refused before it is decoded); a PDF starts with `%PDF-`; a .docx / .xlsx is a ZIP with
the parts of a Word document / Excel workbook; a .doc / .xls is an OLE2 compound file. The name's extension must
match what the content is, so a PDF or a script named `photo.jpg` is refused. Nothing is rewritten or stripped.

The limits come from the rules table: the stations app checks activity photos with `check_image`
(`stations.photo_*`), opinions and duty evidence with `check_files` (`opinions.attachment_*`, `duty.evidence_*`);
every other upload (meeting documents, project progress files, suggestion attachments and answer letters) goes
through `check_documents` / `check_bytes` with the platform's `uploads.document_*` rules (PDF, Office documents and
images by default). A program renamed `virus.pdf` is refused with the file's name and what it claimed to be.
"""

from __future__ import annotations

import os
import uuid
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from renda.core import rules
from renda.core.errors import DomainError

DOCUMENT_TYPES = rules.register(
    "uploads.document_types",
    ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "gif", "webp"],
    "File types (extensions) accepted wherever documents are uploaded; each file is also checked to really be of its type",
)
DOCUMENT_MAX_BYTES = rules.register("uploads.document_max_bytes", 20 * 1024 * 1024, "Largest uploaded document, in bytes")
DOCUMENT_MAX_COUNT = rules.register("uploads.document_max_count", 10, "Most documents uploaded at once")
DOCUMENT_MAX_PIXELS = rules.register(
    "uploads.document_max_pixels", 40_000_000, "Most pixels (width × height) of an uploaded image (decompression bombs are refused)"
)

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension → (kind, content type; None for images: the format decides)
EXTENSIONS: dict[str, tuple[str, str | None]] = {
    "jpg": ("image", None),
    "jpeg": ("image", None),
    "png": ("image", None),
    "gif": ("image", None),
    "webp": ("image", None),
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "doc": ("ole", "application/msword"),
    "xls": ("ole", "application/vnd.ms-excel"),
}
KIND_LABELS = {
    "image": gettext_lazy("an image"),
    "pdf": gettext_lazy("a PDF document"),
    "docx": gettext_lazy("a Word document"),
    "xlsx": gettext_lazy("an Excel workbook"),
    "ole": gettext_lazy("a Word or Excel document"),
}
ZIP_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


@dataclass(frozen=True)
class Checked:
    """An upload that passed: its original name (for people), its content type and size; `upload` is renamed to
    a random storage name so stored paths cannot be guessed from the file's name."""

    upload: Any  # the UploadedFile, renamed
    name: str
    content_type: str
    size: int


def display_name(upload: Any) -> str:
    return os.path.basename((getattr(upload, "name", "") or "").replace("\\", "/"))[:200] or "file"


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(upload: Any, count: int = 8) -> bytes:
    upload.seek(0)
    data: bytes = upload.read(count)
    upload.seek(0)
    return data


def _too_big(name: str, max_bytes: int) -> DomainError:
    return DomainError(
        _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": f"{max_bytes / 1024 / 1024:g}"}, code="upload"
    )


def image_format(upload: Any, *, name: str, max_bytes: int, max_pixels: int) -> str:
    """The image's content type, after Pillow has opened (header only), sized and verified it."""
    if upload.size > max_bytes:
        raise _too_big(name, max_bytes)
    not_image = DomainError(_("“%(name)s” is not an image (JPEG, PNG, GIF or WebP).") % {"name": name}, code="upload")
    too_many = DomainError(
        _("“%(name)s” has too many pixels (at most %(mp)s million).") % {"name": name, "mp": f"{max_pixels / 1e6:g}"},
        code="upload",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=list(IMAGE_TYPES)) as image:  # reads the header, decodes nothing
                width, height = image.size
                if width <= 0 or height <= 0:
                    raise not_image
                if width * height > max_pixels:
                    raise too_many
                kind = image.format
                image.verify()
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many from None
    except Exception:  # Pillow raises many kinds (UnidentifiedImageError, OSError, SyntaxError, struct.error…)
        raise not_image from None
    finally:
        upload.seek(0)
    if kind not in IMAGE_TYPES:
        raise not_image
    return IMAGE_TYPES[kind]


def _content_matches(upload: Any, kind: str) -> bool:
    if kind == "pdf":
        return _head(upload, 5) == b"%PDF-"
    if kind == "ole":
        return _head(upload, 8) == OLE_MAGIC
    if kind in ZIP_PARTS:
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:  # reads the directory only, decompresses nothing
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names and ZIP_PARTS[kind] in names
    return False


def _storage_name(upload: Any, ext: str) -> None:
    upload.name = f"{uuid.uuid4().hex}.{ext}"


def check_image(upload: Any, *, max_bytes: int, max_pixels: int) -> Checked:
    name = display_name(upload)
    ext = extension(name)
    if EXTENSIONS.get(ext, ("",))[0] != "image":
        raise DomainError(_("“%(name)s” is not an image (JPEG, PNG, GIF or WebP).") % {"name": name}, code="upload")
    content_type = image_format(upload, name=name, max_bytes=max_bytes, max_pixels=max_pixels)
    _storage_name(upload, ext)
    return Checked(upload, name, content_type, upload.size)


def check_files(
    uploads: Iterable[Any], *, allowed: Iterable[str], max_bytes: int, max_count: int, max_pixels: int
) -> list[Checked]:
    """Every upload checked before anything is stored; the first bad one raises `DomainError` naming it."""
    files = [u for u in uploads if u]
    if len(files) > max_count:
        raise DomainError(_("Attach at most %(n)d files.") % {"n": max_count}, code="upload")
    accepted = {str(e).lower().lstrip(".") for e in allowed} & set(EXTENSIONS)
    checked = []
    for upload in files:
        name = display_name(upload)
        ext = extension(name)
        if ext not in accepted:
            raise DomainError(
                _("“%(name)s”: this kind of file is not accepted (accepted: %(types)s).")
                % {"name": name, "types": ", ".join(sorted(accepted))},
                code="upload",
            )
        if upload.size > max_bytes:
            raise _too_big(name, max_bytes)
        kind, declared = EXTENSIONS[ext]
        if kind == "image":
            content_type = image_format(upload, name=name, max_bytes=max_bytes, max_pixels=max_pixels)
        elif declared is None or not _content_matches(upload, kind):
            raise DomainError(
                _("“%(name)s” is not really %(kind)s; it was not accepted.") % {"name": name, "kind": KIND_LABELS[kind]},
                code="upload",
            )
        else:
            content_type = declared
        checked.append(Checked(upload, name, content_type, upload.size))
    for item in checked:
        _storage_name(item.upload, extension(item.name))
    return checked


def file_response(field_file: Any, *, filename: str, content_type: str) -> FileResponse:
    """A stored file for a permission-checked view: images inline (they were verified), everything else as a
    download; never sniffed by the browser, never kept by shared caches."""
    inline = content_type in IMAGE_TYPES.values()
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def check_documents(
    uploads: Iterable[Any], *, region_path: str = "", allowed: Iterable[str] | None = None, max_count: int | None = None
) -> list[Checked]:
    """Uploaded documents checked by content against the platform's rules (`uploads.document_*`, per region);
    `allowed` narrows the types (an answer letter: only "pdf")."""
    types = list(rules.value(DOCUMENT_TYPES.key, region_path=region_path))
    if allowed is not None:
        wanted = {str(a).lower() for a in allowed}
        types = [t for t in types if t in wanted]
    return check_files(
        uploads,
        allowed=types,
        max_bytes=int(rules.value(DOCUMENT_MAX_BYTES.key, region_path=region_path)),
        max_count=int(max_count if max_count is not None else rules.value(DOCUMENT_MAX_COUNT.key, region_path=region_path)),
        max_pixels=int(rules.value(DOCUMENT_MAX_PIXELS.key, region_path=region_path)),
    )


def check_bytes(name: str, data: bytes, *, region_path: str = "", allowed: Iterable[str] | None = None) -> Checked:
    """One document held as bytes (a form's file already read): checked as `check_documents` checks an upload."""
    if not data:
        raise DomainError(_("“%(name)s” is empty.") % {"name": display_name(SimpleUploadedFile(name or "file", b""))}, code="upload")
    return check_documents([SimpleUploadedFile(name or "file", data)], region_path=region_path, allowed=allowed, max_count=1)[0]
