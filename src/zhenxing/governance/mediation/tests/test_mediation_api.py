"""评理说事 over the API alone: a point set up with its 说事员, a dispute registered, mediated to a written
agreement with a file in its 卷宗, followed up and closed; the agreement and the 卷宗 as the pages have
them; every wrong field at once; the register's filters; other villages 404."""

import io

import pytest
from django.utils import timezone

from zhenxing.governance.mediation.models import Dispute
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
API = "/api/v1/governance"



@pytest.fixture
def secretary(client, district):
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    return client


def test_a_dispute_walks_from_registration_to_close_over_the_api(secretary, district):
    village = district["village_a1"]
    home = factories.household(village, district["grid_a1"])
    sage = factories.person(home, name="王乡贤")
    made = post(secretary, f"{API}/mediation-points", {"village": village.pk, "name": "A1村评理说事点",
                                                       "address": "村委会", "open_hours": "周一至周五"})
    assert made.status_code == 201, made.content
    point = made.json()
    assert point["village"] == village.name and point["mediators"] == 0
    added = post(secretary, f"{API}/mediation-points/{point['id']}/mediators",
                 {"person": sage.pk, "kind": "sage", "since": timezone.localdate().isoformat()})
    assert added.status_code == 200, added.content
    assert added.json()["mediators"] == 1
    mediator = secretary.get(f"{API}/mediators?kind=sage").json()["items"][0]
    assert mediator["name"] == "王乡贤" and mediator["point"] == "A1村评理说事点"

    registered = post(secretary, f"{API}/disputes", {
        "village": village.pk, "level": "village", "kind": "land", "description": "地界争议",
        "party_1": "张甲", "party_2": "李乙", "mediators": [mediator["id"]]})
    assert registered.status_code == 201, registered.content
    d = registered.json()
    assert d["state"] == "registered" and d["code"].startswith("TJ-")
    assert {t["name"] for t in d["transitions"]} == {"mediate", "escalate"}
    step = f"{API}/disputes/{d['id']}/transitions"
    missing = post(secretary, f"{step}/mediate", {"data": {}})
    assert missing.status_code == 422 and "way" in missing.json()["errors"]
    assert post(secretary, f"{step}/mediate", {"data": {"way": "sage"}}).json()["state"] == "mediating"
    agreement = {"agreement": "written", "agreement_text": "院墙后移"}
    agreed = post(secretary, f"{step}/agree", {"data": agreement})
    assert agreed.json()["state"] == "agreed"
    filed = secretary.post(f"{API}/disputes/{d['id']}/files", {"slot": "agreement", "file": io.BytesIO(PNG)})
    assert filed.status_code == 200, filed.content
    slots = {s["slot"]: s for s in secretary.get(f"{API}/disputes/{d['id']}/case-file").json()}
    assert len(slots["agreement"]["files"]) == 1 and slots["registration"]["present"]
    post(secretary, f"{step}/follow_up", {"data": {"performance": "done", "follow_up": "已履行"}})
    closed = post(secretary, f"{step}/close", {})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert [h["transition"] for h in closed.json()["history"]] == ["mediate", "agree", "follow_up", "close"]
    paper = secretary.get(f"{API}/disputes/{d['id']}/agreement").json()
    assert paper["parties"] == ["张甲", "李乙"] and paper["agreement_text"] == "院墙后移"
    assert paper["mediators"] == ["王乡贤"] and paper["organisation"] == "A1村评理说事点"
    assert secretary.get(f"{API}/disputes?state=closed").json()["count"] == 1


def test_every_wrong_field_is_named_at_once(secretary, district):
    answer = post(secretary, f"{API}/disputes", {"village": 0, "level": "sky", "kind": "", "person_1": "x"})
    assert answer.status_code == 422
    assert set(answer.json()["errors"]) == {"village", "level", "kind", "person_1"}
    # The form passed, the service's own checks come together too.
    village = district["village_a1"]
    answer = post(secretary, f"{API}/disputes", {"village": village.pk, "level": "village", "kind": "land",
                                                 "party_1": "张甲"})
    assert answer.status_code == 422
    assert answer.json()["errors"] == {"parties": ["当事人至少两方，请填写姓名"],
                                       "description": ["请填写纠纷简要情况"]}
    point = factories.mediation_point(village)
    refused = post(secretary, f"{API}/mediation-points/{point.pk}/mediators", {"kind": "x", "since": "昨天"})
    assert refused.status_code == 422 and set(refused.json()["errors"]) == {"since"}
    refused = post(secretary, f"{API}/mediation-points/{point.pk}/mediators", {"kind": "x"})
    assert set(refused.json()["errors"]) == {"person", "kind", "since"}
    upload = secretary.post(f"{API}/disputes/{factories.dispute(village).pk}/files", {"slot": "nope"})
    assert set(upload.json()["errors"]) == {"slot", "file"}
    assert Dispute.objects.count() == 1


def test_another_villages_dispute_is_not_found(secretary, district):
    theirs = factories.dispute(district["village_b1"])
    point = factories.mediation_point(district["village_b1"])
    assert secretary.get(f"{API}/disputes/{theirs.pk}").status_code == 404
    assert secretary.get(f"{API}/disputes/{theirs.pk}/agreement").status_code == 404
    assert secretary.get(f"{API}/disputes/{theirs.pk}/case-file").status_code == 404
    assert post(secretary, f"{API}/disputes/{theirs.pk}/transitions/mediate",
                {"data": {"way": "law"}}).status_code == 404
    assert post(secretary, f"{API}/mediation-points/{point.pk}/mediators", {}).status_code == 404
    assert secretary.get(f"{API}/disputes").json()["count"] == 0
