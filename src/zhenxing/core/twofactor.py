"""TOTP second factor (RFC 6238) on pyotp, with one-time recovery codes.

pyotp does the arithmetic only; the secret (encrypted with the field key), replay protection and the
recovery codes (keyed hashes) are kept here, in tables of our own. Callers check permission and audit.
"""

import hmac
import secrets
import time

import pyotp
import segno
from django.db import transaction
from django.utils import timezone

from zhenxing.core import personal
from zhenxing.core.models import RecoveryCode, TwoFactorDevice

ISSUER = "振兴平台"
STEP = 30
# Steps either side of now that are accepted, for a phone whose clock is a little off.
DRIFT = 1
RECOVERY_CODES = 10
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper


def _totp(device: TwoFactorDevice) -> pyotp.TOTP:
    return pyotp.TOTP(personal.decrypt(device.secret), interval=STEP)


def confirmed_device(user) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def is_enrolled(user) -> bool:
    return confirmed_device(user) is not None


def pending_device(user) -> TwoFactorDevice:
    """The user's device being enrolled: the same secret on every visit until confirmed, so that reloading
    the enrolment page does not invalidate what the phone already scanned."""
    device = TwoFactorDevice.objects.filter(user=user).first()
    if device is None:
        device = TwoFactorDevice.objects.create(user=user, secret=personal.encrypt(pyotp.random_base32()))
    return device


def secret_of(device: TwoFactorDevice) -> str:
    return personal.decrypt(device.secret)


def provisioning_uri(device: TwoFactorDevice, username: str) -> str:
    return _totp(device).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG: drawn here, nothing fetched."""
    return segno.make(uri, error="m").svg_inline(scale=4, border=2, title="两步验证二维码")


def _matching_step(device: TwoFactorDevice, code: str, now: float) -> int | None:
    code = "".join(code.split())
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = _totp(device)
    current = int(now // STEP)
    for step in range(current - DRIFT, current + DRIFT + 1):
        if step > device.last_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


@transaction.atomic
def verify_totp(user, code: str, *, confirmed: bool = True) -> bool:
    """Whether `code` is the user's current TOTP code, not used before; accepting it uses it up."""
    qs = TwoFactorDevice.objects.select_for_update().filter(user=user)
    device = qs.filter(confirmed_at__isnull=not confirmed).first()
    if device is None:
        return False
    step = _matching_step(device, code, time.time())
    if step is None:
        return False
    device.last_step = step
    if not confirmed:
        device.confirmed_at = timezone.now()
    device.save(update_fields=["last_step", "confirmed_at"])
    return True


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _hash(code: str) -> str:
    return personal.lookup_hash(_normalise(code))


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes; the plain codes are returned once and never kept."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


@transaction.atomic
def use_recovery_code(user, code: str) -> bool:
    if len(_normalise(code)) != 10:
        return False
    found = (RecoveryCode.objects.select_for_update()
             .filter(user=user, code_hash=_hash(code), used_at__isnull=True).first())
    if found is None:
        return False
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    return True


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def verify(user, code: str) -> str | None:
    """'totp' or 'recovery' for an accepted code, None for a refused one."""
    if verify_totp(user, code):
        return "totp"
    if use_recovery_code(user, code):
        return "recovery"
    return None


@transaction.atomic
def remove(user) -> None:
    TwoFactorDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()


def code_for(device: TwoFactorDevice, at: float | None = None) -> str:
    """The code a phone would show (tests and the demo's printed secret use this)."""
    return _totp(device).at(at if at is not None else time.time())
