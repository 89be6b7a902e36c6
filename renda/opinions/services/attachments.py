"""Attachments: the files a voter brings or sends, checked by their content against the rules table (types,
size, number, pixels) before anything is saved (`renda.core.uploads`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from renda.core import rules, uploads
from renda.org.models import Region


def attachment_rules(region: Region | None = None) -> dict[str, Any]:
    path = region.path if region else ""
    return {
        key: rules.value(f"opinions.attachment_{key}", region_path=path)
        for key in ("types", "max_bytes", "max_count", "max_pixels")
    }


def attachment_hint(region: Region | None = None) -> str:
    limits = attachment_rules(region)
    return _("Up to %(n)d files, %(mb)s MB each: %(types)s.") % {
        "n": int(limits["max_count"]),
        "mb": f"{int(limits['max_bytes']) / 1024 / 1024:g}",
        "types": ", ".join(limits["types"]),
    }


def check_attachments(files: Iterable[Any] | None, *, region: Region) -> list[uploads.Checked]:
    """Every file checked by its content against the rules (types, size, number, pixels) before anything is saved;
    a bad one raises `DomainError` naming it, and then neither the opinion nor any other file is kept."""
    limits = attachment_rules(region)
    return uploads.check_files(
        files or (),
        allowed=limits["types"],
        max_bytes=int(limits["max_bytes"]),
        max_count=int(limits["max_count"]),
        max_pixels=int(limits["max_pixels"]),
    )
