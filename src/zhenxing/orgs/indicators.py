from django.urls import reverse

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.orgs import codes
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


ABOVE = {level: tuple(codes.LEVELS[: codes.LEVELS.index(level)]) for level in codes.LEVELS}


def unit_count(key: str, name: str, level: str, order: int, **extra) -> Indicator:
    """Count of units of one level; shown only on units above that level."""
    return Indicator(
        key,
        name,
        "个",
        "组织",
        _units(level, **extra),
        UNIT_COLUMNS,
        detail_url=_unit_url,
        order=order,
        applies_to=ABOVE[level],
    )


registry.register(
    unit_count("org.towns", "街道/乡镇", "town", 10),
    unit_count("org.villages", "村/社区", "village", 11),
    unit_count("org.development_villages", "具备发展条件村", "village", 12, development_village=True),
    unit_count("org.groups", "村民小组", "group", 13),
    unit_count("org.grids", "网格", "grid", 14),
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
        applies_to=ABOVE["grid"],
    ),
)
