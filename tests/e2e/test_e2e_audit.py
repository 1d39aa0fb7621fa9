"""审计日志 in the browser: the security auditor opens the log, reads who did what in Chinese, filters by a
person's name, verifies the chain with the button and sees it whole; on a phone the changes stay a table."""

import pytest
from playwright.sync_api import expect

from zhenxing.core import audit
from zhenxing.testing import factories

pytestmark = pytest.mark.browser


def named(role, place, name, username):
    u = factories.user(role, place, username=username)
    u.first_name = name
    u.save(update_fields=["first_name"])
    return u


@pytest.fixture
def log(world):
    units = world.units
    secretary = named("village_secretary", units["village_a1"], "李书记", "shuji_a1")
    water = named("department_staff", factories.department(units["county"], "水务局"), "赵水务", "shuiwu")
    auditor = named("audit_admin", units["county"], "郑审计", "shenji")
    case = factories.case(units["village_a1"], code="AJ-2024-000321")
    audit.record(actor=secretary, action="person.update", obj=world.head,
                 changes={"name": ["王建", "王建国"], "education": ["初中", "高中"]})
    audit.record(actor=secretary, action="governance.case.whistle", obj=case,
                 changes={"state": ["reported", "whistled"], "comment": "需水务局到场"})
    audit.record(actor=water, action="governance.case.resolve", obj=case,
                 changes={"state": ["handling", "resolved"], "comment": "管道已修复，恢复供水"})
    return auditor


def rows(page):
    return page.locator("table.audit > tbody > tr")


def check_the_log(page, live_server, output_path, width):
    page.goto(f"{live_server.url}/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("审计日志")
    expect(rows(page)).to_have_count(4)  # the three, and the auditor's own sign-in
    expect(rows(page).first.locator("td[data-label='操作']")).to_have_text("登录")
    resolved = rows(page).filter(has_text="吹哨报到：办结")
    expect(resolved.locator("td[data-label='操作人']")).to_contain_text("赵水务")
    expect(resolved.locator("td[data-label='操作人']")).to_contain_text("水务局·部门工作人员")
    expect(resolved.locator("table.changes")).to_contain_text("已办结（待反馈）")
    expect(page.get_by_label("操作", exact=True)).to_have_attribute("placeholder", "如 办结、查看身份证号")

    page.get_by_label("操作人", exact=True).fill("李书记")
    page.get_by_role("button", name="查询").click()
    expect(rows(page)).to_have_count(2)
    expect(page.locator("table.audit td[data-label='操作人']").first).to_contain_text("李书记")
    expect(page.locator("table.audit")).not_to_contain_text("赵水务")
    page.screenshot(path=f"{output_path}/audit-log-{width}.png", full_page=True)

    page.get_by_role("button", name="校验审计链").click()
    expect(page.locator(".messages")).to_contain_text("审计链校验完成：完整")
    result = page.locator(".chain-check .intact")
    expect(result).to_contain_text("郑审计（沈北新区·安全审计员） 校验：审计链完整")
    expect(page.get_by_label("操作人", exact=True)).to_have_value("李书记")  # the log still filtered
    expect(rows(page)).to_have_count(2)
    page.screenshot(path=f"{output_path}/audit-verified-{width}.png", full_page=True)
    page.get_by_role("link", name="清除条件").click()
    expect(rows(page).first.locator("td[data-label='操作']")).to_have_text("校验审计链")
    assert page.evaluate("document.documentElement.scrollWidth") <= max(width, 1366)


def test_the_auditor_filters_by_a_person_and_verifies_the_chain(log, as_user, live_server, output_path):
    page = as_user(log)
    page.set_viewport_size({"width": 1366, "height": 900})
    check_the_log(page, live_server, output_path, 1366)


def test_the_log_on_a_phone(log, as_user, live_server, output_path):
    page = as_user(log)
    page.set_viewport_size({"width": 375, "height": 740})
    check_the_log(page, live_server, output_path, 375)
