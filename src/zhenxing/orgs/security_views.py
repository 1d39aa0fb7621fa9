"""安全管理 (security administrator) and 用户管理 (system administrator): pages over orgs.security."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from zhenxing.core.feedback import flash_errors, whole_number
from zhenxing.core.logins import short_agent
from zhenxing.orgs import access, security

FIELD_LABELS = {"username": "用户名", "name": "姓名", "password": "初始密码", "role": "角色", "place": "单位"}


def _policy() -> list[tuple[str, str, str]]:
    s = settings
    return [
        ("管理员两步验证", "必须" if s.ZHENXING_REQUIRE_2FA else "已关闭", "ZHENXING_REQUIRE_2FA"),
        ("密码有效期", f"{age} 天" if (age := s.ZHENXING_PASSWORD_MAX_AGE_DAYS) > 0 else "不过期",
         "ZHENXING_PASSWORD_MAX_AGE_DAYS"),
        ("不得重复使用最近的密码", f"{s.ZHENXING_PASSWORD_HISTORY} 个", "ZHENXING_PASSWORD_HISTORY"),
        ("连续失败锁定", f"{s.LOGIN_MAX_FAILURES} 次，锁定 {s.LOGIN_LOCK_MINUTES} 分钟",
         "ZHENXING_LOGIN_MAX_FAILURES / ZHENXING_LOGIN_LOCK_MINUTES"),
        ("每个账号同时在线", f"{s.ZHENXING_MAX_SESSIONS} 处" if s.ZHENXING_MAX_SESSIONS else "不限",
         "ZHENXING_MAX_SESSIONS"),
        ("无操作自动退出", f"{s.ZHENXING_IDLE_MINUTES} 分钟" if s.ZHENXING_IDLE_MINUTES else "不限",
         "ZHENXING_IDLE_MINUTES"),
    ]


def security_page(request):
    actor = request.actor
    access.require(actor, access.MANAGE_SECURITY)
    if request.method == "POST":
        action = request.POST.get("action", "")
        username = request.POST.get("username", "")
        try:
            if action == "unlock":
                security.unlock(actor=actor, username=username)
                messages.success(request, f"已解除 {username} 的锁定。")
            elif action == "reset_2fa":
                security.reset_two_factor(actor=actor, username=username)
                messages.success(request, f"已重置 {username} 的两步验证，该用户下次登录时重新绑定。")
            elif action == "end_session":
                security.end_session(actor=actor, session_id=whole_number(request.POST.get("session")) or 0)
                messages.success(request, "会话已结束。")
        except ValidationError as exc:
            flash_errors(request, exc)
        return redirect("security")
    return render(request, "orgs/security.html", {
        "locked": security.locked_accounts(actor=actor),
        "sessions": [(s, short_agent(s.user_agent)) for s in security.sessions(actor=actor)],
        "two_factor": security.two_factor_status(actor=actor),
        "policy": _policy(),
    })


def users_page(request):
    actor = request.actor
    access.require(actor, access.MANAGE_USERS)
    form = {k: request.POST.get(k, "") for k in ("username", "name", "role", "place")}
    errors = []
    if request.method == "POST":
        try:
            security.grant(actor=actor, username=form["username"].strip(), name=form["name"].strip(),
                           password=request.POST.get("password", ""), role=form["role"],
                           place_code=form["place"])
        except ValidationError as exc:
            errors = [f"{FIELD_LABELS.get(f, f)}：{m}" for f, msgs in exc.message_dict.items() for m in msgs]
        else:
            messages.success(request, f"已授予 {form['username']} {access.role_label(form['role'])}。")
            return redirect("users")
    users = security.users_in_scope(actor=actor, capability=access.MANAGE_USERS).prefetch_related(
        "role_assignments__org_unit", "role_assignments__department")
    roles = [(code, label) for code, (label, _) in access.ROLES.items() if code not in access.OFFICER_ROLES]
    rows = [(u, "；".join(f"{a.org_unit or a.department} {access.role_label(a.role)}"
                          for a in u.role_assignments.all())) for u in users]
    return render(request, "orgs/users.html", {
        "users": rows, "roles": roles, "form": form, "errors": errors,
    }, status=400 if errors else 200)
