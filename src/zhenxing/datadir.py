"""The data directory: embedded database, generated secrets, attachments.

Kept out of the working tree so that `zhenxing demo` never writes into a checkout.
"""

import os
import secrets
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
