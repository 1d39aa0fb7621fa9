"""The dashboard: figures open to the records behind them, children link down, targets show progress,
the child table exports to Excel."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COUNTY = "210113000000"


def dashboard(page, live_server):
    """统计分析 from the menu: the dashboard of the user's own unit (home is the queue)."""
    page.goto(f"{live_server.url}/stats/")
    return page


def card(page, key):
    return page.locator(f".card[data-indicator='{key}']")


def test_a_figure_opens_the_drill_down_with_the_same_count(world, as_user, live_server):
    page = dashboard(as_user(world.users.district_admin), live_server)
    expect(page).to_have_url(re.compile(rf"/stats/{COUNTY}/$"))
    figures = (("people.households", "3"), ("people.population", "5"), ("people.party_members", "1"))
    for key, expected in figures:
        page.goto(f"{live_server.url}/stats/{COUNTY}/")
        figure = card(page, key).locator(".value a")
        expect(figure).to_have_text(expected)

        figure.click()

        expect(page).to_have_url(re.compile(rf"/stats/{COUNTY}/indicator/{re.escape(key)}/\?period=\d{{4}}$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"：{expected} ")
        expect(page.locator("table.drill tbody tr")).to_have_count(int(expected))


def test_drill_down_rows_open_the_records(world, as_user, live_server):
    page = dashboard(as_user(world.users.district_admin), live_server)
    page.goto(f"{live_server.url}/stats/{COUNTY}/indicator/people.party_members/")
    page.get_by_role("link", name="王建国").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("王建国")
    expect(page.locator("body")).to_contain_text("A街1村党支部")


def test_the_child_table_links_down_to_a_street(world, as_user, live_server):
    page = dashboard(as_user(world.users.district_admin), live_server)
    table = page.locator("table.children")
    expect(table.locator("tbody tr")).to_have_count(2)
    street_a = table.locator("tbody tr", has_text="马刚街道")
    expect(street_a.locator("td[data-indicator='people.households']")).to_have_text("2")

    street_a.get_by_role("link", name="马刚街道").click()

    expect(page).to_have_url(re.compile(r"/stats/210113001000/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("马刚街道")
    expect(card(page, "people.households").locator(".value a")).to_have_text("2")
    expect(page.locator(".crumbs")).to_contain_text("沈北新区")
    expect(page.locator("table.children tbody tr")).to_have_count(2)  # villages A1 and A2


def test_setting_a_target_shows_progress(world, as_user, live_server):
    page = dashboard(as_user(world.users.district_admin), live_server)
    form = page.locator("form", has=page.get_by_role("button", name="保存目标"))
    form.get_by_label("指标").select_option(label="户数（户）")
    form.get_by_label("目标值", exact=True).fill("6")
    form.get_by_role("button", name="保存目标").click()

    expect(page.locator(".messages")).to_contain_text("目标已保存。")
    households = card(page, "people.households")
    expect(households).to_contain_text("目标 6 户，完成 50%")
    expect(households.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "50")


def test_a_bad_target_is_refused_with_a_message(world, as_user, live_server):
    page = dashboard(as_user(world.users.district_admin), live_server)
    form = page.locator("form", has=page.get_by_role("button", name="保存目标"))
    form.get_by_label("目标值", exact=True).fill("很多")
    form.get_by_role("button", name="保存目标").click()

    expect(page.locator(".messages li.error")).to_contain_text("不是数字")


def test_the_child_table_exports_to_excel(world, as_user, live_server):
    page = dashboard(as_user(world.users.district_admin), live_server)
    with page.expect_download() as info:
        page.get_by_role("link", name="导出下级单位统计").click()
    download = info.value

    assert download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("代码", "名称")
    households_col = rows[0].index("户数（户）")  # the unit of the exact values
    assert {r[1]: r[households_col] for r in rows[1:]} == {"马刚街道": 2, "兴隆台街道": 1}


def test_street_admin_sees_only_their_street(world, as_user, live_server):
    page = dashboard(as_user(world.users.street_admin), live_server)
    expect(page).to_have_url(re.compile(r"/stats/210113001000/"))
    expect(card(page, "people.households").locator(".value a")).to_have_text("2")

    response = page.goto(f"{live_server.url}/stats/210113002000/")
    assert response.status == 404


def test_screenshots_of_dashboard_and_register(world, as_user, live_server, output_path):
    """Kept for a person to look at (test-results/); asserts only that the pages rendered."""
    page = dashboard(as_user(world.users.district_admin), live_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator(".cards .card").first).to_be_visible()
    page.screenshot(path=f"{output_path}/dashboard.png", full_page=True)
    page.goto(f"{live_server.url}/people/persons/")
    expect(page.locator("table.register tbody tr")).to_have_count(5)
    page.screenshot(path=f"{output_path}/persons.png", full_page=True)


@pytest.mark.parametrize("width", [1366, 375])
def test_the_child_table_scrolls_inside_its_frame_with_the_names_held(world, as_user, live_server,
                                                                      output_path, width):
    """Dozens of figures per unit: the table scrolls sideways in its frame (the page itself does not), its
    right edge fades while columns are hidden there, and the units' names stay in view while scrolling."""
    page = dashboard(as_user(world.users.district_admin), live_server)
    page.set_viewport_size({"width": width, "height": 900})
    page.reload()
    wrap = page.locator(".table-wrap", has=page.locator("table.children"))
    assert page.evaluate("document.documentElement.scrollWidth") == width
    expect(wrap).to_have_class(re.compile(r"\bmore-right\b"))
    page.screenshot(path=f"{output_path}/dashboard-{width}.png", full_page=True)

    wrap.evaluate("w => { w.scrollIntoView(); w.scrollTo(w.scrollWidth, 0); }")

    expect(wrap).not_to_have_class(re.compile(r"\bmore-right\b"))
    name = page.get_by_role("link", name="马刚街道")
    frame, held = wrap.bounding_box(), name.bounding_box()
    assert frame["x"] <= held["x"] < frame["x"] + 120  # still at the frame's left edge
    expect(page.locator("table.children tbody tr").first.locator("td").last).to_be_in_viewport()
