"""Login lockout and login history.

After N failures for one username within the window — wrong passwords and wrong second-factor codes alike —
sign-in is refused for the window. Every attempt is written twice: to the audit chain (for the auditor) and
to LoginEvent (for the user's own 登录记录).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from zhenxing.core import audit, audit_labels
from zhenxing.core.models import LoginEvent, LoginFailure

audit_labels.declare({
    "login": "登录",
    "login.failed": "登录失败（用户名或密码错误）",
    "login.code_failed": "登录失败（两步验证码错误）",
    "logout": "退出登录",
}, keys={"method": "验证方式"},
    values={"method": {"password": "密码", "totp": "密码 + 验证器", "recovery": "密码 + 恢复码"}})

HISTORY_SHOWN = 50


def locked_until(username: str):
    window = timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    recent = LoginFailure.objects.filter(username=username.lower(), created_at__gte=timezone.now() - window)
    failures = list(
        recent.order_by("-created_at").values_list("created_at", flat=True)[: settings.LOGIN_MAX_FAILURES]
    )
    if len(failures) < settings.LOGIN_MAX_FAILURES:
        return None
    return failures[0] + window


def _event(username: str, result: str, ip: str, user_agent: str, user=None) -> None:
    if user is None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username__iexact=username).first()
    LoginEvent.objects.create(user=user, username=username.lower()[:150], result=result, ip=ip,
                              user_agent=user_agent[:200])


def record_failure(username: str, ip: str, user_agent: str = "") -> None:
    LoginFailure.objects.create(username=username.lower(), ip=ip)
    _event(username, "bad_password", ip, user_agent)
    audit.record(
        actor=None,
        action="login.failed",
        actor_name=username[:150],
        object_type="auth.user",
        object_repr=username[:200],
        ip=ip,
    )


def record_code_failure(user, ip: str, user_agent: str = "") -> None:
    """A wrong second-factor code: counts toward the lock-out like a wrong password."""
    LoginFailure.objects.create(username=user.get_username().lower(), ip=ip)
    _event(user.get_username(), "bad_code", ip, user_agent, user=user)
    audit.record(
        actor=None,
        action="login.code_failed",
        actor_name=user.get_username(),
        object_type="auth.user",
        object_id=str(user.pk),
        object_repr=user.get_username(),
        ip=ip,
    )


def record_locked(username: str, ip: str, user_agent: str = "") -> None:
    _event(username, "locked", ip, user_agent)


def record_success(user, ip: str, user_agent: str = "", method: str = "password") -> None:
    LoginFailure.objects.filter(username=user.get_username().lower()).delete()
    _event(user.get_username(), "success", ip, user_agent, user=user)
    audit.record(
        actor=user,
        action="login",
        object_type="auth.user",
        object_id=str(user.pk),
        object_repr=user.get_username(),
        changes={"method": method},
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


def history(user):
    """The user's last sign-in attempts, failures included (those typed with their username)."""
    return LoginEvent.objects.filter(username=user.get_username().lower())[:HISTORY_SHOWN]


def short_agent(user_agent: str) -> str:
    """'Chrome 126 · Windows' from a user-agent string: enough for a person to recognise their device."""
    ua = user_agent or ""
    browser = next((name for key, name in (
        ("MicroMessenger", "微信"), ("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"), ("Safari/", "Safari"),
    ) if key in ua), "")
    if browser and browser != "微信":
        key = {"Edge": "Edg/"}.get(browser, browser + "/")
        version = ua.split(key, 1)[1].split(" ", 1)[0].split(".", 1)[0] if key in ua else ""
        browser = f"{browser} {version}".strip()
    system = next((name for key, name in (
        ("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
        ("Mac OS X", "macOS"), ("Linux", "Linux"),
    ) if key in ua), "")
    text = " · ".join(part for part in (browser, system) if part)
    return text or (ua[:40] if ua else "未知")
