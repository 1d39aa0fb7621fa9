"""Personal fields (个人信息保护法): encrypted at rest, looked up by keyed hash, shown masked."""

import hashlib
import hmac
from dataclasses import dataclass
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


# One declaration per model says which of its values are personal, so that storing, masking, revealing and
# the test that looks for undeclared phone or ID columns all read the same list.
ID_NUMBER = "id_number"
PHONE = "phone"
_MASKERS = {ID_NUMBER: mask, PHONE: mask_phone}


@dataclass(frozen=True)
class Personal:
    """A personal value kept as `<name>_enc` (encrypted), `<name>_masked` and, if looked up, `<name>_hash`."""

    name: str
    kind: str
    lookup: bool = False
    masked_column: str = ""

    @property
    def columns(self) -> dict[str, str]:
        columns = {"enc": f"{self.name}_enc", "masked": self.masked_column or f"{self.name}_masked"}
        if self.lookup:
            columns["hash"] = f"{self.name}_hash"
        return columns


_DECLARED: dict[type, tuple[Personal, ...]] = {}


class Declared:
    """`personal_fields = personal.Declared(Personal("phone", PHONE))` in a model's body registers it."""

    def __init__(self, *fields: Personal):
        self.fields = fields

    def __set_name__(self, owner, attr):
        _DECLARED[owner] = self.fields


def declared(model) -> tuple[Personal, ...]:
    return _DECLARED.get(model, ())


def declared_columns(model) -> set[str]:
    return {column for field in declared(model) for column in field.columns.values()}


def _field(obj, name: str) -> Personal:
    for field in declared(type(obj)):
        if field.name == name:
            return field
    raise LookupError(f"{type(obj).__name__}.{name} is not declared personal")


def store(obj, name: str, value: str) -> None:
    """Set a declared personal value on `obj` (not saved): encrypted, masked and, if declared, hashed."""
    field = _field(obj, name)
    value = (value or "").strip()
    columns = field.columns
    setattr(obj, columns["enc"], encrypt(value))
    setattr(obj, columns["masked"], _MASKERS[field.kind](value))
    if field.lookup:
        setattr(obj, columns["hash"], lookup_hash(value))


def reveal(obj, name: str) -> str:
    """The plain value; callers audit the reveal (the service that calls this knows who and why)."""
    return decrypt(getattr(obj, _field(obj, name).columns["enc"]))
