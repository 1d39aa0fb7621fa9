"""Append-only, hash-chained audit log.

Each event's hash covers its own fields and the previous event's hash, and `seq` runs without
gaps, so editing or deleting any row breaks `verify_chain` at that row.
"""

import contextvars
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhenxing.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64
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


def _digest(event: AuditEvent) -> str:
    body = {
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
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


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
        )
        event.hash = _digest(event)
        event.save()
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
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


def verify_chain(batch: int = 5000) -> ChainReport:
    """Walk the chain in order; name the first event whose content, link or position is wrong."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_pk = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last_pk).order_by("seq")[:batch])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return ChainReport(False, checked, expected_seq, f"第 {expected_seq} 号事件缺失（已被删除）")
            if event.prev_hash != prev_hash:
                return ChainReport(False, checked, event.seq, f"第 {event.seq} 号事件的前序哈希与链不符")
            if _digest(event) != event.hash:
                return ChainReport(False, checked, event.seq, f"第 {event.seq} 号事件的内容被改动")
            prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
            last_pk = event.seq
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_seq != checked:
        return ChainReport(
            False, checked, checked + 1, f"链尾应为第 {head.last_seq} 号事件，实际只到第 {checked} 号"
        )
    return ChainReport(True, checked)
