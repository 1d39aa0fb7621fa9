"""Login lockout: after N failures for one username within the window, refuse for the window."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from zhenxing.core import audit
from zhenxing.core.models import LoginFailure


def locked_until(username: str):
    window = timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    recent = LoginFailure.objects.filter(username=username.lower(), created_at__gte=timezone.now() - window)
    failures = list(
        recent.order_by("-created_at").values_list("created_at", flat=True)[: settings.LOGIN_MAX_FAILURES]
    )
    if len(failures) < settings.LOGIN_MAX_FAILURES:
        return None
    return failures[0] + window


def record_failure(username: str, ip: str) -> None:
    LoginFailure.objects.create(username=username.lower(), ip=ip)
    audit.record(
        actor=None,
        action="login.failed",
        actor_name=username[:150],
        object_type="auth.user",
        object_repr=username[:200],
        ip=ip,
    )


def record_success(user, ip: str) -> None:
    LoginFailure.objects.filter(username=user.get_username().lower()).delete()
    audit.record(
        actor=user,
        action="login",
        object_type="auth.user",
        object_id=str(user.pk),
        object_repr=user.get_username(),
        ip=ip,
    )


def record_logout(user, ip: str) -> None:
    audit.record(
        actor=user,
        action="logout",
        object_type="auth.user",
        object_id=str(user.pk),
        object_repr=user.get_username(),
        ip=ip,
    )
