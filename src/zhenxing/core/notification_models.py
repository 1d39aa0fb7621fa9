"""The in-app inbox (站内消息) and its delivery to other channels (core.notify)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

EVENTS = [
    ("assigned", "新待办"),
    ("returned", "被退回"),
    ("objection", "异议"),
    ("due_soon", "即将到期"),
    ("overdue", "已超期"),
    ("supervised", "督办"),
]


class Notification(models.Model):
    """One message to one user. `key` makes a repeated event (a deadline swept twice) one message."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.CharField("类型", max_length=16, choices=EVENTS)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "站内消息"
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """Whether one user gets one kind of event through one channel beyond the inbox (always on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=32)
    event = models.CharField(max_length=16, choices=EVENTS)
    enabled = models.BooleanField(default=False)

    class Meta:
        verbose_name = "通知设置"
        constraints = [models.UniqueConstraint(fields=["user", "channel", "event"], name="preference_once")]

    def __str__(self):
        return f"{self.channel}:{self.event}"


class Delivery(models.Model):
    """One notification sent (or failing to be sent) through one channel; the outbox a task drains."""

    STATUS = [("pending", "待发送"), ("sent", "已发送"), ("failed", "发送失败"), ("skipped", "未发送")]
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=STATUS, default="pending", db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "消息发送记录"
        constraints = [models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once")]

    def __str__(self):
        return f"{self.channel} {self.status}"
