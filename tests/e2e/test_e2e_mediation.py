"""评理说事 in a browser: the village registers a dispute with the 说事员 the parties chose, mediates it,
fails and escalates it to the street ("大事不出村、难事不出镇"), after which the village can only read
it; the street mediates it to a written agreement, prints it, and follows it up to closure."""

import re

import pytest
from playwright.sync_api import expect

from zhenxing.governance.mediation.models import Dispute
from zhenxing.testing import factories

pytestmark = pytest.mark.browser


def step(page, label: str, comment: str = "", **fields):
    form = page.locator("form.step", has=page.get_by_role("group", name=label, exact=True))
    for field_label, value in fields.items():
        box = form.get_by_label(field_label)
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(label=value)
        else:
            box.fill(value)
    if comment:
        form.get_by_label(re.compile("理由|意见")).fill(comment)
    with page.expect_navigation():
        form.get_by_role("button", name=label, exact=True).click()


def expect_state(page, label: str):
    expect(page.get_by_role("heading", level=1)).to_contain_text(label)


def test_a_dispute_goes_from_registration_through_escalation_to_follow_up(world, as_user, live_server):
    point = factories.mediation_point(world.units["village_a1"])
    factories.mediator(point, world.head, kind="sage")

    page = as_user(world.users.village_secretary)
    page.goto(f"{live_server.url}/governance/mediation/disputes/new/")
    page.get_by_label("村/社区").select_option(label="A街1村")
    page.get_by_label("纠纷类型").select_option(label="宅基地纠纷")
    page.get_by_label("纠纷简要情况").fill("两户宅基地界址不清，院墙位置争执")
    page.get_by_label("当事人一", exact=True).fill("李秀英")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    expect(page.locator(".field-error, .error").first).to_contain_text("当事人至少两方")
    page.get_by_label("当事人二", exact=True).fill("赵外村")
    page.get_by_label(re.compile("王建国")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    expect_state(page, "已登记")
    dispute = Dispute.objects.get()
    expect(page.locator("dl.fields")).to_contain_text("王建国（乡贤）")
    expect(page.locator("table.case-file")).to_contain_text("已归档")

    step(page, "开始调解", 评理方式="乡贤断")
    expect_state(page, "调解中")
    questions = []
    page.once("dialog", lambda d: (questions.append(d.message), d.accept()))
    step(page, "调解不成", comment="双方对界址各执一词")
    assert questions == ["确定记为调解不成？"]  # a setback asks first
    expect_state(page, "调解不成")
    step(page, "升级到上一级调解", comment="大事不出村，报街道")
    expect_state(page, "已升级")
    expect(page.locator("dl.fields")).to_contain_text("街道")
    expect(page.locator("form.step")).to_have_count(0)  # the village now only reads it

    page = as_user(world.users.street_admin)
    page.goto(f"{live_server.url}/governance/mediation/disputes/?level=street")
    expect(page.locator("main")).to_contain_text(dispute.code)
    page.goto(f"{live_server.url}/governance/mediation/disputes/{dispute.pk}/")
    step(page, "开始调解", 评理方式="依法断")
    text = "以1998年宅基地使用证四至为界，院墙后移0.5米"
    step(page, "达成协议", 协议形式="书面协议", **{"协议内容（口头协议记录其要点）": text})
    expect_state(page, "已达成协议")
    with page.expect_navigation():
        page.get_by_role("link", name="调解协议书（打印）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("人民调解协议书")
    expect(page.locator("article")).to_contain_text("院墙后移0.5米")
    page.go_back()
    step(page, "回访", 履行情况="已履行", 回访记录="院墙已后移，双方无异议")
    expect_state(page, "已回访")
    step(page, "结案")
    expect_state(page, "已结案")
    expect(page.locator("table.history")).to_contain_text("调解不成 → 已升级（待上级调解）")
    expect(page.locator("table.case-file")).to_contain_text("回访记录")
