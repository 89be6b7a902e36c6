from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from renda.core.audit import audit_seal, audit_verify


class Command(BaseCommand):
    help = "Seal pending audit events, then recompute the whole hash chain. Exits non-zero if it is broken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-seal", action="store_true", help="verify without sealing pending events first")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_seal"]:
            audit_seal()
        result = audit_verify()
        if not result.ok:
            raise CommandError(
                f"audit chain BROKEN after {result.checked} good events: {result.problem}"
                + (f" (event id {result.event_id})" if result.event_id else "")
            )
        anchored = f", anchored up to {result.anchored}" if result.anchored else ", no anchor file"
        self.stdout.write(f"audit chain OK: {result.checked} events verified, {result.unsealed} not yet sealed{anchored}")
