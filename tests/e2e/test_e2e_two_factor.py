"""An administrator without a second factor is sent to enrol right after the password, scans (here: reads)
the secret, confirms with a code, keeps the recovery codes, and from then on signs in with a code."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from zhenxing.testing import factories

pytestmark = pytest.mark.browser


def test_an_administrator_enrols_and_then_signs_in_with_a_code(world, page, live_server):
    factories.user("district_admin", world.units["county"], username="xinguan", two_factor=False)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("xinguan")
    page.get_by_label("密码").fill(world.password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(re.compile(r"/account/2fa/$"))
    expect(page.get_by_role("status")).to_contain_text("管理员账号必须使用两步验证")
    expect(page.locator("figure.qr svg")).to_be_visible()
    page.goto(f"{live_server.url}/people/households/")  # nothing else is reachable until done
    expect(page).to_have_url(re.compile(r"/account/2fa/$"))

    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_label("验证码").fill(pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.get_by_role("button", name="绑定").click()
    expect(page.get_by_label("恢复码").locator("li")).to_have_count(10)

    page.goto(f"{live_server.url}/people/households/")
    expect(page.get_by_role("heading", level=1)).to_have_text("户籍台账")
    with page.expect_navigation():
        page.get_by_role("button", name="退出").click()

    page.get_by_label("用户名").fill("xinguan")
    page.get_by_label("密码").fill(world.password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/login/code/$"))
    page.get_by_label("验证码").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_role("alert")).to_contain_text("验证码错误")

    # The enrolment code's 30-second step is used up; the next step's code is accepted (clock drift).
    page.get_by_label("验证码").fill(pyotp.TOTP(secret).at(int(page.evaluate("Date.now()")) / 1000 + 30))
    with page.expect_navigation():
        page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的待办")
    expect(page.locator("header .who")).to_contain_text("区级管理员")
