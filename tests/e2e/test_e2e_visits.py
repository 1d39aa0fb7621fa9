"""A grid worker on a phone: opens their grid, picks a household, logs a visit with a photo, and sees it
as the household's last visit; a visit dated tomorrow is refused in Chinese."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhenxing.governance.visits.models import Visit
from zhenxing.testing import factories

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 375, "height": 740}, "is_mobile": True,
            "has_touch": True}


def test_a_grid_worker_logs_a_visit_on_a_phone(world, as_user, live_server, tmp_path):
    worker = factories.user("grid_worker", world.units["grid_a1"], username="wanggeyuan")
    photo = tmp_path / "门口.png"
    photo.write_bytes(PNG)
    page = as_user(worker)
    page.goto(f"{live_server.url}/governance/grid/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("我的网格")
    row = page.locator("table.register tbody tr", has_text=world.home.number)
    expect(row).to_contain_text("未走访")
    row.get_by_role("link", name=world.home.number).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("入户走访：王建国户")

    page.get_by_label("走访日期").fill(str(timezone.localdate() + timedelta(days=1)))
    page.get_by_label("走访事由").select_option(label="安全检查")
    page.get_by_label("走访情况").fill("检查用电安全")
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator(".messages")).to_contain_text("走访日期不能晚于今天")
    assert not Visit.objects.exists()

    page.get_by_label("走访日期").fill(str(timezone.localdate()))
    page.get_by_label("现场照片").set_input_files(str(photo))
    page.get_by_role("button", name="保存走访记录").click()
    expect(page.locator(".messages")).to_contain_text(f"已记录对 {world.home.number} 户的走访")
    row = page.locator("table.register tbody tr", has_text=world.home.number)
    expect(row).to_contain_text(str(timezone.localdate()))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
