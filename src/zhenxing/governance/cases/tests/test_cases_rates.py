"""三率 by month per department, street and village, with the monthly red/black lists, and the case
indicators with their drill-down."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhenxing.core.indicators import registry
from zhenxing.governance.cases import selectors as sel
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def this_month() -> str:
    """The month the cases below are dispatched in (now); the pages default to the last full month."""
    return timezone.localdate().strftime("%Y-%m")


@pytest.fixture
def setup(district):
    water = factories.department(district["county"], "水务局")
    power = factories.department(district["county"], "供电公司")
    v = district["village_a1"]
    # 水务局: 4 dispatched, 3 on time, 2 resolved, 2 rated of which 1 satisfied and 1 unsatisfied
    for on_time, resolved, satisfaction in ((True, True, "satisfied"), (True, True, "unsatisfied"),
                                            (True, False, ""), (False, False, "")):
        factories.case(v, state="closed", lead_department=water, accepted_on_time=on_time,
                       resolved_at=timezone.now() if resolved else None, satisfaction=satisfaction)
    # 供电公司: 1 dispatched, on time, resolved, basically satisfied
    factories.case(district["village_b1"], state="closed", lead_department=power, accepted_on_time=True,
                   resolved_at=timezone.now(), satisfaction="basic", evaluation="good")
    admin = actor_for(factories.user("district_admin", district["county"]))
    return {**district, "water": water, "power": power, "admin": admin}


def test_the_three_rates_per_department_follow_the_stated_formulas(setup):
    rows = {r["name"]: r for r in sel.rates(actor=setup["admin"], month=this_month())}
    water = rows["水务局"]
    figures = (water["dispatched"], water["response"], water["resolution"], water["satisfaction"])
    assert figures == (4, 75.0, 50.0, 50.0)
    assert rows["供电公司"]["satisfaction"] == 100.0 and rows["供电公司"]["good"] == 1


def test_rates_by_street_and_village(setup):
    by_street = sel.rates(actor=setup["admin"], month=this_month(), by="street")
    streets = {r["name"]: r["dispatched"] for r in by_street}
    assert streets == {"马刚街道": 4, "兴隆台街道": 1}
    villages = {r["name"] for r in sel.rates(actor=setup["admin"], month=this_month(), by="village")}
    assert villages == {setup["village_a1"].name, setup["village_b1"].name}


def test_another_month_has_no_cases(setup):
    last_year = (timezone.localdate() - timedelta(days=400)).strftime("%Y-%m")
    assert sel.rates(actor=setup["admin"], month=last_year) == []


def test_a_street_sees_only_its_own_cases_in_the_rates(setup):
    street = actor_for(factories.user("street_admin", setup["street_b"]))
    assert [r["name"] for r in sel.rates(actor=street, month=this_month())] == ["供电公司"]


def test_the_ranking_puts_the_best_department_on_the_red_list(setup):
    ranking = sel.ranking(actor=setup["admin"], month=this_month())
    assert ranking["red"][0]["name"] == "供电公司"
    assert ranking["black"][0]["name"] == "水务局"


def test_a_village_may_not_see_the_rates(setup):
    with pytest.raises(Http404):
        sel.rates(actor=actor_for(factories.user("village_secretary", setup["village_a1"])))


def test_the_rates_page_states_its_formulas(setup, client):
    client.force_login(setup["admin"].user)
    page = client.get(reverse("governance:case_rates"), {"month": this_month()}).content.decode()
    assert "响应率</strong> = 在报到时限内报到" in page and "水务局" in page
    assert "红榜" in client.get(reverse("governance:case_ranking"), {"month": this_month()}).content.decode()


def test_a_case_counts_for_its_lead_and_each_of_its_two_co_departments(setup):
    roads = factories.department(setup["county"], "交通局")
    env = factories.department(setup["county"], "生态环境局")
    # 供电公司 leads one more case, on time and resolved but unsatisfied, with 交通局 and 生态环境局 assisting
    shared = factories.case(setup["village_a1"], state="closed", lead_department=setup["power"],
                            accepted_on_time=True, resolved_at=timezone.now(), satisfaction="unsatisfied",
                            evaluation="poor")
    shared.co_departments.set([roads, env, setup["power"]])  # the lead listed again counts once
    # 交通局 also leads a case of its own, late and unresolved
    factories.case(setup["village_a1"], state="handling", lead_department=roads, accepted_on_time=False)
    rows = {r["name"]: r for r in sel.rates(actor=setup["admin"], month=this_month())}
    power, road, environment = rows["供电公司"], rows["交通局"], rows["生态环境局"]
    assert (power["dispatched"], power["co"], power["satisfaction"]) == (2, 0, 50.0)
    assert (road["dispatched"], road["co"], road["response"], road["resolution"]) == (2, 1, 50.0, 50.0)
    assert (environment["dispatched"], environment["co"]) == (1, 1)
    assert (environment["response"], environment["resolution"], environment["satisfaction"]) == (
        100.0, 100.0, 0.0)
    assert environment["poor"] == 1
    assert rows["水务局"]["dispatched"] == 4  # untouched by the others' links
    # per street and village a case still counts once
    by_street = sel.rates(actor=setup["admin"], month=this_month(), by="street")
    streets = {r["name"]: r["dispatched"] for r in by_street}
    assert streets == {"马刚街道": 6, "兴隆台街道": 1}


def test_the_rates_page_states_the_co_department_rule(setup, client):
    shared = factories.case(setup["village_a1"], state="dispatched", lead_department=setup["water"])
    shared.co_departments.set([setup["power"]])
    client.force_login(setup["admin"].user)
    page = client.get(reverse("governance:case_rates"), {"month": this_month()}).content.decode()
    assert "也计入每个协办部门各一次" in page and "（其中协办 1）" in page
    ranking = client.get(reverse("governance:case_ranking"), {"month": this_month()}).content.decode()
    assert "也计入每个协办部门各一次" in ranking


def test_case_indicators_count_and_drill(setup):
    county = setup["county"].path
    assert registry.get("governance.cases").value(county) == 5
    assert registry.get("governance.cases_resolved").value(county) == 3
    late = factories.case(setup["village_a1"], due_at=timezone.now() - timedelta(hours=1))
    assert list(registry.get("governance.cases_overdue").drill(county)) == [late]
