"""Domain-free geometry helpers: read vector files, transform to CGCS2000, check polygons, measure
areas in the right Gauss–Krüger zone, and find overlaps with a spatial index.

Everything is stored in CGCS2000 geographic coordinates (EPSG:4490, lon/lat). Areas are measured in
the CGCS2000 3-degree Gauss–Krüger zone whose central meridian is nearest the geometry (zone =
round(lon / 3)); inside a 3-degree zone the scale error stays below about 1e-4, far below what a
cadastral area needs.
"""

import json
import logging
import math
import tempfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import shapely
from pyproj import CRS, Transformer

from zhenxing.core import importfiles
from zhenxing.homestead import geoparse
from zhenxing.homestead.geoparse import BadGeometry

log = logging.getLogger(__name__)
CGCS2000 = 4490
SUFFIXES = (".geojson", ".json", ".zip", ".gpkg")
# CGCS2000 3-degree Gauss–Krüger zones 25–45 (central meridians 75E–135E): EPSG 4513–4533 carry the
# zone number in front of the easting, EPSG 4534–4554 do not.
GK_WITH_ZONE = range(4513, 4534)
GK_WITHOUT_ZONE = range(4534, 4555)
FIRST_ZONE, LAST_ZONE = 25, 45
# Bounds of China with a margin: a file whose coordinates fall outside almost always declares the
# wrong coordinate system (e.g. projected metres in a file that says WGS84).
CHINA = (73.0, 3.0, 136.0, 54.0)
COORD_DIGITS = 7  # 1e-7 degrees is about 1 cm
POLYGONAL = ("Polygon", "MultiPolygon")
_M_PER_DEG = 111_320.0

GEOMETRY_NAMES = {
    "Point": "点", "MultiPoint": "多点", "LineString": "线", "MultiLineString": "多线",
    "LinearRing": "环", "GeometryCollection": "几何集合",
}
class GeoFileError(importfiles.FileProblem):
    """A problem with the whole file (format, coordinate system); the message is shown to the user."""


@dataclass(frozen=True)
class Feature:
    number: int  # 1-based position in the file, as users count features
    attributes: dict
    geometry: shapely.Geometry | BadGeometry | None  # in the file's coordinate system


@dataclass(frozen=True)
class FeatureFile:
    features: list[Feature]
    epsg: int | None  # the source CRS, after accepting it (4326 for WGS84/CRS84); None if not accepted
    crs_name: str
    crs_problem: str = ""  # why the CRS is not accepted (only with tolerate_crs)


# --- reading -----------------------------------------------------------------------------------

