"""统计分析: the regional ledger (区域台账) of homesteads as indicators, each with its drill-down.

Parcels sit on their village's path, so parcel figures mean something from the village up; households
sit on their grid's path, so "households with a homestead" is counted down to the grid.
一户多宅 and 超占 are household-level facts over all of a household's parcels (which may lie in
other villages), which a path-grouped count of one table cannot express: they are the lists of the
资格权 page instead.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.homestead.models import House, Parcel
from zhenxing.orgs import access, codes
from zhenxing.people.indicators import HOUSEHOLD_COLUMNS
from zhenxing.people.models import Household

GROUP = "宅基地"
UP_TO_VILLAGE = tuple(codes.LEVELS[: codes.LEVELS.index("village") + 1])

PARCEL_COLUMNS = (
    Column("宗地代码", lambda p: p.code),
    Column("坐落", lambda p: p.location),
    Column("面积(m²)", lambda p: p.area_m2),
    Column("面积(亩)", lambda p: p.area_mu),
    Column("用途", lambda p: p.get_use_display()),
    Column("权利人", lambda p: p.household.head.name if p.household and p.household.head else ""),
    Column("建设状态", lambda p: p.get_build_status_display()),
    Column("利用状态", lambda p: p.get_use_status_display()),
    Column("确权", lambda p: p.get_certification_display()),
    Column("村/社区", lambda p: p.village.name),
)


def parcel_url(p: Parcel) -> str:
    return reverse("homestead:parcel", args=[p.pk])


def _parcels(**extra):
    return lambda: Parcel.objects.filter(**extra).select_related("village", "household__head")


def _with_houses():
    return _parcels()().filter(Exists(House.objects.filter(parcel=OuterRef("pk"))))


def _households_with_homestead():
    return Household.objects.filter(Exists(Parcel.objects.filter(household=OuterRef("pk")))).select_related(
        "village", "head"
    )


def parcel_indicator(key, name, unit, records, order, sum_field=None):
    return Indicator(
        f"homestead.{key}",
        name,
        unit,
        GROUP,
        records,
        PARCEL_COLUMNS,
        sum_field=sum_field,
        detail_url=parcel_url,
        order=order,
        drill_capability=access.VIEW_PEOPLE,
        applies_to=UP_TO_VILLAGE,
    )


registry.register(
    parcel_indicator("parcels", "宅基地宗数", "宗", _parcels(), 60),
    parcel_indicator("parcel_area", "宅基地面积", "m²", _parcels(), 61, sum_field="area_m2"),
    parcel_indicator("certified", "已确权登记", "宗", _parcels(certification="certified"), 62),
    parcel_indicator("idle", "闲置宗数", "宗", _parcels(use_status="idle"), 63),
    parcel_indicator("idle_area", "闲置面积", "m²", _parcels(use_status="idle"), 64, sum_field="area_m2"),
    parcel_indicator("revitalised", "盘活宗数", "宗", _parcels(use_status="revitalised"), 65),
    parcel_indicator(
        "revitalised_area", "盘活面积", "m²", _parcels(use_status="revitalised"), 66, sum_field="area_m2"
    ),
    parcel_indicator("approved_built", "已批已建", "宗", _parcels(build_status="approved_built"), 67),
    parcel_indicator("approved_unbuilt", "已批未建", "宗", _parcels(build_status="approved_unbuilt"), 68),
    parcel_indicator("unapproved_built", "未批先建", "宗", _parcels(build_status="unapproved_built"), 69),
    parcel_indicator("with_houses", "有房屋宗数", "宗", _with_houses, 70),
    Indicator(
        "homestead.households",
        "有宅基地户数",
        "户",
        GROUP,
        _households_with_homestead,
        HOUSEHOLD_COLUMNS,
        detail_url=lambda h: reverse("people:household", args=[h.pk]),
        order=71,
        drill_capability=access.VIEW_PEOPLE,
    ),
)


# --- 闲置盘活 (8) and 执法监管 (9): projects, surveys and violations ------------------------------------
from django.utils import timezone  # noqa: E402

from zhenxing.homestead.models import IdleSurvey, RevitalisationProject, Violation  # noqa: E402

PROJECT_COLUMNS = (
    Column("项目编号", lambda p: p.code),
    Column("项目名称", lambda p: p.name),
    Column("类型", lambda p: p.get_kind_display()),
    Column("村/社区", lambda p: p.village.name),
    Column("经营主体", lambda p: p.operator_name),
    Column("总投资(元)", lambda p: p.investment_yuan),
    Column("状态", lambda p: p.get_status_display()),
)
VIOLATION_COLUMNS = (
    Column("案件编号", lambda v: v.code),
    Column("村/社区", lambda v: v.village.name),
    Column("违法类型", lambda v: v.get_kind_display()),
    Column("发现日期", lambda v: v.found_on),
    Column("整改期限", lambda v: v.deadline),
    Column("状态", lambda v: {"pending": "待整改", "rectifying": "整改中", "rectified": "已整改",
                             "closed": "已结案"}.get(v.state, v.state)),
)


def _projects():
    return RevitalisationProject.objects.select_related("village")


def _violations(**extra):
    return lambda: Violation.objects.filter(**extra).select_related("village")


def _overdue_violations():
    # Read at each call: "overdue" is relative to now (core.workflow.overdue, on the open states).
    open_cases = Violation.objects.filter(state__in=("pending", "rectifying"))
    return open_cases.filter(due_at__lt=timezone.now()).select_related("village")


def _surveyed_parcels():
    return _parcels()().filter(Exists(IdleSurvey.objects.filter(parcel=OuterRef("pk"))))


def _record_indicator(key, name, unit, records, columns, url_name, order, sum_field=None):
    return Indicator(
        f"homestead.{key}", name, unit, GROUP, records, columns, sum_field=sum_field,
        detail_url=lambda obj: reverse(url_name, args=[obj.pk]), order=order,
        drill_capability=access.VIEW_PEOPLE, applies_to=UP_TO_VILLAGE,
    )


registry.register(
    _record_indicator("projects", "盘活项目数", "个", _projects, PROJECT_COLUMNS, "homestead:project", 80),
    _record_indicator("project_investment", "盘活项目投资额", "元", _projects, PROJECT_COLUMNS,
                      "homestead:project", 81, sum_field="investment_yuan"),
    parcel_indicator("idle_surveyed", "闲置调查宗数", "宗", _surveyed_parcels, 82),
    _record_indicator("violations", "违法违规宗数", "宗", _violations(), VIOLATION_COLUMNS,
                      "homestead:violation", 83),
    _record_indicator("violations_open", "未结案违法违规", "宗",
                      lambda: _violations()().exclude(state="closed"), VIOLATION_COLUMNS,
                      "homestead:violation", 84),
    _record_indicator("violations_overdue", "超期未整改", "宗", _overdue_violations, VIOLATION_COLUMNS,
                      "homestead:violation", 85),
)
