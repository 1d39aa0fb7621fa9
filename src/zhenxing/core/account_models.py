"""Sign-in tables (等保 2.0 level 3): second factors, recovery codes, password history, sessions and
login history.

Domain-free like the rest of core: they hang off the user only. `core.models` imports them so that
Django finds them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TwoFactorDevice(models.Model):
    """A user's TOTP authenticator. The secret is encrypted with the field key (core.personal), so a copy of
    the database alone does not let anyone produce codes."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.TextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The highest 30-second step already accepted: a code is never accepted twice (replay).
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"2FA {self.user_id}"


class RecoveryCode(models.Model):
    """One-time codes for a lost phone; only a keyed hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"recovery {self.user_id}"


class PasswordHistory(models.Model):
    """Each password a user has had (its hash), newest last: for the age and no-reuse rules."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"password {self.user_id} {self.created_at:%Y-%m-%d}"


class UserSession(models.Model):
    """A signed-in session, so that a limit can end the oldest and the ended browser can be told why."""

    ENDED = [
        ("logout", "退出"),
        ("superseded", "在其他地方登录"),
        ("idle", "长时间未操作"),
        ("security", "被安全管理员结束"),
    ]
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    ip = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=16, choices=ENDED, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"session {self.user_id}"


class LoginEvent(models.Model):
    """One sign-in attempt as its user sees it on 登录记录 (the audit log has them too, for the auditor)."""

    RESULTS = [
        ("success", "成功"),
        ("bad_password", "密码错误"),
        ("bad_code", "验证码错误"),
        ("locked", "账号已锁定"),
    ]
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    result = models.CharField(max_length=16, choices=RESULTS)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.username} {self.result}"
