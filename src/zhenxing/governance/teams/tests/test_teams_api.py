"""党员队伍 over the API alone: a team founded, members added, an activity recorded with each member's
volunteer hours; the register, the members with their hours and the activities as the team page shows
them; every wrong field at once; other villages 404."""

from decimal import Decimal

import pytest
from django.utils import timezone

from zhenxing.governance.teams.models import Activity, Team
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/governance"



@pytest.fixture
def w(district, client):
    home = factories.household(district["village_a1"], district["grid_a1"])
    people = [factories.person(home, name=n) for n in ("王服务", "李志愿")]
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    return type("W", (), {"units": district, "people": people})


def test_a_team_is_founded_manned_and_its_hours_recorded_over_the_api(client, w):
    made = post(client, f"{API}/teams", {"unit": w.units["village_a1"].code, "name": "A1村党员服务队",
                                         "kind": "service", "founded_on": "2023-03-01",
                                         "description": "助老"})
    assert made.status_code == 201, made.content
    team = made.json()
    assert team["unit"] == w.units["village_a1"].name and team["kind"] == "党员服务队"
    assert team["members"] == 0
    today = timezone.localdate().isoformat()
    for person, role in zip(w.people, ("leader", "member"), strict=True):
        added = post(client, f"{API}/teams/{team['id']}/members",
                     {"person": person.pk, "role": role, "joined_on": "2023-03-02"})
        assert added.status_code == 200, added.content
    assert added.json()["members"] == 2
    recorded = post(client, f"{API}/teams/{team['id']}/activities", {
        "kind": "volunteer", "title": "敬老院打扫", "held_on": today, "place": "敬老院",
        "hours": {str(w.people[0].pk): 2.5, str(w.people[1].pk): "3"}})
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["activities"] == 1
    members = client.get(f"{API}/teams/{team['id']}/members").json()
    assert {m["name"]: Decimal(str(m["total_hours"])) for m in members} == {"王服务": Decimal("2.5"),
                                                                             "李志愿": Decimal("3")}
    (activity,) = client.get(f"{API}/teams/{team['id']}/activities").json()
    assert activity["people"] == 2 and Decimal(str(activity["total_hours"])) == Decimal("5.5")
    listed = client.get(f"{API}/teams?kind=service&q=A1").json()
    assert [t["id"] for t in listed["items"]] == [team["id"]]
    assert client.get(f"{API}/teams?kind=assault").json()["count"] == 0


def test_every_wrong_field_is_named_at_once(client, w):
    answer = post(client, f"{API}/teams", {"unit": "nowhere", "founded_on": "2023-13-01"})
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"unit", "founded_on"}
    answer = post(client, f"{API}/teams", {"unit": w.units["village_a1"].code, "name": "", "kind": "x"})
    assert answer.json()["errors"] == {"name": ["请填写队伍名称"], "kind": ["请选择队伍类型"]}
    team = Team.objects.create(name="突击队", kind="assault", org_unit=w.units["village_a1"],
                               path=w.units["village_a1"].path, founded_on="2023-01-01")
    refused = post(client, f"{API}/teams/{team.pk}/activities", {"kind": "x", "title": "", "held_on": "明天",
                                                                  "hours": {"someone": 1}})
    assert refused.status_code == 422 and set(refused.json()["errors"]) == {"held_on", "hours"}
    refused = post(client, f"{API}/teams/{team.pk}/activities", {"kind": "x", "title": ""})
    assert set(refused.json()["errors"]) == {"kind", "title"}
    assert not Activity.objects.exists()


def test_another_villages_team_is_not_found(client, w):
    b1 = w.units["village_b1"]
    theirs = Team.objects.create(name="B1村服务队", kind="service", org_unit=b1, path=b1.path,
                                 founded_on="2023-01-01")
    assert client.get(f"{API}/teams/{theirs.pk}").status_code == 404
    assert client.get(f"{API}/teams/{theirs.pk}/members").status_code == 404
    assert post(client, f"{API}/teams/{theirs.pk}/members", {"person": w.people[0].pk}).status_code == 404
    assert post(client, f"{API}/teams", {"unit": b1.code, "name": "越权", "kind": "service",
                                         "founded_on": "2023-01-01"}).status_code == 422
    assert client.get(f"{API}/teams").json()["count"] == 0
