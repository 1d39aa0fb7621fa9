"""入户走访 as an indicator (强治理), with its drill-down to the visits and each visit's household."""

from datetime import date

from django.urls import reverse

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.governance.figures import GROUP
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs import access, names

VISIT_COLUMNS = (
    Column("走访日期", lambda v: v.visited_on, key="visited_on", kind=date),
    Column("户编号", lambda v: v.household.number, key="household"),
    Column("户主", lambda v: v.household.head.name if v.household.head else "", key="head"),
    Column("村/社区", lambda v: v.household.village.name, key="village"),
    Column("事由", lambda v: v.get_purpose_display(), key="purpose"),
    Column("需跟进", lambda v: v.follow_up_needed, key="follow_up_needed", kind=bool),
    Column("走访人", lambda v: names.name(v.visitor, ""), key="visitor"),
)


def _visits():
    return Visit.objects.select_related("household__head", "household__village", "visitor")


registry.register(
    Indicator("governance.visits", "入户走访次数", "次", GROUP, _visits, VISIT_COLUMNS, order=125,
              detail_url=lambda v: reverse("people:household", args=[v.household_id]),
              drill_capability=access.VIEW_PEOPLE, period_field="visited_on"),
)
