"""The people API: the pages' scope, masked personal fields, audited reveal, CSRF under session auth."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from zhenxing.core import personal
from zhenxing.core.models import AuditEvent
from zhenxing.orgs.api_auth import issue_token
from zhenxing.testing import factories as f

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "未找到：对象不存在，或不在您的权限范围内"}
CSRF_SECRET = "a" * 32  # Django accepts the unmasked 32-character secret as the header token


def session_client(user, **kwargs) -> Client:
    c = Client(**kwargs)
    c.force_login(user)
    return c


def token_client(user, **kwargs) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user, name='test')}", **kwargs)


def years_ago(n: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - n, day=min(today.day, 28))


@pytest.fixture
def world(district):
    """A household in each of three villages (two streets), with party members and cadres."""
    d = district
    h_a1 = f.household(d["village_a1"], d["grid_a1"])
    zhang = f.person(h_a1, name="张建国", birth=date(1962, 3, 4), political_status="cpc", phone="13912345678")
    wife = f.person(h_a1, name="李秀英", relation="spouse", gender="F", birth=date(1965, 8, 9))
    child = f.person(h_a1, name="张小明", relation="child", birth=years_ago(10))
    elder = f.person(h_a1, name="张老太", relation="parent", gender="F", birth=years_ago(85))
    h_a2 = f.household(d["village_a2"])
    wang = f.person(h_a2, name="王大力", birth=date(1980, 1, 2), political_status="cyl")
    h_b1 = f.household(d["village_b1"], d["grid_b1"])
    zhao = f.person(h_b1, name="赵红", gender="F", birth=date(1990, 6, 6), political_status="cpc")
    branch_a1, branch_b1 = f.branch(d["village_a1"]), f.branch(d["village_b1"])
    pm_zhang = f.party_member(zhang, branch_a1, "cadre")
    pm_zhao = f.party_member(zhao, branch_b1, "mobile")
    post_zhang = f.cadre(zhang, "village_secretary", d["village_a1"], title="党支部书记")
    post_zhao = f.cadre(zhao, "first_secretary", d["village_b1"], sending_unit="区农业农村局")
    return {**d, "h_a1": h_a1, "h_a2": h_a2, "h_b1": h_b1, "zhang": zhang, "wife": wife, "child": child,
            "elder": elder, "wang": wang, "zhao": zhao, "pm_zhang": pm_zhang, "pm_zhao": pm_zhao,
            "post_zhang": post_zhang, "post_zhao": post_zhao}


def names(response) -> list[str]:
    return [row["name"] for row in response.json()["items"]]


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["items"]]


# --- persons -------------------------------------------------------------------------------------------


def test_village_secretary_lists_only_their_village(world):
    c = session_client(f.user("village_secretary", world["village_a1"]))
    r = c.get("/api/v1/persons")
    assert r.status_code == 200
    assert sorted(names(r)) == sorted(["张建国", "李秀英", "张小明", "张老太"])
    assert r.json()["count"] == 4


def test_person_row_carries_labels_and_only_masked_personal_fields(world):
    zhang = world["zhang"]
    c = session_client(f.user("district_admin", world["county"]))
    row = next(p for p in c.get("/api/v1/persons").json()["items"] if p["id"] == zhang.pk)
    assert row["gender_label"] == "男" and row["political_label"] == "中共党员"
    assert row["relation"] == "head" and row["relation_label"] == "户主"
    assert row["household_number"] == world["h_a1"].number and row["household_id"] == world["h_a1"].pk
    assert (row["village_code"], row["village_name"]) == ("210113001201", "A街1村")
    assert row["phone_masked"] == "139****5678"
    full_id = personal.decrypt(zhang.id_number_enc)
    assert row["id_number_masked"] == full_id[:4] + "*" * 10 + full_id[-4:]
    assert not {"id_number", "phone", "id_number_enc", "phone_enc", "id_number_hash"} & set(row)


def test_full_id_numbers_and_phones_never_appear_in_lists_or_details(world):
    c = session_client(f.user("district_admin", world["county"]))
    people = [world[k] for k in ("zhang", "wife", "child", "elder", "wang", "zhao")]
    secrets = [personal.decrypt(p.id_number_enc) for p in people] + ["13912345678", "13800000000"]
    urls = ["/api/v1/persons?page_size=200", "/api/v1/households", "/api/v1/party-members", "/api/v1/cadres"]
    urls += [f"/api/v1/persons/{p.pk}" for p in people]
    urls += [f"/api/v1/households/{world[h].pk}" for h in ("h_a1", "h_a2", "h_b1")]
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200, url
        text = r.content.decode()
        leaked = [s for s in secrets if s in text]
        assert not leaked, (url, leaked)


def test_person_filters(world):
    c = session_client(f.user("district_admin", world["county"]))
    assert names(c.get("/api/v1/persons", {"q": "张"})) == ["张建国", "张小明", "张老太"]
    full_id = personal.decrypt(world["wife"].id_number_enc)
    assert names(c.get("/api/v1/persons", {"q": full_id})) == ["李秀英"]
    assert names(c.get("/api/v1/persons", {"village": "210113001202"})) == ["王大力"]
    assert names(c.get("/api/v1/persons", {"village": "210113002000"})) == ["赵红"]  # a street: all under it
    assert sorted(names(c.get("/api/v1/persons", {"political_status": "cpc"}))) == ["张建国", "赵红"]
    assert sorted(names(c.get("/api/v1/persons", {"gender": "F"}))) == ["张老太", "李秀英", "赵红"]
    assert names(c.get("/api/v1/persons", {"age_band": "0-17"})) == ["张小明"]
    assert names(c.get("/api/v1/persons", {"age_band": "80+"})) == ["张老太"]
    assert names(c.get("/api/v1/persons", {"gender": "F", "village": "210113001000"})) == ["李秀英", "张老太"]


def test_person_filter_cannot_reach_outside_scope(world):
    c = session_client(f.user("village_secretary", world["village_a1"]))
    assert c.get("/api/v1/persons", {"village": "210113002201"}).json()["count"] == 0
    full_id = personal.decrypt(world["zhao"].id_number_enc)
    assert c.get("/api/v1/persons", {"q": full_id}).json()["count"] == 0


def test_bad_filter_values_answer_422_in_chinese(world):
    c = session_client(f.user("district_admin", world["county"]))
    r = c.get("/api/v1/persons", {"political_status": "king", "age_band": "200-300"})
    assert r.status_code == 422
    assert "查询参数 political_status：取值应为" in r.json()["detail"]
    assert "查询参数 age_band" in r.json()["detail"]
    assert "查询参数 page：应为整数" in c.get("/api/v1/persons", {"page": "two"}).json()["detail"]


def test_person_detail_in_scope(world):
    zhang = world["zhang"]
    c = session_client(f.user("village_secretary", world["village_a1"]))
    r = c.get(f"/api/v1/persons/{zhang.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "张建国" and body["birth_date"] == "1962-03-04"
    assert body["org_unit_code"] == "210113001201G001"
    assert body["party_member"] == {
        "classification": "cadre", "classification_label": "村干部党员", "branch": "A街1村党支部",
        "joined_on": "2000-07-01", "probationary": False,
    }
    assert [(p["post_label"], p["title"]) for p in body["posts"]] == [("村党组织书记", "党支部书记")]
    assert body["can_reveal"] is True
    assert body["phone_masked"] == "139****5678"
    no_member = c.get(f"/api/v1/persons/{world['wife'].pk}").json()
    assert no_member["party_member"] is None and no_member["posts"] == []


def test_village_cadre_may_see_but_not_reveal(world):
    c = session_client(f.user("village_cadre", world["village_a1"]))
    assert c.get(f"/api/v1/persons/{world['zhang'].pk}").json()["can_reveal"] is False


@pytest.mark.parametrize("role, place", [("village_secretary", "village_a2"), ("street_admin", "street_b")])
def test_person_outside_scope_is_404(world, role, place):
    c = session_client(f.user(role, world[place]))
    r = c.get(f"/api/v1/persons/{world['zhang'].pk}")
    assert r.status_code == 404 and r.json() == NOT_FOUND
    assert world["zhang"].pk not in ids(c.get("/api/v1/persons", {"page_size": 200}))


def test_street_admin_sees_every_village_of_their_street(world):
    c = session_client(f.user("street_admin", world["street_a"]))
    expected = ["张建国", "李秀英", "张小明", "张老太", "王大力"]
    assert sorted(names(c.get("/api/v1/persons"))) == sorted(expected)
    assert c.get(f"/api/v1/persons/{world['wang'].pk}").status_code == 200
    assert c.get(f"/api/v1/persons/{world['zhao'].pk}").status_code == 404


def test_missing_person_looks_like_one_outside_scope(world):
    c = session_client(f.user("village_secretary", world["village_a1"]))
    outside = c.get(f"/api/v1/persons/{world['zhao'].pk}")
    assert c.get("/api/v1/persons/999999").json() == outside.json() == NOT_FOUND


# --- reveal --------------------------------------------------------------------------------------------


def reveal_events(person):
    return AuditEvent.objects.filter(action="person.reveal", object_id=str(person.pk))


def test_reveal_returns_unmasked_values_and_is_audited(world):
    zhang = world["zhang"]
    user = f.user("village_secretary", world["village_a1"])
    r = token_client(user).post(f"/api/v1/persons/{zhang.pk}/reveal")
    assert r.status_code == 200
    assert r.json() == {"id_number": personal.decrypt(zhang.id_number_enc), "phone": "13912345678"}
    event = reveal_events(zhang).get()
    assert event.actor_id == user.pk and event.object_type == "people.person"
    assert event.scope_path == zhang.path


def test_reveal_denied_for_village_cadre_without_view_personal(world):
    zhang = world["zhang"]
    r = token_client(f.user("village_cadre", world["village_a1"])).post(f"/api/v1/persons/{zhang.pk}/reveal")
    assert r.status_code == 404 and r.json() == NOT_FOUND
    assert not reveal_events(zhang).exists()


@pytest.mark.parametrize("role, place", [("village_secretary", "village_b1"), ("street_admin", "street_b")])
def test_reveal_outside_scope_is_404_and_not_audited(world, role, place):
    zhang = world["zhang"]
    r = token_client(f.user(role, world[place])).post(f"/api/v1/persons/{zhang.pk}/reveal")
    assert r.status_code == 404
    assert not reveal_events(zhang).exists()


def test_reveal_is_post_only(world):
    c = session_client(f.user("district_admin", world["county"]))
    assert c.get(f"/api/v1/persons/{world['zhang'].pk}/reveal").status_code == 405
    assert not reveal_events(world["zhang"]).exists()


def test_session_reveal_requires_csrf_token(world):
    zhang = world["zhang"]
    c = session_client(f.user("district_admin", world["county"]), enforce_csrf_checks=True)
    r = c.post(f"/api/v1/persons/{zhang.pk}/reveal")
    assert r.status_code == 403
    assert r.json()["detail"].startswith("CSRF 校验失败")
    assert not reveal_events(zhang).exists()
    c.cookies["csrftoken"] = CSRF_SECRET
    r = c.post(f"/api/v1/persons/{zhang.pk}/reveal", HTTP_X_CSRFTOKEN=CSRF_SECRET)
    assert r.status_code == 200 and r.json()["phone"] == "13912345678"
    assert reveal_events(zhang).count() == 1


def test_token_reveal_needs_no_csrf_token(world):
    c = token_client(f.user("district_admin", world["county"]), enforce_csrf_checks=True)
    assert c.post(f"/api/v1/persons/{world['zhang'].pk}/reveal").status_code == 200


def test_anonymous_reveal_is_401_not_a_csrf_error(world):
    r = Client(enforce_csrf_checks=True).post(f"/api/v1/persons/{world['zhang'].pk}/reveal")
    assert r.status_code == 401
    assert not reveal_events(world["zhang"]).exists()


# --- households ----------------------------------------------------------------------------------------


def test_households_list_in_scope_with_size_and_head(world):
    c = session_client(f.user("street_admin", world["street_a"]))
    r = c.get("/api/v1/households")
    assert r.status_code == 200
    rows = {h["number"]: h for h in r.json()["items"]}
    assert set(rows) == {world["h_a1"].number, world["h_a2"].number}
    a1 = rows[world["h_a1"].number]
    assert (a1["size"], a1["head_name"], a1["village_name"], a1["grid_code"]) == (4, "张建国", "A街1村",
                                                                                  "210113001201G001")
    assert rows[world["h_a2"].number]["grid_code"] is None


def test_household_filters(world):
    c = session_client(f.user("district_admin", world["county"]))
    by_head = c.get("/api/v1/households", {"q": "赵"}).json()["items"]
    assert [h["number"] for h in by_head] == [world["h_b1"].number]
    by_number = c.get("/api/v1/households", {"q": world["h_a2"].number}).json()["items"]
    assert [h["id"] for h in by_number] == [world["h_a2"].pk]
    assert ids(c.get("/api/v1/households", {"village": "210113001201"})) == [world["h_a1"].pk]


def test_household_detail_lists_members_with_relation_labels(world):
    c = session_client(f.user("village_secretary", world["village_a1"]))
    r = c.get(f"/api/v1/households/{world['h_a1'].pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["size"] == 4 and body["head_id"] == world["zhang"].pk
    assert [(m["name"], m["relation_label"]) for m in body["members"]] == [
        ("张建国", "户主"), ("李秀英", "配偶"), ("张小明", "子女"), ("张老太", "父母"),
    ]
    assert all("*" in m["id_number_masked"] for m in body["members"])


@pytest.mark.parametrize("role, place", [("village_secretary", "village_a2"), ("street_admin", "street_b")])
def test_household_outside_scope_is_404(world, role, place):
    c = session_client(f.user(role, world[place]))
    assert c.get(f"/api/v1/households/{world['h_a1'].pk}").json() == NOT_FOUND
    assert world["h_a1"].pk not in ids(c.get("/api/v1/households"))


# --- party members and cadres --------------------------------------------------------------------------


def test_party_members_in_scope_and_filtered(world):
    admin = session_client(f.user("district_admin", world["county"]))
    rows = admin.get("/api/v1/party-members").json()["items"]
    assert {(m["name"], m["classification_label"], m["branch"]) for m in rows} == {
        ("张建国", "村干部党员", "A街1村党支部"), ("赵红", "流动党员", "B街1村党支部"),
    }
    assert names(admin.get("/api/v1/party-members", {"classification": "mobile"})) == ["赵红"]
    assert names(admin.get("/api/v1/party-members", {"village": "210113001201"})) == ["张建国"]
    street_b = session_client(f.user("street_admin", world["street_b"]))
    assert names(street_b.get("/api/v1/party-members")) == ["赵红"]


def test_cadres_in_scope_and_filtered(world):
    admin = session_client(f.user("district_admin", world["county"]))
    rows = admin.get("/api/v1/cadres").json()["items"]
    assert {(c["name"], c["post_label"], c["org_unit_name"]) for c in rows} == {
        ("张建国", "村党组织书记", "A街1村"), ("赵红", "驻村第一书记", "B街1村"),
    }
    first = admin.get("/api/v1/cadres", {"post": "first_secretary"}).json()["items"]
    assert [(c["name"], c["sending_unit"]) for c in first] == [("赵红", "区农业农村局")]
    assert admin.get("/api/v1/cadres", {"post": "emperor"}).status_code == 422
    village_a2 = session_client(f.user("village_secretary", world["village_a2"]))
    assert village_a2.get("/api/v1/cadres").json()["count"] == 0


# --- who may call at all -------------------------------------------------------------------------------

LISTS = ["/api/v1/persons", "/api/v1/households", "/api/v1/party-members", "/api/v1/cadres"]


def test_anonymous_and_bad_token_get_401_everywhere(world):
    urls = LISTS + [f"/api/v1/persons/{world['zhang'].pk}", f"/api/v1/households/{world['h_a1'].pk}"]
    bad = Client(HTTP_AUTHORIZATION="Bearer zx_forged")
    for url in urls:
        for c in (Client(), bad):
            r = c.get(url)
            assert r.status_code == 401, url
            assert r.json()["detail"].startswith("未认证")


def test_user_without_grants_gets_404_everywhere(world):
    c = session_client(get_user_model().objects.create_user("nobody", password=f.PASSWORD))
    for url in LISTS:
        assert c.get(url).status_code == 404, url
    assert c.get(f"/api/v1/persons/{world['zhang'].pk}").status_code == 404
    assert c.get(f"/api/v1/households/{world['h_a1'].pk}").status_code == 404
    assert c.post(f"/api/v1/persons/{world['zhang'].pk}/reveal").status_code == 404


def test_villager_role_sees_no_register(world):
    c = token_client(f.user("villager", world["village_a1"]))
    for url in LISTS:
        assert c.get(url).status_code == 404, url


def test_pagination_of_persons(world):
    c = session_client(f.user("district_admin", world["county"]))
    every = ids(c.get("/api/v1/persons", {"page_size": 200}))
    assert len(every) == 6
    page = c.get("/api/v1/persons", {"page": 2, "page_size": 4}).json()
    assert (page["count"], page["page"], page["page_size"]) == (6, 2, 4)
    assert [p["id"] for p in page["items"]] == every[4:]


# --- query counts --------------------------------------------------------------------------------------


@pytest.fixture
def crowded(world):
    """Thirty more households, each with a member, party member and cadre, to expose any N+1 query."""
    branch = f.branch(world["village_a2"])
    for i in range(30):
        h = f.household(world["village_a2"])
        p = f.person(h, name=f"群众{i}")
        f.person(h, name=f"配偶{i}", relation="spouse", gender="F")
        f.party_member(p, branch)
        f.cadre(p, "two_committee", world["village_a2"])
    return world


# Session auth costs 3 queries (session, user, role assignments) and 3 to save the session again;
# a list adds its rows and its count. An N+1 would add 30 or more.
@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow_with_rows(crowded, url, django_assert_max_num_queries):
    c = session_client(f.user("district_admin", crowded["county"]))
    c.get(url)
    with django_assert_max_num_queries(8):
        r = c.get(url, {"page_size": 200})
    assert r.json()["count"] >= 30


def test_token_list_queries_do_not_grow_with_rows(crowded, django_assert_max_num_queries):
    c = token_client(f.user("district_admin", crowded["county"]))
    with django_assert_max_num_queries(5):
        r = c.get("/api/v1/persons", {"page_size": 200})
    assert r.json()["count"] == 66


def test_household_detail_queries_do_not_grow_with_members(world, django_assert_max_num_queries):
    h = world["h_a2"]
    for i in range(20):
        f.person(h, name=f"子女{i}", relation="child", birth=date(2000, 1, 1 + i))
    c = token_client(f.user("district_admin", world["county"]))
    with django_assert_max_num_queries(5):
        r = c.get(f"/api/v1/households/{h.pk}")
    assert len(r.json()["members"]) == 21
