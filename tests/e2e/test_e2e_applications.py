"""申请审批 in a browser: the village files an application with a site drawn on the map, and the
application walks through every step of the 2019 procedure, each done by the role it belongs to,
down to registration; the street's deadline page shows a late application highlighted."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhenxing.homestead.applications.models import Application
from zhenxing.testing import factories

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def flow(world, tmp_path):
    county = world.units["county"]
    # A small village, so that the drawing map fits it at a street-level zoom.
    factories.square_boundary(world.units["village_a1"], 123.600, 42.100, 0.004)
    world.home.collective_member = True
    world.home.save(update_fields=["collective_member"])
    departments = {name: factories.user("department_staff", factories.department(county, name),
                                        username=username)
                   for name, username in (("自然资源局", "ziranziyuan"), ("住房和城乡建设局", "zhujian"),
                                          ("农业农村局", "nongye"))}
    form = tmp_path / "申请表.png"
    form.write_bytes(PNG + b"form")
    photo = tmp_path / "竣工照片.png"
    photo.write_bytes(PNG + b"photo")
    return {"departments": departments, "form": form, "photo": photo}


def step(page, label: str, **fields):
    """Fill the step's form (by field label) and take it; wait for the page to come back."""
    form = page.locator("form.step", has=page.get_by_role("group", name=label, exact=True))
    for field_label, value in fields.items():
        form.get_by_label(field_label).fill(value)
    with page.expect_navigation():
        form.get_by_role("button", name=label, exact=True).click()


def expect_state(page, label: str):
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)


def draw_square(page):
    area = page.locator("#site-map")
    expect(area).to_have_attribute("data-village-shown", "1")
    area.scroll_into_view_if_needed()
    box = area.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-12, -12), (12, -12), (12, 12), (-12, 12)):
        page.mouse.click(cx + dx, cy + dy)
    page.get_by_role("button", name="完成").click()
    expect(page.locator("#site-status")).to_have_text("已勾绘 4 个拐点的用地范围。")


def test_an_application_goes_from_filing_to_registration(world, flow, as_user, live_server):
    today = str(timezone.localdate())
    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/homestead/applications/new/")
    page.get_by_label("申请户户编号").fill(world.home.number)
    page.get_by_label("申请类型").select_option("new")
    page.get_by_label("申请理由").fill("儿子成婚分户，无宅基地")
    page.get_by_label("拟用地坐落").fill("A街1村一组东侧")
    page.get_by_label("拟建房屋建筑面积（平方米）").fill("120")
    page.get_by_label("拟建层数").fill("2")
    draw_square(page)
    with page.expect_navigation():
        page.get_by_role("button", name="保存申请").click()
    expect_state(page, "待提交")
    app = Application.objects.get()
    checks = page.locator("table.checks")
    expect(checks.get_by_role("row", name=re.compile("资格权"))).to_contain_text("通过")
    expect(checks.get_by_role("row", name=re.compile("村庄边界"))).to_contain_text("位于A街1村边界内")

    # Submitting without the application form is refused, with the reason.
    step(page, "提交申请")
    expect(page.locator(".messages")).to_contain_text("须上传至少 1 份材料")
    page.get_by_label(re.compile("上传材料")).set_input_files(str(flow["form"]))
    with page.expect_navigation():
        page.get_by_role("button", name="上传", exact=True).click()
    step(page, "提交申请")
    expect_state(page, "村民小组讨论")
    step(page, "小组讨论通过，开始公示", 村民小组会议日期=today, 到会人数="30", 同意人数="28")
    expect_state(page, "公示中")
    step(page, "公示期满无异议")
    expect(page.locator(".messages")).to_contain_text("届满前不能结束公示")
    Application.objects.filter(pk=app.pk).update(due_at=timezone.now() - timedelta(hours=1))
    page.reload()
    step(page, "公示期满无异议")
    step(page, "村级审查通过，报街道", 村级审查日期=today)
    expect_state(page, "街道联审")

    for name, user in flow["departments"].items():
        page = as_user(user)
        page.goto(f"{live_server.url}/homestead/applications/{app.pk}/")
        page.get_by_label("同意", exact=True).check()
        page.get_by_label("审查意见").fill(f"{name}：符合要求")
        with page.expect_navigation():
            page.get_by_role("button", name="签署").click()
        expect(page.locator("table.opinions")).to_contain_text(f"{name}：符合要求")

    page = as_user(world.users.street_admin)
    page.goto(f"{live_server.url}/homestead/applications/{app.pk}/")
    step(page, "联审通过（已到场踏勘）", 到场踏勘日期=today, 踏勘人员="张三、李四")
    step(page, "批准")
    expect_state(page, "已批准")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="农村宅基地批准书（PDF）").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    step(page, "丈量批放（到场放样）", 放样日期=today)
    page.get_by_label(re.compile("上传材料")).set_input_files(str(flow["photo"]))
    with page.expect_navigation():
        page.get_by_role("button", name="上传", exact=True).click()
    inspect = page.locator("form.step", has=page.get_by_role("group", name="竣工验收（到场验收）"))
    inspect.get_by_label("竣工照片.png").check()
    step(page, "竣工验收（到场验收）", 竣工验收日期=today, 验收意见="按批准面积和层数建设")
    step(page, "不动产登记", 不动产权证书号="辽(2026)沈北新区不动产权第0000101号",
         **{"宗地代码（新宗地）": "210113001201JC90001"})
    expect_state(page, "已登记")
    page.get_by_role("link", name="210113001201JC90001").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("宗地 210113001201JC90001")
    expect(page.locator("dl.fields")).to_contain_text("王建国")


def test_the_street_sees_late_applications_highlighted(world, as_user, live_server):
    late = factories.application(world.home, world.users.village_secretary, state="village_review",
                                 due_at=timezone.now() - timedelta(days=3))
    page = as_user(world.users.street_admin)
    page.goto(f"{live_server.url}/homestead/applications/deadlines/")
    expect(page.get_by_role("heading", level=1)).to_have_text("宅基地申请超期督办")
    street = page.locator("table.deadlines tr.overdue")
    expect(street).to_contain_text("马刚街道")
    row = page.locator("table.register tr.overdue", has_text=late.code)
    expect(row).to_contain_text("村级审查")
    row.get_by_role("link", name=late.code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已超期")
