"""积分超市 services: goods and stock-in, redemption (who may, what is refused and why, idempotent),
returns by reversal; every balance stays the sum of its ledger entries."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from zhenxing.core import ledger
from zhenxing.core.models import AuditEvent, LedgerAccount, LedgerEntry
from zhenxing.orgs import access
from zhenxing.points.shop import selectors, services
from zhenxing.points.shop.models import Goods, Redemption, StockIn
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    a1 = district["village_a1"]
    scheme = factories.spendable_scheme(district["county"])
    shop = factories.points_shop(a1, scheme)
    home = factories.household(a1, district["grid_a1"])
    head = factories.person(home, name="王兑换")
    neighbour = factories.household(a1, district["grid_a1"])
    factories.person(neighbour, name="李邻居")
    villager_user = factories.user("villager", a1)
    head.user = villager_user
    head.save(update_fields=["user"])
    keeper = access.actor_for(factories.user("village_cadre", a1))
    goods = services.add_goods(actor=keeper, shop=shop, name="洗衣粉", unit="袋", price="10")
    services.stock_in(actor=keeper, goods=goods, quantity="5", source="供销社")
    points = factories.household_points(home, scheme, 35)
    return type("W", (), {"units": district, "scheme": scheme, "shop": shop, "home": home,
                          "neighbour": neighbour, "villager": access.actor_for(villager_user),
                          "keeper": keeper, "goods": goods, "points": points})


def balances(w):
    points = LedgerAccount.objects.get(pk=w.points.pk)
    stock = LedgerAccount.objects.get(pk=w.goods.stock_account_id)
    assert ledger.entries_sum(points) == points.balance and ledger.entries_sum(stock) == stock.balance
    return points.balance, stock.balance


def test_stock_in_puts_goods_on_the_ledger_with_source_and_who(w):
    row = StockIn.objects.get()
    assert (row.quantity, row.source, row.entry.kind, row.entry.amount) == (5, "供销社", "stock_in", 5)
    assert "供销社" in row.entry.memo and row.received_by == w.keeper.user
    assert balances(w) == (35, 5)
    stock = w.goods.stock_account
    assert (stock.book, stock.holder) == ("shop.stock", f"goods:{w.goods.pk}")
    for quantity, message in (("0", "入库数量应在 1–"), ("-3", "入库数量应为正整数"),
                              ("三", "入库数量应为正整数"), ("", "请填写入库数量")):
        with pytest.raises(ValidationError, match=message):
            services.stock_in(actor=w.keeper, goods=w.goods, quantity=quantity, source="供销社")
    with pytest.raises(ValidationError, match="请填写来源"):
        services.stock_in(actor=w.keeper, goods=w.goods, quantity="1", source=" ")
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.stock_in(actor=w.keeper, goods=w.goods, quantity="1", source="供销社",
                          received_on=timezone.localdate() + timedelta(days=1))
    assert StockIn.objects.count() == 1 and balances(w) == (35, 5)


def test_a_villager_redeems_for_their_own_household_and_both_balances_drop(w):
    r = services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="2",
                        request_key="key-villager-0001")
    assert r.code.startswith(f"DH-{timezone.localdate().year}-") and (r.points, r.quantity) == (20, 2)
    assert (r.points_entry.amount, r.stock_entry.amount) == (-20, -2)
    assert r.points_entry.kind == r.stock_entry.kind == "redeem" and r.points_entry.category == ""
    assert balances(w) == (15, 3)
    assert selectors.points_balance(shop=w.shop, household=w.home) == 15
    assert AuditEvent.objects.filter(action="points.redeem", object_id=str(r.pk)).exists()


def test_a_villager_cannot_redeem_for_another_household(w):
    factories.household_points(w.neighbour, w.scheme, 50)
    with pytest.raises(Http404):
        services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.neighbour, quantity="1",
                        request_key="key-villager-0002")
    assert not Redemption.objects.exists()


def test_the_keeper_redeems_for_a_household_of_the_village_only(w):
    services.redeem(actor=w.keeper, shop=w.shop, goods=w.goods, household=w.home, quantity="1",
                    request_key="key-keeper-00001")
    outsider = factories.household(w.units["village_a2"])
    with pytest.raises(ValidationError, match="不属于A街1村"):
        services.redeem(actor=w.keeper, shop=w.shop, goods=w.goods, household=outsider, quantity="1",
                        request_key="key-keeper-00002")
    other_keeper = access.actor_for(factories.user("village_cadre", w.units["village_b1"]))
    with pytest.raises(Http404):
        services.redeem(actor=other_keeper, shop=w.shop, goods=w.goods, household=w.home, quantity="1",
                        request_key="key-keeper-00003")
    grid = access.actor_for(factories.user("grid_worker", w.units["grid_a1"]))
    with pytest.raises(Http404):
        services.redeem(actor=grid, shop=w.shop, goods=w.goods, household=w.home, quantity="1",
                        request_key="key-keeper-00004")
    assert Redemption.objects.count() == 1 and balances(w) == (25, 4)


def test_short_points_and_short_stock_are_told_apart_with_the_amounts(w):
    with pytest.raises(ledger.BelowFloor) as short_points:
        services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="4",
                        request_key="key-short-000001")
    assert short_points.value.messages == [
        f"积分不足：户 {w.home.number} 现有 {timezone.localdate().year} 年积分 35 分，"
        "兑换 4袋“洗衣粉”需要 40 分"]
    factories.household_points(w.home, w.scheme, 100)
    with pytest.raises(ledger.BelowFloor) as short_stock:
        services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="6",
                        request_key="key-short-000002")
    assert short_stock.value.messages == ["库存不足：“洗衣粉”现有库存 5袋，需要 6袋"]
    assert not Redemption.objects.exists() and balances(w) == (135, 5)
    assert not LedgerEntry.objects.filter(kind="redeem").exists()


def test_bad_input_is_refused_naming_the_field(w):
    cases = [({"quantity": "0"}, "兑换数量应在 1–"), ({"quantity": "1.5"}, "兑换数量应为正整数"),
             ({"request_key": "x"}, "兑换请求无效")]
    for change, message in cases:
        args = {"quantity": "1", "request_key": "key-bad-input-01", **change}
        with pytest.raises(ValidationError, match=message):
            services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, **args)
    w.goods.active = False
    w.goods.save()
    with pytest.raises(ValidationError, match="已下架"):
        services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="1",
                        request_key="key-bad-input-02")
    assert not Redemption.objects.exists() and balances(w) == (35, 5)


def test_a_retried_request_returns_the_first_redemption_and_spends_nothing_twice(w):
    first = services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="1",
                            request_key="key-retry-000001")
    again = services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="1",
                            request_key="key-retry-000001")
    assert again.pk == first.pk and Redemption.objects.count() == 1
    assert LedgerEntry.objects.filter(kind="redeem").count() == 2 and balances(w) == (25, 4)
    # a retry after the household spent the rest still answers with the first redemption
    services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="2",
                    request_key="key-retry-000002")
    assert services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="1",
                           request_key="key-retry-000001").pk == first.pk
    assert balances(w) == (5, 2)
    # the key of that request sent again for another good is not a retry: refused, nothing spent
    other = services.add_goods(actor=w.keeper, shop=w.shop, name="食盐", unit="袋", price="1")
    with pytest.raises(ValidationError, match="兑换请求无效"):
        services.redeem(actor=w.villager, shop=w.shop, goods=other, household=w.home, quantity="1",
                        request_key="key-retry-000001")
    assert balances(w) == (5, 2) and Redemption.objects.count() == 2


def test_a_return_reverses_both_entries_once_and_is_audited(w):
    r = services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="3",
                        request_key="key-return-00001")
    assert balances(w) == (5, 2)
    with pytest.raises(ValidationError, match="请填写退货原因"):
        services.cancel_redemption(actor=w.keeper, redemption=r, reason="")
    with pytest.raises(Http404):
        services.cancel_redemption(actor=w.villager, redemption=r, reason="不要了")
    services.cancel_redemption(actor=w.keeper, redemption=r, reason="包装破损")
    assert balances(w) == (35, 5)
    reversals = LedgerEntry.objects.filter(kind="reversal")
    assert sorted(e.reverses_id for e in reversals) == sorted([r.points_entry_id, r.stock_entry_id])
    with pytest.raises(ValidationError, match="已退货"):
        services.cancel_redemption(actor=w.keeper, redemption=r, reason="包装破损")
    assert reversals.count() == 2 and balances(w) == (35, 5)
    r.refresh_from_db()
    assert r.status == "已退货" and r.cancel_reason == "包装破损"
    assert AuditEvent.objects.filter(action="points.redeem.cancel", object_id=str(r.pk)).exists()


def test_a_price_change_is_audited_and_later_redemptions_pay_the_new_price(w):
    services.edit_goods(actor=w.keeper, goods=w.goods, name="洗衣粉", unit="袋", price="12", active=True)
    event = AuditEvent.objects.filter(action="points.goods.edit").get()
    assert event.changes == {"price": [10, 12]}
    r = services.redeem(actor=w.villager, shop=w.shop, goods=Goods.objects.get(pk=w.goods.pk),
                        household=w.home, quantity="1", request_key="key-price-000001")
    assert r.points == 12
    with pytest.raises(ValidationError, match="兑换积分应在 1–"):
        services.edit_goods(actor=w.keeper, goods=w.goods, name="洗衣粉", unit="袋", price="0", active=True)
    with pytest.raises(ValidationError, match="请选择计量单位"):
        services.add_goods(actor=w.keeper, shop=w.shop, name="大米", unit="吨", price="5")
    with pytest.raises(ValidationError, match="已有商品“洗衣粉”"):
        services.add_goods(actor=w.keeper, shop=w.shop, name="洗衣粉", unit="袋", price="5")


def test_only_a_keeper_of_the_village_opens_a_shop_on_a_spendable_scheme(w):
    a2 = w.units["village_a2"]
    with pytest.raises(Http404):
        services.open_shop(actor=w.keeper, village=a2, name="二村超市", scheme=w.scheme)
    secretary = access.actor_for(factories.user("village_secretary", a2))
    shop = services.open_shop(actor=secretary, village=a2, name="二村超市", scheme=w.scheme)
    assert shop.path == a2.path
    with pytest.raises(ValidationError, match="已有名为“二村超市”"):
        services.open_shop(actor=secretary, village=a2, name="二村超市", scheme=w.scheme)
    w.scheme.spendable = False
    w.scheme.save()
    with pytest.raises(ValidationError, match="可在积分超市兑换"):
        services.open_shop(actor=secretary, village=a2, name="三号超市", scheme=w.scheme)


def test_the_stock_report_follows_the_ledger_over_a_period(w):
    services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="2",
                    request_key="key-report-00001")
    r = services.redeem(actor=w.villager, shop=w.shop, goods=w.goods, household=w.home, quantity="1",
                        request_key="key-report-00002")
    services.cancel_redemption(actor=w.keeper, redemption=r, reason="退回")
    today = timezone.localdate()
    (line,) = selectors.stock_report(shop=w.shop, period=selectors.Period(today, today))
    assert (line.opening, line.stocked, line.redeemed, line.closing, line.current) == (0, 5, 2, 3, 3)
    (later,) = selectors.stock_report(shop=w.shop, period=selectors.Period(today + timedelta(days=1),
                                                                            today + timedelta(days=2)))
    assert (later.opening, later.stocked, later.redeemed, later.closing) == (3, 0, 0, 3)
