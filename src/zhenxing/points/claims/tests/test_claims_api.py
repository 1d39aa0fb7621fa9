"""积分申报 over the API alone: a grid worker proposes with a photo (once per Idempotency-Key), the
secretary approves, the villager reads 我的积分 (balance and entries), the approval is corrected (冲正);
a 三会一课 proposes attendance; every field error at once; outside the scope 404."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing.points.claims.models import Claim
from zhenxing.points.claims.tests import test_claims as base
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
w = base.w  # the claims tests' world
PNG = base.PNG
API = "/api/v1/points"



def test_a_claim_walks_from_proposal_to_my_points_and_its_correction(client, w):
    client.force_login(w.grid.user)
    form = {"scheme": "QS", "holder": w.home.number, "item": str(w.tidy.pk), "quantity": "1",
            "occurred_on": w.today.isoformat(), "description": "庭院干净整洁"}
    missing = client.post(f"{API}/claims", form)
    assert missing.status_code == 422 and "须上传佐证材料" in missing.json()["errors"]["uploads"][0]
    key = {"Idempotency-Key": "grid-claim-0001"}
    made = client.post(f"{API}/claims", {**form, "photos": SimpleUploadedFile("现场.png", PNG)}, headers=key)
    assert made.status_code == 201, made.content
    again = client.post(f"{API}/claims", {**form, "photos": SimpleUploadedFile("现场.png", PNG)}, headers=key)
    assert again.json()["code"] == made.json()["code"] and Claim.objects.count() == 1
    claim = made.json()
    assert claim["state"] == "proposed" and claim["points"] == 5 and claim["transitions"] == []
    files = client.get(f"{API}/claims/{claim['id']}/files").json()
    assert [f["name"] for f in files] == ["现场.png"]
    assert client.get(files[0]["url"]).status_code == 200

    client.force_login(w.secretary.user)
    shown = client.get(f"{API}/claims/{claim['id']}").json()
    assert [t["name"] for t in shown["transitions"]] == ["approve", "reject"]
    step = f"{API}/claims/{claim['id']}/transitions"
    approved = post(client, f"{step}/approve", {"comment": "属实"})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"

    villager = factories.user("villager", w.units["village_a1"])
    w.head.user = villager
    w.head.save(update_fields=["user"])
    client.force_login(villager)
    mine = client.get(f"{API}/mine").json()
    assert mine["scheme"]["code"] == "QS" and mine["balance"] == 5
    assert [(e["amount"], e["claim_code"], e["category_name"]) for e in mine["entries"]] == \
        [(5, claim["code"], "人居环境")]
    assert client.get(f"{API}/claims").status_code == 404

    client.force_login(w.secretary.user)
    refused = post(client, f"{step}/correct", {"comment": ""})
    assert refused.status_code == 422 and refused.json()["errors"] == {"comment": ["请填写冲正理由"]}
    corrected = post(client, f"{step}/correct", {"comment": "重复申报"})
    assert corrected.json()["state"] == "reversed"
    assert [h["transition"] for h in corrected.json()["history"]] == ["approve", "correct"]
    statement = client.get(f"{API}/households/{w.home.pk}/points?scheme=QS").json()
    assert statement["balance"] == 0 and [e["reversed"] for e in statement["entries"]] == [True, False]


def test_a_meeting_proposes_attendance_over_the_api(client, w):
    client.force_login(w.secretary.user)
    day = w.today.isoformat()
    made = post(client, f"{API}/meetings", {"branch": w.branch.pk, "kind": "lecture", "held_on": day,
                                            "topic": "学习党章", "attendees": [w.member.pk]})
    assert made.status_code == 201, made.content
    assert made.json()["attendees"] == w.head.name
    generated = post(client, f"{API}/claims/generate", {"since": day}).json()
    assert len(generated["proposed"]) == 1
    assert post(client, f"{API}/claims/generate", {"since": day}).json()["proposed"] == []
    listed = client.get(f"{API}/claims?state=proposed&scheme=DY").json()
    assert [c["code"] for c in listed["items"]] == generated["proposed"]


def test_every_wrong_field_is_named_at_once(client, w):
    client.force_login(w.grid.user)
    errors = post(client, f"{API}/claims", {"scheme": "nope", "item": "x", "occurred_on": "2024-02-30"}) \
        .json()["errors"]
    assert errors == {"scheme": ["请选择积分方案"], "item": ["请选择积分条目"],
                      "occurred_on": ["发生日期格式应为 YYYY-MM-DD"], "description": ["请填写事由"]}
    client.force_login(w.secretary.user)
    errors = post(client, f"{API}/meetings", {"kind": "party"}).json()["errors"]
    assert errors == {"branch": ["请选择党组织"],
                      "kind": ["请选择会议类型（党员大会、支委会、党小组会、党课）"],
                      "held_on": ["请填写会议日期"], "topic": ["请填写会议主题"]}


def test_outside_the_scope_is_not_found(client, w):
    claim = base.tidy(w)
    client.force_login(factories.user("village_secretary", w.units["village_b1"]))
    assert client.get(f"{API}/claims/{claim.pk}").status_code == 404
    assert post(client, f"{API}/claims/{claim.pk}/transitions/approve", {}).status_code == 404
    assert client.get(f"{API}/households/{w.home.pk}/points").status_code == 404
    assert client.get(f"{API}/mine").status_code == 404
    assert client.get(f"{API}/claims").json()["count"] == 0
