"""积分超市 in the browser: the village keeper stocks cooking oil in, the villager sees their balance and
redeems it; balance and stock drop once, though the button is clicked twice and the same form is sent
again."""

import re

import pytest
from playwright.sync_api import expect

from zhenxing.core.models import LedgerAccount
from zhenxing.points.shop.models import Redemption
from zhenxing.testing import factories

pytestmark = pytest.mark.browser


def test_the_keeper_stocks_in_and_the_villager_redeems_once(world, as_user, live_server, page):
    scheme = factories.spendable_scheme(world.units["county"])
    shop = factories.points_shop(world.units["village_a1"], scheme)
    oil = factories.shop_goods(shop, name="食用油", price=30, stock=0, unit="桶")
    factories.shop_goods(shop, name="电饭锅", price=150, stock=3, unit="个")
    factories.household_points(world.home, scheme, 100)
    villager = factories.user("villager", world.units["village_a1"], username="cunmin")
    world.head.user = villager
    world.head.save(update_fields=["user"])
    shop_url = f"{live_server.url}/points/shops/{shop.pk}/"

    as_user(world.users.village_cadre).goto(shop_url)
    form = page.locator("form.stock-in-form")
    form.get_by_label("入库商品").select_option(label="食用油")
    form.get_by_label("入库数量").fill("0")
    form.get_by_label("来源").fill("街道供销社")
    form.get_by_role("button", name="入库").click()
    expect(page.locator(".messages")).to_contain_text("入库数量应在 1–")
    form.get_by_label("入库商品").select_option(label="食用油")
    form.get_by_label("入库数量").fill("5")
    form.get_by_label("来源").fill("街道供销社")
    form.get_by_role("button", name="入库").click()
    expect(page.locator(".messages")).to_contain_text("“食用油”入库 5桶")
    oil_row = page.locator("table.goods tr", has_text="食用油")
    expect(oil_row.locator("td[data-label='库存']")).to_have_text("5")

    page.context.clear_cookies()
    as_user(villager)
    page.locator("nav#nav").get_by_role("link", name="积分超市").click()
    page.get_by_role("link", name=shop.name).click()
    expect(page.locator(".points-balance")).to_have_text("100")
    expect(page.locator("tr", has_text="电饭锅")).to_contain_text("积分不足")
    row = page.locator("tr", has_text="食用油")
    fields = {name: row.locator(f"input[name='{name}']").get_attribute("value")
              for name in ("csrfmiddlewaretoken", "request_key", "goods", "quantity")}
    questions = []
    page.on("dialog", lambda d: (questions.append(d.message), d.accept()))  # spending points asks first
    row.get_by_role("button", name="兑换食用油").dblclick()
    expect(page.locator(".messages")).to_contain_text("兑换成功")
    expect(page.locator(".messages")).to_contain_text(f"请凭兑换单号到{shop.name}领取")
    assert questions and questions[0] == "确认用 30 分兑换 食用油（1 桶）？兑换后积分即扣减。"
    # The same form sent once more (a resent request after a timeout): it answers with the first redemption.
    again = page.request.post(f"{shop_url}redeem/", form=fields, headers={"Referer": shop_url})
    assert again.ok
    page.goto(shop_url)
    expect(page.locator(".points-balance")).to_have_text("70")
    expect(page.locator("tr", has_text="食用油").locator("td[data-label='库存']")).to_have_text("4")
    expect(page.locator("table.history tbody tr")).to_have_count(1)
    expect(page.locator("table.history")).to_contain_text(re.compile(r"DH-\d{4}-000001"))
    assert Redemption.objects.count() == 1
    assert LedgerAccount.objects.get(pk=oil.stock_account_id).balance == 4
