import importlib

from django.apps import apps
from django.core.management.base import BaseCommand

from renda.core.audit import audit_seal
from renda.core.jobs import DAILY


class Command(BaseCommand):
    help = "Run every registered daily job (reminders, follow-up questions). Safe to run twice."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if config.name.startswith("renda."):
                try:
                    importlib.import_module(f"{config.name}.jobs")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.jobs":
                        raise
        for name, job in sorted(DAILY.items()):
            self.stdout.write(f"{name}: {job()}")
        audit_seal()
