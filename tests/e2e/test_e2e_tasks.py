"""任务清单 in the browser: the district breaks an item of its plan into a task for a village; the village's
secretary finds it in the queue on the phone, sees who answers for the village (包保), is told what is
missing, reports it done with a photo; the district sees it done on the plan."""

import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhenxing.mechanisms.duties import services as duty_services
from zhenxing.mechanisms.tasks import services
from zhenxing.orgs import access

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_task_goes_from_assignment_to_a_report_of_it_done(world, as_user, live_server, page):
    admin = access.actor_for(world.users.district_admin)
    year = timezone.localdate().year
    plan = services.create_plan(actor=admin, org_unit=world.units["county"], year=year,
                                title="抓党建促乡村振兴工作举措")
    aspect = services.add_aspect(actor=admin, plan=plan, number=1, name="建机制")
    services.add_item(actor=admin, aspect=aspect, number=1, title="区委书记带头包保乡村振兴联系点")
    village = world.units["village_a1"]
    duty_services.assign_duty(actor=admin, kind="liaison", org_unit=village, holder_name="张立国",
                              holder_title="区委书记", started_on=date(year, 1, 1))

    page.set_viewport_size({"width": 1366, "height": 900})
    as_user(world.users.district_admin).goto(f"{live_server.url}/mechanisms/plans/{plan.pk}/")
    form = page.locator("form.task-form")
    form.get_by_label("责任单位").select_option(label=village.name)
    form.get_by_label("任务内容").fill("每季度召开一次包保联系会")
    form.get_by_label("开始日期").fill(date(year, 1, 1).isoformat())
    form.get_by_label("完成时限").fill(date(year, 12, 31).isoformat())
    form.get_by_role("button", name="分解任务").click()
    expect(page.locator(".messages")).to_contain_text("任务已分解")
    expect(page.locator(".plan-items")).to_contain_text(village.name)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 812})  # the secretary's phone
    as_user(world.users.village_secretary).goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile("每季度召开一次包保联系会")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("每季度召开一次包保联系会")
    expect(page.locator("dd.duties")).to_contain_text("张立国（区委书记）")  # who answers for the village
    report = page.locator("form.report-form")
    report.get_by_label("完成进度（%）").fill("100")
    report.get_by_role("button", name="报告进度").click()
    expect(page.locator(".messages")).to_contain_text("请填写进展情况")
    report.get_by_label("完成进度（%）").fill("100")
    report.get_by_label("进展情况").fill("四次联系会均已召开，纪要已归档")
    report.get_by_label("佐证材料").set_input_files(
        files=[{"name": "会议纪要.png", "mimeType": "image/png", "buffer": PNG}])
    report.get_by_role("button", name="报告进度").click()
    expect(page.locator(".messages")).to_contain_text("任务已完成")
    expect(page.get_by_role("heading", level=1)).to_contain_text("已完成")
    expect(page.get_by_role("link", name="会议纪要.png")).to_be_visible()
    expect(page.locator("form.report-form")).to_have_count(0)  # done: nothing more to report

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 900})
    as_user(world.users.district_admin).goto(f"{live_server.url}/mechanisms/plans/{plan.pk}/")
    expect(page.locator(".plan-summary")).to_contain_text("1 项，已完成 1 项")
    expect(page.locator(".plan-items")).to_contain_text("100% 已完成")
