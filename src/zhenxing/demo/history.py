"""The demo's history: its records are dated from 1 January 2021 up to the moment of the load.

A module gives a yearly figure for the reference year (2023, the year of the seed article) and draws its
records here: each year holds a little more than the one before (GROWTH), the current year only its
months so far, and the seed article's figures of 2023 (1500余 cases resolved, 1200余 disputes resolved) are
the modules' figures of that year. Records whose total is a cumulative figure of the article (the 16
projects, the exits) keep their total and are spread over the same years (`days`).

Everything counts from the moment of the load (timezone.localdate/now): a seed gives the same district
on a given day, but for the times of the current year's records and how far the last days' records have
come, which follow the hour of loading. Deadlines come from one working-day calendar of the whole span
(`Calendar`): what core.workflow.due_after answers, without asking the holiday tables for each of 60,000
steps.
"""

import bisect
import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from zhenxing.core import workdays
from zhenxing.core.models import Holiday

START = date(2021, 1, 1)
REFERENCE_YEAR = 2023
GROWTH = 0.04


def years(today: date) -> range:
    return range(START.year, today.year + 1)


def elapsed(year: int, today: date) -> float:
    """The share of `year` that has passed by the end of `today` (1 for a past year)."""
    if year < today.year:
        return 1.0
    first = date(year, 1, 1)
    return ((today - first).days + 1) / (date(year + 1, 1, 1) - first).days


def per_year(figure: float, today: date, *, growth: float = GROWTH) -> dict[int, float]:
    """`figure` in REFERENCE_YEAR, `growth` more each year after it (less before); the current year pro
    rata."""
    return {y: figure * (1 + growth) ** (y - REFERENCE_YEAR) * elapsed(y, today) for y in years(today)}


def counts(figure: float, today: date, scale: float = 1.0, *, minimum: int = 1,
           growth: float = GROWTH) -> dict[int, int]:
    """How many records each year holds at `scale` (at least `minimum` a year)."""
    return {y: max(minimum, round(n * scale)) for y, n in per_year(figure, today, growth=growth).items()}


def local(day: date, hours: float = 0.0, tz=None) -> datetime:
    """`hours` after local midnight of `day` (in `tz`, by default the current time zone)."""
    tz = tz or timezone.get_current_timezone()
    return datetime.combine(day, time(), tzinfo=tz) + timedelta(hours=hours)


def moment(rng: random.Random, year: int, now: datetime, tz=None) -> datetime:
    """A moment of `year` (in `tz`, by default the current time zone) up to `now`, uniformly."""
    first = local(date(year, 1, 1), tz=tz)
    last = min(local(date(year + 1, 1, 1), tz=tz), now)
    return first + (last - first) * rng.random()


def day(rng: random.Random, year: int, today: date, since: date = START) -> date:
    """A day of `year`, from `since` at the earliest, up to `today`, uniformly."""
    first = max(date(year, 1, 1), since)
    last = min(date(year, 12, 31), today)
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def weight(year: int, today: date, since: date = START, *, growth: float = GROWTH) -> float:
    """A year's size against REFERENCE_YEAR's: `growth` a year, only the part from `since` to `today`."""
    first, last = max(date(year, 1, 1), since), min(date(year, 12, 31), today)
    return (1 + growth) ** (year - REFERENCE_YEAR) * max(0, (last - first).days + 1) / 365


def days(rng: random.Random, n: int, today: date, since: date = START, *,
         growth: float = GROWTH) -> list[date]:
    """`n` days from `since` to `today`, each year's share by `weight`, in order."""
    span = [y for y in years(today) if y >= since.year]
    weights = [weight(y, today, since, growth=growth) for y in span]
    return sorted(day(rng, rng.choices(span, weights)[0], today, since) for _ in range(n))


class Calendar:
    """The working days from a first day to a year past today, as core.workdays counts them."""

    def __init__(self, first: date, today: date):
        self.tz = timezone.get_current_timezone()
        last = today + timedelta(days=400)
        entered = {y: dict(Holiday.objects.filter(date__year=y).values_list("date", "is_workday"))
                   for y in range(first.year, last.year + 1) if not workdays.is_official(y)}
        span = (first + timedelta(days=i) for i in range((last - first).days + 1))
        self.work = [d for d in span if workdays.is_workday(d, entered.get(d.year))]

    def add(self, day: date, n: int) -> date:
        """The day `n` working days after `day` (core.workdays.add_working_days)."""
        i = bisect.bisect_right(self.work, day) + n - 1
        if day < self.work[0] or i >= len(self.work):
            return workdays.add_working_days(day, n)
        return self.work[i]

    def due_after(self, start: datetime, transition, record=None) -> datetime | None:
        """What core.workflow.due_after answers for a step taken at `start`."""
        hours = _limit(transition.hours, record)
        if hours is not None:
            return start + timedelta(hours=hours)
        n = _limit(transition.working_days, record)
        if n is None:
            return None
        last = self.add(start.astimezone(self.tz).date(), n)
        return datetime.combine(last, time(23, 59, 59), tzinfo=self.tz)


def _limit(value, record):
    return value(record) if callable(value) else value
