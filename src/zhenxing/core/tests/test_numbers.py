"""How numbers and times read on the pages (core.numbers and the zx filters), and that exports keep them
exact: separators, 12% for a ratio, 亩 (公顷 beside a large area), 万元, the exact value on hover, local
time."""

import io
import re
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.template import Context, Template

from zhenxing.core import excel, numbers
from zhenxing.core.indicators import Column, Indicator
from zhenxing.core.templatetags import zx


def render(source: str, **context) -> str:
    return Template("{% load zx %}" + source).render(Context(context))


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("19232809.55"), "19,232,809.55"),
    (142485, "142,485"),
    (Decimal("9800.00"), "9,800"),  # a whole number shows no cents
    (Decimal("0.125"), "0.13"),  # half up, as on paper (not to even)
    (Decimal("-1234.5"), "-1,234.50"),
    (0, "0"),
])
def test_numbers_read_with_thousands_separators(value, text):
    assert numbers.grouped(value) == text
    assert re.sub(r"<[^>]+>", "", render("{{ v|num }}", v=value)) == text


def test_a_rounded_number_keeps_its_exact_value_on_hover():
    assert render("{{ v|num }}", v=Decimal("12.3456")) == '<span class="fig" title="12.3456">12.35</span>'
    assert render("{{ v|num }}", v=142485) == "142,485"  # nothing hidden, nothing to hover


@pytest.mark.parametrize(("ratio", "text"), [
    (Decimal("0.12"), "12%"), (Decimal("0.125"), "12.5%"), (Decimal("1.00"), "100%"), (0, "0%")])
def test_a_ratio_reads_as_a_percentage_with_the_ratio_on_hover(ratio, text):
    html = render("{{ v|pct }}", v=ratio)
    assert f">{text}</span>" in html and f'title="{ratio}"' in html
    assert "0.12" not in render("{{ v|pct }}", v=Decimal("0.12")).split(">")[1]


def test_a_large_area_reads_in_mu_with_hectares_beside_and_the_square_metres_on_hover():
    html = render("{{ v|mu }}", v=Decimal("19232809.55"))
    assert html == ('<span class="fig" title="19,232,809.55 平方米">28,849.21</span> 亩'
                    '<span class="aside">（1,923.28 公顷）</span>')


def test_a_villages_area_reads_in_mu_without_hectares():
    html = render("{{ v|mu }}", v=Decimal("6666.67"))
    assert ">10</span> 亩" in html and "公顷" not in html and 'title="6,666.67 平方米"' in html


def test_money_reads_in_wanyuan_with_the_yuan_on_hover():
    assert render("{{ v|wanyuan }}", v=98000000) == (
        '<span class="fig" title="98,000,000.00 元">9,800</span> 万元')
    assert ">1.23</span> 万元" in render("{{ v|wanyuan }}", v=Decimal("12345.60"))
    assert render("{{ v|yuan }}", v=Decimal("1234.5")) == "1,234.50 元"


def test_a_column_of_money_reads_in_the_unit_of_its_largest_figure():
    assert numbers.MONEY.unit_for([Decimal(3000), Decimal(98_000_000)]) == "万元"
    assert numbers.MONEY.unit_for([Decimal(3000), Decimal(5000)]) == "元"
    shown = numbers.MONEY.show(Decimal(3000), "万元")  # a village's 3,000 元 in a column of 万元
    assert (shown.text, shown.unit, shown.exact) == ("0.30", "万元", "3,000.00 元")
    assert numbers.MONEY.show(Decimal(3000)).unit == "元"  # alone it reads in 元


def test_an_indicator_reads_by_its_kind_and_keeps_its_own_unit_for_counts():
    def indicator(kind, unit):
        return Indicator("t.x", "x", unit, "g", lambda: None, (), kind=kind)

    assert render("{{ v|figure:i }}", v=50000, i=indicator(numbers.NUMBER, "户")) == "50,000 户"
    rate = render("{{ v|figure:i }}", v=Decimal("0.76"), i=indicator(numbers.PERCENT, ""))
    assert rate == '<span class="fig" title="0.76">76%</span>'
    area = render("{{ v|figure:i }}", v=Decimal("166106.48"), i=indicator(numbers.AREA, "m²"))
    assert ">249.16</span> 亩" in area


def test_a_register_cell_reads_by_its_columns_kind_without_the_unit_its_header_names():
    assert zx.cell(Decimal("12000000.00"), numbers.YUAN) == "12,000,000.00"
    assert zx.cell(Decimal("1200"), numbers.SQUARE_METRES) == "1,200.00"  # exact as shown: no hover
    assert zx.cell(1234, numbers.COUNT) == "1,234"
    assert zx.cell(2024, int) == 2024  # a year or an id is not a quantity: no separator
    assert zx.cell("", numbers.YUAN) == ""


def test_a_register_cell_shows_an_aware_time_in_local_time():
    assert zx.cell(datetime(2024, 5, 1, 20, 30, tzinfo=UTC)) == "2024-05-02 04:30"
    assert render("{{ v|cell }}", v=datetime(2024, 12, 31, 16, 5, tzinfo=UTC)) == "2025-01-01 00:05"


def test_exports_keep_exact_numbers_with_formats_and_local_times():
    columns = (Column("面积(m²)", lambda r: r[0], kind=numbers.SQUARE_METRES),
               Column("参与率", lambda r: r[1], kind=numbers.PERCENT),
               Column("应缴(元)", lambda r: r[2], kind=numbers.YUAN),
               Column("上报时间", lambda r: r[3], kind=datetime),
               Column("年度", lambda r: r[4], kind=int))
    row = (Decimal("19232809.55"), Decimal("0.12"), Decimal("98000000.00"),
           datetime(2024, 5, 1, 20, 30, tzinfo=UTC), 2024)
    content = excel.workbook_bytes("t", [c.header for c in columns], [[c.value(row) for c in columns]],
                                   excel.kinds_of(columns))
    area, rate, money, time, year = openpyxl.load_workbook(io.BytesIO(content)).active[2]
    assert (area.value, area.number_format) == (19232809.55, "#,##0.00")
    assert (rate.value, rate.number_format) == (0.12, "0%")
    assert (money.value, money.number_format) == (98000000, "#,##0.00")
    assert time.value == datetime(2024, 5, 2, 4, 30) and time.number_format == "yyyy-mm-dd hh:mm"
    assert (year.value, year.number_format) == (2024, "General")


def test_a_figure_of_whole_numbers_exports_without_cents():
    assert numbers.excel_format(numbers.NUMBER, 59188) == "#,##0"
    assert numbers.excel_format(numbers.NUMBER, Decimal("25296.50")) == "#,##0.00"
