"""Figures asked for a period: the dashboard, the drill-down, the export and the API count exactly the records
the period places (a case by the day it was resolved, a post held on the period's last day), set them beside
the year before, and refuse a period they cannot read in Chinese."""

import io
from datetime import date, datetime, time

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhenxing.core import periods
from zhenxing.core.models import AuditEvent, IndicatorTarget
from zhenxing.stats import selectors, services
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
COUNTY, STREET_A = "210113000000", "210113001000"
RESOLVED = "governance.cases_resolved"


def at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def cases(district):
    """Cases resolved: 3 in 2023 (one at 23:30 on 31 December, local time), 2 in 2022, 1 open."""
    a1, b1 = district["village_a1"], district["village_b1"]
    made = {}
    for name, village, day in (("c23a", a1, date(2023, 3, 1)), ("c23b", a1, date(2023, 8, 9)),
                               ("c23c", b1, date(2023, 12, 31)), ("c22a", a1, date(2022, 5, 5)),
                               ("c22b", b1, date(2022, 12, 1))):
        resolved = at(day, 23 if name == "c23c" else 10).replace(minute=30)
        made[name] = factories.case(village, state="closed", resolved_at=resolved, created_at=at(day, 8))
    made["open"] = factories.case(a1, created_at=at(date(2023, 6, 1)))
    return made


@pytest.fixture
def admin(client, district):
    user = factories.user("district_admin", district["county"])
    client.force_login(user)
    return client


def card(response, key):
    return next(f for f in response.context["figures"] if f.indicator.key == key)


def test_the_dashboard_counts_the_period_asked_and_sets_it_beside_the_year_before(admin, cases):
    r = admin.get(f"/stats/{COUNTY}/", {"period": "2023"})
    f = card(r, RESOLVED)
    assert (f.value, f.before) == (3, 2)
    assert f.year_on_year.rate == 50 and f.year_on_year.difference == 1
    html = r.content.decode()
    assert "沈北新区 · 2023年统计" in html and "同比 ▲ +1" in html and "（+50.0%）" in html
    assert card(admin.get(f"/stats/{COUNTY}/", {"period": "2022"}), RESOLVED).value == 2
    assert card(admin.get(f"/stats/{COUNTY}/", {"period": "2023Q4"}), RESOLVED).value == 1  # 31 Dec 23:30
    assert card(admin.get(f"/stats/{COUNTY}/", {"period": "2023-08"}), RESOLVED).value == 1
    assert card(admin.get(f"/stats/{COUNTY}/", {"period": "2023-08"}), RESOLVED).previous == 0  # 环比: July
    # The older ?year= still reads as that year.
    assert card(admin.get(f"/stats/{COUNTY}/", {"year": "2022"}), RESOLVED).value == 2


def test_the_children_table_and_its_links_carry_the_period(admin, cases):
    r = admin.get(f"/stats/{COUNTY}/", {"period": "2023"})
    street_a = next(vals for child, vals in r.context["rows"] if child.code == STREET_A)
    assert dict((i.key, v) for i, v in street_a)[RESOLVED] == 2
    assert f'/stats/{STREET_A}/indicator/{RESOLVED}/?period=2023"' in r.content.decode()


def test_the_drill_down_lists_exactly_the_records_counted(admin, cases):
    r = admin.get(f"/stats/{COUNTY}/indicator/{RESOLVED}/", {"period": "2023"})
    codes = {cells[0][1] for _, cells in r.context["rows"]}
    assert codes == {cases[k].code for k in ("c23a", "c23b", "c23c")}
    assert r.context["value"] == 3
    html = r.content.decode()
    assert "2023年" in html and "流量：按“办结时间”落在所选期间内的记录统计" in html
    q4 = admin.get(f"/stats/{COUNTY}/indicator/{RESOLVED}/", {"period": "2023Q4"})
    assert [cells[0][1] for _, cells in q4.context["rows"]] == [cases["c23c"].code]


