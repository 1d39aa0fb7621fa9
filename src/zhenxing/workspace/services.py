"""The user's own inbox state and delivery preferences."""

from django.db import transaction
from django.utils import timezone

from zhenxing.core import audit
from zhenxing.core.models import Notification, NotificationPreference


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
