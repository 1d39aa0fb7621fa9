"""The menus a grid worker and a villager see, on a desktop and on a phone: only what they can fill."""

import pytest
from playwright.sync_api import expect

from zhenxing.testing import factories

pytestmark = pytest.mark.browser

GRID_WORKER = ["人员台账", "户籍台账", "党员", "入户走访", "积分管理", "吹哨报到"]
VILLAGE_RECORDS = ["宅基地", "评理说事", "党员队伍", "组织架构"]
VILLAGER = ["宅基地审批", "我的家庭", "积分超市", "我的积分", "吹哨报到"]
STAFF_ONLY = ["人员台账", "户籍台账", "宅基地", "积分管理", "待办", "统计分析", "组织架构"]


def users(world):
    grid_worker = factories.user("grid_worker", world.units["grid_a1"], username="wangge")
    villager = factories.user("villager", world.units["village_a1"], username="cunmin")
    world.head.user = villager
    world.head.save(update_fields=["user"])
    return grid_worker, villager


def check_menu(page, shown, hidden):
    nav = page.locator("nav#nav")
    for label in shown:
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(1)
    for label in hidden:
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)


@pytest.mark.parametrize("width", [1366, 375])
def test_the_grid_worker_and_villager_menus(world, as_user, live_server, page, width, output_path):
    page.set_viewport_size({"width": width, "height": 800})
    grid_worker, villager = users(world)
    for who, user, shown, hidden, start in (
        ("grid-worker", grid_worker, GRID_WORKER, VILLAGE_RECORDS, "/people/households/"),
        ("villager", villager, VILLAGER, STAFF_ONLY, "/homestead/applications/"),
    ):
        as_user(user)
        page.goto(f"{live_server.url}{start}")
        if width < 600:
            page.get_by_role("button", name="菜单").click()
        check_menu(page, shown, hidden)
        if who == "villager":  # the applicant's list: no 超期督办, no 统计分析
            expect(page.get_by_role("link", name="超期督办")).to_have_count(0)
            expect(page.get_by_role("link", name="统计分析")).to_have_count(0)
            expect(page.get_by_role("link", name="新建申请")).to_be_visible()
        page.screenshot(path=f"{output_path}/menu-{who}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.context.clear_cookies()
