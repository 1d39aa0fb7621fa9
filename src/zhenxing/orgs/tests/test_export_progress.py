"""A long export says what it will be before it starts and how far it has got while it runs: the export
link carries the row count (and that a long one is written in the background), the worker records the rows
written in batches, and 我的导出 shows them as a progress bar until the download is there."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenxing.core.models import ExportJob
from zhenxing.orgs import exports
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
HOUSEHOLDS = reverse("people:households")
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued(settings, tmp_path):
    settings.EXPORT_INLINE_ROWS = 3
    settings.DATA_DIR = tmp_path
    settings.TASKS = DATABASE  # the request only queues the job; the test runs it


def homes(district, n):
    for i in range(n):
        factories.person(factories.household(district["village_a1"]), name=f"户主{i}")


def export_link(client, url=HOUSEHOLDS) -> str:
    html = client.get(url).content.decode()
    found = re.search(r'<a class="button secondary export-link"[^>]*>([^<]*)</a>', html)
    assert found, "the page offers no export link"
    return found.group(0)


def test_the_export_link_says_how_many_rows_and_whether_it_runs_in_the_background(client, district, settings):
    homes(district, 5)
    client.force_login(factories.user("street_admin", district["street_a"]))
    settings.EXPORT_INLINE_ROWS = 10
    link = export_link(client)
    assert "导出Excel（5 行）" in link and "后台" not in link
    settings.EXPORT_INLINE_ROWS = 3
    link = export_link(client)
    assert "导出Excel（5 行，后台生成）" in link and "我的导出" in link  # the title says where to find it
    settings.EXPORT_MAX_ROWS = 4
    html = client.get(HOUSEHOLDS).content.decode()
    assert "导出Excel（4 行，后台生成）" in html and "仅导出前 4 行" in html
    # The filters the page shows are the export's: its count is of the filtered rows.
    assert "导出Excel（0 行）" in export_link(client, HOUSEHOLDS + "?q=无此户")


def test_large_counts_are_written_with_separators(client, district, settings, monkeypatch):
    client.force_login(factories.user("street_admin", district["street_a"]))
    settings.EXPORT_MAX_ROWS = 200_000
    monkeypatch.setattr("django.core.paginator.Paginator.count", 142_485)
    assert "导出Excel（142,485 行，后台生成）" in export_link(client)


def test_the_worker_records_the_rows_written_in_batches(client, district, queued, monkeypatch):
    homes(district, 5)
    client.force_login(factories.user("street_admin", district["street_a"]))
    assert client.get(HOUSEHOLDS, {"export": "xlsx"}).status_code == 302
    job = ExportJob.objects.get()
    assert (job.status, job.row_count, job.written_rows) == ("pending", 5, 0)

    seen = []
    record = exports.record_progress

    def watched(job_id, written):
        record(job_id, written)
        row = ExportJob.objects.get(pk=job_id)
        seen.append((row.status, row.written_rows))

    monkeypatch.setattr(exports, "BATCH", 2)
    monkeypatch.setattr(exports, "record_progress", watched)
    exports.execute(job.pk)
    # After each batch of two rows, the last one short (then the file is being saved).
    assert seen == [("running", 2), ("running", 4), ("running", 5)]
    job.refresh_from_db()
    assert (job.status, job.row_count, job.written_rows) == ("done", 5, 5)


def test_a_finished_job_keeps_no_stale_progress_from_an_earlier_attempt(district, queued, client):
    homes(district, 4)
    client.force_login(factories.user("street_admin", district["street_a"]))
    client.get(HOUSEHOLDS, {"export": "xlsx"})
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status="running", written_rows=3)  # a lost worker's rows
    exports.execute(job.pk)
    job.refresh_from_db()
    assert (job.status, job.written_rows) == ("done", 4)


def fragment(client) -> str:
    return client.get(reverse("exports:status")).content.decode()


def test_my_exports_shows_the_progress_then_the_download(client, district, queued):
    user = factories.user("street_admin", district["street_a"])
    client.force_login(user)
    job = ExportJob.objects.create(title="人员台账", page=reverse("people:persons"), created_by=user,
                                   scope_path=district["street_a"].path, row_count=142_485)
    html = fragment(client)
    assert "排队中" in html and 'hx-trigger="every 2s"' in html

    ExportJob.objects.filter(pk=job.pk).update(status="running", written_rows=36_000)
    html = fragment(client)
    assert "已写入 36,000 / 142,485 行（25%）" in html
    assert '<progress max="142485" value="36000"' in html and 'hx-trigger="every 2s"' in html
    assert reverse("exports:download", args=[job.pk]) not in html

    ExportJob.objects.filter(pk=job.pk).update(written_rows=142_485)
    assert "已写完 142,485 行，正在保存文件" in fragment(client)

    ExportJob.objects.filter(pk=job.pk).update(status="done", finished_at=timezone.now(),
                                               expires_at=timezone.now() + timezone.timedelta(days=7))
    html = fragment(client)
    assert 'hx-trigger="every' not in html and "<progress" not in html  # polling stops
    assert reverse("exports:download", args=[job.pk]) in html


def test_batches_keep_the_pages_order_and_limit(district, monkeypatch):
    from zhenxing.people.models import Person

    homes(district, 5)
    monkeypatch.setattr(exports, "BATCH", 2)
    ordered = Person.objects.select_related("household").order_by("-name")
    got = list(exports.batches(ordered, 4))
    assert [len(b) for b in got] == [2, 2]
    assert [p.name for b in got for p in b] == ["户主4", "户主3", "户主2", "户主1"]
    # Rows that are not records (a values() queryset) come by pages of offsets, in the same order.
    values = list(exports.batches(ordered.values("name"), 10))
    assert [len(b) for b in values] == [2, 2, 1]
    assert [r["name"] for b in values for r in b] == ["户主4", "户主3", "户主2", "户主1", "户主0"]
