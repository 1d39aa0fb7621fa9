"""The system and security administrators' work (三员分立): users and their roles; lock-outs, second
factors and sessions. Reads are limited to users holding a role inside the officer's subtree; every write
checks the capability over that user, writes and audits."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from zhenxing.core import audit, twofactor, usersessions
from zhenxing.core.models import LoginFailure, PasswordHistory, TwoFactorDevice, UserSession
from zhenxing.core.paths import under
from zhenxing.orgs import access, services
from zhenxing.orgs.models import Department, OrgUnit, RoleAssignment


def users_in_scope(*, actor, capability: str):
    """Users holding a role at a unit or department inside the actor's subtrees for `capability`."""
    paths = actor.paths(capability)
    if not paths:
        return get_user_model().objects.none()
    ids = set()
    for path in paths:
        for field in ("org_unit__path", "department__path"):
            ids |= set(RoleAssignment.objects.filter(under(path, field)).values_list("user_id", flat=True))
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


def user_in_scope(*, actor, capability: str, username: str):
    user = users_in_scope(actor=actor, capability=capability).filter(username=username).first()
    if user is None:
        raise Http404
    return user


def _audit(actor, action: str, user, **changes) -> None:
    audit.record(actor=actor.user, action=action, object_type="auth.user", object_id=str(user.pk),
                 object_repr=user.get_username(), changes=changes)


# --- 安全管理员 ---------------------------------------------------------------------------------------------

def locked_accounts(*, actor):
    """(user, failures) for users in scope currently locked out."""
    window = timezone.now() - timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    counts = dict(LoginFailure.objects.filter(created_at__gte=window).values("username")
                  .annotate(n=Count("id")).filter(n__gte=settings.LOGIN_MAX_FAILURES)
                  .values_list("username", "n"))
    users = users_in_scope(actor=actor, capability=access.MANAGE_SECURITY)
    return [(u, counts[u.username.lower()]) for u in users if u.username.lower() in counts]


def sessions(*, actor):
    users = users_in_scope(actor=actor, capability=access.MANAGE_SECURITY)
    return UserSession.objects.filter(user__in=users, ended_at__isnull=True).select_related("user")


def two_factor_status(*, actor):
    """(user, enrolled, must) for every user in scope."""
    users = list(users_in_scope(actor=actor, capability=access.MANAGE_SECURITY))
    enrolled = set(TwoFactorDevice.objects.filter(user__in=users, confirmed_at__isnull=False)
                   .values_list("user_id", flat=True))
    admins = set(RoleAssignment.objects.filter(user__in=users, role__in=access.ADMIN_ROLES)
                 .values_list("user_id", flat=True))
    return [(u, u.pk in enrolled, u.pk in admins) for u in users]


@transaction.atomic
def unlock(*, actor, username: str) -> None:
    user = user_in_scope(actor=actor, capability=access.MANAGE_SECURITY, username=username)
    LoginFailure.objects.filter(username=user.username.lower()).delete()
    _audit(actor, "security.unlock", user)


@transaction.atomic
def reset_two_factor(*, actor, username: str) -> None:
    """For a lost phone: the user enrols again at the next sign-in (administrators must)."""
    user = user_in_scope(actor=actor, capability=access.MANAGE_SECURITY, username=username)
    if user == actor.user:
        raise ValidationError({"user": "不能重置自己的两步验证，请由另一位安全管理员办理。"})
    twofactor.remove(user)
    _audit(actor, "security.two_factor_reset", user)


@transaction.atomic
def end_session(*, actor, session_id: int) -> None:
    users = users_in_scope(actor=actor, capability=access.MANAGE_SECURITY)
    session = UserSession.objects.filter(pk=session_id, user__in=users, ended_at__isnull=True).first()
    if session is None:
        raise Http404
    usersessions.end(session, "security")
    _audit(actor, "security.session_end", session.user, started=session.created_at, ip=session.ip)


# --- 系统管理员 ---------------------------------------------------------------------------------------------

def place_for(code: str):
    """A unit by its code, or a department as 'code/部门名称'."""
    code = code.strip()
    if "/" in code:
        unit_code, name = code.split("/", 1)
        return Department.objects.filter(org_unit__code=unit_code, name=name).first()
    return OrgUnit.objects.filter(code=code).first()


@transaction.atomic
def grant(*, actor, username: str, name: str, password: str, role: str, place_code: str):
    """Give `role` at a place to a user, creating the user (with a password to change at first sign-in)
    when there is none by that name. Every problem is reported at once, by field."""
    errors: dict[str, list[str]] = {}
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if not username:
        errors["username"] = ["请填写用户名。"]
    if role not in access.ROLES:
        errors["role"] = [f"未知角色“{role}”。"]
    elif role in access.OFFICER_ROLES:
        errors["role"] = ["系统管理员、安全管理员、安全审计员只能由超级用户在命令行授予（三员分立）。"]
    place = place_for(place_code) if place_code else None
    if place is None:
        errors["place"] = [f"找不到单位或部门“{place_code}”。" if place_code else "请填写单位代码。"]
    elif not actor.can(access.MANAGE_USERS, place.path):
        errors["place"] = [f"“{place}”不在您的管理范围内。"]
    if username and user is None:
        try:
            validate_password(password, user_model(username=username, first_name=name))
        except ValidationError as exc:
            errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    if user is None:
        user = user_model.objects.create_user(username, password=password, first_name=name)
        # A password someone else chose is expired at once: its owner changes it at the first sign-in.
        PasswordHistory.objects.filter(user=user).update(created_at=timezone.now() - timedelta(days=36500))
        _audit(actor, "user.create", user, name=name)
    at = {"department": place} if isinstance(place, Department) else {"org_unit": place}
    return services.assign_role(actor=actor, user=user, role=role, **at)
