"""一张图 schemas: the GeoJSON layers (RFC 7946; coordinates in EPSG:4490) as the API answers them."""

from typing import Literal

from ninja import Field, Schema

from zhenxing.homestead.map.views import PRECEDENCE

Geometry = dict  # a GeoJSON geometry object, as shapely writes it


class ParcelProperties(Schema):
    id: int
    code: str = Field(..., description="宗地代码")
    status: str = Field(..., description="着色状态（按优先级：" + PRECEDENCE + "）")
    status_label: str
    color: str = Field(..., description="图例颜色，#rrggbb")
    location: str
    area_m2: float
    url: str = Field(..., description="宗地页面地址")


class ParcelFeature(Schema):
    type: Literal["Feature"]
    id: int
    geometry: Geometry
    properties: ParcelProperties


class ParcelLayer(Schema):
    type: Literal["FeatureCollection"]
    features: list[ParcelFeature]


class BoundaryProperties(Schema):
    code: str
    name: str
    kind: Literal["unit", "child"] = Field(..., description="unit=所请求的单位本身，child=其下级")
    url: str = Field(..., description="该单位一张图页面地址")


class BoundaryFeature(Schema):
    type: Literal["Feature"]
    geometry: Geometry
    properties: BoundaryProperties


class BoundaryLayer(Schema):
    type: Literal["FeatureCollection"]
    features: list[BoundaryFeature]


class LayerQuery(Schema):
    tolerance: float = Field(0.0, ge=0, allow_inf_nan=False,
                             description="简化容差（度），按缩放级别取；超过 0.001 按 0.001，0 为不简化")
