"""Append-only, hash-chained audit log.

Each event's hash covers its own fields and the previous event's hash, and `seq` runs without
gaps, so editing or deleting any row breaks `verify_chain` (core.audit_verify) at that row. The hash is
keyed (HMAC with the audit key, outside the database) and the chain's position is signed into a
checkpoint file every AUDIT_CHECKPOINT_EVERY events, so re-hashing or cutting off the tail shows too.
"""

import contextvars
import functools
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhenxing.core import audit_checkpoints
from zhenxing.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64
LEGACY_SCHEME = 1  # plain SHA-256: anyone who can write the database can recompute it
KEYED_SCHEME = 2  # HMAC-SHA256 with settings.AUDIT_KEY, kept outside the database
logger = logging.getLogger(__name__)
# Set per request by core.middleware so services need not pass the IP around.
current_ip: contextvars.ContextVar[str] = contextvars.ContextVar("current_ip", default="")


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _body(event: AuditEvent) -> dict:
    return {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "scope_path": event.scope_path,
        "changes": event.changes,
        "ip": event.ip,
        "prev_hash": event.prev_hash,
    }


def _canonical(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _digest(event: AuditEvent, key: str | None = None) -> str | None:
    """The event's hash under its own scheme; None for a scheme this code does not know."""
    if event.scheme == LEGACY_SCHEME:
        return hashlib.sha256(_canonical(_body(event))).hexdigest()
    if event.scheme == KEYED_SCHEME:
        body = {**_body(event), "scheme": KEYED_SCHEME}
        return hmac.new((key or settings.AUDIT_KEY).encode(), _canonical(body), hashlib.sha256).hexdigest()
    return None


def _periodic_checkpoint(seq: int, digest: str):
    try:
        # The events present then: seq has no gaps, so no COUNT(*) over a table of millions is needed.
        first = AuditEvent.objects.order_by("seq").values_list("seq", flat=True).first() or seq
        audit_checkpoints.append(seq=seq, hash=digest, count=seq - first + 1, kind="periodic")
    except OSError:  # the write is committed; the next checkpoint or `audit verify` covers this one
        logger.exception("audit checkpoint at seq %s not written", seq)


def record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    scope_path: str = "",
    changes: dict | None = None,
    actor_name: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Append one event. Call inside the service's transaction so the event and the write land together."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
        scope_path = scope_path or getattr(obj, "path", "") or getattr(obj, "scope_path", "")
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            created_at=timezone.now(),
            actor=user,
            actor_name=actor_name or (user.get_username() if user else ""),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:200],
            scope_path=scope_path,
            changes=_plain(changes or {}),
            ip=current_ip.get() if ip is None else ip,
            prev_hash=head.last_hash,
            scheme=KEYED_SCHEME,
        )
        event.hash = _digest(event)
        event.save()
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
        every = settings.AUDIT_CHECKPOINT_EVERY
        if every > 0 and event.seq % every == 0:
            # After commit only: a checkpoint of a rolled-back event would read as a truncated chain.
            transaction.on_commit(functools.partial(_periodic_checkpoint, event.seq, event.hash))
    return event


