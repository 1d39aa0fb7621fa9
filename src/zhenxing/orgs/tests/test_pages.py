from datetime import date

import pytest

from zhenxing.core import audit, workdays
from zhenxing.core.models import AuditEvent, Holiday
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


def test_org_tree_starts_at_the_users_own_unit(client, district):
    client.force_login(factories.user("street_admin", district["street_a"]))
    response = client.get("/orgs/")
    assert response.context["unit"] == district["street_a"]
    names = [c.name for c in response.context["children"]]
    assert names == ["A街1村", "A街2村"]
    assert client.get("/orgs/210113002000/").status_code == 404
    assert client.get("/orgs/210113001201/").status_code == 200


def test_unit_page_breadcrumb_stops_at_the_users_scope(client, district):
    client.force_login(factories.user("street_admin", district["street_a"]))
    crumbs = client.get("/orgs/210113001201G001/").context["crumbs"]
    assert [c.code for c in crumbs] == ["210113001000", "210113001201"]


def test_audit_log_filters_by_person_object_and_time(client, district):
    admin = factories.user("district_admin", district["county"], username="chief")
    auditor = factories.user("audit_admin", district["county"])
    other = factories.user("street_admin", district["street_a"], username="zhang")
    audit.record(
        actor=admin,
        action="person.update",
        object_type="people.person",
        object_id="7",
        object_repr="王五",
        scope_path=district["village_a1"].path,
    )
    audit.record(
        actor=other,
        action="person.reveal",
        object_type="people.person",
        object_id="8",
        object_repr="赵六",
        scope_path=district["village_b1"].path,
    )
    client.force_login(auditor)
    seen = lambda q: [e.object_repr for e in client.get("/audit/" + q).context["page"].object_list]  # noqa: E731
    assert seen("?person=zhang") == ["赵六"]
    assert seen("?obj=王五") == ["王五"]
    today = date.today().isoformat()
    assert set(seen(f"?start={today}&end={today}&action=person.")) == {"王五", "赵六"}
    assert seen("?end=2000-01-01") == []


def test_a_street_auditor_sees_only_their_streets_events(client, district):
    admin = factories.user("audit_admin", district["street_a"])
    audit.record(actor=None, action="x", object_repr="in A", scope_path=district["village_a1"].path)
    audit.record(actor=None, action="x", object_repr="in B", scope_path=district["village_b1"].path)
    audit.record(actor=None, action="login.failed", object_repr="nobody")
    client.force_login(admin)
    reprs = [e.object_repr for e in client.get("/audit/").context["page"].object_list]
    assert reprs == ["in A"]


def test_audit_log_is_404_for_roles_without_it(client, district):
    client.force_login(factories.user("village_cadre", district["village_a1"]))
    assert client.get("/audit/").status_code == 404


def test_calendar_says_when_the_official_calendar_ends(client, district):
    client.force_login(factories.user("district_admin", district["county"]))
    last = max(workdays.official_years())
    assert "国务院" in client.get(f"/calendar/?year={last}").content.decode()
    body = client.get(f"/calendar/?year={last + 1}").content.decode()
    assert "内置日历只覆盖到" in body


def test_the_system_administrator_enters_holidays_for_later_years_only(client, district):
    client.force_login(factories.user("system_admin", district["county"]))
    later = max(workdays.official_years()) + 1
    client.post("/calendar/", {"date": f"{later}-02-03", "name": "春节", "is_workday": "0"})
    assert Holiday.objects.filter(date=date(later, 2, 3), is_workday=False).exists()
    assert AuditEvent.objects.filter(action="calendar.enter").exists()
    body = client.post("/calendar/", {"date": "2024-02-12", "name": "x"}, follow=True).content.decode()
    assert "无需手工录入" in body
    assert not Holiday.objects.filter(date=date(2024, 2, 12)).exists()


def test_village_secretary_cannot_enter_holidays(client, district):
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    later = max(workdays.official_years()) + 1
    assert client.post("/calendar/", {"date": f"{later}-02-03", "name": "春节"}).status_code == 404
    assert not Holiday.objects.exists()


def test_not_found_page_is_chinese(client, district):
    client.force_login(factories.user("village_secretary", district["village_a1"]))
    response = client.get("/orgs/210113002000/")
    assert response.status_code == 404
    assert "不在您的管辖范围内" in response.content.decode()
