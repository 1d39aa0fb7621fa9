"""基础信息 endpoints: the parcel register and a parcel's detail, through the pages' selectors (the same
scope)."""

from ninja import Query, Router

from zhenxing.homestead.parcels import schemas as s
from zhenxing.homestead.parcels import selectors
from zhenxing.orgs.schemas import PageParams, paginate

router = Router(tags=["宅基地"])


@router.get("/parcels", response=s.ParcelPage, summary="宗地台账",
            description="权限范围内的宗地，可按代码/坐落、单位、建设状态、利用状态、确权、资格权标记筛选，分页。")
def list_parcels(request, filters: Query[s.ParcelQuery], pager: Query[PageParams]):
    f = selectors.ParcelFilter(q=filters.q, village=filters.village, build_status=filters.build_status or "",
                               use_status=filters.use_status or "", certification=filters.certification or "",
                               flag=filters.flag or "")
    return paginate(selectors.parcels(actor=request.actor, filters=f), pager, s.parcel_out)


@router.get("/parcels/{parcel_id}", response=s.ParcelDetail, summary="宗地详情",
            description="一宗地的信息、房屋、资格权标记和图形（GeoJSON，EPSG:4490）；"
                        "不在权限范围内返回 404。")
def get_parcel(request, parcel_id: int):
    p = selectors.parcel(actor=request.actor, pk=parcel_id)
    return {**s.parcel_out(p), "east": p.east, "south": p.south, "west": p.west, "north": p.north,
            "flags": selectors.parcel_flags(parcel=p), "geometry": s.geometry_out(p.geometry),
            "houses": [{"structure": h.structure, "floors": h.floors, "building_area_m2": h.building_area_m2,
                        "year_built": h.year_built} for h in selectors.houses(parcel=p)]}
