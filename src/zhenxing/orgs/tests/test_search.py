"""搜索: the header box and /search/ find every kind of record, only inside the actor's scope."""

from types import SimpleNamespace

import pytest

from zhenxing.core import personal
from zhenxing.core.idcard import make_id_number
from zhenxing.orgs import search
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(district):
    """In A街1村 (马刚街道): a household headed by 马刚强 with its parcel, a case, an application and a
    contract; two departments, each with one case dispatched to it."""
    village = district["village_a1"]
    home = factories.household(village, district["grid_a1"])
    head = factories.person(home, name="马刚强")
    parcel = factories.parcel(village, home, unit_number=f"{village.code}JC77001F00010001")
    admin = factories.user("district_admin", district["county"])
    agriculture = factories.department(district["county"])
    housing = factories.department(district["county"], name="住房和城乡建设局")
    return SimpleNamespace(
        units=district, village=village, home=home, head=head, parcel=parcel, admin=admin,
        agriculture=agriculture, housing=housing,
        case=factories.case(village, code="AJ-2024-700001", hotline_number="12345202400077"),
        case_agriculture=factories.case(village, state="dispatched", code="AJ-2024-700002",
                                        lead_department=agriculture),
        case_housing=factories.case(village, state="dispatched", code="AJ-2024-700003",
                                    lead_department=housing),
        application=factories.application(home, admin, code="ZJD-2024-700001"),
        contract=factories.transfer_contract(parcel, code="LZ-2024-700001"),
    )


def found(client, q: str, **params) -> dict[str, list[str]]:
    """kind -> the URLs of the hits the page shows for `q`."""
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return {g.kind.key: [h.url for _, h in g.hits] for g in response.context["groups"]}


def test_staff_find_each_kind_by_its_name_number_or_code(client, world):
    client.force_login(world.admin)
    assert found(client, "马刚")["person"] == [f"/people/persons/{world.head.pk}/"]
    assert found(client, "马刚强")["household"] == [f"/people/households/{world.home.pk}/"]
    assert found(client, world.home.number[:-2])["household"] == [f"/people/households/{world.home.pk}/"]
    parcel_url = f"/homestead/parcels/{world.parcel.pk}/"
    assert found(client, world.parcel.code)["parcel"] == [parcel_url]  # 宗地代码, 19 characters
    assert found(client, world.parcel.unit_number)["parcel"] == [parcel_url]  # 不动产单元号, 28
    assert found(client, world.parcel.code[:14].lower())["parcel"] == [parcel_url]  # a prefix, any case
    assert found(client, "AJ-2024-700001")["case"] == [f"/governance/cases/{world.case.pk}/"]
    assert found(client, "12345202400077")["case"] == [f"/governance/cases/{world.case.pk}/"]  # 12345 工单
    assert len(found(client, "aj-2024-7000")["case"]) == 3
    application_url = f"/homestead/applications/{world.application.pk}/"
    assert found(client, "ZJD-2024-700001")["application"] == [application_url]
    assert found(client, "LZ-2024-70")["contract"] == [f"/homestead/transfers/{world.contract.pk}/"]
    # Full-width characters from a Chinese input method are the same characters.
    assert found(client, "ＡＪ－２０２４－７０００")["case"]


def test_a_hit_says_what_and_where(client, world):
    client.force_login(world.admin)
    groups = client.get("/search/", {"q": "马刚强"}).context["groups"]
    person = next(g for g in groups if g.kind.key == "person")
    _, hit = person.hits[0]
    assert hit.title == "马刚强"
    assert "A街1村" in hit.context and "户主" in hit.context
    assert [g.kind.label for g in groups] == ["人员", "户", "宅基地申请"]


def test_a_street_admin_of_another_street_finds_nothing_of_the_village(client, world):
    client.force_login(factories.user("street_admin", world.units["street_b"]))
    for q in ("马刚强", world.home.number, world.parcel.code, "AJ-2024-7000", "ZJD-2024-700001",
              "LZ-2024-700001", personal.reveal(world.head, "id_number")):
        assert found(client, q) == {}, q
    # …while its own street's admin finds them all.
    client.force_login(factories.user("street_admin", world.units["street_a"]))
    assert set(found(client, "AJ-2024-7000")) == {"case"}
    assert set(found(client, "马刚强")) == {"person", "household", "application"}


def test_department_staff_find_the_cases_dispatched_to_them_only(client, world):
    client.force_login(factories.user("department_staff", world.agriculture))
    assert found(client, "AJ-2024-7000") == {"case": [f"/governance/cases/{world.case_agriculture.pk}/"]}
    assert found(client, "马刚强") == {}  # no people registers for a department
    client.force_login(factories.user("department_staff", world.housing))
    assert found(client, "AJ-2024-7000") == {"case": [f"/governance/cases/{world.case_housing.pk}/"]}


