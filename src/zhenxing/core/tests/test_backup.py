"""Backup and restore: a snapshot of the database, attachments and audit checkpoints with a signed manifest,
restored into an empty database and data dir with every table's row count and the audit chain checked.
Runs on SQLite and, with DATABASE_URL set to PostgreSQL, through pg_dump / pg_restore."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from zhenxing import datadir
from zhenxing.core import attachments, audit, backup, dbsnapshot
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db(transaction=True)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
SRC = Path(__file__).resolve().parents[3]


@pytest.fixture
def installation(settings, tmp_path):
    """A small district with households, an attachment and audit events, in a data dir of its own."""
    settings.ATTACHMENT_DIR = tmp_path / "data" / "attachments"
    units = factories.district()
    for village in ("village_a1", "village_b2"):
        factories.household(units[village])
    attachments.store(upload=SimpleUploadedFile("证明.png", PNG, content_type="image/png"), owner_type="test",
                      owner_id="1", scope_path=units["village_a1"].path, user=None)
    for i in range(5):
        audit.record(actor=None, action="test.event", object_id=str(i), scope_path=units["village_a1"].path)
    assert audit.verify_chain().ok  # a checkpoint in the file the backup carries
    return units


def _empty_target(settings, tmp_path):
    """The database emptied and a new, empty data dir: where a restore goes."""
    call_command("flush", interactive=False, verbosity=0)
    settings.ATTACHMENT_DIR = tmp_path / "new" / "attachments"
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "new" / "audit_checkpoints.jsonl"


def test_backup_then_restore_into_an_empty_database_and_data_dir(installation, settings, tmp_path):
    target, manifest = backup.create(tmp_path / "backups", keys=datadir.key_fingerprints(), version="test")
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["tables"]["orgs_orgunit"] == 17 and manifest["tables"]["core_auditevent"] == 5
    assert manifest["tables"]["core_attachment"] == 1
    assert set(manifest["keys"]) == {"secret_key", "field_key", "audit_key"}
    names = set(manifest["files"])
    assert dbsnapshot.FILES[connection.vendor] in names and "audit_checkpoints.jsonl" in names
    assert any(n.startswith("attachments/") for n in names)
    key_values = datadir.current_keys().values()
    files = [p.read_text(errors="ignore") for p in target.rglob("*") if p.is_file()]
    assert not any(v in text for text in files for v in key_values)

    _empty_target(settings, tmp_path)
    report = backup.restore(target, keys=datadir.key_fingerprints())
    assert report.ok, report.problems
    assert report.chain.ok and report.chain.checked == 5
    now = dbsnapshot.counts()
    assert all(now[t] == n for t, n in manifest["tables"].items())
    blob = attachments.blob_path(attachments.of("test", "1")[0].sha256)
    assert blob.read_bytes() == PNG and str(blob).startswith(str(tmp_path / "new"))


def test_restore_refuses_a_non_empty_target_and_a_damaged_backup(installation, settings, tmp_path):
    target, manifest = backup.create(tmp_path / "backups", keys=datadir.key_fingerprints(), version="test")
    report = backup.restore(target, keys=datadir.key_fingerprints())
    assert not report.ok and "恢复目标不是空的" in report.problems[0] and "--force" in report.problems[0]

    blob = next(target.glob("attachments/**/*" + attachments.of("test", "1")[0].sha256))
    blob.write_bytes(b"changed")
    (target / "audit_checkpoints.jsonl").unlink()
    _empty_target(settings, tmp_path)
    report = backup.restore(target, keys=datadir.key_fingerprints())
    assert not report.ok
    assert any("SHA-256 与清单不符" in p for p in report.problems)
    assert any("缺少文件 audit_checkpoints.jsonl" in p for p in report.problems)
    assert dbsnapshot.tables_with_data() == []  # nothing was restored

    other = {**datadir.key_fingerprints(), "audit_key": "0" * 16}
    report = backup.restore(target, keys=other)
    assert any("审计密钥（audit_key）与备份时不同" in p for p in report.problems)


def test_pg_dump_missing_is_said_in_chinese(monkeypatch, tmp_path):
    monkeypatch.setattr(dbsnapshot.shutil, "which", lambda name: None)
    with pytest.raises(dbsnapshot.SnapshotError, match="找不到 pg_dump"):
        dbsnapshot._pg("pg_dump", [], tmp_path)


def test_backup_warns_until_the_keys_are_backed_up(installation, tmp_path, capsys):
    from zhenxing import cli

    (datadir.data_dir() / datadir.KEYS_BACKED_UP).unlink(missing_ok=True)
    cli.main(["backup", "--out", str(tmp_path / "b1")])
    captured = capsys.readouterr()
    assert "备份完成" in captured.out and "从未备份" in captured.err
    cli.main(["backup-keys", "--out", str(tmp_path / "keys.json")])
    assert oct((tmp_path / "keys.json").stat().st_mode)[-3:] == "600"
    capsys.readouterr()
    cli.main(["backup", "--out", str(tmp_path / "b2")])
    assert "从未备份" not in capsys.readouterr().err


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="a fresh SQLite file")
def test_restore_command_into_a_fresh_data_dir(installation, tmp_path):
    """The operator's path: `zhenxing restore` into a new data dir and SQLite file, then `audit verify`."""
    target, manifest = backup.create(tmp_path / "backups", keys=datadir.key_fingerprints(), version="test")
    keys = tmp_path / "keys.json"
    datadir.export_keys(keys)
    fresh = tmp_path / "fresh"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHENXING_", "DATABASE_URL"))}
    env.update(ZHENXING_DATA_DIR=str(fresh), PYTHONPATH=str(SRC))

    def zhenxing(*args):
        return subprocess.run([sys.executable, "-c", "from zhenxing.cli import main; main()", *args], env=env,
                              capture_output=True, text=True, timeout=300)

    done = zhenxing("restore", str(target))
    assert done.returncode != 0 and "--keys" in done.stderr and not (fresh / "zhenxing.sqlite3").exists()
    done = zhenxing("restore", str(target), "--keys", str(keys))
    assert done.returncode == 0, done.stderr
    assert "恢复完成" in done.stdout and "审计链完整（5 条事件）" in done.stdout
    done = zhenxing("audit", "verify")
    assert done.returncode == 0 and "共 5 条事件" in done.stdout
    assert (fresh / "audit_checkpoints.jsonl").exists()
    assert json.loads((fresh / "audit_checkpoints.jsonl").read_text().splitlines()[-1])["kind"] == "verify"
