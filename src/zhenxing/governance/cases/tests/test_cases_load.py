"""What the load bench (bench/cases.py) found: concurrent reports all get a code, and the case lists
read a department's cases (lead or co-department) once each, in a number of queries that does not
grow with the page."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from zhenxing.core.models import AuditHead
from zhenxing.governance.cases import selectors as sel
from zhenxing.governance.cases import services
from zhenxing.governance.cases.models import Case
from zhenxing.orgs.access import actor_for
from zhenxing.testing import factories

API = "/api/v1/open311/requests"


@pytest.mark.django_db(transaction=True)
def test_reports_arriving_together_all_get_their_own_code(district):
    """Eight grid workers report while the audit log is busy (its head row locked): every report is
    saved, none is refused for a code clash (PostgreSQL: real concurrent transactions)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; concurrent numbering is exercised on PostgreSQL")
    workers = [actor_for(factories.user("grid_worker", district["grid_a1"])) for _ in range(8)]
    AuditHead.objects.get_or_create(pk=1)
    started, outcomes = threading.Barrier(len(workers) + 1), []

    def report(actor):
        try:
            started.wait()
            case = services.report(actor=actor, place=district["grid_a1"], source="grid",
                                   description="路灯不亮")
            outcomes.append(case.code)
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test compares
            outcomes.append(f"refused: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=report, args=(a,)) for a in workers]
    with transaction.atomic():
        AuditHead.objects.select_for_update().get(pk=1)  # every report waits here, its case row written
        for t in threads:
            t.start()
        started.wait()
        threading.Event().wait(1.0)
    for t in threads:
        t.join()
    assert [o for o in outcomes if o.startswith("refused")] == []
    assert len(set(outcomes)) == len(workers) == Case.objects.count()


@pytest.fixture
def dispatched(district):
    county = district["county"]
    water, power, roads = (factories.department(county, n) for n in ("水务局", "供电公司", "交通局"))
    village = district["village_a1"]
    lead = factories.case(village, state="handling", lead_department=water)
    co = factories.case(village, state="handling", lead_department=power)
    co.co_departments.set([water, roads])
    both = factories.case(village, state="handling", lead_department=water)
    both.co_departments.set([water, power])  # listed twice for the department: must show once
    other = factories.case(village, state="handling", lead_department=power)
    other.co_departments.set([roads])
    return {**district, "water": water, "lead": lead, "co": co, "both": both, "other": other}


@pytest.mark.django_db
def test_a_departments_list_holds_its_lead_and_co_cases_once_each(client, dispatched):
    client.force_login(factories.user("department_staff", dispatched["water"]))
    page = client.get(API).json()
    ids = [r["zx_id"] for r in page["items"]]
    want = {dispatched[k].pk for k in ("lead", "co", "both")}
    assert sorted(ids) == sorted(want) and page["count"] == 3


@pytest.mark.django_db
def test_the_registers_department_filter_finds_lead_and_co_cases_once_each(dispatched):
    street = actor_for(factories.user("street_admin", dispatched["street_a"]))
    found = list(sel.cases(actor=street, filters=sel.CaseFilter(department=str(dispatched["water"].pk))))
    assert sorted(c.pk for c in found) == sorted(dispatched[k].pk for k in ("lead", "co", "both"))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_case_lists_take_as_many_queries_for_forty_cases_as_for_two(client, dispatched):
    """No query per row on the API list or the register page (department, village, category joined)."""
    water = dispatched["water"]
    client.force_login(factories.user("department_staff", water))
    street = factories.user("street_admin", dispatched["street_a"])
    category = factories.dispatch_category(water, name="供水管道破裂")
    few_api = _queries(client, API)
    client.force_login(street)
    few_page = _queries(client, "/governance/cases/")
    for _ in range(20):
        factories.case(dispatched["village_a1"], state="handling", lead_department=water, category=category)
        factories.case(dispatched["village_a2"], state="reported", category=category)
    assert Case.objects.count() == 44
    assert _queries(client, "/governance/cases/") == few_page
    client.force_login(factories.user("department_staff", water))
    assert _queries(client, API) == few_api
