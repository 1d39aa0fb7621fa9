"""The demo's 积分超市: a shop per development village with 8–15 goods, stock-ins and redemptions posted
as the services post them (balances are the sums of entries, never below zero), deterministic for a seed,
and usable by the services afterwards."""

import re

import pytest
from django.db import transaction
from django.db.models import Count

from zhenxing.core import ledger
from zhenxing.core.models import LedgerAccount, LedgerEntry
from zhenxing.demo import points_shop
from zhenxing.orgs import access
from zhenxing.points.shop import services
from zhenxing.points.shop.models import Goods, Redemption, Shop, StockIn
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def homes(district):
    for village in ("village_a1", "village_a2", "village_b1"):
        for _ in range(12):
            factories.person(factories.household(district[village]))
    return district


def signature():
    return (sorted(Shop.objects.values_list("name", flat=True)),
            sorted(Goods.objects.values_list("shop__name", "name", "price")),
            sorted(Redemption.objects.values_list("code", "household__number", "goods__name", "points")),
            sorted((re.sub(r"^points\.\d+\.", "points.", book), balance)  # without the scheme's id
                   for book, balance in LedgerAccount.objects.values_list("book", "balance")))


def test_the_demo_stocks_a_shop_per_development_village_and_redeems_on_the_ledger(homes):
    counts = points_shop.load(seed=7, county=homes["county"])
    shops = Shop.objects.annotate(n=Count("goods"))
    assert sorted(s.village.name for s in shops) == ["A街1村", "B街1村"]  # the development villages
    assert all(8 <= s.n <= 15 for s in shops)
    assert counts["shop_redemptions"] == Redemption.objects.count() > 10
    assert counts["shop_stock_ins"] == StockIn.objects.count() >= counts["shop_goods"]
    assert counts["shop_demo_openings"] == LedgerEntry.objects.filter(memo=points_shop.DEMO_MEMO).count() > 0
    for account in LedgerAccount.objects.all():
        assert ledger.entries_sum(account) == account.balance >= 0, account
    assert not LedgerEntry.objects.filter(balance_after__lt=0).exists()
    for r in Redemption.objects.select_related("points_entry", "stock_entry", "goods")[:50]:
        assert (r.points_entry.amount, r.stock_entry.amount) == (-r.points, -r.quantity)
        assert r.stock_entry.account_id == r.goods.stock_account_id and r.points == r.goods.price * r.quantity
    assert {g.stock_account.holder for g in Goods.objects.select_related("stock_account")} == {
        f"goods:{pk}" for pk in Goods.objects.values_list("pk", flat=True)}

    # the services carry on from the demo's books: a retried demo request returns its redemption
    first = Redemption.objects.order_by("code").first()
    keeper = access.actor_for(factories.user("village_cadre", first.shop.village))
    again = services.redeem(actor=keeper, shop=first.shop, goods=first.goods, household=first.household,
                            quantity="1", request_key=first.request_key)
    assert again.pk == first.pk
    services.stock_in(actor=keeper, goods=first.goods, quantity="3", source="测试")
    account = LedgerAccount.objects.get(pk=first.goods.stock_account_id)
    assert ledger.entries_sum(account) == account.balance


def test_the_same_seed_builds_the_same_shops(homes):
    with transaction.atomic():
        points_shop.load(seed=7, county=homes["county"])
        before = signature()
        transaction.set_rollback(True)
    points_shop.load(seed=7, county=homes["county"])
    assert signature() == before
