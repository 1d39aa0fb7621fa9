"""Broken geometries in a parcel file: each feature is judged alone and named with its fault in Chinese,
next to every other fault of the file; an unreadable coordinate system is one fault among the others."""

import json
import re
import struct

import numpy as np
import pyogrio.raw
import pytest
import shapely

from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.parcels.tests.test_import_parcels import (
    errors_of,
    feature,
    rect,
    run,
)

pytestmark = pytest.mark.django_db
ENGLISH = re.compile(r"[A-Za-z]+(?:[\s:,.'\"-]+[A-Za-z]+){2,}")


def ring_of(polygon) -> list[list[float]]:
    return [list(c) for c in polygon.exterior.coords]


def geojson_feature(n, geometry, **attributes):
    attrs, _ = feature(n, None, **attributes)
    return {"type": "Feature", "properties": attrs, "geometry": geometry}


def polygon(ring):
    return {"type": "Polygon", "coordinates": [ring]}


def write_geojson(path, features, crs=None):
    data = {"type": "FeatureCollection", "features": features}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(data, ensure_ascii=False))  # NaN and Infinity as JavaScript writes them
    return path


def test_every_broken_geometry_is_named_by_feature_with_the_other_faults(tmp_path, villages, admin):
    square = ring_of(rect(30, 0))
    x0, y0, x1, y1 = rect(90, 0).bounds
    far = [[200.0, 95.0], [200.1, 95.0], [200.1, 95.1], [200.0, 95.0]]
    features = [
        geojson_feature(1, polygon(ring_of(rect(0, 0)))),  # clean
        geojson_feature(2, polygon(square[:-1])),  # ring not closed
        geojson_feature(3, polygon([square[0], square[1], square[0]])),  # too few points
        geojson_feature(4, polygon([[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]])),  # bow-tie
        geojson_feature(5, polygon([square[0], [square[1][0], float("nan")], *square[2:]])),
        geojson_feature(6, polygon([square[0], [square[1][0], "NaN"], *square[2:]])),
        geojson_feature(7, polygon([square[0], [float("inf"), square[1][1]], *square[2:]])),
        geojson_feature(8, {"type": "Point", "coordinates": square[0]}),
        geojson_feature(9, None),
        geojson_feature(10, polygon(far)),
        geojson_feature(11, polygon(ring_of(rect(120, 0))), 建设状态="已建"),
        geojson_feature(12, {"type": "Polygon", "coordinates": "x"}),
        geojson_feature(13, polygon(ring_of(rect(150, 0))[:-1]), 坐落=None),
        geojson_feature(14, polygon(ring_of(rect(180, 0)))),  # clean
    ]
    result = run(write_geojson(tmp_path / "bad.geojson", features), admin)
    found = errors_of(result)
    expected = [
        (2, "图形", "环未闭合"),
        (3, "图形", "顶点过少"),
        (4, "图形", "自相交"),
        (5, "图形", "非数值（NaN）"),
        (6, "图形", "不是数值的坐标"),
        (7, "图形", "无穷大"),
        (8, "图形", "图形为点（Point）"),
        (9, "图形", "缺少图形"),
        (10, "图形", "坐标不在中国范围内"),
        (11, "建设状态", "“已建”不是可选值"),
        (12, "图形", "坐标格式有误"),
        (13, "坐落", "必填项为空"),
        (13, "图形", "环未闭合"),
    ]
    assert [(r, c) for r, c, _ in found] == [(r, c) for r, c, _ in expected], found
    for (_, _, message), (_, _, words) in zip(found, expected, strict=True):
        plain = message.replace("NaN", "").replace("Point", "")
        assert words in message and not ENGLISH.search(plain), message
    assert not Parcel.objects.exists()


def test_a_clean_file_read_feature_by_feature_is_written_like_one_read_by_gdal(tmp_path, villages, admin):
    # A missing geometry sends the file to the feature-by-feature reader; fixed, it imports the same.
    features = [geojson_feature(1, polygon(ring_of(rect(0, 0)))), geojson_feature(2, None)]
    assert errors_of(run(write_geojson(tmp_path / "a.geojson", features), admin)) == [(2, "图形", "缺少图形")]
    features[1] = geojson_feature(2, polygon(ring_of(rect(40, 0))))
    assert run(write_geojson(tmp_path / "b.geojson", features, crs="urn:ogc:def:crs:EPSG::4490"),
               admin).written == 2
    assert sorted(Parcel.objects.values_list("location", flat=True)) == ["A街1村1号", "A街1村2号"]


def test_an_unreadable_coordinate_system_is_reported_with_the_features_faults(tmp_path, villages, admin):
    features = [
        geojson_feature(1, polygon(ring_of(rect(0, 0)))),
        geojson_feature(2, polygon(ring_of(rect(30, 0))[:-1])),
        geojson_feature(3, polygon(ring_of(rect(60, 0))), 建设状态="已建"),
    ]
    result = run(write_geojson(tmp_path / "crs.geojson", features, crs="EPSG:99999"), admin)
    assert [(r, c) for r, c, _ in errors_of(result)] == [(1, "文件"), (2, "图形"), (3, "建设状态")]
    assert "无法识别文件的坐标系" in errors_of(result)[0][2]
    assert not Parcel.objects.exists()


def _polygon_wkb(ring) -> bytes:
    data = struct.pack("<BII", 1, 3, 1) + struct.pack("<I", len(ring))
    return data + b"".join(struct.pack("<dd", x, y) for x, y in ring)


def test_an_unclosed_ring_in_a_geopackage_fails_only_its_feature(tmp_path, villages, admin):
    open_ring = ring_of(rect(30, 0))[:-1]
    wkb = np.array([shapely.to_wkb(rect(0, 0)), _polygon_wkb(open_ring), shapely.to_wkb(rect(60, 0))],
                   dtype=object)
    rows = [feature(n, None, 建设状态="已建" if n == 3 else "已批已建")[0] for n in (1, 2, 3)]
    names = list(rows[0])
    columns = [np.array([r[n] for r in rows], dtype=object) for n in names]
    path = tmp_path / "zd.gpkg"
    pyogrio.raw.write(str(path), wkb, columns, names, driver="GPKG", crs="EPSG:4490", geometry_type="Unknown")
    assert [(r, c) for r, c, _ in errors_of(run(path, admin))] == [(2, "图形"), (3, "建设状态")]
