"""The demo map: village boundaries and homestead parcels (宗地) with their houses."""

import hashlib
import random
import re
from collections import Counter
from decimal import Decimal

import numpy as np
import pytest
import shapely
from django.db import transaction
from pyproj import CRS, Transformer
from shapely.geometry import Polygon

from zhenxing.demo import generate, homestead
from zhenxing.homestead.parcels import codes as parcel_codes
from zhenxing.homestead.parcels.models import House, Parcel
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household

SCALE = 0.02  # 1,000 households and so 705 parcels
CERTIFICATE = r"^辽\(20(1[7-9]|2[0-2])\)沈北新区不动产权第\d{7}号$"


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate.load_demo(seed=7, scale=SCALE)
        transaction.set_rollback(True)


def _shape(text: str):
    return shapely.from_geojson(text)


# --- without the database -----------------------------------------------------------------------------


def test_gauss_kruger_zone_is_the_nearest_central_meridian():
    assert homestead.gk_epsg(123.5) == 4550
    assert "CM 123E" in CRS.from_epsg(homestead.gk_epsg(123.5)).name
    assert "CM 117E" in CRS.from_epsg(homestead.gk_epsg(118.4)).name
    with pytest.raises(ValueError):
        homestead.gk_epsg(10.0)


def test_village_cells_meet_without_overlap_and_a_two_cell_village_is_one_polygon():
    sizes = [1] * 20 + [2, 2]
    cells = homestead.village_cells(random.Random(1), sizes, columns=6)
    assert len(cells) == 22
    assert all(c.is_valid and c.geom_type == "Polygon" for c in cells)
    whole = shapely.union_all(cells)
    assert whole.geom_type == "Polygon"  # no gaps between the cells
    assert whole.area == pytest.approx(sum(c.area for c in cells), rel=1e-9)
    lon0, lat0, lon1, lat1 = homestead.EXTENT
    assert whole.area == pytest.approx((lon1 - lon0) * (lat1 - lat0), rel=0.05)
    assert cells[-1].area > 1.5 * min(c.area for c in cells)
    assert homestead.village_cells(random.Random(1), sizes, columns=6)[3].equals(cells[3])
    assert not homestead.village_cells(random.Random(2), sizes, columns=6)[3].equals(cells[3])


def test_layout_fills_rows_inside_the_area_without_overlap():
    area = Polygon([(0, 0), (1500, 100), (1400, 1300), (-100, 1200)])
    corners, slots = homestead.layout_parcels(np.random.default_rng(3), area, 400)
    parcels = shapely.polygons(corners)
    assert len(parcels) == 400 and slots.shape == (400, 2)
    assert shapely.within(parcels, area.buffer(-10)).all()
    tree = shapely.STRtree(parcels)
    left, right = tree.query(parcels, predicate="intersects")
    assert (left == right).all()
    areas = shapely.area(parcels)
    assert areas.min() >= 15 * 15 - 1e-6
    assert 450 < areas.mean() < 650
    assert (areas > 1000).any()  # the 超占 cases
    assert len(set(map(tuple, slots.tolist()))) == 400


def test_layout_says_when_the_village_is_too_small():
    with pytest.raises(ValueError, match="只能排下"):
        square = Polygon([(0, 0), (200, 0), (200, 200), (0, 200)])
        homestead.layout_parcels(np.random.default_rng(3), square, 50)


# --- the loaded demo ---------------------------------------------------------------------------------


