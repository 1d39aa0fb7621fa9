import time

from django.contrib.auth import authenticate, get_user_model, login, logout
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhenxing.core import logins, twofactor, usersessions
from zhenxing.core.middleware import client_ip
from zhenxing.orgs import signin

PENDING = "zx_pending"  # a user who gave the right password and still owes a second-factor code
PENDING_SECONDS = 300


def _agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")


def _locked_message(username: str) -> str:
    until = logins.locked_until(username) if username else None
    if not until:
        return ""
    minutes = max(1, int((until - timezone.now()).total_seconds() // 60) + 1)
    return f"登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试。"


def _safe_next(request, target: str) -> str:
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return "/"
    return target


def _sign_in(request, user, method: str, target: str):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    logins.record_success(user, client_ip(request), _agent(request), method=method)
    return redirect(_safe_next(request, target))


def login_view(request):
    error = ""
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        error = _locked_message(username)
        if error:
            logins.record_locked(username, client_ip(request), _agent(request))
        else:
            user = authenticate(request, username=username, password=password)
            if user is None:
                logins.record_failure(username, client_ip(request), _agent(request))
                error = "用户名或密码错误。"
            elif twofactor.is_enrolled(user):
                # Not signed in yet: the session only remembers who owes a code, for a few minutes.
                request.session[PENDING] = {"uid": user.pk, "at": int(time.time()),
                                            "next": request.POST.get("next", "")}
                return redirect("login_code")
            else:
                return _sign_in(request, user, "password", request.POST.get("next", ""))
    reason = signin.REASONS.get(request.GET.get("reason", ""), "")
    return render(
        request,
        "orgs/login.html",
        {"error": error, "notice": reason, "username": username,
         "next": request.GET.get("next", request.POST.get("next", ""))},
        status=400 if error else 200,
    )


def _pending_user(request):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, ""
    user = get_user_model().objects.filter(pk=pending["uid"], is_active=True).first()
    return user, pending.get("next", "")


def login_code(request):
    """The second step: a code from the authenticator app, or one of the recovery codes."""
    user, target = _pending_user(request)
    if user is None:
        return redirect("login")
    error = ""
    if request.method == "POST":
        error = _locked_message(user.get_username())
        if error:
            logins.record_locked(user.get_username(), client_ip(request), _agent(request))
            request.session.pop(PENDING, None)
        else:
            method = twofactor.verify(user, request.POST.get("code", ""))
            if method:
                request.session.pop(PENDING, None)
                return _sign_in(request, user, method, target)
            logins.record_code_failure(user, client_ip(request), _agent(request))
            error = (_locked_message(user.get_username())
                     or "验证码错误或已使用过，请输入验证器上当前显示的 6 位数字。")
    return render(request, "orgs/login_code.html", {"error": error, "username": user.get_username()},
                  status=400 if error else 200)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        logins.record_logout(request.user, client_ip(request))
        usersessions.end_by_key(request.session.session_key, "logout")
    logout(request)
    return redirect("/login/")
