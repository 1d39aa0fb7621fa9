"""入户走访 over the API alone, as a grid worker's phone app: the grid's households, a visit recorded with a
photo (once per Idempotency-Key), the visits register and its detail; errors by field; other grids 404."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from zhenxing.core import attachments
from zhenxing.governance.visits import services
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
API = "/api/v1/governance"



@pytest.fixture
def w(district, client):
    mine = factories.household(district["village_a1"], district["grid_a1"])
    factories.person(mine, name="张走访")
    other = factories.household(district["village_a2"], district["grid_a2"])
    client.force_login(factories.user("grid_worker", district["grid_a1"]))
    return type("W", (), {"mine": mine, "other": other, "units": district})


def test_a_grid_worker_records_a_visit_with_a_photo_over_the_api(client, w):
    grid = client.get(f"{API}/grid?unvisited=yes").json()
    assert [h["number"] for h in grid["items"]] == [w.mine.number]
    assert grid["items"][0]["last_visit"] == "未走访"
    today = timezone.localdate().isoformat()
    made = client.post(f"{API}/visits", {"household": w.mine.pk, "visited_on": today, "purpose": "hardship",
                                         "notes": "老人独居，需跟进", "follow_up_needed": "1",
                                         "photos": [io.BytesIO(PNG)]})
    assert made.status_code == 201, made.content
    visit = made.json()
    assert visit["household"] == w.mine.number and visit["purpose"] == "困难帮扶"
    assert visit["follow_up_needed"] is True and visit["visited_on"] == today
    assert len(attachments.of(services.PHOTOS, visit["id"])) == 1
    assert client.get(f"{API}/grid/{w.mine.pk}").json()["last_visit"] == today
    assert client.get(f"{API}/grid?unvisited=yes").json()["count"] == 0
    listed = client.get(f"{API}/visits?follow_up=yes").json()
    assert [v["id"] for v in listed["items"]] == [visit["id"]]
    assert client.get(f"{API}/visits/{visit['id']}").json()["head"] == "张走访"


def test_the_same_key_twice_records_one_visit(client, w):
    body = {"household": w.mine.pk, "visited_on": timezone.localdate().isoformat(), "purpose": "routine",
            "notes": "一切正常"}
    first = post(client, f"{API}/visits", body, **{"Idempotency-Key": "visit-0001"})
    again = post(client, f"{API}/visits", body, **{"Idempotency-Key": "visit-0001"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Visit.objects.count() == 1


def test_every_wrong_field_is_named_at_once(client, w):
    answer = post(client, f"{API}/visits", {"household": "x", "visited_on": "2024-13-40", "purpose": "chat"})
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert set(errors) == {"household", "visited_on", "purpose", "notes"}
    assert errors["visited_on"] == ["日期格式应为 YYYY-MM-DD"] and errors["notes"] == ["请填写走访情况"]
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    late = post(client, f"{API}/visits", {"household": w.mine.pk, "visited_on": tomorrow,
                                          "purpose": "routine", "notes": "门前积水"})
    assert late.status_code == 422 and late.json()["errors"] == {"visited_on": ["走访日期不能晚于今天"]}
    assert not Visit.objects.exists()


def test_another_grids_household_and_visit_are_not_found(client, w, district):
    refused = post(client, f"{API}/visits", {"household": w.other.pk, "visited_on": "2024-05-06",
                                             "purpose": "routine", "notes": "x"})
    assert refused.status_code == 422 and "不在您的网格内" in refused.json()["errors"]["household"][0]
    assert client.get(f"{API}/grid/{w.other.pk}").status_code == 404
    cadre = factories.user("village_secretary", district["village_a2"])
    theirs = services.log_visit(actor=actor_for(cadre),
                                household=w.other, visited_on=timezone.localdate(), purpose="routine",
                                notes="别的网格")
    assert client.get(f"{API}/visits/{theirs.pk}").status_code == 404
    assert client.get(f"{API}/visits").json()["count"] == 0
