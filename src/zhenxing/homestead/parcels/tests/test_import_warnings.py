"""An implausibly large homestead (over 3x the area cap in force, by default) is neither imported silently
nor refused: it is a warning the importer confirms, on the page, on the command line and in code."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing import cli
from zhenxing.core import imports
from zhenxing.core.models import AuditEvent, ImportJob
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.parcels.tests.test_import_parcels import (
    errors_of,
    feature,
    rect,
    run,
    write_file,
)
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def big_file(tmp_path, name="zd.geojson"):
    # The tests' cap is 350 m² (homestead/conftest.py): 100 m x 80 m is 8,000 m², over 3 x 350.
    return write_file(tmp_path / name, [feature(1, rect(0, 0)), feature(2, rect(100, 0, 100, 80))])


def test_a_parcel_over_three_times_the_cap_waits_for_confirmation(tmp_path, villages, admin):
    result = run(big_file(tmp_path), admin)
    assert result.errors.items == [] and result.needs_confirmation and result.written == 0
    (warning,) = result.warnings
    assert (warning["row"], warning["column"]) == (2, "图形")
    assert "宗地面积约" in warning["message"] and "350平方米的3倍（1050平方米）" in warning["message"]
    assert not Parcel.objects.exists()
    actor = access.actor_for(admin)
    confirmed = imports.run(imports.specs["parcels"], big_file(tmp_path), actor=actor,
                            scope_path=actor.paths(access.IMPORT)[0], confirm_warnings=True)
    assert confirmed.written == 2 and Parcel.objects.count() == 2
    assert AuditEvent.objects.get(action="import.parcels").changes["warnings_confirmed"] == 1


def test_the_threshold_follows_the_cap_in_force_and_the_setting(tmp_path, villages, admin, settings):
    settings.ZHENXING_HOMESTEAD_AREA_CAP_M2 = Decimal("3000")  # 3 x 3,000 m² is over 8,000 m²
    assert run(big_file(tmp_path), admin).written == 2
    Parcel.objects.all().delete()
    settings.ZHENXING_IMPLAUSIBLE_AREA_FACTOR = 2
    assert run(big_file(tmp_path, "b.geojson"), admin).needs_confirmation


def test_warnings_are_reported_with_errors_of_a_refused_file(tmp_path, villages, admin):
    path = write_file(tmp_path / "zd.geojson", [feature(1, rect(0, 0), 建设状态="已建"),
                                                feature(2, rect(100, 0, 100, 80))])
    result = run(path, admin)
    assert [(r, c) for r, c, _ in errors_of(result)] == [(1, "建设状态")]
    assert [(w["row"], w["column"]) for w in result.warnings] == [(2, "图形")]


def test_the_cli_needs_confirm_warnings(tmp_path, villages, admin, capsys):
    with pytest.raises(SystemExit):
        cli.main(["import", "parcels", str(big_file(tmp_path)), "--user", admin.username])
    err = capsys.readouterr().err
    assert "第2行 [图形] 宗地面积约" in err and "--confirm-warnings" in err
    assert not Parcel.objects.exists()
    cli.main(["import", "parcels", str(big_file(tmp_path)), "--user", admin.username, "--confirm-warnings"])
    assert "已导入 2 条宗地记录。（已确认 1 处提示）" in capsys.readouterr().out


def test_the_page_asks_the_uploader_to_confirm(tmp_path, villages, admin, client, monkeypatch):
    client.force_login(admin)
    upload = SimpleUploadedFile("宗地.geojson", big_file(tmp_path).read_bytes())
    response = client.post("/imports/", {"kind": "parcels", "file": upload}, follow=True)
    html = response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == "confirm" and not Parcel.objects.exists()
    assert "宗地面积约" in html and "我已核对，仍然导入" in html
    assert client.post(f"/imports/jobs/{job.pk}/confirm/").status_code == 400  # box not ticked
    assert not Parcel.objects.exists()

    other = factories.user("street_admin", villages["street_a"])
    client.force_login(other)
    assert "我已核对，仍然导入" not in client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert client.post(f"/imports/jobs/{job.pk}/confirm/", {"checked": "1"}).status_code == 404

    client.force_login(admin)
    response = client.post(f"/imports/jobs/{job.pk}/confirm/", {"checked": "1"}, follow=True)
    assert "已导入 2 条宗地记录。（含已核对确认的 1 处提示）" in response.content.decode()
    job.refresh_from_db()
    assert job.status == "done" and job.warnings_confirmed and Parcel.objects.count() == 2
    assert client.post(f"/imports/jobs/{job.pk}/confirm/", {"checked": "1"}).status_code == 404
