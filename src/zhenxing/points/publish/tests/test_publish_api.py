"""积分排名与公示 over the API alone: the ranking, its publication, a villager's appeal (申诉) against the
masked list and the secretary's resolution; every field error at once; outside the scope 404."""


import pytest

from zhenxing.points.publish.models import Objection
from zhenxing.points.publish.tests import test_publish_pages as base
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
w = base.w  # the publish pages' world: three homes of A街1村 with points in 2024
API = "/api/v1/points"



def test_a_ranking_is_published_appealed_and_resolved_over_the_api(w, client):
    a1 = w["village_a1"].code
    client.force_login(w["secretary"])
    ranked = client.get(f"{API}/rankings?scheme=HH&unit={a1}&period=2024").json()
    assert ranked["title"] == "A街1村2024年度七色积分排名"
    assert [(x["rank"], x["points"]) for x in ranked["items"]] == [(1, 12), (1, 12), (3, 3)]
    made = post(client, f"{API}/publications", {"scheme": "HH", "unit": a1, "period": "2024",
                                                "objection_days": 7})
    assert made.status_code == 201, made.content
    pub = made.json()
    assert pub["open"] is True and pub["rows"] == 3

    client.force_login(w["villager"])
    rows = client.get(f"{API}/publications/{pub['id']}/rows").json()
    assert sorted(x["name"] for x in rows) == sorted(["张*明", "李*", "王*"])
    assert [x["mine"] for x in rows if x["name"] == "王*"] == [True]
    key = {"Idempotency-Key": "appeal-000001"}
    body = {"publication": pub["id"], "text": "漏记了一次志愿服务"}
    filed = post(client, f"{API}/objections", body, **key)
    assert filed.status_code == 201, filed.content
    assert post(client, f"{API}/objections", body, **key).json()["id"] == filed.json()["id"]
    assert Objection.objects.count() == 1
    appeal = filed.json()
    assert appeal["state_label"] == "待处理" and appeal["holder_name"] == "王五"
    assert [x["id"] for x in client.get(f"{API}/objections").json()["items"]] == [appeal["id"]]
    assert post(client, f"{API}/objections/{appeal['id']}/resolve",
                {"outcome": "upheld", "resolution": "补记"}).status_code == 404

    client.force_login(w["secretary"])
    refused = post(client, f"{API}/objections/{appeal['id']}/resolve", {"outcome": "upheld"})
    assert refused.json()["errors"] == {"resolution": ["申诉成立须在处理意见中写明更正内容"]}
    done = post(client, f"{API}/objections/{appeal['id']}/resolve",
                {"outcome": "upheld", "resolution": "补记 2 分"})
    assert done.status_code == 200 and done.json()["state_label"] == "申诉成立"
    client.force_login(w["villager"])
    assert client.get(f"{API}/objections/{appeal['id']}").json()["resolution"] == "补记 2 分"


def test_every_wrong_field_is_named_at_once(w, client):
    client.force_login(w["secretary"])
    answer = post(client, f"{API}/publications", {"scheme": "XX", "period": "2024-13", "objection_days": 0})
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"scheme", "unit", "period"}
    ranking = client.get(f"{API}/rankings?scheme=XX&unit=&period=24")
    assert ranking.status_code == 422 and set(ranking.json()["errors"]) == {"scheme", "unit", "period"}
    client.force_login(w["villager"])
    assert post(client, f"{API}/objections", {"publication": 999}).status_code == 404


def test_outside_the_scope_is_not_found(w, client):
    client.force_login(w["secretary"])
    pub = post(client, f"{API}/publications", {"scheme": "HH", "unit": w["village_a1"].code, "period": "2024",
                                               "objection_days": 7}).json()
    client.force_login(factories.user("village_secretary", w["village_b1"]))
    assert client.get(f"{API}/publications/{pub['id']}").status_code == 404
    assert client.get(f"{API}/publications/{pub['id']}/rows").status_code == 404
    assert post(client, f"{API}/objections", {"publication": pub["id"], "holder": "x", "text": "x"}) \
        .status_code == 404
    assert client.get(f"{API}/rankings?scheme=HH&unit={w['village_a1'].code}&period=2024").status_code == 404
