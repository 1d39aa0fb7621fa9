"""吹哨报到 pages: the phone report form refuses bad input naming the field, a case page offers only
the actor's steps, a step posted from the page moves the case, the register flags overdue cases."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zhenxing.governance.cases.models import Case
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(district, client):
    water = factories.department(district["county"], "水务局")
    category = factories.dispatch_category(water, name="供水管道破裂", urgency="utilities")
    return {**district, "water": water, "category": category}


def login(client, role, place):
    client.force_login(factories.user(role, place))
    return client


def test_the_report_form_refuses_a_missing_description_and_writes_nothing(setup, client):
    login(client, "grid_worker", setup["grid_a1"])
    response = client.post(reverse("governance:case_report"),
                           {"place": setup["grid_a1"].code, "source": "grid"})
    assert response.status_code == 400
    assert "问题描述：请填写问题描述" in response.content.decode()
    assert not Case.objects.exists()


def test_a_grid_worker_reports_from_the_phone_form(setup, client):
    login(client, "grid_worker", setup["grid_a1"])
    page = client.get(reverse("governance:case_report")).content.decode()
    assert 'capture="environment"' in page
    response = client.post(reverse("governance:case_report"), {
        "place": setup["grid_a1"].code, "source": "grid", "description": "水管破裂",
        "category": setup["category"].pk, "lon": "123.5", "lat": "42.1"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("governance:case", args=[case.pk])
    assert case.lon == 123.5 and case.reporter_name


def test_the_case_page_offers_the_village_its_two_choices_only(setup, client):
    case = factories.case(setup["village_a1"])
    login(client, "village_secretary", setup["village_a1"])
    page = client.get(reverse("governance:case", args=[case.pk])).content.decode()
    assert "村级办结" in page and "吹哨（报街道）" in page and "派单" not in page


def test_a_street_dispatches_from_the_page_and_a_missing_department_is_named(setup, client):
    case = factories.case(setup["village_a1"], state="whistled", category=setup["category"])
    login(client, "street_admin", setup["street_a"])
    url = reverse("governance:case_act", args=[case.pk])
    client.post(url, {"transition": "dispatch"})
    case.refresh_from_db()
    assert case.state == "whistled"
    response = client.post(url, {"transition": "dispatch", "lead_department": setup["water"].pk}, follow=True)
    case.refresh_from_db()
    assert case.state == "dispatched" and case.lead_department == setup["water"]
    assert "已办理" in response.content.decode()


def test_the_register_marks_overdue_cases(setup, client):
    factories.case(setup["village_a1"], due_at=timezone.now() - timedelta(hours=1))
    login(client, "street_admin", setup["street_a"])
    page = client.get(reverse("governance:cases") + "?deadline=overdue").content.decode()
    assert "超期" in page and "AJ-2024-" in page


def test_the_deadline_page_lists_a_departments_overdue_case(setup, client):
    c = factories.case(setup["village_a1"], state="dispatched", lead_department=setup["water"],
                       due_at=timezone.now() - timedelta(hours=1))
    login(client, "department_staff", setup["water"])
    page = client.get(reverse("governance:cases_deadlines")).content.decode()
    assert c.code in page and 'class="overdue"' in page


def test_the_street_records_the_feedback_from_the_page_and_the_villager_who_reported_sees_it(setup, client):
    villager = factories.user("villager", setup["village_a1"])
    case = factories.case(setup["village_a1"], state="resolved", source="villager", reporter=villager,
                          lead_department=setup["water"], result="已更换管道")
    login(client, "street_admin", setup["street_a"])
    page = client.get(reverse("governance:case", args=[case.pk])).content.decode()
    assert 'name="feedback_method"' in page and "回访结案" not in page  # feedback comes first
    url = reverse("governance:case_act", args=[case.pk])
    refused = client.post(url, {"transition": "feedback", "feedback_method": "phone"}, follow=True)
    assert "反馈内容：此项必填" in refused.content.decode()
    client.post(url, {"transition": "feedback", "feedback_method": "phone",
                      "feedback": "管道已换好，请放心用水"})
    case.refresh_from_db()
    assert case.state == "fed_back" and case.feedback == "管道已换好，请放心用水"
    page = client.get(reverse("governance:case", args=[case.pk])).content.decode()
    assert "回访结案" in page and "重办（不满意）" in page
    client.force_login(villager)
    mine = client.get(reverse("governance:cases_mine")).content.decode()
    assert case.code in mine and "已反馈（待回访）" in mine
    own = client.get(reverse("governance:case", args=[case.pk])).content.decode()
    assert "向反映人反馈" in own and "电话：管道已换好，请放心用水" in own
    assert 'name="transition"' not in own  # the reporter reads, and takes no step


def test_a_reporters_phone_is_stored_encrypted_and_shown_masked(setup, client):
    login(client, "grid_worker", setup["grid_a1"])
    client.post(reverse("governance:case_report"), {
        "place": setup["grid_a1"].code, "source": "grid", "description": "水管破裂",
        "reporter_name": "王大爷", "reporter_phone": "13812345678"})
    case = Case.objects.get()
    assert "13812345678" not in case.reporter_phone_enc and case.reporter_phone_masked == "138****5678"
    Case.objects.filter(pk=case.pk).update(state="whistled")  # so that the street sees it too
    for role, place in ((None, None), ("village_cadre", "village_a1"), ("street_reviewer", "street_a")):
        if role:  # first the grid worker who reported it, then the others
            login(client, role, setup[place])
        page = client.get(reverse("governance:case", args=[case.pk])).content.decode()
        assert "138****5678" in page and "13812345678" not in page and "查看完整电话" not in page
        assert client.post(reverse("governance:case_reveal", args=[case.pk])).status_code == 404


def test_the_village_secretary_reveals_the_phone_and_the_reveal_is_audited(setup, client):
    from zhenxing.core.models import AuditEvent

    case = factories.case(setup["village_a1"])
    from zhenxing.core import personal
    personal.store(case, "reporter_phone", "13812345678")
    case.save()
    login(client, "village_secretary", setup["village_a1"])
    assert "查看完整电话" in client.get(reverse("governance:case", args=[case.pk])).content.decode()
    response = client.post(reverse("governance:case_reveal", args=[case.pk]))
    assert "13812345678" in response.content.decode()
    assert AuditEvent.objects.filter(action="governance.case.reveal", object_id=str(case.pk)).count() == 1


def test_a_villager_cannot_report_as_12345(setup, client):
    login(client, "villager", setup["village_a1"])
    assert "12345" not in client.get(reverse("governance:case_report")).content.decode()
    response = client.post(reverse("governance:case_report"), {
        "place": setup["village_a1"].code, "source": "hotline", "description": "路灯坏了"})
    assert response.status_code == 400 and not Case.objects.exists()


def test_the_case_page_names_people_not_their_logins(setup, client):
    """The reporter and each step's actor appear by name, the actor with their unit and role."""
    from zhenxing.governance.cases import services
    from zhenxing.orgs import access

    grid = factories.user("grid_worker", setup["grid_a1"], username="grid_login")
    secretary = factories.user("village_secretary", setup["village_a1"], username="secretary_login")
    for user, name in ((grid, "张网格"), (secretary, "李书记")):
        user.first_name = name
        user.save(update_fields=["first_name"])
    case = services.report(actor=access.actor_for(grid), place=setup["grid_a1"], source="grid",
                           description="路灯不亮")
    services.act(actor=access.actor_for(secretary), case=case, transition="whistle", comment="需街道协调")
    login(client, "street_admin", setup["street_a"])
    page = client.get(reverse("governance:case", args=[case.pk])).content.decode()
    assert "张网格" in page and "李书记（A街1村·村党组织书记）" in page
    assert "grid_login" not in page and "secretary_login" not in page
