"""The org-unit API: scope as on the pages, 404 outside it, 401 without credentials, one pagination scheme."""

import pytest
from django.test import Client

from zhenxing.orgs.api_auth import issue_token
from zhenxing.testing import factories as f

pytestmark = pytest.mark.django_db

BASE = "/api/v1/org-units/"


def session_client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def token_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user, name='test')}")


def codes_of(response) -> list[str]:
    body = response.json()
    return [u["code"] for u in (body["items"] if isinstance(body, dict) else body)]


def test_district_admin_lists_the_district_and_not_above_it(district):
    r = session_client(f.user("district_admin", district["county"])).get(BASE, {"page_size": 200})
    assert r.status_code == 200
    body = r.json()
    # county + 2 streets + 4 villages + 4 groups + 4 grids
    assert body["count"] == 15 and len(body["items"]) == 15
    assert (body["page"], body["page_size"]) == (1, 200)
    listed = codes_of(r)
    assert "210113000000" in listed
    assert "210100000000" not in listed and "210000000000" not in listed
    street = next(u for u in body["items"] if u["code"] == "210113001000")
    assert street == {"code": "210113001000", "name": "马刚街道", "level": "town", "level_label": "街道/乡镇",
                      "kind": "街道", "parent_code": "210113000000", "development_village": False}


def test_filters_by_parent_and_level(district):
    c = session_client(f.user("district_admin", district["county"]))
    assert codes_of(c.get(BASE, {"parent": "210113001000"})) == ["210113001201", "210113001202"]
    villages = c.get(BASE, {"level": "village"})
    assert codes_of(villages) == ["210113001201", "210113001202", "210113002201", "210113002202"]
    assert codes_of(c.get(BASE, {"level": "grid", "parent": "210113002201"})) == ["210113002201G001"]


def test_unknown_level_and_oversized_page_answer_422_in_chinese(district):
    c = session_client(f.user("district_admin", district["county"]))
    r = c.get(BASE, {"level": "planet", "page_size": 500})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert "查询参数 level" in detail and "查询参数 page_size：应不大于 200" in detail
    assert "应不小于 1" in c.get(BASE, {"page": 0}).json()["detail"]
    assert c.get(BASE, {"page": 10**20}).status_code == 422


def test_pages_are_explicit_and_a_page_past_the_end_is_empty(district):
    c = session_client(f.user("district_admin", district["county"]))
    every = codes_of(c.get(BASE, {"page_size": 200}))
    second = c.get(BASE, {"page": 2, "page_size": 4}).json()
    assert second["count"] == 15 and second["page"] == 2 and second["page_size"] == 4
    assert [u["code"] for u in second["items"]] == every[4:8]
    beyond = c.get(BASE, {"page": 9, "page_size": 4}).json()
    assert beyond["items"] == [] and beyond["count"] == 15


def test_detail_has_ancestors_in_scope_and_children_count(district):
    admin = session_client(f.user("district_admin", district["county"]))
    r = admin.get(BASE + "210113001201")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "A街1村" and body["kind"] == "村" and body["development_village"] is True
    assert [a["code"] for a in body["ancestors"]] == ["210113000000", "210113001000"]
    assert body["children_count"] == 2
    # A street admin does not see the county, so the breadcrumb starts at the street.
    street = session_client(f.user("street_admin", district["street_a"]))
    assert [a["code"] for a in street.get(BASE + "210113001201").json()["ancestors"]] == ["210113001000"]


def test_children_lists_direct_children_only(district):
    c = session_client(f.user("district_admin", district["county"]))
    r = c.get(BASE + "210113000000/children")
    assert r.status_code == 200
    assert codes_of(r) == ["210113001000", "210113002000"]
    assert codes_of(c.get(BASE + "210113002201/children")) == ["210113002201G001", "210113002201Z001"]


