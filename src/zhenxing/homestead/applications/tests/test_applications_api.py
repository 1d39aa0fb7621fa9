"""申请审批 over the API alone: filed once under an Idempotency-Key, its files uploaded, walked through 公示
(an objection recorded and resolved), the departments' 联审 signatures, approval (the 批准书), inspection (the
验收意见表) and registration; errors by field; what a villager and an outsider may not do."""

import io
import json
from datetime import timedelta

import pytest
import shapely
from django.utils import timezone

from zhenxing.homestead.applications.models import Application
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db
API = "/api/v1/homestead/applications"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64



def as_(client, w, who):
    client.force_login(w.users[who])
    return client


def png(name):
    f = io.BytesIO(PNG + name.encode())
    f.name = name
    return f


def new_application():
    return {"kind": "new", "reason": "分户后无宅基地", "location": "A街1村三组", "building_area_m2": "120",
            "floors": 2, "geometry": json.loads(shapely.to_geojson(factories.site()))}


def step(client, app_id, name, **body):
    answer = post(client, f"{API}/{app_id}/transitions/{name}", {"comment": "", "data": {}, **body})
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_an_application_walks_from_filing_to_registration_over_the_api(client, w):
    today = str(timezone.localdate())
    villager = as_(client, w, "villager")
    made = post(villager, API, new_application(), **{"Idempotency-Key": "phone-retry-0001"})
    assert made.status_code == 201, made.content
    again = post(villager, API, new_application(), **{"Idempotency-Key": "phone-retry-0001"})
    assert again.status_code == 201 and again.json()["id"] == made.json()["id"]
    assert Application.objects.count() == 1
    app_id = made.json()["id"]

    form = villager.post(f"{API}/{app_id}/files", {"file": png("申请表.png")})
    assert form.status_code == 201, form.content
    assert villager.get(form.json()["url"]).status_code == 200
    assert [f["name"] for f in villager.get(f"{API}/{app_id}/files").json()] == ["申请表.png"]
    step(villager, app_id, "submit", attachment_ids=[form.json()["id"]])

    secretary = as_(client, w, "secretary")
    step(secretary, app_id, "group_agree",
         data={"meeting_date": today, "attendance": "20", "votes_for": "15"})
    raised = post(secretary, f"{API}/{app_id}/objections", {"raised_by": "李四", "raised_on": today,
                                                             "content": "占用了通道"})
    assert raised.status_code == 201, raised.content
    objection = raised.json()
    assert objection["upheld"] is None
    resolved = post(secretary, f"{API}/{app_id}/objections/{objection['id']}/resolve",
                    {"upheld": False, "resolution": "经核实未占用通道"})
    assert resolved.status_code == 200 and resolved.json()["upheld"] is False
    Application.objects.filter(pk=app_id).update(due_at=timezone.now() - timedelta(days=1))  # 公示期满
    step(secretary, app_id, "publicity_end")
    step(secretary, app_id, "village_pass", data={"review_date": today})

    for part in ("nr", "housing", "agri"):
        signed = post(as_(client, w, part), f"{API}/{app_id}/opinions",
                      {"agree": True, "opinion": "符合规划"})
        assert signed.status_code == 201, signed.content
    twice = post(client, f"{API}/{app_id}/opinions", {"agree": True, "opinion": "再签"})
    assert twice.status_code == 422 and "已签署本轮意见" in twice.json()["errors"]["opinion"][0]
    assert [o["part_label"] for o in client.get(f"{API}/{app_id}/opinions").json()] == [
        "农业农村", "住房和城乡建设", "自然资源"]

    street = as_(client, w, "street")
    assert street.get(f"{API}/{app_id}/documents/approval").status_code == 404  # not approved yet
    step(street, app_id, "joint_pass", data={"survey_date": today, "surveyors": "张三、李四"})
    step(street, app_id, "approve")
    paper = street.get(f"{API}/{app_id}/documents/approval?format=pdf")
    assert paper.status_code == 200 and paper.content.startswith(b"%PDF")
    step(street, app_id, "stake_out", data={"stake_date": today})
    photo = street.post(f"{API}/{app_id}/files", {"file": png("验收照片.png")}).json()
    step(street, app_id, "inspect", attachment_ids=[photo["id"]],
         data={"inspection_date": today, "findings": "按批准面积建设"})
    word = street.get(f"{API}/{app_id}/documents/acceptance?format=docx")
    assert word.status_code == 200 and word.content.startswith(b"PK")
    done = step(street, app_id, "register", data={"certificate_number": "辽(2026)沈北新区不动产权第0000101号",
                                                   "parcel_code": "210113001201JC90001"})
    assert done["state"] == "registered" and done["parcel_code"] == "210113001201JC90001"


