"""Parcel import from GeoJSON, zipped Shapefile and GeoPackage: coordinate systems and areas, every
error kind by feature and column, nothing written on any error, a clean file written in full, CLI."""

import json
import zipfile
from decimal import Decimal

import numpy as np
import pyogrio.raw
import pytest
import shapely
from pyproj import Transformer

from zhenxing import cli
from zhenxing.core import imports
from zhenxing.core.models import AuditEvent
from zhenxing.homestead import geo
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs import access
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

ZONE_41 = 4529  # "CGCS2000 / 3-degree Gauss-Kruger zone 41" (checked in test_geo)
CM_123E = 4550
# Village A1 is the square 123.50–123.52 E, 42.00–42.02 N; A2 east of it, B1 east of A2.
ORIGIN = Transformer.from_crs(4490, ZONE_41, always_xy=True).transform(123.505, 42.005)


def code(n: int, village: str = "210113001201") -> str:
    return f"{village}JC{n:05d}"


def rect(dx: float, dy: float, width: float = 20.0, height: float = 15.0, epsg: int = 4490):
    """A width x height metre rectangle drawn in zone 41, `dx`/`dy` metres from the origin, in `epsg`."""
    x, y = ORIGIN[0] + dx, ORIGIN[1] + dy
    box = shapely.box(x, y, x + width, y + height)
    if epsg == ZONE_41:
        return box
    moved = geo.to_cgcs2000([box], ZONE_41)[0]
    if epsg == 4490:
        return moved
    t = Transformer.from_crs(4490, epsg, always_xy=True)
    return shapely.transform(moved, lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1])))


def feature(n, geometry, **attributes):
    values = {"宗地代码": code(n), "坐落": f"A街1村{n}号", "建设状态": "已批已建", "村代码": "210113001201"}
    values.update(attributes)
    return {k: v for k, v in values.items() if v is not ...}, geometry


def write_file(path, features, crs="EPSG:4490", driver="GeoJSON"):
    names = list(dict.fromkeys(k for attrs, _ in features for k in attrs))
    wkb = np.array([None if g is None else shapely.to_wkb(g) for _, g in features], dtype=object)
    columns = [np.array([attrs.get(n) for attrs, _ in features], dtype=object) for n in names]
    pyogrio.raw.write(str(path), wkb, columns, names, driver=driver, crs=crs, geometry_type="Unknown"
                      if driver != "ESRI Shapefile" else "Polygon")
    return path


def zip_shapefile(tmp_path, features, crs):
    folder = tmp_path / "shp"
    folder.mkdir()
    write_file(folder / "zd.shp", features, crs, "ESRI Shapefile")
    archive = tmp_path / "zd.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in folder.iterdir():
            z.write(f, f.name)
    return archive


def run(path, user, scope_path=None):
    actor = access.actor_for(user)
    return imports.run(imports.specs["parcels"], path, actor=actor,
                       scope_path=scope_path or actor.paths(access.IMPORT)[0])


def errors_of(result):
    return [(e["row"], e["column"], e["message"]) for e in result.errors.items]


def assert_about(value: Decimal, expected: float, rel: float = 0.005):
    assert abs(float(value) - expected) <= expected * rel, value


