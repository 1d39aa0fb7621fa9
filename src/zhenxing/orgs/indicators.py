from django.urls import reverse

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.orgs.models import OrgUnit, PartyOrg

UNIT_COLUMNS = (
    Column("代码", lambda u: u.code),
    Column("名称", lambda u: u.name),
    Column("类别", lambda u: u.kind_label),
    Column("上级", lambda u: u.parent.name if u.parent else ""),
)


def _units(level: str, **extra):
    return lambda: OrgUnit.objects.filter(level=level, **extra).select_related("parent")


def _unit_url(unit):
    return reverse("orgs:unit", args=[unit.code])


registry.register(
    Indicator(
        "org.towns", "街道/乡镇", "个", "组织", _units("town"), UNIT_COLUMNS, detail_url=_unit_url, order=10
    ),
    Indicator(
        "org.villages",
        "村/社区",
        "个",
        "组织",
        _units("village"),
        UNIT_COLUMNS,
        detail_url=_unit_url,
        order=11,
    ),
    Indicator(
        "org.development_villages",
        "具备发展条件村",
        "个",
        "组织",
        _units("village", development_village=True),
        UNIT_COLUMNS,
        detail_url=_unit_url,
        order=12,
    ),
    Indicator(
        "org.groups", "村民小组", "个", "组织", _units("group"), UNIT_COLUMNS, detail_url=_unit_url, order=13
    ),
    Indicator(
        "org.grids", "网格", "个", "组织", _units("grid"), UNIT_COLUMNS, detail_url=_unit_url, order=14
    ),
    Indicator(
        "org.party_orgs",
        "党组织",
        "个",
        "组织",
        lambda: PartyOrg.objects.select_related("org_unit"),
        (
            Column("名称", lambda p: p.name),
            Column("类型", lambda p: p.get_kind_display()),
            Column("所在单位", lambda p: p.org_unit.name),
        ),
        order=15,
    ),
)
