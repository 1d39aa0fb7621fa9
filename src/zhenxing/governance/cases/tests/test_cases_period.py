"""三率 and 红黑榜 open on the last full month, say which period they show, and switch to any month: early in
a month its few cases rank the departments by chance (on the 2nd, one late case put a department on the
black list)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenxing.governance.cases import selectors as sel
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().replace(day=2)  # the page is opened on the 2nd of this month
LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)


class OnTheSecond:
    """django.utils.timezone as the selectors see it, on the 2nd of the month."""

    def __getattr__(self, name):
        return getattr(timezone, name)

    @staticmethod
    def localdate(*args):
        return TODAY


@pytest.fixture
def cases(district, monkeypatch):
    monkeypatch.setattr(sel, "timezone", OnTheSecond())
    water = factories.department(district["county"], "水务局")
    power = factories.department(district["county"], "供电公司")
    village = district["village_a1"]

    def dispatched(on: date, department, *, good: bool):
        case = factories.case(village, state="closed" if good else "handling", lead_department=department,
                              accepted_on_time=good, resolved_at=timezone.now() if good else None,
                              satisfaction="satisfied" if good else "")
        at = timezone.make_aware(datetime.combine(on, time(10)))
        type(case).objects.filter(pk=case.pk).update(dispatched_at=at)

    # Last month: 供电公司 answered both its cases well, 水务局 one of two.
    for department, good in ((power, True), (power, True), (water, True), (water, False)):
        dispatched(LAST_MONTH.replace(day=15), department, good=good)
    # This month so far, a case each: 供电公司 late with its one.
    dispatched(TODAY.replace(day=1), power, good=False)
    dispatched(TODAY.replace(day=1), water, good=True)
    return {"admin": factories.user("district_admin", district["county"])}


def test_the_default_period_is_the_last_full_month():
    assert sel.default_month(date(2026, 12, 2)) == date(2026, 11, 1)
    assert sel.default_month(date(2027, 1, 1)) == date(2026, 12, 1)  # across the year
    assert sel.month_of("") == sel.month_of("2026-13") == sel.default_month()


def test_on_the_2nd_the_ranking_shows_last_month_and_says_so(cases, client):
    client.force_login(cases["admin"])
    page = client.get(reverse("governance:case_ranking"))
    assert [r["name"] for r in page.context["red"]] == ["供电公司"]
    assert [r["name"] for r in page.context["black"]] == ["水务局"]
    stated = f"统计期间：<strong>{LAST_MONTH.year}年{LAST_MONTH.month}月（上一个完整月）</strong>"
    assert stated in page.content.decode()


def test_the_period_switches_to_this_month_which_is_stated_as_incomplete(cases, client):
    client.force_login(cases["admin"])
    page = client.get(reverse("governance:case_ranking"), {"month": f"{TODAY:%Y-%m}"})
    assert [r["name"] for r in page.context["black"]] == ["供电公司"]  # its one late case
    assert f"{TODAY.year}年{TODAY.month}月（本月，截至今日，尚不完整）" in page.content.decode()


def test_the_rates_page_defaults_to_the_last_full_month_too(cases, client):
    client.force_login(cases["admin"])
    page = client.get(reverse("governance:case_rates"))
    assert page.context["month"] == LAST_MONTH
    assert {r["name"]: r["dispatched"] for r in page.context["rows"]} == {"供电公司": 2, "水务局": 2}
    assert "（上一个完整月）" in page.content.decode()
    assert f'value="{LAST_MONTH:%Y-%m}"' in page.content.decode()  # the month input holds the period shown
