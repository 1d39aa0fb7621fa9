"""基础信息 endpoints: the parcel register and a parcel's detail, through the pages' selectors (the same
scope)."""

from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from zhenxing.core import attachments
from zhenxing.homestead.parcels import schemas as s
from zhenxing.homestead.parcels import selectors, services
from zhenxing.homestead.parcels.registers import PARCELS
from zhenxing.orgs import access
from zhenxing.orgs.register_api import add_register
from zhenxing.orgs.schemas import PageParams, paginate
from zhenxing.people.schemas import AttachmentOut, attachment_out

router = Router(tags=["宅基地"])
# The register's data-exchange stream, before the hand-written `/{id}` route that would take "export".
add_register(router, PARCELS, app="homestead", parts=("export",))


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


@router.get("/parcels/{parcel_id}/documents", response=list[AttachmentOut], summary="宗地资料",
            description="权属来源证明、宗地图、证书扫描件等（与宗地页相同）；不在权限范围内返回 404。")
def list_parcel_documents(request, parcel_id: int):
    p = selectors.parcel(actor=request.actor, pk=parcel_id)
    return [attachment_out(a) for a in attachments.of(services.PARCEL_DOCUMENTS, p.pk)]


@router.post("/parcels/{parcel_id}/documents", response={201: list[AttachmentOut]}, summary="上传宗地资料",
             description="multipart/form-data 的 file 字段；类型和大小不符返回 422 及原因。"
                         "需要上传权限，返回该宗地的全部资料。")
def upload_parcel_document(request, parcel_id: int, file: File[UploadedFile]):
    p = selectors.parcel(actor=request.actor, pk=parcel_id)
    access.require(request.actor, access.ATTACH, p.path)
    services.attach_to_parcel(actor=request.actor, parcel=p, upload=file)
    return Status(201, [attachment_out(a) for a in attachments.of(services.PARCEL_DOCUMENTS, p.pk)])
