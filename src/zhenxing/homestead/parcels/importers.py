"""Import of homestead parcels (宗地) from GeoJSON, a zipped Shapefile or a GeoPackage.

A feature is a row: its attributes map to columns by Chinese, pinyin-abbreviation or English names
(Shapefile field names are cut to 10 characters, so prefixes of those are accepted too), and its
polygon, moved to EPSG:4490, is the column “图形”. Errors are reported by feature number (the first
feature is 1). Nothing is written until every feature is clean.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import shapely
from django.conf import settings

from zhenxing.core import imports
from zhenxing.core.imports import CellError, ImportColumn, ImportErrors, ImportSpec, ParsedRow
from zhenxing.homestead import geo
from zhenxing.homestead.parcels import codes, services
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.policies import rules
from zhenxing.orgs.importers import check_scope, chunks, leading_code
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household

GEOMETRY = "图形"
# Wider than any homestead (0.02 degrees is about 1.6 km east–west here): how far west of a box a
# registered parcel that meets it can start. The import's own parcels are checked against each other
# whatever their size.
MAX_PARCEL_SPAN_DEG = 0.02
SHAPEFILE_FIELD_LENGTH = 10

# Column key -> names a file may use for it (matched without regard to case).
ALIASES = {
    "code": ("宗地代码", "ZDDM", "code", "parcel_code"),
    "unit_number": ("不动产单元号", "BDCDYH", "unit_number", "unit_no"),
    "location": ("坐落", "ZL", "location", "address"),
    "village": ("村代码", "CDM", "village_code", "village"),
    "use": ("用途", "YT", "use"),
    "certified": ("确权", "是否确权", "QQ", "certified"),
    "certificate_number": ("证书号", "不动产权证号", "ZSH", "certificate_number", "certificate"),
    "build_status": ("建设状态", "JSZT", "build_status"),
    "use_status": ("利用状态", "LYZT", "use_status"),
    "household": ("户编号", "HBH", "household_number", "household"),
    "east": ("东至", "DZ", "east"),
    "south": ("南至", "NZ", "south"),
    "west": ("西至", "XZ", "west"),
    "north": ("北至", "BZ", "north"),
}
USE_ALIASES = {"宅基地": "residential"}


def _labels(pairs) -> tuple[str, ...]:
    return tuple(label for _, label in pairs)


def _key_parser(pairs):
    by_label = {label: key for key, label in pairs}

    def parse(text: str) -> str:
        return by_label[text]

    return parse


def _parse_use(text: str) -> str:
    by_label = {label: key for key, label in Parcel.USES} | USE_ALIASES
    if text not in by_label:
        raise CellError(f"用途“{text}”无效（可选：{'、'.join(_labels(Parcel.USES))}）")
    return by_label[text]


@dataclass(frozen=True)
class _InUnknownCrs:
    """A geometry whose file's coordinate system is not accepted: its shape can be judged, not its
    place (the file's CRS problem is reported once, for the whole file)."""

    geometry: shapely.Geometry


def parse_polygon(geometry) -> shapely.Geometry | None:
    if isinstance(geometry, _InUnknownCrs):
        problem = geo.shape_problem(geometry.geometry)
        if problem:
            raise CellError(problem)
        return None  # not checked further: the file is refused for its coordinate system
    problem = geo.polygon_problem(geometry)
    if problem:
        raise CellError(problem)
    return geometry


def _parse_geometry(geometry) -> shapely.Geometry | None:
    geometry = parse_polygon(geometry)
    if geometry is None:
        return None
    min_x, _, max_x, _ = shapely.bounds(geometry)
    if max_x - min_x > MAX_PARCEL_SPAN_DEG:
        raise CellError("宗地东西跨度超过约1.6公里，不是一宗宅基地（请检查坐标系和单位）")
    return geometry


def overlap_tolerance_m2() -> float:
    return float(getattr(settings, "ZHENXING_OVERLAP_TOLERANCE_M2", 1.0))


def implausible_area_factor() -> float:
    """A parcel over this many times the area cap in force is a warning the importer must confirm."""
    return float(getattr(settings, "ZHENXING_IMPLAUSIBLE_AREA_FACTOR", 3))


def boundary_tolerance_m2() -> float:
    # Village boundaries are often digitised coarser than parcels: a parcel may stick out a little.
    return float(getattr(settings, "ZHENXING_BOUNDARY_TOLERANCE_M2", 1.0))


@dataclass(frozen=True)
class _Village:
    id: int
    code: str
    name: str
    path: str
    boundary: shapely.Geometry | None


class ParcelImport(ImportSpec):
    kind = "parcels"
    title = "宗地"
    suffixes = geo.SUFFIXES
    first_row = 1  # features are counted from 1
    has_template = False  # the attributes come from GIS software, not from a spreadsheet
    aliases = ALIASES
    noun = "宗地"
    columns = (
        ImportColumn("code", "宗地代码", parse=codes.check_parcel_code, max_length=19,
                     note="19位：12位数字 + 2位字母 + 5位数字；属性名也可为 ZDDM 或 code",
                     example="210113001201JC00001"),
        ImportColumn("unit_number", "不动产单元号", required=False, parse=codes.check_unit_number,
                     max_length=28, note="28位，前19位为宗地代码；也可为 BDCDYH 或 unit_number",
                     example="210113001201JC00001F00010001"),
        ImportColumn("location", "坐落", max_length=200, example="马刚村一组18号"),
        ImportColumn("village", "村代码", required=False, parse=leading_code, max_length=120,
                     note="12位村代码；不填时按宗地所在的村边界确定", example="210113001201"),
        ImportColumn("use", "用途", required=False, parse=_parse_use, example="农村宅基地"),
        ImportColumn("certified", "确权", required=False, choices=imports.YES_NO,
                     parse=imports.parse_yes_no, note="是否已确权登记；不填视为“否”", example="是"),
        ImportColumn("certificate_number", "证书号", required=False, max_length=50,
                     example="辽(2021)沈北新区不动产权第0000001号"),
        ImportColumn("build_status", "建设状态", choices=_labels(Parcel.BUILD_STATUS),
                     parse=_key_parser(Parcel.BUILD_STATUS), example="已批已建"),
        ImportColumn("use_status", "利用状态", required=False, choices=_labels(Parcel.USE_STATUS),
                     parse=_key_parser(Parcel.USE_STATUS), note="不填视为“在用”", example="在用"),
        ImportColumn("household", "户编号", required=False, max_length=32, note="须为已登记的户",
                     example="2101130012010001"),
        ImportColumn("east", "东至", required=False, max_length=100),
        ImportColumn("south", "南至", required=False, max_length=100),
        ImportColumn("west", "西至", required=False, max_length=100),
        ImportColumn("north", "北至", required=False, max_length=100),
        ImportColumn("geometry", GEOMETRY, parse=_parse_geometry, required_message="缺少图形",
                     note="面（Polygon/MultiPolygon），坐标系为 CGCS2000 经纬度或3度带高斯–克吕格投影"),
    )

    # --- reading ---------------------------------------------------------------------------

    def read(self, path) -> imports.Table:
        try:
            source = geo.read_features(path, tolerate_crs=True)
        except geo.GeoFileError as exc:
            raise CellError(str(exc)) from exc
        names = list(dict.fromkeys(n for f in source.features for n in f.attributes))
        headers = [self._header_for(n) for n in names] + [GEOMETRY]
        shapes = [f.geometry for f in source.features]
        if source.epsg is None:
            geometries = [_InUnknownCrs(g) if isinstance(g, shapely.Geometry) else g for g in shapes]
        else:
            geometries = geo.to_cgcs2000(shapes, source.epsg)
        rows = [[imports.cell_text(f.attributes.get(n)) for n in names] + [g]
                for f, g in zip(source.features, geometries, strict=True)]
        problems = [source.crs_problem] if source.crs_problem else []
        return imports.Table(headers, rows, problems)

    def _header_for(self, name: str) -> str:
        wanted = name.strip().lower()
        for key, aliases in self.aliases.items():
            for alias in aliases:
                alias = alias.lower()
                if wanted == alias or (len(wanted) == SHAPEFILE_FIELD_LENGTH and alias.startswith(wanted)):
                    return self.header(key)
        return name

    # --- checks ----------------------------------------------------------------------------

    def prepare(self, *, actor, scope_path: str) -> dict:
        check_scope(actor, scope_path)
        return {"actor": actor, "scope_path": scope_path}

    def check_row(self, row: ParsedRow, ctx: dict, errors: ImportErrors) -> None:
        v = row.values
        if row.has("code", "unit_number") and v["unit_number"][:19] != v["code"]:
            errors.add(row.number, self.header("unit_number"),
                       f"不动产单元号前19位应与宗地代码“{v['code']}”一致")

    def check_file(self, rows: list[ParsedRow], ctx: dict, errors: ImportErrors) -> None:
        scope_path = ctx["scope_path"]
        self._check_villages(rows, scope_path, errors)
        self._check_codes(rows, errors)
        self._check_households(rows, scope_path, errors)
        self._check_overlaps(rows, scope_path, errors)
        self._check_plausible_areas(rows, errors)

    def _check_villages(self, rows, scope_path, errors) -> None:
        header = self.header("village")
        villages = {
            code: _Village(id_, code, name, path, _boundary(text))
            for id_, code, name, path, text in OrgUnit.objects.filter(
                level="village", path__startswith=scope_path
            ).values_list("id", "code", "name", "path", "boundary")
        }
        given = sorted({r.values["village"] for r in rows if r.has("village")} - set(villages))
        other_units = set()
        for part in chunks(given):
            other_units.update(OrgUnit.objects.filter(code__in=part, path__startswith=scope_path)
                               .values_list("code", flat=True))
        with_boundary = [v for v in villages.values() if v.boundary is not None]
        tree = shapely.STRtree([v.boundary for v in with_boundary])
        tolerance = boundary_tolerance_m2()
        for row in rows:
            v = row.values
            if row.has("village"):
                village = villages.get(v["village"])
                if village is None:
                    message = (f"“{v['village']}”不是村代码" if v["village"] in other_units
                               else f"村“{v['village']}”不存在或不在您的管辖范围内")
                    errors.add(row.number, header, message)
                    continue
            elif row.has("geometry"):
                # A point on the parcel's surface, not its centroid: an L-shaped parcel's centroid may
                # lie outside it, in the neighbouring village.
                point = shapely.point_on_surface(v["geometry"])
                hits = tree.query(point, predicate="within") if with_boundary else []
                if not len(hits):
                    errors.add(row.number, header,
                               "未填写村代码，且宗地不在任何村的边界内（或不在您的管辖范围内）")
                    continue
                village = with_boundary[int(hits[0])]
            else:
                continue
            v["_village"] = village
            if row.has("geometry") and village.boundary is not None:
                outside = geo.outside_area_m2(v["geometry"], village.boundary)
                if outside > tolerance:
                    errors.add(row.number, GEOMETRY,
                               f"{self.noun}超出{village.name}边界约{outside:.2f}平方米")

    def _check_codes(self, rows, errors) -> None:
        header = self.header("code")
        first: dict[str, int] = {}
        for row in rows:
            if not row.has("code"):
                continue
            code = row.values["code"]
            if code in first:
                errors.add(row.number, header, f"宗地代码“{code}”与第{first[code]}个要素重复")
            else:
                first[code] = row.number
        for part in chunks(sorted(first)):
            for code in Parcel.objects.filter(code__in=part).values_list("code", flat=True):
                errors.add(first[code], header, f"宗地代码“{code}”已登记")

    def _check_households(self, rows, scope_path, errors) -> None:
        numbers = sorted({r.values["household"] for r in rows if r.has("household")})
        found: dict[str, int] = {}
        for part in chunks(numbers):
            found.update(Household.objects.filter(number__in=part, path__startswith=scope_path)
                         .values_list("number", "id"))
        for row in rows:
            if not row.has("household"):
                continue
            number = row.values["household"]
            if number in found:
                row.values["_household_id"] = found[number]
            else:
                errors.add(row.number, self.header("household"),
                           f"户编号“{number}”不存在或不在您的管辖范围内（请先导入户）")

    def _check_overlaps(self, rows, scope_path, errors) -> None:
        placed = [r for r in rows if r.has("geometry")]
        if not placed:
            return
        tolerance = overlap_tolerance_m2()
        geometries = [r.values["geometry"] for r in placed]
        in_file = geo.OverlapIndex(range(len(placed)), geometries)
        for i, j, area in in_file.pairs(geometries, tolerance, among_themselves=True):
            errors.add(placed[i].number, GEOMETRY,
                       f"与本文件第{placed[j].number}个要素重叠约{area:.2f}平方米")
        codes_, paths, stored = self._stored_near(geometries)
        if not stored:
            return
        in_db = geo.OverlapIndex(range(len(stored)), stored)
        for i, j, area in in_db.pairs(geometries, tolerance):
            if codes_[j] == placed[i].values.get("code"):
                continue  # the same code already reported as registered
            mine = paths[j].startswith(scope_path)
            whose = f"已登记宗地“{codes_[j]}”" if mine else "管辖范围外的已登记宗地"
            errors.add(placed[i].number, GEOMETRY, f"与{whose}重叠约{area:.2f}平方米")

    def _check_plausible_areas(self, rows, errors) -> None:
        """A homestead far larger than the area cap is more likely a wrong unit, a wrong CRS or a
        village's outline than a home: the importer is asked to confirm it (a warning, not an error)."""
        placed = [r for r in rows if r.has("geometry")]
        if not placed:
            return
        cap = Decimal(rules.value("area_cap_m2"))
        factor = Decimal(str(implausible_area_factor()))
        limit = cap * factor
        rough = geo.approx_area_m2([r.values["geometry"] for r in placed])
        for row, approx in zip(placed, rough, strict=True):
            if approx < float(limit) * 0.9:  # the rough area is within a few per cent
                continue
            area = geo.area_m2(row.values["geometry"])
            if area > limit:
                errors.warn(row.number, GEOMETRY,
                            f"{self.noun}面积约{area}平方米，超过每户宅基地面积上限{_plain(cap)}平方米的"
                            f"{_plain(factor)}倍（{_plain(limit)}平方米），请核对是否确为一宗宅基地、"
                            "坐标系和单位是否正确")

    @staticmethod
    def _stored_near(geometries) -> tuple[list[str], list[str], list]:
        """Registered parcels whose bounding boxes meet the file's, per cluster of nearby features."""
        bounds = shapely.bounds(np.array(geometries, dtype=object))
        codes_, paths, texts = [], [], []
        seen = set()
        # One box per 0.05-degree cell (about 5 km) the file touches, so a file spread over a
        # district does not load every parcel between its villages.
        cells: dict[tuple[int, int], list[float]] = {}
        for min_x, min_y, max_x, max_y in bounds:
            key = (math.floor(min_x / 0.05), math.floor(min_y / 0.05))
            box = cells.setdefault(key, [min_x, min_y, max_x, max_y])
            box[:] = [min(box[0], min_x), min(box[1], min_y), max(box[2], max_x), max(box[3], max_y)]
        for min_x, min_y, max_x, max_y in cells.values():
            # A range on the (min_x, min_y) index: a parcel meeting the box starts at most its own width
            # west of it. No ORDER BY: the model's ordering made PostgreSQL walk the path index through
            # the whole table (1.1 s a box at 4,000,000 parcels; bench/README.md, GIS run).
            found = Parcel.objects.filter(
                min_x__gte=min_x - MAX_PARCEL_SPAN_DEG, min_x__lte=max_x, max_x__gte=min_x,
                min_y__lte=max_y, max_y__gte=min_y,
            ).exclude(geometry="").order_by().values_list("id", "code", "path", "geometry")
            for id_, code, path, text in found.iterator(chunk_size=2000):
                if id_ in seen:
                    continue
                seen.add(id_)
                codes_.append(code)
                paths.append(path)
                texts.append(text)
        stored = list(shapely.from_geojson(texts)) if texts else []
        return codes_, paths, stored

    # --- writing ---------------------------------------------------------------------------

    def write(self, rows: list[ParsedRow], ctx: dict, *, actor) -> int:
        parcels = []
        for r in rows:
            v = r.values
            village = v["_village"]
            parcel = services.parcel_record(
                geometry=v["geometry"], village_id=village.id, village_path=village.path,
                code=v["code"], unit_number=v.get("unit_number") or "", location=v["location"],
                use=v.get("use") or "residential", household_id=v.get("_household_id"),
                certification="certified" if v.get("certified") else "uncertified",
                certificate_number=v.get("certificate_number") or "", build_status=v["build_status"],
                use_status=v.get("use_status") or "in_use",
                **{side: v.get(side) or "" for side in ("east", "south", "west", "north")},
            )
            v["_area"] = parcel.area_m2
            parcels.append(parcel)
        return services.add_parcels(actor=actor, scope_path=ctx["scope_path"], parcels=parcels)

    def audit_changes(self, rows: list[ParsedRow], ctx: dict) -> dict:
        villages = {r.values["_village"].code for r in rows}
        area = sum((r.values["_area"] for r in rows), Decimal(0))
        return {"villages": len(villages), "area_m2": str(area)}


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def _boundary(text: str) -> shapely.Geometry | None:
    geometry = geo.load_geojson(text) if text else None
    if geometry is None or shapely.is_empty(geometry):
        return None
    shapely.prepare(geometry)
    return geometry


imports.register(ParcelImport())
