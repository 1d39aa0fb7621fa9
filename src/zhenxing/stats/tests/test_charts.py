"""Chart specs from plain data: the figure plots the very numbers the table shows, in one unit for the
chart (万元, 亩, 12%), with Chinese labels; a bar or slice carries its link."""

import json
from decimal import Decimal

from zhenxing.core import numbers
from zhenxing.stats import charts


def test_bars_are_horizontal_first_on_top_with_their_links_and_numbers():
    chart = charts.bars("马刚街道下级单位 · 户数", ["A街1村", "A街2村"], [1234, 5], "户", ["/a1/", "/a2/"])

    bar = chart.figure["data"][0]
    assert (bar["type"], bar["orientation"]) == ("bar", "h")
    assert bar["y"] == ["A街1村", "A街2村"] and bar["x"] == [1234.0, 5.0]
    assert bar["text"] == ["1,234", "5"]
    assert [c[0] for c in bar["customdata"]] == ["/a1/", "/a2/"]
    assert chart.figure["layout"]["yaxis"]["autorange"] == "reversed"
    assert chart.unit == "户" and "dtick" not in chart.figure["layout"]["xaxis"]
    assert charts.bars("t", ["a", "b"], [3, 1], "户").figure["layout"]["xaxis"]["dtick"] == 1  # no fifths
    assert chart.figure["layout"]["dragmode"] is False  # a finger scrolls the page
    assert [(r.label, r.text, r.link) for r in chart.rows] == [
        ("A街1村", "1,234", "/a1/"), ("A街2村", "5", "/a2/")]
    assert chart.value_header == "数值（户）"
    assert json.loads(chart.spec) == chart.figure


def test_bars_grow_with_their_count():
    few = charts.bars("t", ["a"], [1])
    many = charts.bars("t", [str(i) for i in range(30)], list(range(30)))
    assert many.figure["layout"]["height"] > few.figure["layout"]["height"] + 25 * 27


def test_money_reads_in_wanyuan_for_the_whole_chart_with_the_exact_yuan_on_hover():
    values = [Decimal("98000000.00"), Decimal("3000")]
    chart = charts.bars("投资", ["甲", "乙"], values, "元", kind=numbers.MONEY)

    assert chart.unit == "万元"
    assert chart.figure["data"][0]["x"] == [9800.0, 0.3]
    assert [r.text for r in chart.rows] == ["9,800", "0.30"]
    assert chart.rows[0].exact == "98,000,000.00 元"
    assert "万元" in chart.figure["data"][0]["hovertemplate"]


def test_areas_read_in_mu_and_rates_as_percentages():
    area = charts.bars("面积", ["甲"], [Decimal("2000")], "平方米", kind=numbers.AREA)
    assert (area.unit, area.rows[0].text, area.figure["data"][0]["x"]) == ("亩", "3", [3.0])

    rate = charts.bars("覆盖率", ["甲", "乙"], [Decimal("0.25"), Decimal("0.125")], "", kind=numbers.PERCENT)
    assert rate.unit == "" and [r.text for r in rate.rows] == ["25%", "12.5%"]
    assert rate.figure["data"][0]["x"] == [25.0, 12.5]
    assert rate.figure["layout"]["xaxis"]["ticksuffix"] == "%"


def test_trend_is_a_line_over_the_periods_in_order():
    chart = charts.trend("户数变化", ["2023", "2023Q3", "2023-07"], [3, 4, None], "户")

    line = chart.figure["data"][0]
    assert line["type"] == "scatter" and line["mode"].startswith("lines+markers")
    assert line["x"] == ["2023", "2023Q3", "2023-07"] and line["y"] == [3.0, 4.0, 0.0]
    assert chart.figure["layout"]["xaxis"]["type"] == "category"
    assert chart.label_header == "时期" and [r.text for r in chart.rows] == ["3", "4", "0"]


def test_donut_gives_each_part_its_share_and_takes_colours_from_names():
    chart = charts.donut("按类别发放积分构成", ["红色积分", "其他", "蓝色积分"], [50, 30, 20], "分",
                         ["?part=red", "?part=x", "?part=blue"])

    pie = chart.figure["data"][0]
    assert pie["type"] == "pie" and pie["hole"] == 0.5
    assert pie["marker"]["colors"][0] == "#d62728" and pie["marker"]["colors"][2] == "#1f77b4"
    assert pie["marker"]["colors"][1] not in ("#d62728", "#1f77b4")
    assert [(r.label, r.text, r.share) for r in chart.rows] == [
        ("红色积分", "50", "50%"), ("其他", "30", "30%"), ("蓝色积分", "20", "20%")]
    assert chart.rows[0].link == "?part=red"


def test_a_donut_of_nothing_is_empty():
    assert charts.donut("构成", ["a", "b"], [0, 0]).empty
    assert charts.bars("t", [], []).empty
