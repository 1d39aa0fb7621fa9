"""Checks of one polygon against what is registered, and the pre-checks of an application.

Per village, as the issue asks: the village's parcels whose bounding boxes meet the polygon's come from
the (village, min_x, min_y) index, and shapely measures the overlaps in the polygon's Gauss–Krüger zone.
"""

from dataclasses import dataclass
from decimal import Decimal

import shapely

from zhenxing.homestead import geo
from zhenxing.homestead.parcels.importers import boundary_tolerance_m2, overlap_tolerance_m2
from zhenxing.homestead.parcels.models import SQM_PER_MU, FarmlandPlot, Parcel
from zhenxing.homestead.policies import rules
from zhenxing.orgs.models import OrgUnit


def parcels_near(*, village_id: int, geometry: shapely.Geometry, exclude_pk: int | None = None):
    """The village's parcels whose bounding boxes meet the polygon's."""
    min_x, min_y, max_x, max_y = (float(v) for v in geometry.bounds)
    qs = Parcel.objects.filter(
        village_id=village_id, min_x__lte=max_x, max_x__gte=min_x, min_y__lte=max_y, max_y__gte=min_y
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def overlapping_parcels(
    *, village_id: int, geometry: shapely.Geometry, exclude_pk: int | None = None
) -> list[tuple[Parcel, float]]:
    """(parcel, overlap in m²) for the village's parcels that the polygon overlaps above the tolerance."""
    near = list(parcels_near(village_id=village_id, geometry=geometry, exclude_pk=exclude_pk)
                .only("pk", "code", "geometry", "path"))
    near = [p for p in near if p.geometry]
    if not near:
        return []
    index = geo.OverlapIndex(near, [geo.load_geojson(p.geometry) for p in near])
    return index.overlapping(geometry, overlap_tolerance_m2())


def farmland_overlaps(*, village_id: int, geometry: shapely.Geometry) -> list[tuple[FarmlandPlot, float]]:
    """(plot, overlap in m²) for the village's basic farmland plots the polygon takes above the tolerance."""
    min_x, min_y, max_x, max_y = (float(v) for v in geometry.bounds)
    near = list(FarmlandPlot.objects.filter(
        village_id=village_id, min_x__lte=max_x, max_x__gte=min_x, min_y__lte=max_y, max_y__gte=min_y
    ).only("pk", "code", "geometry"))
    if not near:
        return []
    index = geo.OverlapIndex(near, [geo.load_geojson(p.geometry) for p in near])
    return index.overlapping(geometry, overlap_tolerance_m2())


# --- The pre-checks every reviewer of an application sees ------------------------------------------
# The applicant sees the same checks with the same results while drawing and on the application page, but
# worded without other households' records (`named=False`): how much is overlapped, not whose parcel.

@dataclass(frozen=True)
class Check:
    label: str
    passed: bool | None  # None: could not be checked (say why in `detail`)
    detail: str


@dataclass(frozen=True)
class Site:
    """A drawn site in its village, with the parcel it replaces (a rebuild overlaps its own parcel)."""
    village: OrgUnit
    geometry: shapely.Geometry | None
    area_m2: Decimal
    old_parcel_id: int | None = None


def mu(area_m2: Decimal) -> Decimal:
    return (Decimal(area_m2) / SQM_PER_MU).quantize(Decimal("0.0001"))


def application_checks(application, *, named: bool = True) -> list[Check]:
    """资格权, 一户一宅, the area cap, overlaps with parcels and with basic farmland, the village boundary.

    Computed when shown, from the records as they are now: a parcel registered since filing counts."""
    household = application.household
    site = Site(application.village, geo.load_geojson(application.geometry), application.site_area_m2,
                application.old_parcel_id)
    return [
        _eligibility(application, household),
        _one_household_one_homestead(application, household),
        *site_checks(site, named=named),
    ]


def site_checks(site: Site, *, named: bool = True) -> list[Check]:
    """The checks of the site alone: what the drawing map asks while the applicant draws."""
    return [_area_cap(site), _parcel_overlaps(site, named), _farmland(site, named), _inside_village(site)]


def _eligibility(application, household) -> Check:
    if not household.collective_member:
        return Check("资格权", False, "申请户不是本集体经济组织成员")
    if household.village_id != application.village_id:
        return Check("资格权", False, f"申请户户籍不在{application.village.name}")
    return Check("资格权", True, "本集体经济组织成员，户籍在本村")


def _one_household_one_homestead(application, household) -> Check:
    held = Parcel.objects.filter(household=household, use="residential")
    if application.old_parcel_id:
        held = held.exclude(pk=application.old_parcel_id)  # given up or rebuilt by this application
    codes = list(held.values_list("code", flat=True)[:5])
    if codes:
        return Check("一户一宅", False, f"申请户已有宅基地：{'、'.join(codes)}")
    if application.old_parcel_id:
        return Check("一户一宅", True, f"原宅基地 {application.old_parcel.code} 由本申请翻建或退出")
    return Check("一户一宅", True, "申请户无其他宅基地")


def _area_cap(site: Site) -> Check:
    cap = Decimal(rules.value("area_cap_m2"))
    policy = rules.source("area_cap_m2")
    basis = f"上限 {cap:,} m²（{policy}）" if policy else f"上限 {cap:,} m²（默认值）"
    drawn = f"拟用地 {site.area_m2:,} m²（{mu(site.area_m2):,} 亩）"
    if site.area_m2 > cap:
        return Check("面积标准", False, f"{drawn} 超过{basis}")
    return Check("面积标准", True, f"{drawn}，{basis}")


def _overlap_total(hits) -> str:
    return f"{sum(area for _, area in hits):,.2f} m²"


def _parcel_overlaps(site: Site, named: bool) -> Check:
    if site.geometry is None:
        return Check("与已登记宗地", None, "没有用地图形")
    hits = overlapping_parcels(village_id=site.village.pk, geometry=site.geometry,
                               exclude_pk=site.old_parcel_id)
    if hits and named:
        listed = "、".join(f"{p.code}（约{area:.2f} m²）" for p, area in hits[:5])
        return Check("与已登记宗地", False, f"与已登记宗地重叠：{listed}")
    if hits:
        return Check("与已登记宗地", False,
                      f"与 {len(hits)} 宗已登记宗地重叠约 {_overlap_total(hits)}，请避开图上的已登记宗地")
    return Check("与已登记宗地", True, "不与本村已登记宗地重叠")


def _farmland(site: Site, named: bool) -> Check:
    if site.geometry is None:
        return Check("永久基本农田", None, "没有用地图形")
    if not FarmlandPlot.objects.filter(village_id=site.village.pk).exists():
        return Check("永久基本农田", None, "本村尚未导入永久基本农田图层，无法核查")
    hits = farmland_overlaps(village_id=site.village.pk, geometry=site.geometry)
    if hits and named:
        listed = "、".join(f"{p.code}（约{area:.2f} m²）" for p, area in hits[:5])
        return Check("永久基本农田", False, f"占用永久基本农田图斑：{listed}")
    if hits:
        return Check("永久基本农田", False,
                     f"占用永久基本农田约 {_overlap_total(hits)}，永久基本农田不得建房")
    return Check("永久基本农田", True, "不占用永久基本农田")


def _inside_village(site: Site) -> Check:
    village = site.village
    boundary = geo.load_geojson(village.boundary) if village.boundary else None
    if site.geometry is None or boundary is None:
        return Check("村庄边界", None, "没有用地图形或村界")
    outside = geo.outside_area_m2(site.geometry, boundary)
    if outside > boundary_tolerance_m2():
        return Check("村庄边界", False, f"用地超出{village.name}边界约 {outside:,.2f} m²")
    return Check("村庄边界", True, f"位于{village.name}边界内")
