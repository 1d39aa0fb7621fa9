"""闲置盘活 over the API alone: a parcel surveyed idle, a project created, the parcel linked, the project
edited, the parcel released and the project closed; the registers' lists and details as the pages have them;
errors by field; scope."""


import pytest

from zhenxing.core.models import AuditEvent
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.revitalise.models import RevitalisationProject
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/homestead"
PROJECT = {"name": "稻梦民宿", "kind": "homestay", "operator_name": "稻梦公司", "operator_kind": "company",
           "investment_yuan": "500000", "social_investment_yuan": "450000", "started_on": "2024-03-01",
           "status": "preparing", "description": "利用闲置农房"}



@pytest.fixture
def secretary(client, district):
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    return client


def test_an_idle_parcel_is_surveyed_revitalised_and_released_over_the_api(secretary, district):
    village = district["village_a1"]
    parcel = factories.parcel(village)
    surveyed = post(secretary, f"{API}/idle/{parcel.pk}/survey",
                    {"surveyed_on": "2024-05-01", "idle_kind": "year_round", "condition": "fair",
                     "intention": "lease", "surveyor": "王调查"})
    assert surveyed.status_code == 200, surveyed.content
    row = surveyed.json()
    assert row["code"] == parcel.code and row["surveyed_on"] == "2024-05-01" and row["intention"] == "出租"
    listed = secretary.get(f"{API}/idle").json()
    assert [p["id"] for p in listed["items"]] == [parcel.pk]
    assert secretary.get(f"{API}/idle?surveyed=no").json()["count"] == 0
    (survey,) = secretary.get(f"{API}/idle/{parcel.pk}/surveys").json()
    assert survey["condition"] == "fair" and survey["condition_label"] == "一般"

    made = post(secretary, f"{API}/projects", {**PROJECT, "village": village.code})
    assert made.status_code == 201, made.content
    project = made.json()
    assert project["code"] == "PH-2024-0001" and project["parcel_count"] == 0 and project["kind"] == "民宿"
    linked = post(secretary, f"{API}/projects/{project['id']}/link", {"parcel": parcel.code.lower()})
    assert linked.status_code == 200, linked.content
    assert linked.json()["parcel_count"] == 1
    assert Parcel.objects.get(pk=parcel.pk).use_status == "revitalised"
    assert secretary.get(f"{API}/idle").json()["count"] == 0  # no longer idle, but still readable
    assert secretary.get(f"{API}/idle/{parcel.pk}").json()["code"] == parcel.code
    again = post(secretary, f"{API}/projects/{project['id']}/link", {"parcel": parcel.code})
    assert again.status_code == 422 and "已属于项目" in again.json()["errors"]["parcel"][0]

    edited = post(secretary, f"{API}/projects/{project['id']}/edit",
                  {**PROJECT, "status": "operating", "investment_yuan": "600000"})
    assert edited.status_code == 200, edited.content
    assert edited.json()["status"] == "运营" and edited.json()["investment_yuan"] == "600000.00"
    (used,) = secretary.get(f"{API}/projects/{project['id']}/parcels").json()
    assert used["code"] == parcel.code and used["released_on"] is None and used["url"]

    released = post(secretary, f"{API}/projects/{project['id']}/unlink", {"parcel": used["parcel_id"]})
    assert released.status_code == 200, released.content
    assert released.json()["parcel_count"] == 0
    assert Parcel.objects.get(pk=parcel.pk).use_status == "idle"
    assert secretary.get(f"{API}/projects/{project['id']}/parcels").json()[0]["released_on"]
    gone = post(secretary, f"{API}/projects/{project['id']}/unlink", {"parcel": used["parcel_id"]})
    assert gone.status_code == 422 and gone.json()["errors"]["parcel"] == [f"宗地 {parcel.code} 不在本项目中"]
    closed = post(secretary, f"{API}/projects/{project['id']}/edit", {**PROJECT, "status": "closed"})
    assert closed.json()["status"] == "停业"
    refused = post(secretary, f"{API}/projects/{project['id']}/link", {"parcel": parcel.code})
    assert refused.json()["errors"] == {"parcel": ["项目已停业，不能纳入宗地"]}
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="homestead.").order_by("pk")] == [
        "homestead.idle.survey", "homestead.project.add", "homestead.project.link",
        "homestead.project.edit", "homestead.project.unlink", "homestead.project.edit"]


def test_every_wrong_field_is_named_at_once(secretary, district):
    answer = post(secretary, f"{API}/projects", {"village": district["village_b1"].code, "kind": "castle",
                                                 "investment_yuan": "x", "started_on": "2024-02-30"})
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert set(errors) == {"village", "name", "kind", "operator_name", "operator_kind", "investment_yuan",
                           "social_investment_yuan", "started_on", "status"}
    assert errors["investment_yuan"] == ["总投资（元）应为数字"]
    # the service's own checks come by field too, once the form is satisfied
    over = post(secretary, f"{API}/projects", {**PROJECT, "village": district["village_a1"].code,
                                               "social_investment_yuan": "900000"})
    assert over.status_code == 422
    assert over.json()["errors"] == {"social_investment_yuan": ["社会投资不能大于总投资"]}
    parcel = factories.parcel(district["village_a1"])
    bad = post(secretary, f"{API}/idle/{parcel.pk}/survey", {"surveyed_on": "2999-01-01"})
    assert set(bad.json()["errors"]) == {"idle_kind", "condition", "intention", "surveyor"}
    assert not RevitalisationProject.objects.exists()


def test_records_outside_the_scope_are_not_found(client, district):
    other = factories.project(district["village_b1"])
    parcel = factories.parcel(district["village_b1"], use_status="idle")
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    assert client.get(f"{API}/projects/{other.pk}").status_code == 404
    assert client.get(f"{API}/projects/{other.pk}/parcels").status_code == 404
    assert post(client, f"{API}/projects/{other.pk}/edit", PROJECT).status_code == 404
    assert client.get(f"{API}/idle/{parcel.pk}/surveys").status_code == 404
    assert post(client, f"{API}/idle/{parcel.pk}/survey", {}).status_code == 404
    assert client.get(f"{API}/idle").json()["count"] == 0
    mine = factories.project(district["village_a1"])
    foreign = post(client, f"{API}/projects/{mine.pk}/link", {"parcel": parcel.code})
    assert foreign.status_code == 422 and "不在您的管辖范围内" in foreign.json()["errors"]["parcel"][0]


def test_a_villager_reads_nothing_and_writes_nothing(client, district):
    parcel = factories.parcel(district["village_a1"], use_status="idle")
    client.force_login(factories.user("villager", district["village_a1"]))
    assert client.get(f"{API}/idle").status_code == 404
    assert post(client, f"{API}/idle/{parcel.pk}/survey", {}).status_code == 404
    assert post(client, f"{API}/projects", PROJECT).status_code == 404
