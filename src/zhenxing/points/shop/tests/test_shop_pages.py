"""积分超市 pages: the keeper stocks in and redeems for a household by its number, a villager sees their
balance and what they can afford, a form sent twice redeems once, the reports page and export."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from zhenxing.core.models import LedgerAccount
from zhenxing.orgs import access
from zhenxing.points.shop import services
from zhenxing.points.shop.models import Redemption
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    a1 = district["village_a1"]
    scheme = factories.spendable_scheme(district["county"])
    shop = factories.points_shop(a1, scheme)
    oil = factories.shop_goods(shop, name="食用油", price=30, stock=4, unit="桶")
    rice = factories.shop_goods(shop, name="大米", price=50, stock=2, unit="袋")
    soap = factories.shop_goods(shop, name="香皂", price=5, stock=0, unit="块")
    home = factories.household(a1, district["grid_a1"])
    head = factories.person(home, name="王兑换")
    villager = factories.user("villager", a1)
    head.user = villager
    head.save(update_fields=["user"])
    factories.household_points(home, scheme, 40)
    keeper = factories.user("village_cadre", a1)
    return type("W", (), {"units": district, "scheme": scheme, "shop": shop, "oil": oil, "rice": rice,
                          "soap": soap, "home": home, "villager": villager, "keeper": keeper})


def stock(goods) -> int:
    return LedgerAccount.objects.get(pk=goods.stock_account_id).balance


def test_the_keeper_stocks_in_and_redeems_for_a_household_by_number(client, w):
    client.force_login(w.keeper)
    url = reverse("points:shop", args=[w.shop.pk])
    page = client.get(url).content.decode()
    assert "代农户兑换" in page and "入库" in page and "食用油" in page
    client.post(reverse("points:stock_in", args=[w.shop.pk]),
                {"goods": w.soap.pk, "quantity": "10", "source": "爱心企业捐赠"})
    assert stock(w.soap) == 10
    key = re.search(r'name="request_key" value="([^"]+)"', page).group(1)
    data = {"household": w.home.number, "goods": w.soap.pk, "quantity": "3", "request_key": key}
    first = client.post(reverse("points:redeem", args=[w.shop.pk]), data, follow=True).content.decode()
    assert "兑换成功" in first and "剩余 25 分" in first
    client.post(reverse("points:redeem", args=[w.shop.pk]), data)  # the same form sent again
    assert Redemption.objects.count() == 1 and stock(w.soap) == 7
    missing = client.post(reverse("points:redeem", args=[w.shop.pk]),
                          {**data, "household": "999", "request_key": "another-key-0001"}, follow=True)
    assert "没有户号为“999”的农户" in missing.content.decode()
    short = client.post(reverse("points:redeem", args=[w.shop.pk]),
                        {**data, "goods": w.rice.pk, "quantity": "1", "request_key": "another-key-0002"},
                        follow=True)
    assert "积分不足" in short.content.decode() and Redemption.objects.count() == 1


def test_a_villager_sees_their_balance_and_what_they_can_afford(client, w):
    client.force_login(w.villager)
    page = client.get(reverse("points:shop", args=[w.shop.pk])).content.decode()
    assert re.search(r'class="points-balance">40<', page)
    oil_row = re.search(r'<tr data-goods="食用油">.*?</tr>', page, re.S).group(0)
    rice_row = re.search(r'<tr data-goods="大米">.*?</tr>', page, re.S).group(0)
    soap_row = re.search(r'<tr data-goods="香皂">.*?</tr>', page, re.S).group(0)
    assert "兑换食用油" in oil_row and "积分不足" in rice_row and "缺货" in soap_row
    assert "代农户兑换" not in page and "入库" not in page
    key = re.search(r'<tr data-goods="食用油">.*?name="request_key" value="([^"]+)"', page, re.S).group(1)
    form = {"goods": w.oil.pk, "quantity": "1", "request_key": key}
    client.post(reverse("points:redeem", args=[w.shop.pk]), form)
    client.post(reverse("points:redeem", args=[w.shop.pk]), form)  # a double click
    after = client.get(reverse("points:shop", args=[w.shop.pk])).content.decode()
    assert re.search(r'class="points-balance">10<', after) and stock(w.oil) == 3
    assert Redemption.objects.get().code in after
    # someone else's household number in the form is ignored: a villager redeems for their own only
    client.post(reverse("points:redeem", args=[w.shop.pk]),
                {"household": "x", "goods": w.oil.pk, "quantity": "1", "request_key": "villager-key-0003"})
    assert Redemption.objects.count() == 1  # 10 points left: refused, flashed


def test_a_villager_sees_only_their_village_shop_and_no_reports(client, w):
    other = factories.points_shop(w.units["village_a2"], w.scheme)
    client.force_login(w.villager)
    listing = client.get(reverse("points:shops")).content.decode()
    assert w.shop.name in listing and other.name not in listing
    assert client.get(reverse("points:shop", args=[other.pk])).status_code == 404
    for name in ("points:shop_redemptions", "points:shop_stock_ins", "points:shop_stock"):
        assert client.get(reverse(name, args=[w.shop.pk])).status_code == 404


def test_reports_list_the_period_and_export_to_excel(client, w):
    keeper = access.actor_for(w.keeper)
    services.stock_in(actor=keeper, goods=w.oil, quantity="6", source="供销社")
    done = [services.redeem(actor=keeper, shop=w.shop, goods=w.oil, household=w.home, quantity="1",
                            request_key=f"report-key-{n:04d}") for n in range(1)]
    client.force_login(w.keeper)
    page = client.get(reverse("points:shop_redemptions", args=[w.shop.pk])).content.decode()
    assert done[0].code in page and "退货" in page
    xlsx = client.get(reverse("points:shop_redemptions", args=[w.shop.pk]) + "?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "兑换单号" and rows[1][0] == done[0].code and rows[1][6] == 30
    stock_page = client.get(reverse("points:shop_stock", args=[w.shop.pk])).content.decode()
    oil = re.search(r'<td data-label="商品">食用油</td>.*?</tr>', stock_page, re.S).group(0)
    figures = dict(re.findall(r'data-label="([^"]+)">(\d+)<', oil))
    assert (figures["本期入库"], figures["本期兑出（扣除退货）"], figures["期末库存"]) == ("10", "1", "9")
    report = reverse("points:shop_stock_ins", args=[w.shop.pk])
    assert "供销社" in client.get(report + "?start=2000-01-01").content.decode()
    empty = client.get(report + "?start=2001-01-01&end=2001-12-31")
    assert "供销社" not in empty.content.decode()
    bad = client.get(report + "?start=2001-13-01", follow=True)
    assert "日期格式应为 YYYY-MM-DD" in bad.content.decode()


def test_a_return_from_the_report_gives_back_points_and_stock(client, w):
    keeper = access.actor_for(w.keeper)
    r = services.redeem(actor=keeper, shop=w.shop, goods=w.oil, household=w.home, quantity="1",
                        request_key="return-key-00001")
    client.force_login(w.keeper)
    client.post(reverse("points:redemption_cancel", args=[r.pk]), {"reason": "过期"})
    r.refresh_from_db()
    assert r.cancelled_at and stock(w.oil) == 4


def test_the_redemption_report_costs_the_same_queries_for_many_rows(client, w, django_assert_max_num_queries):
    keeper = access.actor_for(w.keeper)
    services.stock_in(actor=keeper, goods=w.soap, quantity="100", source="供销社")
    factories.household_points(w.home, w.scheme, 1000)
    for n in range(30):
        services.redeem(actor=keeper, shop=w.shop, goods=w.soap, household=w.home, quantity="1",
                        request_key=f"many-key-{n:06d}")
    client.force_login(w.keeper)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("points:shop_redemptions", args=[w.shop.pk]))
    assert page.content.decode().count("DH-") == 30


def test_spending_points_asks_first_and_then_says_where_to_collect(client, w):
    client.force_login(w.villager)
    page = client.get(reverse("points:shop", args=[w.shop.pk])).content.decode()
    oil_row = re.search(r'<tr data-goods="食用油">.*?</tr>', page, re.S).group(0)
    assert 'data-confirm="确认用 30 分兑换 食用油（1 桶）？兑换后积分即扣减。"' in oil_row
    key = re.search(r'name="request_key" value="([^"]+)"', oil_row).group(1)
    done = client.post(reverse("points:redeem", args=[w.shop.pk]),
                       {"goods": w.oil.pk, "quantity": "1", "request_key": key}, follow=True).content.decode()
    assert f"请凭兑换单号到{w.shop.name}领取。" in done
    client.force_login(w.keeper)
    page = client.get(reverse("points:shop", args=[w.shop.pk])).content.decode()
    keeper_form = re.search(r'<form[^>]*class="redeem-form".*?</form>', page, re.S).group(0)
    assert 'data-confirm="确认为该户兑换？' in keeper_form
    report = client.get(reverse("points:shop_redemptions", args=[w.shop.pk])).content.decode()
    assert re.search(r'<button type="submit" class="danger" data-confirm="确认退货？[^"]*">退货</button>',
                     report)


def test_the_redemption_report_and_its_export_name_the_keeper_not_the_login(client, w):
    w.keeper.first_name = "陈保管"
    w.keeper.save(update_fields=["first_name"])
    keeper = access.actor_for(w.keeper)
    services.redeem(actor=keeper, shop=w.shop, goods=w.oil, household=w.home, quantity="1",
                    request_key="named-key-0001")
    client.force_login(w.keeper)
    url = reverse("points:shop_redemptions", args=[w.shop.pk])
    page = client.get(url).content.decode()
    assert '<td data-label="经办人">陈保管</td>' in page and w.keeper.username not in page
    xlsx = client.get(url + "?export=xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][rows[0].index("经办人")] == "陈保管"
