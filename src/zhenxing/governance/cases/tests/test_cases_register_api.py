"""吹哨报到's registers over the API alone: a report sent twice with one Idempotency-Key makes one case; the
case walks whistle → dispatch → accept → resolve (with its evidence photo, multipart) → feedback → close
on the register's step operation; the register's filters and detail; the reporter's phone revealed with
an audit; the dispatch catalogue created and edited with every wrong field at once; scope."""

import io
import json

import pytest

from zhenxing.core.models import AuditEvent
from zhenxing.governance.cases.models import Case, DispatchCategory
from zhenxing.governance.cases.tests.test_cases import PNG, world  # noqa: F401
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/governance"



def test_a_case_walks_from_intake_to_close_over_the_api(client, world):  # noqa: F811
    client.force_login(world["grid"].user)
    report = {"service_code": str(world["burst"].pk), "description": "村东头自来水管破裂",
              "place": world["grid_a1"].code, "reporter_phone": "13912345678"}
    first = post(client, "/api/v1/open311/requests", report, **{"Idempotency-Key": "report-0001"})
    again = post(client, "/api/v1/open311/requests", report, **{"Idempotency-Key": "report-0001"})
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert Case.objects.count() == 1
    case_id = first.json()["zx_id"]
    steps = f"{API}/cases/{case_id}/transitions"

    client.force_login(world["village"].user)
    detail = client.get(f"{API}/cases/{case_id}").json()
    assert detail["state"] == "reported" and {t["name"] for t in detail["transitions"]} == {"village_close",
                                                                                          "whistle"}
    assert post(client, f"{steps}/whistle", {"comment": "需水务局处置"}).json()["state"] == "whistled"
    revealed = client.post(f"{API}/cases/{case_id}/reveal")
    assert revealed.json() == {"reporter_phone": "13912345678"}
    assert AuditEvent.objects.filter(action="governance.case.reveal").count() == 1

    client.force_login(world["street"].user)
    dispatched = post(client, f"{steps}/dispatch", {"data": {"lead_department": world["water"].pk}})
    assert dispatched.status_code == 200, dispatched.content
    assert dispatched.json()["lead_department"] == "水务局"
    client.force_login(world["water_staff"].user)
    assert post(client, f"{steps}/accept", {}).json()["state"] == "handling"
    bare = post(client, f"{steps}/resolve", {"data": {"result": "已更换管道"}})
    assert bare.status_code == 422
    resolved = client.post(f"{steps}/resolve", {"data": json.dumps({"result": "已更换管道"}),
                                                "files": [io.BytesIO(PNG)]})
    assert resolved.status_code == 200, resolved.content
    client.force_login(world["street"].user)
    post(client, f"{steps}/feedback", {"data": {"feedback_method": "sms", "feedback": "已修复"}})
    closed = post(client, f"{steps}/close", {"data": {"satisfaction": "satisfied", "evaluation": "good"}})
    assert closed.json()["state"] == "closed"
    assert [h["transition"] for h in closed.json()["history"]] == ["whistle", "dispatch", "accept", "resolve",
                                                                   "feedback", "close"]
    listed = client.get(f"{API}/cases?state=closed&department={world['water'].pk}").json()
    assert [c["id"] for c in listed["items"]] == [case_id]
    assert client.get(f"{API}/cases?state=flying").status_code == 422


def test_the_catalogue_is_kept_over_the_api(client, world):  # noqa: F811
    client.force_login(world["street"].user)
    refused = post(client, f"{API}/categories", {"urgency": "x", "limit_hours": 0})
    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"county", "name", "urgency", "departments", "limit_hours"}
    made = post(client, f"{API}/categories", {"county": str(world["county"].pk), "name": "路灯不亮",
                                              "urgency": "general", "departments": [world["power"].pk],
                                              "active": True})
    assert made.status_code == 201, made.content
    entry = made.json()
    assert entry["county"] == world["county"].name and entry["departments"] == "供电公司"
    edited = post(client, f"{API}/categories/{entry['id']}/edit", {
        "name": "路灯损坏", "urgency": "emergency", "departments": [world["power"].pk], "limit_hours": 8,
        "active": False})
    assert edited.status_code == 200, edited.content
    assert (edited.json()["name"], edited.json()["active"]) == ("路灯损坏", False)
    assert client.get(f"{API}/categories?active=no").json()["count"] == 1
    assert DispatchCategory.objects.get(pk=entry["id"]).limit_hours == 8


def test_outside_the_scope_is_not_found(client, world):  # noqa: F811
    case = factories.case(world["village_b1"])
    client.force_login(world["village"].user)
    assert client.get(f"{API}/cases/{case.pk}").status_code == 404
    assert post(client, f"{API}/cases/{case.pk}/transitions/whistle", {"comment": "x"}).status_code == 404
    assert client.post(f"{API}/cases/{case.pk}/reveal").status_code == 404
    assert client.get(f"{API}/categories").status_code == 404  # no dispatch: no catalogue
    assert client.get(f"{API}/cases").json()["count"] == 0


def test_the_register_shows_times_in_local_time(client, district):
    """Beijing time on the list, in the export and over the API, as on the case page (a case reported at
    20:30 UTC was reported at 04:30 the next morning in the village)."""
    from datetime import UTC, datetime

    case = factories.case(district["village_a1"], created_at=datetime(2024, 5, 1, 20, 30, tzinfo=UTC))
    client.force_login(factories.user("street_admin", district["street_a"]))
    (row,) = client.get(f"{API}/cases").json()["items"]
    # Over the API the time itself, with its offset: a machine reads it, not a person.
    assert row["id"] == case.pk and row["reported_at"] == "2024-05-02T04:30:00+08:00"
    assert "2024-05-02 04:30" in client.get("/governance/cases/").content.decode()
