"""API schemas of the homestead endpoints (parcels, applications). Geometry travels as GeoJSON objects
in CGCS2000 geographic coordinates (EPSG:4490); areas in square metres."""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from zhenxing.homestead import selectors as parcel_selectors
from zhenxing.homestead.models import Application, Parcel
from zhenxing.homestead.workflows import STATES
from zhenxing.orgs.schemas import PageMeta


def _keys(pairs):
    return Literal[tuple(p[0] for p in pairs)]


def _described(pairs) -> str:
    return "、".join(f"{p[0]}={p[1]}" for p in pairs)


VILLAGE_HELP = "单位代码（村/社区、街道等），列出其下全部记录"


class ParcelQuery(Schema):
    q: str = Field("", description="宗地代码或不动产单元号（前缀），或坐落中的文字")
    village: str = Field("", description=VILLAGE_HELP)
    build_status: _keys(Parcel.BUILD_STATUS) | None = Field(
        None, description="建设状态：" + _described(Parcel.BUILD_STATUS))
    use_status: _keys(Parcel.USE_STATUS) | None = Field(
        None, description="利用状态：" + _described(Parcel.USE_STATUS))
    certification: _keys(Parcel.CERT_STATUS) | None = Field(
        None, description="确权登记：" + _described(Parcel.CERT_STATUS))
    flag: _keys(parcel_selectors.FLAGS) | None = Field(
        None, description="资格权标记：" + _described(parcel_selectors.FLAGS))


class ParcelOut(Schema):
    id: int
    code: str
    unit_number: str
    village_code: str
    village_name: str
    location: str
    area_m2: Decimal
    area_mu: Decimal
    use: str
    household_number: str | None
    holder: str | None
    certification: str
    certificate_number: str
    build_status: str
    use_status: str


class HouseOut(Schema):
    structure: str
    floors: int
    building_area_m2: Decimal
    year_built: int | None


class ParcelDetail(ParcelOut):
    east: str
    south: str
    west: str
    north: str
    flags: list[str] = Field(..., description="权利人户的资格权标记（一户多宅、超占、非本村村民使用）")
    houses: list[HouseOut]
    geometry: dict | None = Field(None, description="GeoJSON 面，EPSG:4490")


class ParcelPage(PageMeta):
    items: list[ParcelOut]


def parcel_out(p: Parcel) -> dict:
    head = p.household.head if p.household else None
    return {
        "id": p.pk, "code": p.code, "unit_number": p.unit_number, "village_code": p.village.code,
        "village_name": p.village.name, "location": p.location, "area_m2": p.area_m2, "area_mu": p.area_mu,
        "use": p.use, "household_number": p.household.number if p.household else None,
        "holder": head.name if head else None, "certification": p.certification,
        "certificate_number": p.certificate_number, "build_status": p.build_status,
        "use_status": p.use_status,
    }


def geometry_out(text: str) -> dict | None:
    return json.loads(text) if text else None


# --- 申请审批 ---------------------------------------------------------------------------------------

State = _keys(list(STATES.items()))


class ApplicationQuery(Schema):
    q: str = Field("", description="申请编号或户主姓名（前缀）")
    village: str = Field("", description=VILLAGE_HELP)
    state: State | None = Field(None, description="状态：" + _described(list(STATES.items())))
    deadline: Literal["overdue", "near"] | None = Field(
        None, description="时限：overdue=已超期、near=两日内到期")


class ApplicationIn(Schema):
    household: str = Field("", description="申请户户编号；村民为本户申请时可不填")
    kind: _keys(Application.KINDS) = Field(..., description="申请类型：" + _described(Application.KINDS))
    reason: str
    location: str = Field(..., description="拟用地坐落")
    geometry: dict = Field(..., description="用地范围，GeoJSON 面（Polygon），EPSG:4490 经纬度")
    building_area_m2: Decimal = Field(..., description="拟建房屋建筑面积（平方米）")
    floors: int = Field(..., ge=1, le=5)
    old_parcel: str = Field("", description="原宅基地宗地代码（翻建、异址新建、改扩建时必填）")
    east: str = ""
    south: str = ""
    west: str = ""
    north: str = ""


class StepIn(Schema):
    comment: str = Field("", description="意见；退回、不予批准时必填")
    data: dict[str, str] = Field(default_factory=dict, description="该环节要求填写的字段，如 meeting_date")
    attachment_ids: list[int] = Field(default_factory=list, description="本环节所附材料（已上传的附件编号）")


class ApplicationOut(Schema):
    id: int
    code: str
    village_code: str
    village_name: str
    household_number: str
    applicant: str | None
    kind: str
    state: str
    state_label: str
    due_at: datetime | None
    site_area_m2: Decimal
    building_area_m2: Decimal
    floors: int
    approval_number: str
    approved_on: date | None
    parcel_code: str | None


class CheckOut(Schema):
    label: str
    passed: bool | None
    detail: str


class StepOut(Schema):
    transition: str
    from_state: str
    to_state: str
    actor: str | None
    comment: str
    data: dict
    created_at: datetime


class TransitionOut(Schema):
    name: str
    label: str
    required_fields: list[str]
    required_attachments: int
    comment_required: bool


class ApplicationDetail(ApplicationOut):
    reason: str
    location: str
    geometry: dict | None
    checks: list[CheckOut] = Field(..., description="自动核查结果；只给审核人员，申请人为空列表")
    history: list[StepOut]
    transitions: list[TransitionOut] = Field(..., description="调用者当前可办理的环节")


class ApplicationPage(PageMeta):
    items: list[ApplicationOut]


def application_out(a: Application) -> dict:
    head = a.household.head
    return {
        "id": a.pk, "code": a.code, "village_code": a.village.code, "village_name": a.village.name,
        "household_number": a.household.number, "applicant": head.name if head else None, "kind": a.kind,
        "state": a.state, "state_label": STATES[a.state], "due_at": a.due_at, "site_area_m2": a.site_area_m2,
        "building_area_m2": a.building_area_m2, "floors": a.floors, "approval_number": a.approval_number,
        "approved_on": a.approved_on, "parcel_code": a.parcel.code if a.parcel_id else None,
    }
