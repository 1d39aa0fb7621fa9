"""Many redemptions at once (issue 5): on PostgreSQL, 20 threads redeem one good with limited stock for two
households, one of them with limited points, half of the requests sent twice. No balance or stock goes
negative, exactly as many redemptions succeed as stock and points allow, a request sent twice spends once,
and every account's entries sum to its balance."""

import threading
from collections import Counter

import pytest
from django.db import connection

from zhenxing.core import ledger
from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.orgs import access
from zhenxing.people.models import Household
from zhenxing.points.shop import services
from zhenxing.points.shop.models import Goods, Redemption, Shop
from zhenxing.testing import factories

THREADS = 20
STOCK = 5
PRICE = 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_never_overspend_and_a_repeated_request_spends_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the row locks are exercised on PostgreSQL "
                    "(DATABASE_URL=postgres://…)")
    units = factories.district()
    a1 = units["village_a1"]
    scheme = factories.spendable_scheme(units["county"])
    shop = factories.points_shop(a1, scheme)
    goods = factories.shop_goods(shop, name="食用油", price=PRICE, stock=STOCK, unit="桶")
    poor, rich = factories.household(a1), factories.household(a1)
    poor_account = factories.household_points(poor, scheme, 35)  # enough for 3
    rich_account = factories.household_points(rich, scheme, 1000)
    keeper_user = factories.user("village_cadre", a1)
    # 10 distinct requests, each sent by two threads: keys 0–4 for the poor household, 5–9 for the rich one.
    plan = [(f"concurrent-key-{n % 10:02d}", poor.pk if n % 10 < 5 else rich.pk) for n in range(THREADS)]
    barrier, lock, outcomes = threading.Barrier(THREADS), threading.Lock(), []

    def redeem(key, household_id):
        try:
            actor = access.actor_for(type(keeper_user).objects.get(pk=keeper_user.pk))
            barrier.wait()
            r = services.redeem(actor=actor, shop=Shop.objects.get(pk=shop.pk),
                                goods=Goods.objects.select_related("stock_account").get(pk=goods.pk),
                                household=Household.objects.get(pk=household_id), quantity="1",
                                request_key=key)
            result = ("ok", key, r.code)
        except ledger.BelowFloor as exc:
            result = ("refused", key, exc.messages[0][:4])
        except Exception as exc:  # noqa: BLE001 — any other failure is the test's failure, reported below
            result = ("error", key, repr(exc))
        finally:
            connection.close()  # the thread's own connection, so the test database can be dropped
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=redeem, args=item) for item in plan]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(outcomes) == THREADS
    assert [o for o in outcomes if o[0] == "error"] == []
    stock_account = LedgerAccount.objects.get(pk=goods.stock_account_id)
    poor_account.refresh_from_db()
    rich_account.refresh_from_db()
    redemptions = list(Redemption.objects.all())
    poor_spent = sum(r.household_id == poor.pk for r in redemptions)
    # The rich household never runs short, so the stock binds: exactly STOCK redemptions, the poor one at
    # most three of them (35 points at 10 each).
    assert len(redemptions) == STOCK and stock_account.balance == 0
    assert poor_spent <= 3 and poor_account.balance == 35 - PRICE * poor_spent >= 0
    assert rich_account.balance == 1000 - PRICE * (STOCK - poor_spent)
    for account in (stock_account, poor_account, rich_account):
        assert ledger.entries_sum(account) == account.balance
        assert not LedgerEntry.objects.filter(account=account, balance_after__lt=0).exists()
    # A request sent twice made one redemption and two entries; both threads got the same answer.
    assert len({r.request_key for r in redemptions}) == len(redemptions)
    assert LedgerEntry.objects.filter(kind="redeem").count() == 2 * len(redemptions)
    codes_by_key: dict[str, set] = {}
    for status, key, code in outcomes:
        if status == "ok":
            codes_by_key.setdefault(key, set()).add(code)
    assert all(len(codes) == 1 for codes in codes_by_key.values())
    assert set(codes_by_key) == {r.request_key for r in redemptions}
    # A refusal names what was short.
    assert set(Counter(o[2] for o in outcomes if o[0] == "refused")) <= {"积分不足", "库存不足"}