@pytest.mark.django_db
class TestLoadedDemo:
    """Read-only checks of one district; class-scoped so the loads of the tests below start empty."""

    def test_village_boundaries_are_valid_and_do_not_overlap(self, demo):
        villages = list(OrgUnit.objects.filter(level="village"))
        shapes = np.array([_shape(v.boundary) for v in villages])
        assert len(shapes) == 142 and shapely.is_valid(shapes).all()
        tree = shapely.STRtree(shapes)
        left, right = tree.query(shapes, predicate="intersects")
        pairs = left < right
        assert pairs.sum() > 142  # neighbours touch ...
        overlaps = shapely.area(shapely.intersection(shapes[left[pairs]], shapes[right[pairs]]))
        assert overlaps.max() < 1e-12  # ... only
        lon0, lat0, lon1, lat1 = shapely.total_bounds(shapes)
        assert 123.25 < lon0 < 123.35 and 123.70 < lon1 < 123.80
        assert 41.85 < lat0 < 41.95 and 42.15 < lat1 < 42.25


    def test_streets_and_the_county_are_the_union_of_their_villages(self, demo):
        county = OrgUnit.objects.get(level="county")
        county_shape = _shape(county.boundary)
        for street in OrgUnit.objects.filter(level="town"):
            shape = _shape(street.boundary)
            assert shape.geom_type == "Polygon"  # a street's villages form one block
            children = street.children.values_list("boundary", flat=True)
            villages = shapely.union_all([_shape(b) for b in children])
            assert shape.symmetric_difference(villages).area < 1e-12
            assert county_shape.contains(shape.buffer(-1e-6))
        boundaries = OrgUnit.objects.filter(level="village").values_list("boundary", flat=True)
        all_villages = [_shape(b) for b in boundaries]
        assert county_shape.area == pytest.approx(sum(s.area for s in all_villages), rel=1e-9)


    def test_every_parcel_lies_in_its_village_and_none_overlap(self, demo):
        rows = list(Parcel.objects.values_list(
            "village__boundary", "geometry", "min_x", "min_y", "max_x", "max_y"))
        parcels = shapely.from_geojson([r[1] for r in rows])
        villages = shapely.from_geojson([r[0] for r in rows])
        assert shapely.within(parcels, villages).all()
        left, right = shapely.STRtree(parcels).query(parcels, predicate="intersects")
        assert (left == right).all()
        assert np.allclose(shapely.bounds(parcels), np.array([r[2:] for r in rows]))


    def test_codes_unit_numbers_and_locations(self, demo):
        rows = list(Parcel.objects.values_list(
            "code", "unit_number", "village__code", "village__name", "location", "houses"))
        codes = [r[0] for r in rows]
        assert len(set(codes)) == len(codes) == 705
        assert len({r[1] for r in rows}) == 705
        for code, unit_number, village_code, village_name, location, house in rows:
            assert parcel_codes.check_parcel_code(code) == code
            assert parcel_codes.check_unit_number(unit_number, code) == unit_number
            assert code.startswith(village_code + "JC")
            assert unit_number[19:] == ("F00010001" if house else "W00000000")
            assert location == f"{village_name}第{int(code[-5:])}号"


    def test_status_shares_follow_the_seed(self, demo):
        n = Parcel.objects.count()
        use = Counter(Parcel.objects.values_list("use_status", flat=True))
        assert use["idle"] + use["revitalised"] == round(0.35 * n)
        assert use["revitalised"] == round(300 * n / 35_245) == demo["revitalised_parcels"]
        certified = Parcel.objects.filter(certification="certified")
        assert certified.count() == round(0.95 * n)
        assert not certified.filter(build_status="unapproved_built").exists()
        numbers = list(certified.values_list("certificate_number", flat=True))
        assert all(re.match(CERTIFICATE, number) for number in numbers)
        assert len(set(numbers)) == len(numbers)
        assert not Parcel.objects.filter(certification="uncertified").exclude(certificate_number="").exists()
        build = Counter(Parcel.objects.values_list("build_status", flat=True))
        assert build["approved_built"] > 0.8 * n
        assert 0 < build["unapproved_built"] < 0.05 * n
        assert 0 < build["approved_unbuilt"] < 0.2 * n
        assert not Parcel.objects.filter(use_status="revitalised", houses__isnull=True).exists()
        assert set(Parcel.objects.values_list("use", "synthetic").distinct()) == {("residential", True)}


    def test_households_hold_parcels_with_multi_and_non_member_cases(self, demo):
        rows = list(Parcel.objects.values_list(
            "household_id", "household__village_id", "village_id", "use_status"))
        assert all(use == "idle" for household, _, _, use in rows if household is None)
        assert 0.03 < sum(h is None for h, *_ in rows) / len(rows) < 0.15
        non_member = [r for r in rows if r[0] is not None and r[1] != r[2]]
        assert 0 < len(non_member) == demo["non_member_parcels"] < 0.03 * len(rows)
        own = Counter(h for h, hv, v, _ in rows if h is not None and hv == v)
        assert max(own.values()) == 2  # a household holds one parcel of its village, or a second (一户多宅)
        households = Household.objects.count()
        assert 0.02 * households < sum(c == 2 for c in own.values()) < 0.08 * households
        assert demo["multi_parcel_households"] >= sum(c == 2 for c in own.values())
        east_west = Counter(Parcel.objects.values_list("east", flat=True))
        assert any(label.endswith("某宅") for label in east_west)


    def test_houses_stand_only_on_built_parcels(self, demo):
        houses = House.objects.select_related("parcel")
        assert houses.count() == demo["houses"]
        assert not houses.filter(parcel__build_status="approved_unbuilt").exists()
        built = Parcel.objects.exclude(build_status="approved_unbuilt")
        assert houses.count() > 0.9 * built.count()
        assert Counter(houses.values_list("parcel", flat=True)).most_common(1)[0][1] == 1
        for house in houses:
            assert house.floors in (1, 2)
            assert Decimal(60) <= house.building_area_m2 <= Decimal(180)
            assert 1970 <= house.year_built <= 2022
            assert house.building_area_m2 < house.parcel.area_m2
        assert {"brick_concrete", "brick_wood"} <= set(houses.values_list("structure", flat=True))


    def test_area_is_the_gauss_kruger_area_of_the_stored_polygon(self, demo):
        to_gk = Transformer.from_crs("EPSG:4490", "EPSG:4550", always_xy=True)
        rows = list(Parcel.objects.values_list("geometry", "area_m2"))
        for text, area in rows[:: 25]:
            projected = shapely.transform(_shape(text), lambda xy: np.column_stack(to_gk.transform(*xy.T)))
            assert float(area) == pytest.approx(projected.area, abs=0.01)
        mean = sum(float(a) for _, a in rows) / len(rows)
        assert 480 < mean < 620  # the seed: 28,975 mu on 35,245 parcels, 548 m² each
        assert demo["parcel_area_mu"] == pytest.approx(sum(float(a) for _, a in rows) * 3 / 2000, abs=0.1)


    def test_parcels_follow_the_households_with_scale(self, demo):
        assert demo["parcels"] == Parcel.objects.count() == round(35_245 * demo["households"] / 50_000)
        per_village = Counter(Parcel.objects.values_list("village_id", flat=True))
        homes = Counter(Household.objects.values_list("village_id", flat=True))
        for village, count in per_village.items():
            assert abs(count - 0.705 * homes[village]) < 1.5


