"""Long exports as jobs (issue 11): a short export is still the request's answer; a long one becomes a job
for the same user with the same filters, written by the worker into the data dir, listed on 我的导出 and
downloaded by its creator alone (404 for anyone else), each download audited; a failure says so in Chinese
and leaves no file."""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from zhenxing.core import excel
from zhenxing.core.models import AuditEvent, ExportJob
from zhenxing.orgs import exports
from zhenxing.orgs.models import RoleAssignment
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
CALC = "=cmd|' /C calc'!A0"
HOUSEHOLDS = reverse("people:households")


@pytest.fixture
def long_at_three(settings, tmp_path):
    """More than 3 rows is a long export; files go to a fresh data dir; jobs run inside the request."""
    settings.EXPORT_INLINE_ROWS = 3
    settings.DATA_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def homes(district, village="village_a1", n=5, address=""):
    made = []
    for i in range(n):
        h = factories.household(district[village])
        if address:
            h.address = address
            h.save(update_fields=["address"])
        factories.person(h, name=f"{village}户主{i}")
        made.append(h)
    return made


def signed_in(client, role, place):
    user = factories.user(role, place)
    client.force_login(user)
    return user


def tmp_exports() -> Path:
    return exports.exports_dir()


def sheet_rows(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "an export must hold no formula"
    return [[c.value for c in row] for row in book.active.iter_rows()]


def test_a_short_export_is_still_the_answer_to_the_request(client, district, long_at_three):
    homes(district, n=3)
    signed_in(client, "street_admin", district["street_a"])
    response = client.get(HOUSEHOLDS, {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"] == excel.XLSX
    assert len(sheet_rows(response.content)) == 1 + 3
    assert not ExportJob.objects.exists()
    event = AuditEvent.objects.get(action="export.inline")
    assert event.changes["rows"] == 3 and event.changes["register"] == "户籍台账"


def test_a_long_export_becomes_a_job_written_with_the_same_filters_and_scope(client, district, long_at_three):
    homes(district, "village_a1", n=5, address=CALC)
    homes(district, "village_a2", n=2)
    homes(district, "village_b1", n=4)  # another street: outside the user's scope
    user = signed_in(client, "street_admin", district["street_a"])

    response = client.get(HOUSEHOLDS, {"export": "xlsx", "village": district["village_a1"].code, "page": "2"})
    assert response.status_code == 302 and response["Location"] == reverse("exports:index")
    job = ExportJob.objects.get()
    assert (job.created_by, job.title, job.page) == (user, "户籍台账", HOUSEHOLDS)
    assert job.filters == {"village": [district["village_a1"].code]}  # what was asked, not the page number
    assert (job.status, job.row_count) == ("done", 5)
    assert Path(job.file_path).parent == tmp_exports()
    rows = sheet_rows(Path(job.file_path).read_bytes())
    assert rows[0] == ["户编号", "户主", "村/社区", "住址", "人数"]
    assert sorted(r[1] for r in rows[1:]) == [f"village_a1户主{i}" for i in range(5)]
    assert {r[3] for r in rows[1:]} == {CALC}  # the hostile address is text, not a formula

    page = client.get(reverse("exports:index"))
    text = page.content.decode()
    assert "户籍台账" in text and "已转为后台生成" in text and "已完成" in text
    assert reverse("exports:download", args=[job.pk]) in text
    assert 'hx-trigger="every' not in text  # nothing left to wait for: the page stops polling

    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == excel.XLSX
    assert "attachment" in download["Content-Disposition"]
    assert len(sheet_rows(b"".join(download.streaming_content))) == 1 + 5
    event = AuditEvent.objects.filter(action="export.download").get()
    assert (event.actor, event.object_id, event.changes["rows"]) == (user, str(job.pk), 5)
    assert event.scope_path == district["street_a"].path  # the audit viewers of the user's street see it
    assert AuditEvent.objects.filter(action="export.request", object_id=str(job.pk)).exists()


def test_the_worker_never_sees_more_than_the_user_did_when_asking(client, district, long_at_three, settings):
    homes(district, "village_a1", n=4)
    homes(district, "village_b1", n=4)
    user = signed_in(client, "village_secretary", district["village_a1"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queued, not yet run
    client.get(HOUSEHOLDS, {"export": "xlsx"})
    job = ExportJob.objects.get()
    assert job.status == "pending"
    RoleAssignment.objects.create(user=user, role="district_admin", org_unit=district["county"])
    exports.execute(job.pk)  # a grant given since the request does not widen the export
    job.refresh_from_db()
    assert (job.status, job.row_count) == ("done", 4)
    assert {r[2] for r in sheet_rows(Path(job.file_path).read_bytes())[1:]} == {"A街1村"}


def test_another_user_gets_404_for_a_job_and_never_sees_it(client, district, long_at_three):
    homes(district, n=5)
    signed_in(client, "street_admin", district["street_a"])
    client.get(HOUSEHOLDS, {"export": "xlsx"})
    job = ExportJob.objects.get()
    for role, place in (("street_admin", "street_a"), ("district_admin", "county")):
        other = client.__class__()
        signed_in(other, role, district[place])  # same role and scope, or above: still not theirs
        assert other.get(reverse("exports:download", args=[job.pk])).status_code == 404
        listing = other.get(reverse("exports:index"))
        assert listing.status_code == 200 and "暂无导出记录" in listing.content.decode()
    assert not AuditEvent.objects.filter(action="export.download").exists()


@pytest.mark.parametrize(("role", "place"), [("villager", "village_a1"), ("village_cadre", "village_a1"),
                                             ("grid_worker", "grid_a1")])
def test_a_role_without_export_has_no_exports(client, district, long_at_three, role, place):
    homes(district, n=5)
    owner = factories.user("street_admin", district["street_a"])
    job = ExportJob.objects.create(title="户籍台账", page=HOUSEHOLDS, created_by=owner, status="done",
                                   expires_at=timezone.now() + timedelta(days=1))
    user = signed_in(client, role, district[place])
    for url in (reverse("exports:index"), reverse("exports:status"),
                reverse("exports:download", args=[job.pk])):
        assert client.get(url).status_code == 404, url
    assert client.get(HOUSEHOLDS, {"export": "xlsx"}).status_code == 404
    assert not ExportJob.objects.filter(created_by=user).exists()
    home = client.get(reverse("people:my_household") if role == "villager" else HOUSEHOLDS)
    assert "我的导出" not in home.content.decode()


def test_the_account_menu_links_to_my_exports_for_a_role_with_export(client, district):
    signed_in(client, "village_secretary", district["village_a1"])
    text = client.get(HOUSEHOLDS).content.decode()
    assert f'href="{reverse("exports:index")}"' in text and "我的导出" in text


def test_a_failed_export_says_why_in_chinese_and_leaves_no_file(client, district, long_at_three, monkeypatch):
    homes(district, n=5)
    signed_in(client, "street_admin", district["street_a"])

    def broken(*args, **kwargs):
        raise OSError("[Errno 28] No space left on device: '/srv/zhenxing/exports'")

    monkeypatch.setattr(excel, "workbook_bytes", broken)
    client.get(HOUSEHOLDS, {"export": "xlsx"})
    job = ExportJob.objects.get()
    assert job.status == "failed" and job.file_path == ""
    assert not tmp_exports().exists() or not list(tmp_exports().iterdir())
    text = client.get(reverse("exports:index")).content.decode()
    assert "导出失败" in text and "未生成文件" in text and f"导出编号 {job.pk}" in text
    assert "Errno" not in text and "/srv" not in text
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_an_export_whose_user_lost_the_right_fails_in_chinese(client, district, long_at_three, settings):
    homes(district, n=5)
    user = signed_in(client, "street_admin", district["street_a"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.get(HOUSEHOLDS, {"export": "xlsx"})
    job = ExportJob.objects.get()
    RoleAssignment.objects.filter(user=user).delete()
    exports.execute(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "无权导出" in job.message
    assert not exports._file_of(job.pk).exists()


def test_an_expired_file_is_deleted_by_the_next_export(client, district, long_at_three):
    homes(district, n=5)
    signed_in(client, "street_admin", district["street_a"])
    client.get(HOUSEHOLDS, {"export": "xlsx"})
    old = ExportJob.objects.get()
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("exports:download", args=[old.pk])).status_code == 404
    assert "文件已过期" in client.get(reverse("exports:index")).content.decode()

    client.get(HOUSEHOLDS, {"export": "xlsx"})  # the next export cleans up first
    old.refresh_from_db()
    assert (old.status, old.file_path) == ("expired", "")
    assert not exports._file_of(old.pk).exists()
    assert ExportJob.objects.filter(status="done").count() == 1


def test_my_exports_shows_times_in_beijing_time(client, district):
    user = signed_in(client, "village_secretary", district["village_a1"])
    utc = datetime(2025, 1, 1, 16, 30, tzinfo=UTC)
    job = ExportJob.objects.create(title="户籍台账", page=HOUSEHOLDS, created_by=user, status="failed",
                                   message="测试", finished_at=utc)
    ExportJob.objects.filter(pk=job.pk).update(created_at=utc)
    text = client.get(reverse("exports:index")).content.decode()
    assert text.count("2025-01-02 00:30") == 2 and "16:30" not in text


def test_row_counts_read_with_thousands_separators():
    from zhenxing.core.templatetags.zx import thousands

    assert (thousands(142485), thousands(12), thousands(True), thousands("—")) == ("142,485", "12", True, "—")
