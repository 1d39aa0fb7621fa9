from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhenxing.core import logins
from zhenxing.core.middleware import client_ip


def login_view(request):
    error = ""
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        until = logins.locked_until(username) if username else None
        if until:
            minutes = max(1, int((until - timezone.now()).total_seconds() // 60) + 1)
            error = f"登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试。"
        else:
            user = authenticate(request, username=username, password=password)
            if user is None:
                logins.record_failure(username, client_ip(request))
                error = "用户名或密码错误。"
            else:
                login(request, user)
                logins.record_success(user, client_ip(request))
                target = request.POST.get("next") or "/"
                if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                    target = "/"
                return redirect(target)
    return render(
        request,
        "orgs/login.html",
        {"error": error, "username": username, "next": request.GET.get("next", request.POST.get("next", ""))},
        status=400 if error else 200,
    )


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        logins.record_logout(request.user, client_ip(request))
    logout(request)
    return redirect("/login/")
