"""Geometry helpers: reading files, coordinate systems, areas in the right zone, checks, overlaps."""

import json
import zipfile
from decimal import Decimal

import numpy as np
import pyogrio.raw
import pytest
import shapely
from pyproj import CRS, Transformer

from zhenxing.homestead import geo

ZONE_41 = 4529  # CGCS2000 3-degree GK zone 41, eastings with the zone number in front
CM_123E = 4550  # the same zone without the prefix
LON, LAT = 123.5, 42.0


def test_the_zone_41_codes_are_computed_not_guessed():
    assert CRS(ZONE_41).name == "CGCS2000 / 3-degree Gauss-Kruger zone 41"
    assert CRS(CM_123E).name == "CGCS2000 / 3-degree Gauss-Kruger CM 123E"
    assert geo.zone_of(LON) == 41 and geo.zone_epsg(41) == CM_123E
    assert CRS(geo.zone_epsg(25)).name.endswith("CM 75E") and CRS(geo.zone_epsg(45)).name.endswith("CM 135E")
    with pytest.raises(ValueError):
        geo.zone_epsg(46)


def plane_rect(epsg, x, y, width, height):
    """A rectangle drawn in a projected CRS's metres, moved to EPSG:4490."""
    box = shapely.box(x, y, x + width, y + height)
    return geo.to_cgcs2000([box], epsg)[0]


def origin(epsg):
    return Transformer.from_crs(4490, epsg, always_xy=True).transform(LON, LAT)


def test_area_of_a_rectangle_drawn_in_zone_41_is_its_plane_area():
    x, y = origin(ZONE_41)
    parcel = plane_rect(ZONE_41, x, y, 20.0, 15.0)
    assert abs(geo.area_m2(parcel) - Decimal("300")) <= Decimal("0.05")
    assert geo.area_m2(parcel) == geo.area_m2(parcel).quantize(Decimal("0.01"))


def test_area_is_measured_in_the_parcels_own_zone_not_the_files():
    # Drawn 100 m x 100 m in zone 40 (central meridian 120E) at 123.5E, where that zone's scale is
    # about 1.001: the same ground measures about 0.2% less in zone 41, the parcel's own zone.
    x, y = origin(4528)
    assert CRS(4528).name.endswith("zone 40")
    parcel = plane_rect(4528, x, y, 100.0, 100.0)
    area = geo.area_m2(parcel)
    assert Decimal("9970") < area < Decimal("9990")
    assert abs(area - geo.area_m2(parcel, zone=40)) > Decimal("15")


def test_coordinates_are_rounded_to_1e7_degrees():
    moved = geo.to_cgcs2000([shapely.Point(123.123456789, 42.987654321), None], 4490)
    assert moved[1] is None
    assert (moved[0].x, moved[0].y) == (123.1234568, 42.9876543)


@pytest.mark.parametrize("crs, epsg", [
    ("EPSG:4490", 4490), ("EPSG:4326", 4326), ("OGC:CRS84", 4326), ("EPSG:4529", 4529), ("EPSG:4550", 4550),
    ("EPSG:4513", 4513), ("EPSG:4554", 4554),
])
def test_accepted_coordinate_systems(crs, epsg):
    assert geo.accept_crs(crs)[0] == epsg


@pytest.mark.parametrize("crs, words", [
    (None, "没有声明坐标系"), ("EPSG:3857", "不支持文件的坐标系"), ("EPSG:4214", "不支持文件的坐标系"),
    ("EPSG:32651", "不支持文件的坐标系"),
])
def test_other_coordinate_systems_are_refused_in_chinese(crs, words):
    with pytest.raises(geo.GeoFileError, match=words):
        geo.accept_crs(crs)


# --- checks ----------------------------------------------------------------------------------

def square(lon, lat, size=0.0002):
    return shapely.box(lon, lat, lon + size, lat + size)


def test_a_good_polygon_has_no_problem():
    assert geo.polygon_problem(square(LON, LAT)) == ""
    assert geo.polygon_problem(shapely.MultiPolygon([square(LON, LAT), square(LON + 0.001, LAT)])) == ""


