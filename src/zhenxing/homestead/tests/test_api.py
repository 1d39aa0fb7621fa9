"""The homestead API: parcels and map layers as the pages show them, an application filed and walked
through steps over JSON, and refusals answered in Chinese."""

import json
from datetime import timedelta

import pytest
import shapely
from django.utils import timezone

from zhenxing.homestead.applications.models import Application
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(district):
    village = factories.square_boundary(district["village_a1"], 123.55, 42.05, 0.2)
    home = factories.household(village, collective_member=True)
    factories.person(home, name="王建国")
    return type("W", (), {
        "village": village, "home": home, "parcel": factories.parcel(village, home),
        "other": factories.parcel(district["village_b1"]),
        "secretary": factories.user("village_secretary", village),
    })



def test_parcels_are_listed_in_scope_with_their_geometry(client, w):
    client.force_login(w.secretary)
    listed = client.get("/api/v1/homestead/parcels").json()
    assert [p["code"] for p in listed["items"]] == [w.parcel.code] and listed["count"] == 1
    detail = client.get(f"/api/v1/homestead/parcels/{w.parcel.pk}").json()
    assert detail["geometry"]["type"] == "Polygon" and detail["household_number"] == w.home.number
    assert client.get(f"/api/v1/homestead/parcels/{w.other.pk}").status_code == 404
    bad = client.get("/api/v1/homestead/parcels?use_status=nope")
    assert bad.status_code == 422 and "use_status" in bad.json()["detail"]


def test_the_map_layer_of_a_village_is_geojson(client, w):
    client.force_login(w.secretary)
    layer = client.get(f"/api/v1/homestead/map/{w.village.code}/parcels").json()
    assert layer["type"] == "FeatureCollection"
    assert layer["features"][0]["properties"]["code"] == w.parcel.code


def test_an_application_is_filed_and_stepped_over_json(client, w):
    client.force_login(w.secretary)
    body = {"household": w.home.number, "kind": "new", "reason": "分户", "location": "一组", "floors": 2,
            "building_area_m2": "150", "geometry": json.loads(shapely.to_geojson(factories.site()))}
    created = post(client, "/api/v1/homestead/applications", body)
    assert created.status_code == 201
    app = created.json()
    assert app["state"] == "draft" and {c["label"] for c in app["checks"]} >= {"资格权", "一户一宅"}
    assert [t["name"] for t in app["transitions"]] == ["submit", "withdraw"]
    refused = post(client, f"/api/v1/homestead/applications/{app['id']}/transitions/submit", {})
    assert refused.status_code == 422 and "须上传至少 1 份材料" in refused.json()["detail"]
    url = f"/api/v1/homestead/applications/{app['id']}/transitions/withdraw"
    done = post(client, url, {"comment": "不建了"})
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"
    assert done.json()["history"][0]["comment"] == "不建了"


def test_a_bad_site_or_household_is_refused_in_chinese(client, w):
    client.force_login(w.secretary)
    body = {"household": "nope", "kind": "new", "reason": "分户", "location": "一组", "floors": 2,
            "building_area_m2": "150", "geometry": {"type": "Point", "coordinates": [123.6, 42.1]}}
    answer = post(client, "/api/v1/homestead/applications", body)
    assert answer.status_code == 422 and "户编号“nope”不存在" in answer.json()["detail"]
    answer = post(client, "/api/v1/homestead/applications", {**body, "household": w.home.number})
    assert answer.status_code == 422 and "用地图形" in answer.json()["detail"]
    assert not Application.objects.exists()


def test_the_deadline_filter_lists_the_overdue(client, w):
    late = factories.application(w.home, w.secretary, state="village_review",
                                 due_at=timezone.now() - timedelta(days=1))
    factories.application(w.home, w.secretary, state="village_review")
    client.force_login(w.secretary)
    listed = client.get("/api/v1/homestead/applications?deadline=overdue").json()
    assert [a["code"] for a in listed["items"]] == [late.code]


def test_an_applicant_gets_the_pre_checks_as_guidance_over_the_api(client, w):
    villager = factories.user("villager", w.village)
    head = w.home.members.first()
    head.user = villager
    head.save(update_fields=["user"])
    app = factories.application(w.home, w.secretary)
    client.force_login(villager)
    guidance = client.get(f"/api/v1/homestead/applications/{app.pk}").json()["checks"]
    client.force_login(w.secretary)
    review = client.get(f"/api/v1/homestead/applications/{app.pk}").json()["checks"]
    assert review and [c["label"] for c in guidance] == [c["label"] for c in review]
    assert [c["passed"] for c in guidance] == [c["passed"] for c in review]  # same results, plain words
