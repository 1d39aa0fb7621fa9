"""API schemas of 闲置盘活 beyond the registers: a parcel's surveys and a project's parcels, as their pages
list them."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema


class SurveyOut(Schema):
    id: int
    surveyed_on: date = Field(..., description="调查日期")
    idle_kind: str = Field(..., description="闲置类型代码")
    idle_kind_label: str
    condition: str = Field(..., description="房屋状况代码")
    condition_label: str
    intention: str = Field(..., description="农户意愿代码")
    intention_label: str
    surveyor: str = Field(..., description="调查人")
    note: str


class ProjectParcelOut(Schema):
    parcel_id: int = Field(..., description="宗地 id（移出项目时用）")
    code: str = Field(..., description="宗地代码")
    village: str
    location: str = Field(..., description="坐落")
    area_m2: Decimal = Field(..., description="面积（平方米）")
    linked_on: date = Field(..., description="纳入日期")
    released_on: date | None = Field(None, description="退出日期；为 null 时仍在项目中")
    url: str | None = Field(None, description="宗地的闲置页面；不在调用者权限范围内时为 null（只列出名称）")
