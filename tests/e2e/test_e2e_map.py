"""一张图 in a browser: the village map draws its parcels from the GeoJSON layer with Leaflet served from
our static files, a click on a parcel opens its popup, and the popup's link opens the parcel page."""

import re

import pytest
from playwright.sync_api import expect

from zhenxing.testing import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def village_map(world):
    a1 = world.units["village_a1"]
    built = factories.parcel(a1, world.home, area_m2="300")
    idle = factories.parcel(a1, use_status="idle", build_status="approved_unbuilt")
    illegal = factories.parcel(a1, build_status="unapproved_built")
    # The factory places parcels by a running counter: draw the boundary around wherever they landed,
    # so the map (which fits the boundary) shows them whatever ran before this test.
    parcels = (built, idle, illegal)
    west, south = min(p.min_x for p in parcels) - 0.002, min(p.min_y for p in parcels) - 0.002
    size = max(max(p.max_x for p in parcels) - west, max(p.max_y for p in parcels) - south) + 0.002
    factories.square_boundary(a1, west, south, size)
    return {"village": a1, "built": built, "idle": idle, "illegal": illegal}


def test_village_map_popup_leads_to_the_parcel_page(world, village_map, as_user, live_server):
    page = as_user(world.users.village_secretary)
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(f"{live_server.url}/homestead/map/{village_map['village'].code}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("宅基地一张图 · A街1村")
    expect(page.locator("#homestead-map")).to_have_attribute("data-parcels-loaded", "3")
    paths = page.locator(".leaflet-overlay-pane path")
    expect(paths).to_have_count(3)
    expect(page.locator(".map-status")).to_have_text(re.compile("图上显示 3 宗"))

    # The 未批先建 parcel is drawn in its status colour; find its path by that fill.
    illegal = page.locator('.leaflet-overlay-pane path[fill="#d62728"]')
    expect(illegal).to_have_count(1)
    illegal.click()

    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(village_map["illegal"].code)
    expect(popup).to_contain_text("未批先建")
    expect(popup).to_contain_text(village_map["illegal"].location)
    popup.get_by_role("link", name="查看宗地详情").click()

    expect(page).to_have_url(f"{live_server.url}/homestead/parcels/{village_map['illegal'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(village_map["illegal"].code)
    assert external == []  # offline: no tiles, no CDN
