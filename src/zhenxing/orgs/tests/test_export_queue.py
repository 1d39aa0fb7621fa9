"""Long exports on the real queue (core.jobs): the request only queues the job; the worker writes it; a worker
lost in the middle leaves no file, its export is run again, and after MAX_ATTEMPTS lost workers it is failed
with a Chinese message on 我的导出 — also by a fresh worker that has not yet imported the export module."""

import io
import sys
from pathlib import Path

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tasks_db.models import DBTaskResult

from zhenxing.core import jobs
from zhenxing.core.models import ExportJob
from zhenxing.orgs import exports
from zhenxing.testing import factories

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
HOUSEHOLDS = reverse("people:households")


@pytest.fixture
def queued(settings, tmp_path):
    settings.EXPORT_INLINE_ROWS = 3
    settings.DATA_DIR = tmp_path
    settings.TASKS = DATABASE


def run_worker():
    jobs.Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()


def ask(client, district, n=5):
    for _ in range(n):
        factories.person(factories.household(district["village_a1"]))
    user = factories.user("street_admin", district["street_a"])
    client.force_login(user)
    assert client.get(HOUSEHOLDS, {"export": "xlsx"}).status_code == 302
    return ExportJob.objects.get()


@pytest.mark.django_db(transaction=True)
def test_the_request_queues_the_export_and_the_worker_writes_it(client, queued):
    job = ask(client, factories.district())
    assert job.status == "pending" and DBTaskResult.objects.get().status == "READY"
    assert not exports.exports_dir().exists()
    waiting = client.get(reverse("exports:index")).content.decode()
    assert f'hx-get="{reverse("exports:status")}"' in waiting and "排队中" in waiting
    # No worker runs: the page says so in plain words, and whom to tell; no shell command for a street admin.
    assert "后台程序目前没有运行" in waiting and "系统管理员" in waiting and "zhenxing worker" not in waiting
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.row_count) == ("done", 5)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    fragment = client.get(reverse("exports:status")).content.decode()
    assert "hx-get" not in fragment and reverse("exports:download", args=[job.pk]) in fragment
    download = client.get(reverse("exports:download", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book.active.max_row == 1 + 5


def lose(task, *workers):
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", worker_ids=list(workers))


@pytest.mark.django_db(transaction=True)
def test_a_lost_export_is_run_again_then_failed_in_chinese_without_a_file(client, queued):
    job = ask(client, factories.district())
    task = DBTaskResult.objects.get()
    # A worker died half-way through the file: only its temporary file is there.
    exports.exports_dir().mkdir(parents=True)
    exports._file_of(job.pk).with_suffix(".xlsx.part").write_bytes(b"PK\x03\x04half")
    ExportJob.objects.filter(pk=job.pk).update(status="running")
    lose(task, "gone-1")
    assert jobs.reap() == {"retried": 1, "failed": 0}
    run_worker()  # run again from the start: the export is idempotent
    job.refresh_from_db()
    assert (job.status, job.row_count) == ("done", 5)
    assert not list(exports.exports_dir().glob("*.part"))

    second = client.get(HOUSEHOLDS, {"export": "xlsx"})
    assert second.status_code == 302
    lost = ExportJob.objects.exclude(pk=job.pk).get()
    exports._file_of(lost.pk).with_suffix(".xlsx.part").write_bytes(b"PK\x03\x04half")
    lose(DBTaskResult.objects.get(status="READY"), "gone-1", "gone-2", "gone-3")
    assert jobs.reap() == {"retried": 0, "failed": 1}
    lost.refresh_from_db()
    assert lost.status == "failed" and "处理进程意外停止" in lost.message and "未生成文件" in lost.message
    assert not exports._file_of(lost.pk).exists() and not list(exports.exports_dir().glob("*.part"))
    text = client.get(reverse("exports:index")).content.decode()
    assert "导出失败" in text and "请回到台账重新导出" in text


@pytest.mark.django_db(transaction=True)
def test_a_fresh_worker_fails_a_lost_export_before_importing_the_export_module(client, queued, monkeypatch):
    job = ask(client, factories.district())
    monkeypatch.delitem(jobs._abandoned, exports.run_export.module_path)
    monkeypatch.delitem(sys.modules, exports.__name__)  # as in a worker that has run no export yet
    lose(DBTaskResult.objects.get(), "gone-1", "gone-2", "gone-3")
    assert jobs.reap() == {"retried": 0, "failed": 1}
    job.refresh_from_db()
    assert job.status == "failed" and "处理进程意外停止" in job.message


def export_pages(patterns=None, prefix=""):
    """Every page route without parameters (the registers among them)."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from export_pages(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and "<" not in str(p.pattern) and not prefix.startswith("api/"):
            yield "/" + prefix + str(p.pattern)


@pytest.mark.django_db
def test_every_page_that_exports_rebuilds_its_rows_in_the_worker(client, settings, tmp_path):
    """Each page's long export becomes a job that the worker writes through that page's own view."""
    settings.EXPORT_INLINE_ROWS = -1  # every export is long, even an empty one
    settings.DATA_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    district = factories.district()
    factories.person(factories.household(district["village_a1"], district["grid_a1"]))
    client.force_login(factories.user("district_admin", district["county"]))
    county = district["county"].code
    urls = [u for u in export_pages() if u not in ("/logout/", "/login/")]
    urls.append(reverse("stats:drill", kwargs={"code": county, "key": "people.population"}))
    queued = []
    for url in urls:
        response = client.get(url, {"export": "xlsx"})
        if response.status_code == 302 and response["Location"] == reverse("exports:index"):
            queued.append(url)
    done = dict(ExportJob.objects.values_list("page", "status"))
    assert {url: done.get(url) for url in queued} == dict.fromkeys(queued, "done")
    for must in (HOUSEHOLDS, reverse("people:persons"), reverse("homestead:parcels"),
                 reverse("homestead:transfers_expiring"), urls[-1]):
        assert must in queued, must
    for job in ExportJob.objects.all():
        assert Path(job.file_path).is_file()
