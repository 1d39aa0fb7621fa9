"""审计日志 for people: actions, objects and changes in Chinese, who acted by name and unit, filters by
person, unit, object, action and date, and the chain's verification as a button (and an API operation) for
the security auditor only, itself audited."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.test import Client

from zhenxing.core import audit
from zhenxing.core.models import AuditEvent
from zhenxing.orgs import audit_verify
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def named(role, place, name, username):
    u = factories.user(role, place, username=username)
    u.first_name = name
    u.save(update_fields=["first_name"])
    return u


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def w(district):
    d = district
    dept = factories.department(d["county"], "水务局")
    home = factories.household(d["village_a1"], d["grid_a1"])
    person = factories.person(home, name="王五")
    secretary = named("village_secretary", d["village_a1"], "李书记", "secretary_a1")
    grid = named("grid_worker", d["grid_a1"], "张网格", "grid_a1w")
    water = named("department_staff", dept, "赵水务", "dept_water")
    auditor = named("audit_admin", d["county"], "郑审计", "auditor")
    case = factories.case(d["village_a1"], code="AJ-2024-000777")
    audit.record(actor=secretary, action="person.update", obj=person, changes={"name": ["王", "王五"]})
    audit.record(actor=grid, action="governance.case.report", obj=case,
                 changes={"village": "A街1村", "source": "grid", "category": ""})
    audit.record(actor=water, action="governance.case.resolve", obj=case,
                 changes={"state": ["handling", "resolved"], "comment": "已修好"})
    return {**d, "dept": dept, "person": person, "case": case, "secretary": secretary, "grid": grid,
            "water": water, "auditor": auditor, "client": signed_in(auditor)}


def listed(w, **query) -> list[str]:
    page = w["client"].get("/audit/", query).context["page"]
    return [e.action for e in page.object_list if e.action != "audit.verify"]


def test_the_log_reads_in_chinese_with_names_units_and_a_table_of_changes(w):
    body = w["client"].get("/audit/").content.decode()
    assert "修改人员信息" in body and "吹哨报到：办结" in body and "上报事件" in body
    assert "李书记" in body and "A街1村·村党组织书记" in body
    assert "赵水务" in body and "水务局·部门工作人员" in body
    assert ">secretary_a1<" not in body and ">person.update<" not in body  # the code only as a tooltip
    # The change as a row of 原值 → 新值 under the field's name, the case's states by their names.
    assert '<th scope="row">姓名</th><td class="before">王</td><td>王五</td>' in body
    assert '<td class="before">办理中</td><td>已办结（待反馈）</td>' in body
    assert "{'" not in body and "[&#x27;" not in body  # no Python dict or list
    assert "person.reveal" not in body and "如 办结" in body  # the search box's examples are Chinese


def test_filters_by_person_name_or_login_and_by_one_person(w):
    assert listed(w, person="李书记") == ["person.update"]
    assert listed(w, person="grid_a1w") == ["governance.case.report"]
    assert listed(w, actor=w["water"].pk) == ["governance.case.resolve"]
    body = w["client"].get("/audit/", {"actor": w["water"].pk}).content.decode()
    assert "只看操作人：<strong>赵水务（水务局·部门工作人员）</strong>" in body


def test_filters_by_the_unit_the_actor_works_in(w):
    village = listed(w, unit=w["village_a1"].code)
    assert sorted(village) == ["governance.case.report", "person.update"]  # the grid is inside the village
    assert listed(w, unit=f"dept:{w['dept'].pk}") == ["governance.case.resolve"]
    assert listed(w, unit=w["street_b"].code) == []
    response = w["client"].get("/audit/", {"unit": "999999999999"})
    assert list(response.context["page"].object_list) == []
    assert "找不到“999999999999”" in response.content.decode()


def test_filters_by_object_action_name_and_date(w):
    case = w["case"]
    assert sorted(listed(w, type="governance.case", oid=str(case.pk))) == [
        "governance.case.report", "governance.case.resolve"]
    assert listed(w, type="people.person") == ["person.update"]
    assert listed(w, obj="AJ-2024-000777") == ["governance.case.resolve", "governance.case.report"]
    assert listed(w, action="办结") == ["governance.case.resolve"]
    assert listed(w, action="person.") == ["person.update"]  # a code's beginning still works
    today = date.today()
    assert len(listed(w, start=today.isoformat(), end=today.isoformat())) == 3
    assert listed(w, end=(today - timedelta(days=2)).isoformat()) == []


def test_the_auditor_verifies_the_chain_and_the_verification_is_audited(w):
    response = w["client"].post("/audit/verify/", follow=True)
    body = response.content.decode()
    assert "审计链完整" in body and "共 3 条事件" in body
    event = AuditEvent.objects.filter(action="audit.verify").get()
    assert event.actor == w["auditor"] and event.changes["ok"] is True and event.changes["checked"] == 3
    again = w["client"].get("/audit/").content.decode()
    assert "郑审计（沈北新区·安全审计员） 校验：审计链完整" in again


def test_the_log_keeps_its_filters_after_a_verification(w):
    response = w["client"].post("/audit/verify/", {"back": "person=李书记&page=2"})
    assert response["Location"] == "/audit/?person=%E6%9D%8E%E4%B9%A6%E8%AE%B0&page=2"


def test_a_broken_chain_names_its_first_broken_event(w):
    second = AuditEvent.objects.get(seq=2)
    AuditEvent.objects.filter(pk=second.pk).update(object_repr="改过的")
    body = w["client"].post("/audit/verify/", follow=True).content.decode()
    assert "审计链已被破坏，首个问题在第 2 号事件" in body
    assert AuditEvent.objects.get(action="audit.verify").changes["broken_seq"] == 2


@pytest.mark.parametrize("role,place", [("village_secretary", "village_a1"), ("district_admin", "county"),
                                        ("security_admin", "county")])
def test_only_the_auditor_has_the_log_and_its_verification(w, role, place):
    other = signed_in(factories.user(role, w[place]))
    assert other.get("/audit/").status_code == 404
    assert other.post("/audit/verify/").status_code == 404
    assert other.post("/api/v1/audit/verify").status_code == 404
    assert not AuditEvent.objects.filter(action="audit.verify").exists()


def test_a_long_chain_is_verified_in_the_background(w, settings):
    settings.AUDIT_VERIFY_INLINE_EVENTS = 2  # the three events are "long": a job (run at once in tests)
    body = w["client"].post("/audit/verify/", follow=True).content.decode()
    assert "审计链完整" in body and AuditEvent.objects.filter(action="audit.verify").count() == 1


def test_while_a_background_verification_runs_the_page_says_so(w, settings, monkeypatch):
    settings.AUDIT_VERIFY_INLINE_EVENTS = 2
    queued = []
    fake = SimpleNamespace(enqueue=lambda *a: queued.append(a))
    monkeypatch.setattr(audit_verify, "run_verification", fake)
    monkeypatch.setattr(audit_verify.jobs, "waiting", lambda task: bool(queued))
    body = w["client"].post("/audit/verify/", follow=True).content.decode()
    assert queued == [(w["auditor"].pk,)] and "已转为后台校验" in body
    assert not AuditEvent.objects.filter(action="audit.verify").exists()


def test_the_api_verifies_and_names_people_and_actions(w):
    api = w["client"]
    done = api.post("/api/v1/audit/verify")
    assert done.status_code == 200 and done.json()["ok"] is True and done.json()["checked"] == 3
    assert api.get("/api/v1/audit/verify").json()["verified_by"].startswith("郑审计")
    items = api.get("/api/v1/audit/events", {"action": "修改人员"}).json()["items"]
    [event] = items
    assert (event["actor_name"], event["actor_display"], event["actor_unit"]) == (
        "secretary_a1", "李书记", "A街1村·村党组织书记")
    assert (event["action_label"], event["object_type_label"]) == ("修改人员信息", "人员")
    assert event["changes_table"] == [{"key": "name", "label": "姓名", "before": "王", "after": "王五",
                                       "change": True}]
    assert api.get("/api/v1/audit/events", {"unit": "999"}).status_code == 422
