"""Batch postings for jobs such as the year-end openings: each line under its own key, skipped when
posted already; floors checked on the locked balances; balances equal the entries' sums."""

from datetime import date

import pytest

from zhenxing.core import ledger
from zhenxing.core.models import LedgerAccount, LedgerEntry

pytestmark = pytest.mark.django_db


def test_open_accounts_makes_the_missing_ones_and_keeps_the_existing():
    old = ledger.open_account(book="b.2025", holder="h:1", scope_path="21/", floor=0)
    found = ledger.open_accounts(book="b.2025", holders=[("h:1", "21/"), ("h:2", "21/2101/")], floor=5)
    assert found["h:1"] == old and found["h:2"].floor == 5 and found["h:2"].scope_path == "21/2101/"
    assert LedgerAccount.objects.count() == 2


def test_post_each_posts_once_per_key_and_keeps_balances_equal_to_the_sums():
    accounts = ledger.open_accounts(book="b.2025", holders=[(f"h:{i}", "21/") for i in range(5)])
    ledger.post(account=accounts["h:0"], amount=7, kind="award")
    lines = [ledger.Line(accounts[f"h:{i}"].pk, 10 * (i % 2) + 3, "opening") for i in range(5)]
    keys = [f"k:{i}" for i in range(5)]
    first = ledger.post_each(lines[:3], keys[:3], occurred_on=date(2025, 1, 1))
    again = ledger.post_each(lines, keys, occurred_on=date(2025, 1, 1))  # a resumed batch
    assert (len(first), len(again)) == (3, 2)
    for a in LedgerAccount.objects.all():
        assert a.balance == ledger.entries_sum(a)
    balances = [LedgerAccount.objects.get(pk=accounts[f"h:{i}"].pk).balance for i in range(5)]
    assert balances == [10, 13, 3, 13, 3]
    assert LedgerEntry.objects.filter(kind="opening").count() == 5


def test_post_each_refuses_the_whole_batch_below_a_floor():
    accounts = ledger.open_accounts(book="b.2025", holders=[("h:1", "21/"), ("h:2", "21/")])
    with pytest.raises(ledger.BelowFloor):
        ledger.post_each([ledger.Line(accounts["h:1"].pk, 4, "opening"),
                          ledger.Line(accounts["h:2"].pk, -1, "x")], ["a", "b"])
    assert not LedgerEntry.objects.exists() and not LedgerAccount.objects.exclude(balance=0).exists()