def test_villagers_and_the_three_officers_have_no_search(client, world):
    villager = factories.user("villager", world.village)
    world.head.user = villager
    world.head.save(update_fields=["user"])
    for user in (villager, factories.user("system_admin", world.units["county"]),
                 factories.user("audit_admin", world.units["county"])):
        client.force_login(user)
        assert client.get("/search/", {"q": "马刚强"}).status_code == 404
        assert client.get("/api/v1/search", {"q": "马刚强"}).status_code == 404
        assert 'class="site-search"' not in client.get("/account/").content.decode()
    client.force_login(factories.user("grid_worker", world.units["grid_a1"]))
    assert 'class="site-search"' in client.get("/account/").content.decode()


def test_a_whole_id_number_finds_the_person_and_a_part_of_one_finds_nobody(client, world):
    client.force_login(world.admin)
    number = personal.reveal(world.head, "id_number")
    assert found(client, number)["person"] == [f"/people/persons/{world.head.pk}/"]
    assert found(client, number.lower())["person"] == [f"/people/persons/{world.head.pk}/"]
    for part in (number[:17], number[:6], number[-4:], number[6:14], world.head.id_number_masked):
        assert "person" not in found(client, part), part
    groups = client.get("/search/", {"q": number}).context["groups"]
    assert not [h for g in groups for _, h in g.hits if number in h.title + h.context]  # never shown unmasked


def test_a_contract_is_found_by_the_whole_id_number_of_its_transferee(client, world):
    client.force_login(world.admin)
    number = make_id_number("210113", world.contract.starts_on.replace(year=1985, month=1), 1, "M")
    world.contract.transferee_id_hash = personal.lookup_hash(number)
    world.contract.save(update_fields=["transferee_id_hash"])
    assert found(client, number)["contract"] == [f"/homestead/transfers/{world.contract.pk}/"]


def test_an_empty_or_short_query_says_what_to_type(client, world):
    client.force_login(world.admin)
    before = client.get("/search/")
    assert before.context["error"] == "" and "可以查找" in before.content.decode()
    assert client.get("/search/", {"q": "  "}).context["error"] == search.EMPTY
    assert client.get("/search/", {"q": "马"}).context["error"] == search.TOO_SHORT
    assert client.get("/search/", {"q": "A" * 51}).context["error"] == search.TOO_LONG
    answer = client.get("/api/v1/search", {"q": "马"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"q": [search.TOO_SHORT]}
    assert client.get("/api/v1/search", {"q": ""}).json()["errors"] == {"q": [search.EMPTY]}
    assert "kind" in client.get("/api/v1/search", {"q": "马刚", "kind": "cat"}).json()["errors"]


def test_ten_per_kind_with_the_count_and_a_page_for_the_rest(client, world):
    for i in range(12):
        factories.person(world.home, name=f"马刚{i:02d}", relation="child")
    client.force_login(world.admin)
    group = next(g for g in client.get("/search/", {"q": "马刚"}).context["groups"] if g.kind.key == "person")
    assert (len(group.hits), group.count, group.more) == (search.SHOWN, 13, True)
    assert group.register_url == "/people/persons/?q=%E9%A9%AC%E5%88%9A"
    one_kind = client.get("/search/", {"q": "马刚", "kind": "person"})
    assert len(one_kind.context["hits"]) == 13 and not one_kind.context["capped"]
    assert "更多人员（共 13 条）" in client.get("/search/", {"q": "马刚"}).content.decode()


def test_the_count_stops_at_the_cap(world, monkeypatch):
    from zhenxing.orgs.access import actor_for

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    for i in range(12):
        factories.person(world.home, name=f"马刚{i:02d}", relation="child")
    groups = search.search(actor_for(world.admin), search.parse("马刚"), limit=2)
    person = next(g for g in groups if g.kind.key == "person")
    assert (person.count, person.capped) == (3, True)


def test_the_api_answers_the_groups_of_the_page(client, world):
    client.force_login(factories.user("village_secretary", world.village))
    body = client.get("/api/v1/search", {"q": "马刚强"}).json()
    assert body["q"] == "马刚强"
    assert [(g["kind"], g["label"], g["count"]) for g in body["groups"]] == [
        ("person", "人员", 1), ("household", "户", 1), ("application", "宅基地申请", 1)]
    assert body["groups"][0]["items"] == [{"id": world.head.pk, "title": "马刚强", "url":
                                           f"/people/persons/{world.head.pk}/",
                                           "context": body["groups"][0]["items"][0]["context"]}]
    only = client.get("/api/v1/search", {"q": "马刚强", "kind": "household"}).json()
    assert [g["kind"] for g in only["groups"]] == ["household"]
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/search"]["get"]
    assert operation["summary"] == "搜索" and "422" in operation["responses"]
