import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand

from renda.core.audit import audit_seal


class Command(BaseCommand):
    help = "Build the demo district (秀洲区) and each workflow's demo activity. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args, **options):
        from renda.org import demo as org_demo

        started = time.monotonic()
        context = org_demo.build(seed=options["seed"])
        for config in apps.get_app_configs():
            if not config.name.startswith("renda.") or config.name in {"renda.core", "renda.org"}:
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            module.build(context)
        audit_seal()
        state = "built" if context.created else "already present, nothing changed"
        self.stdout.write(f"demo district {org_demo.DISTRICT}: {state} ({time.monotonic() - started:.1f} s)")
        self.stdout.write("logins (username / password / who):")
        for username, password, name in org_demo.login_table():
            self.stdout.write(f"  {username:<12} {password}  {name}")
