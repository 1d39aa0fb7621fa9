"""Signed checkpoints of the audit chain, kept in an append-only file outside the database.

Each line records where the chain stood (`seq`, `hash`, `count`) and is signed with the audit key; each
line also carries the previous line's signature, so a line cut out of the middle or edited shows. Someone
who can write the database but not the data dir can neither move these anchors nor forge new ones; the
short digest of the latest line, written down on paper, catches a file cut back at its end.
"""

import fcntl
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

KINDS = {"periodic": "定期", "verify": "校验", "manual": "手动", "switch": "启用密钥链", "archive": "归档"}


@dataclass
class Checkpoint:
    line: int
    seq: int
    hash: str
    count: int
    time: str
    kind: str
    sig: str
    extra: dict = field(default_factory=dict)

    @property
    def digest(self) -> str:
        return short_digest(self.sig)


def path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def sign(body: dict, key: str | None = None) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new((key or settings.AUDIT_KEY).encode(), text.encode(), hashlib.sha256).hexdigest()


def short_digest(sig: str) -> str:
    """80 bits of the signature in groups an officer can copy by hand: `3F2A-91C0-…`."""
    text = sig[:20].upper()
    return "-".join(text[i:i + 4] for i in range(0, 20, 4))


def append(*, seq: int, hash: str, count: int, kind: str, **extra) -> Checkpoint:
    """Add a signed line; the file lock keeps concurrent writers' lines whole and their `prev` links right."""
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "rb+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        prev = _last_sig(f)
        body = {"seq": seq, "hash": hash, "count": count, "time": timezone.now().isoformat(),
                "kind": kind, "prev": prev, **extra}
        body["sig"] = sign(body)
        f.write((json.dumps(body, ensure_ascii=False, sort_keys=True) + "\n").encode())
        f.flush()
        os.fsync(f.fileno())
    return _checkpoint(0, body)  # its line number is not counted: the file grows for years


def _last_sig(f) -> str:
    """The last line's signature, read from the file's end (the file grows for years)."""
    size = f.seek(0, os.SEEK_END)
    f.seek(max(0, size - 16384))
    lines = [ln for ln in f.read().splitlines() if ln.strip()]
    try:
        return json.loads(lines[-1]).get("sig", "") if lines else ""
    except ValueError:
        return ""


def _checkpoint(line: int, body: dict) -> Checkpoint:
    known = {"seq", "hash", "count", "time", "kind", "sig", "prev"}
    return Checkpoint(line, int(body["seq"]), body["hash"], int(body.get("count", 0)), body.get("time", ""),
                      body.get("kind", ""), body["sig"], {k: v for k, v in body.items() if k not in known})


def read(source: Path | None = None) -> tuple[list[Checkpoint], list[str]]:
    """Every line whose signature and link hold, and a Chinese problem for each one that does not."""
    source = source or path()
    if not source.exists():
        return [], []
    found, problems, prev = [], [], ""
    for number, text in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            body = json.loads(text)
            sig = body.pop("sig")
            int(body["seq"])
            body["hash"]
        except (ValueError, KeyError, TypeError, AttributeError):
            problems.append(f"检查点文件第 {number} 行无法读取（已被改动）")
            continue
        if not hmac.compare_digest(sign(body), str(sig)):
            problems.append(f"检查点文件第 {number} 行（第 {body['seq']} 号事件）签名不符：该行被改动或伪造")
            prev = sig
            continue
        if body.get("prev", "") != prev:
            problems.append(f"检查点文件第 {number} 行之前的检查点被删除或改动")
        prev = sig
        found.append(_checkpoint(number, {**body, "sig": sig}))
    return found, problems


def latest() -> Checkpoint | None:
    found, _ = read()
    return found[-1] if found else None


def find(digest: str) -> Checkpoint | None:
    """The checkpoint whose short digest an officer wrote down (dashes and case do not matter)."""
    wanted = digest.replace("-", "").replace(" ", "").upper()
    found, _ = read()
    return next((c for c in found if c.digest.replace("-", "") == wanted), None)
