import pytest
from django.db import connection

from zhenxing.core import audit
from zhenxing.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(n):
    for i in range(n):
        audit.record(
            actor=None,
            action="test.event",
            object_type="thing",
            object_id=str(i),
            scope_path="21/2101/",
            changes={"n": [i, i + 1]},
        )


def test_events_are_chained_in_order():
    _events(3)
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == audit.GENESIS
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash


def test_intact_chain_verifies():
    _events(5)
    report = audit.verify_chain()
    assert report.ok and report.checked == 5


def test_edited_row_is_named():
    _events(5)
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET object_repr = 'forged' WHERE seq = 3")
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_seq == 3
    assert "内容被改动" in report.reason


def test_deleted_row_is_named():
    _events(5)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE seq = 2")
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == 2


def test_deleted_tail_is_detected():
    _events(4)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE seq = 4")
    assert not audit.verify_chain().ok


def test_rehashed_forgery_breaks_the_link_to_the_next_event():
    """Someone who edits a row and recomputes its hash still breaks the following event's prev_hash."""
    _events(4)
    event = AuditEvent.objects.get(seq=2)
    event.object_repr = "forged"
    event.hash = audit._digest(event)
    AuditEvent.objects.filter(pk=event.pk).update(object_repr="forged", hash=event.hash)
    report = audit.verify_chain()
    assert not report.ok and report.broken_seq == 3


def test_cli_verify_exit_codes(capsys):
    from zhenxing import cli

    _events(2)
    cli.main(["audit", "verify"])
    assert "审计链完整" in capsys.readouterr().out
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET action = 'x' WHERE seq = 1")
    with pytest.raises(SystemExit) as exc:
        cli.main(["audit", "verify"])
    assert exc.value.code == 1
    assert "第 1 号事件" in capsys.readouterr().err


def test_values_are_made_json_safe():
    from datetime import date
    from decimal import Decimal

    event = audit.record(actor=None, action="t", changes={"d": date(2024, 1, 2), "m": Decimal("1.50")})
    event.refresh_from_db()
    assert event.changes == {"d": "2024-01-02", "m": "1.50"}
    assert audit.verify_chain().ok
