"""After the demo load, every figure read from the snapshot is the live count, for every unit down to the
village and for a year, a quarter and this year so far."""

import pytest
from django.db import transaction

from zhenxing.core import periods
from zhenxing.core.indicators import registry
from zhenxing.demo import generate
from zhenxing.orgs.models import OrgUnit
from zhenxing.stats import snapshots

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate.load_demo(seed=7, scale=0.02)
        transaction.set_rollback(True)


def test_the_snapshot_and_the_live_figure_agree_for_every_indicator(demo):
    chosen = [periods.year(2023), periods.quarter(2023, 3), periods.current("year")]
    root = OrgUnit.objects.get(parent__isnull=True)
    snapshots.refresh(root_path=root.path, periods_=chosen)
    units = list(OrgUnit.objects.filter(level__in=("province", "city", "county", "town"))) + list(
        OrgUnit.objects.filter(level="village").order_by("code")[:12])
    for period in chosen:
        stored = snapshots.read([u.path for u in units], period, registry.all())
        differ = [(i.key, u.name, stored[i.key][u.path], i.value(u.path, period))
                  for i in registry.all() for u in units if stored[i.key][u.path] != i.value(u.path, period)]
        assert not differ, (period.key, differ[:5])
    county = OrgUnit.objects.get(level="county")
    resolved = snapshots.read([county.path], periods.year(2023), [registry.get("governance.cases_resolved")])
    assert resolved["governance.cases_resolved"][county.path] > 0  # the demo's history reaches 2023
