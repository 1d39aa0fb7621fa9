"""一张图 endpoints: a village's parcel layer and the boundaries of a unit's children (the map pages'
GeoJSON, from the same functions)."""

from ninja import Query, Router

from zhenxing.homestead.map import views
from zhenxing.homestead.map.schemas import BoundaryLayer, LayerQuery, ParcelLayer

router = Router(tags=["宅基地"])


@router.get("/map/{code}/parcels", response=ParcelLayer, summary="一张图：村的宗地图层",
            description="GeoJSON FeatureCollection（EPSG:4490），按状态着色；只对村一级单位提供，"
                        "其他层级或不在权限范围内返回 404。")
def map_parcels(request, code: str, layer: Query[LayerQuery]):
    return views.parcel_layer(request, code)


@router.get("/map/{code}/boundaries", response=BoundaryLayer, summary="一张图：单位及其下级的边界",
            description="GeoJSON FeatureCollection（EPSG:4490）：单位本身（kind=unit）和权限范围内的直属下级"
                        "（kind=child）的边界；没有边界的单位不列出。")
def map_boundaries(request, code: str, layer: Query[LayerQuery]):
    return views.boundary_layer(request, code)
