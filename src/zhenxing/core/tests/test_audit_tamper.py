"""Someone who can write the database but lacks the audit key and the data dir cannot rewrite the chain
unnoticed: truncation, re-hashing (plain SHA-256, or HMAC with a guessed key) and a doctored checkpoint
file are all named by `verify_chain`."""

import hashlib
import hmac
import json

import pytest
from django.db import connection

from zhenxing.core import audit, audit_checkpoints
from zhenxing.core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def _events(n):
    for i in range(n):
        audit.record(actor=None, action="test.event", object_type="thing", object_id=str(i),
                     scope_path="21/2101/", changes={"n": [i, i + 1]})


def _body(e):
    """What the attacker hashes: every field, exactly as the unkeyed chain did."""
    return json.dumps({
        "seq": e.seq, "created_at": e.created_at.isoformat(), "actor_id": e.actor_id,
        "actor_name": e.actor_name, "action": e.action, "object_type": e.object_type,
        "object_id": e.object_id, "object_repr": e.object_repr,
        "scope_path": e.scope_path, "changes": e.changes, "ip": e.ip, "prev_hash": e.prev_hash,
    }, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def plain_sha256(e):
    return hashlib.sha256(_body(e)).hexdigest()


def guessed_hmac(e):
    return hmac.new(b"not-the-audit-key", _body(e), hashlib.sha256).hexdigest()


def _forge(seq, digest, *, scheme=None, edit=True):
    """Edit event `seq`, re-hash it and every event after it, move the head: a database writer's forgery."""
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else audit.GENESIS
    for e in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        if e.seq == seq and edit:
            e.object_repr = "forged"
        e.prev_hash = prev
        e.hash = digest(e)
        AuditEvent.objects.filter(pk=e.pk).update(object_repr=e.object_repr, prev_hash=e.prev_hash,
                                                  hash=e.hash, scheme=scheme or e.scheme)
        prev = e.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def test_deleting_the_last_event_and_moving_the_head_back_is_detected():
    _events(5)
    assert audit.verify_chain().ok  # writes a checkpoint at event 5
    fourth = AuditEvent.objects.get(seq=4)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE seq = 5")
    AuditHead.objects.filter(pk=1).update(last_seq=4, last_hash=fourth.hash)
    report = audit.verify_chain()
    assert not report.ok
    assert "截断" in report.reason and "第 5 号" in report.reason and "只到第 4 号" in report.reason


def test_periodic_checkpoints_catch_truncation_without_a_verify(settings, django_capture_on_commit_callbacks):
    settings.AUDIT_CHECKPOINT_EVERY = 3
    with django_capture_on_commit_callbacks(execute=True):
        _events(4)
    assert [c.seq for c in audit_checkpoints.read()[0]] == [3]
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE seq >= 3")
    AuditHead.objects.filter(pk=1).update(last_seq=2, last_hash=AuditEvent.objects.get(seq=2).hash)
    assert "截断" in audit.verify_chain().reason


@pytest.mark.parametrize("digest,scheme", [(plain_sha256, None), (plain_sha256, 1), (guessed_hmac, None)],
                         ids=["sha256", "sha256-claimed-legacy", "hmac-without-the-key"])
def test_rewriting_an_event_and_rehashing_the_rest_is_detected(digest, scheme):
    _events(6)
    _forge(3, digest, scheme=scheme)
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_seq == 3
    assert "第 3 号事件" in report.reason


def test_even_with_the_key_a_rewrite_cannot_move_past_a_checkpoint():
    """A leaked key lets a forger make valid hashes, but the signed checkpoint still holds the old one."""
    _events(6)
    assert audit.verify_chain().ok  # checkpoint at 6
    _forge(2, audit._digest)
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == 6
    assert "检查点" in report.reason and "重新计算" in report.reason


def test_a_tampered_checkpoint_file_is_detected(settings):
    _events(3)
    assert audit.verify_chain().ok
    _events(2)
    assert audit.verify_chain().ok
    path = settings.AUDIT_CHECKPOINT_FILE
    lines = path.read_text().splitlines()
    assert len(lines) == 2
    moved = json.loads(lines[1])
    moved["seq"], moved["hash"] = 3, json.loads(lines[0])["hash"]  # pretend the chain ended at 3
    path.write_text(lines[0] + "\n" + json.dumps(moved) + "\n")
    report = audit.verify_chain()
    assert not report.ok
    assert any("检查点文件第 2 行" in p and "签名不符" in p for p in report.problems)


def test_a_checkpoint_line_cut_from_the_middle_is_detected(settings):
    for _ in range(3):
        _events(1)
        assert audit.verify_chain().ok
    path = settings.AUDIT_CHECKPOINT_FILE
    lines = path.read_text().splitlines()
    path.write_text(lines[0] + "\n" + lines[2] + "\n")
    report = audit.verify_chain()
    assert not report.ok and "被删除或改动" in report.reason


def test_legacy_events_verify_with_the_old_digest_up_to_the_switch_checkpoint():
    """Events from before the key keep their SHA-256 hash; the switch checkpoint pins them down."""
    _events(3)
    _forge(1, plain_sha256, scheme=1, edit=False)  # as the old code wrote them
    last = AuditEvent.objects.get(seq=3)
    audit_checkpoints.append(seq=3, hash=last.hash, count=3, kind="switch")
    _events(2)
    assert [e.scheme for e in AuditEvent.objects.order_by("seq")] == [1, 1, 1, 2, 2]
    assert audit.verify_chain().ok
    _forge(2, plain_sha256, scheme=1)  # rewrite an old event the old way, and everything after it
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == 3  # the switch checkpoint still has the true hash


def test_a_legacy_event_without_a_switch_checkpoint_is_refused():
    _events(3)
    _forge(1, plain_sha256, scheme=1, edit=False)
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == 1 and "旧式哈希" in report.reason


def test_the_migration_anchors_existing_events(settings):
    import importlib

    from django.apps import apps

    _events(4)
    migration = importlib.import_module("zhenxing.core.migrations.0004_audit_scheme")
    migration.anchor_legacy_events(apps, type("Editor", (), {"connection": connection}))
    (cp,), _ = audit_checkpoints.read()
    assert (cp.kind, cp.seq, cp.hash) == ("switch", 4, AuditEvent.objects.get(seq=4).hash)


def test_events_cannot_be_deleted_through_the_orm():
    from django.core.exceptions import PermissionDenied

    _events(2)
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(seq=2).delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.get(seq=1).delete()
    assert AuditEvent.objects.count() == 2


def test_cli_names_every_problem_and_prints_a_digest(capsys, settings):
    from zhenxing import cli

    _events(3)
    cli.main(["audit", "verify"])
    out = capsys.readouterr().out
    assert "审计链完整：共 3 条事件" in out and "摘要" in out
    cli.main(["audit", "digest"])
    digest = capsys.readouterr().out.split("摘要：")[1].split()[0]
    assert len(digest) == 24 and digest.count("-") == 4
    cli.main(["audit", "digest", "--check", digest.lower()])
    assert "签名有效" in capsys.readouterr().out
    settings.AUDIT_CHECKPOINT_FILE.write_text("")  # the file cut back: the written-down digest is gone
    with pytest.raises(SystemExit) as exc:
        cli.main(["audit", "digest", "--check", digest])
    assert "截断" in str(exc.value.code)
    _events(1)
    cli.main(["audit", "checkpoint"])
    assert "第 4 号事件" in capsys.readouterr().out
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET action = 'x' WHERE seq = 2")
    with pytest.raises(SystemExit):
        cli.main(["audit", "verify"])
    err = capsys.readouterr().err
    assert "第 2 号事件的内容被改动" in err
