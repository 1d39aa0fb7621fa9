"""Domain-free tables: audit chain, indicator targets, attachments, holidays, logins, import and export jobs.

Nothing here knows the org tree: where a record belongs is a `scope_path` string supplied by the caller.
"""

import contextvars
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from zhenxing.core.paths import PathField

# Highest seq that may be deleted now: set only by core.audit_archive once those events are archived.
audit_deletable_upto: contextvars.ContextVar[int] = contextvars.ContextVar("audit_deletable_upto", default=0)


def _refuse_audit_delete(qs):
    upto = audit_deletable_upto.get()
    if qs.filter(seq__gt=upto).exists():
        raise PermissionDenied("审计事件不能删除：只有已归档且超过保留期的事件可以删除"
                               f"（当前允许到第 {upto} 号）")


class AuditEventQuerySet(models.QuerySet):
    def delete(self):
        _refuse_audit_delete(self)
        return super().delete()


class AuditEvent(models.Model):
    """One append-only, hash-chained audit record. `seq` has no gaps, so a deleted row shows.

    `scheme` says how `hash` was made: 1 = plain SHA-256 (events written before the key existed),
    2 = HMAC-SHA256 with the audit key kept outside the database."""

    seq = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    scope_path = PathField(blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    ip = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    scheme = models.PositiveSmallIntegerField(default=2)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]

    def __str__(self):
        return f"#{self.seq} {self.action}"

    def delete(self, *args, **kwargs):
        _refuse_audit_delete(AuditEvent.objects.filter(pk=self.pk))
        return super().delete(*args, **kwargs)


class AuditHead(models.Model):
    """A single row locked by every append so that the chain has one writer at a time."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self):
        return f"head #{self.last_seq}"


class IndicatorTarget(models.Model):
    VALUE, GROWTH = "value", "growth"

    indicator = models.CharField(max_length=64)
    scope_path = PathField()
    year = models.PositiveSmallIntegerField()
    # A value to reach, or a growth rate in percent on the year before ("村集体总收入增速25%").
    basis = models.CharField(max_length=8, choices=[(VALUE, "目标值"), (GROWTH, "比上年增长（%）")],
                             default=VALUE)
    value = models.DecimalField(max_digits=18, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "scope_path", "year"], name="one_target_per_unit_year"
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.value}"

    def aimed(self, last_year) -> Decimal:
        """The value aimed at: the value itself, or last year's value grown by the rate."""
        if self.basis != self.GROWTH:
            return self.value
        return (Decimal(last_year) * (100 + self.value) / 100).quantize(Decimal("0.01"))


class Attachment(models.Model):
    """Evidence stored by content hash; `owner_type`/`owner_id` and `scope_path` come from the owner."""

    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    name = models.CharField(max_length=255)
    owner_type = models.CharField(max_length=64)
    owner_id = models.CharField(max_length=64)
    scope_path = PathField(db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self):
        return self.name


class Holiday(models.Model):
    """Days an admin enters for years the chinese-calendar package does not yet know."""

    date = models.DateField(unique=True)
    is_workday = models.BooleanField(default=False, help_text="调休上班日")
    name = models.CharField(max_length=50)

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class LoginFailure(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.username


class ImportJob(models.Model):
    STATUS = [
        ("pending", "等待中"),
        ("validating", "校验中"),
        ("writing", "写入中"),
        ("rejected", "有错误，未写入"),
        ("confirm", "待核对，未写入"),
        ("done", "已完成"),
        ("failed", "失败"),
    ]
    kind = models.CharField(max_length=32)
    file_name = models.CharField(max_length=255)
    file_path = models.CharField(max_length=500)
    scope_path = PathField(db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=STATUS, default="pending")
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    written_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # Implausible values of a clean file: it is written only after its importer confirms them.
    warnings = models.JSONField(default=list, blank=True)
    warnings_confirmed = models.BooleanField(default=False)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.file_name}"

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.status in ("rejected", "confirm", "done", "failed")


