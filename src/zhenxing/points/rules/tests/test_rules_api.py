"""积分细则 over the API alone: the district creates its default schemes, adds and recolours a category, makes
a new version, changes its heading and items and deletes one; a village secretary adopts a district item
within its range; every field error at once; a published version refused; outside the scope 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zhenxing.points.rules.models import RuleBook, RuleItem
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/points"
def tomorrow():  # asked at each use: a run crossing local midnight must not post yesterday's tomorrow
    return (timezone.localdate() + timedelta(days=1)).isoformat()



@pytest.fixture
def units():
    return factories.district()


def test_the_district_and_a_village_keep_their_rules_over_the_api(client, units):
    client.force_login(factories.user("district_admin", units["county"]))
    made = post(client, f"{API}/schemes/defaults", {"unit": units["county"].code}).json()
    assert made["schemes"] == ["party", "household"] and made["books"] == 2
    assert post(client, f"{API}/schemes/defaults", {"unit": units["county"].code}).json()["books"] == 0
    schemes = {s["code"]: s for s in client.get(f"{API}/schemes").json()["items"]}
    seven = schemes["household"]
    assert seven["subject_label"] == "农户" and seven["unit_code"] == units["county"].code

    colours = client.get(f"{API}/rule-categories?scheme={seven['id']}").json()["items"]
    assert len(colours) == 7
    added = post(client, f"{API}/rule-categories", {"scheme": seven["id"], "code": "gold", "name": "金色积分",
                                                    "colour": "#FFD700", "order": 8})
    assert added.status_code == 201 and added.json()["colour"] == "#ffd700"
    renamed = post(client, f"{API}/rule-categories/{added.json()['id']}/edit",
                   {"name": "金色", "colour": "#ffcc00", "order": 9, "code": "ignored"})
    assert (renamed.json()["code"], renamed.json()["name"]) == ("gold", "金色")

    current = client.get(f"{API}/rule-books?scheme={seven['id']}&status=current").json()["items"]
    assert len(current) == 1 and current[0]["item_count"] > 10
    draft = post(client, f"{API}/rule-books", {"scheme": seven["id"], "effective_from": tomorrow()})
    assert draft.status_code == 201, draft.content
    draft = draft.json()
    assert (draft["version"], draft["status"], draft["item_count"]) == (2, "draft", current[0]["item_count"])
    edited = post(client, f"{API}/rule-books/{draft['id']}/edit",
                  {"title": "七色积分细则（修订）", "effective_from": tomorrow(), "note": "村民代表会议通过"})
    assert edited.status_code == 200 and edited.json()["title"] == "七色积分细则（修订）"

    item = post(client, f"{API}/rule-items", {
        "book": draft["id"], "code": "Z01", "name": "参加义务植树", "category": added.json()["id"],
        "points": 3, "min_points": 1, "max_points": 5, "unit": "time", "cap": 6, "cap_period": "year",
        "proposers": ["grid_worker"], "approvers": ["village_secretary"]})
    assert item.status_code == 201, item.content
    item = item.json()
    assert (item["category"], item["points"], item["approvers"]) == ("gold", 3, "village_secretary")
    changed = post(client, f"{API}/rule-items/{item['id']}/edit", {
        "code": "Z01", "name": "参加义务植树", "category": added.json()["id"], "points": 4, "min_points": 1,
        "max_points": 5, "unit": "time", "proposers": ["grid_worker"],
        "approvers": ["village_secretary"]})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["points"], changed.json()["cap"]) == (4, None)
    assert client.delete(f"{API}/rule-items/{item['id']}").status_code == 200
    assert not RuleItem.objects.filter(pk=item["id"]).exists()

    # The village adopts the district's version in force, within the range the district allows.
    client.force_login(factories.user("village_secretary", units["village_a1"]))
    mine = post(client, f"{API}/rule-books", {"scheme": seven["id"], "effective_from": tomorrow()}).json()
    assert mine["unit_code"] == units["village_a1"].code and mine["village"] is True
    adopted = client.get(f"{API}/rule-items?book={mine['id']}&q=美丽庭院").json()["items"][0]
    too_much = post(client, f"{API}/rule-items/{adopted['id']}/edit", {"points": 999, "cap": 9999})
    assert too_much.status_code == 422 and set(too_much.json()["errors"]) >= {"points"}
    fine = post(client, f"{API}/rule-items/{adopted['id']}/edit",
                {"points": adopted["points"], "cap": adopted["cap"], "cap_period": adopted["cap_period"],
                 "evidence_required": adopted["evidence_required"], "proposers": ["grid_worker"],
                 "approvers": ["village_secretary"]})
    assert fine.status_code == 200, fine.content
    assert client.delete(f"{API}/rule-items/{adopted['id']}").status_code == 200
    # The district's draft is in force by the village's date: the village adopts its items.
    district_item = RuleItem.objects.get(book_id=draft["id"], name__contains="美丽庭院")
    again = post(client, f"{API}/rule-items", {
        "book": mine["id"], "based_on": district_item.pk, "points": district_item.points,
        "cap": district_item.cap, "cap_period": district_item.cap_period,
        "evidence_required": district_item.evidence_required, "proposers": ["grid_worker"],
        "approvers": ["village_secretary"]})
    assert again.status_code == 201, again.json()
    print(again.json()) and again.json()["based_on"] == district_item.pk
    assert client.delete(f"{API}/rule-books/{mine['id']}").status_code == 200
    assert not RuleBook.objects.filter(pk=mine["id"]).exists()


def test_every_wrong_field_is_named_at_once_and_a_published_version_is_locked(client, units):
    scheme = factories.point_scheme(units["county"])
    book = factories.rule_book(scheme, units["county"], effective_from=timezone.localdate())
    client.force_login(factories.user("district_admin", units["county"]))
    bad = post(client, f"{API}/rule-items", {"book": book.pk, "points": "多", "unit": "day"})
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) == {"code", "name", "category", "points", "unit"}
    bad = post(client, f"{API}/rule-books", {"scheme": scheme.pk, "effective_from": "2024-13-01"})
    assert bad.json()["errors"] == {"effective_from": ["生效日期格式不正确"]}
    empty = post(client, f"{API}/rule-books", {}).json()["errors"]
    assert empty.keys() == {"scheme", "unit", "effective_from"}
    locked = post(client, f"{API}/rule-books/{book.pk}/edit",
                  {"title": "改", "effective_from": tomorrow()})
    assert locked.status_code == 422 and "不能修改；请新建版本" in locked.json()["errors"]["book"][0]
    assert client.delete(f"{API}/rule-books/{book.pk}").status_code == 422
    bad = post(client, f"{API}/rule-categories", {"scheme": scheme.pk, "code": "Red!", "name": "政治学习",
                                                  "colour": "红色"})
    assert set(bad.json()["errors"]) == {"code", "name", "colour"}
    assert post(client, f"{API}/schemes/defaults", {"unit": units["village_a1"].code}).status_code == 422


def test_outside_the_scope_is_not_found(client, units):
    scheme = factories.point_scheme(units["county"])
    draft = factories.rule_book(scheme, units["county"], effective_from=timezone.localdate() + timedelta(1))
    item = factories.rule_item(draft, code="P1")
    client.force_login(factories.user("village_cadre", units["village_a1"]))  # reads, does not manage
    assert client.get(f"{API}/rule-books/{draft.pk}").json()["status"] == "draft"
    assert post(client, f"{API}/rule-books/{draft.pk}/edit", {"title": "x"}).status_code == 404
    assert post(client, f"{API}/rule-books", {"scheme": scheme.pk, "effective_from": tomorrow()}) \
        .status_code == 404
    assert client.delete(f"{API}/rule-items/{item.pk}").status_code == 404
    client.force_login(factories.user("village_secretary", units["village_a1"]))  # its village only
    assert client.delete(f"{API}/rule-books/{draft.pk}").status_code == 404
    assert post(client, f"{API}/rule-categories", {"scheme": scheme.pk, "code": "x", "name": "x"}) \
        .status_code == 404
    other = factories.unit("210112000000", "浑南区")
    client.force_login(factories.user("district_admin", other))
    assert client.get(f"{API}/schemes/{scheme.pk}").status_code == 404
    assert client.get(f"{API}/rule-items/{item.pk}").status_code == 404
    assert client.get(f"{API}/rule-books").json()["count"] == 0
    assert post(client, f"{API}/schemes/defaults", {"unit": units["county"].code}).status_code == 404
    client.force_login(factories.user("villager", units["village_a1"]))
    assert client.get(f"{API}/schemes").status_code == 404