def diff(before: dict, after: dict) -> dict:
    """Changed fields as {field: [before, after]}."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}



@dataclass
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    problems: list[str] = field(default_factory=list)
    first_seq: int = 1  # events below it were archived (or are missing)
    last_seq: int = 0
    checkpoint: audit_checkpoints.Checkpoint | None = None  # written by this verification


class _Walk:
    """The state of one verification: what the checkpoint file vouches for, and what was found."""

    def __init__(self):
        self.points, self.file_problems = audit_checkpoints.read()
        self.problems: list[str] = []
        self.at_seq: dict[int, list] = {}
        for cp in self.points:
            self.at_seq.setdefault(cp.seq, []).append(cp)
        switches = [cp.seq for cp in self.points if cp.kind == "switch"]
        self.legacy_until = max(switches) if switches else 0
        self.broken_seq: int | None = None

    def fail(self, seq: int, reason: str):
        if self.broken_seq is None:
            self.broken_seq = seq
        self.problems.append(reason)

    def check(self, event: AuditEvent, prev_hash: str, expected_seq: int) -> bool:
        seq = event.seq
        if seq != expected_seq:
            self.fail(expected_seq, f"第 {expected_seq} 号事件缺失（已被删除）")
        elif event.prev_hash != prev_hash:
            self.fail(seq, f"第 {seq} 号事件的前序哈希与链不符（其前的事件被删除、插入或改写）")
        elif event.scheme == LEGACY_SCHEME and seq > self.legacy_until:
            where = (f"启用密钥链时（第 {self.legacy_until} 号）之后" if self.legacy_until
                     else "检查点文件没有启用密钥链的记录")
            self.fail(seq, f"第 {seq} 号事件使用无密钥的旧式哈希，但{where}：该事件是伪造或改写的")
        elif _digest(event) is None:
            self.fail(seq, f"第 {seq} 号事件的哈希方式（{event.scheme}）未知：该事件被改动")
        elif not hmac.compare_digest(_digest(event), event.hash):
            self.fail(seq, f"第 {seq} 号事件的内容被改动（或其哈希不是用本系统的审计密钥计算的）")
        else:
            for cp in self.at_seq.get(seq, []):
                if cp.hash != event.hash:
                    self.fail(seq, f"第 {seq} 号事件与 {_local(cp.time)} 的检查点（文件第 {cp.line} 行）"
                                   "不符：该事件或它之前的事件被改写后重新计算了哈希")
                    return False
            return True
        return False


def _local(iso: str) -> str:
    try:
        return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def verify_chain(batch: int = 5000, *, checkpoint: bool = True, kind: str = "verify") -> ChainReport:
    """Walk the chain in order and hold it against the signed checkpoints; name every place it is wrong.

    A successful verification appends a checkpoint (unless `checkpoint=False`), so the next one starts
    from a newer anchor."""
    walk = _Walk()
    first = AuditEvent.objects.order_by("seq").values_list("seq", flat=True).first()
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    anchors = {cp.seq: cp for cp in walk.points if cp.kind == "archive"}
    prev_hash, expected_seq, checked, start = GENESIS, 1, 0, 1
    if first is not None and first > 1:
        start = first
        if first - 1 in anchors:
            prev_hash, expected_seq = anchors[first - 1].hash, first
        else:
            walk.fail(1, f"第 1 至 {first - 1} 号事件缺失（已被删除，且没有归档记录）")
    elif first is None and anchors:
        expected_seq = start = max(anchors) + 1
    last_ok = expected_seq - 1
    if walk.broken_seq is None:
        after = expected_seq - 1
        while walk.broken_seq is None:
            rows = list(AuditEvent.objects.filter(seq__gt=after).order_by("seq")[:batch])
            if not rows:
                break
            for event in rows:
                if not walk.check(event, prev_hash, expected_seq):
                    break
                prev_hash, expected_seq, last_ok = event.hash, expected_seq + 1, event.seq
                checked += 1
            after = rows[-1].seq
    newest = max(walk.points, key=lambda cp: cp.seq, default=None)
    if newest and newest.seq > last:
        walk.problems.append(
            f"审计链被截断：{_local(newest.time)} 的检查点（检查点文件第 {newest.line} 行）"
            f"记录到第 {newest.seq} 号事件，数据库中只到第 {last} 号" if last else
            f"审计链被截断：检查点记录到第 {newest.seq} 号事件，数据库中已没有事件")
        walk.broken_seq = walk.broken_seq or last + 1
    head = AuditHead.objects.filter(pk=1).first()
    if walk.broken_seq is None and head and head.last_seq != last_ok:
        walk.fail(last_ok + 1, f"链尾应为第 {head.last_seq} 号事件，实际只到第 {last_ok} 号")
    problems = walk.problems + walk.file_problems
    report = ChainReport(not problems, checked, walk.broken_seq, problems[0] if problems else "", problems,
                         start, last)
    if report.ok and checkpoint and checked:
        report.checkpoint = audit_checkpoints.append(seq=last_ok, hash=prev_hash, count=checked, kind=kind)
    return report
