"""The API reference in a browser: Swagger UI from our own static files renders the Chinese title and the
operations, and "Try it out" calls the API with the signed-in session — nothing leaves the site."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_api_reference_renders_offline_and_tries_an_operation(world, as_user, live_server):
    page = as_user(world.users.district_admin)
    external, refused = [], []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/api/v1/docs")

    expect(page.locator(".information-container .title")).to_contain_text("振兴 API")
    expect(page.locator(".information-container")).to_contain_text("党建引领乡村振兴平台接口")
    listing = page.locator(".opblock", has_text="组织单元列表").first
    expect(listing).to_be_visible()

    listing.locator(".opblock-summary").click()
    listing.get_by_role("button", name="Try it out").click()
    listing.get_by_role("button", name="Execute").click()
    status = listing.locator(".live-responses-table .response .response-col_status").first
    expect(status).to_have_text("200")
    expect(listing.locator(".live-responses-table")).to_contain_text("沈北新区")

    assert external == []  # offline: no CDN, no online validator
    assert refused == []
