from datetime import date

import pytest

from zhenxing.core import workdays
from zhenxing.core.models import Holiday


def test_official_calendar_knows_national_day_and_make_up_days():
    assert not workdays.is_workday(date(2024, 10, 1))
    assert workdays.is_workday(date(2024, 10, 12))  # Saturday worked in exchange for the holiday


def test_adding_working_days_skips_the_golden_week():
    # Monday 30 Sept 2024 + 1 working day: 1-7 Oct are off, so the next working day is Tuesday 8 Oct.
    assert workdays.add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)


def test_working_days_between_counts_the_end_day():
    assert workdays.working_days_between(date(2024, 10, 7), date(2024, 10, 9)) == 2


@pytest.mark.django_db
def test_years_beyond_the_package_fall_back_to_weekends_plus_entered_days():
    year = max(workdays.official_years()) + 1
    assert not workdays.is_official(year)
    monday = next(date(year, 3, d) for d in range(1, 8) if date(year, 3, d).weekday() == 0)
    assert workdays.is_workday(monday)
    Holiday.objects.create(date=monday, name="测试假日", is_workday=False)
    assert not workdays.is_workday(monday)
    # Friday before + 1 working day skips the weekend and the entered Monday.
    friday = date.fromordinal(monday.toordinal() - 3)
    assert workdays.add_working_days(friday, 1) == date.fromordinal(monday.toordinal() + 1)