@pytest.mark.parametrize("geometry, words", [
    (None, "缺少图形"),
    (shapely.Polygon(), "缺少图形"),
    (shapely.Point(LON, LAT), "图形为点（Point）"),
    (shapely.LineString([(LON, LAT), (LON + 0.001, LAT)]), "图形为线"),
    (shapely.Polygon([(LON, LAT), (LON + 0.001, LAT + 0.001), (LON + 0.001, LAT), (LON, LAT + 0.001)]),
     "图形无效：自相交（位置约 123.5005000, 42.0005000）"),
    (shapely.Polygon([(LON, LAT), (LON + 0.001, LAT), (LON + 0.002, LAT)]), "图形无效"),
    (square(500000.0, 4650000.0, 10.0), "坐标不在中国范围内"),
])
def test_polygon_problems_are_named_in_chinese(geometry, words):
    assert words in geo.polygon_problem(geometry)


def test_outside_area_counts_only_the_part_beyond_the_boundary():
    boundary = square(LON, LAT, 0.01)
    assert geo.outside_area_m2(square(LON + 0.001, LAT + 0.001), boundary) == 0
    sticking_out = shapely.box(LON - 0.0001, LAT + 0.001, LON + 0.0001, LAT + 0.0011)
    half = float(geo.area_m2(sticking_out)) / 2
    assert geo.outside_area_m2(sticking_out, boundary) == pytest.approx(half, rel=0.01)


# --- overlaps --------------------------------------------------------------------------------

def test_overlaps_reports_only_parcels_overlapping_above_the_tolerance():
    x, y = origin(ZONE_41)
    candidate = plane_rect(ZONE_41, x, y, 20, 20)
    others = {
        "touching": plane_rect(ZONE_41, x + 20, y, 20, 20),  # shares an edge only
        "sliver": plane_rect(ZONE_41, x + 19.9, y + 5, 20, 5),  # 0.1 m x 5 m = 0.5 m²
        "over": plane_rect(ZONE_41, x + 18, y, 20, 20),  # 2 m x 20 m = 40 m²
        "far": plane_rect(ZONE_41, x + 500, y, 20, 20),
    }
    assert geo.overlaps(candidate, others, 1.0) == ["over"]
    assert sorted(geo.overlaps(candidate, others, 0.1)) == ["over", "sliver"]
    assert geo.overlaps(candidate, list(others.items()), 50.0) == []
    assert geo.overlaps(candidate, {}, 1.0) == []


def test_overlap_index_measures_overlaps_of_many_polygons_at_once():
    x, y = origin(ZONE_41)
    row = [plane_rect(ZONE_41, x + 30 * i, y, 30, 30) for i in range(50)]  # edge to edge
    index = geo.OverlapIndex(range(len(row)), row)
    assert [(i, j) for i, j, _ in index.pairs(row, 1.0) if i != j] == []
    shifted = [plane_rect(ZONE_41, x + 10, y, 30, 30)]
    found = index.pairs(shifted, 1.0)
    assert [(i, j) for i, j, _ in found] == [(0, 0), (0, 1)]
    assert [a for *_, a in found] == pytest.approx([600.0, 300.0], rel=0.001)
    overlapping = row[:3] + shifted
    among = geo.OverlapIndex(range(4), overlapping).pairs(overlapping, 1.0, among_themselves=True)
    assert [(i, j) for i, j, _ in among] == [(3, 0), (3, 1)]


# --- reading ---------------------------------------------------------------------------------

def write(path, geometries, fields: dict, crs, driver):
    wkb = np.array([None if g is None else shapely.to_wkb(g) for g in geometries], dtype=object)
    pyogrio.raw.write(str(path), wkb, [np.array(v, dtype=object) for v in fields.values()], list(fields),
                      driver=driver, crs=crs, geometry_type="Polygon")
    return path


def test_reads_geojson_with_attributes_and_feature_numbers(tmp_path):
    path = write(tmp_path / "a.geojson", [square(LON, LAT), None], {"宗地代码": ["A", None]}, "EPSG:4490",
                 "GeoJSON")
    source = geo.read_features(path)
    assert source.epsg == 4490
    assert [(f.number, f.attributes) for f in source.features] == [(1, {"宗地代码": "A"}),
                                                                  (2, {"宗地代码": None})]
    assert source.features[0].geometry.equals(square(LON, LAT)) and source.features[1].geometry is None


