"""积分细则 in a browser: the district admin creates the default schemes, makes a new version of 七色积分 and
raises an item's points in it; a village secretary makes the village's own version, and a value outside the
district's allowance is refused with the item and the field named."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def new_version(page, scheme: str, day: str):
    page.get_by_role("region", name=scheme).get_by_role("link", name="新建版本").click()
    page.get_by_label("生效日期").fill(day)
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()


def test_the_district_changes_an_item_and_a_village_stays_within_the_allowance(world, as_user, live_server):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    page = as_user(world.users.district_admin)
    page.goto(f"{live_server.url}/points/rules/")
    page.get_by_role("button", name="为沈北新区创建默认积分方案").click()
    expect(page.locator(".messages")).to_contain_text("已创建默认积分方案")
    seven = page.get_by_role("region", name="七色积分")
    expect(seven.locator("table.books")).to_contain_text("现行")

    new_version(page, "七色积分", tomorrow)
    expect(page.get_by_role("heading", level=1)).to_contain_text("第2版")
    expect(page.get_by_role("heading", level=1)).to_contain_text("待生效")
    expect(page.locator("h2", has_text="人居环境").locator(".swatch")).to_have_attribute(
        "style", "background: #1a9641")
    page.locator("tr[data-code='G01']").get_by_role("link", name="修改").click()
    page.get_by_label("分值").fill("十二")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("分值：分值应为整数")
    page.get_by_label("分值").fill("12")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存条目“G01")
    expect(page.locator("tr[data-code='G01'] td[data-label='分值']")).to_have_text("12")

    page.get_by_role("button", name="退出").click()
    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/points/rules/")
    new_version(page, "七色积分", tomorrow)
    expect(page.get_by_role("heading", level=1)).to_contain_text("A街1村")
    page.locator("tr[data-code='G01']").get_by_role("link", name="修改").click()
    page.get_by_label("分值").fill("20")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "分值：“G01 获评“美丽庭院””的分值应在区级规定的 5–15 之间，不能为 20")
    page.get_by_label("分值").fill("15")
    page.get_by_label("周期上限（分）").fill("11")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("周期上限不得高于区级的每年 10 分")
    page.get_by_label("周期上限（分）").fill("10")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("tr[data-code='G01'] td[data-label='分值']")).to_have_text("15")