class _Undo(Exception):
    pass


def _map_digest(seed: int) -> str:
    h = hashlib.sha256()
    try:
        with transaction.atomic():
            generate.load_demo(seed=seed, scale=0.01)
            for query in (
                OrgUnit.objects.order_by("code").values_list("code", "boundary"),
                Parcel.objects.order_by("code").values_list(
                    "code", "unit_number", "location", "area_m2", "east", "south", "west", "north",
                    "household__number", "certification", "certificate_number", "build_status", "use_status",
                    "geometry"),
                House.objects.order_by("parcel__code").values_list(
                    "parcel__code", "structure", "floors", "building_area_m2", "year_built"),
            ):
                for row in query:
                    h.update(repr(row).encode())
            raise _Undo
    except _Undo:
        pass
    return h.hexdigest()


@pytest.mark.django_db
def test_same_seed_gives_the_same_map_and_another_seed_does_not():
    first = _map_digest(21)
    assert _map_digest(21) == first
    assert _map_digest(22) != first


@pytest.mark.django_db
def test_progress_reports_the_parcels():
    calls = []
    counts = generate.load_demo(seed=3, scale=0.01, progress=lambda *call: calls.append(call))
    parcel_calls = [(d, t) for d, t, label in calls if label == "宗地"]
    assert parcel_calls[-1] == (counts["parcels"], counts["parcels"])
    assert [d for d, _ in parcel_calls] == sorted(d for d, _ in parcel_calls)
