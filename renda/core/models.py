"""Platform-wide records that know no workflow: accounts, API tokens and the audit trail."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. What the user may see and do comes from org.RoleGrant, not from flags on this row."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    phone = models.CharField(
        _("mobile phone"), max_length=11, blank=True, help_text=_("For resetting the password by a code sent by SMS.")
    )
    must_change_password = models.BooleanField(
        _("must change password"), default=False, help_text=_("Set for accounts created by staff: the first login asks for a new password.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class ApiToken(models.Model):
    """A bearer token for API clients. Only a SHA-256 of the key is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AuditEvent(models.Model):
    """One append-only entry of the audit trail.

    Writers only INSERT (no lock). `audit_seal` later assigns `seq` and chains `hash` over the previous
    event's hash in batches, so a burst of writes never queues behind the chain. The actor is copied
    (id and label), not a foreign key: deleting a user must never touch the trail.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    region_id = models.BigIntegerField(_("region id"), null=True, blank=True, db_index=True)
    seq = models.BigIntegerField(_("chain position"), null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="audit_unsealed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """The single row that records where the sealed chain ends; sealing locks it, writers never do."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="audit_chain_head_singleton")]

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"


class Rule(models.Model):
    """A rule that governs a workflow (deadline, threshold, category list…), kept as data (DOMAIN.md §5).

    Each key has a default registered by its app (`renda.core.rules.register`); a row here overrides it for
    the whole installation (`region_id` empty) or for one jurisdiction (a region id and its subtree)."""

    key = models.CharField(_("rule"), max_length=100)
    region_id = models.BigIntegerField(_("region id"), null=True, blank=True)
    value = models.JSONField(_("value"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        constraints = [
            models.UniqueConstraint(fields=["key", "region_id"], name="rule_unique_per_region"),
            models.UniqueConstraint(fields=["key"], condition=Q(region_id__isnull=True), name="rule_unique_global"),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class Notice(models.Model):
    """An in-app notice to one user; email/SMS copies go through pluggable backends."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notices", verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200, blank=True)
    # When the thing itself happens or happened (a meeting's date, a deadline), beside when the notice was written.
    event_on = models.DateField(_("event date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notice_inbox_idx")]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], condition=~Q(dedupe_key=""), name="notice_dedupe"),
        ]

    def __str__(self) -> str:
        return self.title


class RateCounter(models.Model):
    """Hits of one key in one fixed time window (rate limits, login failures).

    Incremented by a single `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, so the count is exact across
    workers and app servers; the window is part of the key, so an hourly limit is an hour whatever else the
    cache does. Expired rows are removed by the daily job."""

    key = models.CharField(max_length=200)
    bucket = models.BigIntegerField()  # the window's start, in seconds since the epoch
    count = models.IntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [models.UniqueConstraint(fields=["key", "bucket"], name="ratecounter_key_bucket")]

    def __str__(self) -> str:
        return f"{self.key}@{self.bucket}: {self.count}"


class PhoneChallenge(models.Model):
    """A one-time code sent to a phone by SMS (renda/core/otp.py). Only a salted hash of the code is kept."""

    phone = models.CharField(max_length=20)
    purpose = models.CharField(max_length=40)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phone challenge")
        verbose_name_plural = _("phone challenges")
        indexes = [models.Index(fields=["phone", "purpose", "created_at"], name="core_challenge_phone_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} · {self.phone[:3]}****"


class SmsDelivery(models.Model):
    """One SMS message and what became of it (renda/core/sms): written in the transaction of the notice that sends
    it, then sent by the task queue with retries. A one-time code is kept only until the last attempt, and the
    stored text shows it masked; `region_id` (like an audit event's) says whose staff may read the record."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=64)
    phone = models.CharField(_("phone"), max_length=20)
    text = models.CharField(_("text"), max_length=500, help_text=_("As the recipient reads it; codes masked."))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    sign_name = models.CharField(_("signature"), max_length=40, blank=True)
    template_id = models.CharField(_("template"), max_length=64, blank=True)
    backend = models.CharField(_("provider"), max_length=20)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    provider_id = models.CharField(_("provider's message id"), max_length=100, blank=True)
    error_code = models.CharField(_("error code"), max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    ref = models.CharField(_("about"), max_length=64, blank=True, help_text=_("The record the message is about."))
    region_id = models.BigIntegerField(_("region id"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS delivery")
        verbose_name_plural = _("SMS deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(state="sent") | Q(sent_at__isnull=False), name="sms_sent_has_time"),
            models.CheckConstraint(condition=~Q(state="failed") | Q(failed_at__isnull=False), name="sms_failed_has_time"),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="sms_recent_idx"),
            models.Index(fields=["region_id", "-created_at"], name="sms_region_recent_idx"),
            models.Index(fields=["state", "next_attempt_at"], name="sms_state_due_idx"),
            models.Index(fields=["phone", "-created_at"], name="sms_phone_idx"),  # "the code never came": by number
            models.Index(fields=["ref"], name="sms_ref_idx"),  # the messages about one record
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.phone[:3]}**** · {self.state}"


class Escalation(models.Model):
    """One step of a deadline's ladder sent for one item (`core.escalation`): a reminder before the deadline or an
    escalation after it. The unique row is what makes the daily job send each step once per item and deadline."""

    item = models.CharField(_("item"), max_length=80, help_text=_("model label and id, e.g. suggestions.assignment:12"))
    step = models.CharField(_("step"), max_length=40)
    due_on = models.DateField(_("deadline"))
    region_id = models.BigIntegerField(_("region"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [models.UniqueConstraint(fields=["item", "step", "due_on"], name="escalation_once_per_step")]

    def __str__(self) -> str:
        return f"{self.item} {self.step} {self.due_on:%Y-%m-%d}"


class Export(models.Model):
    """A list written to a file by the task worker (`renda.core.exports`): a list too large to answer inline. Only
    its requester downloads it, while their scope still covers the scope it was written in, until it expires."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being written")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="exports", verbose_name=_("requested by"))
    kind = models.CharField(_("list"), max_length=100, help_text=_("The list page's URL name, e.g. org:deputy_list."))
    path = models.CharField(_("address"), max_length=300)
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    name = models.CharField(_("name"), max_length=100)
    scope = models.JSONField(_("scope"), default=dict, blank=True, help_text=_("The requester's scope when asked."))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    size = models.BigIntegerField(_("size"), default=0)
    file = models.CharField(_("file"), max_length=200, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="done") | (Q(finished_at__isnull=False) & Q(expires_at__isnull=False) & ~Q(file="")),
                name="export_done_has_file",
            ),
            models.CheckConstraint(condition=Q(size__gte=0), name="export_size_not_negative"),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="export_user_recent_idx"),
            models.Index(fields=["state", "expires_at"], name="export_state_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.state}"
