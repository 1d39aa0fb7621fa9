"""积分制 indicators: issued, redeemed, participation rates, by colour category; values per unit and the
records behind each figure (dashboard drill-down, breakdown by category)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from zhenxing.core import ledger
from zhenxing.core.indicators import registry
from zhenxing.points.accounts import account
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    s = factories.points_scheme(district["county"], code="HH", floor=None)
    today = timezone.localdate()
    homes = [factories.household(district["village_a1"], district["grid_a1"]) for _ in range(3)]
    b1 = factories.household(district["village_b1"], district["grid_b1"])
    for h in (*homes, b1):
        factories.person(h)
    factories.points_entry(s, homes[0], 10, today, category="red")
    factories.points_entry(s, homes[0], 4, today, category="green")
    factories.points_entry(s, homes[1], -2, today, category="green")  # a deduction is not issued
    factories.points_entry(s, b1, 7, today, category="red")
    factories.points_entry(s, homes[2], 9, date(today.year - 1, 5, 1), category="red")  # last year
    ledger.post(account=account(s, homes[0], today.year), amount=-5, kind="redeem", occurred_on=today)
    return {**district, "s": s, "homes": homes, "b1": b1}


def test_points_issued_and_redeemed_by_unit(w):
    issued, redeemed = registry.get("points.issued"), registry.get("points.redeemed")
    assert issued.value(w["county"].path) == 30
    assert issued.value(w["village_a1"].path) == 23
    assert redeemed.value(w["village_a1"].path) == 5 and redeemed.value(w["village_b1"].path) == 0
    by_street = issued.values_by_prefix(w["county"].path, len(w["street_a"].path))
    assert by_street == {w["street_a"].path: 23, w["street_b"].path: 7}
    assert sorted(e.amount for e in issued.drill(w["village_a1"].path)) == [4, 9, 10]


def test_participation_counts_holders_with_an_award_this_year(w):
    earning = registry.get("points.households_earning")
    rate = registry.get("points.household_participation")
    assert set(earning.drill(w["village_a1"].path)) == {w["homes"][0]}  # -2 and last year's do not count
    assert rate.value(w["village_a1"].path) == Decimal("0.33")
    assert rate.value(w["county"].path) == Decimal("0.50")
    member = factories.party_member(w["homes"][1].head, factories.branch(w["village_a1"]))
    member_scheme = factories.points_scheme(w["county"], code="PM", subject="member")
    assert registry.get("points.member_participation").value(w["county"].path) == 0
    factories.points_entry(member_scheme, member, 3, timezone.localdate())
    assert registry.get("points.member_participation").value(w["county"].path) == Decimal("1.00")


def test_points_by_colour_category_break_down_and_open_to_their_records(w):
    by_cat = registry.get("points.by_category")
    assert by_cat.breakdown_values(w["county"].path) == [("green", "人居环境", 4), ("red", "党建引领", 26)]
    assert [e.amount for e in by_cat.drill(w["village_a1"].path, "green")] == [4]


def test_the_drill_page_shows_the_breakdown_and_filters_by_a_category(w, client):
    client.force_login(factories.user("district_admin", w["county"]))
    url = f"/stats/{w['county'].code}/indicator/points.by_category/"
    year = timezone.localdate().year
    both_years = {"period": f"{year - 1}-01-01~{year}-12-31"}  # this year's entries and last year's
    page = client.get(url, both_years).content.decode()
    assert "人居环境" in page and "党建引领" in page and "30 分" in page
    assert "26 分" not in page and "21 分" in client.get(url).content.decode()  # this year: without the 9
    one = client.get(url, {"part": "green", **both_years}).content.decode()
    assert "4 分" in one and "人居环境" in one
    records = one[one.index('<table class="responsive drill">'):]
    assert records.count("<tr>") - records.count("<thead><tr>") == 1  # the one record of that category
    board = client.get(f"/stats/{w['county'].code}/").content.decode()
    assert "发放积分" in board and "农户参与率" in board
