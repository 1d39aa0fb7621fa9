"""Checks of one polygon against what is registered: the overlap check an application's site runs.

Per village, as the issue asks: the village's parcels whose bounding boxes meet the polygon's come from
the (village, min_x, min_y) index, and shapely measures the overlaps in the polygon's Gauss–Krüger zone.
"""

import shapely

from zhenxing.homestead import geo
from zhenxing.homestead.importers import overlap_tolerance_m2
from zhenxing.homestead.models import Parcel


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
