"""The pre-checks every reviewer sees, each failing for its own reason, and the basic farmland layer's
import that the farmland check reads."""

import json

import pytest
import shapely

from zhenxing.core import imports
from zhenxing.homestead.applications import checks
from zhenxing.homestead.parcels.models import FarmlandPlot
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def village(district):
    return factories.square_boundary(district["village_a1"], 123.55, 42.05, 0.2)


@pytest.fixture
def secretary(village):
    return factories.user("village_secretary", village)


def results(app) -> dict:
    return {c.label: (c.passed, c.detail) for c in checks.application_checks(app)}


def test_a_clean_application_passes_every_check_but_the_missing_farmland_layer(village, secretary):
    home = factories.household(village, collective_member=True)
    found = results(factories.application(home, secretary))
    assert [k for k, (ok, _) in found.items() if ok is not True] == ["永久基本农田"]
    assert found["永久基本农田"] == (None, "本村尚未导入永久基本农田图层，无法核查")


def test_each_check_fails_for_its_own_reason(village, secretary, district):
    outsider = factories.household(district["village_a2"], collective_member=True)
    holder = factories.household(village, collective_member=True)
    held = factories.parcel(village, holder)
    # A site at the parcel's corner, 25 m wide (625 m², above the tests' 350 m² cap).
    corner = json.loads(held.geometry)["coordinates"][0][0]
    app = factories.application(holder, secretary, lon=corner[0], lat=corner[1], side_m=25)
    found = results(app)
    assert found["一户一宅"] == (False, f"申请户已有宅基地：{held.code}")
    assert found["面积标准"][0] is False and "超过上限 350 m²（默认值）" in found["面积标准"][1]
    assert found["与已登记宗地"][0] is False and held.code in found["与已登记宗地"][1]
    foreign = factories.application(outsider, secretary, village=village, path=village.path)
    assert results(foreign)["资格权"] == (False, f"申请户户籍不在{village.name}")
    non_member = factories.household(village, collective_member=False)
    assert results(factories.application(non_member, secretary))["资格权"][0] is False
    far = factories.application(factories.household(village, collective_member=True), secretary, lon=124.5)
    assert results(far)["村庄边界"][0] is False


def test_a_rebuild_does_not_count_the_parcel_it_replaces(village, secretary):
    home = factories.household(village, collective_member=True)
    old = factories.parcel(village, home)
    corner = json.loads(old.geometry)["coordinates"][0][0]
    app = factories.application(home, secretary, kind="rebuild", old_parcel=old, lon=corner[0], lat=corner[1])
    found = results(app)
    assert found["一户一宅"][0] is True and found["与已登记宗地"][0] is True


def write_layer(path, plots):
    features = [{"type": "Feature", "properties": props, "geometry": json.loads(shapely.to_geojson(g))}
                for props, g in plots]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def run(path, user):
    actor = access.actor_for(user)
    return imports.run(imports.specs["farmland"], path, actor=actor, scope_path=actor.paths(access.IMPORT)[0])


def test_the_farmland_layer_is_imported_per_village_and_checked(tmp_path, village, secretary, district):
    admin = factories.user("street_admin", district["street_a"])
    field = factories.site(123.60, 42.10, 200)
    bad = write_layer(tmp_path / "bad.geojson", [({"TBBH": "0001"}, field), ({"TBBH": "0001"}, field),
                                                 ({"TBBH": "0002"}, factories.site(125.0, 42.1, 50))])
    result = run(bad, admin)
    messages = [(e["row"], e["message"]) for e in result.errors.items]
    assert (2, "图斑编号“0001”与第1个要素重复") in messages
    assert any(row == 3 and "不在任何村的边界内" in m for row, m in messages)
    assert not FarmlandPlot.objects.exists()
    good = write_layer(tmp_path / "good.geojson", [({"图斑编号": "0001"}, field)])
    assert run(good, admin).written == 1
    plot = FarmlandPlot.objects.get()
    assert (plot.village, plot.path) == (village, village.path)
    assert abs(float(plot.area_m2) - 40_000) < 200
    home = factories.household(village, collective_member=True)
    inside_field = factories.application(home, secretary, lon=123.601, lat=42.101, side_m=15)
    passed, detail = results(inside_field)["永久基本农田"]
    assert passed is False and "0001" in detail
    assert results(factories.application(home, secretary, lon=123.7))["永久基本农田"][0] is True
