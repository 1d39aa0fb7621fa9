"""我的账号: password, second factor, login history — every role has these pages, for itself only."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from zhenxing.core import logins, passwords, twofactor, usersessions
from zhenxing.orgs import account, signin

NEW_CODES = "zx_new_recovery_codes"  # shown once, on the page after they were made


def home(request):
    user = request.user
    max_age = settings.ZHENXING_PASSWORD_MAX_AGE_DAYS
    changed = passwords.changed_at(user)
    return render(request, "orgs/account/home.html", {
        "enrolled": twofactor.is_enrolled(user),
        "required": signin.two_factor_required(user),
        "codes_left": twofactor.recovery_codes_left(user),
        "changed": changed,
        "expires": changed + timedelta(days=max_age) if max_age > 0 else None,
    })


def password(request):
    errors = {}
    if request.method == "POST":
        old_key = request.session.session_key
        try:
            account.change_password(user=request.user, old=request.POST.get("old", ""),
                                    new=request.POST.get("new", ""), repeat=request.POST.get("repeat", ""))
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            update_session_auth_hash(request, request.user)  # keeps this session; it gets a new key
            usersessions.rekey(old_key, request.session.session_key)
            request.session.pop(signin.GATE_PASSWORD, None)
            messages.success(request, "密码已修改。")
            return redirect("account:home")
    gate = request.session.get(signin.GATE_PASSWORD)
    return render(request, "orgs/account/password.html", {
        "errors": errors, "expired": gate, "history": settings.ZHENXING_PASSWORD_HISTORY,
    }, status=400 if errors else 200)


def two_factor(request):
    user = request.user
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        code = request.POST.get("code", "")
        try:
            if action == "confirm":
                request.session[NEW_CODES] = account.confirm_two_factor(user=user, code=code)
                request.session.pop(signin.GATE_2FA, None)
                messages.success(request, "两步验证已绑定。以后登录时，输入密码后还需输入验证器上的验证码。")
            elif action == "codes":
                request.session[NEW_CODES] = account.new_recovery_codes(user=user, code=code)
                messages.success(request, "已生成新的恢复码，原有恢复码作废。")
            elif action == "remove":
                account.remove_two_factor(user=user, code=code)
                messages.success(request, "两步验证已关闭。")
            return redirect("account:two_factor")
        except ValidationError as exc:
            error = "；".join(exc.messages)
    context = {"error": error, "enrolled": twofactor.is_enrolled(user),
               "required": signin.two_factor_required(user), "gate": request.session.get(signin.GATE_2FA),
               "new_codes": request.session.pop(NEW_CODES, None),
               "codes_left": twofactor.recovery_codes_left(user)}
    if not context["enrolled"]:
        device = twofactor.pending_device(user)
        uri = twofactor.provisioning_uri(device, user.get_username())
        context.update(qr=twofactor.qr_svg(uri), secret=twofactor.secret_of(device))
    return render(request, "orgs/account/two_factor.html", context, status=400 if error else 200)


def login_history(request):
    rows = [(e, logins.short_agent(e.user_agent)) for e in logins.history(request.user)]
    return render(request, "orgs/account/logins.html", {"rows": rows, "shown": logins.HISTORY_SHOWN})
