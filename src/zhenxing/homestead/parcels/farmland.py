"""Import of the permanent basic farmland layer (永久基本农田图斑), read and checked like parcels.

The layer comes from the natural resources bureau's GIS: a plot number and a polygon, sometimes a
village code. Plots are assigned to the village whose boundary holds them, so that an application's
check reads only its own village's plots.
"""

from decimal import Decimal

from django.db import transaction

from zhenxing.core import imports
from zhenxing.core.imports import ImportColumn, ImportErrors, ParsedRow
from zhenxing.homestead import geo
from zhenxing.homestead.parcels.importers import GEOMETRY, ParcelImport, parse_polygon
from zhenxing.homestead.parcels.models import FarmlandPlot
from zhenxing.orgs.importers import check_scope, chunks, leading_code

ALIASES = {
    "code": ("图斑编号", "TBBH", "BSM", "code", "plot"),
    "village": ("村代码", "CDM", "village_code", "village"),
}


def _plot_code(text: str) -> str:
    return text.strip()


class FarmlandImport(ParcelImport):
    kind = "farmland"
    title = "永久基本农田图斑"
    aliases = ALIASES
    noun = "图斑"
    columns = (
        ImportColumn("code", "图斑编号", parse=_plot_code, max_length=40,
                     note="自然资源部门的图斑编号；属性名也可为 TBBH 或 BSM", example="2101130012010001"),
        ImportColumn("village", "村代码", required=False, parse=leading_code, max_length=120,
                     note="12位村代码；不填时按图斑所在的村边界确定", example="210113001201"),
        ImportColumn("geometry", GEOMETRY, parse=parse_polygon, required_message="缺少图形",
                     note="面（Polygon/MultiPolygon），坐标系为 CGCS2000 经纬度或3度带高斯–克吕格投影"),
    )

    def check_row(self, row: ParsedRow, ctx: dict, errors: ImportErrors) -> None:
        pass

    def check_file(self, rows: list[ParsedRow], ctx: dict, errors: ImportErrors) -> None:
        self._check_villages(rows, ctx["scope_path"], errors)
        header = self.header("code")
        first: dict[tuple[int, str], int] = {}
        for row in rows:
            village = row.values.get("_village")
            if village is None or not row.has("code"):
                continue
            key = (village.id, row.values["code"])
            if key in first:
                errors.add(row.number, header, f"图斑编号“{key[1]}”与第{first[key]}个要素重复")
            else:
                first[key] = row.number
        for village_id, code in first:
            if FarmlandPlot.objects.filter(village_id=village_id, code=code).exists():
                errors.add(first[(village_id, code)], header, f"图斑编号“{code}”已导入")

    def write(self, rows: list[ParsedRow], ctx: dict, *, actor) -> int:
        plots = []
        for r in rows:
            v, village = r.values, r.values["_village"]
            min_x, min_y, max_x, max_y = (float(b) for b in v["geometry"].bounds)
            area = geo.area_m2(v["geometry"])
            v["_area"] = area
            plots.append(FarmlandPlot(
                code=v["code"], village_id=village.id, path=village.path, area_m2=area,
                geometry=geo.to_geojson(v["geometry"]), min_x=min_x, min_y=min_y, max_x=max_x, max_y=max_y,
            ))
        return add_plots(actor=actor, scope_path=ctx["scope_path"], plots=plots)

    def audit_changes(self, rows: list[ParsedRow], ctx: dict) -> dict:
        area = sum((r.values["_area"] for r in rows), Decimal(0))
        return {"villages": len({r.values["_village"].code for r in rows}), "area_m2": str(area)}


@transaction.atomic
def add_plots(*, actor, scope_path: str, plots: list[FarmlandPlot]) -> int:
    """Insert checked plots in bulk; the import records one audit event for the file."""
    check_scope(actor, scope_path)
    if any(not p.path.startswith(scope_path) for p in plots):
        raise ValueError("plot outside the import scope")
    for part in chunks(plots, 500):
        FarmlandPlot.objects.bulk_create(part)
    return len(plots)


imports.register(FarmlandImport())