def test_clean_geojson_in_cgcs2000_is_written_in_full(tmp_path, villages, admin):
    home = factories.household(villages["village_a1"])
    path = write_file(tmp_path / "zd.geojson", [
        feature(1, rect(0, 0), 不动产单元号=code(1) + "F00010001", 确权="是", 证书号="辽(2021)第1号",
                户编号=home.number, 用途="宅基地", 利用状态="闲置", 东至="道路"),
        feature(2, rect(30, 0, 40, 25)),
        feature(3, rect(0, 30), 建设状态="未批先建"),
    ])
    result = run(path, admin)
    assert errors_of(result) == [] and result.written == 3
    first, second, third = Parcel.objects.order_by("code")
    assert_about(first.area_m2, 300.0)
    assert_about(second.area_m2, 1000.0)
    assert (first.village, first.path, first.household) == (villages["village_a1"],
                                                            villages["village_a1"].path, home)
    assert (first.unit_number, first.certification, first.certificate_number) == (
        code(1) + "F00010001", "certified", "辽(2021)第1号")
    assert (first.use, first.use_status, first.east) == ("residential", "idle", "道路")
    assert (second.certification, second.use_status, second.household) == ("uncertified", "in_use", None)
    assert third.build_status == "unapproved_built"
    geometry = json.loads(first.geometry)
    assert geometry["type"] == "Polygon"
    for lon, lat in geometry["coordinates"][0]:
        assert round(lon, 7) == lon and round(lat, 7) == lat and 123.5 < lon < 123.52
    shape = shapely.from_geojson(first.geometry)
    assert (first.min_x, first.min_y, first.max_x, first.max_y) == pytest.approx(shape.bounds)
    event = AuditEvent.objects.get(action="import.parcels")
    assert event.changes["written"] == 3 and event.scope_path == villages["street_a"].path
    assert Decimal(event.changes["area_m2"]) == sum(p.area_m2 for p in (first, second, third))


def test_zipped_shapefile_in_zone_41_with_english_names_finds_the_village_by_boundary(
    tmp_path, villages, admin
):
    # 2,000 m east of the origin lies in village A2 (123.52–123.54 E); no village code is given.
    rows = [
        ({"code": code(7, "210113001202"), "unit_number": code(7, "210113001202") + "F00010001",
          "location": "A街2村7号", "build_status": "已批未建", "certified": "否"},
         rect(2000, 0, epsg=ZONE_41)),
    ]
    result = run(zip_shapefile(tmp_path, rows, f"EPSG:{ZONE_41}"), admin)
    assert errors_of(result) == []
    parcel = Parcel.objects.get()
    assert parcel.village == villages["village_a2"]
    assert parcel.build_status == "approved_unbuilt" and parcel.unit_number.endswith("F00010001")
    assert_about(parcel.area_m2, 300.0)
    assert 123.52 < parcel.min_x < 123.54


def test_geopackage_without_zone_prefix_and_pinyin_names(tmp_path, villages, admin):
    rows = [({"ZDDM": code(5), "ZL": "A街1村5号", "JSZT": "已批已建", "CDM": "210113001201"},
             rect(100, 100, 12.5, 24, epsg=CM_123E))]
    result = run(write_file(tmp_path / "zd.gpkg", rows, f"EPSG:{CM_123E}", "GPKG"), admin)
    assert errors_of(result) == []
    assert_about(Parcel.objects.get().area_m2, 300.0)


