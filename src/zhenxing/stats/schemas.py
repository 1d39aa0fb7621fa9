"""API schemas of the statistics: the indicator registry, a figure for a unit and its children, the records
behind a figure, and the yearly targets."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from zhenxing.core.indicators import Indicator, registry
from zhenxing.orgs import access, codes, names
from zhenxing.orgs.schemas import Level, PageMeta, Whole

PERIOD_HELP = ("统计期间：年度 2023、季度 2023Q3、月份 2023-07，"
               "或日期范围 2023-01-01~2023-06-30（不超过10年），"
               "默认今年；未结束的期间统计截至今日。无法识别时返回 400。")
CENTS = Decimal("0.01")  # a target is kept to two places (IndicatorTarget.value)
VALUE_HELP = "数值，以十进制字符串给出（如 \"3\"、\"2.50\"），计数、合计和平均值都如此"


def _number_text(value):
    """A target arrives as a JSON number or as text; the service reads the text and names what is wrong with
    it in the page's words ("不是数字", "不能为负数")."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise PydanticCustomError("number_text", "应为数字，或写成文字的数字（如 \"120.5\"）")
    return str(value)


NumberText = Annotated[str, BeforeValidator(_number_text)]


class IndicatorQuery(Schema):
    level: Level | None = Field(None, description="只列出适用于该层级单位的指标："
                                + "、".join(f"{k}={v}" for k, v in codes.LEVEL_LABELS.items()))


class IndicatorOut(Schema):
    key: str = Field(..., description="指标代码，如 people.households")
    name: str
    unit: str = Field(..., description="计量单位，如 户、人、个、元")
    group: str = Field(..., description="分组（统计页上的小标题）")
    description: str
    order: float = Field(..., description="统计页上的排序（小的在前）")
    kind: Literal["count", "sum", "ratio"] = Field(
        ..., description="count=记录条数；sum=记录某字段的合计；ratio=两个指标之比（户均、人均），"
                         "见 ratio_of")
    ratio_of: list[str] | None = Field(None, description="平均值的分子、分母指标代码")
    levels: list[str] = Field(..., description="适用的单位层级（统计页只在这些层级显示该指标）")
    columns: list[str] = Field(..., description="明细（records 接口）的列名")
    breakdown: bool = Field(..., description="明细可按分类（part 参数）再细分")
    period_fields: list[str] = Field(..., description="把记录归入期间的日期字段："
                                     "流量指标为一个字段（如办结时间），"
                                     "有起止日期的时点数为起、止两个字段，按期末在册统计；空列表为当前数"
                                     "（不随期间变化）或按期间另行定义，见 basis")
    basis: str = Field(..., description="期间如何决定统计哪些记录（中文说明）")
    has_history: bool = Field(..., description="数值是否随所选期间变化（false：当前数）")
    can_open_records: bool = Field(..., description="调用者是否有权查看明细（在其权限范围内的单位）")


def indicator_out(ind: Indicator, actor) -> dict:
    kind = "ratio" if ind.ratio_of else ("sum" if ind.sum_field else "count")
    capability = ind.drill_capability or access.VIEW_DASHBOARD
    return {
        "key": ind.key, "name": ind.name, "unit": ind.unit, "group": ind.group,
        "description": ind.description, "order": ind.order, "kind": kind,
        "ratio_of": list(ind.ratio_of) if ind.ratio_of else None,
        "levels": list(ind.applies_to or codes.LEVELS), "columns": [c.header for c in ind.columns],
        "breakdown": bool(ind.breakdown), "can_open_records": actor.can(capability),
        "period_fields": [f for f in (ind.period_field, ind.valid_from, ind.valid_to) if f],
        "basis": ind.basis, "has_history": ind.has_history,
    }


def this_year() -> int:
    return timezone.localdate().year


class YearQuery(Schema):
    year: Whole | None = Field(None, ge=2000, le=2100, description="目标的年度（2000–2100），默认今年。")


class ValuesQuery(Schema):
    unit: str = Field(..., description="单位代码（统计用区划代码）")
    period: str | None = Field(None, max_length=40, description=PERIOD_HELP)
    year: Whole | None = Field(None, ge=2000, le=2100, description="旧参数，等同 period=年度；"
                               "两者都给时以 period 为准")


class RecordsQuery(Schema):
    unit: str = Field(..., description="单位代码（统计用区划代码）")
    period: str | None = Field(None, max_length=40, description=PERIOD_HELP
                                  + "明细恰为该期间计入数值的记录。")
    part: str | None = Field(None, description="只列分类为该值的记录（仅 breakdown 为 true 的指标）")


class UnitFigureOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    applies: bool = Field(..., description="指标是否适用于该层级（不适用时统计页不显示，数值仅供参考）")
    value: Decimal = Field(..., description=VALUE_HELP)
    target: Decimal | None = Field(None, description="该单位该年度的目标值（增长目标已折算为数值）；"
                                                     "期间不是整年"
                                                     "或未设定为 null")
    percent: int | None = Field(None, description="完成百分比（取整）；无目标为 null")
    before: Decimal = Field(..., description="上年同期的数值（同比的基数），" + VALUE_HELP)
    growth: Decimal | None = Field(None, description="同比增长率（%，一位小数）；上年同期为0时为 null")


def unit_figure_out(figure, ind: Indicator) -> dict:
    u = figure.unit
    before = Decimal(figure.before or 0)
    growth = ((Decimal(figure.value) - before) * 100 / before).quantize(Decimal("0.1")) if before else None
    return {"code": u.code, "name": u.name, "level": u.level, "level_label": codes.LEVEL_LABELS[u.level],
            "applies": ind.applies(u.level), "value": Decimal(figure.value), "target": figure.target,
            "percent": figure.percent, "before": before, "growth": growth}


class PeriodOut(Schema):
    key: str = Field(..., description="期间代码，如 2023、2023Q3、2023-07、2023-01-01~2023-06-30")
    label: str = Field(..., description="期间名称，如 2023年第三季度")
    start: date
    end: date = Field(..., description="最后一天（含）")


def period_out(p) -> dict:
    return {"key": p.key, "label": p.label, "start": p.start, "end": p.end}


class IndicatorValuesOut(Schema):
    indicator: IndicatorOut
    period: PeriodOut
    compared_with: PeriodOut = Field(..., description="同比所比的期间（未结束的期间为上年同期）")
    as_of: datetime | None = Field(None, description="读自快照时为快照的统计时间；实时统计为 null")
    year: int = Field(..., description="期间所在年度（目标的年度）")
    unit: UnitFigureOut = Field(..., description="所查单位自身的数值（含直属于它的记录）")
    children: list[UnitFigureOut] = Field(..., description="权限范围内各直属下级的数值，按代码排序")


Cell = str | int | float | bool | None


class RecordRow(Schema):
    id: int | str = Field(..., description="记录 id")
    url: str | None = Field(None, description="记录在平台上的页面（有则给出）")
    values: list[Cell] = Field(..., description="与 columns 一一对应；日期为 ISO 格式，"
                                                "金额和面积为十进制字符串")


class RecordPage(PageMeta):
    columns: list[str] = Field(..., description="列名，与统计页明细表的表头相同")
    items: list[RecordRow]


def cell(value) -> Cell:
    """A drill-down cell as JSON: what the page shows, with dates in ISO and exact decimals as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class TargetOut(Schema):
    indicator: str = Field(..., description="指标代码")
    indicator_name: str | None = Field(None, description="指标名称；指标已不存在时为 null")
    year: int
    basis: Literal["value", "growth"] = Field(..., description="value=目标值；growth=比上年增长率（%）")
    value: Decimal = Field(..., description="目标值，或增长率的百分数（basis=growth），十进制字符串")
    set_by: str | None = Field(None, description="设定人的账号（登录名）")
    set_by_name: str | None = Field(None, description="设定人姓名和单位，如 赵立新（沈北新区·区级管理员）")
    updated_at: datetime


def target_out(t) -> dict:
    ind = registry.get(t.indicator)
    return {"indicator": t.indicator, "indicator_name": ind.name if ind else None, "year": t.year,
            "basis": t.basis,
            "value": Decimal(t.value).quantize(CENTS),
            "set_by": t.set_by.get_username() if t.set_by else None,
            "set_by_name": names.who(t.set_by) if t.set_by else None, "updated_at": t.updated_at}


class TargetIn(Schema):
    indicator: str = Field(..., description="指标代码")
    year: Whole = Field(..., description="年度，2000–2100")
    value: NumberText = Field(..., description="目标值：不小于 0 的数，可写成数字或文字"
                                               "（如 120 或 \"120.5\"）；"
                                               "basis=growth 时为增长率的百分数（如 25）")
    basis: Literal["value", "growth"] = Field("value",
                                              description="value=目标值（默认）；growth=比上年增长率（%）")
