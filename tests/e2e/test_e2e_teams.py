"""A village's party member service team: the secretary creates it, takes a party member in, records a
volunteer activity with the member's hours, and the hours show on the team page."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_team_is_created_manned_and_its_activity_recorded(world, as_user, live_server):
    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/governance/teams/")
    page.get_by_role("link", name="新建队伍").click()
    page.get_by_label("所属单位代码（村或街道）").fill(world.units["village_a1"].code)
    page.get_by_label("队伍名称").fill("A街1村党员服务队")
    page.get_by_label("成立日期").fill("2023-07-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A街1村党员服务队")

    page.get_by_label("人员").select_option(label="王建国（党员）")
    page.get_by_role("button", name="加入队伍").click()
    expect(page.locator("table.members")).to_contain_text("王建国")

    form = page.locator("form.activity-form")
    form.get_by_label("活动名称").fill("清扫村路")
    form.get_by_label("王建国").fill("二")
    form.get_by_role("button", name="保存活动").click()
    expect(page.locator(".messages")).to_contain_text("王建国的时长应为数字")
    form.get_by_label("活动名称").fill("清扫村路")
    form.get_by_label("王建国").fill("2.5")
    form.get_by_role("button", name="保存活动").click()
    expect(page.locator("table.activities")).to_contain_text("清扫村路")
    expect(page.locator("table.members td[data-label='累计服务时长（小时）']")).to_have_text("2.5")
