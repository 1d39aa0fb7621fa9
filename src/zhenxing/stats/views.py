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
from zhenxing.stats import selectors, services


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
        content = excel.workbook_bytes(
            f"{unit.name}统计",
            ["代码", "名称"] + [i.name for i in indicators],
            ([c.code, c.name, *(v for _, v in vals)] for c, vals in rows),
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
            "crumbs": org_selectors.ancestors_in_scope(actor=actor, unit=unit),
            "can_set_targets": actor.can(access.SET_TARGETS, unit.path),
            "can_export": actor.can(access.EXPORT),
        },
    )


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
        (ind.detail_url(r) if ind.detail_url else None, [(c.header, c.value(r)) for c in ind.columns])
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
