"""What happens when someone has signed in: the session is registered (and the account's older ones ended
beyond ZHENXING_MAX_SESSIONS), and the gates are set that keep the account on one page until it has done
what it must — enrol a second factor (administrators, ZHENXING_REQUIRE_2FA) or change an expired password.

Connected to `user_logged_in`, so it holds for every way into a session, not only the login form.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in

from zhenxing.core import passwords, twofactor, usersessions
from zhenxing.core.middleware import client_ip
from zhenxing.orgs import access

GATE_2FA = "zx_gate_2fa"
GATE_PASSWORD = "zx_gate_password"
SEEN = "zx_seen"
# Where each gate sends the account, in the order they are passed.
GATES = ((GATE_2FA, "/account/2fa/", "请先绑定两步验证（管理员账号必须使用），完成后才能使用其他功能。"),
         (GATE_PASSWORD, "/account/password/", "您的密码已过期，请先修改密码。"))
REASONS = {
    "superseded": "您的账号已在其他地方登录，本次会话已结束。",
    "idle": "长时间未操作，已自动退出，请重新登录。",
    "security": "您的会话已被安全管理员结束，请重新登录。",
}


def two_factor_required(user) -> bool:
    return settings.ZHENXING_REQUIRE_2FA and access.holds_admin_role(user)


def on_login(sender, request, user, **kwargs):
    session = request.session
    if session.session_key is None:  # login() flushed another user's session: it has no key until saved
        session.save()
    usersessions.register(user=user, session_key=session.session_key, ip=client_ip(request),
                          user_agent=request.META.get("HTTP_USER_AGENT", ""))
    session[SEEN] = int(time.time())
    if two_factor_required(user) and not twofactor.is_enrolled(user):
        session[GATE_2FA] = True
    if passwords.expired(user):
        session[GATE_PASSWORD] = True


def connect():
    user_logged_in.connect(on_login, dispatch_uid="zhenxing.orgs.signin")


def open_gate(request):
    """(url, message) of the first gate the session has not passed, or None."""
    for key, url, message in GATES:
        if request.session.get(key):
            return url, message
    return None
