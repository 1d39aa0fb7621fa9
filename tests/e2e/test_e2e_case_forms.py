"""吹哨报到's forms in a browser: a villager reports with their own name and phone already there and the
spot taken from the phone's position (or a tap on the village map), and is told what happens next; the
street's dispatch form follows the catalogue entry chosen (主办 and 协办 as checkboxes)."""

import re

import pytest
from playwright.sync_api import expect

from zhenxing.governance.cases.models import Case
from zhenxing.testing import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def villager(world):
    factories.square_boundary(world.units["village_a1"], 123.600, 42.100, 0.004)
    user = factories.user("villager", world.units["village_a1"], username="cunmin")
    world.head.user = user
    world.head.save(update_fields=["user"])
    return user


def test_a_villager_reports_from_their_position_with_their_details_filled_in(world, villager, as_user,
                                                                             live_server, context):
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 42.1021, "longitude": 123.6017, "accuracy": 12})
    page = as_user(villager)
    page.goto(f"{live_server.url}/governance/cases/report/")
    expect(page.get_by_label("来源")).to_have_value("villager")
    expect(page.get_by_label("反映人")).to_have_value("王建国")
    expect(page.get_by_label("联系电话")).to_have_value("138****0000")
    expect(page.locator("#report-map")).to_have_attribute("data-place-shown", world.units["grid_a1"].code)
    page.get_by_role("button", name="使用我的位置").click()
    expect(page.locator("#location-status")).to_contain_text("已使用本机位置（精度约 12 米）")
    expect(page.get_by_label("经度")).to_have_value("123.601700")
    expect(page.get_by_label("纬度")).to_have_value("42.102100")
    # A tap on the map moves the spot.
    box = page.locator("#report-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.4)
    expect(page.locator("#location-status")).to_contain_text("已在地图上选定位置")
    expect(page.get_by_label("经度")).not_to_have_value("123.601700")
    picked = float(page.get_by_label("经度").input_value()), float(page.get_by_label("纬度").input_value())
    assert picked[0] > 123.6017  # east of the position: the tap was right of the map's centre
    page.get_by_label("问题描述").fill("村口路灯不亮")
    with page.expect_navigation():
        page.get_by_role("button", name="上报").click()
    expect(page.locator(".messages")).to_contain_text(re.compile(r"已上报 AJ-\d{4}-\d{6}，等待A街1村受理"))
    case = Case.objects.get()
    assert case.source == "villager" and case.reporter_name == "王建国"
    assert case.reporter_phone_masked == "138****0000"
    assert (case.lon, case.lat) == picked


def test_the_dispatch_form_follows_the_catalogue_entry(world, as_user, live_server):
    county = world.units["county"]
    water, power = factories.department(county, "水务局"), factories.department(county, "供电公司")
    factories.department(county, "交通运输局")
    burst = factories.dispatch_category(water, name="供水管道破裂")
    factories.dispatch_category(power, name="停电抢修")
    case = factories.case(world.units["village_a1"], state="whistled", category=burst)
    page = as_user(world.users.street_admin)
    page.goto(f"{live_server.url}/governance/cases/{case.pk}/")
    lead = page.get_by_label("主办部门")
    expect(lead.locator("option:checked")).to_have_text("水务局")
    co = page.get_by_role("group", name="协办部门（可多选）")
    expect(co.get_by_role("checkbox")).to_have_count(3)
    page.get_by_label("事项类别").select_option(label="停电抢修（供电公司 ）")
    expect(lead.locator("option:checked")).to_have_text("供电公司")
    co.get_by_label("交通运输局").check()  # a tap, no Ctrl-click
    with page.expect_navigation():
        page.get_by_role("button", name="派单", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("已办理“派单”，当前状态：已派单（待报到）。下一步：报到（接单）")
    case.refresh_from_db()
    assert case.lead_department == power and list(case.co_departments.values_list("name", flat=True)) == [
        "交通运输局"]
