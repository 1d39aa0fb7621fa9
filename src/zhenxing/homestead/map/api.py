"""一张图 endpoints: a village's parcel layer and the boundaries of a unit's children (the map pages'
GeoJSON)."""

from ninja import Router

from zhenxing.homestead.map import views

router = Router(tags=["宅基地"])


@router.get("/map/{code}/parcels", summary="一张图：村的宗地图层",
            description="GeoJSON FeatureCollection，按状态着色；只对村一级单位提供。"
                        "?tolerance=度 按缩放级别简化图形。")
def map_parcels(request, code: str):
    return views.parcels_geojson(request, code)


@router.get("/map/{code}/boundaries", summary="一张图：单位及其下级的边界")
def map_boundaries(request, code: str):
    return views.boundaries_geojson(request, code)
