"""政策制度 over the API alone: a policy entered with its file and rules, revised by a new version, read with
its versions and the rules in force, then repealed; errors by field; who reads and who writes."""

import io

import pytest

from zhenxing.homestead.policies.models import Policy
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/homestead"
PDF = b"%PDF-1.4\n%test\n"
POLICY = {"title": "沈北新区农村宅基地审批管理办法", "number": "沈北政办发〔2020〕15号",
          "issuer": "沈北新区人民政府办公室", "level": "district", "category": "approval",
          "effective_from": "2020-01-01", "text": "第一条 ……", "rule_area_cap_m2": "400"}
DESCRIPTION = {k: POLICY[k] for k in ("title", "number", "issuer", "level", "category")}



@pytest.fixture
def admin(client, district):
    client.force_login(factories.user("district_admin", district["county"]))
    return client


def _rule(client, key, on=""):
    rows = client.get(f"{API}/policies/rules" + (f"?on={on}" if on else "")).json()
    return next(r for r in rows if r["key"] == key)


def test_a_policy_is_entered_revised_read_and_repealed_over_the_api(admin):
    assert _rule(admin, "area_cap_m2")["source"] is None
    pdf = io.BytesIO(PDF)
    pdf.name = "办法.pdf"
    made = admin.post(f"{API}/policies", {**POLICY, "attachment": pdf})  # multipart, with the file
    assert made.status_code == 201, made.content
    policy = made.json()
    assert policy["level"] == "区" and policy["current_version"] == "第1版（2020-01-01 起）"
    rule = _rule(admin, "area_cap_m2")
    assert rule["value"] == "400.00" and rule["source"]["policy_id"] == policy["id"]

    revised = post(admin, f"{API}/policies/{policy['id']}/versions",
                   {"effective_from": "2024-01-01", "text": "第一条（修订）", "change_note": "提高上限",
                    "rule_area_cap_m2": "450", "rule_publicity_working_days": "7"})
    assert revised.status_code == 200, revised.content
    assert revised.json()["current_version"] == "第2版（2024-01-01 起）"
    second, first = admin.get(f"{API}/policies/{policy['id']}/versions").json()
    assert (second["number"], second["in_force"], second["attachment"]) == (2, True, None)
    assert [(x["key"], x["value"]) for x in second["rules"]] == [
        ("area_cap_m2", "450.00"), ("publicity_working_days", "7.00")]
    assert first["effective_to"] == "2023-12-31" and first["attachment_name"] == "办法.pdf"
    assert b"".join(admin.get(first["attachment"]).streaming_content) == PDF
    assert _rule(admin, "area_cap_m2", on="2023-06-01")["value"] == "400.00"
    assert _rule(admin, "publicity_working_days")["source"]["version"] == 2

    repealed = post(admin, f"{API}/policies/{policy['id']}/edit",
                    {**DESCRIPTION, "status": "repealed", "repealed_on": "2024-06-30"})
    assert repealed.status_code == 200, repealed.content
    assert repealed.json()["status"] == "已废止"
    assert _rule(admin, "area_cap_m2")["source"] is None
    refused = post(admin, f"{API}/policies/{policy['id']}/versions",
                   {"effective_from": "2025-01-01", "text": "再修订", "change_note": "x"})
    assert refused.status_code == 422
    assert refused.json()["errors"] == {"status": ["该政策已废止，不能再录入新版本"]}
    assert admin.get(f"{API}/policies?status=repealed").json()["count"] == 1


def test_every_wrong_field_is_named_at_once(admin):
    answer = post(admin, f"{API}/policies", {"level": "town", "effective_from": "2020-02-30",
                                             "rule_area_cap_m2": "30", "rule_publicity_working_days": "x"})
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert set(errors) == {"title", "issuer", "level", "category", "effective_from", "text"}
    assert errors["effective_from"] == ["施行日期应为日期，格式 YYYY-MM-DD"]
    rules = post(admin, f"{API}/policies", {**POLICY, "rule_area_cap_m2": "30",
                                            "rule_publicity_working_days": "2.5"})
    assert rules.status_code == 422 and set(rules.json()["errors"]) == {
        "rule_area_cap_m2", "rule_publicity_working_days"}
    assert not Policy.objects.exists()


def test_policies_are_read_below_the_district_and_written_only_by_it(client, district):
    mine = factories.policy(district["county"], title="区办法")
    theirs = factories.policy(factories.unit("210112000000", "浑南区"), title="浑南区办法")
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    assert [p["title"] for p in client.get(f"{API}/policies").json()["items"]] == ["区办法"]
    assert client.get(f"{API}/policies/{mine.pk}/versions").status_code == 200
    assert client.get(f"{API}/policies/{theirs.pk}").status_code == 404
    assert client.get(f"{API}/policies/{theirs.pk}/versions").status_code == 404
    assert client.get(f"{API}/policies/rules").status_code == 200
    edit = post(client, f"{API}/policies/{mine.pk}/edit", {**DESCRIPTION, "status": "current"})
    assert edit.status_code == 404
    assert post(client, f"{API}/policies", POLICY).status_code == 404
    client.force_login(factories.user("villager", district["village_a1"]))
    assert client.get(f"{API}/policies/rules").status_code == 404
