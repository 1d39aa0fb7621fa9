"""执法监管: violations with rectification deadlines in working days, the rectification workflow (who may
take which step, closure evidence), the overdue list per street, pages and indicators."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhenxing.core import workdays, workflow
from zhenxing.core.indicators import registry
from zhenxing.core.models import AuditEvent, WorkflowStep
from zhenxing.homestead.enforcement import services
from zhenxing.homestead.enforcement.models import Violation
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def secretary(district):
    return actor_for(factories.user("village_secretary", district["village_a1"]))


@pytest.fixture
def reviewer(district):
    return actor_for(factories.user("street_reviewer", district["street_a"]))


def _violation(actor, village, **extra):
    values = {"kind": "unapproved", "found_on": date(2024, 9, 20), "description": "未经批准新建房屋一处"}
    values.update(extra)
    return services.add_violation(actor=actor, village=village, **values)


def _photo(name="整改照片.png"):
    return SimpleUploadedFile(name, PNG + name.encode(), content_type="image/png")


def test_a_violation_gets_a_code_and_a_deadline_in_working_days(district, secretary):
    v = _violation(secretary, district["village_a1"])
    assert v.code == "WF-2024-0001" and v.state == "pending"
    # 20 working days after 2024-09-20 skip the National Day week (10-01..10-07) and count the make-up
    # Sunday 09-29 and Saturday 10-12.
    assert v.deadline == workdays.add_working_days(date(2024, 9, 20), 20) == date(2024, 10, 23)
    assert timezone.localtime(v.due_at).date() == v.deadline
    assert AuditEvent.objects.get(action="homestead.violation.add").changes["deadline"] == "2024-10-23"


def test_the_number_of_days_is_the_policy_in_force_on_the_day_found(district, secretary):
    factories.policy(district["county"], effective_from=date(2024, 1, 1), rules={"rectify_working_days": 10})
    assert _violation(secretary, district["village_a1"]).deadline == workdays.add_working_days(
        date(2024, 9, 20), 10
    )
    assert _violation(secretary, district["village_a1"], found_on=date(2023, 9, 20)).deadline == (
        workdays.add_working_days(date(2023, 9, 20), 20)
    )


def test_a_parcel_decides_the_village_and_scope_is_checked(district, secretary):
    parcel = factories.parcel(district["village_a1"])
    v = _violation(secretary, None, parcel=parcel)
    assert v.village == district["village_a1"] and v.parcel == parcel
    with pytest.raises(Http404):
        _violation(secretary, district["village_b1"])
    with pytest.raises(ValidationError) as err:
        _violation(secretary, district["village_a1"], kind="", found_on=None, description="")
    assert set(err.value.message_dict) == {"kind", "found_on", "description"}


def test_the_village_reports_and_only_the_street_closes_with_evidence_and_a_note(
    district, secretary, reviewer
):
    v = _violation(secretary, district["village_a1"])
    services.act(actor=secretary, violation=v, transition="start", comment="已督促")
    services.act(actor=secretary, violation=v, transition="report", comment="已拆除")
    with pytest.raises(ValidationError, match="您的角色不能执行“结案”"):
        services.act(actor=secretary, violation=v, transition="close", comment="结案", uploads=[_photo()])
    with pytest.raises(ValidationError, match="须上传至少 1 份材料"):
        services.act(actor=reviewer, violation=v, transition="close", comment="经核查已整改")
    with pytest.raises(ValidationError, match="须填写理由"):
        services.act(actor=reviewer, violation=v, transition="close", uploads=[_photo()])
    v.refresh_from_db()
    assert v.state == "rectified"
    services.act(actor=reviewer, violation=v, transition="close", comment="经核查已整改", uploads=[_photo()])
    v.refresh_from_db()
    assert v.state == "closed" and v.due_at is None
    steps = list(workflow.history(v))
    assert [s.transition for s in steps] == ["start", "report", "close"]
    assert len(steps[-1].attachment_ids) == 1


def test_a_step_outside_the_scope_is_404(district, secretary):
    admin = actor_for(factories.user("district_admin", district["county"]))
    v = _violation(admin, district["village_b1"])
    with pytest.raises(Http404):
        services.act(actor=secretary, violation=v, transition="start")


def test_the_deadline_keeps_running_through_rectification(district, secretary, reviewer):
    v = _violation(secretary, district["village_a1"], found_on=date(2024, 3, 1))
    services.act(actor=secretary, violation=v, transition="start")
    v.refresh_from_db()
    assert timezone.localtime(v.due_at).date() == v.deadline
    assert list(workflow.overdue(Violation.objects.all())) == [v]
    services.act(actor=secretary, violation=v, transition="report")
    services.act(actor=reviewer, violation=v, transition="send_back", comment="未拆除到位")
    v.refresh_from_db()
    assert v.state == "rectifying" and timezone.localtime(v.due_at).date() == v.deadline


def test_overdue_list_groups_open_cases_by_street_and_highlights_them(client, district):
    late_a = factories.violation(district["village_a1"], state="rectifying", deadline=date(2024, 5, 6))
    late_b = factories.violation(district["village_b1"], deadline=date(2024, 5, 6))
    done = factories.violation(district["village_a2"], state="closed", deadline=date(2024, 5, 6))
    future = factories.violation(district["village_a2"], deadline=timezone.localdate() + timedelta(days=5))
    client.force_login(factories.user("district_admin", district["county"]))
    body = client.get("/homestead/violations/overdue/").content.decode()
    assert "马刚街道（1 件）" in body and "兴隆台街道（1 件）" in body
    assert late_a.code in body and late_b.code in body and done.code not in body and future.code not in body
    assert body.count('<tr class="overdue">') == 2
    body = client.get("/homestead/violations/?overdue=yes").content.decode()
    assert late_a.code in body and future.code not in body


def test_overdue_list_stays_in_scope(client, district, reviewer):
    mine = factories.violation(district["village_a1"])
    theirs = factories.violation(district["village_b1"])
    client.force_login(reviewer.user)
    body = client.get("/homestead/violations/overdue/").content.decode()
    assert mine.code in body and theirs.code not in body
    assert client.get(f"/homestead/violations/{theirs.pk}/").status_code == 404


def test_detail_offers_only_the_actors_steps(client, district, secretary, reviewer):
    v = factories.violation(district["village_a1"], state="rectified")
    client.force_login(secretary.user)
    assert "<legend>结案</legend>" not in client.get(f"/homestead/violations/{v.pk}/").content.decode()
    client.force_login(reviewer.user)
    body = client.get(f"/homestead/violations/{v.pk}/").content.decode()
    assert "<legend>结案</legend>" in body and "<legend>退回继续整改</legend>" in body
    client.force_login(factories.user("first_secretary", district["village_a1"]))  # reads, does not act
    body = client.get(f"/homestead/violations/{v.pk}/").content.decode()
    assert "<legend>" not in body and v.code in body


def test_closing_through_the_page_needs_the_evidence(client, district, reviewer):
    v = factories.violation(district["village_a1"], state="rectified")
    client.force_login(reviewer.user)
    response = client.post(
        f"/homestead/violations/{v.pk}/act/", {"transition": "close", "comment": "已整改"}, follow=True
    )
    assert "佐证材料：“结案”须上传至少 1 份材料" in response.content.decode()
    response = client.post(
        f"/homestead/violations/{v.pk}/act/",
        {"transition": "close", "comment": "已整改", "files": [_photo("拆除后.png")]},
        follow=True,
    )
    body = response.content.decode()
    assert "已结案" in body and "拆除后.png" in body


def test_violation_form_rejects_an_unknown_parcel_in_chinese(client, district, secretary):
    client.force_login(secretary.user)
    response = client.post(
        "/homestead/violations/new/",
        {"parcel": "210113001201JC99999", "kind": "unapproved", "found_on": "2024-05-01", "description": "x"},
    )
    assert response.status_code == 400
    assert "宗地代码：宗地代码“210113001201JC99999”不存在或不在您的管辖范围内" in response.content.decode()
    response = client.post("/homestead/violations/new/", {"kind": "unapproved", "found_on": "2024-05-01"})
    body = response.content.decode()
    assert "村/社区：请选择村/社区，或填写宗地代码" in body and "情况描述：请填写情况描述" in body
    assert not Violation.objects.exists()


def test_an_inspection_and_the_violation_it_found(client, district, reviewer):
    client.force_login(reviewer.user)
    response = client.post(
        "/homestead/inspections/new/",
        {
            "village": district["village_a1"].code,
            "inspected_on": "2024-05-01",
            "kind": "report",
            "inspectors": "执法队 王某",
            "findings": "群众举报未批先建",
        },
    )
    assert response.status_code == 302
    inspection_url = response["Location"]
    pk = int(inspection_url.rstrip("/").rsplit("/", 1)[1])
    response = client.post(
        f"/homestead/violations/new/?inspection={pk}",
        {
            "village": district["village_a1"].code,
            "kind": "unapproved",
            "found_on": "2024-05-01",
            "description": "未批先建",
        },
    )
    v = Violation.objects.get()
    assert v.inspection_id == pk
    assert v.code in client.get(inspection_url).content.decode()


def test_violation_indicators(district):
    factories.violation(district["village_a1"])  # overdue
    factories.violation(district["village_a1"], state="closed")
    factories.violation(district["village_b1"], state="rectified")
    county = district["county"].path
    assert registry.get("homestead.violations").value(county) == 3
    assert registry.get("homestead.violations_open").value(county) == 2
    assert registry.get("homestead.violations_overdue").value(county) == 1
    assert registry.get("homestead.violations_overdue").value(district["street_b"].path) == 0


@pytest.mark.parametrize(
    "url",
    [
        "/homestead/violations/",
        "/homestead/violations/overdue/",
        "/homestead/inspections/",
        "/homestead/projects/",
        "/homestead/idle/",
        "/homestead/policies/",
    ],
)
def test_register_query_count_does_not_grow_with_rows(client, district, url):
    def add(n):
        for _ in range(n):
            parcel = factories.parcel(district["village_a1"], use_status="idle")
            factories.violation(
                district["village_a1"], parcel=parcel, inspection=factories.inspection(district["village_a1"])
            )
            factories.project(district["village_a1"])
            factories.policy(district["county"])

    client.force_login(factories.user("district_admin", district["county"]))
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(8)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 12


def test_a_step_without_a_user_shows_as_the_system(client, district):
    """The demo's histories are written by the loader, with no user."""
    v = factories.violation(district["village_a1"], state="rectifying")
    WorkflowStep.objects.create(
        workflow="homestead.violation",
        object_type="homestead.violation",
        object_id=str(v.pk),
        scope_path=v.path,
        transition="start",
        from_state="pending",
        to_state="rectifying",
        created_at=timezone.now(),
    )
    client.force_login(factories.user("district_admin", district["county"]))
    body = client.get(f"/homestead/violations/{v.pk}/").content.decode()
    assert "系统（演示数据）" in body and "待整改 → 整改中" in body
