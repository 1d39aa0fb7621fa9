"""统计分析 over the API: the indicator registry, a figure for a unit and its children, the records behind it
and the yearly targets, through the same selectors and service as the dashboard pages (stats.views), so the
numbers, the rows, the scope and the refusals are the page's."""

from ninja import Query, Router
from ninja.errors import HttpError

from zhenxing.core import periods
from zhenxing.core.indicators import registry
from zhenxing.orgs import access
from zhenxing.orgs.schemas import ErrorOut, PageParams, paginate
from zhenxing.stats import selectors, services
from zhenxing.stats.schemas import (
    IndicatorOut,
    IndicatorQuery,
    IndicatorValuesOut,
    RecordPage,
    RecordsQuery,
    TargetIn,
    TargetOut,
    ValuesQuery,
    YearQuery,
    cell,
    indicator_out,
    period_out,
    target_out,
    this_year,
    unit_figure_out,
)

router = Router(tags=["统计分析"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
SCOPE = "单位不存在或不在调用者的统计范围内、指标不存在、或调用者无权查看统计，均返回 404。"


@router.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="指标目录",
            description="平台声明的全部统计指标（统计页的每个数字都来自其中之一），按统计页的顺序。"
                        "每个指标说明期间如何决定统计哪些记录（basis）。无“查看统计”权限返回 404。")
def list_indicators(request, filters: Query[IndicatorQuery]):
    access.require(request.actor, access.VIEW_DASHBOARD)
    return [indicator_out(i, request.actor) for i in registry.all(filters.level)]


@router.get("/indicators/{key}/values", response={200: IndicatorValuesOut, **ERRORS},
            summary="指标数值：单位及其直属下级",
            description="一个指标在所查单位某期间的数值，以及权限范围内每个直属下级的数值（与统计页的卡片和下级"
                        "单位表相同），附上年同期数值、同比增长率，整年期间附目标值和完成百分比。"
                        "县级及以上单位有快照时读快照（as_of 为快照时间）。期间无法识别返回 400。" + SCOPE)
def indicator_values(request, key: str, params: Query[ValuesQuery]):
    actor = request.actor
    unit = selectors.dashboard_unit(actor=actor, code=params.unit)
    ind = selectors.indicator(key)
    period = _period(params.period or (str(params.year) if params.year else ""))
    own, children, as_of = selectors.indicator_values(actor=actor, unit=unit, indicator=ind, period=period)
    return {"indicator": indicator_out(ind, actor), "period": period_out(period),
            "compared_with": period_out(period.comparisons()[0]), "as_of": as_of, "year": period.year,
            "unit": unit_figure_out(own, ind), "children": [unit_figure_out(c, ind) for c in children]}


def _period(text: str) -> periods.Period:
    try:
        return periods.parse(text)
    except periods.PeriodError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("/indicators/{key}/records", response={200: RecordPage, **ERRORS}, summary="指标明细",
            description="构成该数值的记录（统计页点开数字所见的明细），列与统计页相同，分页。"
                        "有的指标须另有权限才能查看明细（如人员类指标须有“查看人员”权限），无权时返回 404。"
                        + SCOPE)
def indicator_records(request, key: str, params: Query[RecordsQuery], pager: Query[PageParams]):
    actor = request.actor
    unit = selectors.dashboard_unit(actor=actor, code=params.unit)
    ind = selectors.indicator(key)
    records = selectors.drill(actor=actor, unit=unit, indicator=ind, period=_period(params.period or ""),
                              part=params.part)

    def row(r) -> dict:
        return {"id": r.pk, "url": ind.detail_url(r) if ind.detail_url else None,
                "values": [cell(c.value(r)) for c in ind.columns]}

    return {**paginate(records, pager, row), "columns": [c.header for c in ind.columns]}


@router.get("/stats/{code}/targets", response={200: list[TargetOut], **ERRORS}, summary="单位的年度目标",
            description="一个单位某年度已设定的各指标目标值，按指标代码排序。" + SCOPE)
def list_targets(request, code: str, params: Query[YearQuery]):
    unit = selectors.dashboard_unit(actor=request.actor, code=code)
    return [target_out(t) for t in selectors.targets(unit=unit, year=params.year or this_year())]


@router.post("/stats/{code}/targets", response={200: TargetOut, **ERRORS}, summary="设定年度目标",
             description="设定（或改写）一个单位某指标某年度的目标值或比上年增长率（basis=growth），"
                         "与统计页“设定年度目标”相同，记入审计日志"
                         "（target.set）。须有“设定目标”权限，否则返回 404；指标不存在、年度不在 2000–2100、"
                         "目标值不是数字或为负数时返回 422，errors 按字段（indicator、year、value）给出原因。"
                         "会话认证时须带 CSRF 令牌。")
def set_target(request, code: str, body: TargetIn):
    unit = selectors.dashboard_unit(actor=request.actor, code=code)
    target = services.set_target(actor=request.actor, indicator_key=body.indicator, unit=unit, year=body.year,
                                 value=body.value, basis=body.basis)
    return target_out(target)
