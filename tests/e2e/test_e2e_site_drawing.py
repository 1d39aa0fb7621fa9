"""A villager files a homestead application on a map of their own village (its boundary, the registered
parcels and the basic farmland as outlines): a site drawn too large and outside the village is warned
about while it is drawn, before anything is saved; a good one passes, is saved and submitted, and the
page says what happens next, with the nine-step tracker at the second step."""

import json
import re

import pytest
import shapely
from playwright.sync_api import expect

from zhenxing.homestead import geo
from zhenxing.homestead.applications.models import Application
from zhenxing.homestead.parcels.models import FarmlandPlot
from zhenxing.testing import factories

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def villager(world):
    village = factories.square_boundary(world.units["village_a1"], 123.600, 42.100, 0.004)
    world.home.collective_member = True
    world.home.save(update_fields=["collective_member"])
    user = factories.user("villager", village, username="cunmin")
    world.head.user = user
    world.head.save(update_fields=["user"])
    # A neighbour's parcel and a basic farmland plot in the village's south, clear of its centre.
    site = factories.site(123.6005, 42.1005, 20)
    neighbour = factories.household(village, collective_member=True)
    factories.parcel(village, neighbour, geometry=geo.to_geojson(site), area_m2="400.00",
                     **dict(zip(("min_x", "min_y", "max_x", "max_y"), site.bounds, strict=True)))
    field = factories.site(123.6028, 42.1003, 80)
    FarmlandPlot.objects.create(code="TB-01", village=village, path=village.path, area_m2=geo.area_m2(field),
                                geometry=geo.to_geojson(field),
                                **dict(zip(("min_x", "min_y", "max_x", "max_y"), field.bounds, strict=True)))
    return user


def click_all(page, points):
    for x, y in points:
        page.mouse.click(x, y)


def test_a_villager_sees_the_warnings_while_drawing_and_what_comes_next(world, villager, as_user, live_server,
                                                                        output_path, tmp_path):
    page = as_user(villager)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/homestead/applications/new/")
    page.get_by_label("申请类型").select_option("new")
    page.get_by_label("申请理由").fill("儿子成婚分户，无宅基地")
    page.get_by_label("拟用地坐落").fill("A街1村一组东侧")
    page.get_by_label("拟建房屋建筑面积（平方米）").fill("120")
    page.get_by_label("拟建层数").fill("2")
    area = page.locator("#site-map")
    expect(area).to_have_attribute("data-village-shown", "1")
    expect(area.locator("svg path")).not_to_have_count(0)  # the outlines are drawn
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    right, top = box["x"] + box["width"] - 15, box["y"] + 15  # the zoom buttons are top left
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    # Three corners of a square reaching from the map's corner (outside the village) to its centre: the
    # pre-check answers already, before the ring is closed and long before saving.
    click_all(page, [(right, top), (cx, top), (cx, cy)])
    checks = page.locator("#site-checks")
    expect(checks).to_be_visible()
    expect(checks.locator("li.fail", has_text="面积标准：不通过")).to_contain_text("超过上限 1,000 m²")
    click_all(page, [(right, cy)])
    page.get_by_role("button", name="完成").click()
    expect(checks).to_have_attribute("data-result", "fail")
    expect(area.locator("path[stroke='#b71c1c']")).to_have_count(1)  # the drawn site turns red
    expect(checks.locator("li.fail", has_text="村庄边界：不通过")).to_contain_text("用地超出A街1村边界约")
    expect(checks.locator(".site-summary")).to_contain_text("预检未通过")
    expect(checks.locator(".site-summary")).to_contain_text(re.compile(r"m²（[\d,.]+ 亩）"))
    assert "/applications/new/" in page.url and not Application.objects.exists()
    save = page.get_by_role("button", name="保存申请")
    expect(save).to_have_attribute("data-confirm", re.compile("预检未通过"))  # saving anyway asks first
    page.screenshot(path=f"{output_path}/site-warnings-1366.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=f"{output_path}/site-warnings-375.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    # A small site in the village's centre passes every check (the farmland layer is there: it is checked).
    page.get_by_role("button", name="清除勾绘").click()
    expect(checks).to_be_hidden()
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    click_all(page, [(cx - 5, cy - 5), (cx + 5, cy - 5), (cx + 5, cy + 5), (cx - 5, cy + 5)])
    page.get_by_role("button", name="完成").click()
    expect(checks).to_have_attribute("data-result", "pass")
    expect(area.locator("path[stroke='#1b5e20']")).to_have_count(1)  # and green when it passes
    expect(checks.locator("li.pass")).to_have_count(4)
    expect(checks.locator(".site-summary")).to_contain_text("预检通过，可以保存。")
    expect(save).not_to_have_attribute("data-confirm", re.compile("."))
    with page.expect_navigation():
        save.click()

    app = Application.objects.get()
    assert app.site_area_m2 < 1000 and shapely.contains(
        shapely.from_geojson(json.dumps(json.loads(world.units["village_a1"].boundary))),
        shapely.from_geojson(app.geometry))
    tracker = page.get_by_role("list", name="办理进度（共 9 步）")
    expect(tracker.locator("li[aria-current=step]")).to_contain_text("申请")
    expect(page.locator("table.checks tr.pass")).to_have_count(6)
    form = tmp_path / "申请表.png"
    form.write_bytes(PNG)
    page.get_by_label(re.compile("上传材料")).set_input_files(str(form))
    with page.expect_navigation():
        page.get_by_role("button", name="上传", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="提交申请", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        re.compile(r"已提交申请，等待村民小组讨论（10 个工作日内，\d{4}-\d\d-\d\d 前）。"))
    expect(tracker.locator("li[aria-current=step]")).to_contain_text("村民小组讨论")
    expect(tracker.locator("li.done")).to_have_count(1)
    expect(page.get_by_role("button", name="撤回申请")).to_have_count(0)  # submitted: nothing to withdraw
    page.screenshot(path=f"{output_path}/application-submitted-1366.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=f"{output_path}/application-submitted-375.png", full_page=True)


def test_withdrawing_asks_first_and_a_dismissed_question_withdraws_nothing(world, villager, as_user,
                                                                            live_server):
    app = factories.application(world.home, villager, lon=123.602, lat=42.102, side_m=10)
    page = as_user(villager)
    page.goto(f"{live_server.url}/homestead/applications/{app.pk}/")
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    page.get_by_role("button", name="撤回申请").click()
    page.wait_for_timeout(300)
    assert questions and questions[0].startswith("确定撤回此申请？")
    app.refresh_from_db()
    assert app.state == "draft"
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="撤回申请").click()
    expect(page.locator(".messages")).to_contain_text("已撤回申请，申请已办结（已撤回）。")
    app.refresh_from_db()
    assert app.state == "withdrawn"
