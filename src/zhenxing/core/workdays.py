"""Working days on the official calendar.

chinese-calendar knows the State Council's holidays and make-up workdays for the years it ships
with; for later years we fall back to weekends plus the days an admin enters (core.Holiday).
"""

from datetime import date, datetime, timedelta
from functools import cache

import chinese_calendar

from zhenxing.core.models import Holiday


@cache  # the package's tables do not change while the process runs; a deadline asks for every day
def official_years() -> range:
    known = [d.year for d in chinese_calendar.holidays] + [d.year for d in chinese_calendar.workdays]
    return range(min(known), max(known) + 1)


def is_official(year: int) -> bool:
    return year in official_years()


def _entered(year: int) -> dict[date, bool]:
    return dict(Holiday.objects.filter(date__year=year).values_list("date", "is_workday"))


def is_workday(day: date, _cache: dict | None = None) -> bool:
    if is_official(day.year):
        return chinese_calendar.is_workday(day)
    entered = _cache if _cache is not None else _entered(day.year)
    if day in entered:
        return entered[day]
    return day.weekday() < 5


def add_working_days(start: date | datetime, days: int) -> date:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start.date() if isinstance(start, datetime) else start
    caches: dict[int, dict] = {}
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if not is_official(day.year) and day.year not in caches:
            caches[day.year] = _entered(day.year)
        if is_workday(day, caches.get(day.year)):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)
    return count
