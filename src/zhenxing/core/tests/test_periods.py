"""Periods as users write them, and the spans a figure is set beside."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhenxing.core import periods
from zhenxing.core.periods import PeriodError


@pytest.mark.parametrize(("text", "start", "end", "label"), [
    ("2023", date(2023, 1, 1), date(2023, 12, 31), "2023年"),
    ("2023Q3", date(2023, 7, 1), date(2023, 9, 30), "2023年第三季度"),
    ("2024q1", date(2024, 1, 1), date(2024, 3, 31), "2024年第一季度"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
    ("2023-7", date(2023, 7, 1), date(2023, 7, 31), "2023年7月"),
    ("2023-01-05~2023-02-01", date(2023, 1, 5), date(2023, 2, 1), "2023-01-05至2023-02-01"),
    (" 2023-01-05..2023-02-01 ", date(2023, 1, 5), date(2023, 2, 1), "2023-01-05至2023-02-01"),
])
def test_a_period_reads_as_written(text, start, end, label):
    p = periods.parse(text)
    assert (p.start, p.end, p.label) == (start, end, label)
    assert periods.parse(p.key) == p  # its key reads back as itself


@pytest.mark.parametrize(("text", "says"), [
    ("2023Q5", "无法识别"), ("2023-13", "月份应在1-12之间"), ("1999", "年份应在2000-2100之间"),
    ("2023-02-30~2023-03-01", "日期“2023-02-30”不存在"), ("2023-03-01~2023-02-01", "结束日期早于开始日期"),
    ("2010-01-01~2020-01-01", "超过10年"), ("去年", "无法识别"), ("2023; DROP TABLE", "无法识别"),
])
def test_a_bad_period_says_what_is_wrong_in_chinese(text, says):
    with pytest.raises(PeriodError) as error:
        periods.parse(text)
    assert says in str(error.value)


def test_a_range_of_almost_ten_years_is_allowed():
    assert periods.parse("2010-01-01~2019-12-31").kind == "range"


def test_the_empty_period_is_this_year():
    assert periods.parse("").key == str(periods.current().year)


def test_year_before_and_previous():
    q1 = periods.parse("2024Q1")
    assert (q1.year_before().key, q1.previous().key) == ("2023Q1", "2023Q4")
    feb = periods.parse("2024-02")
    assert (feb.year_before().end, feb.previous().key) == (date(2023, 2, 28), "2024-01")
    assert periods.parse("2025-02").year_before().end == date(2024, 2, 29)
    days = periods.parse("2023-03-01~2023-03-10")
    assert days.previous() == periods.Period("range", date(2023, 2, 19), date(2023, 2, 28))


def test_a_running_period_is_set_beside_the_same_days_before():
    today = date(2026, 12, 3)
    year = periods.year(2026)
    assert year.is_partial(today) and not periods.year(2025).is_partial(today)
    before, previous = year.comparisons(today)
    assert (before.start, before.end) == (date(2025, 1, 1), date(2025, 12, 3))
    assert (previous.start, previous.end) == (date(2025, 1, 1), date(2025, 12, 3))
    month_before, month_previous = periods.month(2026, 12).comparisons(today)
    assert (month_before.start, month_before.end) == (date(2025, 12, 1), date(2025, 12, 3))
    assert (month_previous.start, month_previous.end) == (date(2026, 11, 1), date(2026, 11, 3))


def test_trend_and_choices():
    keys = [p.key for p in periods.trend(periods.parse("2023Q2"), 4)]
    assert keys == ["2022Q3", "2022Q4", "2023Q1", "2023Q2"]
    offered = [p.key for p in periods.choices(date(2026, 12, 3))]
    assert offered[:3] == ["2026", "2025", "2024"] and "2026Q4" in offered and "2026-01" in offered


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)))
def test_every_day_lies_in_its_month_quarter_and_year(day):
    for kind in ("year", "quarter", "month"):
        p = periods.current(kind, day)
        assert p.start <= day <= p.end
        assert p.previous().end.toordinal() + 1 == p.start.toordinal()
        assert periods.parse(p.key) == p
