"""积分申报: proposing with evidence and caps, approving into the ledger (opening base, floor clamp, once),
rejecting, correcting by a reversing entry, proposals from team activities and 三会一课; every refusal in
Chinese naming its field."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from zhenxing.core import ledger
from zhenxing.core.models import AuditEvent, LedgerAccount, LedgerEntry
from zhenxing.governance.teams import services as services_teams
from zhenxing.orgs import access
from zhenxing.points import accounts
from zhenxing.points.claims import services
from zhenxing.points.claims.models import Claim
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def photo(name="现场.png", salt=b""):
    return SimpleUploadedFile(name, PNG + salt, content_type="image/png")


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
    w.member = factories.party_member(w.head, w.branch, classification="in_village")
    w.outsider_home = factories.household(district["village_b1"], district["grid_b1"])
    w.grid = access.actor_for(factories.user("grid_worker", district["grid_a1"]))
    w.cadre = access.actor_for(factories.user("village_cadre", a1))
    w.secretary = access.actor_for(factories.user("village_secretary", a1))
    w.street = access.actor_for(factories.user("street_admin", district["street_a"]))
    # 七色积分 for households, floor 0
    w.hh = factories.claims_scheme(county, code="QS", subject="household", floor=0, spendable=True)
    w.green = factories.points_category(w.hh, "green", "人居环境", "#2e7d32")
    w.red = factories.points_category(w.hh, "red", "党建引领", "#c62828")
    w.hh_book = factories.claims_rule_book(w.hh, county)
    w.tidy = factories.claims_rule_item(w.hh_book, points=5, category=w.green, code="G1", name="庭院整洁",
                                 evidence_required=True, cap=10, cap_period="month")
    w.litter = factories.claims_rule_item(w.hh_book, points=-10, category=w.green, code="G9", name="乱倒垃圾")
    w.secret = factories.claims_rule_item(w.hh_book, points=3, category=w.red, code="R1", name="参加支部活动",
                                   proposers=["village_secretary"], approvers=["street_admin"])
    # 党员积分, base 60 for members in the village
    w.pm = factories.claims_scheme(county, code="DY", subject="member", floor=0)
    w.pm_cat = factories.points_category(w.pm, "duty", "履职尽责", "#1565c0")
    w.pm_book = factories.claims_rule_book(w.pm, county, bases={"in_village": 60, "": 50})
    item = factories.claims_rule_item
    w.attend = item(w.pm_book, points=2, code="D1", name="三会一课出勤", source="attendance")
    w.mission = item(w.pm_book, points=5, code="D2", name="急难险重任务", source="mission")
    w.volunteer = item(w.pm_book, points=1, code="D3", name="志愿服务", source="volunteer", unit="hour")
    w.today = timezone.localdate()
    return w


def tidy(w, actor=None, **kw):
    values = {"actor": actor or w.grid, "scheme": w.hh, "item": w.tidy, "household": w.home, "quantity": 1,
              "occurred_on": w.today, "description": "庭院干净整洁", "uploads": [photo(salt=b"x")]}
    values.update(kw)
    return services.propose(**values)


def balance(scheme, holder, year):
    account = accounts.account(scheme, holder, year)
    account.refresh_from_db()
    assert ledger.entries_sum(account) == account.balance
    return account.balance


def test_a_grid_worker_proposes_with_a_photo_and_the_secretary_approves_into_the_ledger(w):
    claim = tidy(w)
    assert claim.state == "proposed" and claim.code.startswith(f"JF-{w.today.year}-")
    assert claim.points == 5 and claim.path == w.home.path and claim.proposed_by == w.grid.user
    assert [a.name for a in services.attachments.of("points.claim", claim.pk)] == ["现场.png"]
    services.approve(actor=w.secretary, claim=claim)
    claim.refresh_from_db()
    assert claim.state == "approved"
    entry = claim.entry
    assert (entry.amount, entry.kind, entry.category, entry.ref, entry.key) == (
        5, "award", "green", f"points.claim:{claim.pk}", f"claim:{claim.pk}")
    assert entry.account.book == f"points.{w.hh.pk}.{w.today.year}"
    assert entry.account.holder == f"household:{w.home.pk}"
    assert balance(w.hh, w.home, w.today.year) == 5
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"points.claim.propose", "points.claim.approve", "points.claim.post"} <= actions


def test_a_deduction_is_posted_as_deduct_and_a_quantity_multiplies(w):
    claim = services.propose(actor=w.cadre, scheme=w.hh, item=w.tidy, household=w.home, quantity="2",
                             occurred_on=w.today, description="两处", uploads=[photo()])
    assert claim.points == 10
    services.approve(actor=w.secretary, claim=claim)
    bad = services.propose(actor=w.cadre, scheme=w.hh, item=w.litter, household=w.home, quantity=1,
                           occurred_on=w.today, description="河边倒垃圾")
    services.approve(actor=w.secretary, claim=bad)
    bad.refresh_from_db()
    assert (bad.entry.kind, bad.entry.amount, bad.entry.balance_after) == ("deduct", -10, 0)


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"household": None}, "holder", "请选择一名党员或一户农户"),
    ({"occurred_on": None}, "occurred_on", "请填写发生日期"),
    ({"description": "  "}, "description", "请填写事由"),
    ({"uploads": []}, "uploads", "“庭院整洁”须上传佐证材料"),
    ({"quantity": "两次"}, "quantity", "数量应为数字"),
    ({"quantity": "1.5"}, "quantity", "按次计分，次数应为整数"),
    ({"quantity": "0"}, "quantity", "数量应大于 0"),
])
def test_refusals_name_the_field_and_write_nothing(w, change, field, message):
    with pytest.raises(ValidationError) as exc:
        tidy(w, **change)
    assert field in exc.value.message_dict and message in " ".join(exc.value.message_dict[field])
    assert not Claim.objects.exists()


def test_more_refusals_in_chinese(w):
    with pytest.raises(ValidationError, match="发生日期不能晚于今天"):
        tidy(w, occurred_on=w.today + timedelta(days=1))
    with pytest.raises(ValidationError, match="“七色积分QS”的积分对象是农户"):
        services.propose(actor=w.grid, scheme=w.hh, item=w.tidy, member=w.member, occurred_on=w.today,
                         description="x", uploads=[photo()])
    with pytest.raises(ValidationError, match="不属于“党员积分DY”"):
        services.propose(actor=w.grid, scheme=w.pm, item=w.tidy, member=w.member, occurred_on=w.today,
                         description="x", uploads=[photo()])
    with pytest.raises(ValidationError, match="“参加支部活动”只能由村党组织书记申报"):
        services.propose(actor=w.grid, scheme=w.hh, item=w.secret, household=w.home, occurred_on=w.today,
                         description="x")
    w.hh.active = False
    w.hh.save()
    with pytest.raises(ValidationError, match="已停用"):
        tidy(w)
    assert not Claim.objects.exists()


def test_a_holder_outside_the_proposers_scope_is_not_found(w):
    with pytest.raises(Http404):
        tidy(w, household=w.outsider_home)
    street_reviewer = access.actor_for(factories.user("street_reviewer", w.units["street_a"]))
    with pytest.raises(Http404):  # no PROPOSE_POINTS at all
        tidy(w, actor=street_reviewer)


def test_an_item_must_be_in_force_for_the_holders_village_on_the_day(w):
    a1 = w.units["village_a1"]
    village_book = factories.claims_rule_book(w.hh, a1, effective_from=w.today - timedelta(days=10))
    village_tidy = factories.claims_rule_item(village_book, points=6, category=w.green, code="G1",
                                       name="庭院整洁（村）")
    # Since the village's own version, the district's item is no longer the one in force there …
    with pytest.raises(ValidationError, match="“庭院整洁”不在农户.*施行的积分细则中"):
        tidy(w)
    # … but it still was before it, and the village's was not.
    assert tidy(w, occurred_on=w.today - timedelta(days=20)).points == 5
    with pytest.raises(ValidationError, match="不在农户"):
        tidy(w, item=village_tidy, occurred_on=w.today - timedelta(days=20))
    assert tidy(w, item=village_tidy).points == 6
    # Another village keeps the district's item.
    other = factories.household(w.units["village_a2"], w.units["grid_a2"])
    street = access.actor_for(factories.user("village_cadre", w.units["village_a2"]))
    assert tidy(w, actor=street, household=other).item == w.tidy


def test_the_cap_counts_pending_and_approved_claims_of_the_period_but_not_rejected_ones(w):
    first_of_month = w.today.replace(day=1)
    one = tidy(w, occurred_on=first_of_month)
    tidy(w, occurred_on=first_of_month)  # 10 of 10 used
    with pytest.raises(ValidationError) as exc:
        tidy(w, occurred_on=first_of_month)
    message = "“庭院整洁”每月上限 10 分：本期已申报或已通过 10 分，本次 5 分将超过上限"
    assert message in exc.value.message_dict["quantity"]
    services.reject(actor=w.secretary, claim=one, reason="照片不清")
    tidy(w, occurred_on=first_of_month)  # the rejected one no longer counts
    last_month = first_of_month - timedelta(days=1)
    assert tidy(w, occurred_on=last_month).points == 5  # another period


def test_period_bounds():
    assert services.period_of(date(2024, 2, 10), "month") == (date(2024, 2, 1), date(2024, 2, 29))
    assert services.period_of(date(2024, 5, 10), "quarter") == (date(2024, 4, 1), date(2024, 6, 30))
    assert services.period_of(date(2024, 5, 10), "year") == (date(2024, 1, 1), date(2024, 12, 31))


def test_a_deduction_beyond_the_balance_takes_it_to_the_floor_and_says_so(w):
    services.approve(actor=w.secretary, claim=tidy(w))  # 5
    bad = services.propose(actor=w.grid, scheme=w.hh, item=w.litter, household=w.home, occurred_on=w.today,
                           description="乱倒垃圾")
    services.approve(actor=w.secretary, claim=bad)
    bad.refresh_from_db()
    assert bad.entry.amount == -5 and bad.entry.balance_after == 0
    assert "应扣 10 分，余额 5 分，按最低分 0 实扣 5 分" in bad.entry.memo
    again = services.propose(actor=w.grid, scheme=w.hh, item=w.litter, household=w.home, occurred_on=w.today,
                             description="又乱倒")
    services.approve(actor=w.secretary, claim=again)  # never refused: nothing left to take
    again.refresh_from_db()
    assert again.entry.amount == 0 and again.state == "approved"
    assert balance(w.hh, w.home, w.today.year) == 0


def test_approval_happens_once(w):
    claim = tidy(w)
    services.approve(actor=w.secretary, claim=claim)
    with pytest.raises(ValidationError, match="当前状态为“已通过”，不能执行“通过”"):
        services.approve(actor=w.street, claim=claim)
    with pytest.raises(ValidationError, match="当前状态为“已通过”"):
        services.reject(actor=w.street, claim=claim, reason="重复")
    assert LedgerEntry.objects.filter(ref=f"points.claim:{claim.pk}").count() == 1
    # A retried posting under the claim's key returns the first entry instead of posting again.
    account = accounts.account(w.hh, w.home, w.today.year)
    again = ledger.post(account=account, amount=5, kind="award", key=f"claim:{claim.pk}")
    claim.refresh_from_db()
    assert again.pk == claim.entry_id and balance(w.hh, w.home, w.today.year) == 5


def test_who_may_decide(w):
    own = tidy(w, actor=w.secretary)
    with pytest.raises(ValidationError, match="申报人不能审核自己的申报"):
        services.approve(actor=w.secretary, claim=own)
    assert not services.can_decide(w.secretary, own) and services.can_decide(w.street, own)
    with pytest.raises(Http404):  # a cadre proposes but does not approve
        services.approve(actor=w.cadre, claim=own)
    b_admin = access.actor_for(factories.user("street_admin", w.units["street_b"]))
    with pytest.raises(Http404):
        services.approve(actor=b_admin, claim=own)
    special = services.propose(actor=w.secretary, scheme=w.hh, item=w.secret, household=w.home,
                               occurred_on=w.today, description="参加主题党日")
    other_secretary = access.actor_for(factories.user("village_secretary", w.units["village_a1"]))
    with pytest.raises(ValidationError, match="“参加支部活动”须由街道管理员审核"):
        services.approve(actor=other_secretary, claim=special)
    services.approve(actor=w.street, claim=special)
    with pytest.raises(ValidationError, match="请填写不通过的理由"):
        services.reject(actor=w.street, claim=tidy(w), reason=" ")
    assert Claim.objects.get(pk=special.pk).state == "approved"


def test_a_rejection_posts_nothing(w):
    claim = tidy(w)
    services.reject(actor=w.secretary, claim=claim, reason="照片与事由不符")
    claim.refresh_from_db()
    assert claim.state == "rejected" and claim.entry is None
    assert not LedgerEntry.objects.exists()
    step = services.workflow.history(claim).get()
    assert (step.to_state, step.comment) == ("rejected", "照片与事由不符")


def test_a_correction_reverses_the_entry_and_marks_the_claim(w):
    claim = tidy(w)
    services.approve(actor=w.secretary, claim=claim)
    with pytest.raises(ValidationError, match="请填写冲正理由"):
        services.correct(actor=w.secretary, claim=claim, reason="")
    services.correct(actor=w.street, claim=claim, reason="户主不在家，系误报")
    claim.refresh_from_db()
    assert claim.state == "reversed"
    reversal = LedgerEntry.objects.get(reverses=claim.entry)
    assert (reversal.amount, reversal.kind, reversal.category) == (-5, "reversal", "green")
    assert "户主不在家" in reversal.memo
    assert balance(w.hh, w.home, w.today.year) == 0
    with pytest.raises(ValidationError, match="当前状态为“已冲正”，不能执行“冲正”"):
        services.correct(actor=w.street, claim=claim, reason="再来")
    assert LedgerEntry.objects.filter(reverses__isnull=False).count() == 1
    actions = ("points.claim.correct", "points.claim.reversal")
    assert AuditEvent.objects.filter(action__in=actions).count() == 2
    pending = tidy(w)
    with pytest.raises(ValidationError, match="当前状态为“待审核”，不能执行“冲正”"):
        services.correct(actor=w.street, claim=pending, reason="x")


def test_a_members_year_opens_with_the_base_of_their_classification(w):
    claim = services.propose(actor=w.secretary, scheme=w.pm, item=w.mission, member=w.member,
                             occurred_on=w.today, description="防汛")
    services.approve(actor=w.street, claim=claim)
    account = accounts.account(w.pm, w.member, w.today.year)
    kinds = list(LedgerEntry.objects.filter(account=account).order_by("pk").values_list("kind", "amount"))
    assert kinds == [("opening", 60), ("award", 5)]
    assert balance(w.pm, w.member, w.today.year) == 65
    second = services.propose(actor=w.secretary, scheme=w.pm, item=w.mission, member=w.member,
                              occurred_on=w.today, description="抢险")
    services.approve(actor=w.street, claim=second)
    assert LedgerEntry.objects.filter(account=account, kind="opening").count() == 1
    assert balance(w.pm, w.member, w.today.year) == 70


def test_activities_and_meetings_propose_once(w):
    a1 = w.units["village_a1"]
    helper = factories.person(w.home, name="王帮忙", relation="child")  # not a party member: no points
    team = services_teams.create_team(actor=w.secretary, org_unit=a1, name="服务队", kind="service",
                                      founded_on=date(2023, 1, 1))
    for p in (w.head, helper):
        services_teams.add_member(actor=w.secretary, team=team, person=p, joined_on=date(2023, 1, 1))
    day = w.today - timedelta(days=3)
    services_teams.record_activity(actor=w.secretary, team=team, kind="volunteer", title="清扫村路",
                                   held_on=day, hours={w.head.pk: "2.5", helper.pk: "3"})
    services_teams.record_activity(actor=w.secretary, team=team, kind="mission", title="防汛",
                                   held_on=day, hours={w.head.pk: "6"})
    services_teams.record_activity(actor=w.secretary, team=team, kind="volunteer", title="旧活动",
                                   held_on=day - timedelta(days=40), hours={w.head.pk: "1"})
    services.record_meeting(actor=w.secretary, branch=w.branch, kind="lecture", held_on=day,
                            topic="学习党章", attendees=[w.member])
    result = services.propose_from_activities(actor=w.secretary, since=day - timedelta(days=1))
    got = sorted((c.item.code, c.quantity, c.points) for c in result.proposed)
    assert got == [("D1", Decimal("1.0"), 2), ("D2", Decimal("1.0"), 5), ("D3", Decimal("2.5"), 3)]
    assert all(c.member == w.member and c.state == "proposed" and c.source_ref for c in result.proposed)
    again = services.propose_from_activities(actor=w.secretary, since=day - timedelta(days=60))
    assert [c.description for c in again.proposed] == ["志愿服务（置顶行动）：旧活动（服务队，1.0 小时）"]
    assert services.propose_from_activities(actor=w.secretary, since=day - timedelta(days=60)).proposed == []
    assert Claim.objects.count() == 4
    # Outside the proposer's scope nothing is proposed.
    other = access.actor_for(factories.user("village_secretary", w.units["village_b1"]))
    Claim.objects.all().delete()
    assert services.propose_from_activities(actor=other, since=day - timedelta(days=60)).proposed == []


def test_activities_without_an_item_in_force_are_skipped_with_the_reason(w):
    w.mission.source = ""
    w.mission.save()
    team = services_teams.create_team(actor=w.secretary, org_unit=w.units["village_a1"], name="突击队",
                                      kind="assault", founded_on=date(2023, 1, 1))
    services_teams.add_member(actor=w.secretary, team=team, person=w.head, joined_on=date(2023, 1, 1))
    services_teams.record_activity(actor=w.secretary, team=team, kind="mission", title="清雪",
                                   held_on=w.today, hours={w.head.pk: "2"})
    result = services.propose_from_activities(actor=w.secretary, since=w.today)
    assert result.proposed == [] and "没有“急难险重任务”条目" in result.skipped[0][1]


def test_a_meeting_is_recorded_with_its_branchs_members_only(w):
    stranger = factories.party_member(factories.person(w.outsider_home, name="赵外"),
                                      factories.branch(w.units["village_b1"]))
    cases = [
        ({"kind": "party"}, "请选择会议类型"),
        ({"held_on": None}, "请填写会议日期"),
        ({"held_on": w.today + timedelta(days=1)}, "会议日期不能晚于今天"),
        ({"topic": ""}, "请填写会议主题"),
        ({"attendees": []}, "请至少选择一名出席党员"),
        ({"attendees": [w.member, stranger]}, "出席党员须为A街1村党支部的党员"),
    ]
    for change, message in cases:
        values = {"actor": w.secretary, "branch": w.branch, "kind": "general", "held_on": w.today,
                  "topic": "学习", "attendees": [w.member]}
        values.update(change)
        with pytest.raises(ValidationError, match=message):
            services.record_meeting(**values)
    meeting = services.record_meeting(actor=w.secretary, branch=w.branch, kind="general", held_on=w.today,
                                      topic="学习", attendees=[w.member])
    assert list(meeting.attendees.all()) == [w.member]
    with pytest.raises(Http404):
        services.record_meeting(actor=w.street, branch=w.branch, kind="general", held_on=w.today,
                                topic="学习", attendees=[w.member])


def test_ledger_sums_equal_balances_after_a_mixed_year(w):
    for _ in range(2):
        services.approve(actor=w.secretary, claim=tidy(w, occurred_on=w.today.replace(day=1)))
    bad = services.propose(actor=w.grid, scheme=w.hh, item=w.litter, household=w.home, occurred_on=w.today,
                           description="乱倒垃圾")
    services.approve(actor=w.secretary, claim=bad)
    services.correct(actor=w.secretary, claim=bad, reason="误报")
    assert balance(w.hh, w.home, w.today.year) == 10
    for account in LedgerAccount.objects.all():
        assert ledger.entries_sum(account) == account.balance


def test_the_command_proposes_as_the_system_or_a_user_and_only_once(w):
    import io

    from django.core.management import CommandError, call_command

    services.record_meeting(actor=w.secretary, branch=w.branch, kind="committee", held_on=w.today,
                            topic="研究发展党员", attendees=[w.member])
    out = io.StringIO()
    call_command("points_propose", since=w.today.isoformat(), user=w.secretary.user.username, stdout=out)
    assert "已生成 1 条申报" in out.getvalue()
    assert Claim.objects.get().proposed_by == w.secretary.user
    Claim.objects.all().delete()
    call_command("points_propose", since=w.today.isoformat(), stdout=out)
    claim = Claim.objects.get()
    assert claim.proposed_by is None and claim.source_ref.startswith("points.meeting:")
    out = io.StringIO()
    call_command("points_propose", since=w.today.isoformat(), stdout=out)
    assert "已生成 0 条申报" in out.getvalue() and Claim.objects.count() == 1
    assert AuditEvent.objects.filter(action="points.claim.generate", actor_name="system").exists()
    with pytest.raises(CommandError, match="格式应为"):
        call_command("points_propose", since="2024-13-01")
    with pytest.raises(CommandError, match="没有积分申报权限"):
        call_command("points_propose", since="2024-01-01", user=w.street.user.username)
