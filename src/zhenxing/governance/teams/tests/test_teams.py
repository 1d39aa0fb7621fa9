"""Party member teams: a team at a village, members from its people, activities with hours per member;
refusals in Chinese; scope; the figures on the dashboard."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhenxing.core.indicators import registry
from zhenxing.governance.teams import selectors, services
from zhenxing.governance.teams.models import Activity, ActivityHours, Team
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    a1 = district["village_a1"]
    home = factories.household(a1, district["grid_a1"])
    people = [factories.person(home, name=n) for n in ("王服务", "李志愿")]
    outsider = factories.person(factories.household(district["village_b1"]), name="赵外村")
    secretary = access.actor_for(factories.user("village_secretary", a1))
    team = services.create_team(actor=secretary, org_unit=a1, name="A街1村党员服务队", kind="service",
                                founded_on=date(2023, 3, 1))
    return type("W", (), {"units": district, "people": people, "outsider": outsider, "secretary": secretary,
                          "team": team})


def test_a_team_takes_members_and_records_hours_per_member(w):
    for p in w.people:
        services.add_member(actor=w.secretary, team=w.team, person=p, joined_on=date(2023, 3, 1))
    activity = services.record_activity(actor=w.secretary, team=w.team, kind="volunteer", title="清扫村路",
                                        held_on=timezone.localdate(), hours={w.people[0].pk: "2.5",
                                                                             w.people[1].pk: "3"})
    assert sorted(h.hours for h in activity.hours.all()) == [Decimal("2.5"), Decimal("3.0")]
    totals = {m.person.name: m.total_hours for m in selectors.members(team=w.team)}
    assert totals == {"王服务": Decimal("2.5"), "李志愿": Decimal("3.0")}
    path = w.units["village_a1"].path
    assert registry.get("governance.volunteer_hours").value(path) == Decimal("5.5")
    assert registry.get("governance.service_teams").value(path) == 1


def test_refusals_name_the_field_and_write_nothing(w):
    services.add_member(actor=w.secretary, team=w.team, person=w.people[0], joined_on=date(2023, 3, 1))
    with pytest.raises(ValidationError, match="已是本队队员"):
        services.add_member(actor=w.secretary, team=w.team, person=w.people[0], joined_on=date(2023, 3, 2))
    with pytest.raises(ValidationError, match="不在A街1村范围内"):
        services.add_member(actor=w.secretary, team=w.team, person=w.outsider, joined_on=date(2023, 3, 2))
    cases = [({w.people[1].pk: "1"}, "本队现有队员"), ({w.people[0].pk: "25"}, "0–24 小时"),
             ({w.people[0].pk: "两小时"}, "应为数字"), ({}, "至少填写一名")]
    for hours, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.record_activity(actor=w.secretary, team=w.team, kind="mission", title="抗洪",
                                     held_on=timezone.localdate(), hours=hours)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.record_activity(actor=w.secretary, team=w.team, kind="mission", title="抗洪",
                                 held_on=timezone.localdate() + timedelta(days=1),
                                 hours={w.people[0].pk: "1"})
    with pytest.raises(ValidationError, match="已有名为"):
        services.create_team(actor=w.secretary, org_unit=w.units["village_a1"], name="A街1村党员服务队",
                             kind="service", founded_on=date(2023, 1, 1))
    assert not Activity.objects.exists() and not ActivityHours.objects.exists() and Team.objects.count() == 1


def test_another_village_cannot_see_or_change_the_team(w):
    other = access.actor_for(factories.user("village_secretary", w.units["village_b1"]))
    with pytest.raises(Http404):
        selectors.team(actor=other, pk=w.team.pk)
    with pytest.raises(Http404):
        services.add_member(actor=other, team=w.team, person=w.outsider, joined_on=date(2023, 3, 1))


def test_the_team_page_records_an_activity_from_the_form(client, w):
    services.add_member(actor=w.secretary, team=w.team, person=w.people[0], joined_on=date(2023, 3, 1))
    client.force_login(w.secretary.user)
    url = reverse("governance:team_activity_add", args=[w.team.pk])
    client.post(url, {"kind": "volunteer", "title": "敬老院打扫", "held_on": str(timezone.localdate()),
                      f"hours_{w.people[0].pk}": "4"})
    page = client.get(reverse("governance:team", args=[w.team.pk])).content.decode()
    assert "敬老院打扫" in page
    assert re.search(r'data-label="累计服务时长（小时）">4(\.0)?<', page)
