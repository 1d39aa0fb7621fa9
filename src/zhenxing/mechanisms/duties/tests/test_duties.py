"""包保: a leader's 联系点, a street cadre's village, a department's duty; who answers for a task's place; the
refusals in Chinese by field, writing nothing; scope; the end of an assignment; the figures over time."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from zhenxing.core import periods
from zhenxing.core.indicators import registry
from zhenxing.core.models import AuditEvent
from zhenxing.mechanisms.duties import selectors, services
from zhenxing.mechanisms.duties.models import Duty
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    return type("W", (), {
        "units": district, "department": factories.department(district["county"]),
        "admin": access.actor_for(factories.user("district_admin", district["county"])),
        "street": access.actor_for(factories.user("street_admin", district["street_a"])),
        "secretary": access.actor_for(factories.user("village_secretary", district["village_a1"])),
    })


def _liaison(w, unit=None, on=date(2023, 1, 1), **kw):
    return services.assign_duty(actor=w.admin, kind="liaison", org_unit=unit or w.units["village_a1"],
                                holder_name="张立国", holder_title="区委书记", started_on=on, **kw)


def test_a_villages_task_shows_who_answers_for_the_village_and_its_street(w):
    _liaison(w)
    services.assign_duty(actor=w.street, kind="village", org_unit=w.units["village_a1"], holder_name="李包村",
                         holder_title="街道副主任", started_on=date(2023, 1, 1))
    services.assign_duty(actor=w.admin, kind="street", org_unit=w.units["street_a"], holder_name="王联街",
                         holder_title="区委常委", started_on=date(2023, 1, 1))
    _liaison(w, unit=w.units["village_b1"])  # another village's
    names = [d.holder_name for d in selectors.answering_for(path=w.units["village_a1"].path)]
    assert sorted(names) == ["张立国", "李包村", "王联街"]
    duty = services.assign_duty(actor=w.admin, kind="department", org_unit=w.units["county"],
                                department=w.department, holder_name="", subject="具体实施",
                                started_on=date(2023, 1, 1))
    assert duty.holder_name == "农业农村局"
    assert selectors.answering_for(path=w.units["county"].path, department_id=w.department.pk) == [duty]
    assert AuditEvent.objects.filter(action="mechanisms.duty.assign").count() == 5
    # The village reads who answers for it, and opens only the assignments inside its own scope.
    linked = {d.holder_name: d.linked for d in selectors.for_task(actor=w.secretary,
                                                                    path=w.units["village_a1"].path)}
    assert linked == {"张立国": True, "李包村": True, "王联街": False}


def test_a_bad_assignment_names_every_field_and_writes_nothing(w):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        services.assign_duty(actor=w.admin, kind="liaison", org_unit=w.units["street_a"], holder_name=" ",
                             department=w.department, started_on=tomorrow)
    assert err.value.message_dict == {"unit": ["区级领导包保联系点的包保单位应为村（社区）"],
                                      "department": ["只有部门职责填写部门"], "holder_name": ["请填写责任人"],
                                      "started_on": ["起始日期不能晚于今天"]}
    with pytest.raises(ValidationError) as err:
        services.assign_duty(actor=w.admin, kind="department", org_unit=w.units["county"], holder_name="",
                             started_on=date(2023, 1, 1))
    assert err.value.message_dict == {"department": ["部门职责须选择部门"], "subject": ["请填写部门职责"]}
    assert not Duty.objects.exists()


def test_a_street_assigns_only_inside_it_and_a_village_reads_only_its_own(w):
    with pytest.raises(Http404):
        services.assign_duty(actor=w.street, kind="village", org_unit=w.units["village_b1"],
                             holder_name="越权", started_on=date(2023, 1, 1))
    mine, other = _liaison(w), _liaison(w, unit=w.units["village_b1"])
    assert list(selectors.duties(actor=w.secretary)) == [mine]
    with pytest.raises(Http404):
        selectors.duty(actor=w.secretary, pk=other.pk)
    with pytest.raises(Http404):
        services.assign_duty(actor=w.secretary, kind="secretary", org_unit=w.units["village_a1"],
                             holder_name="书记", started_on=date(2023, 1, 1))


def test_an_ended_assignment_leaves_the_current_list_and_cannot_end_twice(w):
    duty = _liaison(w)
    with pytest.raises(ValidationError) as err:
        services.end_duty(actor=w.admin, duty=duty, ended_on=date(2022, 12, 31))
    assert err.value.message_dict == {"ended_on": ["结束日期不能早于起始日期"]}
    services.end_duty(actor=w.admin, duty=duty, ended_on=date(2024, 6, 30))
    with pytest.raises(ValidationError) as err:
        services.end_duty(actor=w.admin, duty=duty, ended_on=date(2024, 7, 1))
    assert err.value.message_dict == {"ended_on": ["该包保责任已于2024-06-30结束"]}
    assert not selectors.duties(actor=w.admin).exists()
    assert list(selectors.duties(actor=w.admin, filters=selectors.DutyFilter(current=""))) == [duty]
    assert selectors.answering_for(path=w.units["village_a1"].path) == []


def test_the_liaison_villages_are_counted_on_a_periods_last_day(w):
    ended = _liaison(w, on=date(2023, 1, 1))
    services.end_duty(actor=w.admin, duty=ended, ended_on=date(2024, 6, 30))
    _liaison(w, unit=w.units["village_b1"], on=date(2024, 3, 1))
    county = w.units["county"].path
    figure = registry.get("mechanisms.liaison_villages")
    assert [figure.value(county, periods.year(y)) for y in (2023, 2024)] == [1, 1]
    assert figure.value(county, periods.quarter(2024, 1)) == 2  # both held on 31 March
    assert figure.value(county, periods.quarter(2024, 2)) == 1  # one ended on 30 June
