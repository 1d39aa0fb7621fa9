"""The audit log over the API: the page's events, filters and scope, for the security auditor only, paged by
number (newest first) or by a cursor that events written meanwhile do not shift."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zhenxing.core import audit
from zhenxing.core.models import AuditEvent
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/audit/events"


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def auditor(district):
    return signed_in(factories.user("audit_admin", district["county"]))


def reprs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [e["object_repr"] for e in response.json()["items"]]


def test_the_list_is_the_pages_with_its_filters(district, auditor):
    chief = factories.user("district_admin", district["county"], username="chief")
    zhang = factories.user("street_admin", district["street_a"], username="zhang")
    audit.record(actor=chief, action="person.update", object_type="people.person", object_id="7",
                 object_repr="王五", scope_path=district["village_a1"].path, changes={"name": ["王", "王五"]})
    audit.record(actor=zhang, action="person.reveal", object_type="people.person", object_id="8",
                 object_repr="赵六", scope_path=district["village_b1"].path)
    assert reprs(auditor.get(EVENTS, {"actor": "zhang"})) == ["赵六"]
    assert reprs(auditor.get(EVENTS, {"object": "王五"})) == ["王五"]
    assert reprs(auditor.get(EVENTS, {"object": "8"})) == ["赵六"]
    assert reprs(auditor.get(EVENTS, {"action": "person."})) == ["赵六", "王五"]  # newest first
    page = auditor.get("/audit/", {"action": "person."}).context["page"]
    api = auditor.get(EVENTS, {"action": "person."}).json()["items"]
    assert [e["seq"] for e in api] == [e.seq for e in page.object_list]
    event = next(e for e in api if e["object_repr"] == "王五")
    assert (event["actor_name"], event["changes"]) == ("chief", {"name": ["王", "王五"]})


def test_a_time_range_is_half_open_and_a_date_means_its_midnight(district, auditor):
    e = audit.record(actor=None, action="x", object_repr="那一刻", scope_path=district["village_a1"].path)
    moment = timezone.localtime(e.created_at)
    day, tomorrow = moment.date().isoformat(), (moment.date() + timedelta(days=1)).isoformat()
    assert reprs(auditor.get(EVENTS, {"from": day, "to": tomorrow, "action": "x"})) == ["那一刻"]
    assert reprs(auditor.get(EVENTS, {"from": tomorrow, "action": "x"})) == []
    assert reprs(auditor.get(EVENTS, {"to": day, "action": "x"})) == []
    exact = moment.isoformat()
    assert reprs(auditor.get(EVENTS, {"from": exact, "action": "x"})) == ["那一刻"]
    assert reprs(auditor.get(EVENTS, {"to": exact, "action": "x"})) == []
    assert reprs(auditor.get(EVENTS, {"from": "2000-01-01T08:00:00Z", "to": "2000-01-02"})) == []


@pytest.mark.parametrize("query", [{"from": "yesterday"}, {"to": "2024-13-01"}, {"from": "0001-01-01"},
                                   {"to": "9999-12-31T23:59:59"}, {"cursor": "not-a-cursor"},
                                   {"page_size": 500}])
def test_malformed_filters_answer_422_in_chinese(auditor, query):
    r = auditor.get(EVENTS, query)
    assert r.status_code == 422 and r.json()["errors"]


def test_cursor_pages_stay_stable_when_events_are_written_between_them(district, auditor):
    for n in range(5):
        audit.record(actor=None, action="batch", object_repr=f"旧{n}", scope_path=district["village_a1"].path)
    first = auditor.get(EVENTS, {"action": "batch", "cursor": "start", "page_size": 2}).json()
    assert reprs_of(first) == ["旧0", "旧1"] and first["count"] == 5
    for n in range(3):  # written while the client pages
        audit.record(actor=None, action="batch", object_repr=f"新{n}", scope_path=district["village_a1"].path)
    seen, cursor = reprs_of(first), first["next_cursor"]
    while cursor:
        body = auditor.get(EVENTS, {"action": "batch", "cursor": cursor, "page_size": 2}).json()
        seen += reprs_of(body)
        cursor = body["next_cursor"]
    assert seen == ["旧0", "旧1", "旧2", "旧3", "旧4", "新0", "新1", "新2"]


def reprs_of(body) -> list[str]:
    return [e["object_repr"] for e in body["items"]]


def test_page_numbers_count_from_the_newest(district, auditor):
    for n in range(3):
        audit.record(actor=None, action="batch", object_repr=f"第{n}", scope_path=district["village_a1"].path)
    body = auditor.get(EVENTS, {"action": "batch", "page_size": 2, "page": 2}).json()
    assert (body["count"], body["page"], reprs_of(body), body["next_cursor"]) == (3, 2, ["第0"], None)


def test_one_event_with_its_place_in_the_chain(district, auditor):
    e = audit.record(actor=None, action="x", object_repr="甲", scope_path=district["village_a1"].path)
    r = auditor.get(f"{EVENTS}/{e.pk}")
    assert r.status_code == 200
    body = r.json()
    assert (body["seq"], body["hash"], body["prev_hash"], body["scheme"]) == (e.seq, e.hash, e.prev_hash, 2)
    assert auditor.get(f"{EVENTS}/{e.pk + 1000}").status_code == 404
    assert auditor.get(f"{EVENTS}/{10 ** 30}").status_code in (404, 422)


def test_a_street_auditor_sees_only_its_streets_events(district):
    street = signed_in(factories.user("audit_admin", district["street_a"]))
    inside = audit.record(actor=None, action="x", object_repr="in A", scope_path=district["village_a1"].path)
    outside = audit.record(actor=None, action="x", object_repr="in B", scope_path=district["village_b1"].path)
    nowhere = audit.record(actor=None, action="login.failed", object_repr="nobody")
    assert reprs(street.get(EVENTS)) == ["in A"]
    assert street.get(f"{EVENTS}/{inside.pk}").status_code == 200
    assert street.get(f"{EVENTS}/{outside.pk}").status_code == 404
    assert street.get(f"{EVENTS}/{nowhere.pk}").status_code == 404


def test_only_the_auditor_reads_the_log(client, district):
    e = audit.record(actor=None, action="x", object_repr="甲", scope_path=district["village_a1"].path)
    for role in ("system_admin", "security_admin", "district_admin"):
        c = signed_in(factories.user(role, district["county"]))
        assert c.get(EVENTS).status_code == 404, role
        assert c.get(f"{EVENTS}/{e.pk}").status_code == 404, role
    assert client.get(EVENTS).status_code == 401
    assert client.get(f"{EVENTS}/{e.pk}").status_code == 401
    assert AuditEvent.objects.count() >= 1
