"""Subcommands of `zhenxing` for the audit trail and for backup and restore; `cli.main` adds them."""

import sys
from datetime import date
from pathlib import Path

from zhenxing import datadir


def _fail(lines: list[str], head: str) -> None:
    print(head, file=sys.stderr)
    for line in lines:
        print(f"  - {line}", file=sys.stderr)
    sys.exit(1)


def audit_verify(args):
    from zhenxing.core import audit, audit_archive

    if args.archive:
        check = audit_archive.verify_archive(Path(args.archive))
        for note in check.notes:
            print(note)
        if not check.ok:
            _fail(check.problems, f"归档文件“{Path(args.archive).name}”校验未通过：")
        print(f"归档文件完整：第 {check.first_seq} 至 {check.last_seq} 号事件，共 {check.count} 条。")
        return
    report = audit.verify_chain()
    if not report.ok:
        _fail(report.problems, f"审计链已被破坏：{report.reason}（此前 {report.checked} 条完好）。全部问题：")
    where = f"第 {report.first_seq} 至 {report.last_seq} 号" if report.checked else "无事件"
    print(f"审计链完整：共 {report.checked} 条事件（{where}）。")
    if report.checkpoint:
        print(f"已写入检查点：第 {report.checkpoint.seq} 号事件，摘要 {report.checkpoint.digest}")


def audit_checkpoint(args):
    from zhenxing.core import audit

    report = audit.verify_chain(kind="manual")
    if not report.ok:
        _fail(report.problems, "审计链校验未通过，未写入检查点：")
    if report.checkpoint is None:
        sys.exit("审计日志中还没有事件，无需检查点。")
    cp = report.checkpoint
    print(f"已写入检查点：第 {cp.seq} 号事件，摘要 {cp.digest}")


def audit_digest(args):
    from zhenxing.core import audit_checkpoints

    if args.check:
        cp = audit_checkpoints.find(args.check)
        if cp is None:
            sys.exit(f"检查点文件中没有摘要为 {args.check} 的检查点：检查点文件可能被截断或替换。")
        print(f"摘要 {cp.digest} 对应第 {cp.seq} 号事件（{cp.time[:19]}，检查点文件第 {cp.line} 行），"
              "签名有效。")
        return
    cp = audit_checkpoints.latest()
    if cp is None:
        sys.exit("还没有检查点：请先运行 zhenxing audit verify 或 zhenxing audit checkpoint。")
    print(f"最新检查点：第 {cp.seq} 号事件，{cp.time[:19]}（UTC），共 {cp.count} 条")
    print(f"摘要：{cp.digest}")
    print("请将摘要抄写在纸上并签字留存；日后用 zhenxing audit digest --check 摘要 核对。")


def audit_archive(args):
    from zhenxing.core import audit_archive as archive

    try:
        before = date.fromisoformat(args.before)
    except ValueError:
        sys.exit(f"日期“{args.before}”格式不对，应为 YYYY-MM-DD，如 2024-01-01")
    try:
        result = archive.archive(before=before, out=Path(args.out))
    except archive.ArchiveRefused as exc:
        sys.exit(f"未归档，也未删除任何事件：{exc}")
    print(f"已归档第 {result.first_seq} 至 {result.last_seq} 号事件共 {result.count} 条到“{result.path}”，"
          f"并从数据库删除。")
    print(f"归档文件 SHA-256：{result.sha256}；检查点摘要：{result.checkpoint.digest}")


def backup(args):
    from django.conf import settings

    from zhenxing.core import backup as core_backup
    from zhenxing.core.dbsnapshot import SnapshotError

    out = Path(args.out) if args.out else Path(settings.DATA_DIR) / "backups"
    try:
        target, manifest = core_backup.create(out, keys=datadir.key_fingerprints(), version=_version())
    except SnapshotError as exc:
        sys.exit(f"备份失败：{exc}")
    rows = sum(manifest["tables"].values())
    print(f"备份完成：{target}")
    print(f"  数据库 {manifest['database_vendor']}，{len(manifest['tables'])} 张表 {rows} 行；"
          f"{len(manifest['files'])} 个文件及清单 manifest.json")
    if not datadir.keys_backed_up():
        print("警告：备份中不含密钥（secret_key、field_key、audit_key），而当前密钥从未备份过。密钥丢失则无法解密个人信息、"
              "无法校验审计链。请运行 zhenxing backup-keys --out 文件，并将该文件与备份分开、离线保存。",
              file=sys.stderr)


