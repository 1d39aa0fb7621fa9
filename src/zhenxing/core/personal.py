"""Personal fields (个人信息保护法): encrypted at rest, looked up by keyed hash, shown masked."""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


@lru_cache(maxsize=4)
def _hash_key(key: str) -> bytes:
    # A separate key for lookups, derived so that one configured secret serves both purposes.
    return hashlib.sha256(b"zhenxing-lookup:" + key.encode()).digest()


def encrypt(value: str) -> str:
    return _fernet(settings.FIELD_KEY).encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    return _fernet(settings.FIELD_KEY).decrypt(token.encode()).decode() if token else ""


def lookup_hash(value: str) -> str:
    if not value:
        return ""
    normalized = value.strip().upper()
    return hmac.new(_hash_key(settings.FIELD_KEY), normalized.encode(), hashlib.sha256).hexdigest()


def mask(value: str, keep_start: int = 4, keep_end: int = 4) -> str:
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_phone(value: str) -> str:
    return mask(value, 3, 4)
