"""Geometries built one feature at a time, so that each feature is judged alone: GeoJSON read with
json and shapely, WKB decoded feature by feature where the whole array fails.

GDAL reads a GeoJSON file as a whole: one unclosed ring makes the file's geometries fail to decode
together (GEOS: "Points of LinearRing do not form a closed linestring"), and a coordinate it cannot
read silently becomes a missing geometry. `geo.read_features` reads with GDAL first (fast) and falls
back to this reader when anything in the file is broken, so that every broken feature is named with
what is wrong with it, in Chinese, next to the faults of all the other features.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import shapely
import shapely.geometry

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                  "GeometryCollection")
DEFAULT_CRS = "OGC:CRS84"  # RFC 7946: GeoJSON without a "crs" member is in WGS84 longitude/latitude


@dataclass(frozen=True)
class BadGeometry:
    """A feature's geometry that could not be built; `message` says why, in Chinese."""

    message: str


class GeoJSONError(ValueError):
    """The file as a whole is not GeoJSON; the message is Chinese."""


def read_geojson(path: Path) -> tuple[list[tuple[dict, object]], str]:
    """(attributes, geometry) of every feature, the geometry a shapely geometry, None when the feature
    has none, or a BadGeometry; and the file's coordinate system as text."""
    raw = Path(path).read_bytes()
    if not raw.strip():
        raise GeoJSONError("文件是空的")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GeoJSONError("GeoJSON 文件应为 UTF-8 编码") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GeoJSONError(f"不是有效的 GeoJSON 文件：第{exc.lineno}行第{exc.colno}列附近格式有误") from None
    except RecursionError:
        raise GeoJSONError("不是有效的 GeoJSON 文件：嵌套层次过深") from None
    if not isinstance(data, dict):
        raise GeoJSONError("不是有效的 GeoJSON 文件：应为要素集合（FeatureCollection）")
    kind = data.get("type")
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise GeoJSONError("GeoJSON 要素集合缺少要素列表（features）")
    elif kind == "Feature":
        features = [data]
    elif kind in GEOMETRY_TYPES:
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    else:
        raise GeoJSONError("不是有效的 GeoJSON 文件：应为要素集合（FeatureCollection）")
    return [_feature(f) for f in features], _crs_text(data.get("crs"))


def _crs_text(crs) -> str:
    if crs is None:
        return DEFAULT_CRS
    props = crs.get("properties") if isinstance(crs, dict) else None
    if isinstance(props, dict):
        if isinstance(props.get("name"), str):
            return props["name"]
        if isinstance(props.get("code"), int):
            return f"EPSG:{props['code']}"
    return "unreadable"  # fails in pyproj, which the caller reports as a CRS it cannot read


def _feature(item) -> tuple[dict, object]:
    if not isinstance(item, dict) or item.get("type") != "Feature":
        return {}, BadGeometry("不是有效的要素（Feature）")
    props = item.get("properties")
    attributes = {str(k): _attribute(v) for k, v in props.items()} if isinstance(props, dict) else {}
    return attributes, geometry(item.get("geometry"))


