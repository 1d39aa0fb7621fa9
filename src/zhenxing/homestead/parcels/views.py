import json
from decimal import Decimal
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import attachments
from zhenxing.core.feedback import flash_errors
from zhenxing.homestead import drawing
from zhenxing.homestead.parcels import registers as r
from zhenxing.homestead.parcels import selectors, services
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs import access

GEOJSON = "application/geo+json"
CENTS = Decimal("0.01")


def parcels(request):
    if request.GET.get("export") == "geojson":
        access.require(request.actor, access.EXPORT)
        return _geojson_response(r.PARCELS.queryset(request.actor, request.GET))
    village = r.PARCELS.parse(request.GET).village
    return r.PARCELS.page(request, links=[(_map_link(village), "一张图"),
                                          (reverse("homestead:eligibility"), "资格权")])


def _map_link(village: str) -> str:
    url = reverse("homestead:map_home")
    return f"{url}?{urlencode({'unit': village})}" if village else url


def _properties(p: Parcel) -> dict:
    head = p.household.head if p.household else None
    return {
        "code": p.code,
        "unit_number": p.unit_number,
        "location": p.location,
        "village": p.village.code,
        "area_m2": float(p.area_m2),
        "area_mu": float(p.area_mu),
        "use": p.use,
        "holder": head.name if head else "",
        "household": p.household.number if p.household else "",
        "certification": p.certification,
        "certificate_number": p.certificate_number,
        "build_status": p.build_status,
        "use_status": p.use_status,
    }


def _features(queryset):
    yield '{"type":"FeatureCollection",'
    # RFC 7946 assumes WGS 84; CGCS2000 agrees with it to centimetres, and GDAL reads this member.
    yield '"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":['
    for i, p in enumerate(queryset[: settings.EXPORT_MAX_ROWS].iterator(chunk_size=2000)):
        try:
            geometry = json.loads(p.geometry) if p.geometry else None
        except ValueError:
            geometry = None
        feature = {"type": "Feature", "id": p.code, "geometry": geometry, "properties": _properties(p)}
        yield ("," if i else "") + json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
    yield "]}"


def _geojson_response(queryset):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_features(queryset), content_type=GEOJSON)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'宗地-{stamp}.geojson')}"
    return response


def parcel(request, pk):
    actor = request.actor
    obj = selectors.parcel(actor=actor, pk=pk)
    household = obj.household
    return render(
        request,
        "homestead/parcels/parcel.html",
        {
            "parcel": obj,
            "houses": selectors.houses(parcel=obj),
            "outline": drawing.outline(obj.geometry),
            "flags": selectors.parcel_flags(parcel=obj),
            "records": selectors.parcel_records(parcel=obj),
            "documents": attachments.of(services.PARCEL_DOCUMENTS, obj.pk),
            "can_attach": actor.can(access.ATTACH, obj.path),
            # A household of another village is named but not linked: its page is outside the scope.
            "household_link": household is not None and actor.can(access.VIEW_PEOPLE, household.path),
        },
    )


@require_POST
def parcel_attach(request, pk):
    obj = selectors.parcel(actor=request.actor, pk=pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError("请选择要上传的文件")
        services.attach_to_parcel(actor=request.actor, parcel=obj, upload=upload)
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect("homestead:parcel", obj.pk)
