"""Year-end close: the frozen ranking per village with awards, carry vs reset into next year's accounts,
idempotent keys, resumable after an interruption, refused once done."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from zhenxing.core import ledger
from zhenxing.core.models import LedgerEntry
from zhenxing.orgs import access
from zhenxing.points.accounts import account
from zhenxing.points.publish import selectors as sel
from zhenxing.points.publish import services as svc
from zhenxing.points.publish.models import YearClose, YearResult
from zhenxing.points.rules.models import RuleBook
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    homes = {}
    places = (("甲", "village_a1"), ("乙", "village_a1"), ("丙", "village_a1"), ("丁", "village_b1"))
    for name, village in places:
        h = factories.household(district[village], district[f"grid_{village[-2:]}"])
        factories.person(h, name=name)
        homes[name] = h
    return {**district, "homes": homes,
            "admin": access.actor_for(factories.user("district_admin", district["county"])),
            "secretary": access.actor_for(factories.user("village_secretary", district["village_a1"]))}


def earn(w, scheme, amounts, year=2024):
    for name, pts in amounts.items():
        acc = account(scheme, w["homes"][name], year)
        ledger.post(account=acc, amount=100, kind="opening", occurred_on=date(year, 1, 1))
        factories.points_entry(scheme, w["homes"][name], pts, date(year, 6, 1))


def test_carry_opens_next_year_with_the_balance_and_awards_the_top_of_each_village(w):
    s = factories.points_scheme(w["county"], year_end="carry")
    earn(w, s, {"甲": 30, "乙": 30, "丙": 5, "丁": 1})
    close = svc.close_year(actor=w["admin"], scheme=s, county=w["county"], year=2024, top_n=1,
                           title="文明家庭")
    assert (close.state, close.accounts, close.carried) == ("done", 4, 130 + 130 + 105 + 101)
    nxt = {n: account(s, h, 2025) for n, h in w["homes"].items()}
    assert {n: a.balance for n, a in nxt.items()} == {"甲": 130, "乙": 130, "丙": 105, "丁": 101}
    opening = LedgerEntry.objects.get(account=nxt["甲"])
    assert (opening.kind, opening.memo, opening.occurred_on) == ("opening", "上年结转", date(2025, 1, 1))
    results = {r.holder: r for r in YearResult.objects.filter(close=close)}
    title = {n: results[f"household:{h.pk}"].title for n, h in w["homes"].items()}
    rank = {n: results[f"household:{h.pk}"].rank for n, h in w["homes"].items()}
    assert rank == {"甲": 1, "乙": 1, "丙": 3, "丁": 1}  # 丁 is first of village B1
    assert title == {"甲": "文明家庭", "乙": "文明家庭", "丙": "", "丁": "文明家庭"}
    assert sel.year_closed(scheme=s, year=2024, path=w["homes"]["丙"].path)
    assert not sel.year_closed(scheme=s, year=2025, path=w["homes"]["丙"].path)


def test_reset_opens_next_year_with_the_base_of_the_rule_book_in_force_on_1_january(w):
    s = factories.points_scheme(w["county"], subject="household", year_end="reset")
    RuleBook.objects.create(scheme=s, org_unit=w["county"], path=w["county"].path, version=1, title="区细则",
                            effective_from=date(2020, 1, 1), bases={"": 50})
    RuleBook.objects.create(scheme=s, org_unit=w["county"], path=w["county"].path, version=2, title="区细则",
                            effective_from=date(2026, 1, 1), bases={"": 999})  # not yet in force
    RuleBook.objects.create(scheme=s, org_unit=w["village_a1"], path=w["village_a1"].path, version=1,
                            title="村细则", effective_from=date(2024, 12, 1), bases={"": 70})
    earn(w, s, {"甲": 30, "丁": 3})
    svc.close_year(actor=w["admin"], scheme=s, county=w["county"], year=2024)
    assert account(s, w["homes"]["甲"], 2025).balance == 70  # the village's own book
    assert account(s, w["homes"]["丁"], 2025).balance == 50  # the district's, version 1 on 1 January
    assert LedgerEntry.objects.filter(account=account(s, w["homes"]["甲"], 2025)).get().memo == "年度基础分"


def test_member_bases_follow_the_classification(w):
    s = factories.points_scheme(w["county"], subject="member", year_end="reset")
    RuleBook.objects.create(scheme=s, org_unit=w["county"], path=w["county"].path, version=1,
                            title="党员积分",
                            effective_from=date(2020, 1, 1), bases={"": 60, "flowing": 40})
    branch = factories.branch(w["village_a1"])
    m1 = factories.party_member(w["homes"]["甲"].head, branch)
    m2 = factories.party_member(w["homes"]["乙"].head, branch, classification="flowing")
    for m in (m1, m2):
        factories.points_entry(s, m, 5, date(2024, 3, 1))
    svc.close_year(actor=w["admin"], scheme=s, county=w["county"], year=2024)
    assert (account(s, m1, 2025).balance, account(s, m2, 2025).balance) == (60, 40)


def test_closing_again_is_refused_and_an_interrupted_close_resumes_without_posting_twice(w, monkeypatch):
    s = factories.points_scheme(w["county"])
    earn(w, s, {"甲": 1, "乙": 2, "丙": 3, "丁": 4})
    real = svc._open_batch
    calls = []

    def failing(close, accounts, books, actor):
        calls.append(len(accounts))
        if len(calls) == 2:
            raise RuntimeError("断电")
        return real(close, accounts, books, actor)

    monkeypatch.setattr(svc, "_open_batch", failing)
    with pytest.raises(RuntimeError):
        svc.close_year(actor=w["admin"], scheme=s, county=w["county"], year=2024, batch=2)
    assert YearClose.objects.get().state == "running"
    assert LedgerEntry.objects.filter(kind="opening", occurred_on=date(2025, 1, 1)).count() == 2
    monkeypatch.setattr(svc, "_open_batch", real)
    close = svc.close_year(actor=w["admin"], scheme=s, county=w["county"], year=2024, batch=2)
    assert close.state == "done"
    assert LedgerEntry.objects.filter(kind="opening", occurred_on=date(2025, 1, 1)).count() == 4
    assert YearResult.objects.filter(close=close).count() == 4
    for h in w["homes"].values():
        nxt = account(s, h, 2025)
        assert nxt.balance == ledger.entries_sum(nxt) == account(s, h, 2024).balance
    with pytest.raises(ValidationError) as exc:
        svc.close_year(actor=w["admin"], scheme=s, county=w["county"], year=2024)
    assert "已结算" in exc.value.message_dict["year"][0]


def test_only_the_district_closes_a_year_and_bad_input_is_named(w):
    s = factories.points_scheme(w["county"])
    with pytest.raises(Http404):
        svc.close_year(actor=w["secretary"], scheme=s, county=w["county"], year=2024)
    with pytest.raises(ValidationError) as exc:
        svc.close_year(actor=w["secretary"], scheme=s, county=w["village_a1"], year="明年", top_n="x")
    assert set(exc.value.message_dict) == {"county", "year", "top_n"}
    assert not YearClose.objects.exists()
