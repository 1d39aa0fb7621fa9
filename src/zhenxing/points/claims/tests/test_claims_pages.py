"""积分申报 pages: the phone form with photos, the approver's pending list, a claim's page, the itemised
history (a villager's own only), the 三会一课 register and the button that proposes from activities."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhenxing.orgs import access
from zhenxing.points.claims import services
from zhenxing.points.claims.models import Claim, Meeting
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class W:
    pass


@pytest.fixture
def w(district):
    w = W()
    w.units = district
    a1, county = district["village_a1"], district["county"]
    w.home = factories.household(a1, district["grid_a1"])
    w.head = factories.person(w.home, name="王建国", political_status="cpc")
    w.branch = factories.branch(a1)
    w.member = factories.party_member(w.head, w.branch)
    w.other_home = factories.household(district["village_a2"], district["grid_a2"])
    w.users = {role: factories.user(role, district[place], username=role) for role, place in (
        ("grid_worker", "grid_a1"), ("village_secretary", "village_a1"), ("street_admin", "street_a"),
        ("villager", "village_a1"), ("village_cadre", "village_a1"))}
    w.head.user = w.users["villager"]
    w.head.save(update_fields=["user"])
    w.hh = factories.claims_scheme(county, code="QS", subject="household")
    w.green = factories.points_category(w.hh, "green", "人居环境", "#2e7d32")
    book = factories.claims_rule_book(w.hh, county)
    w.tidy = factories.claims_rule_item(book, points=5, category=w.green, code="G1", name="庭院整洁",
                                 evidence_required=True)
    w.pm = factories.claims_scheme(county, code="DY", subject="member")
    pm_book = factories.claims_rule_book(w.pm, county, bases={"": 60})
    w.attend = factories.claims_rule_item(pm_book, points=2, code="D1", name="三会一课出勤",
                                          source="attendance")
    w.today = timezone.localdate()
    return w


def login(client, w, role):
    client.force_login(w.users[role])
    return client


def actor(w, role):
    return access.actor_for(w.users[role])


def test_a_grid_worker_proposes_on_the_form_with_a_photo(w, client):
    login(client, w, "grid_worker")
    page = client.get(reverse("points:claim_new"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "庭院整洁" in text and w.home.number in text and "三会一课出勤" not in text  # generated only
    response = client.post(reverse("points:claim_new"), {
        "scheme": "QS", "holder": w.home.number, "item": str(w.tidy.pk), "quantity": "1",
        "occurred_on": w.today.isoformat(), "description": "院内整洁",
        "photos": [SimpleUploadedFile("院子.png", PNG, content_type="image/png")]})
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("points:claim", args=[claim.pk])
    assert claim.household == w.home and claim.proposed_by == w.users["grid_worker"]
    detail = client.get(response["Location"]).content.decode()
    assert "院子.png" in detail and "待审核" in detail and "+5" in detail
    assert f"已提交申报 {claim.code}（+5 分），等待村审核；审核通过后记入积分账户" in detail
    files = services.attachments.of("points.claim", claim.pk)
    assert client.get(reverse("points:claim_file", args=[claim.pk, files[0].pk])).status_code == 200


def test_the_form_offers_only_the_items_the_proposers_role_may_propose(w, client):
    book = w.tidy.book
    factories.claims_rule_item(book, points=3, category=w.green, code="G2", name="门前三包",
                               proposers=["grid_worker", "village_secretary"])
    factories.claims_rule_item(book, points=2, category=w.green, code="G3", name="支部评议",
                               proposers=["village_secretary"])
    grid = login(client, w, "grid_worker").get(reverse("points:claim_new")).content.decode()
    assert "门前三包" in grid and "庭院整洁" in grid and "支部评议" not in grid
    secretary = login(client, w, "village_secretary").get(reverse("points:claim_new")).content.decode()
    assert "门前三包" in secretary and "支部评议" in secretary


@pytest.mark.parametrize(("change", "message"), [
    ({"holder": "999"}, "户编号“999”不存在或不在您的管辖范围内"),
    ({"scheme": ""}, "请选择积分方案"),
    ({"item": ""}, "请选择积分条目"),
    ({"occurred_on": "2024-13-01"}, "发生日期格式应为 YYYY-MM-DD"),
    ({}, "“庭院整洁”须上传佐证材料"),
])
def test_the_form_answers_400_with_the_reason(w, client, change, message):
    login(client, w, "grid_worker")
    data = {"scheme": "QS", "holder": w.home.number, "item": str(w.tidy.pk), "quantity": "1",
            "occurred_on": w.today.isoformat(), "description": "院内整洁"}
    data.update(change)
    response = client.post(reverse("points:claim_new"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Claim.objects.exists()


def test_a_household_of_another_village_cannot_be_proposed_from_the_form(w, client):
    login(client, w, "grid_worker")
    response = client.post(reverse("points:claim_new"), {
        "scheme": "QS", "holder": w.other_home.number, "item": str(w.tidy.pk), "quantity": "1",
        "occurred_on": w.today.isoformat(), "description": "x"})
    assert response.status_code == 400 and "不在您的管辖范围内" in response.content.decode()


def test_the_secretary_approves_from_the_pending_list(w, client, django_assert_max_num_queries):
    for _ in range(12):
        services.propose(actor=actor(w, "grid_worker"), scheme=w.hh, item=w.tidy, household=w.home,
                         occurred_on=w.today, description="整洁",
                         uploads=[SimpleUploadedFile("a.png", PNG, content_type="image/png")])
    login(client, w, "village_secretary")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("points:claims"))
    text = page.content.decode()
    assert text.count(">通过</button>") == 12
    first = Claim.objects.order_by("pk").first()
    response = client.post(reverse("points:claim_act", args=[first.pk]),
                           {"action": "approve", "next": reverse("points:claims")})
    assert response.status_code == 302 and response["Location"] == reverse("points:claims")
    first.refresh_from_db()
    assert first.state == "approved" and first.entry.amount == 5
    second = Claim.objects.filter(state="proposed").first()
    client.post(reverse("points:claim_act", args=[second.pk]), {"action": "reject", "reason": ""})
    second.refresh_from_db()
    assert second.state == "proposed"  # a rejection without a reason is refused …
    client.post(reverse("points:claim_act", args=[second.pk]), {"action": "reject", "reason": "重复申报"})
    second.refresh_from_db()
    assert second.state == "rejected"
    assert "已通过" in client.get(reverse("points:claims") + "?state=approved").content.decode()
    # … and the grid worker, who proposes but does not approve, cannot reach the step.
    login(client, w, "grid_worker")
    act = reverse("points:claim_act", args=[second.pk])
    assert client.post(act, {"action": "approve"}).status_code == 404
    assert ">通过</button>" not in client.get(reverse("points:claims")).content.decode()


def test_the_history_shows_entries_with_running_balance_colour_and_reversals(w, client):
    secretary, grid = actor(w, "village_secretary"), actor(w, "grid_worker")
    claims = []
    for _ in range(2):
        c = services.propose(actor=grid, scheme=w.hh, item=w.tidy, household=w.home, occurred_on=w.today,
                             description="整洁", uploads=[SimpleUploadedFile("a.png", PNG)])
        services.approve(actor=secretary, claim=c)
        claims.append(c)
    services.correct(actor=secretary, claim=claims[0], reason="误报")
    login(client, w, "village_secretary")
    url = reverse("points:history", args=["household", w.home.pk])
    text = client.get(url).content.decode()
    assert f"农户 {w.home.number}（户主 王建国） 的积分明细" in text
    assert text.count("#2e7d32") >= 3 and "已冲正" in text and "冲正 " in text
    balances = [cell.split("<")[0] for cell in text.split('data-label="余额">')[1:]]
    assert balances == ["5", "10", "5"]
    assert f"{w.today.year} 年余额：<strong>5</strong>" in text


def test_a_villager_sees_their_own_households_history_and_nobody_elses(w, client):
    login(client, w, "villager")
    mine = client.get(reverse("points:my_points"))
    assert mine.status_code == 302
    assert mine["Location"] == reverse("points:history", args=["household", w.home.pk])
    assert client.get(mine["Location"]).status_code == 200
    assert client.get(reverse("points:history", args=["household", w.other_home.pk])).status_code == 404
    # the villager is the head of the household and a party member: their own party points are theirs
    own_member = client.get(reverse("points:history", args=["member", w.member.pk]))
    assert own_member.status_code == 200 and f"党员 {w.head.name} 的积分明细" in own_member.content.decode()
    assert client.get(reverse("points:claims")).status_code == 404
    login(client, w, "grid_worker")
    assert client.get(reverse("points:my_points")).status_code == 404
    assert client.get(reverse("points:history", args=["member", w.member.pk])).status_code == 200
    assert client.get(reverse("points:history", args=["household", w.other_home.pk])).status_code == 404
    assert client.get(reverse("points:history", args=["nobody", w.home.pk])).status_code == 404


def test_a_meeting_recorded_on_the_page_proposes_attendance_from_the_button(w, client):
    login(client, w, "village_secretary")
    assert w.head.name in client.get(reverse("points:meeting_new")).content.decode()
    day = w.today - timedelta(days=1)
    response = client.post(reverse("points:meeting_new"), {
        "branch": str(w.branch.pk), "kind": "general", "held_on": day.isoformat(), "topic": "学习党章",
        "attendees": [str(w.member.pk)]})
    assert response.status_code == 302
    assert Meeting.objects.get().attendees.get() == w.member
    assert "学习党章" in client.get(reverse("points:meetings")).content.decode()
    bad = client.post(reverse("points:meeting_new"), {"branch": str(w.branch.pk), "kind": "general",
                                                      "held_on": day.isoformat(), "topic": ""})
    assert bad.status_code == 400 and "请填写会议主题" in bad.content.decode()
    # The button proposes attendance once, however often it is pressed.
    client.post(reverse("points:claims_generate"), {"since": day.isoformat()})
    claim = Claim.objects.get()
    assert claim.member == w.member and claim.item == w.attend
    assert claim.source_ref.startswith("points.meeting:")
    client.post(reverse("points:claims_generate"), {"since": day.isoformat()})
    assert Claim.objects.count() == 1
    page = client.get(reverse("points:claims")).content.decode()
    assert "已从队伍活动和三会一课生成 0 条申报" in page


def test_an_approved_claim_is_corrected_from_its_page_with_a_reason(w, client):
    c = services.propose(actor=actor(w, "grid_worker"), scheme=w.hh, item=w.tidy, household=w.home,
                         occurred_on=w.today, description="整洁", uploads=[SimpleUploadedFile("a.png", PNG)])
    services.approve(actor=actor(w, "village_secretary"), claim=c)
    login(client, w, "street_admin")
    page = client.get(reverse("points:claim", args=[c.pk])).content.decode()
    assert "冲正理由" in page and ">通过</button>" not in page
    assert 'class="danger" data-confirm="确定冲正？已记入的积分将被扣回。">冲正</button>' in page
    act = reverse("points:claim_act", args=[c.pk])
    client.post(act, {"action": "correct", "reason": ""})
    c.refresh_from_db()
    assert c.state == "approved"
    response = client.post(act, {"action": "correct", "reason": "对象录入有误"}, follow=True)
    c.refresh_from_db()
    text = response.content.decode()
    assert c.state == "reversed" and f"申报 {c.code} 已冲正" in text and "已冲正" in text
    assert "-5 分，冲正" in text
    assert "请选择操作" in client.post(act, {"action": "edit"}, follow=True).content.decode()


def test_the_claim_page_names_the_proposer_and_approver_not_their_logins(w, client):
    for role, name in (("grid_worker", "张网格"), ("village_secretary", "李书记")):
        w.users[role].first_name = name
        w.users[role].save(update_fields=["first_name"])
    c = services.propose(actor=actor(w, "grid_worker"), scheme=w.hh, item=w.tidy, household=w.home,
                         occurred_on=w.today, description="整洁", uploads=[SimpleUploadedFile("a.png", PNG)])
    services.approve(actor=actor(w, "village_secretary"), claim=c)
    login(client, w, "street_admin")
    page = client.get(reverse("points:claim", args=[c.pk])).content.decode()
    assert "张网格（A街1村第一网格·网格员）" in page and "李书记（A街1村·村党组织书记）" in page
    assert ">grid_worker<" not in page and ">village_secretary<" not in page
