"""执法监管 over the API alone: an inspection, the violation it found, the rectification walked to its close
with evidence; the register's list, cursor, stream and detail as the page has them; errors by field."""

import csv
import io
import json
from datetime import date

import pytest

from zhenxing.core.models import AuditEvent
from zhenxing.homestead.enforcement import services
from zhenxing.homestead.enforcement.models import Violation
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
API = "/api/v1/homestead"



@pytest.fixture
def secretary(client, district):
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    return client


def test_a_violation_walks_from_inspection_to_close_over_the_api(client, district):
    village = district["village_a1"]
    secretary = factories.user("village_secretary", village)
    reviewer = factories.user("street_reviewer", district["street_a"])
    client.force_login(secretary)
    made = post(client, f"{API}/inspections", {"village": village.code, "inspected_on": "2024-09-20",
                                               "kind": "routine", "inspectors": "王、李",
                                               "findings": "新建一处"})
    assert made.status_code == 201, made.content
    inspection = made.json()
    assert inspection["village"] == village.name and inspection["inspected_on"] == "2024-09-20"
    found = post(client, f"{API}/violations", {"village": village.code, "kind": "unapproved",
                                               "found_on": "2024-09-20", "description": "未批先建",
                                               "inspection": inspection["id"]})
    assert found.status_code == 201, found.content
    violation = found.json()
    assert violation["state"] == "pending" and violation["code"] == "WF-2024-0001"
    assert [t["name"] for t in violation["transitions"]] == ["start", "report"]
    step = f"{API}/violations/{violation['id']}/transitions"
    assert post(client, f"{step}/start", {"comment": "已下达整改通知"}).json()["state"] == "rectifying"
    assert post(client, f"{step}/report", {}).json()["state"] == "rectified"
    assert [t["name"] for t in client.get(f"{API}/violations/{violation['id']}").json()["transitions"]] == []

    client.force_login(reviewer)
    refused = post(client, f"{step}/close", {"comment": ""})
    assert refused.status_code == 422
    assert "comment" in refused.json()["errors"]
    assert client.get(f"{API}/violations/{violation['id']}").json()["state"] == "rectified"
    closed = client.post(f"{step}/close", {"comment": "已拆除", "data": "{}",
                                            "files": [io.BytesIO(PNG)]})
    assert closed.status_code == 200, closed.content
    detail = closed.json()
    assert detail["state"] == "closed"
    assert [h["transition"] for h in detail["history"]] == ["start", "report", "close"]
    assert Violation.objects.get().inspection_id == inspection["id"]


def test_a_step_the_role_may_not_take_is_refused_with_the_reason(secretary, district):
    made = post(secretary, f"{API}/violations", {"village": district["village_a1"].code, "kind": "unapproved",
                                                 "found_on": "2024-09-20", "description": "未批先建"}).json()
    post(secretary, f"{API}/violations/{made['id']}/transitions/report", {})
    refused = post(secretary, f"{API}/violations/{made['id']}/transitions/close", {"comment": "结"})
    assert refused.status_code == 422 and "角色不能执行“结案”" in refused.json()["detail"]
    unknown = post(secretary, f"{API}/violations/{made['id']}/transitions/fly", {})
    assert unknown.status_code == 422


def test_every_wrong_field_is_named_at_once(secretary, district):
    answer = post(secretary, f"{API}/inspections", {"village": "nowhere", "inspected_on": "2024-13-40",
                                                    "kind": "x"})
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert set(errors) == {"village", "inspected_on", "kind", "inspectors", "findings"}
    assert errors["inspected_on"] == ["检查日期应为日期，格式 YYYY-MM-DD"]
    assert not AuditEvent.objects.filter(action="homestead.inspection.add").exists()
    for body in ("[1]", "{bad"):
        bad = secretary.post(f"{API}/inspections", body, content_type="application/json")
        assert bad.status_code == 422 and "JSON" in bad.json()["detail"]


def _violations(district, n):
    actor = actor_for(factories.user("village_secretary", district["village_a1"]))
    return [services.add_violation(actor=actor, village=district["village_a1"], kind="unapproved",
                                   found_on=date(2024, 1, 1 + i), description=f"第{i}处")
            for i in range(n)]


def test_the_list_pages_by_number_and_by_a_cursor_that_inserts_do_not_shift(secretary, district):
    made = _violations(district, 5)
    by_page = secretary.get(f"{API}/violations?page_size=2&page=1").json()
    assert by_page["count"] == 5 and [v["code"] for v in by_page["items"]] == [made[4].code, made[3].code]
    first = secretary.get(f"{API}/violations?cursor=start&page_size=2").json()
    assert [v["id"] for v in first["items"]] == [made[0].pk, made[1].pk]
    _violations(district, 1)  # a new record while the client pages
    seen = [v["id"] for v in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = secretary.get(f"{API}/violations?cursor={cursor}&page_size=2").json()
        seen += [v["id"] for v in page["items"]]
        cursor = page["next_cursor"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 6
    assert secretary.get(f"{API}/violations?cursor=nonsense").status_code == 422
    filtered = secretary.get(f"{API}/violations?state=closed").json()
    assert filtered["count"] == 0
    assert secretary.get(f"{API}/violations?state=flying").status_code == 422


def test_the_stream_gives_every_row_as_csv_and_ndjson(client, district):
    made = _violations(district, 3)
    client.force_login(factories.user("street_admin", district["street_a"]))
    text = b"".join(client.get(f"{API}/violations/export?format=csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["id", "案件编号", "村/社区"] and len(rows) == 4
    lines = b"".join(client.get(f"{API}/violations/export?format=ndjson&village="
                                f"{district['village_a1'].code}").streaming_content).decode().splitlines()
    assert sorted(json.loads(line)["code"] for line in lines) == sorted(v.code for v in made)
    assert AuditEvent.objects.filter(action="export.stream").count() == 2


def test_the_stream_refuses_more_rows_than_its_limit(client, district, settings):
    _violations(district, 3)
    settings.API_EXPORT_MAX_ROWS = 2
    client.force_login(factories.user("street_admin", district["street_a"]))
    answer = client.get(f"{API}/violations/export")
    assert answer.status_code == 422 and "超过一次导出的上限 2 行" in answer.json()["detail"]


def test_a_record_outside_the_scope_is_not_found(client, district):
    (other,) = _violations(district, 1)
    client.force_login(factories.user("village_secretary", district["village_b1"]))
    assert client.get(f"{API}/violations/{other.pk}").status_code == 404
    assert client.post(f"{API}/violations/{other.pk}/transitions/start", "{}",
                       content_type="application/json").status_code == 404
    assert client.get(f"{API}/violations").json()["count"] == 0
