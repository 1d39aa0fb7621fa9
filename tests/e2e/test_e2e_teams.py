"""党员服务队 in a browser: the village secretary founds the village's service team, adds two party
members, records a 置顶行动 activity with each one's hours, and sees the hours on the team page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_service_team_records_an_activity_with_hours(world, as_user, live_server):
    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/governance/teams/new/")
    page.get_by_label("所属单位").select_option(label="A街1村")
    page.get_by_label("名称").fill("A街1村党员服务队")
    page.get_by_label("成立日期").fill("2023-07-01")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A街1村党员服务队")
    for who in (world.head, world.child):
        page.get_by_label("人员编号").fill(str(who.pk))
        page.get_by_label("加入日期").fill("2023-07-01")
        with page.expect_navigation():
            page.get_by_role("button", name="添加队员").click()
        expect(page.locator("table.members")).to_contain_text(who.name)
    form = page.locator("form.mission-form")
    form.get_by_label("任务类型").select_option(label="志愿服务（置顶行动）")
    form.get_by_label("任务名称").fill("为独居老人打扫庭院")
    form.get_by_label("日期", exact=True).fill(str(timezone.localdate()))
    form.get_by_label(world.head.name).fill("2.5")
    form.get_by_label(world.child.name).fill("1")
    with page.expect_navigation():
        form.get_by_role("button", name="记录").click()
    expect(page.locator("table.missions")).to_contain_text("为独居老人打扫庭院")
    expect(page.locator("table.missions")).to_contain_text("3.5")
    expect(page.locator("table.members").get_by_role("row", name=world.head.name)).to_contain_text("2.5")
