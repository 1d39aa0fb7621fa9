"""Import pages: who may use them, template download, upload -> job page with errors or success,
htmx polling while a job runs, scoped jobs, and the background thread."""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhenxing.core import imports
from zhenxing.core.models import AuditEvent, ImportJob, WorkerBeat
from zhenxing.people.models import Household
from zhenxing.testing import factories
from zhenxing.testing.tables import table_file

H_HEADERS = ["户编号", "村/社区代码", "村民小组代码", "网格代码", "住址", "集体经济组织成员户"]


def login(client, role, place):
    user = factories.user(role, place)
    client.force_login(user)
    return user


def upload(client, tmp_path, rows, kind="households", name="h.xlsx"):
    path = table_file(tmp_path / name, H_HEADERS, rows)
    data = SimpleUploadedFile(name, path.read_bytes())
    return client.post(reverse("imports:index"), {"kind": kind, "file": data})


@pytest.fixture
def inline(settings):
    """The job runs inside the upload's request (the suite's default; core/tests/test_jobs.py: the queue)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, place",
    [("village_secretary", "village_a1"), ("street_reviewer", "street_a"), ("grid_worker", "grid_a1")],
)
def test_roles_without_import_rights_get_404_everywhere(client, district, role, place):
    login(client, role, district[place])
    job = ImportJob.objects.create(
        kind="households",
        file_name="h.xlsx",
        file_path="/nonexistent",
        scope_path=district["village_a1"].path,
        created_by=factories.user("district_admin", district["county"]),
    )
    for url in (
        reverse("imports:index"),
        reverse("imports:template", args=["households"]),
        reverse("imports:job", args=[job.pk]),
        reverse("imports:job_status", args=[job.pk]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_index_lists_every_kind_with_a_template_link_and_the_upload_form(client, district):
    login(client, "street_admin", district["street_a"])
    response = client.get(reverse("imports:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for kind, title in (("org_units", "组织单元"), ("households", "户"), ("persons", "人员")):
        assert reverse("imports:template", args=[kind]) in html
        assert f'<option value="{kind}"' in html
        assert title in html
    # Spreadsheet kinds have a template; the GIS ones (parcels, farmland) take files from GIS software.
    assert html.count(">下载模板</a>") == sum(spec.has_template for spec in imports.specs.values())
    assert 'type="file" name="file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert f'href="{reverse("imports:index")}"' in html  # the navigation entry


@pytest.mark.django_db
def test_template_download_is_an_xlsx_with_the_scopes_villages(client, district):
    login(client, "street_admin", district["street_b"])
    response = client.get(reverse("imports:template", args=["households"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    rules = book.worksheets[0].data_validations.dataValidation
    assert {str(r.sqref)[0] for r in rules} == {"B", "C", "D", "F"}
    villages = [c.value for c in book["可选值"]["B"] if c.value]
    assert villages == ["210113002201 B街1村", "210113002202 B街2村"]


@pytest.mark.django_db
def test_unknown_template_kind_is_404(client, district):
    login(client, "district_admin", district["county"])
    assert client.get(reverse("imports:template", args=["nothing"])).status_code == 404


@pytest.mark.django_db
def test_bad_upload_shows_every_error_and_writes_nothing(client, district, tmp_path, inline):
    login(client, "street_admin", district["street_a"])
    rows = [
        ["H1", "210113002201", "", "", "地址", "是"],
        ["H2", "210113001201", "", "", "", "是"],
        ["H3", "210113001201", "", "", "地址", "是"],
    ]
    response = upload(client, tmp_path, rows)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    assert job.status == "rejected"
    html = client.get(response["Location"]).content.decode()
    assert "文件中有 2 处错误，未写入任何数据" in html
    assert '<th class="num">行</th><th>列</th><th>问题</th>' in html
    assert '<td data-label="行" class="num">2</td><td data-label="列">村/社区代码</td>' in html
    assert "村/社区“210113002201”不存在或不在您的管辖范围内" in html
    assert '<td data-label="行" class="num">3</td><td data-label="列">住址</td>' in html
    assert 'hx-trigger="every' not in html  # a finished job stops polling
    assert Household.objects.count() == 0
    errors = load_workbook(BytesIO(client.get(reverse("imports:job_errors", args=[job.pk])).content))
    assert [c.value for c in errors.active[2]] == [
        2,
        "村/社区代码",
        "村/社区“210113002201”不存在或不在您的管辖范围内",
    ]


@pytest.mark.django_db
def test_good_upload_is_imported_and_the_job_page_says_how_many(client, district, tmp_path, inline):
    user = login(client, "street_admin", district["street_a"])
    rows = [
        ["H1", "210113001201", "", "210113001201G001", "地址1", "是"],
        ["H2", "210113001202", "", "", "地址2", "否"],
    ]
    response = upload(client, tmp_path, rows, name="户.csv")
    job = ImportJob.objects.get()
    assert (job.status, job.written_rows, job.total_rows, job.scope_path) == (
        "done",
        2,
        2,
        district["street_a"].path,
    )
    assert (job.file_name, job.created_by) == ("户.csv", user)
    html = client.get(response["Location"]).content.decode()
    assert "已导入 2 条户记录" in html
    assert Household.objects.count() == 2
    assert AuditEvent.objects.filter(action="import.households", actor=user).count() == 1
    stored = Path(job.file_path)
    assert stored.parent == Path(settings.DATA_DIR) / "imports"
    assert stored.suffix == ".csv"
    assert not stored.exists()  # personal data is not kept once the file has been read
    assert "户.csv" in client.get(reverse("imports:index")).content.decode()  # listed as a recent job


@pytest.mark.django_db
def test_upload_form_errors_are_shown_on_the_index(client, district, tmp_path):
    login(client, "street_admin", district["street_a"])
    response = client.post(
        reverse("imports:index"), {"kind": "households", "file": SimpleUploadedFile("h.txt", b"x")}
    )
    assert response.status_code == 400
    assert "户导入只支持 .xlsx、.xlsm、.xls、.ods、.csv 文件" in response.content.decode()
    response = client.post(reverse("imports:index"), {"kind": "households"})
    assert "请选择要上传的文件" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_a_running_job_shows_a_progress_bar_that_polls_itself(client, district):
    user = login(client, "street_admin", district["street_a"])
    job = ImportJob.objects.create(
        kind="persons",
        file_name="p.xlsx",
        file_path="/x",
        created_by=user,
        scope_path=district["street_a"].path,
        status="validating",
        total_rows=4000,
        processed_rows=1500,
    )
    html = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    status_url = reverse("imports:job_status", args=[job.pk])
    assert f'hx-get="{status_url}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert '<progress max="4000" value="1500"' in html
    assert "已校验 1500 / 4000 行" in html
    ImportJob.objects.filter(pk=job.pk).update(status="done", written_rows=4000, processed_rows=4000)
    fragment = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "已导入 4000 条人员记录" in fragment
    assert "hx-trigger" not in fragment
    assert "<html" not in fragment


@pytest.mark.django_db
def test_jobs_outside_the_users_scope_answer_404(client, district):
    owner = factories.user("street_admin", district["street_b"])
    job = ImportJob.objects.create(
        kind="households",
        file_name="h.xlsx",
        file_path="/x",
        created_by=owner,
        scope_path=district["street_b"].path,
        status="done",
    )
    login(client, "street_admin", district["street_a"])
    for name in ("imports:job", "imports:job_status", "imports:job_errors"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert "h.xlsx" not in client.get(reverse("imports:index")).content.decode()
    client.force_login(factories.user("district_admin", district["county"]))  # the district sees its streets
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 200


@pytest.mark.django_db
def test_a_failure_while_writing_is_shown_as_failed_with_nothing_written(
    client, district, tmp_path, inline, monkeypatch
):
    login(client, "street_admin", district["street_a"])

    def broken(objs, *args, **kwargs):
        raise RuntimeError("IllegalArgumentException: disk full at /tmp/zhenxing/imports")

    monkeypatch.setattr(Household.objects, "bulk_create", broken)
    response = upload(client, tmp_path, [["H1", "210113001201", "", "", "地址", "是"]])
    job = ImportJob.objects.get()
    assert job.status == "failed"
    html = client.get(response["Location"]).content.decode()
    assert "导入失败，未写入任何数据。" in html
    # The library's words and the server's paths stay in the log; the page says what to do.
    assert f"请联系管理员（导入编号 {job.pk}）" in html
    assert "IllegalArgumentException" not in html and "/tmp" not in html
    assert Household.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import.households").exists()


@pytest.mark.django_db
def test_a_queued_job_says_when_no_worker_is_running(client, district):
    user = login(client, "street_admin", district["street_a"])
    job = ImportJob.objects.create(kind="households", file_name="h.xlsx", file_path="/x", created_by=user,
                                   scope_path=district["street_a"].path)
    html = client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    # Plain words for a street admin, whom to tell, and no shell command.
    assert "后台程序目前没有运行" in html and "系统管理员" in html and 'hx-trigger="every 1s"' in html
    assert "zhenxing worker" not in html
    WorkerBeat.objects.create(worker_id="w1", seen_at=timezone.now())
    html = client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert "后台程序目前没有运行" not in html and 'hx-trigger="every 1s"' in html
