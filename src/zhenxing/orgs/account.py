"""A user's own account: password, second factor. Each write validates, writes and audits."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.core import audit, twofactor
from zhenxing.orgs import signin


def _audit(user, action: str, **changes) -> None:
    audit.record(actor=user, action=action, object_type="auth.user", object_id=str(user.pk),
                 object_repr=user.get_username(), changes=changes)


@transaction.atomic
def change_password(*, user, old: str, new: str, repeat: str) -> None:
    errors: dict[str, list[str]] = {}
    if not user.check_password(old):
        errors["old"] = ["当前密码不正确。"]
    if new != repeat:
        errors["repeat"] = ["两次输入的新密码不一致。"]
    try:
        validate_password(new, user)
    except ValidationError as exc:
        errors.setdefault("new", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(new)
    user.save()
    _audit(user, "password.change")


@transaction.atomic
def confirm_two_factor(*, user, code: str) -> list[str]:
    """Confirm the device being enrolled with a code from it; returns the new recovery codes."""
    if twofactor.is_enrolled(user):
        raise ValidationError({"code": "已经绑定了两步验证。"})
    if not twofactor.verify_totp(user, code, confirmed=False):
        raise ValidationError({"code": "验证码不正确：请输入验证器上当前显示的 6 位数字，"
                                       "并确认手机时间准确。"})
    codes = twofactor.new_recovery_codes(user)
    _audit(user, "two_factor.enrol")
    return codes


@transaction.atomic
def new_recovery_codes(*, user, code: str) -> list[str]:
    if not twofactor.verify_totp(user, code):
        raise ValidationError({"code": "验证码不正确，未生成新的恢复码。"})
    codes = twofactor.new_recovery_codes(user)
    _audit(user, "two_factor.recovery_codes")
    return codes


@transaction.atomic
def remove_two_factor(*, user, code: str) -> None:
    """Only where it is optional: an administrator's second factor is reset by the security administrator."""
    if signin.two_factor_required(user):
        raise ValidationError({"code": "管理员账号必须使用两步验证，不能自行关闭；"
                                       "更换手机请联系安全管理员重置。"})
    if not twofactor.verify_totp(user, code):
        raise ValidationError({"code": "验证码不正确，两步验证仍然有效。"})
    twofactor.remove(user)
    _audit(user, "two_factor.remove")
