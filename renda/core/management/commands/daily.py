from typing import Any

from django.core.management.base import BaseCommand

from renda.core.audit import audit_seal
from renda.core.jobs import DAILY


class Command(BaseCommand):
    help = "Run every registered daily job (reminders, follow-up questions). Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        # Each app's jobs are registered when it is ready (RendaAppConfig.registers).
        for name, job in sorted(DAILY.items()):
            self.stdout.write(f"{name}: {job()}")
        audit_seal()
