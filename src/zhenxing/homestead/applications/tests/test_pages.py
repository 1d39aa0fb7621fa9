"""申请审批 pages: filing with a drawn or uploaded site, the detail page by role, steps and their errors,
the papers as PDF and Word, the deadlines page."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import shapely
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhenxing.homestead.applications.models import Application
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    village = factories.square_boundary(district["village_a1"], 123.55, 42.05, 0.2)
    home = factories.household(village, district["grid_a1"], collective_member=True)
    factories.person(home, name="王建国")
    return type("W", (), {
        "units": district, "village": village, "home": home,
        "secretary": factories.user("village_secretary", village),
        "street": factories.user("street_admin", district["street_a"]),
        "nr": factories.user("department_staff", factories.department(district["county"], "自然资源局")),
    })


def form(w, **extra):
    data = {"household": w.home.number, "kind": "new", "reason": "分户", "location": "三组东侧",
            "building_area_m2": "120", "floors": "2",
            "site_geojson": shapely.to_geojson(factories.site())}
    data.update(extra)
    return data


def test_filing_with_a_drawn_site_opens_the_new_application(client, w):
    client.force_login(w.secretary)
    response = client.post(reverse("homestead:application_new"), form(w))
    app = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse("homestead:application", args=[app.pk])
    assert (app.household, app.state, app.created_by) == (w.home, "draft", w.secretary)
    page = client.get(response.url).content.decode()
    assert "自动核查" in page and "提交申请" in page and "待提交" in page


def test_bad_filing_shows_every_error_in_chinese_and_writes_nothing(client, w):
    client.force_login(w.secretary)
    response = client.post(reverse("homestead:application_new"),
                           form(w, household="999", floors="9", site_geojson="", building_area_m2="x"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "请在图上勾绘用地范围，或上传用地图形文件" in page
    assert "确保该值小于或等于5" in page and "输入一个数字" in page
    response = client.post(reverse("homestead:application_new"), form(w, household="999"))
    assert "户编号“999”不存在或不在您的管辖范围内" in response.content.decode()
    assert not Application.objects.exists()


def test_an_uploaded_site_file_must_hold_one_polygon(client, w):
    client.force_login(w.secretary)
    features = [{"type": "Feature", "properties": {}, "geometry": json.loads(shapely.to_geojson(g))}
                for g in (factories.site(), factories.site(123.61))]
    upload = SimpleUploadedFile("site.geojson", json.dumps(
        {"type": "FeatureCollection", "features": features}).encode(), content_type="application/geo+json")
    response = client.post(reverse("homestead:application_new"), form(w, site_geojson="", site_file=upload))
    assert "用地图形文件应只含 1 个面要素，实有 2 个" in response.content.decode()
    one = SimpleUploadedFile("site.geojson", json.dumps(
        {"type": "FeatureCollection", "features": features[:1]}).encode())
    response = client.post(reverse("homestead:application_new"), form(w, site_geojson="", site_file=one))
    assert response.status_code == 302 and Application.objects.count() == 1


def test_a_step_error_comes_back_with_its_field_label(client, w):
    app = factories.application(w.home, w.secretary, state="group_review")
    client.force_login(w.secretary)
    url = reverse("homestead:application_step", args=[app.pk])
    response = client.post(url, {"transition": "group_agree", "attendance": "10", "votes_for": "8"},
                           follow=True)
    assert "村民小组会议日期：此项必填" in response.content.decode()
    client.post(url, {"transition": "group_agree", "attendance": "10", "votes_for": "8",
                      "meeting_date": str(timezone.localdate())})
    app.refresh_from_db()
    assert app.state == "publicity"


def test_each_role_sees_its_own_buttons(client, w):
    app = factories.application(w.home, w.secretary, state="joint_review", review_round=1)
    client.force_login(w.nr)
    page = client.get(reverse("homestead:application", args=[app.pk])).content.decode()
    assert "自然资源部门意见" in page and "联审通过" not in page
    client.force_login(w.street)
    page = client.get(reverse("homestead:application", args=[app.pk])).content.decode()
    assert "联审通过（已到场踏勘）" in page and "自然资源部门意见" not in page


def test_the_papers_come_as_pdf_and_word_once_approved(client, w):
    app = factories.application(w.home, w.secretary, state="approval")
    client.force_login(w.street)
    url = reverse("homestead:application_document", args=[app.pk, "approval", "pdf"])
    assert client.get(url).status_code == 404  # not approved yet
    client.post(reverse("homestead:application_step", args=[app.pk]), {"transition": "approve"})
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    word = client.get(reverse("homestead:application_document", args=[app.pk, "approval", "docx"]))
    with zipfile.ZipFile(io.BytesIO(word.content)) as z:
        body = z.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") for n in z.namelist())  # the site plan
    app.refresh_from_db()
    assert "农村宅基地批准书" in body and app.approval_number in body and str(app.site_area_m2) in body
    acceptance = reverse("homestead:application_document", args=[app.pk, "acceptance", "pdf"])
    assert client.get(acceptance).status_code == 404  # not inspected yet


def test_the_deadlines_page_counts_per_street_and_lists_the_late(client, w):
    late = factories.application(w.home, w.secretary, state="village_review",
                                 due_at=timezone.now() - timedelta(days=2))
    client.force_login(w.street)
    page = client.get(reverse("homestead:application_deadlines")).content.decode()
    assert w.units["street_a"].name in page and late.code in page and 'class="overdue"' in page


def test_module_tabs_follow_the_role_and_mark_the_current_module(client, w, district):
    import re

    client.force_login(factories.user("district_admin", district["county"]))
    page = client.get(reverse("homestead:parcel", args=[factories.parcel(w.village).pk])).content.decode()
    tabs = re.findall(r'<nav class="section-tabs".*?</nav>', page, flags=re.S)[0]
    assert re.findall(r">([^<]+)</a>", tabs) == [
        "一张图", "基础信息", "资格权", "申请审批", "流转", "有偿使用", "自愿有偿退出", "闲置盘活",
        "执法监管", "政策制度", "统计分析"]
    assert re.search(r'aria-current="page">基础信息<', tabs)
    villager = factories.user("villager", w.village)
    client.force_login(villager)
    page = client.get(reverse("homestead:applications")).content.decode()
    assert 'class="section-tabs"' not in page  # its one module, 申请审批, is no choice to offer


def test_the_parcel_page_lists_what_other_modules_recorded_on_it(client, w):
    parcel = factories.parcel(w.village, w.home)
    rebuild = factories.application(w.home, w.secretary, kind="rebuild", old_parcel=parcel, state="approval")
    lease = factories.transfer_contract(parcel)
    client.force_login(w.secretary)
    page = client.get(reverse("homestead:parcel", args=[parcel.pk])).content.decode()
    assert "相关记录（2）" in page
    assert rebuild.code in page and "原址翻建，待审批" in page and lease.code in page


def test_a_parcel_keeps_its_documents(client, w):
    parcel = factories.parcel(w.village, w.home)
    client.force_login(w.secretary)
    url = reverse("homestead:parcel_attach", args=[parcel.pk])
    scan = SimpleUploadedFile("宗地图.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    assert client.post(url, {"file": scan}).status_code == 302
    page = client.get(reverse("homestead:parcel", args=[parcel.pk])).content.decode()
    assert "宗地资料（1）" in page and "宗地图.png" in page
    bad = SimpleUploadedFile("病毒.exe", b"MZ" + b"\x00" * 64, content_type="application/octet-stream")
    response = client.post(url, {"file": bad}, follow=True)
    assert "宗地资料（1）" in response.content.decode() and response.context["messages"]
    from zhenxing.core.models import AuditEvent
    assert AuditEvent.objects.filter(action="homestead.parcel.attach").count() == 1
