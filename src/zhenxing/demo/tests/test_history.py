"""The demo's history (demo.history): records from 2021 up to today, the seed article's 2023 figures.

Counted straight from the models by local (Asia/Shanghai) calendar years: 2023's resolved cases are
"1500余" (1,500–1,599) and its resolved disputes "1200余" (1,200–1,299) at full scale, and every year
from 2021 to this one holds records of each kind the dashboard asks about by period.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zhenxing.core.models import LedgerEntry, WorkflowStep
from zhenxing.demo import generate, governance_cases, governance_mediation, history
from zhenxing.demo.names import DEPARTMENTS
from zhenxing.governance.cases.models import Case
from zhenxing.governance.mediation.models import Dispute
from zhenxing.governance.teams.models import Activity
from zhenxing.governance.visits.models import Visit
from zhenxing.homestead.applications.models import Application
from zhenxing.homestead.fees.models import FeeBill, FeePayment
from zhenxing.mechanisms.duties.models import Duty
from zhenxing.mechanisms.tasks.models import Plan, Report, Task
from zhenxing.orgs.models import Department, OrgUnit
from zhenxing.points.claims.models import Claim
from zhenxing.points.shop.models import Redemption
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _year(year: int) -> tuple[datetime, datetime]:
    return (datetime.combine(date(year, 1, 1), time(), SHANGHAI),
            datetime.combine(date(year + 1, 1, 1), time(), SHANGHAI))


def _in(model, field: str, year: int) -> int:
    start, end = _year(year)
    if model._meta.get_field(field).get_internal_type() == "DateField":
        start, end = start.date(), end.date()
    return model.objects.filter(**{f"{field}__gte": start, f"{field}__lt": end}).count()


@pytest.mark.parametrize("seed", [2023, 11])
def test_2023_resolves_1500_odd_cases_and_1200_odd_disputes_at_full_scale(district, seed):
    for name in DEPARTMENTS:
        factories.department(district["county"], name)
    for key in ("village_a1", "village_a2", "village_b1", "village_b2"):
        for _ in range(3):
            factories.person(factories.household(district[key], district[key.replace("village", "grid")]))
    governance_cases.load(seed=seed, county=district["county"])
    governance_mediation.load(seed=seed, county=district["county"])
    assert 1500 <= _in(Case, "resolved_at", 2023) <= 1599  # 现场解决……问题1500余个
    assert 1200 <= _in(Dispute, "agreed_at", 2023) <= 1299  # 有效化解群众矛盾纠纷1200余件
    assert 1200 <= _in(Dispute, "closed_at", 2023) <= 1299
    # A little more each year; the old ones finished, the open ones recent.
    cases = [_in(Case, "created_at", y) for y in (2021, 2022, 2023, 2024)]
    assert cases == sorted(cases)
    old = _year(timezone.localdate().year - 1)[0]
    assert not Case.objects.filter(created_at__lt=old, resolved_at__isnull=True).exists()
    assert not Dispute.objects.filter(registered_at__lt=old, closed_at__isnull=True).exists()
    overdue = Case.objects.filter(due_at__lt=timezone.now()).exclude(state__in=("closed", "village_closed"))
    assert overdue.exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate.load_demo(seed=5, scale=0.02)
        transaction.set_rollback(True)


DATED = [  # what the dashboard places in time, by the field that dates it
    (Case, "created_at"), (Case, "resolved_at"), (Dispute, "registered_at"), (Dispute, "agreed_at"),
    (Visit, "visited_on"), (Activity, "held_on"), (LedgerEntry, "occurred_on"), (Claim, "occurred_on"),
    (Redemption, "at"), (Application, "created_at"), (Application, "approved_on"), (FeePayment, "paid_on"),
    (WorkflowStep, "created_at"), (Visit, "created_at"),
]


@pytest.mark.parametrize(("model", "field"), DATED, ids=[f"{m.__name__}.{f}" for m, f in DATED])
def test_every_year_since_2021_holds_records_and_none_lies_outside(demo, model, field):
    this_year = timezone.localdate().year
    assert all(_in(model, field, y) for y in range(2021, this_year + 1)), model.__name__
    start, end = _year(2021)[0], timezone.now()
    if model._meta.get_field(field).get_internal_type() == "DateField":
        start, end = start.date(), timezone.localdate()
    outside = model.objects.exclude(**{f"{field}__isnull": True}).exclude(**{f"{field}__range": (start, end)})
    assert not outside.exists()


def test_every_years_fee_bills_since_2021_at_that_years_rates(demo):
    years = set(FeeBill.objects.values_list("year", flat=True))
    assert years == set(history.years(timezone.localdate()))
    over = FeeBill.objects.filter(reason="over_area")
    rates = dict(over.values_list("year", "rate_yuan_per_m2").distinct())
    assert (rates[2022], rates[2023]) == (4, 5)  # the 有偿使用管理办法 raised it in 2023 (demo.policies)


def test_each_year_since_2023_has_its_task_list_of_56_items_in_6_aspects_with_reports_up_to_today(demo):
    today = timezone.localdate()
    plans = list(Plan.objects.order_by("year"))
    assert [p.year for p in plans] == list(range(2023, today.year + 1))
    for plan in plans:
        assert (plan.aspects.count(), plan.items.count()) == (6, 56)
        assert not plan.items.filter(lead_department__isnull=True).exists()
    assert not Report.objects.filter(reported_on__gt=today).exists()
    done_2023 = Task.objects.filter(item__plan__year=2023, completed_on__isnull=False, indicator="").count()
    reported_2023 = Task.objects.filter(item__plan__year=2023, indicator="").count()
    assert 0.75 < done_2023 / reported_2023 < 0.98  # most finished, a few never did
    assert Task.objects.filter(item__plan__year=2023, completed_on__gt=F("due_on")).exists()  # some late
    # The figures the platform counts are measured: 2023's 1200余 disputes reach the 1,200 target.
    disputes = Task.objects.get(item__plan__year=2023, indicator="governance.disputes_resolved")
    assert disputes.target == 1200
    # Every street answers for the streets' items; each street's liaison village for the villages' items.
    streets = Task.objects.filter(item__plan__year=2023, org_unit__level="town").values("org_unit").distinct()
    assert streets.count() == 10


def test_every_village_and_street_has_its_baobao_and_every_department_its_duty(demo):
    villages = OrgUnit.objects.filter(level="village")
    assert not villages.exclude(pk__in=Duty.objects.filter(kind="village").values("org_unit")).exists()
    assert Duty.objects.filter(kind="street").values("org_unit").distinct().count() == 10
    assert Duty.objects.filter(kind="liaison").count() == 10
    # The task list's liaison villages are the leaders' 联系点.
    liaison_tasks = Task.objects.filter(item__plan__year=2023, item__title__startswith="区委书记带头包保")
    assert set(liaison_tasks.values_list("org_unit", flat=True)) == set(
        Duty.objects.filter(kind="liaison").values_list("org_unit", flat=True))
    assert Duty.objects.filter(kind="department").count() == Department.objects.count()
