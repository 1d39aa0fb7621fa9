"""统计分析: the regional ledger (区域台账) of homesteads as indicators, each with its drill-down.

Parcels sit on their village's path, so parcel figures mean something from the village up; households
sit on their grid's path, so "households with a homestead" is counted down to the grid.
一户多宅 and 超占 are household-level facts over all of a household's parcels (which may lie in
other villages), which a path-grouped count of one table cannot express: they are the lists of the
资格权 page instead.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from zhenxing.core.indicators import Column, Indicator, registry
from zhenxing.homestead.models import (
    Application,
    ExitApplication,
    FeeBill,
    House,
    IdleSurvey,
    Parcel,
    RevitalisationProject,
    TransferContract,
    Violation,
)
from zhenxing.homestead.workflows import APPLICATION, IN_PROGRESS, STATES
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

# Averages of the regional ledger (区域台账): area per household holding a homestead, and per registered
# person. They open to the parcels whose area they spread.
registry.register(*(
    Indicator(f"homestead.{key}", name, "m²", GROUP, _parcels(), PARCEL_COLUMNS, detail_url=parcel_url,
              order=order, drill_capability=access.VIEW_PEOPLE, applies_to=UP_TO_VILLAGE,
              ratio_of=("homestead.parcel_area", denominator), description=description)
    for key, name, denominator, order, description in (
        ("area_per_household", "户均宅基地面积", "homestead.households", 71.1, "宅基地面积 ÷ 有宅基地户数"),
        ("area_per_person", "人均宅基地面积", "people.population", 71.2, "宅基地面积 ÷ 户籍人口"),
    )
))

# --- 流转, 有偿使用, 自愿有偿退出 (modules 5–7) -----------------------------------------------------------
# Transfers and mortgages count the contracts in force today; fees the bills of the current year; exits
# the parcels the collective has recovered (and the compensation paid, recovered or not yet).


def _today():
    return timezone.localdate()


TRANSFER_COLUMNS = (
    Column("合同编号", lambda c: c.code),
    Column("宗地代码", lambda c: c.parcel.code),
    Column("村/社区", lambda c: c.village.name),
    Column("流出方", lambda c: c.household.head.name if c.household.head else c.household.number),
    Column("流转方式", lambda c: c.get_kind_display()),
    Column("流入方", lambda c: c.transferee_name),
    Column("用途", lambda c: c.get_purpose_display()),
    Column("起始日期", lambda c: c.starts_on),
    Column("终止日期", lambda c: c.ends_on),
    Column("年租金(元)", lambda c: c.rent_yuan),
    Column("面积(m²)", lambda c: c.parcel.area_m2),
    Column("状态", lambda c: c.status_label(_today())),
)
BILL_COLUMNS = (
    Column("账单编号", lambda b: b.code),
    Column("年度", lambda b: b.year),
    Column("户编号", lambda b: b.household.number),
    Column("户主", lambda b: b.household.head.name if b.household.head else ""),
    Column("村/社区", lambda b: b.village.name),
    Column("收费事由", lambda b: b.get_reason_display()),
    Column("计费面积(m²)", lambda b: b.basis_area_m2),
    Column("标准(元/m²)", lambda b: b.rate_yuan_per_m2),
    Column("应缴(元)", lambda b: b.amount_yuan),
    Column("已缴(元)", lambda b: b.paid_yuan),
    Column("减免(元)", lambda b: b.reduced_yuan),
    Column("未缴(元)", lambda b: b.outstanding_yuan),
    Column("状态", lambda b: b.status_label),
)
EXIT_COLUMNS = (
    Column("申请编号", lambda e: e.code),
    Column("宗地代码", lambda e: e.parcel.code),
    Column("村/社区", lambda e: e.village.name),
    Column("退出户", lambda e: e.household.head.name if e.household.head else e.household.number),
    Column("面积(m²)", lambda e: e.area_m2),
    Column("补偿总额(元)", lambda e: e.total_yuan),
    Column("保留资格权", lambda e: "是" if e.keeps_eligibility else "否"),
    Column("已付补偿(元)", lambda e: e.compensation_paid_yuan),
    Column("状态", lambda e: e.state_label),
)


def transfer_url(c) -> str:
    return reverse("homestead:transfer", args=[c.pk])


def bill_url(b) -> str:
    return reverse("homestead:fee_bill", args=[b.pk])


def exit_url(e) -> str:
    return reverse("homestead:exit", args=[e.pk])


def _contracts_in_force(**kinds):
    def records():
        today = _today()
        return TransferContract.objects.filter(terminated_on__isnull=True, starts_on__lte=today,
                                               ends_on__gte=today, **kinds).select_related(
            "parcel", "village", "household__head")
    return records


def _transfers_in_force():
    return _contracts_in_force()().exclude(kind="mortgage")


def _bills_this_year():
    return FeeBill.objects.filter(year=_today().year).select_related("village", "household__head")


def _households_billed():
    billed = FeeBill.objects.filter(household=OuterRef("pk"), year=_today().year)
    return Household.objects.filter(Exists(billed)).select_related("village", "head")


def _exits(*states):
    return lambda: ExitApplication.objects.filter(state__in=states).select_related(
        "parcel", "village", "household__head")


def _use_indicator(key, name, unit, records, columns, url, order, sum_field=None, description=""):
    return Indicator(f"homestead.{key}", name, unit, GROUP, records, columns, sum_field=sum_field,
                     detail_url=url, order=order, drill_capability=access.VIEW_PEOPLE,
                     applies_to=UP_TO_VILLAGE, description=description)


registry.register(
    _use_indicator("transfers", "流转宗数", "宗", _transfers_in_force, TRANSFER_COLUMNS, transfer_url, 72,
                   description="今日在合同期内的出租、转让、入股合同"),
    _use_indicator("transfer_area", "流转面积", "m²", _transfers_in_force, TRANSFER_COLUMNS, transfer_url, 73,
                   sum_field="parcel__area_m2", description="在期流转合同所涉宗地面积"),
    _use_indicator("mortgages", "抵押宗数", "宗", _contracts_in_force(kind="mortgage"), TRANSFER_COLUMNS,
                   transfer_url, 74, description="今日在期的抵押合同"),
    Indicator("homestead.fee_households", "有偿使用户数", "户", GROUP, _households_billed, HOUSEHOLD_COLUMNS,
              detail_url=lambda h: reverse("people:household", args=[h.pk]), order=75,
              drill_capability=access.VIEW_PEOPLE, description="本年度开具有偿使用费账单的户"),
    _use_indicator("fees_due", "有偿使用费应收", "元", _bills_this_year, BILL_COLUMNS, bill_url, 76,
                   sum_field="amount_yuan", description="本年度账单应缴金额（减免前）"),
    _use_indicator("fees_paid", "有偿使用费实收", "元", _bills_this_year, BILL_COLUMNS, bill_url, 77,
                   sum_field="paid_yuan", description="本年度账单已缴金额"),
    _use_indicator("exits", "退出宗数", "宗", _exits("recovered"), EXIT_COLUMNS, exit_url, 78,
                   description="已由集体收回的自愿有偿退出宗地"),
    _use_indicator("exit_area", "退出面积", "m²", _exits("recovered"), EXIT_COLUMNS, exit_url, 79,
                   sum_field="area_m2"),
    _use_indicator("exit_compensation", "退出补偿金额", "元", _exits("compensated", "recovered"),
                   EXIT_COLUMNS, exit_url, 80, sum_field="compensation_paid_yuan"),
)


# --- 申请审批 ---------------------------------------------------------------------------------------------

APPLICATION_COLUMNS = (
    Column("申请编号", lambda a: a.code),
    Column("申请户", lambda a: a.household.head.name if a.household.head else a.household.number),
    Column("村/社区", lambda a: a.village.name),
    Column("类型", lambda a: a.get_kind_display()),
    Column("拟用地(m²)", lambda a: a.site_area_m2),
    Column("状态", lambda a: STATES[a.state]),
    Column("办理时限", lambda a: timezone.localtime(a.due_at).date() if a.due_at else None),
    Column("超期", lambda a: "是" if a.due_at and a.due_at < timezone.now() and a.state not in
           APPLICATION.final else ""),
)


def application_url(a) -> str:
    return reverse("homestead:application", args=[a.pk])


def _applications(**filters):
    return lambda: Application.objects.filter(**filters).select_related("village", "household__head")


def _open_applications():
    return _applications()().filter(state__in=IN_PROGRESS)


def _overdue_applications():
    return _open_applications().filter(due_at__lt=timezone.now())


def _application_indicator(key, name, records, order, description=""):
    return Indicator(f"homestead.{key}", name, "件", GROUP, records, APPLICATION_COLUMNS,
                     detail_url=application_url, order=order, drill_capability=access.VIEW_PEOPLE,
                     applies_to=UP_TO_VILLAGE, description=description)


registry.register(
    _application_indicator("applications", "宅基地申请", _applications(), 90, "全部申请（含已办结）"),
    _application_indicator("applications_open", "在办申请", _open_applications, 91,
                           "已提交、尚未办结的申请（不含待提交和已退回）"),
    _application_indicator("applications_overdue", "超期申请", _overdue_applications, 92,
                           "在办且已过本环节办理时限的申请"),
    _application_indicator("applications_approved", "已批准申请", _applications(approved_on__isnull=False),
                           93, "已出具《农村宅基地批准书》的申请"),
    _application_indicator("applications_registered", "已登记申请", _applications(state="registered"), 94),
)


# --- 闲置盘活 (8) and 执法监管 (9): projects, surveys and violations ------------------------------------


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
    _record_indicator("projects", "盘活项目数", "个", _projects, PROJECT_COLUMNS, "homestead:project", 81),
    _record_indicator("project_investment", "盘活项目投资额", "元", _projects, PROJECT_COLUMNS,
                      "homestead:project", 82, sum_field="investment_yuan"),
    parcel_indicator("idle_surveyed", "闲置调查宗数", "宗", _surveyed_parcels, 83),
    _record_indicator("violations", "违法违规宗数", "宗", _violations(), VIOLATION_COLUMNS,
                      "homestead:violation", 84),
    _record_indicator("violations_open", "未结案违法违规", "宗",
                      lambda: _violations()().exclude(state="closed"), VIOLATION_COLUMNS,
                      "homestead:violation", 85),
    _record_indicator("violations_overdue", "超期未整改", "宗", _overdue_violations, VIOLATION_COLUMNS,
                      "homestead:violation", 86),
)
