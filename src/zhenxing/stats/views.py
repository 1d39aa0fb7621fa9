from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhenxing.core import excel, periods
from zhenxing.core.feedback import flash_errors
from zhenxing.core.models import IndicatorTarget
from zhenxing.core.periods import Period, PeriodError
from zhenxing.orgs import access, exports
from zhenxing.orgs import selectors as org_selectors
from zhenxing.stats import panels, selectors, services


def overview(request):
    """统计分析: the dashboard of the highest unit the actor sees."""
    root = org_selectors.visible_root(actor=request.actor, capability=access.VIEW_DASHBOARD)
    if root is None:
        raise Http404
    return redirect("stats:dashboard", root.code)


def period_asked(request) -> Period:
    """The period asked (`?period=2023Q3`; the older `?year=2023` still read), else this year."""
    text = request.GET.get("period") or request.GET.get("year") or ""
    return periods.parse(text)


def bad_period(request, unit, error: PeriodError):
    """A period the pages cannot read: 400, the reason in Chinese and the periods one can choose."""
    return render(request, "stats/bad_period.html", {"unit": unit, "error": str(error),
                                                     "period_choices": periods.choices()}, status=400)


def dashboard(request, code):
    actor = request.actor
    unit = selectors.dashboard_unit(actor=actor, code=code)
    try:
        period = period_asked(request)
    except PeriodError as error:
        return bad_period(request, unit, error)
    board = selectors.dashboard(actor=actor, unit=unit, period=period)
    indicators, rows = board.indicators, board.rows
    if request.GET.get("export") == "xlsx":
        access.require(actor, access.EXPORT)
        # Exact values in the units they are kept in (m², 元, a ratio), formatted as numbers.
        content = excel.workbook_bytes(
            f"{unit.name}统计（{period.label}）",
            ["代码", "名称"] + [f"{i.name}（{i.unit}）" if i.unit else i.name for i in indicators],
            ([c.code, c.name, *(v for _, v in vals)] for c, vals in rows),
            [str, str, *(i.kind for i in indicators)],
        )
        return excel.xlsx_response(f"{unit.name}-统计-{period.key}.xlsx", content)
    return render(
        request,
        "stats/dashboard.html",
        {
            "unit": unit,
            "period": period,
            "year": period.year,
            "board": board,
            "figures": board.figures,
            "indicators": indicators,
            "rows": rows,
            **_children_table(indicators, rows),
            **panels.children_chart(request, unit, indicators, rows),
            "crumbs": org_selectors.ancestors_in_scope(actor=actor, unit=unit),
            "period_choices": periods.choices(),
            "can_set_targets": actor.can(access.SET_TARGETS, unit.path),
            "can_refresh": actor.can(access.SET_TARGETS, unit.path),
            "can_export": actor.can(access.EXPORT),
        },
    )


def _children_table(indicators, rows) -> dict:
    """The children table as it reads: each column in one unit chosen for the whole column (a street's
    万元 beside another's 元 would mislead), and the indicators' groups over the columns."""
    units = [i.kind.unit_for([vals[n][1] for _, vals in rows]) for n, i in enumerate(indicators)]
    columns = [(i, i.kind.show(0, u).unit) for i, u in zip(indicators, units, strict=True)]
    groups: list[list] = []
    for i in indicators:
        if groups and groups[-1][0] == i.group:
            groups[-1][1] += 1
        else:
            groups.append([i.group, 1])
    table = [(child, [(i, v, i.shown(v, u)) for (i, v), u in zip(vals, units, strict=True)])
             for child, vals in rows]
    return {"columns": columns, "column_groups": groups, "table": table}


def drill(request, key, code):
    actor = request.actor
    unit = selectors.dashboard_unit(actor=actor, code=code)
    ind = selectors.indicator(key)
    try:
        period = period_asked(request)
    except PeriodError as error:
        return bad_period(request, unit, error)
    part = request.GET.get("part") if ind.breakdown else None
    records = selectors.drill(actor=actor, unit=unit, indicator=ind, period=period, part=part)
    if request.GET.get("export") == "xlsx":
        return exports.answer(request, title=f"{unit.name}-{ind.name}-{period.label}", columns=ind.columns,
                              queryset=records)
    paginator = Paginator(records, settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # For a count indicator the figure is the pager's count: don't count the same rows twice.
    value = paginator.count if ind.sum_field is None and not ind.ratio_of else ind.value(unit.path, period)
    breakdown = ind.breakdown_values(unit.path, period)
    if part is not None:
        value = next((v for key, _, v in breakdown if key == part), 0)
    rows = [
        (ind.detail_url(r) if ind.detail_url else None, [c.cell(r) for c in ind.columns])
        for r in page.object_list
    ]
    return render(
        request,
        "stats/drill.html",
        {
            "unit": unit,
            "indicator": ind,
            "page": page,
            "rows": rows,
            "value": value,
            "headers": [c.header for c in ind.columns],
            "period": period,
            "period_choices": periods.choices(),
            "query": "&".join(q for q in (f"period={period.key}", f"part={quote(part)}" if part is not None
                                          else "") if q),
            "breakdown": breakdown,
            "breakdown_chart": panels.breakdown_chart(ind, breakdown, period),
            "trend_chart": panels.trend_chart(actor=actor, unit=unit, indicator=ind, period=period),
            "part": part,
            "can_export": actor.can(access.EXPORT),
            "export_offer": exports.offer(paginator.count),
        },
    )


@require_POST
def set_target(request, code):
    actor = request.actor
    unit = selectors.dashboard_unit(actor=actor, code=code)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    try:
        services.set_target(
            actor=actor,
            indicator_key=request.POST.get("indicator", ""),
            unit=unit,
            year=year,
            value=request.POST.get("value", ""),
            basis=request.POST.get("basis") or IndicatorTarget.VALUE,
        )
        messages.success(request, "目标已保存。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(f"/stats/{unit.code}/?period={year or ''}")


@require_POST
def refresh(request, code):
    """重新统计: the unit's snapshot counted again in the background, for the usual periods and this one."""
    unit = selectors.dashboard_unit(actor=request.actor, code=code)
    period = request.POST.get("period", "")
    try:
        services.request_refresh(actor=request.actor, unit=unit, period=period)
        messages.success(request, "已开始重新统计，完成后本页显示新的“数据截至”时间。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(f"/stats/{unit.code}/?period={quote(period)}")
