"""Snapshots: a county or higher page reads a row per unit, says when it was counted, agrees with the live
count for every indicator, and costs the same few queries however many villages lie below."""

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zhenxing.core import indicators, periods
from zhenxing.core.indicators import registry
from zhenxing.core.models import AuditEvent
from zhenxing.orgs.models import OrgUnit
from zhenxing.stats import snapshots
from zhenxing.stats.models import Snapshot, SnapshotRun
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db
COUNTY, PROVINCE = "210113000000", "210000000000"
PERIODS = [periods.parse(p) for p in ("2023", "2023Q3", str(date.today().year))]


@pytest.fixture
def records(district):
    a1, b2 = district["village_a1"], district["village_b2"]
    for v, g, n in (("village_a1", "grid_a1", 3), ("village_b2", "grid_b2", 2)):
        for _ in range(n):
            factories.person(factories.household(district[v], district[g]))
    factories.parcel(a1, area_m2="1200.50")
    factories.project(a1, started_on=date(2023, 8, 1))
    factories.mediation_point(a1)
    factories.case(a1, state="closed", resolved_at=moment(2023, 8, 2))
    factories.case(b2, state="closed", resolved_at=moment(2023, 2, 2))
    factories.cadre(factories.person(org_unit=district["street_a"]), "street_leader", district["street_a"])
    return district


def moment(y, m, d):
    return timezone.make_aware(datetime.combine(date(y, m, d), time(9)))


def signed_in(role, place) -> Client:
    c = Client()
    c.force_login(factories.user(role, place))
    return c


def test_a_snapshot_agrees_with_the_live_count_for_every_indicator(records):
    root = OrgUnit.objects.get(parent__isnull=True)
    snapshots.refresh(root_path=root.path, periods_=PERIODS)
    units = list(OrgUnit.objects.filter(level__in=("province", "city", "county", "town", "village")))
    for period in PERIODS:
        stored = snapshots.read([u.path for u in units], period, registry.all())
        for ind in registry.all():
            for u in units:
                assert stored[ind.key][u.path] == ind.value(u.path, period), (ind.key, u.name, period.key)


def test_the_county_page_reads_the_snapshot_and_says_when(records):
    admin = signed_in("district_admin", records["county"])
    live = admin.get(f"/stats/{COUNTY}/", {"period": "2023"})
    assert live.context["board"].as_of is None and "实时统计" in live.content.decode()
    snapshots.refresh(root_path=records["province"].path, periods_=[periods.parse("2023"),
                                                                   *periods.parse("2023").comparisons()])
    read = admin.get(f"/stats/{COUNTY}/", {"period": "2023"})
    assert read.context["board"].as_of is not None and "数据截至" in read.content.decode()
    for before, after in zip(live.context["figures"], read.context["figures"], strict=True):
        assert (before.indicator.key, before.value, before.before) == (after.indicator.key, after.value,
                                                                        after.before)
    assert read.context["rows"] == live.context["rows"]
    # A street stays live: its scans are small and its users expect what they just entered.
    street = admin.get(f"/stats/{records['street_a'].code}/", {"period": "2023"})
    assert street.context["board"].as_of is None


def test_a_subtree_refresh_moves_the_units_above_it(records):
    root = records["province"].path
    year = periods.parse("2023")
    snapshots.refresh(root_path=root, periods_=[year])
    key = "governance.cases_resolved"
    factories.case(records["village_b1"], state="closed", resolved_at=moment(2023, 5, 5))
    snapshots.refresh(root_path=records["street_b"].path, periods_=[year])
    paths = [root, records["county"].path, records["street_b"].path]
    stored = snapshots.read(paths, year, [registry.get(key)])
    assert stored[key] == {root: 3, records["county"].path: 3, records["street_b"].path: 2}


def test_the_province_page_costs_the_same_queries_with_more_villages(records):
    admin = signed_in("district_admin", records["province"])
    everything = [periods.parse("2023"), *periods.parse("2023").comparisons()]

    def queries() -> int:
        snapshots.refresh(root_path=records["province"].path, periods_=everything)
        with CaptureQueriesContext(connection) as seen:
            assert admin.get(f"/stats/{PROVINCE}/", {"period": "2023"}).status_code == 200
        return len(seen)

    few = queries()
    street = records["street_b"]
    for n in range(3, 9):  # six more villages with records
        village = factories.unit(f"210113002{n:03d}", f"新村{n}", parent=street)
        factories.case(village, state="closed", resolved_at=moment(2023, 4, n))
        factories.household(village)
    assert queries() == few


def test_refresh_from_the_page_is_audited_and_only_for_who_sets_targets(records,
                                                                       django_capture_on_commit_callbacks):
    admin = signed_in("district_admin", records["county"])
    with django_capture_on_commit_callbacks(execute=True):
        r = admin.post(f"/stats/{COUNTY}/refresh/", {"period": "2023-07"})
    assert r.status_code == 302
    assert SnapshotRun.objects.filter(root_path=records["county"].path, period="2023-07").exists()
    event = AuditEvent.objects.get(action="stats.refresh")
    assert "2023-07" in event.changes["periods"][1]
    bad = admin.post(f"/stats/{COUNTY}/refresh/", {"period": "2023-13"}, follow=True)
    assert "月份应在1-12之间" in bad.content.decode()
    secretary = signed_in("village_secretary", records["village_a1"])
    assert secretary.post(f"/stats/{COUNTY}/refresh/").status_code == 404


def test_an_import_recounts_the_snapshot_it_touched(records, django_capture_on_commit_callbacks):
    year = periods.parse("2023")
    snapshots.refresh(root_path=records["province"].path, periods_=[year])
    factories.case(records["village_a2"], state="closed", resolved_at=moment(2023, 6, 6))
    with django_capture_on_commit_callbacks(execute=True):
        indicators.touched(records["village_a2"].path)  # as core.imports does after writing
    key = "governance.cases_resolved"
    county = records["county"].path
    assert snapshots.read([county], year, [registry.get(key)])[key][county] == 3


def test_the_cli_refreshes(records, capsys):
    from zhenxing import cli

    cli.main(["stats", "refresh", "--unit", COUNTY, "--period", "2023"])
    assert "沈北新区：1 个期间" in capsys.readouterr().out
    assert Snapshot.objects.filter(period="2023", path=records["county"].path).exists()
    with pytest.raises(SystemExit) as bad:
        cli.main(["stats", "refresh", "--period", "2023Q7"])
    assert "无法识别" in str(bad.value)


def test_values_api_reads_the_snapshot_and_says_when(records):
    snapshots.refresh(root_path=records["province"].path, periods_=[periods.year(2023), periods.year(2022)])
    admin = signed_in("district_admin", records["county"])
    body = admin.get("/api/v1/indicators/governance.cases_resolved/values",
                     {"unit": COUNTY, "period": "2023"}).json()
    assert body["as_of"] is not None and body["unit"]["value"] == "2"
