"""党员服务队、突击队: founding (a service team per village, an assault team at the street), members from
the team's unit, missions with each member's hours (checked, audited), scope, pages and indicators."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from zhenxing.core.indicators import registry
from zhenxing.core.models import AuditEvent
from zhenxing.governance import services_teams as svc
from zhenxing.governance.models import Mission, MissionHours
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    team = factories.service_team(district["village_a1"])
    return {**district, "team": team, "leader": factories.team_member(team, role="leader"),
            "member": factories.team_member(team),
            "secretary_user": (u := factories.user("village_secretary", district["village_a1"])),
            "secretary": access.actor_for(u),
            "street": access.actor_for(factories.user("street_admin", district["street_a"]))}


def test_a_service_team_is_founded_at_a_village_and_an_assault_team_above(w):
    team = svc.found_team(actor=w["street"], org_unit=w["street_a"], kind="assault",
                          name="马刚街道党员突击队", founded_on=date(2023, 6, 1))
    assert team.path == w["street_a"].path
    with pytest.raises(ValidationError) as exc:
        svc.found_team(actor=w["street"], org_unit=w["street_a"], kind="service", name="x",
                       founded_on=date(2023, 6, 1))
    assert "以村为单位" in exc.value.message_dict["org_unit"][0]
    with pytest.raises(Http404):
        svc.found_team(actor=w["secretary"], org_unit=w["village_a2"], kind="service", name="x",
                       founded_on=date(2023, 6, 1))


def test_a_member_comes_from_the_teams_unit(w):
    outsider = factories.person(factories.household(w["village_b1"]), name="赵外")
    with pytest.raises(ValidationError) as exc:
        svc.add_member(actor=w["secretary"], team=w["team"], person=outsider, role="member",
                       joined_on=date(2024, 1, 1))
    assert "不是A街1村的人员" in exc.value.message_dict["person"][0]
    with pytest.raises(ValidationError) as exc:
        svc.add_member(actor=w["secretary"], team=w["team"], person=w["member"].person, role="member",
                       joined_on=date(2024, 1, 1))
    assert "已是本队队员" in exc.value.message_dict["person"][0]


def test_a_mission_records_each_members_hours_and_is_audited(w):
    m = svc.record_mission(actor=w["secretary"], team=w["team"], kind="volunteer", title="置顶行动：清理河道",
                           held_on=timezone.localdate(), hours={w["leader"].pk: "3.5", w["member"].pk: ""})
    given = [(h.member, h.hours) for h in MissionHours.objects.filter(mission=m)]
    assert given == [(w["leader"], Decimal("3.5"))]
    assert AuditEvent.objects.filter(action="governance.team.mission", object_id=str(m.pk)).exists()


@pytest.mark.parametrize(("hours", "text"), [
    ({}, "请至少填写一名"), ({"leader": "25"}, "0.1–24"), ({"leader": "两小时"}, "不是数字"),
    ({"leader": "1.25"}, "精确到 0.1"),
])
def test_bad_hours_are_refused_in_chinese_and_write_nothing(w, hours, text):
    with pytest.raises(ValidationError) as exc:
        svc.record_mission(actor=w["secretary"], team=w["team"], kind="hard", title="抢修",
                           held_on=date(2025, 1, 1), hours={w[k].pk: v for k, v in hours.items()})
    assert text in exc.value.message_dict["hours"][0]
    assert not Mission.objects.exists()


def test_a_future_mission_date_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        svc.record_mission(actor=w["secretary"], team=w["team"], kind="hard", title="抢修",
                           held_on=timezone.localdate() + timedelta(days=1), hours={w["leader"].pk: "1"})
    assert "不能晚于今天" in exc.value.message_dict["held_on"][0]


def test_the_team_page_shows_hours_and_records_a_mission_by_form(client, w):
    client.force_login(w["secretary_user"])
    url = reverse("governance:team_mission_add", args=[w["team"].pk])
    client.post(url, {"kind": "environment", "title": "人居环境整治", "held_on": str(timezone.localdate()),
                      f"hours_{w['leader'].pk}": "2", f"hours_{w['member'].pk}": "1.5"})
    page = client.get(reverse("governance:team", args=[w["team"].pk])).content.decode()
    assert "人居环境整治" in page and "3.5" in page


def test_indicators_count_teams_missions_and_hours(w):
    factories.service_team(w["street_a"], kind="assault")
    svc.record_mission(actor=w["secretary"], team=w["team"], kind="volunteer", title="志愿服务",
                       held_on=timezone.localdate(), hours={w["leader"].pk: "2", w["member"].pk: "1.5"})
    path = w["county"].path
    assert registry.get("governance.service_teams").value(path) == 1
    assert registry.get("governance.assault_teams").value(path) == 1
    assert registry.get("governance.team_missions").value(path) == 1
    assert registry.get("governance.volunteer_hours").value(path) == Decimal("3.5")


def test_the_demo_loader_gives_each_village_a_service_team_and_each_street_an_assault_team(district):
    from zhenxing.demo import governance_teams
    from zhenxing.governance.models import ServiceTeam, TeamMember

    for key in ("village_a1", "village_a2", "village_b1", "village_b2"):
        for _ in range(6):
            factories.person(factories.household(district[key]), political_status="cpc")
    counts = governance_teams.load(seed=7, county=district["county"])
    assert (counts["service_teams"], counts["assault_teams"]) == (4, 2)
    assert ServiceTeam.objects.filter(kind="service", org_unit__level="village").count() == 4
    assert TeamMember.objects.filter(role="leader").count() == 6
    members = TeamMember.objects.select_related("person", "team")
    assert all(m.person.path.startswith(m.team.path) for m in members)
    assert counts["team_missions"] >= 6 and Decimal(counts["volunteer_hours"]) > 0
