"""Backup and restore of the whole installation except its keys.

A backup is a directory: the database snapshot (core.dbsnapshot), the attachments, the audit checkpoint
file and `manifest.json` (time, version, database, every table's row count, every file's SHA-256, the
fingerprints of the keys it needs), signed with the audit key. The keys themselves are never inside: they
are backed up separately (`zhenxing backup-keys`), so a stolen backup alone opens no personal field.
"""

import hashlib
import hmac
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from zhenxing.core import audit, dbsnapshot
from zhenxing.core.attachments import file_sha256

MANIFEST = "manifest.json"
FORMAT = "zhenxing-backup"
CHECKPOINTS = "audit_checkpoints.jsonl"
ATTACHMENTS = "attachments"
# A restore with a different key cannot verify the audit chain or read personal fields; secret_key only
# signs sessions, so a new one merely logs everybody out.
NEEDED_KEYS = {"field_key": "个人信息加密密钥", "audit_key": "审计密钥"}


@dataclass
class RestoreReport:
    ok: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    chain: audit.ChainReport | None = None


def _sign(manifest: dict) -> str:
    body = {k: v for k, v in manifest.items() if k != "signature"}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(settings.AUDIT_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): file_sha256(p) for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != MANIFEST}


def create(out_root: Path, *, keys: dict[str, str], version: str) -> tuple[Path, dict]:
    """Write a backup directory under `out_root`; `keys` are the fingerprints of the keys in use."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(out_root) / f"zhenxing-backup-{stamp}"
    n = 1
    while target.exists():
        n += 1
        target = Path(out_root) / f"zhenxing-backup-{stamp}-{n}"
    target.mkdir(parents=True)
    # The checkpoints first: then each one names an event that the later database snapshot holds.
    checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE)
    if checkpoints.exists():
        shutil.copy2(checkpoints, target / CHECKPOINTS)
    database, rows = dbsnapshot.dump(target)
    # Attachments are stored by content hash and never change, so copying after the snapshot gives every
    # file the snapshot refers to.
    attachments = Path(settings.ATTACHMENT_DIR)
    if attachments.exists():
        # Thumbnails are made again from the blobs when next shown: not worth a backup's space.
        shutil.copytree(attachments, target / ATTACHMENTS, ignore=shutil.ignore_patterns("tmp", "thumbs"))
    manifest = {
        "format": FORMAT, "manifest_version": 1, "created_at": timezone.now().isoformat(),
        "zhenxing_version": version, "database_vendor": dbsnapshot.vendor(), "database_file": database,
        "tables": rows, "files": _files(target), "keys": keys,
    }
    manifest["signature"] = _sign(manifest)
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return target, manifest


def check(source: Path, *, keys: dict[str, str]) -> tuple[dict, list[str], list[str]]:
    """Read and check a backup before anything is written: manifest, signature, keys, every file's hash."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}, [f"“{source.name}”中没有可读的 {MANIFEST}：不是 zhenxing backup 生成的备份"], []
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return {}, [f"“{source.name}”的 {MANIFEST} 不是 zhenxing 备份清单"], []
    problems, notes = [], []
    wanted = manifest.get("keys", {})
    for name, label in NEEDED_KEYS.items():
        if wanted.get(name) != keys.get(name):
            problems.append(f"当前的{label}（{name}）与备份时不同：请用 --keys 指定 zhenxing backup-keys "
                            f"导出的密钥文件，或设置相应的环境变量")
    if wanted.get("secret_key") != keys.get("secret_key"):
        notes.append("会话密钥（secret_key）与备份时不同：恢复后所有用户需要重新登录")
    if not problems and not hmac.compare_digest(_sign(manifest), str(manifest.get("signature", ""))):
        problems.append(f"{MANIFEST} 的签名不符：清单被改动")
    if manifest.get("database_vendor") != dbsnapshot.vendor():
        have = dbsnapshot.VENDORS.get(manifest.get("database_vendor"), str(manifest.get("database_vendor")))
        problems.append(f"备份来自 {have} 数据库，当前配置的是 {dbsnapshot.VENDORS[dbsnapshot.vendor()]}"
                        f"（DATABASE_URL）")
    listed = manifest.get("files", {})
    for rel, digest in sorted(listed.items()):
        path = source / rel
        if not path.is_file():
            problems.append(f"备份中缺少文件 {rel}")
        elif file_sha256(path) != digest:
            problems.append(f"备份文件 {rel} 的 SHA-256 与清单不符：文件被改动或损坏")
    extra = sorted(set(_files(source)) - set(listed))
    if extra:
        notes.append(f"备份目录中有 {len(extra)} 个清单以外的文件，不恢复：{'、'.join(extra[:5])}")
    return manifest, problems, notes


def target_in_use() -> list[str]:
    """What already holds data where a restore would write (empty list: the target is empty)."""
    tables = dbsnapshot.tables_with_data()
    found = [f"数据库中已有数据（{len(tables)} 张表，如 {'、'.join(tables[:3])}）"] if tables else []
    attachments = Path(settings.ATTACHMENT_DIR)
    if attachments.exists() and any(p.is_file() for p in attachments.rglob("*")
                                    if "tmp" not in p.parts and "thumbs" not in p.parts):
        found.append("数据目录中已有附件")
    checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE)
    if checkpoints.exists() and checkpoints.stat().st_size:
        found.append("数据目录中已有审计检查点文件")
    return found


def restore(source: Path, *, keys: dict[str, str], force: bool = False) -> RestoreReport:
    """Check the backup, restore it into an empty database and data dir, then compare every table's row
    count with the manifest and verify the audit chain."""
    source = Path(source)
    report = RestoreReport()
    manifest, report.problems, report.notes = check(source, keys=keys)
    if report.problems:
        return report
    in_use = target_in_use()
    if in_use and not force:
        report.problems.append("恢复目标不是空的：" + "；".join(in_use) + "。请恢复到空的数据目录和空数据库，"
                               "或加 --force 覆盖")
        return report
    try:
        dbsnapshot.load(source / manifest["database_file"], replace=True)
    except dbsnapshot.SnapshotError as exc:
        report.problems.append(str(exc))
        return report
    if (source / ATTACHMENTS).exists():
        shutil.copytree(source / ATTACHMENTS, settings.ATTACHMENT_DIR, dirs_exist_ok=True)
    checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE)
    if (source / CHECKPOINTS).exists():
        checkpoints.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / CHECKPOINTS, checkpoints)
    elif checkpoints.exists():
        checkpoints.unlink()  # a checkpoint of another chain would read as tampering
    now = dbsnapshot.counts()
    for table, rows in sorted(manifest["tables"].items()):
        if now.get(table) != rows:
            got = "表不存在" if table not in now else f"{now[table]} 行"
            report.problems.append(f"表 {table}：备份时 {rows} 行，恢复后 {got}")
    report.tables, report.rows = len(now), sum(now.values())
    report.chain = audit.verify_chain()
    if not report.chain.ok:
        report.problems += [f"审计链校验未通过：{p}" for p in report.chain.problems]
    report.ok = not report.problems
    return report