class ExportJob(models.Model):
    """A long Excel export run by a background worker for the user who asked for it (orgs.exports).

    `page` and `filters` are the register page's URL path and its query string, so the worker rebuilds
    the same rows through the same view and selector; `grants` are the actor's (role, path) grants when it
    asked, the most the export may ever see. The file (in the data dir's `exports/`) is deleted once
    expired. `row_count` is the number of rows when asked (the written number once done); `written_rows`
    how many the worker has written so far, recorded in batches so that 我的导出 shows the progress."""

    STATUS = [
        ("pending", "排队中"),
        ("running", "生成中"),
        ("done", "已完成"),
        ("failed", "失败"),
        ("expired", "已过期"),
    ]
    title = models.CharField(max_length=200)
    page = models.CharField(max_length=500)
    filters = models.JSONField(default=dict, blank=True)
    grants = models.JSONField(default=list, blank=True)
    scope_path = PathField(db_index=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=STATUS, default="pending")
    row_count = models.PositiveIntegerField(default=0)
    written_rows = models.PositiveIntegerField(default=0)
    file_path = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.title} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed", "expired")

    @property
    def percent(self) -> int:
        if not self.row_count:
            return 0
        return min(100, int(100 * self.written_rows / self.row_count))

    @property
    def saving(self) -> bool:
        """Every row written, the file not yet saved (the last seconds of a long export)."""
        return self.status == "running" and self.row_count > 0 and self.written_rows >= self.row_count

    @property
    def downloadable(self) -> bool:
        return self.status == "done" and self.expires_at is not None and self.expires_at > timezone.now()


class WorkflowStep(models.Model):
    """One move of a record along its workflow (the record's history)."""

    workflow = models.CharField(max_length=32)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    scope_path = PathField(db_index=True)
    transition = models.CharField(max_length=32)
    from_state = models.CharField(max_length=32)
    to_state = models.CharField(max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    attachment_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id", "created_at"])]

    def __str__(self):
        return f"{self.workflow} {self.from_state}->{self.to_state}"


class LedgerAccount(models.Model):
    """One balance in one book (a household's points for a year, a shop's stock of one good).

    `balance` is the sum of the account's entries, kept by `core.ledger`, which locks this row for
    every post; `floor` is the lowest balance a post may leave (None: no floor).
    """

    book = models.CharField(max_length=64)
    holder = models.CharField(max_length=64)
    scope_path = PathField(db_index=True)
    balance = models.BigIntegerField(default=0)
    floor = models.BigIntegerField(null=True, default=0)
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["book", "holder"], name="one_account_per_holder_and_book"),
        ]

    def __str__(self):
        return f"{self.book}/{self.holder}: {self.balance}"


class LedgerEntry(models.Model):
    """An append-only posting. A wrong entry is undone by a reversing entry (`reverses`), never edited."""

    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField()
    balance_after = models.BigIntegerField()
    kind = models.CharField(max_length=32)
    category = models.CharField(max_length=32, blank=True)
    memo = models.CharField(max_length=200, blank=True)
    ref = models.CharField(max_length=64, blank=True, db_index=True)
    occurred_on = models.DateField()
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["account", "occurred_on"])]

    def __str__(self):
        return f"{self.account_id} {self.amount:+d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ledger entries are append-only")


class WorkerBeat(models.Model):
    """A background worker's heartbeat (core.jobs): a task claimed by a worker that stopped beating is
    lost."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=100, blank=True)
    pid = models.PositiveIntegerField(default=0)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.worker_id


class IdempotentRequest(models.Model):
    """The first answer to a write sent with an `Idempotency-Key` (core.idempotency): a retry of the same
    request by the same user gets this answer again instead of a second record or a second spend."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    fingerprint = models.CharField(max_length=64)  # sha256 of method, path and body: a reused key is refused
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_once")]

    def __str__(self):
        return self.key


from zhenxing.core.account_models import (  # noqa: E402,F401  (Django finds models through this module)
    LoginEvent,
    PasswordHistory,
    RecoveryCode,
    TwoFactorDevice,
    UserSession,
)
from zhenxing.core.notification_models import (  # noqa: E402,F401
    Delivery,
    Notification,
    NotificationPreference,
)
