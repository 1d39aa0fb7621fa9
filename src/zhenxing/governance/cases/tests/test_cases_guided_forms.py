"""Forms that guide: the report form fills in what a villager need not type and picks the spot on a map
of the place; the dispatch form starts from the catalogue entry's departments, with checkboxes for the
co-departments; the steps that set a case back ask first; each submit says what comes next; pictures
show as thumbnails; the register shows overdue rows red."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from zhenxing.core import personal
from zhenxing.governance.cases.models import Case
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    water = factories.department(district["county"], "水务局")
    power = factories.department(district["county"], "供电公司")
    roads = factories.department(district["county"], "交通运输局")
    home = factories.household(district["village_a1"], district["grid_a1"])
    head = factories.person(home, name="孙村民", phone="13912345678")
    villager = factories.user("villager", district["village_a1"])
    head.user = villager
    head.save(update_fields=["user"])
    factories.square_boundary(district["village_a1"], 123.55, 42.05, 0.02)
    return {**district, "water": water, "power": power, "roads": roads, "home": home, "villager": villager,
            "burst": factories.dispatch_category(water, name="供水管道破裂", urgency="utilities"),
            "collapse": factories.dispatch_category(power, roads, name="道路塌陷"),
            "grid": factories.user("grid_worker", district["grid_a1"]),
            "street": factories.user("street_admin", district["street_a"])}


def field(page: str, name: str) -> str:
    """The HTML of one form control by name."""
    found = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>(?:.*?</select>)?', page, re.S)
    assert found, name
    return found.group(0)


def test_a_villager_reports_as_a_villager_with_their_name_phone_and_grid_filled_in(client, w):
    client.force_login(w["villager"])
    page = client.get(reverse("governance:case_report")).content.decode()
    assert re.search(r'<option value="villager" selected>村民</option>', field(page, "source"))
    assert 'value="孙村民"' in field(page, "reporter_name")
    assert 'value="139****5678"' in field(page, "reporter_phone") and "13912345678" not in page
    assert re.search(rf'<option value="{w["grid_a1"].code}" selected>', field(page, "place"))
    assert "readonly" in field(page, "lon") and "readonly" in field(page, "lat")
    assert "使用我的位置" in page and 'id="report-map"' in page


def test_the_villagers_phone_left_as_shown_is_stored_as_their_registered_number(client, w):
    client.force_login(w["villager"])
    response = client.post(reverse("governance:case_report"), {
        "place": w["grid_a1"].code, "source": "villager", "description": "路灯不亮",
        "reporter_name": "孙村民", "reporter_phone": "139****5678", "lon": "123.56", "lat": "42.06"})
    case = Case.objects.get()
    assert response.status_code == 302
    assert personal.reveal(case, "reporter_phone") == "13912345678"
    assert (case.lon, case.lat) == (123.56, 42.06)
    client.post(reverse("governance:case_report"), {
        "place": w["grid_a1"].code, "source": "villager", "description": "另一处路灯",
        "reporter_phone": "13700001111"})
    assert personal.reveal(Case.objects.latest("pk"), "reporter_phone") == "13700001111"


def test_a_grid_worker_reports_as_a_grid_worker_and_types_the_reporter(client, w):
    client.force_login(w["grid"])
    page = client.get(reverse("governance:case_report")).content.decode()
    assert re.search(r'<option value="grid" selected>网格员</option>', field(page, "source"))
    assert "value=" not in field(page, "reporter_name")


def test_the_report_says_what_happens_next(client, w):
    client.force_login(w["villager"])
    response = client.post(reverse("governance:case_report"), {
        "place": w["village_a1"].code, "source": "villager", "description": "路灯不亮"}, follow=True)
    text = response.content.decode()
    assert re.search(r"已上报 AJ-\d{4}-\d{6}，等待A街1村受理：村里自行办结，或报街道吹哨派单"
                     r"（\d\d月\d\d日 \d\d:\d\d 前）", text)
    assert "办理进度可在“我上报的”查看" in text


def test_the_map_shows_the_place_the_reporter_may_report_in_and_nothing_else(client, w):
    client.force_login(w["villager"])
    outline = client.get(reverse("governance:case_report_place", args=[w["grid_a1"].code])).json()
    assert [f["properties"]["name"] for f in outline["features"]] == ["A街1村"]
    assert client.get(reverse("governance:case_report_place", args=[w["village_a2"].code])).status_code == 404
    assert client.get(reverse("governance:case_report_place", args=["nonsense"])).status_code == 404


def test_dispatch_starts_from_the_catalogue_entrys_departments_with_checkboxes(client, w):
    case = factories.case(w["village_a1"], state="whistled", category=w["burst"])
    client.force_login(w["street"])
    page = client.get(reverse("governance:case", args=[case.pk])).content.decode()
    lead = field(page, "lead_department")
    assert re.search(rf'<option value="{w["water"].pk}" selected>水务局</option>', lead)
    assert lead.count("selected") == 1
    others = re.sub(r'<select[^>]*name="(category|lead_department)".*?</select>', "", page, flags=re.S)
    assert "<select" not in others and "multiple" not in others  # co-departments are checkboxes
    boxes = dict(re.findall(r'<input type="checkbox" name="co_departments" value="(\d+)"( checked)?>', page))
    assert boxes == {str(d.pk): "" for d in (w["water"], w["power"], w["roads"])}
    # An entry naming several: the first in the catalogue's order leads, the others assist.
    several = factories.case(w["village_a1"], state="whistled", category=w["collapse"])
    page = client.get(reverse("governance:case", args=[several.pk])).content.decode()
    assert re.search(rf'<option value="{w["roads"].pk}" selected>交通运输局</option>', page)
    boxes = dict(re.findall(r'<input type="checkbox" name="co_departments" value="(\d+)"( checked)?>', page))
    assert boxes[str(w["power"].pk)] == " checked" and boxes[str(w["roads"].pk)] == ""
    assert f'data-departments="{w["roads"].pk},{w["power"].pk}"' in page
    bare = factories.case(w["village_a1"], state="whistled")
    page = client.get(reverse("governance:case", args=[bare.pk])).content.decode()
    assert "selected" not in field(page, "lead_department")


def test_a_step_says_what_comes_next_and_a_return_asks_first(client, w):
    case = factories.case(w["village_a1"], state="whistled", category=w["burst"])
    client.force_login(w["street"])
    response = client.post(reverse("governance:case_act", args=[case.pk]),
                           {"transition": "dispatch", "lead_department": w["water"].pk}, follow=True)
    case.refresh_from_db()
    due = timezone.localtime(case.due_at)
    assert (f"已办理“派单”，当前状态：已派单（待报到）。下一步：报到（接单）（{due:%Y-%m-%d %H:%M} 前）。"
            in response.content.decode())
    staff = factories.user("department_staff", w["water"])
    client.force_login(staff)
    page = client.get(reverse("governance:case", args=[case.pk])).content.decode()
    assert re.search(r'<button type="submit" class="danger" data-confirm="确定退单？[^"]*">退单</button>',
                     page)
    assert '<button type="submit">报到（接单）</button>' in page


def jpeg(size=(800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_photos_show_as_thumbnails_served_small_through_the_scoped_view(client, w):
    client.force_login(w["grid"])
    client.post(reverse("governance:case_report"), {
        "place": w["grid_a1"].code, "source": "grid", "description": "路面塌陷",
        "photos": [SimpleUploadedFile("现场.jpg", jpeg(), content_type="image/jpeg")]})
    case = Case.objects.get()
    page = client.get(reverse("governance:case", args=[case.pk])).content.decode()
    src = re.search(r'<img src="([^"]+)\?thumb=1"', page).group(1)
    thumb = client.get(f"{src}?thumb=1")
    assert thumb["Content-Type"] == "image/jpeg"
    small = Image.open(io.BytesIO(b"".join(thumb.streaming_content)))
    assert max(small.size) == 240
    assert "attachment" in client.get(src)["Content-Disposition"]
    other = factories.user("grid_worker", w["grid_b1"])
    client.force_login(other)
    assert client.get(f"{src}?thumb=1").status_code == 404


def test_the_register_shows_overdue_cases_red(client, w):
    late = factories.case(w["village_a1"], state="reported", due_at=timezone.now() - timedelta(hours=2))
    on_time = factories.case(w["village_a1"], state="reported", due_at=timezone.now() + timedelta(hours=2))
    client.force_login(w["street"])
    page = client.get(reverse("governance:cases")).content.decode()
    rows = re.findall(r"<tr( class=\"overdue\")?><td[^>]*><a[^>]*>(AJ-[\d-]+)</a>", page)
    assert dict((code, flag) for flag, code in rows) == {late.code: ' class="overdue"', on_time.code: ""}
