"""The baseline of the vote benchmark: a minimal Django endpoint on the same stack (gunicorn, PostgreSQL,
middleware) doing one indexed lookup and one INSERT, without authentication or checks. Served only by the
benchmark's own settings (renda.meetings.bench.settings), never by the site."""

from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from renda.core.models import AuditEvent
from renda.org.models import Person


@csrf_exempt
def baseline(request, pk: int):
    with transaction.atomic():
        found = Person.objects.filter(pk=pk).values_list("pk", flat=True).first()
        AuditEvent.objects.create(created_at=timezone.now(), action="bench.baseline", object_id=str(found or ""))
    return JsonResponse({"status": "ok"})
