from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone


class MixedCharactersValidator:
    """Password must mix letters and digits (等保 2.0 asks for complexity)."""

    def validate(self, password, user=None):
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError("密码须同时包含字母和数字。", code="password_not_mixed")

    def get_help_text(self):
        return "密码须同时包含字母和数字。"


class HistoryValidator:
    """No reuse of the last ZHENXING_PASSWORD_HISTORY passwords. Django calls `password_changed` after every
    save of a new password (create_user, set_password + save), so the history is kept wherever a password is
    set, not only on our own page."""

    def _count(self) -> int:
        return settings.ZHENXING_PASSWORD_HISTORY

    def validate(self, password, user=None):
        if user is None or user.pk is None or self._count() <= 0:
            return
        from zhenxing.core.models import PasswordHistory

        recent = PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self._count()]
        if any(check_password(password, hashed) for hashed in recent):
            raise ValidationError(f"新密码不能与最近 {self._count()} 次使用过的密码相同。",
                                  code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        from zhenxing.core.models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = max(self._count(), 1)
        old = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
        PasswordHistory.objects.filter(pk__in=list(old)).delete()

    def get_help_text(self):
        return f"不能与最近 {self._count()} 次使用过的密码相同。"


def changed_at(user):
    """When the user's password was last set: its history, else when the account was made."""
    from zhenxing.core.models import PasswordHistory

    last = PasswordHistory.objects.filter(user=user).values_list("created_at", flat=True).first()
    return last or user.date_joined


def expired(user) -> bool:
    days = settings.ZHENXING_PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not user.has_usable_password():
        return False
    return timezone.now() - changed_at(user) > timedelta(days=days)


def record_initial(sender, instance, created, **kwargs):
    """create_user hashes the password without set_password, so Django does not call `password_changed`
    for a new account: its first password joins the history here."""
    if created and instance.has_usable_password():
        from zhenxing.core.models import PasswordHistory

        if not PasswordHistory.objects.filter(user=instance).exists():
            PasswordHistory.objects.create(user=instance, password=instance.password)