def test_every_wrong_field_is_named_at_once(client, w):
    villager = as_(client, w, "villager")
    app_id = post(villager, API, new_application()).json()["id"]
    assert villager.post(f"{API}/{app_id}/files", {}).json()["errors"] == {"file": ["请选择要上传的文件"]}
    secretary = as_(client, w, "secretary")
    bad = post(secretary, f"{API}/{app_id}/objections", {"raised_on": "2024-02-30"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"raised_by": ["请填写异议人"], "raised_on": ["日期格式应为 YYYY-MM-DD"],
                                    "content": ["请填写异议内容"]}
    early = post(secretary, f"{API}/{app_id}/objections", {"raised_by": "李四", "raised_on": "2024-01-02",
                                                            "content": "有异议"})
    assert early.status_code == 422 and early.json()["errors"] == {"objection": ["只能在公示期间登记异议"]}
    unsure = post(as_(client, w, "nr"), f"{API}/{app_id}/opinions", {"agree": "maybe"})
    assert unsure.status_code in (404, 422)  # the department sees an application only in 联审


def test_a_key_reused_for_another_request_is_refused(client, w):
    villager = as_(client, w, "villager")
    key = {"Idempotency-Key": "phone-retry-0002"}
    assert post(villager, API, new_application(), **key).status_code == 201
    other = post(villager, API, {**new_application(), "reason": "另一份申请"}, **key)
    assert other.status_code == 422 and Application.objects.count() == 1


def test_outside_the_scope_nothing_is_found(client, w):
    app_id = post(as_(client, w, "villager"), API, new_application()).json()["id"]
    outsider = as_(client, w, "street_b")
    assert outsider.get(f"{API}/{app_id}/files").status_code == 404
    assert outsider.post(f"{API}/{app_id}/files", {"file": png("x.png")}).status_code == 404
    assert post(outsider, f"{API}/{app_id}/objections", {}).status_code == 404
    assert outsider.get(f"{API}/{app_id}/documents/approval").status_code == 404
    villager = as_(client, w, "villager")
    refused = post(villager, f"{API}/{app_id}/objections", {"raised_by": "我", "raised_on": "2024-01-02",
                                                             "content": "x"})
    assert refused.status_code == 422 and "只有村级审查人员" in refused.json()["errors"]["objection"][0]
    assert post(villager, f"{API}/{app_id}/objections/999999/resolve", {}).status_code == 404


def test_the_history_names_who_acted_besides_their_login(client, w):
    """The page shows the secretary by name and unit; the API keeps the login and adds the name."""
    from zhenxing.core import workflow
    from zhenxing.homestead.applications.workflows import APPLICATION

    secretary = w.users["secretary"]
    secretary.first_name = "李书记"
    secretary.save(update_fields=["first_name"])
    app = factories.application(w.home, w.users["villager"], state="group_review")
    workflow.advance(workflow=APPLICATION, record=app, transition="group_agree", user=secretary,
                     roles=set(APPLICATION.transition("group_agree").roles),
                     data={"meeting_date": "2024-03-01", "attendance": "12", "votes_for": "11"})
    as_(client, w, "secretary")
    [entry] = client.get(f"{API}/{app.pk}").json()["history"]
    assert (entry["actor"], entry["actor_name"]) == (secretary.username, "李书记（A街1村·村党组织书记）")
    page = client.get(f"/homestead/applications/{app.pk}/").content.decode()
    assert "李书记（A街1村·村党组织书记）" in page and secretary.username not in page
