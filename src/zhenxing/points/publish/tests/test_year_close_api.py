"""年度结算 over the API alone: the district closes a year, lists its closes, reads the frozen results (the
awarded, by village, as a stream); every field error at once; a close is refused twice; outside the scope
404."""

from datetime import date

import pytest

from zhenxing.points.publish.models import YearClose
from zhenxing.points.publish.tests import test_publish_pages as base
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
w = base.w  # the publish pages' world: three homes of A街1村 with points in 2024
API = "/api/v1/points"



def test_the_district_closes_a_year_and_reads_its_results_over_the_api(w, client):
    # A party member's account too: results name households and members alike.
    member = factories.party_member(w["homes"]["李四"].head, factories.branch(w["village_a1"]))
    party = factories.points_scheme(w["county"], code="PM", subject="member", year_end="reset")
    factories.points_entry(party, member, 4, date(2024, 3, 1))
    client.force_login(w["admin"])
    body = {"county": w["county"].code, "scheme": "HH", "year": 2024, "top_n": 1, "title": ""}
    made = post(client, f"{API}/year-closes", body)
    assert made.status_code == 201, made.content
    close = made.json()
    assert (close["state"], close["accounts"], close["title"], close["year"]) == ("done", 3, "文明家庭", 2024)
    assert post(client, f"{API}/year-closes", {**body, "scheme": "PM"}).status_code == 201

    listed = client.get(f"{API}/year-closes?scheme=HH").json()
    assert [x["id"] for x in listed["items"]] == [close["id"]]
    assert client.get(f"{API}/year-closes/{close['id']}").json()["name"] == "沈北新区2024年度七色积分结算"

    awarded = client.get(f"{API}/year-results?close={close['id']}&awards=1").json()
    assert sorted((x["name"], x["rank"], x["title"]) for x in awarded["items"]) == [
        ("张三明", 1, "文明家庭"), ("李四", 1, "文明家庭")]
    everyone = client.get(f"{API}/year-results?close={close['id']}&unit={w['village_a1'].code}").json()
    assert everyone["count"] == 3 and everyone["items"][-1]["name"] == "王五"
    one = client.get(f"{API}/year-results/{everyone['items'][-1]['id']}").json()
    assert (one["points"], one["balance"], one["title"]) == (3, 3, "")
    members = client.get(f"{API}/year-results?unit={w['village_a1'].code}").json()["items"]
    assert ("李四", f"member:{member.pk}") in {(x["name"], x["holder"]) for x in members}
    lines = client.get(f"{API}/year-results/export?format=ndjson&close={close['id']}")
    assert len(b"".join(lines.streaming_content).splitlines()) == 3

    again = post(client, f"{API}/year-closes", body)
    assert again.status_code == 422 and "不能重复结算" in again.json()["errors"]["year"][0]


def test_every_wrong_field_is_named_at_once(w, client):
    client.force_login(w["admin"])
    answer = post(client, f"{API}/year-closes", {"county": w["county"].code, "scheme": "XX", "year": "1999",
                                                "top_n": "5000"})
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"scheme", "year", "top_n"}
    village = post(client, f"{API}/year-closes", {"county": w["village_a1"].code, "scheme": "HH",
                                                 "year": "2024", "top_n": "1"})
    assert village.json()["errors"] == {"county": ["年度结算在区县一级进行"]}
    assert not YearClose.objects.exists()


def test_outside_the_scope_is_not_found(w, client):
    client.force_login(w["admin"])
    close = post(client, f"{API}/year-closes", {"county": w["county"].code, "scheme": "HH", "year": 2024,
                                               "top_n": 1}).json()
    client.force_login(w["secretary"])  # manages its village's rules, reads its village
    assert post(client, f"{API}/year-closes", {"county": w["county"].code, "scheme": "HH", "year": 2024,
                                               "top_n": 1}).status_code == 404
    assert client.get(f"{API}/year-closes").json()["count"] == 0
    assert client.get(f"{API}/year-closes/{close['id']}").status_code == 404
    other = factories.unit("210112000000", "浑南区")
    client.force_login(factories.user("district_admin", other))
    assert client.get(f"{API}/year-closes/{close['id']}").status_code == 404
    assert client.get(f"{API}/year-results?close={close['id']}").json()["count"] == 0
    client.force_login(w["villager"])
    assert client.get(f"{API}/year-results").status_code == 404
    assert client.get(f"{API}/year-closes").status_code == 404
