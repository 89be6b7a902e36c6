from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from renda.core.sms import KINDS, TEXT, sign_name, template_id


class Command(BaseCommand):
    help = (
        "Print every kind of SMS the platform sends as the providers' consoles want the template (Tencent Cloud {1}…, "
        "Alibaba Cloud ${name}), with the template id and signature configured for it now (docs/sms.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--provider", choices=["tencent", "aliyun"], default="tencent")

    def handle(self, *args: Any, **options: Any) -> None:
        style = options["provider"]
        self.stdout.write(f"signature (签名): {sign_name() or '(not set: RENDA_SMS_SIGN_NAME)'}")
        missing = 0
        for kind in KINDS.values():
            if kind is TEXT or kind.key.startswith("test."):
                continue
            configured = template_id(kind.key)
            missing += not configured
            self.stdout.write("")
            self.stdout.write(f"{kind.key}  [{'验证码' if kind.verification else '通知'}]  template: {configured or '(not configured)'}")
            if kind.description:
                self.stdout.write(f"  {kind.description}")
            self.stdout.write(f"  {kind.console_template(style)}")
        self.stdout.write("")
        self.stdout.write(f"{missing} kind(s) without a template id (RENDA_SMS_TEMPLATES)." if missing else "Every kind has a template id.")
