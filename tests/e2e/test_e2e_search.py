"""搜索 as a user works it: a name typed into the header's box, the grouped results, one of them opened; and
the box on a phone, where it stays in the header without widening the page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_name_typed_in_the_header_box_opens_the_persons_page(world, as_user, live_server, output_path):
    page = as_user(world.users.street_admin)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/account/")
    box = page.get_by_role("search").get_by_role("searchbox", name="搜索")
    box.fill("王建")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=%E7%8E%8B%E5%BB%BA"))
    expect(page.get_by_role("heading", level=1)).to_have_text("搜索“王建”")
    persons = page.locator("section.search-group[data-kind=person]")
    expect(persons.get_by_role("heading", level=2)).to_have_text("人员 2 条")
    expect(persons.locator("ul.hits > li > a")).to_have_text(["王建华", "王建国"])  # by name
    expect(page.locator("section.search-group[data-kind=household] ul.hits > li")).to_have_count(2)
    assert "赵外村" not in page.content()
    page.screenshot(path=f"{output_path}/search-1366.png", full_page=True)

    persons.get_by_role("link", name="王建国").click()
    expect(page).to_have_url(re.compile(rf"/people/persons/{world.head.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("王建国")


def test_a_too_short_query_says_what_to_type(world, as_user, live_server):
    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/search/?q=王")
    expect(page.get_by_role("alert")).to_have_text(re.compile("查找内容至少 2 个字"))


def test_the_box_fits_a_phone(world, as_user, live_server, output_path):
    page = as_user(world.users.village_secretary)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/search/?q=王建国")
    expect(page.get_by_role("search").first).to_be_visible()
    expect(page.locator("section.search-group[data-kind=person] ul.hits > li > a")).to_have_text(["王建国"])
    wide = page.evaluate("""[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 375).map(e => e.tagName + '.' + e.className)""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, wide
    page.screenshot(path=f"{output_path}/search-375.png", full_page=True)
