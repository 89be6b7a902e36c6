import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from renda.org.demo import build_all


class Command(BaseCommand):
    help = "Build the demo district (秀洲区) and each workflow's demo activity. Safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2017)

    def handle(self, *args: Any, **options: Any) -> None:
        from renda.org import demo as org_demo

        started = time.monotonic()

        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        context = build_all(seed=options["seed"], progress=say if options["verbosity"] >= 1 else None)
        state = "built" if context.created else "already present, nothing changed"
        self.stdout.write(f"demo district {org_demo.DISTRICT}: {state} ({time.monotonic() - started:.1f} s)")
        self.stdout.write("logins (username / password / who):")
        for username, password, name in org_demo.login_table():
            self.stdout.write(f"  {username:<12} {password}  {name}")
