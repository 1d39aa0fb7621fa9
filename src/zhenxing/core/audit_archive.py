"""Audit retention and archive: events older than the retention period (≥ 180 days, 等保三级) go to a JSON
lines file that verifies on its own, and only then leave the database.

The archive's last hash becomes an `archive` checkpoint; `verify_chain` starts the remaining chain from it.
"""

import hmac
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhenxing.core import audit, audit_checkpoints
from zhenxing.core.attachments import file_sha256
from zhenxing.core.models import AuditEvent, audit_deletable_upto

MIN_RETENTION_DAYS = 180
FORMAT = "zhenxing-audit-archive"
FIELDS = ("seq", "created_at", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr",
          "scope_path", "changes", "ip", "prev_hash", "hash", "scheme")


class ArchiveRefused(Exception):
    """Why nothing was archived or deleted, in Chinese."""


@dataclass
class ArchiveResult:
    path: Path
    first_seq: int
    last_seq: int
    count: int
    sha256: str
    checkpoint: audit_checkpoints.Checkpoint


@dataclass
class ArchiveCheck:
    ok: bool
    count: int = 0
    first_seq: int = 0
    last_seq: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def retention_days() -> int:
    days = int(settings.AUDIT_RETENTION_DAYS)
    if days < MIN_RETENTION_DAYS:
        raise ArchiveRefused(f"审计日志保留期设置为 {days} 天，不得少于 {MIN_RETENTION_DAYS} 天"
                             f"（环境变量 ZHENXING_AUDIT_RETENTION_DAYS）")
    return days


def latest_archivable_date() -> date:
    """`before` may be at most this day: everything earlier is past the retention period."""
    return timezone.localdate() - timedelta(days=retention_days())


def _line(event: AuditEvent) -> str:
    row = {name: getattr(event, name) for name in FIELDS}
    row["created_at"] = event.created_at.isoformat()
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def archive(*, before: date, out: Path) -> ArchiveResult:
    """Export the events created before `before` (local date) to `out`, check the file, anchor it in the
    checkpoint file, then delete those events. Refuses in-retention dates, a broken chain, an existing
    file."""
    out = Path(out)
    limit = latest_archivable_date()
    if before > limit:
        raise ArchiveRefused(f"只能归档超过保留期（{retention_days()} 天）的事件：截止日期最晚为 "
                             f"{limit:%Y-%m-%d}，指定的是 {before:%Y-%m-%d}")
    if out.exists():
        raise ArchiveRefused(f"归档文件“{out.name}”已存在，不覆盖")
    report = audit.verify_chain(checkpoint=False)
    if not report.ok:
        raise ArchiveRefused(f"审计链校验未通过，不能归档：{report.reason}")
    cut = datetime.combine(before, time.min, tzinfo=timezone.get_current_timezone())
    kept = AuditEvent.objects.filter(created_at__gte=cut).order_by("seq")
    first_kept = kept.values_list("seq", flat=True).first()
    events = AuditEvent.objects.order_by("seq")
    if first_kept is not None:  # the archive is a prefix of the chain, even if a clock once went backwards
        events = events.filter(seq__lt=first_kept)
    first = events.first()
    if first is None:
        raise ArchiveRefused(f"没有 {before:%Y-%m-%d} 之前的审计事件可归档")
    tmp = out.with_name(out.name + ".part")
    count, last = 0, None
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(json.dumps({"format": FORMAT, "version": 1, "before": before.isoformat(),
                            "created_at": timezone.now().isoformat()}) + "\n")
        for event in events.iterator(chunk_size=2000):
            f.write(_line(event) + "\n")
            count, last = count + 1, event
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, out)
    check = verify_archive(out)
    if not check.ok or check.count != count:
        out.unlink()
        raise ArchiveRefused("归档文件写入后校验未通过，未删除任何事件：" + "；".join(check.problems))
    sha = file_sha256(out)
    cp = audit_checkpoints.append(seq=last.seq, hash=last.hash, count=count, kind="archive", file=out.name,
                                  sha256=sha, first_seq=first.seq)
    token = audit_deletable_upto.set(last.seq)
    try:
        with transaction.atomic():
            AuditEvent.objects.filter(seq__lte=last.seq).delete()
    finally:
        audit_deletable_upto.reset(token)
    return ArchiveResult(out, first.seq, last.seq, count, sha, cp)


def verify_archive(path: Path) -> ArchiveCheck:
    """Check an archive file by itself (links, hashes with the audit key) and against its checkpoint."""
    path = Path(path)
    check = ArchiveCheck(ok=False)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        header = json.loads(lines[0]) if lines else {}
    except (OSError, ValueError, UnicodeDecodeError):
        check.problems.append(f"无法读取归档文件“{path.name}”")
        return check
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        check.problems.append(f"“{path.name}”不是审计归档文件")
        return check
    prev, seen_keyed = None, False
    for number, text in enumerate(lines[1:], start=2):
        try:
            row = json.loads(text)
            event = AuditEvent(**{k: row[k] for k in FIELDS if k != "created_at"},
                               created_at=datetime.fromisoformat(row["created_at"]))
        except (ValueError, KeyError, TypeError):
            check.problems.append(f"归档文件第 {number} 行无法读取（已被改动）")
            break
        if prev is None and event.seq == 1 and event.prev_hash != audit.GENESIS:
            check.problems.append(f"归档文件第 {number} 行（第 1 号事件）的前序哈希不是链的起点："
                                  f"该事件被改动")
            break
        if prev is not None and (event.seq != prev.seq + 1 or event.prev_hash != prev.hash):
            check.problems.append(f"归档文件第 {number} 行（第 {event.seq} 号事件）与上一条事件接不上："
                                  f"有事件被删除或改写")
            break
        digest = audit._digest(event)
        if digest is None or not hmac.compare_digest(digest, event.hash) or \
                (seen_keyed and event.scheme == audit.LEGACY_SCHEME):
            check.problems.append(f"归档文件第 {number} 行（第 {event.seq} 号事件）的内容被改动")
            break
        seen_keyed = seen_keyed or event.scheme == audit.KEYED_SCHEME
        check.first_seq = check.first_seq or event.seq
        check.last_seq, check.count, prev = event.seq, check.count + 1, event
    if not check.count and not check.problems:
        check.problems.append(f"归档文件“{path.name}”中没有事件")
    if prev is not None and not check.problems:
        _against_checkpoint(path, prev, check)
    check.ok = not check.problems
    return check


def _against_checkpoint(path: Path, last: AuditEvent, check: ArchiveCheck):
    points, _ = audit_checkpoints.read()
    mine = [cp for cp in points if cp.kind == "archive" and cp.seq == last.seq]
    if not mine:
        check.notes.append("检查点文件中没有这份归档的记录（归档尚未完成，或不是本数据目录的归档）")
        return
    cp = mine[-1]
    if cp.hash != last.hash or cp.extra.get("sha256") != file_sha256(path):
        check.problems.append(f"归档文件与检查点文件第 {cp.line} 行记录的归档"
                              f"（第 {cp.extra.get('first_seq')} 至 {cp.seq} 号事件）不符：归档文件被改动")
    else:
        check.notes.append(f"与检查点文件第 {cp.line} 行记录的归档一致")
