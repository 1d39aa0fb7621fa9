"""Cases over the Open311-style API: the catalogue as services, a report as a request, the standard's
open/closed beside our own states, a step taken over JSON, refusals in Chinese."""


import pytest

from zhenxing.governance.cases import services
from zhenxing.governance.cases.models import Case
from zhenxing.governance.cases.tests.test_cases import _report, _to_department, photo, world  # noqa: F401
from zhenxing.testing import factories
from zhenxing.testing.client import post_json as post

pytestmark = pytest.mark.django_db



def test_a_grid_worker_reports_over_open311_and_sees_the_request(client, world):  # noqa: F811
    client.force_login(world["grid"].user)
    services = client.get("/api/v1/open311/services").json()
    assert {s["service_name"] for s in services} == {"供水管道破裂", "道路积水"}
    code = next(s["service_code"] for s in services if s["service_name"] == "道路积水")
    created = post(client, "/api/v1/open311/requests", {
        "service_code": code, "description": "村口积水", "place": world["grid_a1"].code,
        "lat": 42.1, "long": 123.5,
    })
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["zx_state"], body["service_name"]) == ("open", "reported", "道路积水")
    assert body["service_request_id"] == Case.objects.get().code
    listed = client.get("/api/v1/open311/requests?status=open").json()
    assert [r["service_request_id"] for r in listed["items"]] == [body["service_request_id"]]
    assert client.get("/api/v1/open311/requests?status=closed").json()["count"] == 0


def test_bad_requests_are_refused_in_chinese_and_write_nothing(client, world):  # noqa: F811
    client.force_login(world["grid"].user)
    bad = post(client, "/api/v1/open311/requests", {"service_code": "999999", "description": "x",
                                                    "place": world["grid_a1"].code})
    assert bad.status_code == 422 and "事项“999999”不存在" in bad.json()["detail"]
    elsewhere = post(client, "/api/v1/open311/requests", {"description": "x", "place": world["grid_b1"].code})
    assert elsewhere.status_code == 404
    assert not Case.objects.exists()


def test_a_department_accepts_its_case_over_the_api_and_others_get_404(client, world):  # noqa: F811
    case = _to_department(world, _report(world))
    client.force_login(world["water_staff"].user)
    done = post(client, f"/api/v1/cases/{case.pk}/transitions/accept", {"comment": "已报到"})
    assert done.status_code == 200 and done.json()["zx_state"] == "handling"
    client.force_login(factories.user("department_staff", factories.department(world["county"], "民政局")))
    assert post(client, f"/api/v1/cases/{case.pk}/transitions/resolve", {}).status_code == 404


def test_feedback_over_the_api_keeps_the_request_open_with_the_feedback_as_its_notes(client, world):  # noqa: F811
    case = _to_department(world, _report(world))
    services.act(actor=world["water_staff"], case=case, transition="accept")
    services.act(actor=world["water_staff"], case=case, transition="resolve", data={"result": "已更换管道"},
                 uploads=[photo()])
    client.force_login(world["street"].user)
    url = f"/api/v1/cases/{case.pk}/transitions/"
    early = post(client, url + "close", {"data": {"satisfaction": "satisfied", "evaluation": "good"}})
    assert early.status_code == 422 and "不能执行“回访结案”" in early.json()["detail"]
    bad = post(client, url + "feedback", {"data": {"feedback_method": "fax", "feedback": "已告知"}})
    assert bad.status_code == 422 and "反馈方式" in bad.json()["detail"]
    told = post(client, url + "feedback", {"data": {"feedback_method": "sms", "feedback": "已短信告知修复"}})
    body = told.json()
    assert told.status_code == 200
    assert (body["status"], body["zx_state"], body["status_notes"]) == ("open", "fed_back", "已短信告知修复")
    done = post(client, url + "close", {"data": {"satisfaction": "satisfied", "evaluation": "good"}}).json()
    assert (done["status"], done["zx_state"]) == ("closed", "closed")
