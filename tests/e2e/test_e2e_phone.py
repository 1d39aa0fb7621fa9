"""A grid worker's phone: at 375px the navigation folds behind a menu button."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 375, "height": 740}, "is_mobile": True,
            "has_touch": True}


def test_phone_width_shows_the_menu_toggle_and_the_nav_opens(world, as_user, live_server, output_path):
    page = as_user(world.users.village_secretary)
    toggle = page.get_by_role("button", name="菜单")
    nav_link = page.locator("nav#nav").get_by_role("link", name="户籍台账")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav_link).to_be_hidden()

    toggle.click()

    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav_link).to_be_visible()
    page.screenshot(path=f"{output_path}/phone-nav.png", full_page=True)
    nav_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("户籍台账")
    # No horizontal scrolling of the whole page on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_phone_width_register_rows_are_readable_cards(world, as_user, live_server):
    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/people/persons/")
    expect(page.locator("table.register thead")).to_be_hidden()
    first = page.locator("table.register tbody tr").first
    expect(first.locator("td[data-label='姓名']")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
