from typing import Any

from django.core.management.base import BaseCommand

from renda.core.audit import audit_seal


class Command(BaseCommand):
    help = "Seal committed audit events into the hash chain."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"sealed {audit_seal()} events")
