"""Periods a figure is asked for: a year (2023), a quarter (2023Q3), a month (2023-07) or a range of days
(2023-01-05~2023-02-01), in local time.

A period that has not ended yet is counted up to today (`to_date`), and its comparisons are the same span
a year before (同比) and the span just before (环比), so that January to November is set beside January
to November, not beside a whole year.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

MAX_YEARS = 10
QUARTERS = "一二三四"
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:~|\.\.|至)\s*(\d{4}-\d{1,2}-\d{1,2})$")


class PeriodError(ValueError):
    """What is wrong with a period as the user wrote it, in Chinese."""


@dataclass(frozen=True)
class Period:
    kind: str  # year, quarter, month, range
    start: date
    end: date  # inclusive

    @property
    def key(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d}~{self.end:%Y-%m-%d}"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.start.year}年"
        if self.kind == "quarter":
            return f"{self.start.year}年第{QUARTERS[(self.start.month - 1) // 3]}季度"
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start:%Y-%m-%d}至{self.end:%Y-%m-%d}"

    @property
    def year(self) -> int:
        return self.start.year

    def __str__(self) -> str:
        return self.key

    def bounds(self) -> tuple[datetime, datetime]:
        """[first instant, first instant after) in local time, for date-time fields."""
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=tz)
        return start, datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz)

    def is_partial(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.start <= today < self.end

    def is_future(self, today: date | None = None) -> bool:
        return self.start > (today or timezone.localdate())

    def to_date(self, today: date | None = None) -> "Period":
        """The part of the period that has happened: a period still running ends today."""
        if self.is_partial(today):
            return Period("range", self.start, today or timezone.localdate())
        return self

    def year_before(self) -> "Period":
        """The same span a year earlier (同比)."""
        if self.kind == "range":
            return Period("range", _shift_year(self.start), _shift_year(self.end))
        if self.kind == "year":
            return year(self.year - 1)
        if self.kind == "quarter":
            return quarter(self.year - 1, (self.start.month - 1) // 3 + 1)
        return month(self.year - 1, self.start.month)

    def previous(self) -> "Period":
        """The span just before (环比): the previous month, quarter or year; for a range, as many days."""
        if self.kind == "year":
            return year(self.start.year - 1)
        if self.kind == "quarter":
            y, m = _months_back(self.start, 3)
            return quarter(y, (m - 1) // 3 + 1)
        if self.kind == "month":
            return month(*_months_back(self.start, 1))
        days = (self.end - self.start).days + 1
        return Period("range", self.start - timedelta(days=days), self.start - timedelta(days=1))

    def comparisons(self, today: date | None = None) -> tuple["Period", "Period"]:
        """(the same span a year before, the span just before) of what has happened of this period."""
        done = self.to_date(today)
        if done is self:
            return self.year_before(), self.previous()
        # A running month or quarter is set beside the same days of the one before.
        before = self.previous()
        days = (done.end - done.start).days
        same_days = Period("range", before.start, min(before.end, before.start + timedelta(days)))
        return done.year_before(), same_days


def year(y: int) -> Period:
    return Period("year", date(y, 1, 1), date(y, 12, 31))


def quarter(y: int, q: int) -> Period:
    first = 3 * (q - 1) + 1
    return Period("quarter", date(y, first, 1), date(y, first + 2, calendar.monthrange(y, first + 2)[1]))


def month(y: int, m: int) -> Period:
    return Period("month", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))


def current(kind: str = "year", today: date | None = None) -> Period:
    today = today or timezone.localdate()
    if kind == "quarter":
        return quarter(today.year, (today.month - 1) // 3 + 1)
    if kind == "month":
        return month(today.year, today.month)
    return year(today.year)


def parse(text: str | None, default: Period | None = None) -> Period:
    """A period from `2023`, `2023Q3`, `2023-07` or `2023-01-05~2023-02-01`; empty gives `default` (this
    year). Anything else raises PeriodError saying what is expected."""
    text = (text or "").strip()
    if not text:
        return default or current()
    if m := _YEAR.match(text):
        return year(_year(int(m[1]), text))
    if m := _QUARTER.match(text):
        return quarter(_year(int(m[1]), text), int(m[2]))
    if m := _MONTH.match(text):
        if not 1 <= int(m[2]) <= 12:
            raise PeriodError(f"统计期间“{text}”的月份应在1-12之间")
        return month(_year(int(m[1]), text), int(m[2]))
    if m := _RANGE.match(text):
        start, end = _day(m[1], text), _day(m[2], text)
        if end < start:
            raise PeriodError(f"统计期间“{text}”的结束日期早于开始日期")
        if _shift_year(start, years=MAX_YEARS) <= end:
            raise PeriodError(f"统计期间“{text}”超过{MAX_YEARS}年，请缩短范围")
        _year(start.year, text), _year(end.year, text)
        return Period("range", start, end)
    raise PeriodError(f"统计期间“{text[:40]}”无法识别：应写作年度（2023）、季度（2023Q3）、月份（2023-07）"
                      "或日期范围（2023-01-01~2023-06-30）")


def trend(period: Period, count: int = 6) -> list[Period]:
    """The `count` periods of the same kind ending with `period`, oldest first (a range: years)."""
    kind = period.kind if period.kind != "range" else "year"
    last = period if period.kind != "range" else year(period.end.year)
    result = [last]
    while len(result) < count:
        result.insert(0, result[0].previous())
    return [p for p in result if p.start.year >= 2000] if kind == "year" else result


def choices(today: date | None = None, years: int = 6) -> list[Period]:
    """What the period switch offers: recent years, this year's quarters and the last twelve months."""
    today = today or timezone.localdate()
    offered = [year(today.year - i) for i in range(years)]
    offered += [quarter(today.year, q) for q in range((today.month - 1) // 3 + 1, 0, -1)]
    m = month(today.year, today.month)
    for _ in range(12):
        offered.append(m)
        m = m.previous()
    return offered


def _year(y: int, text: str) -> int:
    if not 2000 <= y <= 2100:
        raise PeriodError(f"统计期间“{text}”的年份应在2000-2100之间")
    return y


def _day(text: str, whole: str) -> date:
    try:
        return date(*(int(part) for part in text.split("-")))
    except ValueError:
        raise PeriodError(f"统计期间“{whole}”中的日期“{text}”不存在") from None


def _shift_year(day: date, years: int = -1) -> date:
    """The same day `years` later; 29 February becomes the 28th in a common year."""
    y = day.year + years
    return date(y, day.month, min(day.day, calendar.monthrange(y, day.month)[1]))


def _months_back(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1
