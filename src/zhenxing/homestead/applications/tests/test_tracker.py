"""The nine-step tracker of an application (申请 → … → 登记) from the workflow's state and history, the
message after a step that says what happens next, and the buttons of the applicant's two steps."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from zhenxing.homestead.applications import services, tracker
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
LABELS = ["申请", "村民小组讨论", "公示", "村级审查", "街道联审", "审批", "放样", "验收", "登记"]


def statuses(app) -> list[str]:
    return [s.status for s in tracker.steps(app)]


def step(user, app, name, comment=""):
    services.take_step(actor=access.actor_for(user), application=app, transition=name, comment=comment)


def test_a_draft_is_at_the_first_of_nine_steps(w):
    app = factories.application(w.home, w.users["villager"])
    found = tracker.steps(app)
    assert [s.label for s in found] == LABELS
    assert statuses(app) == ["current"] + ["next"] * 8
    assert found[0].note == "上传申请材料后提交申请"


@pytest.mark.parametrize(("state", "current"), [
    ("group_review", 1), ("publicity", 2), ("village_review", 3), ("joint_review", 4), ("approval", 5),
    ("approved", 6), ("building", 7), ("accepted", 8)])
def test_each_state_of_the_procedure_is_its_step(w, state, current):
    app = factories.application(w.home, w.users["secretary"], state=state)
    assert statuses(app) == ["done"] * current + ["current"] + ["next"] * (8 - current)


def test_registered_is_every_step_done(w):
    app = factories.application(w.home, w.users["secretary"], state="registered")
    assert statuses(app) == ["done"] * 9


def test_submitting_dates_the_first_step_and_says_what_comes_next(client, w):
    app = factories.application(w.home, w.users["villager"])
    services.attach(actor=access.actor_for(w.users["villager"]), application=app,
                    upload=SimpleUploadedFile("申请表.png", PNG, content_type="image/png"))
    client.force_login(w.users["villager"])
    response = client.post(reverse("homestead:application_step", args=[app.pk]), {"transition": "submit"},
                           follow=True)
    page = response.content.decode()
    app.refresh_from_db()
    due = timezone.localtime(app.due_at).date()
    assert f"已提交申请，等待村民小组讨论（10 个工作日内，{due:%Y-%m-%d} 前）。" in page
    found = tracker.steps(app)
    assert [s.status for s in found[:3]] == ["done", "current", "next"]
    assert timezone.localtime(found[0].at).date() == timezone.localdate()
    assert found[1].due_at == app.due_at
    assert re.search(r'class="tracker-step current" aria-current="step">.*?村民小组讨论.*?时限 '
                     + f"{due:%Y-%m-%d}", page, re.S)


def test_a_returned_application_is_back_at_the_first_step_with_the_reason(w):
    app = factories.application(w.home, w.users["secretary"], state="village_review")
    step(w.users["secretary"], app, "village_return", "四至不清，请补充")
    found = tracker.steps(app)
    assert [s.status for s in found] == ["current"] + ["next"] * 8
    assert found[0].note == "已退回：四至不清，请补充。请修改或补充材料后重新提交"
    assert tracker.next_message(app, "village_return").startswith("已办理“退回申请人”，申请已退回申请人")


def test_a_rejection_stops_the_tracker_at_the_approval_with_the_reason(w):
    app = factories.application(w.home, w.users["secretary"], state="approval")
    step(w.users["street"], app, "reject", "占用基本农田")
    found = tracker.steps(app)
    assert [s.status for s in found] == ["done"] * 5 + ["stopped"] + ["next"] * 3
    assert found[5].note == "不予批准：占用基本农田"
    assert tracker.next_message(app, "reject") == "已办理“不予批准”，申请已办结（不予批准）。"


def test_a_withdrawn_draft_stops_at_the_first_step(w):
    app = factories.application(w.home, w.users["villager"])
    step(w.users["villager"], app, "withdraw")
    assert statuses(app) == ["stopped"] + ["next"] * 8


def test_the_tracker_include_renders_any_application_it_is_given(w):
    """The villager's home page includes it with `application`; the steps and the current one show."""
    app = factories.application(w.home, w.users["secretary"], state="publicity")
    html = render_to_string("homestead/applications/_tracker.html", {"application": app})
    assert html.count('class="tracker-step') == 9
    assert re.search(r'tracker-step current" aria-current="step">\s*<span class="tracker-dot"[^>]*>3<', html)


def test_submit_is_the_primary_button_and_withdraw_a_confirmed_outline(client, w):
    app = factories.application(w.home, w.users["villager"])
    client.force_login(w.users["villager"])
    page = client.get(reverse("homestead:application", args=[app.pk])).content.decode()
    assert re.search(r'<button type="submit">提交申请</button>', page)
    withdraw = r'<button type="submit" class="danger" data-confirm="确定撤回此申请？[^"]+">撤回申请</button>'
    assert re.search(withdraw, page)
