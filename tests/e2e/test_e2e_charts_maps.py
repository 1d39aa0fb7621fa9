"""统计分析's charts and maps in a browser: the dashboard draws its children's bars with plotly.js served from
the installed package (no CDN, no script blocked by the CSP), shows the same numbers as a table on 表, and
opens the indicator's map of villages, where a click on a village lands on its drill-down."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from zhenxing.testing import factories

pytestmark = pytest.mark.browser

COUNTY, STREET_A, A1 = "210113000000", "210113001000", "210113001201"


@pytest.fixture
def bounded(world):
    """Villages A1 and A2 side by side on the map; B1 has a boundary too, in another street."""
    factories.square_boundary(world.units["village_a1"], 123.50, 42.00, 0.02)
    factories.square_boundary(world.units["village_a2"], 123.52, 42.00, 0.02)
    factories.square_boundary(world.units["village_b1"], 123.60, 42.00, 0.02)
    return world


def watch(page, live_server):
    """Requests leaving the site and errors in the page (a CSP refusal shows as a console error)."""
    seen = {"external": [], "errors": []}
    page.on("request", lambda r: seen["external"].append(r.url)
            if not r.url.startswith(live_server.url) and not r.url.startswith("data:") else None)
    # A failed load is told by its response (the browser asks for /favicon.ico, which the site has not).
    page.on("console", lambda m: seen["errors"].append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("response", lambda r: seen["errors"].append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    return seen


def test_dashboard_draws_the_childrens_bars_with_a_table_view(bounded, as_user, live_server):
    page = as_user(bounded.users.district_admin)
    seen = watch(page, live_server)
    page.goto(f"{live_server.url}/stats/{COUNTY}/")

    section = page.locator(".children-chart")
    section.get_by_label("对比指标").select_option(label="户数")  # submits itself
    expect(page).to_have_url(re.compile(r"[?&]chart=people\.households"))
    plot = section.locator("[data-chart]")
    expect(plot).to_have_attribute("data-drawn", "true")
    expect(plot.locator("svg.main-svg").first).to_be_visible()
    expect(plot.locator(".bars .point")).to_have_count(2)
    expect(plot).to_contain_text("马刚街道")
    table = section.locator("table.chart-data")
    expect(table).to_be_hidden()

    section.get_by_role("button", name="表").click()

    expect(table).to_be_visible()
    expect(plot).to_be_hidden()
    expect(table.locator("tbody tr").first).to_contain_text("马刚街道")
    expect(table.locator("tbody tr").first.locator("td")).to_have_text("2")
    section.get_by_role("button", name="图").click()
    expect(plot.locator("svg.main-svg").first).to_be_visible()
    assert seen["external"] == [] and seen["errors"] == []


def test_a_bar_opens_the_childs_dashboard_with_the_same_chart(bounded, as_user, live_server):
    page = as_user(bounded.users.district_admin)
    page.goto(f"{live_server.url}/stats/{COUNTY}/?chart=people.households")
    bar = page.locator(".children-chart [data-chart] .bars .point path").first
    expect(bar).to_be_visible()
    bar.scroll_into_view_if_needed()

    box = bar.bounding_box()  # Plotly hears clicks on its drag layer above the bars: click where the bar is
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    expect(page).to_have_url(re.compile(rf"/stats/{STREET_A}/\?chart=people\.households$"))
    expect(page.locator(".children-chart [data-chart] .bars .point")).to_have_count(2)  # A1, A2


def test_the_map_colours_villages_and_a_click_opens_the_drill_down(bounded, as_user, live_server):
    page = as_user(bounded.users.street_admin)
    seen = watch(page, live_server)
    page.goto(f"{live_server.url}/stats/{STREET_A}/?chart=people.households")
    page.get_by_role("link", name="按村地图").click()

    expect(page).to_have_url(re.compile(rf"/stats/{STREET_A}/map/people\.households/"))
    heading = re.compile(r"^马刚街道 · 户数分村地图 · \d{4}年$")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("#village-map")).to_have_attribute("data-villages-drawn", "2")
    villages = page.locator(".leaflet-overlay-pane path")
    expect(villages).to_have_count(2)  # street A's own: B1 is not in scope
    expect(page.locator(".map-legend")).to_contain_text("户数（户）")
    expect(page.locator("table.map-values tbody tr").first).to_contain_text("A街1村")

    page.locator(f'.leaflet-overlay-pane path[data-code="{A1}"]').click()

    expect(page).to_have_url(re.compile(rf"/stats/{A1}/indicator/people\.households/\?period=\d{{4}}$"))
    expect(page.locator("table.drill tbody tr")).to_have_count(1)
    assert seen["external"] == [] and seen["errors"] == []


def test_a_breakdown_draws_a_donut_whose_slice_opens_its_part(world, as_user, live_server, output_path):
    scheme = factories.points_scheme(world.units["county"])
    today = date.today()
    factories.points_entry(scheme, world.home, 30, today, category="red")
    factories.points_entry(scheme, world.home, 10, today, category="green")
    page = as_user(world.users.district_admin)
    seen = watch(page, live_server)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/stats/{COUNTY}/indicator/points.by_category/")

    chart = page.locator(".chart[data-kind='donut']")
    expect(chart.locator("[data-chart]")).to_have_attribute("data-drawn", "true")
    expect(chart.locator(".pielayer .slice")).to_have_count(2)
    expect(chart.locator(".legend")).to_contain_text("党建引领")
    expect(chart.locator(".pielayer .slice path[style*='rgb(215, 38, 61)']")).to_have_count(1)  # its red
    chart.screenshot(path=f"{output_path}/stats-donut-375.png")
    expect(chart.get_by_role("button", name="表")).to_have_count(0)  # the page's breakdown table is beside it
    expect(page.locator("table.breakdown tbody tr", has_text="党建引领")).to_contain_text("30")
    box = chart.locator(".pielayer .slice path[style*='rgb(215, 38, 61)']").bounding_box()

    page.mouse.click(box["x"] + box["width"] * 0.1, box["y"] + box["height"] / 2)  # the red ring's left side

    expect(page).to_have_url(re.compile(r"\?period=\d{4}&part=red$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("30")
    page.get_by_role("link", name="人居环境").click()

    expect(page).to_have_url(re.compile(r"\?period=\d{4}&part=green$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("10")
    assert seen["external"] == [] and seen["errors"] == []


@pytest.fixture
def street_of_eight(bounded):
    """Street A with eight villages in two rows, 0 to 7 households each beyond the world's: the map shows
    its classes, the chart its ranking."""
    villages = [bounded.units["village_a1"], bounded.units["village_a2"]]
    villages += [factories.unit(f"2101130012{n:02d}", f"马刚{n}村") for n in range(3, 9)]
    for n, village in enumerate(villages):
        west, south = 123.50 + 0.02 * (n % 4), 42.00 + 0.02 * (n // 4)
        factories.square_boundary(village, west, south, 0.02)
        for _ in range(n):
            factories.household(village)
    return bounded


@pytest.mark.parametrize("width", [1366, 375])
def test_screenshots_of_chart_and_map(street_of_eight, as_user, live_server, output_path, width):
    """Kept for a person to look at (test-results/): the page never scrolls sideways, on a phone neither."""
    page = as_user(street_of_eight.users.street_admin)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/stats/{STREET_A}/?chart=people.households")
    expect(page.locator(".children-chart [data-chart]")).to_have_attribute("data-drawn", "true")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator(".children-chart").screenshot(path=f"{output_path}/stats-chart-{width}.png")
    page.get_by_role("button", name="表").click()
    page.locator(".children-chart").screenshot(path=f"{output_path}/stats-chart-table-{width}.png")

    page.goto(f"{live_server.url}/stats/{STREET_A}/map/people.households/")
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(8)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"{output_path}/stats-map-{width}.png", full_page=True)
