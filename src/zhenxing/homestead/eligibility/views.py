"""资格权 page: households with their parcels and flags, filterable by flag and exportable."""

from decimal import Decimal

from django.urls import reverse

from zhenxing.core.indicators import Column
from zhenxing.homestead.eligibility import selectors
from zhenxing.homestead.parcels.selectors import FLAGS
from zhenxing.orgs.registers import query_filter, register_page

GEOJSON = "application/geo+json"
CENTS = Decimal("0.01")


ELIGIBILITY_COLUMNS = (
    Column("户编号", lambda h: h.number),
    Column("户主", lambda h: h.head.name if h.head else ""),
    Column("村/社区", lambda h: h.village.name),
    Column("资格权", lambda h: "有" if h.collective_member else "无"),
    Column("宗数", lambda h: h.parcel_count),
    Column("总面积(m²)", lambda h: Decimal(h.total_area).quantize(CENTS)),
    # 是/否 as text: Excel would show booleans as TRUE/FALSE.
    *(
        Column(label, lambda h, key=key: "是" if selectors.household_flags(h)[key] else "否")
        for key, label in FLAGS
    ),
)


def eligibility(request):
    f = query_filter(selectors.EligibilityFilter, request.GET)
    links = [(reverse("homestead:parcels"), "宗地台账")]
    if f.flag:  # the same flag seen from the parcels: who uses this village's land
        links.append((f"{reverse('homestead:parcels')}?flag={f.flag}", "按此标记查看宗地"))
    return register_page(
        request,
        title="宅基地资格权",
        queryset=selectors.eligibility(actor=request.actor, filters=f),
        columns=ELIGIBILITY_COLUMNS,
        url_of=lambda h: reverse("people:household", args=[h.pk]),
        filters=[
            ("q", "户编号或户主", "text", None, f.q),
            ("village", "村/社区", "village", None, f.village),
            ("flag", "标记", "select", FLAGS, f.flag),
            ("eligible", "资格权", "select", [("yes", "有"), ("no", "无")], f.eligible),
        ],
        links=links,
    )

