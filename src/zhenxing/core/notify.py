"""Notifications: the in-app inbox first, other channels (e-mail, SMS) through a pluggable interface.

`send` writes one inbox message per user (a repeated key is one message, so a deadline swept twice or a
retried task tells once) and, for each user who turned a channel on for that kind of event, a Delivery that
a background task sends after the transaction commits. A channel is a class with `send`; settings
ZHENXING_NOTIFY_CHANNELS names them (docs/notifications.md): the demo writes SMS and e-mail to files
under the data dir's outbox/, production plugs its gateway in the same place.

Events come from three places: a workflow step (core.workflow.advance calls `announce_step`: the record
now waits on someone), a module's own event (an objection, a 督办), and the deadline sweep (`sweep`,
run by the worker every few minutes and by `zhenxing remind`).
"""

import json
import logging
from datetime import datetime, time, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhenxing.core import jobs, todo, workdays
from zhenxing.core.models import Delivery, Notification, NotificationPreference

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


class Channel:
    """A way to reach a user beyond the inbox. `address` finds where (None: the user has none)."""

    key = ""
    label = ""

    def __init__(self, key: str, label: str, **options):
        self.key, self.label, self.options = key, label, options

    def address(self, user) -> str | None:
        resolver = _addresses.get(self.key)
        return resolver(user) if resolver else None

    def send(self, *, user, address: str, notification: Notification) -> None:
        raise NotImplementedError


class FileChannel(Channel):
    """Appends one JSON line per message to outbox/<channel>.ndjson (demo and tests; what a gateway gets)."""

    def send(self, *, user, address, notification):
        outbox = settings.DATA_DIR / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        line = {"to": _masked(address), "user": user.pk, "event": notification.event,
                "title": notification.title, "body": notification.body, "url": notification.url,
                "at": timezone.localtime(notification.created_at).isoformat()}
        with open(outbox / f"{self.key}.ndjson", "a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


class EmailChannel(Channel):
    """Django's mail (EMAIL_BACKEND): SMTP in production, the console or files in the demo."""

    def address(self, user):
        return user.email or None

    def send(self, *, user, address, notification):
        from django.core.mail import send_mail

        link = f"\n\n{settings.ZHENXING_SITE_URL}{notification.url}" if notification.url else ""
        send_mail(f"【振兴】{notification.title}", notification.body + link, None, [address])


def _masked(address: str) -> str:
    return address if "@" in address or len(address) < 7 else address[:3] + "****" + address[-4:]


_addresses: dict[str, callable] = {}


def register_address(channel: str, resolver) -> None:
    """How a channel finds a user's address (the people app tells SMS where a user's phone is)."""
    _addresses[channel] = resolver


def channels() -> dict[str, Channel]:
    found = {}
    for key, spec in settings.ZHENXING_NOTIFY_CHANNELS.items():
        module, _, name = spec["class"].rpartition(".")
        options = {k: v for k, v in spec.items() if k not in ("class", "label")}
        found[key] = getattr(import_module(module), name)(key, spec["label"], **options)
    return found


def send(*, users, event: str, title: str, body: str = "", url: str = "", obj=None, key: str) -> int:
    """Tell these users; returns how many messages are new (a key already sent to a user is skipped)."""
    users = {u.pk: u for u in users if u is not None and u.is_active}
    if not users:
        return 0
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    now = timezone.now()
    known = set(Notification.objects.filter(user_id__in=users, key=key).values_list("user_id", flat=True))
    fresh = [Notification(user_id=pk, event=event, title=title[:200], body=body, url=url[:300],
                          object_type=object_type, object_id=object_id, key=key[:200], created_at=now)
             for pk in users if pk not in known]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    made = list(Notification.objects.filter(user_id__in=[n.user_id for n in fresh], key=key, created_at=now))
    wanted = set(NotificationPreference.objects.filter(
        user_id__in=[n.user_id for n in made], event=event, enabled=True,
        channel__in=list(settings.ZHENXING_NOTIFY_CHANNELS)).values_list("user_id", "channel"))
    deliveries = Delivery.objects.bulk_create(
        [Delivery(notification=n, channel=ch) for n in made for uid, ch in wanted if uid == n.user_id])
    if deliveries:
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: deliver.enqueue(ids))
    return len(made)