def read_features(path: Path | str, *, tolerate_crs: bool = False) -> FeatureFile:
    """Features of a .geojson/.json, a .zip holding one Shapefile, or a single-layer .gpkg.

    A feature whose geometry cannot be built carries a BadGeometry. A coordinate system that is
    missing, unreadable or not accepted raises GeoFileError, or with `tolerate_crs` comes back as
    `crs_problem` (epsg None), so that the features can still be checked for everything else.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise GeoFileError("只支持 .geojson、.json、.zip（内含 Shapefile）或 .gpkg 文件")
    try:
        importfiles.check_size(path)
        if suffix == ".zip":
            with tempfile.TemporaryDirectory(prefix="zhenxing-shp-") as folder:
                shp = _unzip_shapefile(path, Path(folder))
                return _read_ogr(shp, tolerate_crs, shapefile=True)
    except GeoFileError:
        raise
    except importfiles.FileProblem as exc:
        raise GeoFileError(str(exc)) from None
    if suffix == ".gpkg":
        try:
            layers = pyogrio.list_layers(path)
        except Exception as exc:  # GDAL raises its own types for broken files
            log.warning("GeoPackage %s unreadable: %r", path.name, exc)
            raise GeoFileError("无法读取 GeoPackage 文件：文件已损坏或不是 GeoPackage 格式") from None
        if len(layers) != 1:
            names = "、".join(str(name) for name, _ in layers)
            raise GeoFileError(f"GeoPackage 应只含一个图层，实际有{len(layers)}个（{names}）")
        return _read_ogr(path, tolerate_crs)
    try:
        found = _read_ogr(path, tolerate_crs)
    except GeoFileError:
        found = None
    if found is None or not all(isinstance(f.geometry, shapely.Geometry) for f in found.features):
        # GDAL could not read the file, or a feature's geometry is broken or gone: read it again
        # feature by feature, so that each one is judged alone and named with its fault.
        return _read_geojson(path, tolerate_crs)
    return found


def _unzip_shapefile(path: Path, folder: Path) -> Path:
    with importfiles.open_zip(path) as archive:
        members = [m for m in archive.infolist() if not m.is_dir() and "__MACOSX" not in m.filename]
        shps = [m.filename for m in members if m.filename.lower().endswith(".shp")]
        if len(shps) != 1:
            raise GeoFileError(f"ZIP 文件中应恰好有一个 .shp 文件，实际有{len(shps)}个")
        stem = shps[0][:-4]
        names = {m.filename.lower() for m in members}
        missing = [ext for ext in (".shx", ".dbf") if (stem + ext).lower() not in names]
        if missing:
            raise GeoFileError(f"Shapefile 缺少 {'、'.join(missing)} 文件")
        if (stem + ".prj").lower() not in names:
            raise GeoFileError("Shapefile 缺少 .prj 坐标系文件，无法确定坐标系")
        # Only the base name of a member is used, so nothing lands outside the folder.
        for m in members:
            if m.filename.lower().startswith(stem.lower() + "."):
                importfiles.extract_member(archive, m, folder / Path(m.filename).name)
        return folder / Path(shps[0]).name


def _read_ogr(path: Path, tolerate_crs: bool, shapefile: bool = False) -> FeatureFile:
    kwargs = {}
    if shapefile and not path.with_suffix(".cpg").exists() and not path.with_suffix(".CPG").exists():
        # Without a .cpg the DBF's encoding is unknown: UTF-8 fails loudly on GBK bytes, so try it first.
        kwargs["encoding"] = "UTF-8"
    try:
        try:
            meta, _, wkb, fields = pyogrio.raw.read(path, **kwargs)
        except UnicodeDecodeError:
            meta, _, wkb, fields = pyogrio.raw.read(path, encoding="GB18030")
    except Exception as exc:  # GDAL raises its own types (and its text names the server's paths)
        log.warning("GIS file %s unreadable: %r", path.name, exc)
        raise GeoFileError("无法读取文件：文件已损坏，或内容与扩展名不符") from None
    epsg, name, problem = _crs(meta.get("crs"), tolerate_crs)
    geometries = geoparse.decode_wkb(wkb)
    names = [str(n) for n in meta["fields"]]
    features = []
    for i, geometry in enumerate(geometries):
        attributes = {n: _value(column[i]) for n, column in zip(names, fields, strict=True)}
        features.append(Feature(i + 1, attributes, geometry))
    return FeatureFile(features, epsg, name, problem)


def _read_geojson(path: Path, tolerate_crs: bool) -> FeatureFile:
    try:
        items, crs_text = geoparse.read_geojson(path)
    except geoparse.GeoJSONError as exc:
        raise GeoFileError(str(exc)) from None
    epsg, name, problem = _crs(crs_text, tolerate_crs)
    features = [Feature(i, attributes, geometry) for i, (attributes, geometry) in enumerate(items, start=1)]
    return FeatureFile(features, epsg, name, problem)


def _crs(text: str | None, tolerate: bool) -> tuple[int | None, str, str]:
    try:
        epsg, name = accept_crs(text)
    except GeoFileError as exc:
        if not tolerate:
            raise
        return None, "", str(exc)
    return epsg, name, ""


def _value(value):
    if value is None:
        return None
    if isinstance(value, float | np.floating) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def accept_crs(crs_text: str | None) -> tuple[int, str]:
    """The EPSG code of an accepted source CRS, or a GeoFileError saying what is accepted."""
    allowed = ("仅支持 CGCS2000 经纬度（EPSG:4490）、CGCS2000 3度带高斯–克吕格投影（EPSG:4513–4554）"
               "或 WGS84 经纬度")
    if not crs_text:
        raise GeoFileError(f"文件没有声明坐标系（{allowed}）")
    try:
        crs = CRS.from_user_input(crs_text)
    except Exception as exc:
        raise GeoFileError(f"无法识别文件的坐标系（{allowed}）") from exc
    if crs.to_authority() == ("OGC", "CRS84"):
        return 4326, crs.name
    epsg = crs.to_epsg(min_confidence=70)
    if epsg == CGCS2000 or epsg == 4326 or epsg in GK_WITH_ZONE or epsg in GK_WITHOUT_ZONE:
        return epsg, crs.name
    raise GeoFileError(f"不支持文件的坐标系“{crs.name}”（{allowed}）")


def load_geojson(text: str) -> shapely.Geometry | None:
    """A geometry from GeoJSON text holding a geometry, a Feature or a FeatureCollection."""
    if not text:
        return None
    data = json.loads(text)
    if data.get("type") == "Feature":
        data = data.get("geometry")
    elif data.get("type") == "FeatureCollection":
        parts = [shapely.from_geojson(json.dumps(f["geometry"]))
                 for f in data["features"] if f.get("geometry")]
        return shapely.union_all(parts) if parts else None
    return shapely.from_geojson(json.dumps(data)) if data else None


def to_geojson(geometry: shapely.Geometry) -> str:
    return shapely.to_geojson(geometry)


# --- coordinate systems --------------------------------------------------------------------------

@lru_cache(maxsize=64)
def transformer(source: int, target: int) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def to_cgcs2000(geometries, epsg: int) -> np.ndarray:
    """Geometries (an array; None stays None) moved to EPSG:4490, coordinates rounded to 1e-7 degrees.
    A BadGeometry stays as it is."""
    result = np.empty(len(geometries), dtype=object)
    result[:] = list(geometries)
    built = np.array([isinstance(g, shapely.Geometry) for g in result], dtype=bool)
    if not built.all():
        if built.any():
            result[built] = to_cgcs2000(result[built], epsg)
        return result
    if epsg == 4326:
        # WGS84 and CGCS2000 differ by a few centimetres at most (same ellipsoid to 0.1 mm, frames
        # aligned to ITRF); below a parcel survey's accuracy, so the coordinates are taken as they are.
        pass
    elif epsg != CGCS2000:
        coords = shapely.get_coordinates(result)
        x, y = transformer(epsg, CGCS2000).transform(coords[:, 0], coords[:, 1])
        result = shapely.set_coordinates(result.copy(), np.column_stack([x, y]))
    coords = shapely.get_coordinates(result)
    return shapely.set_coordinates(result, np.round(coords, COORD_DIGITS))


def zone_of(lon: float) -> int:
    return int(round(lon / 3))


def zone_epsg(zone: int) -> int:
    """EPSG code of the 3-degree zone without the zone prefix (plain eastings around 500 km)."""
    if not FIRST_ZONE <= zone <= LAST_ZONE:
        raise ValueError(f"zone {zone} is outside China's 3-degree zones")
    return GK_WITHOUT_ZONE.start + zone - FIRST_ZONE


def to_zone(geometry: shapely.Geometry, zone: int | None = None) -> shapely.Geometry:
    """The geometry (EPSG:4490) in metres of its Gauss–Krüger zone (by its centroid unless given)."""
    if zone is None:
        zone = zone_of(shapely.centroid(geometry).x)
    t = transformer(CGCS2000, zone_epsg(zone))
    return shapely.transform(geometry, lambda c: np.column_stack(t.transform(c[:, 0], c[:, 1])))


def area_m2(geometry: shapely.Geometry, zone: int | None = None) -> Decimal:
    """Area in m² measured in the Gauss–Krüger zone of the geometry's centroid, to 0.01 m²."""
    area = shapely.area(to_zone(geometry, zone))
    return Decimal(repr(float(area))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- checks ------------------------------------------------------------------------------------

def shape_problem(geometry) -> str:
    """What is wrong with a polygon whatever its coordinate system, in Chinese; "" if nothing."""
    problem = _basic_problem(geometry)
    if not problem and not shapely.is_valid(geometry):
        problem = f"图形无效：{geoparse.invalid_reason(geometry)}"
    return problem


def _basic_problem(geometry) -> str:
    if isinstance(geometry, BadGeometry):
        return f"图形无效：{geometry.message}"
    if geometry is None or shapely.is_empty(geometry):
        return "缺少图形"
    type_name = geometry.geom_type
    if type_name not in POLYGONAL:
        shown = GEOMETRY_NAMES.get(type_name, type_name)
        return f"图形为{shown}（{type_name}），宗地应为面（Polygon 或 MultiPolygon）"
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        return "图形无效：坐标含非数值（NaN）或无穷大"
    return ""


def polygon_problem(geometry) -> str:
    """Why a geometry (EPSG:4490) cannot be a parcel, in Chinese; "" if it can."""
    problem = _basic_problem(geometry)
    if problem:
        return problem
    if _outside_china(geometry):
        return "坐标不在中国范围内，请检查文件声明的坐标系是否与坐标一致"
    if not shapely.is_valid(geometry):
        return f"图形无效：{geoparse.invalid_reason(geometry)}"
    if shapely.area(geometry) == 0 or area_m2(geometry) == 0:
        return "图形面积为零"
    return ""


def _outside_china(geometry) -> bool:
    min_x, min_y, max_x, max_y = shapely.bounds(geometry)
    return not (CHINA[0] <= min_x and max_x <= CHINA[2] and CHINA[1] <= min_y and max_y <= CHINA[3])


def outside_area_m2(geometry: shapely.Geometry, boundary: shapely.Geometry) -> float:
    """Area (m²) of the part of `geometry` outside `boundary`; 0 when it lies inside."""
    if shapely.contains(boundary, geometry):
        return 0.0
    rest = shapely.difference(geometry, boundary)
    if shapely.is_empty(rest):
        return 0.0
    return float(shapely.area(to_zone(rest, zone_of(shapely.centroid(geometry).x))))


# --- overlaps ----------------------------------------------------------------------------------

def _approx_m2(area_deg2: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return area_deg2 * _M_PER_DEG * _M_PER_DEG * np.cos(np.radians(lat))


def approx_area_m2(geometries) -> np.ndarray:
    """Areas (m²) of geometries in EPSG:4490 to within a few per cent, without projecting them."""
    geometries = np.array(geometries, dtype=object)
    return _approx_m2(shapely.area(geometries), shapely.get_y(shapely.centroid(geometries)))


class OverlapIndex:
    """Parcels (EPSG:4490) in an STRtree; answers which of them overlap a polygon by more than a
    tolerance, the overlap measured in metres of the polygon's Gauss–Krüger zone."""

    def __init__(self, keys, geometries):
        self.keys = list(keys)
        self.geometries = np.array(geometries, dtype=object)
        self.tree = shapely.STRtree(self.geometries)

    def overlapping(self, candidate: shapely.Geometry, tolerance_m2: float) -> list[tuple[object, float]]:
        """(key, overlap in m²) of the indexed parcels overlapping `candidate` by more than the tolerance."""
        hits = np.sort(self.tree.query(candidate, predicate="intersects"))
        if not len(hits):
            return []
        parts = shapely.intersection(candidate, self.geometries[hits])
        return self._measure([(self.keys[j], p) for j, p in zip(hits, parts, strict=True)], tolerance_m2)

    def pairs(self, geometries, tolerance_m2: float, *, among_themselves: bool = False
              ) -> list[tuple[int, object, float]]:
        """For many polygons at once: (position in `geometries`, key, overlap m²) above the tolerance.
        `among_themselves`: `geometries` are the indexed ones, in order; each pair comes once, as
        (later position, key of the earlier), and none with itself."""
        geometries = np.array(geometries, dtype=object)
        if not len(geometries) or not len(self.keys):
            return []
        left, right = self.tree.query(geometries, predicate="intersects")
        if among_themselves:
            later = left > right
            left, right = left[later], right[later]
        if not len(left):
            return []
        order = np.lexsort((right, left))  # by position, then by index order: stable reports
        left, right = left[order].tolist(), right[order].tolist()
        parts = shapely.intersection(geometries[left], self.geometries[right])
        found = self._measure([((i, self.keys[j]), p) for i, j, p in zip(left, right, parts, strict=True)],
                              tolerance_m2)
        return [(i, key, area) for (i, key), area in found]

    @staticmethod
    def _measure(items, tolerance_m2: float) -> list[tuple[object, float]]:
        if not items:
            return []
        parts = np.array([p for _, p in items], dtype=object)
        # Most hits only touch along an edge: a rough area in degrees sorts those out before the
        # exact measurement in metres, which needs a projection.
        rough = _approx_m2(shapely.area(parts), shapely.get_y(shapely.centroid(parts)))
        found = []
        for (key, part), approx in zip(items, rough, strict=True):
            if not approx > tolerance_m2 * 0.5:
                continue
            area = float(shapely.area(to_zone(part)))
            if area > tolerance_m2:
                found.append((key, round(area, 2)))
        return found


def overlaps(candidate: shapely.Geometry, others, tolerance_m2: float) -> list:
    """Keys of `others` ((key, geometry) pairs or a dict) overlapping `candidate` by more than the
    tolerance (m², measured in the candidate's Gauss–Krüger zone)."""
    items = list(others.items()) if isinstance(others, dict) else list(others)
    if not items:
        return []
    index = OverlapIndex([k for k, _ in items], [g for _, g in items])
    return [key for key, _ in index.overlapping(candidate, tolerance_m2)]
