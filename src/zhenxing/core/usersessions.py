"""Session limits: at most ZHENXING_MAX_SESSIONS signed-in sessions per account, and an idle timeout.

A sign-in registers its session (the `user_logged_in` signal, so every way of signing in counts); when that
makes one too many, the oldest are ended: deleted from the session store, so the other browser is signed
out at its next request, and marked, so that browser is told why on the login page.
"""

from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhenxing.core.models import UserSession


def _store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


@transaction.atomic
def end(session: UserSession, reason: str) -> None:
    if session.ended_at is None:
        session.ended_at = timezone.now()
        session.ended_reason = reason
        session.save(update_fields=["ended_at", "ended_reason"])
    _store(session.session_key).delete()


def active(user):
    return UserSession.objects.filter(user=user, ended_at__isnull=True)


@transaction.atomic
def register(*, user, session_key: str, ip: str = "", user_agent: str = "") -> list[UserSession]:
    """Record a new session; returns the older sessions it ended."""
    UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={"user": user, "ip": ip, "user_agent": user_agent[:200], "ended_at": None,
                  "ended_reason": ""},
    )
    limit = settings.ZHENXING_MAX_SESSIONS
    if limit <= 0:
        return []
    # Lock the user's rows so that two sign-ins at once cannot both keep their older session.
    sessions = list(active(user).select_for_update().order_by("-created_at", "-id"))
    ended = [s for s in sessions if s.session_key != session_key][max(limit - 1, 0):]
    for session in ended:
        end(session, "superseded")
    return ended


def end_by_key(session_key: str, reason: str) -> None:
    session = UserSession.objects.filter(session_key=session_key, ended_at__isnull=True).first()
    if session is not None:
        end(session, reason)


def ended_reason(session_key: str | None) -> str:
    """Why the session behind a cookie was ended ('' if it was not, or is unknown)."""
    if not session_key:
        return ""
    return (UserSession.objects.filter(session_key=session_key, ended_at__isnull=False)
            .values_list("ended_reason", flat=True).first() or "")


def rekey(old_key: str | None, new_key: str | None) -> None:
    """A session that changed its key (a password change keeps the user signed in under a new key)."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)
