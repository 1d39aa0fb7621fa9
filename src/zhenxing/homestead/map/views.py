"""一张图: the homestead map of a unit, drawn with Leaflet from our own static files (works offline).

The page carries only the legend and the URLs of its layers; the parcels come as GeoJSON per village,
simplified for the zoom the browser asks for, so a street's map is one small request per village.
Each parcel gets one colour by a fixed precedence (STATUSES): a parcel that is both 未批先建 and 闲置
is shown as the more urgent 未批先建. The household flags (一户多宅, 超占) come from the same
selectors as the register's flag filter, so the map and the register always agree.
"""

import json
import os
from collections import Counter
from dataclasses import dataclass

import numpy as np
import shapely
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from zhenxing.core.middleware import SecurityHeadersMiddleware
from zhenxing.homestead.parcels import selectors
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.models import OrgUnit

GEOJSON = "application/geo+json"
MAX_TOLERANCE = 0.001  # degrees, about 100 m: coarser would turn every parcel into a dot anyway
PARCEL_LEVELS = ("town", "village")  # above a street a map of parcels would be tens of thousands of them
TIANDITU_HOSTS = tuple(f"https://t{i}.tianditu.gov.cn" for i in range(8))
TIANDITU_TILE = (
    "https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=%s"
    "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=%s"
)
DEFAULT_CENTER = (42.05, 123.55)  # 沈北新区, for a unit without boundary or parcels


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    color: str


# Highest precedence first: illegal building, then the household flags, then how the land is used,
# then the approval state. Every parcel matches the last two, so every parcel gets a colour.
STATUSES = (
    Status("unapproved_built", "未批先建", "#d62728"),
    Status("over_cap", "超占", "#ff7f0e"),
    Status("multiple", "一户多宅", "#9467bd"),
    Status("revitalised", "盘活", "#2ca02c"),
    Status("idle", "闲置", "#7f7f7f"),
    Status("approved_unbuilt", "已批未建", "#e3c000"),
    Status("approved_built", "已批已建", "#1f77b4"),
)
BY_KEY = {s.key: s for s in STATUSES}
PRECEDENCE = " > ".join(s.label for s in STATUSES)


def status_of(build_status: str, use_status: str, *, multiple: bool, over_cap: bool) -> Status:
    facts = {
        "unapproved_built": build_status == "unapproved_built",
        "over_cap": over_cap,
        "multiple": multiple,
        "revitalised": use_status == "revitalised",
        "idle": use_status == "idle",
        "approved_unbuilt": build_status == "approved_unbuilt",
        "approved_built": True,  # approved_built, and anything unknown, gets the quietest colour
    }
    return next(s for s in STATUSES if facts[s.key])


def _parcels_under(actor, unit: OrgUnit, flag: str = ""):
    return selectors.parcels(actor=actor, filters=selectors.ParcelFilter(village=unit.code, flag=flag))


def _classified(actor, unit: OrgUnit, *fields):
    """Rows (status, *fields) of the parcels under `unit` in scope: three queries whatever the count."""
    flagged = {
        flag: set(_parcels_under(actor, unit, flag).values_list("pk", flat=True))
        for flag in ("multiple", "over_cap")
    }
    rows = _parcels_under(actor, unit).values_list("pk", "build_status", "use_status", *fields)
    for pk, build_status, use_status, *rest in rows.iterator(chunk_size=2000):
        status = status_of(
            build_status, use_status, multiple=pk in flagged["multiple"], over_cap=pk in flagged["over_cap"]
        )
        yield status, pk, *rest


def _unit(request, code: str) -> OrgUnit:
    return org_selectors.org_unit(actor=request.actor, code=code, capability=access.VIEW_PEOPLE)


def _tolerance(request) -> float:
    try:
        value = float(request.GET.get("tolerance", "0"))
    except ValueError:
        return 0.0
    if not np.isfinite(value):
        return 0.0
    return min(max(value, 0.0), MAX_TOLERANCE)


def _simplified(texts: list[str], tolerance: float) -> list[dict | None]:
    """GeoJSON geometries parsed, simplified (topology kept) and serialised in one vectorised pass."""
    geometries = shapely.from_geojson([t or "null" for t in texts], on_invalid="ignore")
    if tolerance > 0:
        geometries = shapely.simplify(geometries, tolerance, preserve_topology=True)
    out = shapely.to_geojson(geometries)
    return [json.loads(g) if g is not None else None for g in out]


def _geojson(body: dict) -> HttpResponse:
    return HttpResponse(json.dumps(body, ensure_ascii=False, separators=(",", ":")), content_type=GEOJSON)


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def parcels_geojson(request, code):
    return _geojson(parcel_layer(request, code))


