"""The ranking, publication, objection and year-close pages."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from zhenxing.points.publish.models import Objection, Publication, YearClose
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    a1 = district["village_a1"]
    scheme = factories.points_scheme(district["county"], code="HH", name="七色积分")
    homes = {}
    for name, pts in (("张三明", 12), ("李四", 12), ("王五", 3)):
        h = factories.household(a1, district["grid_a1"])
        factories.person(h, name=name)
        factories.points_entry(scheme, h, pts, date(2024, 4, 2))
        homes[name] = h
    villager = factories.user("villager", a1)
    homes["王五"].head.user = villager
    homes["王五"].head.save(update_fields=["user"])
    return {**district, "scheme": scheme, "homes": homes, "villager": villager,
            "secretary": factories.user("village_secretary", a1),
            "admin": factories.user("district_admin", district["county"])}


def ranking_url(w, **extra):
    query = {"scheme": "HH", "unit": w["village_a1"].code, "period": "2024-Q2", **extra}
    return reverse("points:rankings") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_the_ranking_page_ranks_exports_and_publishes(w, client):
    client.force_login(w["secretary"])
    page = client.get(ranking_url(w)).content.decode()
    assert "A街1村2024年第二季度七色积分排名" in page and "公示本期排名" in page
    assert page.index("张三明") < page.index("王五")
    book = openpyxl.load_workbook(io.BytesIO(client.get(ranking_url(w, export="xlsx")).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("名次", "姓名（户主）", "期间得分") and [r[0] for r in rows[1:]] == [1, 1, 3]
    bad = client.get(ranking_url(w, period="2024-13")).content.decode()
    assert "月份应在01-12之间" in bad
    response = client.post(reverse("points:publish"), {"scheme": "HH", "unit": w["village_a1"].code,
                                                       "period": "2024-Q2", "objection_days": "7"})
    pub = Publication.objects.get()
    assert response["Location"] == reverse("points:publication", args=[pub.pk])
    again = client.post(reverse("points:publish"), {"scheme": "HH", "unit": w["village_a1"].code,
                                                    "period": "2024-Q2", "objection_days": "7"}, follow=True)
    assert "已公示" in again.content.decode() and Publication.objects.count() == 1


def test_a_villager_sees_masked_names_files_an_objection_and_the_secretary_resolves_it(w, client):
    client.force_login(w["secretary"])
    client.post(reverse("points:publish"), {"scheme": "HH", "unit": w["village_a1"].code, "period": "2024",
                                            "objection_days": "7"})
    pub = Publication.objects.get()
    client.force_login(w["villager"])
    page = client.get(reverse("points:publication", args=[pub.pk])).content.decode()
    assert "张*明" in page and "张三明" not in page and "提交申诉" in page
    client.post(reverse("points:objection_file", args=[pub.pk]),
                {"holder": f"household:{w['homes']['王五'].pk}", "text": "四月卫生评比漏记"})
    o = Objection.objects.get()
    assert o.household == w["homes"]["王五"]
    client.force_login(w["secretary"])
    response = client.post(reverse("points:objection_resolve", args=[o.pk]),
                           {"outcome": "dismissed", "resolution": "经核实已计分"}, follow=True)
    assert "申诉已处理" in response.content.decode()
    o.refresh_from_db()
    assert o.state == "dismissed"


def test_the_district_closes_a_year_from_the_page_and_sees_the_results(w, client):
    client.force_login(w["admin"])
    assert "年度结算" in client.get(reverse("points:year_close")).content.decode()
    response = client.post(reverse("points:year_close_run", args=[w["county"].code]),
                           {"scheme": "HH", "year": "2024", "top_n": "1", "title": ""}, follow=True)
    assert "完成：3个账户" in response.content.decode()
    close = YearClose.objects.get()
    results = client.get(reverse("points:year_results", args=[close.pk]) + "?awards=1").content.decode()
    assert "张三明" in results and "李四" in results and "王五" not in results and "文明家庭" in results
    again = client.post(reverse("points:year_close_run", args=[w["county"].code]),
                        {"scheme": "HH", "year": "2024", "top_n": "1"}, follow=True)
    assert "不能重复结算" in again.content.decode()


def test_the_ranking_tab_opens_on_this_years_ranking_of_the_first_village_and_only_its_countys_schemes(
        w, client):
    other = factories.unit("210112000000", "浑南区")
    factories.points_scheme(other, code="FOREIGN", name="浑南区积分")
    client.force_login(w["secretary"])
    page = client.get(reverse("points:rankings")).content.decode()
    year = date.today().year
    assert f"A街1村{year}年度七色积分排名" in page and "浑南区积分" not in page
    refused = client.get(ranking_url(w, scheme="FOREIGN")).content.decode()
    assert "请选择积分方案" in refused
