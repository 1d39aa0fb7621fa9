"""The user's own inbox state and delivery preferences."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from zhenxing.core import audit, audit_labels, notify, todo
from zhenxing.core.models import Notification, NotificationPreference
from zhenxing.orgs.access import first_or_404

audit_labels.declare({"workspace.preferences": "修改通知设置", "workspace.supervise": "督办"})


def mark_read(*, user, ids: list[int] | None = None) -> int:
    """A person's own reading is not a business write: not audited, like their session."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def preferences_of(user) -> set[tuple[str, str]]:
    return set(NotificationPreference.objects.filter(user=user, enabled=True).values_list("channel", "event"))


@transaction.atomic
def set_preferences(*, actor, chosen: set[tuple[str, str]], channels: list[str]) -> None:
    user = actor.user
    before = preferences_of(user)
    NotificationPreference.objects.filter(user=user).exclude(channel__in=channels).delete()
    for channel in channels:
        for event, _label in Notification._meta.get_field("event").choices:
            NotificationPreference.objects.update_or_create(
                user=user, channel=channel, event=event, defaults={"enabled": (channel, event) in chosen})
    audit.record(actor=user, action="workspace.preferences", object_type="auth.user", object_id=str(user.pk),
                 object_repr=user.get_full_name() or user.username, scope_path="",
                 changes={"before": sorted(f"{c}:{e}" for c, e in before),
                          "after": sorted(f"{c}:{e}" for c, e in chosen)})


@transaction.atomic
def supervise(*, actor, waiting_key: str, pk: int, note: str = "") -> int:
    """督办: whoever follows up an overdue record (the county, a street over its villages) tells those it
    waits on to finish it. Only an overdue record of the actor's own queue may be supervised; once a day."""
    w = next((w for w in todo.registered() if w.key == waiting_key), None)
    rows = w.rows(actor) if w is not None else None
    if rows is None:
        raise Http404
    record = first_or_404(rows, pk=pk)
    due = getattr(record, w.due_field) if w.due_field else None
    if due is None or due >= timezone.now():
        raise ValidationError({"record": "只有已超期的事项可以督办"})
    note = note.strip()[:200]
    day = timezone.localdate().isoformat()
    told = notify.send(users=w.recipients(record), event="supervised",
                       title=f"督办｜{w.module}：{w.title(record)}",
                       body=f"{w.label}已超期，请尽快{w.actions}。{note}".strip(), url=w.url(record),
                       obj=record,
                       key=f"supervise:{w.key}:{record.pk}:{day}")
    audit.record(actor=actor.user, action="workspace.supervise", obj=record,
                 changes={"kind": w.key, "note": note, "told": told})
    return told
