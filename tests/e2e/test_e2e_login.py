"""Signing in: a wrong password, lockout after repeated failures, and landing on the dashboard."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from zhenxing.testing import factories

pytestmark = pytest.mark.browser


def test_wrong_password_shows_the_error_in_chinese(world, sign_in):
    page = sign_in("quguan", "not-the-password")

    assert page.url.endswith("/login/")
    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")
    expect(page.get_by_label("用户名")).to_have_value("quguan")


def test_repeated_failures_lock_the_account_even_for_the_right_password(world, sign_in):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        page = sign_in("quguan", "wrong-password-1")
        expect(page.get_by_role("alert")).to_have_text("用户名或密码错误。")

    page = sign_in("quguan", world.password)

    assert page.url.endswith("/login/")
    expect(page.get_by_role("alert")).to_contain_text("登录失败次数过多，账号已锁定")
    expect(page.get_by_role("alert")).to_contain_text("分钟后再试")


def test_good_login_lands_on_the_queue_and_statistics_open_the_users_unit(world, sign_in):
    page = sign_in("quguan", world.password)

    expect(page.get_by_role("heading", level=1)).to_have_text("我的待办")
    page.locator("nav#nav").get_by_role("link", name="统计分析").click()
    expect(page).to_have_url(re.compile(r"/stats/210113000000/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("沈北新区")
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"\d{4}年统计$"))
    expect(page.locator("header .who")).to_contain_text("区级管理员")


def test_pages_send_an_anonymous_visitor_to_login_and_back(world, page, live_server):
    page.goto(f"{live_server.url}/people/households/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/people/households/"))

    page.get_by_label("用户名").fill("quguan")
    page.get_by_label("密码").fill(world.password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    page.get_by_label("验证码").fill(factories.totp_code(world.users.district_admin))
    with page.expect_navigation():
        page.get_by_role("button", name="验证并登录").click()

    expect(page).to_have_url(re.compile(r"/people/households/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("户籍台账")
