"""The data directory: embedded database, generated secrets, attachments.

Kept out of the working tree so that `zhenxing demo` never writes into a checkout.
"""

import hashlib
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path

from cryptography.fernet import Fernet


def data_dir() -> Path:
    default = Path.home() / ".local" / "share" / "zhenxing"
    path = Path(os.environ.get("ZHENXING_DATA_DIR") or default)
    path.mkdir(parents=True, exist_ok=True)
    return path


def kept_secret(env_name: str, filename: str, make) -> str:
    """Return the secret from the environment, or one generated once and kept in the data dir."""
    value = os.environ.get(env_name)
    if value:
        return value
    path = data_dir() / filename
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def secret_key() -> str:
    return kept_secret("ZHENXING_SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50))


def field_key() -> str:
    return kept_secret("ZHENXING_FIELD_KEY", "field_key", lambda: Fernet.generate_key().decode())


def audit_key() -> str:
    return kept_secret("ZHENXING_AUDIT_KEY", "audit_key", lambda: secrets.token_urlsafe(48))


# name -> environment variable; the file in the data dir has the key's name.
KEYS = {
    "secret_key": "ZHENXING_SECRET_KEY",
    "field_key": "ZHENXING_FIELD_KEY",
    "audit_key": "ZHENXING_AUDIT_KEY",
}
KEYS_BACKED_UP = "keys_backed_up.json"


def fingerprint(value: str) -> str:
    """Names a key without revealing it, so a backup can say which keys it needs."""
    return hashlib.sha256(b"zhenxing-key:" + value.encode()).hexdigest()[:16]


def current_keys() -> dict[str, str]:
    return {"secret_key": secret_key(), "field_key": field_key(), "audit_key": audit_key()}


def key_fingerprints() -> dict[str, str]:
    return {name: fingerprint(value) for name, value in current_keys().items()}


def missing_keys() -> list[str]:
    """Keys neither in the environment nor in the data dir (reading one would generate a new key)."""
    return [n for n, env in KEYS.items() if not os.environ.get(env) and not (data_dir() / n).exists()]


def export_keys(out: Path) -> None:
    """Write the keys to `out` (mode 600) and remember in the data dir which keys were backed up."""
    if out.exists():
        raise FileExistsError(f"文件“{out}”已存在，不覆盖")
    keys = current_keys()
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({"format": "zhenxing-keys", **keys}, f, indent=1)
    _remember_backed_up()


def _remember_backed_up() -> None:
    marker = {"time": datetime.now(UTC).isoformat(), "keys": key_fingerprints()}
    (data_dir() / KEYS_BACKED_UP).write_text(json.dumps(marker, ensure_ascii=False))


def keys_backed_up() -> bool:
    """True when the keys in use now are the ones last written by `export_keys`."""
    path = data_dir() / KEYS_BACKED_UP
    try:
        return json.loads(path.read_text()).get("keys") == key_fingerprints()
    except (OSError, ValueError):
        return False


def import_keys(path: Path, *, force: bool = False) -> list[str]:
    """Put the keys of a `export_keys` file into the data dir; a problem per key that cannot go in."""
    try:
        keys = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return [f"无法读取密钥文件“{path}”"]
    if not isinstance(keys, dict) or keys.get("format") != "zhenxing-keys":
        return [f"“{path}”不是 zhenxing backup-keys 导出的密钥文件"]
    problems, writes = [], {}
    for name, env in KEYS.items():
        value = keys.get(name)
        if not value:
            problems.append(f"密钥文件中没有 {name}")
            continue
        if os.environ.get(env):
            if os.environ[env] != value:
                problems.append(f"环境变量 {env} 与密钥文件中的 {name} 不同")
            continue
        target = data_dir() / name
        if target.exists() and target.read_text().strip() != value and not force:
            problems.append(f"数据目录中已有不同的 {name}（如确需替换请加 --force）")
            continue
        writes[target] = value
    if not problems:  # all keys or none, so a half-installed set never mixes with generated keys
        for target, value in writes.items():
            target.write_text(value)
            target.chmod(0o600)
        _remember_backed_up()  # they came from a key backup
    return problems
