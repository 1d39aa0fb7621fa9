"""A long export as a user meets it: 导出Excel on a register above the inline threshold leads to 我的导出,
where the finished file is downloaded (the suite runs jobs at once; the real queue is tested in
orgs/tests/test_export_queue.py)."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_long_export_is_downloaded_from_my_exports(world, as_user, live_server, settings, tmp_path):
    settings.EXPORT_INLINE_ROWS = 2
    settings.DATA_DIR = tmp_path
    page = as_user(world.users.street_admin)
    page.goto(f"{live_server.url}/people/persons/?political_status=cpc")
    assert page.get_by_role("link", name="我的导出").count() == 1  # in the account menu beside the name

    page.goto(f"{live_server.url}/people/persons/")
    page.get_by_role("link", name="导出Excel").click()
    expect(page).to_have_url(re.compile(r"/exports/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的导出")
    expect(page.locator(".messages")).to_contain_text("“人员台账”共 4 行，已转为后台生成")
    row = page.locator("table.exports tbody tr").first
    expect(row.locator("td[data-label='台账']")).to_have_text("人员台账")
    expect(row.locator("td[data-label='状态']")).to_have_text("已完成")
    expect(row.locator("td[data-label='行数']")).to_have_text("4")

    with page.expect_download() as info:
        row.get_by_role("link", name="下载").click()
    download = info.value
    name = download.suggested_filename
    assert name.startswith("人员台账") and name.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    names = sorted(r[0] for r in list(book.active.iter_rows(values_only=True))[1:])
    assert names == sorted(["王建国", "李秀英", "王小明", "王建华"])  # street A only: not 赵外村 of street B