def test_geojson_without_crs_member_is_wgs84(tmp_path):
    path = tmp_path / "plain.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"n": 3.0}, "geometry": shapely.geometry.mapping(square(LON, LAT))},
    ]}))
    source = geo.read_features(path)
    assert source.epsg == 4326 and source.features[0].attributes == {"n": 3.0}


def zipped_shapefile(tmp_path, crs="EPSG:4529", drop=(), extra_shp=False):
    folder = tmp_path / "shp"
    folder.mkdir()
    x, y = origin(ZONE_41)
    write(folder / "parcels.shp", [shapely.box(x, y, x + 10, y + 10)], {"code": ["A"]}, crs, "ESRI Shapefile")
    archive = tmp_path / "parcels.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in folder.iterdir():
            if f.suffix not in drop:
                z.write(f, f"data/{f.name}")
        if extra_shp:
            z.write(folder / "parcels.shp", "other.shp")
    return archive


def test_reads_a_zipped_shapefile_in_a_gauss_kruger_zone(tmp_path):
    source = geo.read_features(zipped_shapefile(tmp_path))
    assert source.epsg == ZONE_41
    assert source.features[0].attributes == {"code": "A"}
    assert source.features[0].geometry.bounds[0] > 41_000_000  # still in the file's metres


@pytest.mark.parametrize("kwargs, words", [
    ({"drop": (".prj",)}, "缺少 .prj"),
    ({"drop": (".dbf",)}, "缺少 .dbf"),
    ({"extra_shp": True}, "恰好有一个 .shp"),
])
def test_broken_shapefile_zips_are_refused_in_chinese(tmp_path, kwargs, words):
    with pytest.raises(geo.GeoFileError, match=words):
        geo.read_features(zipped_shapefile(tmp_path, **kwargs))


def test_not_a_zip_and_unknown_suffix_are_refused(tmp_path):
    (tmp_path / "x.zip").write_text("no zip")
    with pytest.raises(geo.GeoFileError, match="ZIP 文件已损坏"):
        geo.read_features(tmp_path / "x.zip")
    with pytest.raises(geo.GeoFileError, match="只支持"):
        geo.read_features(tmp_path / "x.kml")


def test_reads_a_geopackage_and_refuses_one_with_two_layers(tmp_path):
    path = write(tmp_path / "a.gpkg", [square(LON, LAT)], {"ZDDM": ["A"]}, "EPSG:4490", "GPKG")
    assert geo.read_features(path).features[0].attributes == {"ZDDM": "A"}
    wkb = np.array([shapely.to_wkb(square(LON, LAT))], dtype=object)
    pyogrio.raw.write(str(path), wkb, [], [], driver="GPKG", crs="EPSG:4490", geometry_type="Polygon",
                      layer="second")
    with pytest.raises(geo.GeoFileError, match="只含一个图层"):
        geo.read_features(path)


def test_load_geojson_takes_geometry_feature_or_collection():
    g = shapely.geometry.mapping(square(LON, LAT))
    assert geo.load_geojson(json.dumps(g)).equals(square(LON, LAT))
    assert geo.load_geojson(json.dumps({"type": "Feature", "geometry": g, "properties": {}})).equals(
        square(LON, LAT))
    collection = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": g}]}
    assert geo.load_geojson(json.dumps(collection)).equals(square(LON, LAT))
    assert geo.load_geojson("") is None


def test_a_gbk_shapefile_without_cpg_reads_as_chinese(tmp_path):
    # Chinese desktop GIS often writes GBK attributes and no .cpg file.
    wkb = np.array([shapely.to_wkb(square(LON, LAT))], dtype=object)
    pyogrio.raw.write(str(tmp_path / "z.shp"), wkb, [np.array(["马刚村一组"], dtype=object)], ["ZL"],
                      driver="ESRI Shapefile", crs="EPSG:4490", encoding="GBK", geometry_type="Polygon")
    archive = tmp_path / "z.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in tmp_path.glob("z.*"):
            if f.suffix not in (".cpg", ".zip"):
                z.write(f, f.name)
    assert geo.read_features(archive).features[0].attributes == {"ZL": "马刚村一组"}
