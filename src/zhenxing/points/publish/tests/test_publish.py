"""Rankings (periods, ties, scope), 公示 frozen snapshots, 申诉 window and resolution."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhenxing.core import ledger
from zhenxing.core.models import AuditEvent
from zhenxing.orgs import access
from zhenxing.points.accounts import account
from zhenxing.points.publish import selectors as sel
from zhenxing.points.publish import services as svc
from zhenxing.points.publish.models import Objection, Publication
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    a1, grid = district["village_a1"], district["grid_a1"]
    scheme = factories.points_scheme(district["county"], code="HH")
    homes = {}
    for name in ("张三明", "李四", "王五", "赵六"):
        h = factories.household(a1, grid)
        factories.person(h, name=name)
        homes[name] = h
    b1 = factories.household(district["village_b1"], district["grid_b1"])
    factories.person(b1, name="钱外村")
    villager = factories.user("villager", a1)
    head = homes["张三明"].head
    head.user = villager
    head.save(update_fields=["user"])
    return {**district, "scheme": scheme, "homes": homes, "b1": b1,
            "secretary": access.actor_for(factories.user("village_secretary", a1)),
            "grid_worker": access.actor_for(factories.user("grid_worker", grid)),
            "cadre": access.actor_for(factories.user("village_cadre", a1)),
            "other_street": access.actor_for(factories.user("street_admin", district["street_b"])),
            "villager": access.actor_for(villager)}


def rank_of(w, period="2024", unit="village_a1", actor="secretary"):
    unit = sel.rank_unit(actor=w[actor], code=w[unit].code)
    rows = sel.with_names(sel.ranking(actor=w[actor], scheme=w["scheme"], unit=unit,
                                      period=sel.parse_period(period)))
    return [(r.rank, r.name, r.points) for r in rows]


def test_periods_are_parsed_strictly_with_chinese_errors():
    assert sel.parse_period("2024-05").start == date(2024, 5, 1)
    assert sel.parse_period("2024-02").end == date(2024, 2, 29)
    q = sel.parse_period("2024-Q2")
    assert (q.start, q.end, q.label) == (date(2024, 4, 1), date(2024, 6, 30), "2024年第二季度")
    assert sel.parse_period("2024").label == "2024年度"
    for bad in ("2024-13", "24", "2024-5", "2024Q2", "2024-Q5", "1999", "", "二〇二四"):
        with pytest.raises(ValidationError) as exc:
            sel.parse_period(bad)
        assert "period" in exc.value.message_dict, bad


def test_ties_share_a_rank_and_the_next_rank_skips(w):
    h = w["homes"]
    for name, pts in (("张三明", 10), ("李四", 5), ("王五", 5), ("赵六", 1)):
        factories.points_entry(w["scheme"], h[name], pts, date(2024, 3, 1))
    assert rank_of(w) == [(1, "张三明", 10), (2, "李四", 5), (2, "王五", 5), (4, "赵六", 1)]


def test_period_counts_awards_deducts_and_their_reversals_by_date_not_openings_or_redemptions(w):
    h, s = w["homes"], w["scheme"]
    acc = account(s, h["李四"], 2024)
    ledger.post(account=acc, amount=60, kind="opening", occurred_on=date(2024, 1, 1))
    factories.points_entry(s, h["李四"], 8, date(2024, 5, 10))
    wrong = factories.points_entry(s, h["李四"], 4, date(2024, 5, 11))
    ledger.reverse(entry=wrong, occurred_on=date(2024, 5, 12))
    factories.points_entry(s, h["李四"], -3, date(2024, 5, 20))
    ledger.post(account=acc, amount=-20, kind="redeem", occurred_on=date(2024, 5, 21))
    factories.points_entry(s, h["李四"], 7, date(2024, 6, 1))
    assert dict((n, p) for _, n, p in rank_of(w, "2024-05"))["李四"] == 5
    assert dict((n, p) for _, n, p in rank_of(w, "2024-Q2"))["李四"] == 12
    assert dict((n, p) for _, n, p in rank_of(w, "2024-01"))["李四"] == 0
    unit = sel.rank_unit(actor=w["secretary"], code=w["village_a1"].code)
    ranked = sel.ranking(actor=w["secretary"], scheme=s, unit=unit, period=sel.parse_period("2024"))
    year = ranked.get(pk=h["李四"].pk)
    assert (year.points, year.balance) == (12, 52)  # 60 + 12 - 20


def test_a_unit_is_a_village_grid_or_branch_and_outside_scope_is_404(w):
    factories.points_entry(w["scheme"], w["b1"], 9, date(2024, 3, 1))
    factories.points_entry(w["scheme"], w["homes"]["李四"], 3, date(2024, 3, 1))
    assert rank_of(w, unit="grid_a1", actor="grid_worker") == [
        (1, "李四", 3), (2, "张三明", 0), (2, "王五", 0), (2, "赵六", 0)]
    with pytest.raises(Http404):
        sel.rank_unit(actor=w["grid_worker"], code=w["village_a1"].code)
    with pytest.raises(Http404):
        sel.rank_unit(actor=w["secretary"], code=w["village_b1"].code)
    with pytest.raises(Http404):
        sel.rank_unit(actor=w["villager"], code=w["village_a1"].code)


def test_a_street_is_not_a_ranking_unit(w):
    street_admin = access.actor_for(factories.user("street_admin", w["street_a"]))
    with pytest.raises(ValidationError) as exc:
        sel.rank_unit(actor=street_admin, code=w["street_a"].code)
    assert exc.value.message_dict["unit"] == ["排名范围应为村/社区、网格或党支部"]


def test_party_members_rank_within_their_branch(w):
    member_scheme = factories.points_scheme(w["county"], code="PM", subject="member")
    branch = factories.branch(w["village_a1"])
    other = factories.branch(w["village_a1"])
    m1 = factories.party_member(w["homes"]["李四"].head, branch)
    m2 = factories.party_member(w["homes"]["王五"].head, other)
    factories.points_entry(member_scheme, m1, 5, date(2024, 7, 1))
    factories.points_entry(member_scheme, m2, 9, date(2024, 7, 1))
    unit = sel.rank_unit(actor=w["secretary"], branch=str(branch.pk))
    rows = sel.with_names(sel.ranking(actor=w["secretary"], scheme=member_scheme, unit=unit,
                                      period=sel.parse_period("2024")))
    assert [(r.name, r.points) for r in rows] == [("李四", 5)]
    with pytest.raises(ValidationError):
        sel.ranking(actor=w["secretary"], scheme=w["scheme"], unit=unit, period=sel.parse_period("2024"))


def test_a_page_of_the_ranking_costs_the_same_few_queries_however_many_holders(w):
    for i in range(30):
        h = factories.household(w["village_a1"], w["grid_a1"])
        factories.person(h, name=f"户主{i}")
        factories.points_entry(w["scheme"], h, i % 7, date(2024, 3, 1))
    unit = sel.rank_unit(actor=w["secretary"], code=w["village_a1"].code)
    qs = sel.ranking(actor=w["secretary"], scheme=w["scheme"], unit=unit, period=sel.parse_period("2024"))
    with CaptureQueriesContext(connection) as ctx:
        rows = sel.with_names(qs[:20])
    assert len(rows) == 20 and len(ctx.captured_queries) == 1
    assert qs.count() == 34  # the four households of the fixture rank too, with 0


def test_masked_names_keep_first_and_last_character():
    masked = [sel.mask_name(n) for n in ("张三明", "李四", "欧阳娜娜", "王")]
    assert masked == ["张*明", "李*", "欧**娜", "王"]


# --- 公示 and 申诉 ---------------------------------------------------------------------------------------

def publish(w, actor="secretary", period="2024-Q1", **kw):
    unit = sel.rank_unit(actor=w[actor], code=w["village_a1"].code)
    return svc.publish(actor=w[actor], scheme=w["scheme"], unit=unit, period=sel.parse_period(period), **kw)


def test_a_publication_freezes_the_ranking_and_later_entries_do_not_change_it(w):
    h = w["homes"]
    factories.points_entry(w["scheme"], h["李四"], 6, date(2024, 2, 1))
    pub = publish(w, objection_days=5)
    factories.points_entry(w["scheme"], h["王五"], 50, date(2024, 2, 2))
    pub.refresh_from_db()
    assert pub.rows[0]["name"] == "李四" and pub.rows[0]["points"] == 6
    assert {r["name"]: r["points"] for r in pub.rows}["王五"] == 0
    assert pub.objection_until - pub.published_at == timedelta(days=5)
    assert AuditEvent.objects.filter(action="points.publication.publish").count() == 1
    with pytest.raises(ValidationError) as exc:
        publish(w)
    assert "已公示" in exc.value.message_dict["period"][0]


def test_publishing_needs_the_approver_over_the_unit_and_a_sane_objection_period(w):
    with pytest.raises(Http404):
        publish(w, actor="cadre")
    with pytest.raises(ValidationError) as exc:
        publish(w, objection_days=0)
    assert exc.value.message_dict["objection_days"] == ["申诉期应为1-30天"]
    assert not Publication.objects.exists()


def test_a_villager_sees_their_own_villages_publication_masked_and_objects_for_their_household(w):
    pub = publish(w)
    own = f"household:{w['homes']['张三明'].pk}"
    assert sel.publication(actor=w["villager"], pk=pub.pk) == pub
    assert not sel.shows_names(actor=w["villager"], publication=pub)
    assert sel.shows_names(actor=w["secretary"], publication=pub)
    with pytest.raises(Http404):
        sel.publication(actor=w["other_street"], pk=pub.pk)
    with pytest.raises(ValidationError) as exc:
        svc.file_objection(actor=w["villager"], publication=pub, holder=f"household:{w['homes']['李四'].pk}",
                           text="不对")
    assert exc.value.message_dict["holder"] == ["只能对本户或本人的积分提出申诉"]
    with pytest.raises(ValidationError) as exc:
        svc.file_objection(actor=w["villager"], publication=pub, holder=own, text="  ")
    assert exc.value.message_dict["text"] == ["请填写申诉内容"]
    o = svc.file_objection(actor=w["villager"], publication=pub, holder=own, text="三月志愿服务未计分")
    assert (o.state, o.household, o.holder_name) == ("filed", w["homes"]["张三明"], "张三明")
    assert list(sel.objections(actor=w["villager"], publication=pub)) == [o]


def test_a_cadre_objects_on_someones_behalf_but_only_for_a_holder_on_the_list(w):
    pub = publish(w)
    o = svc.file_objection(actor=w["cadre"], publication=pub, holder=f"household:{w['homes']['赵六'].pk}",
                           text="代为申诉")
    assert o.household == w["homes"]["赵六"]
    with pytest.raises(ValidationError) as exc:
        svc.file_objection(actor=w["cadre"], publication=pub, holder=f"household:{w['b1'].pk}", text="x")
    assert exc.value.message_dict["holder"] == ["申诉对象不在本次公示名单中"]


def test_objections_are_refused_after_the_objection_period(w):
    pub = publish(w, objection_days=3)
    Publication.objects.filter(pk=pub.pk).update(objection_until=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError) as exc:
        svc.file_objection(actor=w["villager"], publication=pub,
                           holder=f"household:{w['homes']['张三明'].pk}", text="晚了")
    message = exc.value.message_dict["text"][0]
    assert "公示期已于" in message and "不能再提出申诉" in message
    assert not Objection.objects.exists()


def test_resolving_needs_the_approver_a_resolution_and_a_matching_correction_entry(w):
    h = w["homes"]["张三明"]
    pub = publish(w)
    o = svc.file_objection(actor=w["villager"], publication=pub, holder=f"household:{h.pk}", text="漏计")
    with pytest.raises(Http404):
        svc.resolve(actor=w["cadre"], objection=o, outcome="upheld", resolution="补记")
    with pytest.raises(ValidationError) as exc:
        svc.resolve(actor=w["secretary"], objection=o, outcome="upheld", resolution="")
    assert exc.value.message_dict["resolution"] == ["申诉成立须在处理意见中写明更正内容"]
    someone_else = factories.points_entry(w["scheme"], w["homes"]["李四"], 3, date(2024, 3, 1))
    with pytest.raises(ValidationError) as exc:
        svc.resolve(actor=w["secretary"], objection=o, outcome="upheld", resolution="补记",
                    entry=str(someone_else.pk))
    assert "entry" in exc.value.message_dict
    fix = factories.points_entry(w["scheme"], h, 5, date(2024, 3, 1))
    done = svc.resolve(actor=w["secretary"], objection=o, outcome="upheld", resolution="补记志愿服务5分",
                       entry=str(fix.pk))
    assert (done.state, done.entry, done.resolved_by) == ("upheld", fix, w["secretary"].user)
    with pytest.raises(ValidationError):
        svc.resolve(actor=w["secretary"], objection=o, outcome="dismissed", resolution="再次")
