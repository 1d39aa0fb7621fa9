"""积分超市 over the API alone: the keeper opens a shop, shelves and stocks a good; a villager sees their
village's shelf and redeems (once per Idempotency-Key, mapped onto the shop's request key); the keeper
takes the return; the registers and the stock report as the pages have them; errors by field; scope."""


import pytest

from zhenxing.core.models import LedgerAccount
from zhenxing.points.shop.models import Redemption
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/points"



@pytest.fixture
def w(district):
    a1 = district["village_a1"]
    scheme = factories.spendable_scheme(district["county"])
    home = factories.household(a1, district["grid_a1"])
    head = factories.person(home, name="王兑换")
    villager = factories.user("villager", a1)
    head.user = villager
    head.save(update_fields=["user"])
    factories.household_points(home, scheme, 40)
    keeper = factories.user("village_cadre", a1)
    return type("W", (), {"units": district, "scheme": scheme, "home": home, "villager": villager,
                          "keeper": keeper})


def test_a_good_goes_from_the_shelf_to_a_villager_and_back_over_the_api(client, w):
    client.force_login(w.keeper)
    opened = post(client, f"{API}/shops", {"village": w.units["village_a1"].code, "name": "一村积分超市",
                                          "scheme": w.scheme.pk})
    assert opened.status_code == 201, opened.content
    shop = opened.json()
    assert shop["village"] == w.units["village_a1"].name and shop["status"] == "营业中"
    shelved = post(client, f"{API}/goods", {"shop": shop["id"], "name": "食用油", "unit": "桶", "price": 15})
    assert shelved.status_code == 201, shelved.content
    oil = shelved.json()
    assert oil["stock"] == 0 and oil["price"] == 15
    stocked = post(client, f"{API}/stock-ins", {"shop": shop["id"], "goods": oil["id"], "quantity": 5,
                                                 "source": "供销社"})
    assert stocked.status_code == 201, stocked.content
    assert stocked.json()["quantity"] == 5 and stocked.json()["shop"] == "一村积分超市"
    edited = post(client, f"{API}/goods/{oil['id']}/edit", {"name": "食用油", "unit": "桶", "price": 20,
                                                              "active": True})
    assert edited.json()["price"] == 20

    client.force_login(w.villager)
    shelf = client.get(f"{API}/goods?shop={shop['id']}").json()
    assert [(g["name"], g["stock"]) for g in shelf["items"]] == [("食用油", 5)]
    key = {"Idempotency-Key": "phone-redeem-0001"}
    first = post(client, f"{API}/redemptions", {"shop": shop["id"], "goods": oil["id"], "quantity": 2}, **key)
    assert first.status_code == 201, first.content
    again = post(client, f"{API}/redemptions", {"shop": shop["id"], "goods": oil["id"], "quantity": 2}, **key)
    assert again.status_code == 201 and again.json() == first.json()
    done = first.json()
    assert done["points"] == 40 and done["household"] == w.home.number and done["status"] == "已兑换"
    assert Redemption.objects.count() == 1 and Redemption.objects.get().request_key.startswith("api-")
    short = post(client, f"{API}/redemptions", {"shop": shop["id"], "goods": oil["id"], "quantity": 1},
                 **{"Idempotency-Key": "phone-redeem-0002"})
    assert short.status_code == 422 and "积分不足" in short.json()["errors"]["quantity"][0]
    mine = client.get(f"{API}/redemptions").json()
    assert [x["code"] for x in mine["items"]] == [done["code"]]
    assert post(client, f"{API}/redemptions/{done['id']}/cancel", {"reason": "买错了"}).status_code == 404

    client.force_login(w.keeper)
    returned = post(client, f"{API}/redemptions/{done['id']}/cancel", {"reason": "包装破损"})
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "已退货" and returned.json()["cancel_reason"] == "包装破损"
    assert LedgerAccount.objects.get(holder=f"goods:{oil['id']}").balance == 5
    report = client.get(f"{API}/shops/{shop['id']}/stock?start=2000-01-01").json()
    assert [(x["goods"], x["stocked"], x["redeemed"], x["current"]) for x in report["items"]] == \
        [("食用油", 5, 0, 5)]
    ins = client.get(f"{API}/stock-ins?shop={shop['id']}").json()
    assert ins["count"] == 1 and ins["items"][0]["source"] == "供销社"
    client.force_login(w.villager)
    assert client.get(f"{API}/shops/{shop['id']}/stock").status_code == 404
    assert client.get(f"{API}/stock-ins").status_code == 404


def test_the_keeper_redeems_for_a_household_by_its_number(client, w):
    shop = factories.points_shop(w.units["village_a1"], w.scheme)
    soap = factories.shop_goods(shop, name="香皂", price=5, stock=3, unit="块")
    client.force_login(w.keeper)
    body = {"shop": shop.pk, "household": w.home.number, "goods": soap.pk, "quantity": 2,
            "request_key": "page-form-key-01"}
    assert post(client, f"{API}/redemptions", body).status_code == 201
    assert post(client, f"{API}/redemptions", body).json()["household"] == w.home.number  # the page's key
    assert Redemption.objects.count() == 1
    missing = post(client, f"{API}/redemptions", {**body, "household": "999", "request_key": ""})
    assert missing.status_code == 422
    assert missing.json()["errors"]["household"] == [f"{w.units['village_a1'].name}没有户号为“999”的农户"]


def test_every_wrong_field_is_named_at_once(client, w):
    shop = factories.points_shop(w.units["village_a1"], w.scheme)
    client.force_login(w.keeper)
    answer = post(client, f"{API}/stock-ins", {"shop": shop.pk, "goods": "x", "quantity": "0",
                                                "received_on": "2024-13-01", "note": "备" * 201})
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert errors == {"goods": ["请选择商品"], "quantity": ["入库数量应在 1–10000 之间"],
                      "source": ["请填写来源"], "note": ["备注不能超过 200 个字"],
                      "received_on": ["入库日期格式应为 YYYY-MM-DD"]}
    bad = post(client, f"{API}/shops", {"village": "nowhere", "name": "", "scheme": "x"}).json()["errors"]
    assert bad == {"village": ["请选择所在村"], "name": ["请填写超市名称"], "scheme": ["请选择兑换积分方案"]}
    goods = post(client, f"{API}/goods", {"shop": shop.pk, "unit": "吨", "price": "1.5"}).json()["errors"]
    assert set(goods) == {"name", "unit", "price"}


def test_outside_the_scope_is_not_found(client, w):
    other = factories.points_shop(w.units["village_b1"], w.scheme)
    rice = factories.shop_goods(other, name="大米", price=5, stock=3, unit="袋")
    client.force_login(w.keeper)
    assert client.get(f"{API}/shops/{other.pk}").status_code == 404
    assert client.get(f"{API}/goods/{rice.pk}").status_code == 404
    assert post(client, f"{API}/goods", {"shop": other.pk, "name": "米", "unit": "袋",
                                         "price": 1}).status_code == 404
    assert post(client, f"{API}/goods/{rice.pk}/edit", {"name": "米", "unit": "袋", "price": 1}).status_code \
        == 404
    client.force_login(w.villager)
    redeem = post(client, f"{API}/redemptions", {"shop": other.pk, "goods": rice.pk, "quantity": 1})
    assert redeem.status_code == 404
    assert client.get(f"{API}/shops").json()["count"] == 0