def test_the_export_is_the_period_asked(admin, cases):
    r = admin.get(f"/stats/{COUNTY}/", {"period": "2022", "export": "xlsx"})
    assert "2022" in r["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("已办结案件（件）")
    assert sorted(row[column].value for row in sheet.iter_rows(min_row=2)) == [1, 1]
    drill = admin.get(f"/stats/{COUNTY}/indicator/{RESOLVED}/", {"period": "2023Q4", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(drill.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows if r[0]] == [cases["c23c"].code]


def test_a_post_counts_on_the_last_day_of_the_period(admin, district):
    someone = factories.person(org_unit=district["street_a"])
    factories.cadre(someone, "street_leader", district["street_a"], started_on=date(2022, 3, 1),
                    ended_on=date(2023, 6, 30))
    counted = {p: card(admin.get(f"/stats/{COUNTY}/", {"period": p}), "people.cadres").value
               for p in ("2021", "2022", "2023Q1", "2023Q2", "2023")}
    assert counted == {"2021": 0, "2022": 1, "2023Q1": 1, "2023Q2": 0, "2023": 0}


def test_a_figure_without_history_says_it_is_counted_now(admin, district):
    factories.household(district["village_a1"])
    r = admin.get(f"/stats/{COUNTY}/", {"period": "2021"})
    households = card(r, "people.households")
    assert households.value == 1 and households.before is None
    assert "当前数</div>" in r.content.decode() and "不随期间变化" in r.content.decode()


@pytest.mark.parametrize("bad", ["2023Q9", "2010-01-01~2022-01-01", "abc", "2023-02-30~2023-03-01"])
def test_a_bad_period_is_a_chinese_400_on_pages_and_the_api(admin, cases, bad):
    page = admin.get(f"/stats/{COUNTY}/", {"period": bad})
    assert page.status_code == 400 and "统计期间" in page.content.decode()
    drill = admin.get(f"/stats/{COUNTY}/indicator/{RESOLVED}/", {"period": bad})
    assert drill.status_code == 400
    for url in (f"/api/v1/indicators/{RESOLVED}/values", f"/api/v1/indicators/{RESOLVED}/records"):
        r = admin.get(url, {"unit": COUNTY, "period": bad})
        assert r.status_code == 400 and "统计期间" in r.json()["detail"]


def test_the_api_gives_the_period_the_year_before_and_growth(admin, cases):
    body = admin.get(f"/api/v1/indicators/{RESOLVED}/values", {"unit": COUNTY, "period": "2023"}).json()
    assert body["period"] == {"key": "2023", "label": "2023年", "start": "2023-01-01", "end": "2023-12-31"}
    assert body["compared_with"]["key"] == "2022" and body["as_of"] is None
    assert (body["unit"]["value"], body["unit"]["before"], body["unit"]["growth"]) == ("3", "2", "50.0")
    assert body["indicator"]["period_fields"] == ["resolved_at"] and body["indicator"]["has_history"]
    records = admin.get(f"/api/v1/indicators/{RESOLVED}/records", {"unit": COUNTY, "period": "2022"}).json()
    assert {r["values"][0] for r in records["items"]} == {cases["c22a"].code, cases["c22b"].code}


def test_a_growth_target_is_last_years_value_grown(admin, cases, district):
    r = admin.post(f"/stats/{COUNTY}/targets/", {"indicator": RESOLVED, "year": "2023", "basis": "growth",
                                                 "value": "25"})
    assert r.status_code == 302
    target = IndicatorTarget.objects.get(indicator=RESOLVED, year=2023)
    assert (target.basis, target.value) == ("growth", 25)
    f = card(admin.get(f"/stats/{COUNTY}/", {"period": "2023"}), RESOLVED)
    assert (f.target, f.growth_target, f.percent) == (2.5, 25, 120)  # 2 × 1.25 = 2.5; 3 is 120% of it
    assert "比上年增长25%" in admin.get(f"/stats/{COUNTY}/", {"period": "2023"}).content.decode()
    event = AuditEvent.objects.filter(action="target.set").latest("pk")
    assert event.changes["value"] == [None, "25.00%"]
    api = admin.get(f"/api/v1/indicators/{RESOLVED}/values", {"unit": COUNTY, "period": "2023"}).json()
    assert api["unit"]["target"] == "2.50" and api["unit"]["percent"] == 120
    quarter = card(admin.get(f"/stats/{COUNTY}/", {"period": "2023Q1"}), RESOLVED)
    assert quarter.target is None  # targets are yearly


def test_a_growth_rate_out_of_range_is_refused(district):
    admin = factories.user("district_admin", district["county"])
    from zhenxing.orgs.access import actor_for

    with pytest.raises(ValidationError) as error:
        services.set_target(actor=actor_for(admin), indicator_key=RESOLVED, unit=district["county"],
                            year=2023,
                            value="-150", basis="growth")
    assert "增长率应在" in str(error.value)


def test_trend_gives_the_periods_before(district, cases):
    values = selectors.trend(unit=district["county"], indicator=selectors.indicator(RESOLVED),
                             period=periods.parse("2023"), count=3)
    assert [(p.key, v) for p, v in values] == [("2021", 0), ("2022", 2), ("2023", 3)]


def test_trend_runs_up_to_today_when_the_period_lies_inside_it(district, cases):
    this_year = timezone.localdate().year
    values = selectors.trend(unit=district["county"], indicator=selectors.indicator(RESOLVED),
                             period=periods.year(this_year - 1), count=3)
    assert [p.key for p, _ in values] == [str(y) for y in range(this_year - 2, this_year + 1)]
