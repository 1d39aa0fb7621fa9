"""积分排名 and 公示 in a browser: the village secretary opens the village's ranking for a year, publishes
it with a seven-day objection period; a villager finds it under 积分公示 with the names masked and files
an objection for their household; the secretary resolves it."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from zhenxing.points.publish.models import Objection
from zhenxing.testing import factories

pytestmark = pytest.mark.browser


def test_the_secretary_publishes_a_ranking_a_villager_objects_and_it_is_resolved(world, as_user, live_server):
    a1, grid = world.units["village_a1"], world.units["grid_a1"]
    scheme = factories.points_scheme(world.units["county"], code="QS", name="七色积分")
    other = factories.household(a1, grid)
    factories.person(other, name="刘德明")
    factories.points_entry(scheme, other, 15, date(2024, 6, 1))
    factories.points_entry(scheme, world.home, 8, date(2024, 6, 2))
    villager = factories.user("villager", a1, username="cunmin")
    world.head.user = villager
    world.head.save(update_fields=["user"])

    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/points/rankings/")
    page.get_by_label("积分方案").select_option(label="七色积分")
    page.get_by_label("村/社区或网格").select_option(label="A街1村")
    page.get_by_label("期间").fill("2024")
    with page.expect_navigation():
        page.get_by_role("button", name="查看排名").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A街1村2024年度七色积分排名")
    rows = page.locator("table.ranking tbody tr")
    expect(rows.first).to_contain_text("刘德明")
    expect(rows.nth(1)).to_contain_text("王建国")
    page.get_by_label("申诉期（天）").fill("7")
    with page.expect_navigation():
        page.get_by_role("button", name="公示本期排名").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("A街1村2024年度七色积分公示")
    expect(page.locator(".messages")).to_contain_text("申诉期7天")

    page = as_user(villager)
    page.goto(f"{live_server.url}/points/publications/")
    with page.expect_navigation():
        page.get_by_role("link", name="A街1村").click()
    table = page.locator("table.ranking")
    expect(table).to_contain_text("刘*明")
    expect(table).to_contain_text("王*国")
    expect(table).not_to_contain_text("王建国")
    page.get_by_label("申诉内容").fill("六月参加环境整治两次，只计了一次")
    with page.expect_navigation():
        page.get_by_role("button", name="提交申诉").click()
    expect(page.locator(".messages")).to_contain_text("申诉已提交")
    expect(page.locator("section.objection")).to_contain_text("待处理")
    assert Objection.objects.get().household == world.home

    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/points/publications/")
    with page.expect_navigation():
        page.get_by_role("link", name="A街1村").click()
    objection = page.locator("section.objection")
    expect(objection).to_contain_text("六月参加环境整治两次")
    objection.get_by_label("处理结果").select_option(label="申诉成立")
    with page.expect_navigation():
        objection.get_by_role("button", name="提交处理").click()
    expect(page.locator(".messages")).to_contain_text("申诉成立须在处理意见中写明更正内容")
    objection = page.locator("section.objection")
    objection.get_by_label("处理结果").select_option(label="申诉成立")
    objection.get_by_label("处理意见").fill("补记环境整治一次，另行申报")
    with page.expect_navigation():
        objection.get_by_role("button", name="提交处理").click()
    expect(page.locator("section.objection")).to_contain_text(re.compile("申诉成立.*补记环境整治一次", re.S))
