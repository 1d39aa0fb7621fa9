"""API schemas of the homestead endpoints (parcels, applications). Geometry travels as GeoJSON objects
in CGCS2000 geographic coordinates (EPSG:4490); areas in square metres."""

import json
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from zhenxing.homestead.parcels import selectors as parcel_selectors
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs.schemas import PageMeta


def keys_of(pairs):
    return Literal[tuple(p[0] for p in pairs)]


def described(pairs) -> str:
    return "、".join(f"{p[0]}={p[1]}" for p in pairs)


VILLAGE_HELP = "单位代码（村/社区、街道等），列出其下全部记录"


class ParcelQuery(Schema):
    q: str = Field("", description="宗地代码或不动产单元号（前缀），或坐落中的文字")
    village: str = Field("", description=VILLAGE_HELP)
    build_status: keys_of(Parcel.BUILD_STATUS) | None = Field(
        None, description="建设状态：" + described(Parcel.BUILD_STATUS))
    use_status: keys_of(Parcel.USE_STATUS) | None = Field(
        None, description="利用状态：" + described(Parcel.USE_STATUS))
    certification: keys_of(Parcel.CERT_STATUS) | None = Field(
        None, description="确权登记：" + described(Parcel.CERT_STATUS))
    flag: keys_of(parcel_selectors.FLAGS) | None = Field(
        None, description="资格权标记：" + described(parcel_selectors.FLAGS))


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


