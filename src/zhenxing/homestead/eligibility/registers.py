"""资格权's register, declared once: the page, its Excel export and the API derive from it
(orgs.registers)."""

from decimal import Decimal

from django.urls import reverse

from zhenxing.core import numbers
from zhenxing.core.indicators import Column
from zhenxing.homestead.eligibility import selectors as sel
from zhenxing.homestead.parcels.selectors import FLAGS
from zhenxing.orgs.registers import Filter, Register

CENTS = Decimal("0.01")

ELIGIBILITY = Register(
    name="eligibility",
    title="宅基地资格权",
    item="户的资格权",
    rows=sel.eligibility,
    one=sel.household,
    filter_class=sel.EligibilityFilter,
    filters=(
        Filter("q", "户编号或户主"),
        Filter("village", "村/社区", "village"),
        Filter("flag", "标记", "select", tuple(FLAGS)),
        Filter("eligible", "资格权", "select", (("yes", "有"), ("no", "无"))),
    ),
    columns=(
        Column("户编号", lambda h: h.number, key="number"),
        Column("户主", lambda h: h.head.name if h.head else "", key="head"),
        Column("村/社区", lambda h: h.village.name, key="village"),
        Column("资格权", lambda h: "有" if h.collective_member else "无", key="eligibility"),
        Column("宗数", lambda h: h.parcel_count, key="parcel_count", kind=numbers.COUNT),
        Column("总面积(m²)", lambda h: Decimal(h.total_area).quantize(CENTS), key="total_area_m2",
               kind=numbers.SQUARE_METRES),
        # 是/否 as text: Excel would show booleans as TRUE/FALSE.
        *(
            Column(label, lambda h, key=key: "是" if sel.household_flags(h)[key] else "否", key=key)
            for key, label in FLAGS
        ),
    ),
    url_of=lambda h: reverse("people:household", args=[h.pk]),
    description="权限范围内的户，及其宗地数、面积和一户多宅、超占、非本村村民使用标记",
)