def test_every_error_is_reported_by_feature_and_column_and_nothing_is_written(tmp_path, villages, admin):
    registered = write_file(tmp_path / "old.geojson", [feature(1, rect(0, 0))])
    assert run(registered, admin).written == 1
    bowtie = rect(200, 200)
    x0, y0, x1, y1 = bowtie.bounds
    bowtie = shapely.Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])
    features = [
        feature(2, rect(100, 0)),  # 1: clean
        feature(3, rect(130, 0), 宗地代码="21011300120JC00003"),  # 2: code too short
        feature(4, rect(160, 0), 不动产单元号=code(5) + "F00010001"),  # 3: unit number of another parcel
        feature(2, rect(190, 0)),  # 4: same code as feature 1
        feature(1, rect(220, 0)),  # 5: code already registered
        feature(6, rect(250, 0), 村代码="210113001299"),  # 6: no such village
        feature(7, rect(280, 0), 村代码="210113002201"),  # 7: village outside the street's scope
        feature(8, rect(430, 0)),  # 8: clean
        feature(9, rect(-700, 0)),  # 9: 123.505 E minus 700 m lies west of A1's boundary
        feature(10, bowtie),  # 10: self-intersecting
        feature(11, shapely.Point(123.51, 42.01)),  # 11: a point
        feature(12, rect(110, 5)),  # 12: overlaps feature 1 by 10 m x 10 m
        feature(13, rect(5, 5)),  # 13: overlaps the registered parcel by 15 m x 10 m
        feature(14, rect(340, 0), 户编号="NOSUCHHOUSE"),  # 14: unknown household
        feature(15, None),  # 15: no geometry
        feature(16, rect(370, 0), 建设状态="已建"),  # 16: not a build status
        feature(17, rect(3000, 0), 村代码=None),  # 17: no code, and in B1 (outside the scope)
        feature(18, rect(400, 0), 坐落=None),  # 18: location missing
    ]
    result = run(write_file(tmp_path / "bad.geojson", features), admin)
    found = errors_of(result)
    expected = [
        (2, "宗地代码", "应为19位"),
        (3, "不动产单元号", "前19位应与宗地代码"),
        (4, "宗地代码", f"宗地代码“{code(2)}”与第1个要素重复"),
        (5, "宗地代码", f"宗地代码“{code(1)}”已登记"),
        (6, "村代码", "村“210113001299”不存在或不在您的管辖范围内"),
        (7, "村代码", "村“210113002201”不存在或不在您的管辖范围内"),
        (9, "图形", "宗地超出A街1村边界约"),
        (10, "图形", "图形无效：自相交"),
        (11, "图形", "图形为点（Point）"),
        (12, "图形", "与本文件第1个要素重叠约"),
        (13, "图形", f"与已登记宗地“{code(1)}”重叠约"),
        (14, "户编号", "户编号“NOSUCHHOUSE”不存在或不在您的管辖范围内"),
        (15, "图形", "缺少图形"),
        (16, "建设状态", "“已建”不是可选值"),
        (17, "村代码", "宗地不在任何村的边界内"),
        (18, "坐落", "必填项为空"),
    ]
    assert [(r, c) for r, c, _ in found] == [(r, c) for r, c, _ in expected], found
    for (_, _, message), (_, _, words) in zip(found, expected, strict=True):
        assert words in message
    messages = dict(((r, c), m) for r, c, m in found)
    assert_about(Decimal(messages[9, "图形"].split("约")[1].removesuffix("平方米")), 300.0)
    assert_about(Decimal(messages[12, "图形"].split("约")[1].removesuffix("平方米")), 100.0)
    assert_about(Decimal(messages[13, "图形"].split("约")[1].removesuffix("平方米")), 150.0)
    assert Parcel.objects.count() == 1
    assert AuditEvent.objects.filter(action="import.parcels").count() == 1


def test_overlap_below_the_tolerance_is_accepted_above_it_rejected(tmp_path, villages, admin, settings):
    assert run(write_file(tmp_path / "old.geojson", [feature(1, rect(0, 0))]), admin).written == 1
    sliver = write_file(tmp_path / "sliver.geojson", [feature(2, rect(19.95, 0))])  # 0.05 m x 15 m
    wide = write_file(tmp_path / "wide.geojson", [feature(3, rect(-19.7, 0))])  # 0.3 m x 15 m, west
    (_, column, message), = errors_of(run(wide, admin))
    assert column == "图形" and message.startswith(f"与已登记宗地“{code(1)}”重叠约")
    # Coordinates are kept to 1e-7 degrees (about 1 cm), so a 0.3 m wide overlap measures 4.5 m² ± 3%.
    assert_about(Decimal(message.split("约")[1].removesuffix("平方米")), 4.5, rel=0.03)
    assert run(sliver, admin).written == 1
    settings.ZHENXING_OVERLAP_TOLERANCE_M2 = 5
    assert run(wide, admin).written == 1
    assert Parcel.objects.count() == 3


def west_edge_at(dy: float) -> float:
    """Metres from the origin's easting to village A1's west edge (123.50 E) at northing origin + dy:
    the meridian is not a grid line of zone 41 (grid convergence), so it is solved for."""
    to_gk = Transformer.from_crs(4490, ZONE_41, always_xy=True)
    lat = 42.005
    for _ in range(5):
        east, north = to_gk.transform(123.50, lat)
        lat += (ORIGIN[1] + dy - north) / 111_000
    return east - ORIGIN[0]


