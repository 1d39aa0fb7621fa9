"""执法监管 and 政策制度 as users work them: a street administrator records a violation, the village
reports it rectified, the street closes it with photo evidence; the district changes the area cap with
a new version of its policy and the rules page cites it."""

import re

import pytest
from playwright.sync_api import expect

from zhenxing.testing import factories

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_record_a_violation_and_close_it_with_evidence(world, as_user, live_server):
    parcel = factories.parcel(world.units["village_a1"], world.home)
    page = as_user(world.users.street_admin)
    page.goto(f"{live_server.url}/homestead/violations/")
    page.get_by_role("link", name="登记违法违规").click()
    page.get_by_label("宗地代码").fill(parcel.code)
    page.get_by_label("违法类型").select_option(label="未批先建")
    page.get_by_label("发现日期").fill("2024-09-20")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".errors")).to_contain_text("情况描述：请填写情况描述")  # nothing saved yet
    page.get_by_label("情况描述").fill("未经批准在院内新建厢房一处")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/homestead/violations/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("WF-2024-0001")
    expect(page.locator(".messages")).to_contain_text("整改期限 2024-10-23")
    expect(page.locator(".overdue-flag")).to_have_text("超期未整改")

    page.get_by_role("button", name="报告整改完成").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已整改")
    page.get_by_label("结案意见").fill("经现场核查，违建已拆除")
    page.get_by_role("button", name="结案", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("佐证材料：“结案”须上传至少 1 份材料")
    page.get_by_label("结案意见").fill("经现场核查，违建已拆除")
    page.get_by_label("结案佐证材料").set_input_files(
        files=[{"name": "拆除后照片.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="结案", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已结案")
    expect(page.locator(".overdue-flag")).to_have_count(0)
    expect(page.get_by_role("link", name="拆除后照片.png")).to_be_visible()

    page.goto(f"{live_server.url}/homestead/violations/overdue/")
    expect(page.get_by_text("没有超期未整改的违法违规。")).to_be_visible()


def test_a_new_policy_version_changes_the_cap_on_the_rules_page(world, as_user, live_server):
    page = as_user(world.users.district_admin)
    page.goto(f"{live_server.url}/homestead/policies/rules/")
    cap_row = page.locator("tr", has_text="每户宅基地面积上限")
    expect(cap_row).to_contain_text("默认值（未由政策设定）")

    page.goto(f"{live_server.url}/homestead/policies/")
    page.get_by_role("link", name="录入政策").click()
    page.get_by_label("标题").fill("沈北新区农村宅基地审批管理办法")
    page.get_by_label("文号").fill("沈北政办发〔2020〕15号")
    page.get_by_label("发文机关").fill("沈北新区人民政府办公室")
    page.get_by_label("层级").select_option(label="区")
    page.get_by_label("类别").select_option(label="审批")
    page.get_by_label("施行日期").fill("2020-05-01")
    page.get_by_label("全文").fill("第一条 ……")
    page.get_by_label("每户宅基地面积上限（m²）").fill("400")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("沈北新区农村宅基地审批管理办法")

    page.get_by_role("link", name="录入新版本").click()
    page.get_by_label("施行日期").fill("2023-01-01")
    page.get_by_label("全文").fill("第一条 修订后 ……")
    page.get_by_label("修订说明").fill("面积上限调整为 300 平方米")
    page.get_by_label("每户宅基地面积上限（m²）").fill("3000")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".errors")).to_contain_text("“每户宅基地面积上限”应在 50–2000 m²之间")
    page.get_by_label("每户宅基地面积上限（m²）").fill("300")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已录入第2版")

    page.get_by_role("link", name="规则与取值").click()
    cap_row = page.locator("tr", has_text="每户宅基地面积上限")
    expect(cap_row).to_contain_text("300.00 m²")
    expect(cap_row).to_contain_text("沈北新区农村宅基地审批管理办法（沈北政办发〔2020〕15号）")
    expect(cap_row).to_contain_text("第2版，2023-01-01 起施行")
