"""积分申报 in the browser: a grid worker proposes 庭院整洁 for a household from the phone form with a photo,
the village secretary approves it from the pending list, and the household's itemised history shows the
entry with its colour and the running balance — also to the household's own villager."""

import re

import pytest
from playwright.sync_api import expect

from zhenxing.testing import factories

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_grid_worker_proposes_with_a_photo_and_the_secretary_approves(world, as_user, live_server, page):
    county = world.units["county"]
    scheme = factories.claims_scheme(county, code="QS", subject="household", name="七色积分")
    green = factories.points_category(scheme, "green", "人居环境", "#388e3c")
    book = factories.claims_rule_book(scheme, county)
    factories.claims_rule_item(book, points=5, category=green, code="G01", name="庭院整洁",
                               evidence_required=True)
    grid = factories.user("grid_worker", world.units["grid_a1"], username="wangge")
    villager = factories.user("villager", world.units["village_a1"], username="wangjianguo")
    world.head.user = villager
    world.head.save(update_fields=["user"])

    def switch(user):
        page.context.clear_cookies()
        return as_user(user)

    page.set_viewport_size({"width": 390, "height": 844})  # a grid worker's phone
    switch(grid).goto(f"{live_server.url}/points/claims/new/")
    page.get_by_label("积分方案").select_option(label="七色积分（农户）")
    page.get_by_label("对象（户编号或党员姓名）").fill(world.home.number)
    page.get_by_label("积分条目").select_option(label="人居环境 · 庭院整洁（+5/次，需佐证）")
    page.get_by_label("事由").fill("庭院干净整洁，柴草堆放整齐")
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator(".messages")).to_contain_text("“庭院整洁”须上传佐证材料")
    page.get_by_label("佐证材料（照片或文件，可多选）").set_input_files(
        files=[{"name": "院子.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="提交申报").click()
    expect(page).to_have_url(re.compile(r"/points/claims/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("待审核")
    expect(page.get_by_role("link", name="院子.png")).to_be_visible()
    code = re.search(r"JF-\d{4}-\d{6}", page.get_by_role("heading", level=1).inner_text()).group(0)

    page.set_viewport_size({"width": 1280, "height": 900})
    switch(world.users.village_secretary).goto(f"{live_server.url}/points/claims/")
    row = page.locator("table.claims tr", has_text=code)
    row.get_by_role("button", name=f"通过 {code}").click()
    expect(page.locator(".messages")).to_contain_text(f"申报 {code} 已通过，+5 分已记入积分账户")
    expect(page.locator("table.claims")).not_to_contain_text(code)  # no longer waiting

    page.goto(f"{live_server.url}/points/claims/?state=approved")
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已通过")
    page.get_by_role("link", name="积分明细").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"农户 {world.home.number}")
    entry = page.locator("table.statement tbody tr").first
    expect(entry).to_contain_text("庭院整洁")
    expect(entry).to_contain_text("人居环境")
    expect(entry.locator("td[data-label='分值']")).to_have_text("+5")
    expect(entry.locator("td[data-label='余额']")).to_have_text("5")

    switch(villager).goto(f"{live_server.url}/points/mine/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"农户 {world.home.number}")
    expect(page.locator("table.statement")).to_contain_text(code)