def test_parcel_sticking_out_of_its_village_a_little_is_accepted(tmp_path, villages, admin):
    little = write_file(tmp_path / "a.geojson", [feature(1, rect(west_edge_at(2.5) - 0.02, 0, 20, 5))])
    assert errors_of(run(little, admin)) == []  # about 0.02 m x 5 m outside
    much = write_file(tmp_path / "b.geojson", [feature(2, rect(west_edge_at(-12.5) - 1, -20, 20, 15))])
    message = errors_of(run(much, admin))[0][2]  # about 1 m x 15 m outside
    assert message.startswith("宗地超出A街1村边界约")
    assert_about(Decimal(message.split("约")[1].removesuffix("平方米")), 15.0, rel=0.02)


def test_unsupported_coordinate_system_is_a_file_error(tmp_path, villages, admin):
    path = write_file(tmp_path / "web.geojson", [feature(1, rect(0, 0, epsg=3857))], crs="EPSG:3857")
    found = errors_of(run(path, admin))
    assert len(found) == 1 and found[0][:2] == (1, "文件") and "不支持文件的坐标系" in found[0][2]


def test_projected_coordinates_in_a_file_that_says_wgs84_are_reported(tmp_path, villages, admin):
    path = tmp_path / "nocrs.geojson"
    attrs, geometry = feature(1, rect(0, 0, epsg=ZONE_41))
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": attrs, "geometry": shapely.geometry.mapping(geometry)}]}))
    assert errors_of(run(path, admin)) == [
        (1, "图形", "坐标不在中国范围内，请检查文件声明的坐标系是否与坐标一致"),
    ]


def test_cli_imports_parcels(tmp_path, villages, admin, capsys):
    path = write_file(tmp_path / "zd.geojson", [feature(1, rect(0, 0)), feature(2, rect(40, 0))])
    cli.main(["import", "parcels", str(path), "--user", admin.username])
    assert "已导入 2 条宗地记录" in capsys.readouterr().out
    assert Parcel.objects.count() == 2


def test_cli_rejects_a_bad_parcel_file_naming_the_feature(tmp_path, villages, admin, capsys):
    point = shapely.Point(123.51, 42.01)
    path = write_file(tmp_path / "zd.geojson", [feature(1, rect(0, 0)), feature(2, point)])
    with pytest.raises(SystemExit):
        cli.main(["import", "parcels", str(path), "--user", admin.username])
    assert "第2行 [图形] 图形为点" in capsys.readouterr().err
    assert Parcel.objects.count() == 0


def test_the_import_page_takes_a_geojson_file(tmp_path, villages, admin, client, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = write_file(tmp_path / "parcels.geojson", [feature(1, rect(0, 0)), feature(2, rect(40, 0))])
    client.force_login(admin)
    index = client.get("/imports/").content.decode()
    assert ".geojson" in index and "/imports/templates/parcels" not in index
    upload = SimpleUploadedFile("宗地.geojson", path.read_bytes(), content_type="application/geo+json")
    response = client.post("/imports/", {"kind": "parcels", "file": upload}, follow=True)
    assert "已导入 2 条" in response.content.decode()
    assert Parcel.objects.count() == 2
    bad = SimpleUploadedFile("宗地.csv", b"a,b\n", content_type="text/csv")
    response = client.post("/imports/", {"kind": "parcels", "file": bad})
    assert response.status_code == 400 and "宗地导入只支持" in response.content.decode()


def test_a_feature_wider_than_any_homestead_is_refused(tmp_path, villages, admin):
    """Checks against registered parcels look this far west of a feature: none may be wider."""
    path = write_file(tmp_path / "zd.geojson", [feature(1, rect(0, 0, width=1700, height=20))])
    result = run(path, admin)
    assert (1, "图形", "宗地东西跨度超过约1.6公里，不是一宗宅基地（请检查坐标系和单位）") in errors_of(result)
    assert not Parcel.objects.exists()