def test_street_admin_of_another_street_gets_404(district):
    c = session_client(f.user("street_admin", district["street_a"]))
    listed = codes_of(c.get(BASE, {"page_size": 200}))
    assert listed[0] == "210113001000" and all(code.startswith("210113001") for code in listed)
    for path in ("210113002000", "210113002201", "210113002201G001", "210113000000", "210113002000/children",
                 "210113000000/children"):
        r = c.get(BASE + path)
        assert r.status_code == 404, path
        assert r.json() == {"detail": "未找到：对象不存在，或不在您的权限范围内"}


def test_village_secretary_sees_only_their_village(district):
    c = session_client(f.user("village_secretary", district["village_a1"]))
    assert codes_of(c.get(BASE)) == ["210113001201", "210113001201G001", "210113001201Z001"]
    assert c.get(BASE + "210113001201").status_code == 200
    assert codes_of(c.get(BASE + "210113001201/children")) == ["210113001201G001", "210113001201Z001"]
    assert c.get(BASE + "210113001202").status_code == 404
    assert c.get(BASE + "210113001000").status_code == 404


def test_missing_and_outside_scope_look_the_same(district):
    c = session_client(f.user("village_secretary", district["village_a1"]))
    missing, outside = c.get(BASE + "210113009201"), c.get(BASE + "210113002201")
    assert missing.status_code == outside.status_code == 404
    assert missing.json() == outside.json()


def test_user_without_grants_sees_nothing(district):
    c = session_client(_plain_user())
    assert c.get(BASE).status_code == 404
    assert c.get(BASE + "210113000000").status_code == 404


def _plain_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("nobody", password=f.PASSWORD)


def test_anonymous_gets_401_json(district):
    r = Client().get(BASE)
    assert r.status_code == 401
    assert r["Content-Type"].startswith("application/json")
    assert r["WWW-Authenticate"] == "Bearer"
    assert r.json()["detail"].startswith("未认证")
    assert Client().get(BASE + "210113000000").status_code == 401


def test_bearer_token_authenticates_with_the_users_scope(district):
    c = token_client(f.user("street_admin", district["street_b"]))
    r = c.get(BASE, {"level": "village"})
    assert r.status_code == 200
    assert codes_of(r) == ["210113002201", "210113002202"]
    assert c.get(BASE + "210113001201").status_code == 404


def test_bad_token_and_inactive_users_token_get_401(district):
    r = Client(HTTP_AUTHORIZATION="Bearer zx_not-a-real-token").get(BASE)
    assert r.status_code == 401 and r.json()["detail"].startswith("未认证")
    user = f.user("district_admin", district["county"])
    c = token_client(user)
    assert c.get(BASE).status_code == 200
    user.is_active = False
    user.save()
    assert c.get(BASE).status_code == 401


def test_token_use_is_recorded(district):
    from zhenxing.orgs.models import ApiToken

    c = token_client(f.user("district_admin", district["county"]))
    assert ApiToken.objects.get().last_used_at is None
    c.get(BASE)
    assert ApiToken.objects.get().last_used_at is not None


def test_list_query_count_does_not_grow_with_rows(district, django_assert_max_num_queries):
    for i in range(1, 40):
        f.unit(f"210113001201G{i + 1:03d}", f"第{i + 1}网格")
    c = session_client(f.user("district_admin", district["county"]))
    c.get(BASE)  # warm the session
    with django_assert_max_num_queries(8):
        r = c.get(BASE, {"page_size": 200})
    assert r.json()["count"] == 54
    with django_assert_max_num_queries(8):
        assert len(c.get(BASE + "210113001201/children").json()) == 41


def test_openapi_schema_renders_with_every_path():
    r = Client().get("/api/v1/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/org-units/", "/api/v1/org-units/{code}", "/api/v1/org-units/{code}/children",
        "/api/v1/persons", "/api/v1/persons/{person_id}", "/api/v1/persons/{person_id}/reveal",
        "/api/v1/households", "/api/v1/households/{household_id}", "/api/v1/party-members", "/api/v1/cadres",
    } <= paths
    assert schema["paths"]["/api/v1/org-units/"]["get"]["summary"] == "组织单元列表"
    assert {"BearerToken", "Session"} <= set(schema["components"]["securitySchemes"])

