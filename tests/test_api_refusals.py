"""Odd input the fuzzer (tests/test_api_fuzz.py) found answered with a 500, now refused in Chinese: a NUL
character anywhere (PostgreSQL can neither store nor compare one), a time zone offset or year that
PostgreSQL or the UTC conversion cannot take, a body that is not JSON, a malformed decimal."""

import json

import pytest
from django.test import Client

from zhenxing.orgs.api_auth import issue_token
from zhenxing.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def villager(district):
    village = district["village_a1"]
    head = f.person(f.household(village, collective_member=True), name="王建国")
    head.user = f.user("villager", village)
    head.save(update_fields=["user"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=head.user, name='t')}")


@pytest.fixture
def admin(district):
    token = issue_token(user=f.user("district_admin", district["county"]), name="t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client, url, body, raw=None):
    return client.post(url, raw if raw is not None else json.dumps(body), content_type="application/json")


def test_a_nul_in_the_address_is_refused_before_any_query(admin, district):
    for url in ("/api/v1/households?q=%002z", "/api/v1/org-units/%00"):
        answer = admin.get(url)
        assert answer.status_code == 400 and "空字符" in answer.json()["detail"], url
    page = Client()
    page.force_login(f.user("village_cadre", district["village_a1"]))
    answer = page.get("/people/persons/?q=%00")
    assert answer.status_code == 400 and "空字符" in answer.content.decode()


def test_a_nul_in_a_body_is_refused_at_its_field(villager, district):
    body = {"place": district["village_a1"].code, "description": "路灯\u0000坏了"}
    answer = post(villager, "/api/v1/open311/requests", body)
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"description": ["不能含有空字符（\\0）"]}
    nested = post(villager, "/api/v1/homestead/applications/1/transitions/submit", {"data": {"a\u0000": "x"}})
    assert nested.status_code == 422 and "data.a" in nested.json()["detail"]


def test_a_body_that_is_not_json_is_a_400_in_chinese(villager):
    answer = post(villager, "/api/v1/open311/requests", None, raw=b"\xff\x05")
    assert answer.status_code == 400 and "不是有效的 JSON" in answer.json()["detail"]


@pytest.mark.parametrize(("moment", "says"), [
    ("1859-11-21T13:29:43+16:11", "时区偏移"), ("2024-01-01T00:00:00-20:39", "时区偏移"),
    ("0803-12-23T18:27:11+08:00", "年份"), ("0001-01-01", "年份"), ("9999-12-31T23:59:59-14:00", "年份"),
])
def test_moments_postgresql_or_utc_cannot_take_are_refused(admin, moment, says):
    answer = admin.get("/api/v1/open311/requests", {"end_date": moment})
    assert answer.status_code == 422 and says in answer.json()["detail"]
    assert admin.get("/api/v1/open311/requests", {"end_date": "2024-01-31T08:00:00+14:00"}).status_code == 200


@pytest.mark.parametrize(("area", "says"), [
    ("abc", "应为数字"), ("120.555", "最多 2 位小数"), ("0", "应不小于 1"),
])
def test_a_malformed_area_is_refused_in_chinese(villager, area, says):
    body = {"kind": "new", "reason": "分户", "location": "一组", "floors": 2, "building_area_m2": area,
            "geometry": {"type": "Point", "coordinates": [123.6, 42.1]}}
    answer = post(villager, "/api/v1/homestead/applications", body)
    assert answer.status_code == 422 and says in answer.json()["detail"]
