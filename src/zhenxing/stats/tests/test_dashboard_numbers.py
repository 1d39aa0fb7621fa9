"""The dashboard reads as officials report: areas in 亩 (公顷 beside a large one), money in 万元, rates as
percentages, counts with separators, the exact value on hover; its export keeps the exact values."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
COUNTY = "/stats/210113000000/"


@pytest.fixture
def admin_client(client, district):
    a1, b2 = district["village_a1"], district["village_b2"]
    factories.parcel(a1, area_m2="12000000.00")  # 18,000 亩: a large area, also in 公顷
    factories.parcel(b2, area_m2="200.00")
    today = timezone.localdate()  # a project counts in the period it started in: this year, the default
    factories.project(a1, investment_yuan=Decimal("98000000.00"), started_on=today)
    factories.project(b2, investment_yuan=Decimal("3000.00"), started_on=today)
    factories.mediation_point(a1)  # one village of four: 25% covered
    client.force_login(factories.user("district_admin", district["county"]))
    return client


def card(html: str, key: str) -> str:
    start = html.index(f'data-indicator="{key}"')
    return html[start:html.index('<div class="card"', start) if '<div class="card"' in html[start:] else None]


def test_cards_read_in_mu_wanyuan_and_percent_with_the_exact_value_on_hover(admin_client):
    html = admin_client.get(COUNTY).content.decode()
    area = card(html, "homestead.parcel_area")
    assert 'title="12,000,200.00 平方米">18,000.30</a> <small>亩</small>' in area
    assert "合 1,200.02 公顷" in area
    money = card(html, "homestead.project_investment")
    assert 'title="98,003,000.00 元">9,800.30</a> <small>万元</small>' in money
    assert 'title="0.25">25%</a></div>' in card(html, "governance.mediation_coverage")
    assert ">2</a> <small>宗</small>" in card(html, "homestead.parcels")  # a count keeps its own unit


def test_the_children_table_reads_each_column_in_one_unit(admin_client):
    page = admin_client.get(COUNTY)
    units = {i.key: u for i, u in page.context["columns"]}
    assert (units["homestead.parcel_area"], units["homestead.project_investment"]) == ("亩", "万元")
    assert units["people.households"] == ""
    cells = {child.code: {i.key: s for i, _, s in values} for child, values in page.context["table"]}
    street_b = cells["210113002000"]["homestead.project_investment"]
    assert (street_b.text, street_b.exact) == ("0.30", "3,000.00 元")  # a street's 3,000 元 in 万元
    assert cells["210113001000"]["homestead.parcel_area"].text == "18,000"
    html = page.content.decode()
    assert '宅基地面积<small>（亩）</small>' in html and '<th colspan=' in html  # groups over the columns


def test_the_drill_down_heading_reads_like_the_card(admin_client):
    html = admin_client.get(f"{COUNTY}indicator/homestead.project_investment/").content.decode()
    assert '盘活项目投资额：<span class="fig" title="98,003,000.00 元">9,800.30</span> 万元' in html


def test_the_export_keeps_exact_values_in_the_units_they_are_kept_in(admin_client):
    sheet = openpyxl.load_workbook(io.BytesIO(admin_client.get(f"{COUNTY}?export=xlsx").content)).active
    headers = [c.value for c in sheet[1]]
    street_a = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "210113001000")
    area = street_a[headers.index("宅基地面积（m²）")]
    money = street_a[headers.index("盘活项目投资额（元）")]
    rate = street_a[headers.index("评理说事点覆盖率")]
    assert (area.value, area.number_format) == (12000000, "#,##0.00")
    assert (money.value, money.number_format) == (98000000, "#,##0.00")
    assert (rate.value, rate.number_format) == (0.5, "0%")  # one of street A's two villages


def test_the_api_gives_the_exact_values_not_the_pages_reading(admin_client):
    body = admin_client.get("/api/v1/indicators/homestead.project_investment/values",
                            {"unit": "210113000000"}).json()
    assert Decimal(body["unit"]["value"]) == Decimal("98003000.00")
    coverage = admin_client.get("/api/v1/indicators/governance.mediation_coverage/values",
                                {"unit": "210113000000"}).json()
    assert Decimal(coverage["unit"]["value"]) == Decimal("0.25")
