"""What the search box finds of 基础信息: a parcel by the beginning of its 宗地代码 (19 characters) or
不动产单元号 (28), in the parcel register's scope."""

from django.urls import reverse
from django.utils.http import urlencode

from zhenxing.homestead.parcels import selectors
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.orgs import access, search


def _parcels(actor, query: search.Query):
    if not query.code_like:
        return Parcel.objects.none()
    match = search.any_prefix(Parcel, ("code", "unit_number"), query.upper)
    return selectors.parcels(actor=actor).filter(match).order_by(*search.by_key("code"))


def _hit(p: Parcel) -> search.Hit:
    holder = f"{p.household.head.name}户" if p.household and p.household.head else "无权利人户"
    return search.Hit(p.code, f"{p.village.name} · {p.location} · {holder} · {p.get_build_status_display()}",
                      reverse("homestead:parcel", args=[p.pk]))


def _register(actor, query: search.Query) -> str:
    return f"{reverse('homestead:parcels')}?{urlencode({'q': query.upper})}"


search.register(search.Kind(
    key="parcel", label="宗地", order=30, capabilities=(access.VIEW_PEOPLE,), find=_parcels, hit=_hit,
    register_url=_register, hint="宗地代码（19 位）或不动产单元号（28 位），可只输开头"))
