"""包保 as indicators (建机制): the villages that are a district leader's 联系点 and the people answering for
villages, counted on a period's last day from the assignments' dates."""

from django.urls import reverse

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.mechanisms.duties.models import Duty
from zhenxing.mechanisms.figures import GROUP
from zhenxing.orgs import access

COLUMNS = (
    Column("类型", lambda d: d.get_kind_display()),
    Column("责任人", lambda d: d.holder_name),
    Column("职务", lambda d: d.holder_title),
    Column("包保单位", lambda d: d.org_unit.name),
    Column("起始日期", lambda d: d.started_on),
)


def _of(*kinds):
    return lambda: Duty.objects.filter(kind__in=kinds).select_related("org_unit")


def _common(**kw):
    return {"detail_url": lambda d: reverse("mechanisms:duty", args=[d.pk]),
            "drill_capability": access.VIEW_DASHBOARD, "valid_from": "started_on", "valid_to": "ended_on",
            **kw}


registry.register(
    Indicator("mechanisms.liaison_villages", "区级领导包保联系点", "个", GROUP, _of("liaison"), COLUMNS,
              order=20,
              description="区级领导包保的乡村振兴联系点（村）", **_common()),
    Indicator("mechanisms.village_duties", "包村责任", "项", GROUP, _of("street", "village"), COLUMNS,
              order=21,
              description="班子成员包街联村、街道干部包村的责任（人×村）", **_common()),
)
