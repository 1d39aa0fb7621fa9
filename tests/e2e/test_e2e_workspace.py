"""Each role signs in to its own work: the village secretary's home is the queue with the new case first, it
whistles; the street admin finds it at the top of its queue and the menu's count, it dispatches; the
department finds it in its queue and in its messages, it reports in; the grid worker's home is today's work,
and it records a visit from there; the villager's home shows its household, points and application."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from zhenxing.governance.cases import services
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

pytestmark = pytest.mark.browser
SHOTS = settings.DATA_DIR / "screenshots"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"workspace-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_every_role_lands_on_its_work_and_acts_on_the_first_item(world, as_user, live_server, page):
    water = factories.department(world.units["county"], "水务局")
    burst = factories.dispatch_category(water, name="供水管道破裂", urgency="utilities")
    grid = factories.user("grid_worker", world.units["grid_a1"], username="wangge")
    staff = factories.user("department_staff", water, username="shuiwu")
    case = services.report(actor=actor_for(grid), place=world.units["grid_a1"], source="grid",
                           description="村东头自来水管破裂", category=burst)

    def switch(user):
        page.context.clear_cookies()
        return as_user(user)

    switch(world.users.village_secretary).goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的待办")
    first = page.locator("ol.todo li").first
    expect(first).to_contain_text(case.code)
    expect(first).to_contain_text("待村级办结、吹哨（报街道）")
    expect(page.locator("nav#nav .count")).to_have_text("1")
    shoot(page, "village")
    first.get_by_role("link").click()
    page.get_by_label("吹哨（报街道）意见").fill("管道属区供水主管网，村里无法维修")
    page.get_by_role("button", name="吹哨（报街道）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已吹哨")

    switch(world.users.street_admin).goto(live_server.url + "/")
    expect(page.locator("ol.todo li").first).to_contain_text("已吹哨（待派单）")
    expect(page.locator(".who .count")).to_have_text("1")  # the message that the case was whistled
    page.locator("ol.todo li").first.get_by_role("link").click()
    page.get_by_label("主办部门").select_option(label="水务局")
    page.get_by_role("button", name="派单", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已派单")

    switch(staff).goto(live_server.url + "/")
    item = page.locator("ol.todo li").first
    expect(item).to_contain_text("已派单（待报到）")
    expect(item.locator(".due")).to_contain_text("时限")
    shoot(page, "department")
    page.locator(".who a[href=\"/inbox/\"]").click()
    expect(page.locator("ul.inbox-list li").first).to_contain_text("派单，待您报到（接单）、退单")
    page.locator("ul.inbox-list li a").first.click()  # opens the case and marks the message read
    page.get_by_role("button", name="报到（接单）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办理中")
    page.goto(live_server.url + "/inbox/")
    expect(page.locator("ul.inbox-list li.unread")).to_have_count(0)

    switch(grid).goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("今日工作")
    expect(page.locator("ul.inbox-list")).to_contain_text(case.code)
    shoot(page, "grid")
    page.locator("ul.visit-list li").first.get_by_role("link", name="记录走访").click()
    expect(page).to_have_url(re.compile(r"/governance/grid/\d+/visit/$"))

    villager = factories.user("villager", world.units["village_a1"], username="cunmin")
    world.head.user = villager
    world.head.save(update_fields=["user"])
    application = factories.application(world.home, villager, state="publicity")
    switch(villager).goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")
    expect(page.locator(".cards")).to_contain_text(world.home.number)
    expect(page.locator(".application-card")).to_contain_text(application.code)
    expect(page.locator(".tracker [aria-current=step]")).to_contain_text("公示")
    shoot(page, "villager")