def _attribute(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def geometry(data):
    """A GeoJSON geometry object as a shapely geometry, None, or a BadGeometry saying what is wrong."""
    if data is None:
        return None
    if not isinstance(data, dict):
        return BadGeometry("图形格式有误（不是 GeoJSON 几何对象）")
    kind = data.get("type")
    if kind not in GEOMETRY_TYPES:
        return BadGeometry(f"图形类型“{str(kind)[:30]}”无法识别")
    if kind == "GeometryCollection":
        parts = data.get("geometries")
        if not isinstance(parts, list):
            return BadGeometry("几何集合缺少 geometries")
        for part in parts:
            built = geometry(part)
            if not isinstance(built, shapely.Geometry):
                return built if isinstance(built, BadGeometry) else BadGeometry("几何集合中有空的图形")
    else:
        coords = data.get("coordinates")
        problem = _coordinates_problem(kind, coords)
        if problem:
            return BadGeometry(problem)
    try:
        return shapely.geometry.shape(data)
    except Exception:  # shapely/GEOS words are not for the user; the checks above catch known cases
        return BadGeometry("图形坐标格式有误")


_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


def _coordinates_problem(kind: str, coords) -> str:
    if not _nested(coords, _DEPTH[kind]):
        return "图形坐标格式有误（坐标的层次与图形类型不符）"
    positions = coords if _DEPTH[kind] else [coords]
    for _ in range(_DEPTH[kind] - 1):
        positions = [p for part in positions for p in part]
    for position in positions:
        if len(position) < 2 or not all(_is_number(v) for v in position):
            return "图形中有不是数值的坐标"
        if not all(math.isfinite(v) for v in position[:2]):
            return "坐标含非数值（NaN）或无穷大"
    if kind == "Polygon":
        return _rings_problem(coords, "")
    if kind == "MultiPolygon":
        for i, polygon in enumerate(coords, start=1):
            problem = _rings_problem(polygon, f"第{i}个面的" if len(coords) > 1 else "")
            if problem:
                return problem
    return ""


def _nested(value, depth: int) -> bool:
    """Whether `value` is lists `depth` deep around positions (lists of numbers)."""
    if not isinstance(value, list):
        return False
    if depth == 0:
        return all(not isinstance(v, list) for v in value)
    return all(_nested(v, depth - 1) for v in value)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _rings_problem(rings: list, prefix: str) -> str:
    if not rings:
        return f"{prefix}面没有环"
    for i, ring in enumerate(rings):
        name = prefix + ("外环" if i == 0 else f"第{i}个内环")
        if len(ring) < 4:
            return f"{name}顶点过少（{len(ring)}个，至少需4个且首尾相同）"
        if list(ring[0][:2]) != list(ring[-1][:2]):
            return f"{name}未闭合（首尾顶点不一致）"
    return ""


# GEOS refuses to build these from WKB; the words a surveyor uses for them.
_WKB_ERRORS = (
    ("closed linestring", "环未闭合（首尾顶点不一致）"),
    ("Invalid number of points", "环的顶点过少（至少需4个且首尾相同）"),
)


def decode_wkb(wkb) -> list:
    """Geometries from WKB, one by one where the whole array fails: a broken feature becomes a
    BadGeometry instead of failing every feature of the file."""
    if not len(wkb):
        return []
    try:
        return list(shapely.from_wkb(wkb))
    except Exception:
        pass
    found = []
    for item in wkb:
        try:
            found.append(shapely.from_wkb(item))
        except Exception as exc:
            text = str(exc)
            message = next((c for e, c in _WKB_ERRORS if e in text), "图形数据已损坏，无法读取")
            found.append(BadGeometry(message))
    return found


# shapely.is_valid_reason texts (GEOS) in the words a surveyor uses.
INVALID_REASONS = (
    ("Ring Self-intersection", "环自相交"),
    ("Self-intersection", "自相交"),
    ("Too few points", "顶点过少"),
    ("Interior is disconnected", "内部不连通"),
    ("Hole lies outside shell", "内环（洞）位于外环之外"),
    ("Nested holes", "内环相互嵌套"),
    ("Nested shells", "多个面相互嵌套"),
    ("Duplicate Rings", "存在重复的环"),
    ("Invalid Coordinate", "坐标无效"),
    ("Ring is not closed", "环未闭合"),
)


def invalid_reason(geometry: shapely.Geometry) -> str:
    reason = shapely.is_valid_reason(geometry) or ""
    where = re.search(r"\[([-\d.eE+]+) ([-\d.eE+]+)", reason)
    place = f"（位置约 {float(where.group(1)):.7f}, {float(where.group(2)):.7f}）" if where else ""
    for english, chinese in INVALID_REASONS:
        if reason.startswith(english):
            return chinese + place
    return "不符合面图形的规范" + place  # a GEOS reason not listed above: its English is not for the user