def boundaries_geojson(request, code):
    return _geojson(boundary_layer(request, code))


def parcel_layer(request, code) -> dict:
    """A village's parcels coloured by status (parcels are recorded per village; the street page asks
    village by village, so a county-wide request of hundreds of thousands of parcels is not offered).
    The page and the API (homestead.map.api) both serve this."""
    unit = _unit(request, code)
    if unit.level != "village":
        raise Http404
    rows = list(_classified(request.actor, unit, "code", "location", "area_m2", "geometry"))
    geometries = _simplified([r[-1] for r in rows], _tolerance(request))
    features = []
    for (status, pk, parcel_code, location, area, _), geometry in zip(rows, geometries, strict=True):
        if geometry is None:
            continue  # a parcel without a drawing is in the counts but not on the map
        features.append({
            "type": "Feature",
            "id": pk,
            "geometry": geometry,
            "properties": {
                "id": pk,
                "code": parcel_code,
                "status": status.key,
                "status_label": status.label,
                "color": status.color,
                "location": location,
                "area_m2": float(area),
                "url": reverse("homestead:parcel", args=[pk]),
            },
        })
    return _collection(features)


def boundary_layer(request, code) -> dict:
    """The unit's own boundary ("unit") and its children's ("child"), each linking to its own map."""
    unit = _unit(request, code)
    units = [unit, *access.scoped(OrgUnit.objects.filter(parent=unit), request.actor, access.VIEW_PEOPLE)
             .order_by("code")]
    units = [u for u in units if u.boundary]
    geometries = _simplified([u.boundary for u in units], _tolerance(request))
    features = [
        {
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "code": u.code,
                "name": u.name,
                "kind": "unit" if u.pk == unit.pk else "child",
                "url": reverse("homestead:map", args=[u.code]),
            },
        }
        for u, geometry in zip(units, geometries, strict=True)
        if geometry is not None
    ]
    return _collection(features)


def tianditu_key() -> str:
    return getattr(settings, "ZHENXING_TIANDITU_KEY", "") or os.environ.get("ZHENXING_TIANDITU_KEY", "")


def _tile_layers(key: str) -> list[dict]:
    if not key:
        return []
    return [
        {"url": TIANDITU_TILE % ("vec", "vec", key), "name": "天地图矢量"},
        {"url": TIANDITU_TILE % ("cva", "cva", key), "name": "天地图注记"},
    ]


def _villages_with_parcels(actor, unit: OrgUnit) -> list[OrgUnit]:
    if unit.level == "village":
        return [unit]
    if unit.level == "town":
        return list(access.scoped(OrgUnit.objects.filter(parent=unit, level="village"), actor,
                                  access.VIEW_PEOPLE).order_by("code"))
    return []


def map_page(request, code):
    actor = request.actor
    unit = _unit(request, code)
    villages = _villages_with_parcels(actor, unit)
    counts = Counter(status.key for status, _ in _classified(actor, unit)) if villages else Counter()
    legend = [(s, counts[s.key]) for s in STATUSES]
    key = tianditu_key()
    parent = unit.parent if unit.parent_id and actor.can(access.VIEW_PEOPLE, unit.parent.path) else None
    response = render(
        request,
        "homestead/map/map.html",
        {
            "unit": unit,
            "parent": parent,
            "shows_parcels": bool(villages),
            "below_village": unit.level in ("group", "grid"),
            "legend": legend,
            "total": sum(counts.values()),
            "precedence": PRECEDENCE,
            "layers": json.dumps(
                [{"code": v.code, "name": v.name, "url": reverse("homestead:map_parcels", args=[v.code])}
                 for v in villages],
                ensure_ascii=False,
            ),
            "boundaries_url": reverse("homestead:map_boundaries", args=[unit.code]),
            "tiles": json.dumps(_tile_layers(key), ensure_ascii=False),
            "center": json.dumps(DEFAULT_CENTER),
        },
    )
    if key:
        # Tiles are images from 天地图's hosts: allowed on this page only, and only with a key configured.
        response["Content-Security-Policy"] = SecurityHeadersMiddleware.CSP.replace(
            "img-src 'self' data: blob:", "img-src 'self' data: blob: " + " ".join(TIANDITU_HOSTS)
        )
    return response


def map_home(request):
    """The map of the unit named in ?unit= (the register's village filter), else of the actor's scope."""
    actor = request.actor
    code = request.GET.get("unit", "").strip()
    if code:
        return redirect("homestead:map", code=_unit(request, code).code)
    access.require(actor, access.VIEW_PEOPLE)
    root = org_selectors.visible_root(actor=actor, capability=access.VIEW_PEOPLE)
    if root is None:  # a grant at a department: no unit to draw
        raise Http404
    return redirect("homestead:map", code=root.code)
