"""Retention (≥ 180 days) and archive: old events leave the database only into a file that verifies, and
the chain that remains still verifies from the archive's anchor."""

import json
from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from zhenxing.core import audit, audit_archive
from zhenxing.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(n, days_ago=0):
    when = timezone.now() - timedelta(days=days_ago)
    with mock.patch.object(audit.timezone, "now", return_value=when):
        for i in range(n):
            audit.record(actor=None, action="test.event", object_id=str(i), changes={"n": i})


def _old_and_new():
    _events(3, days_ago=400)
    _events(2, days_ago=300)
    _events(2, days_ago=10)


def test_archive_exports_then_deletes_and_the_chain_still_verifies(tmp_path):
    _old_and_new()
    out = tmp_path / "audit-2024.jsonl"
    result = audit_archive.archive(before=timezone.localdate() - timedelta(days=350), out=out)
    assert (result.first_seq, result.last_seq, result.count) == (1, 3, 3)
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == [4, 5, 6, 7]
    report = audit.verify_chain()
    assert report.ok and report.checked == 4 and report.first_seq == 4
    check = audit_archive.verify_archive(out)
    assert check.ok and (check.first_seq, check.last_seq) == (1, 3)
    assert "一致" in check.notes[0]
    # a second archive continues from the first one's anchor
    out2 = tmp_path / "audit-2025.jsonl"
    assert audit_archive.archive(before=timezone.localdate() - timedelta(days=200), out=out2).count == 2
    _events(1)
    assert audit.verify_chain().ok and audit_archive.verify_archive(out2).ok


def test_deleting_the_oldest_events_without_an_archive_is_detected():
    from django.db import connection

    _old_and_new()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE seq <= 2")
    report = audit.verify_chain()
    assert not report.ok and "第 1 至 2 号事件缺失" in report.reason


def test_deleting_more_than_was_archived_is_detected(tmp_path):
    from django.db import connection

    _old_and_new()
    audit_archive.archive(before=timezone.localdate() - timedelta(days=350), out=tmp_path / "a.jsonl")
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE seq = 4")
    assert not audit.verify_chain().ok


def test_a_tampered_archive_file_is_detected(tmp_path):
    _old_and_new()
    out = tmp_path / "a.jsonl"
    audit_archive.archive(before=timezone.localdate() - timedelta(days=350), out=out)
    lines = out.read_text().splitlines()
    row = json.loads(lines[2])
    row["object_repr"] = "forged"
    out.write_text("\n".join([*lines[:2], json.dumps(row, ensure_ascii=False), *lines[3:]]) + "\n")
    check = audit_archive.verify_archive(out)
    assert not check.ok and "第 3 行（第 2 号事件）的内容被改动" in check.problems[0]


def test_retention_below_180_days_is_refused(settings, tmp_path):
    _old_and_new()
    settings.AUDIT_RETENTION_DAYS = 90
    with pytest.raises(audit_archive.ArchiveRefused, match="不得少于 180 天"):
        audit_archive.archive(before=timezone.localdate() - timedelta(days=350), out=tmp_path / "a.jsonl")
    assert AuditEvent.objects.count() == 7 and not (tmp_path / "a.jsonl").exists()


def test_events_within_the_retention_period_are_not_archived(tmp_path):
    _old_and_new()
    with pytest.raises(audit_archive.ArchiveRefused, match="截止日期最晚为"):
        audit_archive.archive(before=timezone.localdate() - timedelta(days=100), out=tmp_path / "a.jsonl")
    assert AuditEvent.objects.count() == 7 and not (tmp_path / "a.jsonl").exists()


def test_a_broken_chain_is_not_archived(tmp_path):
    from django.db import connection

    _old_and_new()
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET action = 'x' WHERE seq = 2")
    with pytest.raises(audit_archive.ArchiveRefused, match="第 2 号事件"):
        audit_archive.archive(before=timezone.localdate() - timedelta(days=350), out=tmp_path / "a.jsonl")
    assert AuditEvent.objects.count() == 7


def test_cli_archive(tmp_path, capsys):
    from zhenxing import cli

    _old_and_new()
    out = tmp_path / "a.jsonl"
    before = (date.today() - timedelta(days=250)).isoformat()
    cli.main(["audit", "archive", "--before", before, "--out", str(out)])
    assert "已归档第 1 至 5 号事件共 5 条" in capsys.readouterr().out
    cli.main(["audit", "verify", "--archive", str(out)])
    assert "归档文件完整" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        cli.main(["audit", "archive", "--before", "2024-13-01", "--out", str(tmp_path / "b.jsonl")])
    assert "格式不对" in str(exc.value.code)
    with pytest.raises(SystemExit) as exc:
        cli.main(["audit", "archive", "--before", date.today().isoformat(), "--out", str(tmp_path / "c")])
    assert "保留期" in str(exc.value.code) and AuditEvent.objects.count() == 2
