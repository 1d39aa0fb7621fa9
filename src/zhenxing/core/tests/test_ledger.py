"""The ledger: balances follow entries, floors hold, keyed posts happen once, corrections reverse."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from zhenxing.core import ledger
from zhenxing.core.models import LedgerAccount, LedgerEntry

pytestmark = pytest.mark.django_db


def account(holder="household:1", floor=0, book="points.test.2026"):
    return ledger.open_account(book=book, holder=holder, scope_path="21/", floor=floor)


def test_opening_an_account_twice_gives_the_same_account():
    assert account().pk == account().pk
    assert LedgerAccount.objects.count() == 1


def test_posts_move_the_balance_and_record_the_balance_after():
    a = account()
    ledger.post(account=a, amount=10, kind="award")
    e = ledger.post(account=a, amount=-4, kind="redeem")
    a.refresh_from_db()
    assert (a.balance, e.balance_after, ledger.entries_sum(a)) == (6, 6, 6)


def test_a_spend_below_the_floor_is_refused_and_writes_nothing():
    a = account()
    ledger.post(account=a, amount=5, kind="award")
    with pytest.raises(ledger.BelowFloor, match="余额不足：现有 5，需要 6"):
        ledger.post(account=a, amount=-6, kind="redeem")
    a.refresh_from_db()
    assert a.balance == 5 and LedgerEntry.objects.count() == 1


def test_an_account_without_floor_may_go_negative():
    a = account(floor=None)
    ledger.post(account=a, amount=-3, kind="deduct")
    a.refresh_from_db()
    assert a.balance == -3


def test_lines_post_together_or_not_at_all():
    points, stock = account(), account(holder="goods:1", book="shop.stock")
    ledger.post(account=points, amount=100, kind="award")
    with pytest.raises(ledger.BelowFloor):
        ledger.post_many([ledger.Line(points.pk, -30, "redeem"), ledger.Line(stock.pk, -1, "redeem")],
                         insufficient="库存不足")
    points.refresh_from_db()
    assert points.balance == 100 and LedgerEntry.objects.count() == 1


def test_a_keyed_post_retried_returns_the_first_entries():
    a = account()
    ledger.post(account=a, amount=50, kind="award")
    first = ledger.post(account=a, amount=-20, kind="redeem", key="redeem:abc")
    again = ledger.post(account=a, amount=-20, kind="redeem", key="redeem:abc")
    a.refresh_from_db()
    assert again.pk == first.pk and a.balance == 30


def test_a_reversal_undoes_an_entry_once():
    a = account()
    wrong = ledger.post(account=a, amount=8, kind="award")
    fix = ledger.reverse(entry=wrong, memo="录入错误")
    a.refresh_from_db()
    assert (a.balance, fix.amount, fix.reverses_id) == (0, -8, wrong.pk)
    assert ledger.reverse(entry=wrong).pk == fix.pk  # a retried reversal posts nothing more
    with pytest.raises(ValidationError, match="冲正记录不能再冲正"):
        ledger.reverse(entry=fix)
    a.refresh_from_db()
    assert a.balance == 0 and LedgerEntry.objects.count() == 2


def test_entries_cannot_be_edited_or_deleted():
    e = ledger.post(account=account(), amount=1, kind="award")
    e.amount = 100
    with pytest.raises(ValueError):
        e.save()
    with pytest.raises(ValueError):
        e.delete()


@pytest.mark.django_db(transaction=True)
def test_concurrent_spends_never_pass_the_floor_and_the_entries_sum_to_the_balance():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row lock is exercised on PostgreSQL")
    a = account()
    ledger.post(account=a, amount=10, kind="award")
    barrier, outcomes = threading.Barrier(8), []

    def spend(n):
        try:
            barrier.wait()
            ledger.post(account=LedgerAccount.objects.get(pk=a.pk), amount=-3, kind="redeem", key=f"k{n % 6}")
            outcomes.append("ok")
        except ledger.BelowFloor:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=spend, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a.refresh_from_db()
    spends = LedgerEntry.objects.filter(account=a, kind="redeem").count()
    assert spends == 3 and a.balance == 1 and ledger.entries_sum(a) == a.balance
    assert len(outcomes) == 8
