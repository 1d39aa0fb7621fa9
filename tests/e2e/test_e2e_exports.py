"""A long export as a user meets it: 导出Excel on a register above the inline threshold leads to 我的导出,
where the finished file is downloaded (the suite runs jobs at once; the real queue is tested in
orgs/tests/test_export_queue.py)."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from zhenxing.core import jobs
from zhenxing.core.models import ExportJob
from zhenxing.orgs import exports

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


def test_a_long_export_shows_its_rows_then_its_progress_then_the_download(
        world, as_user, live_server, settings, tmp_path, monkeypatch, output_path):
    """The street admin sees the count on the link, then on 我的导出 the rows written so far as the worker
    goes (the test is the worker: it runs the job and looks at the page after the second row), then the
    download."""
    settings.EXPORT_INLINE_ROWS = 1
    settings.DATA_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not run
    jobs.beat("e2e-worker")  # a worker is running (this test): the page does not ask for one
    page = as_user(world.users.street_admin)
    page.goto(f"{live_server.url}/people/persons/")
    link = page.get_by_role("link", name="导出Excel")
    expect(link).to_have_text("导出Excel（4 行，后台生成）")
    expect(link).to_have_attribute("title", re.compile("后台生成.*我的导出"))
    page.screenshot(path=f"{output_path}/export-link.png", full_page=True)
    link.click()
    expect(page).to_have_url(re.compile(r"/exports/$"))
    row = page.locator("table.exports tbody tr").first
    expect(row.locator("td[data-label='状态']")).to_contain_text("排队中")
    expect(row.locator("td[data-label='文件']")).to_have_text("生成后可下载")
    job = ExportJob.objects.get()

    record = exports.record_progress

    def pause_after_second_row(job_id, written):
        record(job_id, written)
        if written == 2:  # the page, polling every 2 s, shows how far the worker has got
            state = row.locator("td[data-label='状态']")
            expect(state).to_contain_text("已写入 2 / 4 行（50%）", timeout=10_000)
            expect(state.locator("progress")).to_have_attribute("value", "2")
            expect(row.get_by_role("link", name="下载")).to_have_count(0)
            page.screenshot(path=f"{output_path}/export-progress.png", full_page=True)

    monkeypatch.setattr(exports, "BATCH", 1)
    monkeypatch.setattr(exports, "record_progress", pause_after_second_row)
    exports.execute(job.pk)

    expect(row.locator("td[data-label='状态']")).to_have_text("已完成", timeout=10_000)
    with page.expect_download() as info:
        row.get_by_role("link", name="下载").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    assert len(list(book.active.iter_rows(values_only=True))) == 1 + 4
