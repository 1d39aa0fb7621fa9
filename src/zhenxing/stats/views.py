from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import excel
from zhenxing.core.feedback import flash_errors
from zhenxing.orgs import access, exports
from zhenxing.orgs import selectors as org_selectors
from zhenxing.stats import panels, selectors, services


def overview(request):
    """统计分析: the dashboard of the highest unit the actor sees."""
    root = org_selectors.visible_root(actor=request.actor, capability=access.VIEW_DASHBOARD)
    if root is None:
        raise Http404
    return redirect("stats:dashboard", root.code)


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


def dashboard(request, code):
    actor = request.actor
    unit = selectors.dashboard_unit(actor=actor, code=code)
    year = _year(request)
    board = selectors.dashboard(actor=actor, unit=unit, year=year)
    indicators, rows = board.indicators, board.rows
    if request.GET.get("export") == "xlsx":
        access.require(actor, access.EXPORT)
        # Exact values in the units they are kept in (m², 元, a ratio), formatted as numbers.
        content = excel.workbook_bytes(
            f"{unit.name}统计",
            ["代码", "名称"] + [f"{i.name}（{i.unit}）" if i.unit else i.name for i in indicators],
            ([c.code, c.name, *(v for _, v in vals)] for c, vals in rows),
            [str, str, *(i.kind for i in indicators)],
        )
        return excel.xlsx_response(f"{unit.name}-统计-{year}.xlsx", content)
    return render(
        request,
        "stats/dashboard.html",
        {
            "unit": unit,
            "year": year,
            "figures": board.figures,
            "indicators": indicators,
            "rows": rows,
            **_children_table(indicators, rows),
            **panels.children_chart(request, unit, indicators, rows),
            "crumbs": org_selectors.ancestors_in_scope(actor=actor, unit=unit),
            "can_set_targets": actor.can(access.SET_TARGETS, unit.path),
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
    part = request.GET.get("part") if ind.breakdown else None
    records = selectors.drill(actor=actor, unit=unit, indicator=ind, part=part)
    if request.GET.get("export") == "xlsx":
        return exports.answer(request, title=f"{unit.name}-{ind.name}", columns=ind.columns, queryset=records)
    paginator = Paginator(records, settings.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # For a count indicator the figure is the pager's count: don't count the same rows twice.
    value = paginator.count if ind.sum_field is None and not ind.ratio_of else ind.value(unit.path)
    breakdown = ind.breakdown_values(unit.path)
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
            "query": f"part={quote(part)}" if part is not None else "",
            "breakdown": breakdown,
            "breakdown_chart": panels.breakdown_chart(ind, breakdown),
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
        )
        messages.success(request, "目标已保存。")
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(f"/stats/{unit.code}/?year={year or ''}")