@jobs.task()
def deliver(delivery_ids: list[int]) -> None:
    available = channels()
    for d in Delivery.objects.filter(pk__in=delivery_ids, status="pending").select_related(
            "notification", "notification__user"):
        channel = available.get(d.channel)
        user = d.notification.user
        address = channel.address(user) if channel else None
        d.attempts += 1
        if channel is None or not address:
            d.status, d.error = "skipped", "未配置该渠道" if channel is None else "该用户没有可用的联系方式"
        else:
            try:
                channel.send(user=user, address=address, notification=d.notification)
                d.status, d.sent_at, d.error = "sent", timezone.now(), ""
            except Exception as exc:  # a gateway's failure must not lose the others
                log.exception("delivery %s through %s failed", d.pk, d.channel)
                d.status = "failed" if d.attempts >= MAX_ATTEMPTS else "pending"
                d.error = f"发送失败（{type(exc).__name__}）"
        d.save(update_fields=["status", "attempts", "sent_at", "error"])


# --- events -------------------------------------------------------------------------------------------

def _deadline_text(due) -> str:
    if not due:
        return ""
    local = timezone.localtime(due)
    return f"，办理时限 {local.month}月{local.day}日 {local:%H:%M}"


def _tell_waiting(*, workflow, record, actor_user, event: str, what: str, key: str) -> None:
    """Tell whoever the record now waits on in its state (never the one who acted)."""
    for w in todo.waiting_in(workflow.key, record.state):
        users = [u for u in w.recipients(record) if actor_user is None or u.pk != actor_user.pk]
        send(users=users, event=event, title=f"{w.module}：{w.title(record)}",
             body=f"{what}，待您{w.actions}{_deadline_text(record.due_at)}。",
             url=w.url(record), obj=record, key=f"{key}:{w.key}")


def announce_step(*, workflow, record, step, actor_user) -> None:
    """A record moved into a state (core.workflow.advance has set it on `record`)."""
    _tell_waiting(workflow=workflow, record=record, actor_user=actor_user,
                  event="returned" if "return" in step.transition else "assigned",
                  what=workflow.transition(step.transition).label, key=f"step:{step.pk}")


def announce_start(*, workflow, record, actor_user) -> None:
    """A new record waits in its first state (a case reported)."""
    _tell_waiting(workflow=workflow, record=record, actor_user=actor_user, event="assigned",
                  what=f"新{workflow.label}事项", key=f"start:{record._meta.label_lower}:{record.pk}")


def next_working_day_end(now: datetime) -> datetime:
    day = workdays.add_working_days(timezone.localtime(now).date(), 1)
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.get_current_timezone())


TOLD_WITHIN = timedelta(days=2)  # longer than any worker's outage the sweep is meant to ride out


def sweep(*, now: datetime | None = None, limit: int = 5000) -> dict[str, int]:
    """Deadlines: a record due by the end of the next working day, and one overdue, each told once per
    deadline to whoever it waits on."""
    now = now or timezone.now()
    told = {"due_soon": 0, "overdue": 0}
    soon = next_working_day_end(now)
    for w in todo.registered():
        if w.model is None or not w.due_field:
            continue
        base = w.model.objects.filter(**w.model_filter)
        # Overdue since lately only: an older one was told when it fell due (a sweep every few minutes), so a
        # province's backlog is not walked again at every sweep.
        late = {f"{w.due_field}__lt": now, f"{w.due_field}__gte": now - TOLD_WITHIN}
        for event, rows in (("overdue", base.filter(**late)),
                            ("due_soon", base.filter(**{f"{w.due_field}__gte": now,
                                                        f"{w.due_field}__lte": soon}))):
            for record in rows.order_by(w.due_field)[:limit]:
                due = getattr(record, w.due_field)
                word = "已超期" if event == "overdue" else "即将到期"
                with transaction.atomic():
                    told[event] += send(
                        users=w.recipients(record), event=event,
                        title=f"{word}｜{w.module}：{w.title(record)}",
                        body=f"{w.label}，待您{w.actions}{_deadline_text(due)}。", url=w.url(record),
                        obj=record, key=f"{event}:{w.key}:{record.pk}:{due.isoformat()}")
    return told


@jobs.every(timedelta(minutes=10))
def sweep_deadlines() -> None:
    told = sweep()
    if any(told.values()):
        log.info("deadline sweep: %s", told)