def backup_keys(args):
    try:
        datadir.export_keys(Path(args.out))
    except (FileExistsError, OSError) as exc:
        sys.exit(f"未写出密钥：{exc if isinstance(exc, FileExistsError) else '无法写入该文件'}")
    print(f"已将密钥写入“{args.out}”（权限 600）。请离线保存，与数据备份分开存放；"
          f"恢复时用 zhenxing restore 备份目录 --keys {args.out}")


def restore(args, setup):
    if args.keys:
        problems = datadir.import_keys(Path(args.keys), force=args.force)
        if problems:
            _fail(problems, "密钥未导入，未恢复任何数据：")
    elif datadir.missing_keys():
        sys.exit("数据目录中没有密钥（" + "、".join(datadir.missing_keys()) + "）：请用 --keys 指定 "
                 "zhenxing backup-keys 导出的密钥文件，或设置相应的环境变量。未恢复任何数据。")
    setup()
    from zhenxing.core import backup as core_backup

    report = core_backup.restore(Path(args.dir), keys=datadir.key_fingerprints(), force=args.force)
    for note in report.notes:
        print(f"提示：{note}")
    if not report.ok:
        _fail(report.problems, "恢复未通过：")
    print(f"恢复完成：{report.tables} 张表 {report.rows} 行，与备份清单逐表一致；"
          f"审计链完整（{report.chain.checked} 条事件）。")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("zhenxing")
    except PackageNotFoundError:
        return "unknown"


def add_parsers(sub, setup) -> None:
    """Add `audit`, `backup`, `backup-keys` and `restore` to the `zhenxing` parser."""
    def run(func):
        return lambda args: (setup(), func(args))

    audit = sub.add_parser("audit", help="审计日志：校验、检查点、摘要、归档")
    actions = audit.add_subparsers(dest="action", required=True)
    p = actions.add_parser("verify", help="校验哈希链与检查点；通过时写入检查点")
    p.add_argument("--archive", help="改为校验一个归档文件")
    p.set_defaults(func=run(audit_verify))
    actions.add_parser("checkpoint", help="校验后写入一个签名检查点").set_defaults(func=run(audit_checkpoint))
    p = actions.add_parser("digest", help="打印最新检查点的摘要（抄写留存）")
    p.add_argument("--check", help="核对抄写的摘要")
    p.set_defaults(func=run(audit_digest))
    p = actions.add_parser("archive", help="导出并删除超过保留期的事件")
    p.add_argument("--before", required=True, help="归档此日期（YYYY-MM-DD）之前的事件")
    p.add_argument("--out", required=True, help="归档文件（JSON lines）")
    p.set_defaults(func=run(audit_archive))
    p = sub.add_parser("backup", help="备份数据库、附件、审计检查点（不含密钥）")
    p.add_argument("--out", help="备份存放目录，缺省为数据目录下的 backups")
    p.set_defaults(func=run(backup))
    p = sub.add_parser("backup-keys", help="导出密钥到文件（离线保存）")
    p.add_argument("--out", required=True)
    p.set_defaults(func=backup_keys)
    p = sub.add_parser("restore", help="从备份恢复到空的数据目录和数据库")
    p.add_argument("dir", help="zhenxing backup 生成的备份目录")
    p.add_argument("--keys", help="zhenxing backup-keys 导出的密钥文件")
    p.add_argument("--force", action="store_true", help="目标非空时也覆盖")
    p.set_defaults(func=lambda args: restore(args, setup))
