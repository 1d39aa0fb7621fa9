"""流转 and 自愿有偿退出 as users work them: a clerk files a contract that ends soon and finds it in the
expiry reminders; an exit goes from the village through the street's approval to the collective's recovery."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from zhenxing.core.idcard import make_id_number
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.testing import factories

pytestmark = pytest.mark.browser


def test_a_contract_filed_to_end_soon_shows_highlighted_in_the_expiry_list(world, as_user, live_server):
    parcel = factories.parcel(world.units["village_a1"], world.home, use_status="revitalised")
    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/homestead/transfers/")
    page.get_by_role("link", name="新建流转合同").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("新建流转合同")

    today = date.today()
    page.get_by_label("宗地代码").fill(parcel.code)
    page.get_by_label("流转方式").select_option(label="出租")
    page.get_by_label("流入方名称").fill("刘民宿")
    page.get_by_label("流入方类型").select_option(label="个人")
    page.get_by_label("证件号码").fill("2101131980")  # too short: refused, nothing written
    page.get_by_label("用途").select_option(label="民宿")
    page.get_by_label("起始日期").fill((today - timedelta(days=300)).isoformat())
    page.get_by_label("终止日期").fill((today + timedelta(days=20)).isoformat())
    page.get_by_label("年租金（元）").fill("15000")
    page.get_by_label("支付方式").select_option(label="按年")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("证件号码：身份证号应为18位")

    page.get_by_label("证件号码").fill(make_id_number("210113", date(1980, 4, 5), 3, "M"))
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("流转合同 LZ-")
    expect(page.get_by_role("heading", level=1)).to_contain_text("20 天后到期")
    code = re.search(r"LZ-\d{4}-\d{6}", page.get_by_role("heading", level=1).inner_text()).group(0)

    page.get_by_role("link", name="到期提醒").click()
    row = page.locator("table.expiry tbody tr", has_text=code)
    expect(row).to_have_class("expiring")
    expect(row).to_contain_text("20 天后到期")
    expect(row).to_contain_text("刘民宿")


def test_an_exit_goes_through_approval_to_recovery(world, as_user, live_server):
    parcel = factories.parcel(world.units["village_a1"], world.home, area_m2="240")
    page = as_user(world.users.village_cadre)
    page.goto(f"{live_server.url}/homestead/exits/new/")
    page.get_by_label("宗地代码").fill(parcel.code)
    page.get_by_label("房屋价值（元）").fill("60000")
    page.get_by_label("土地价值（元）").fill("20000")
    page.get_by_label("资格权价值（元）").fill("10000")
    page.get_by_label("奖励（元）").fill("3000")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#exit-state")).to_have_text("待提交")
    expect(page.locator("dl.fields")).to_contain_text("93,000.00 元")
    url = page.url
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#exit-state")).to_have_text("审核中")

    page.context.clear_cookies()  # the street reviews in its own session
    street = as_user(world.users.street_admin)
    street.goto(url)
    street.get_by_role("button", name="审核通过").click()
    expect(street.locator("#exit-state")).to_have_text("已通过")
    street.get_by_role("button", name="登记补偿支付").click()
    expect(street.locator("#exit-state")).to_have_text("已补偿")
    questions = []
    street.on("dialog", lambda d: (questions.append(d.message), d.accept()))  # recovery asks first
    street.get_by_role("button", name="集体收回").click()
    expect(street.locator("#exit-state")).to_have_text("已收回")
    assert questions == ["确定由集体收回此宗地？收回后退出办结，不能撤销。"]
    expect(street.locator("table.history tbody tr")).to_have_count(4)
    parcel = Parcel.objects.get(pk=parcel.pk)
    assert parcel.household_id is None and parcel.use_status == "idle"
