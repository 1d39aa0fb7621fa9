"""吹哨报到 across the roles: a grid worker reports from the phone form, the village whistles, the street
dispatches to the water department, the department accepts and resolves with a photo, the street tells
the reporter what was done (反馈) and the grid worker reads it on the case page, and the street's
follow-up visit closes the case with the reporter's satisfaction and its evaluation of the department."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhenxing.testing import factories

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_case_loop_from_report_to_follow_up(world, as_user, live_server, page):
    water = factories.department(world.units["county"], "水务局")
    factories.dispatch_category(water, name="供水管道破裂", urgency="utilities")
    grid = factories.user("grid_worker", world.units["grid_a1"], username="wangge")
    staff = factories.user("department_staff", water, username="shuiwu")

    def switch(user):
        page.context.clear_cookies()
        return as_user(user)

    switch(grid)
    page.goto(f"{live_server.url}/governance/cases/report/")
    page.get_by_label("村/社区或网格").select_option(label="A街1村第一网格")
    page.get_by_label("事项类别").select_option(label="供水管道破裂")
    page.get_by_role("button", name="上报").click()
    expect(page.locator(".errors")).to_contain_text("问题描述：请填写问题描述")
    page.get_by_label("问题描述").fill("村东头自来水管破裂，路面结冰")
    page.get_by_label("现场照片").set_input_files(files=[{"name": "现场.png", "mimeType": "image/png",
                                                         "buffer": PNG}])
    page.get_by_role("button", name="上报").click()
    expect(page).to_have_url(re.compile(r"/governance/cases/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("已上报")
    expect(page.get_by_role("link", name="现场.png")).to_be_visible()
    case_url = page.url

    switch(world.users.village_secretary).goto(case_url)
    page.get_by_label("吹哨（报街道）意见").fill("管道属区供水主管网，村里无法维修")
    page.get_by_role("button", name="吹哨（报街道）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已吹哨")

    switch(world.users.street_admin).goto(case_url)
    page.get_by_label("主办部门").select_option(label="水务局")
    page.get_by_role("button", name="派单", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已派单")

    switch(staff).goto(f"{live_server.url}/governance/cases/")
    page.get_by_role("link", name=re.compile(r"AJ-\d{4}-000001")).click()
    page.get_by_role("button", name="报到（接单）").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("办理中")
    page.get_by_label("办结结果").fill("已更换破裂管段，恢复供水")
    page.get_by_label("办结佐证材料").set_input_files(files=[{"name": "修复后.png", "mimeType": "image/png",
                                                           "buffer": PNG + b"2"}])
    page.get_by_role("button", name="办结", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已办结")

    switch(world.users.street_admin).goto(case_url)
    expect(page.get_by_role("button", name="回访结案")).to_have_count(0)  # feedback comes first
    page.get_by_label("反馈方式").select_option(label="电话")
    page.get_by_role("button", name="反馈", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("反馈内容：此项必填")
    page.get_by_label("反馈方式").select_option(label="电话")
    page.get_by_label("反馈内容").fill("已电话告知：破裂管段已更换，恢复供水")
    page.get_by_role("button", name="反馈", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已反馈（待回访）")

    switch(grid).goto(f"{live_server.url}/governance/cases/mine/")
    page.get_by_role("link", name=re.compile(r"AJ-\d{4}-000001")).click()
    expect(page.locator("dl.fields")).to_contain_text("电话：已电话告知：破裂管段已更换，恢复供水")
    expect(page.get_by_role("button", name="回访结案")).to_have_count(0)

    switch(world.users.street_admin).goto(case_url)
    page.get_by_label("满意度").select_option(label="满意")
    page.get_by_label("街道评价").select_option(label="好")
    page.get_by_role("button", name="回访结案").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已结案")
    expect(page.locator("dl.fields")).to_contain_text("已更换破裂管段")
    page.goto(f"{live_server.url}/governance/cases/rates/")  # the last full month, which had no cases
    expect(page.locator(".period")).to_contain_text("上一个完整月")
    page.get_by_label("月份").fill(f"{timezone.localdate():%Y-%m}")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".period")).to_contain_text("本月，截至今日")
    expect(page.locator("tr", has_text="水务局")).to_contain_text("100.0%")
