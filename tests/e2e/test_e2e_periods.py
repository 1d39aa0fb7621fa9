"""Figures over time in a browser: the district admin switches the dashboard from one year to another and
sees the figure, its 同比, the children's bars and the village map change with it; the drill-down draws the
figure's trend and lists the period's records."""

import re
from datetime import date, datetime, time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhenxing.testing import factories

pytestmark = pytest.mark.browser

COUNTY, STREET_A = "210113000000", "210113001000"
RESOLVED = "governance.cases_resolved"


def moment(day: date):
    return timezone.make_aware(datetime.combine(day, time(10)))


@pytest.fixture
def history(world):
    """Cases resolved: in 2022 two in village A1; in 2023 one in A1 and three in A2."""
    u = world.units
    for village, day in ((u["village_a1"], date(2022, 4, 1)), (u["village_a1"], date(2022, 9, 1)),
                         (u["village_a1"], date(2023, 3, 1)), (u["village_a2"], date(2023, 5, 1)),
                         (u["village_a2"], date(2023, 6, 1)), (u["village_a2"], date(2023, 7, 1))):
        factories.case(village, state="closed", resolved_at=moment(day), created_at=moment(day))
    factories.square_boundary(u["village_a1"], 123.50, 42.00, 0.02)
    factories.square_boundary(u["village_a2"], 123.52, 42.00, 0.02)
    return world


def bar_values(page) -> dict:
    rows = page.locator(".children-chart table.chart-data tbody tr")
    return {r.locator("th").inner_text(): r.locator("td").first.inner_text() for r in rows.all()}


@pytest.mark.parametrize("width", [1366, 375])
def test_switching_the_period_changes_the_figure_the_chart_and_the_map(history, as_user, live_server,
                                                                       output_path, width):
    page = as_user(history.users.district_admin)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/stats/{STREET_A}/?period=2022&chart={RESOLVED}")
    card = page.locator(f".card[data-indicator='{RESOLVED}']")
    expect(card.locator(".value a")).to_have_text("2")
    assert sorted(bar_values(page).values()) == ["0", "2"]  # A1's two; A2 none yet

    page.get_by_label("统计期间").select_option(label="2023年")  # submits itself

    expect(page).to_have_url(re.compile(r"period=2023"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2023年统计")
    expect(card.locator(".value a")).to_have_text("4")
    expect(card.locator(".change")).to_contain_text("同比 ▲ +2")
    expect(card.locator(".change")).to_contain_text("+100.0%")
    expect(page.locator(".children-chart .chart-plot svg").first).to_be_visible()
    assert sorted(bar_values(page).values()) == ["1", "3"]  # the bars moved: A2 leads now
    page.screenshot(path=f"{output_path}/periods-dashboard-{width}.png", full_page=True)

    page.get_by_role("link", name="按村地图").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2023年")
    expect(page.locator("#village-map path.leaflet-interactive")).to_have_count(2)
    table = page.locator("table.map-values tbody")
    expect(table.locator("tr").first.locator("td.num")).to_have_text("3 件")
    page.screenshot(path=f"{output_path}/periods-map-{width}.png", full_page=True)

    page.get_by_label("统计期间").select_option(label="2022年")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2022年")
    expect(table.locator("tr").first.locator("td.num")).to_have_text("2 件")


def test_the_drill_down_draws_the_trend_and_lists_the_periods_records(history, as_user, live_server,
                                                                      output_path):
    page = as_user(history.users.district_admin)
    page.goto(f"{live_server.url}/stats/{COUNTY}/indicator/{RESOLVED}/?period=2023")
    expect(page.locator("table.drill tbody tr")).to_have_count(4)
    trend = page.locator("section.trend")
    expect(trend.locator(".chart-plot svg").first).to_be_visible()
    expect(trend.locator("table.chart-data tbody tr", has_text="2022年")).to_contain_text("2")
    expect(trend.locator("table.chart-data tbody tr", has_text="2023年")).to_contain_text("4")
    page.screenshot(path=f"{output_path}/periods-drill.png", full_page=True)

    page.get_by_text("自定义期间").click()
    page.get_by_label("期间", exact=True).fill("2023-05-01~2023-06-30")
    page.get_by_role("button", name="统计", exact=True).click()
    expect(page.locator("table.drill tbody tr")).to_have_count(2)

    page.goto(f"{live_server.url}/stats/{COUNTY}/indicator/{RESOLVED}/?period=2023Q9")
    expect(page.locator(".messages li.error")).to_contain_text("无法识别")
