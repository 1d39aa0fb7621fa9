"""Pages of 积分排名, 公示 and 申诉, and the year-end close."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhenxing.core import excel
from zhenxing.core.feedback import flash_errors
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.orgs.selectors import org_unit
from zhenxing.points.publish import registers as r
from zhenxing.points.publish import selectors, services
from zhenxing.points.publish.models import Objection

UNIT_CHOICES_LIMIT = 300


def _units(actor):
    """Villages and grids in scope for the drop-down (up to a district's worth; above that, a code box)."""
    qs = access.scoped(OrgUnit.objects.filter(level__in=("village", "grid")), actor, selectors.READ)
    found = list(qs.order_by("path").values_list("code", "name", "level")[: UNIT_CHOICES_LIMIT + 1])
    return found if len(found) <= UNIT_CHOICES_LIMIT else None


def _chosen(request, data):
    """(scheme, unit, period) from the form, or raises ValidationError naming the fields."""
    errors = {}
    result = []
    for parse in (lambda: selectors.scheme(data.get("scheme", ""), actor=request.actor),
                  lambda: selectors.rank_unit(actor=request.actor, code=data.get("unit", "").strip(),
                                              branch=data.get("branch", "").strip()),
                  lambda: selectors.parse_period(data.get("period", ""))):
        try:
            result.append(parse())
        except ValidationError as exc:
            errors.update(exc.message_dict)
            result.append(None)
    if errors:
        raise ValidationError(errors)
    return result


def rankings(request):
    actor = request.actor
    access.require(actor, selectors.READ)
    data = request.GET
    schemes, units = list(selectors.schemes(actor)), _units(actor)
    if "period" not in data and schemes and units:
        # Opened from the tab: this year's household ranking of the first village in reach.
        data = data.copy()
        first = next((s for s in schemes if s.subject == "household"), schemes[0])
        data.update({"scheme": first.code, "unit": units[0][0], "period": str(timezone.localdate().year)})
    context = {"schemes": schemes, "units": units,
               "branches": selectors.branches(actor=actor),
               "values": {"scheme": data.get("scheme", ""), "unit": data.get("unit", ""),
                          "branch": data.get("branch", ""),
                          "period": data.get("period", "") or str(timezone.localdate().year)},
               "errors": [], "default_days": services.DEFAULT_DAYS}
    if data.get("export") == "xlsx":
        access.require(actor, access.EXPORT)
    if "period" in data:
        try:
            scheme, unit, period = _chosen(request, data)
            ranked = selectors.ranking(actor=actor, scheme=scheme, unit=unit, period=period)
        except ValidationError as exc:
            context["errors"] = exc.messages
        else:
            title = f"{unit.name}{period.label}{scheme.name}排名"
            if data.get("export") == "xlsx":
                year = period.kind == "year"
                headers = ["名次", "姓名（户主）", "期间得分"] + (["年度余额"] if year else [])
                rows = ([r["rank"], r["name"], r["points"]] + ([r["balance"]] if year else [])
                        for r in selectors.snapshot(actor=actor, scheme=scheme, unit=unit, period=period))
                return excel.xlsx_response(f"{title}.xlsx", excel.workbook_bytes(title, headers, rows))
            page = Paginator(ranked, settings.PAGE_SIZE).get_page(request.GET.get("page"))
            page.object_list = selectors.with_names(page.object_list)
            query = urlencode({k: context["values"][k] for k in ("scheme", "unit", "branch", "period")})
            context.update(title=title, page=page, query=query, scheme=scheme, unit=unit, period=period,
                           can_publish=actor.can(access.APPROVE_POINTS, unit.path),
                           can_export=actor.can(access.EXPORT),
                           published=selectors.publications(actor=actor).filter(
                               scheme=scheme, unit_key=unit.key, period=period.key).first())
    return render(request, "points/publish/rankings.html", context)


@require_POST
def publish(request):
    actor = request.actor
    access.require(actor, access.APPROVE_POINTS)
    back = f"{reverse('points:rankings')}?" + urlencode(
        {k: request.POST.get(k, "") for k in ("scheme", "unit", "branch", "period")})
    try:
        pub = r.PUBLISH.submit(actor, request.POST)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(back)
    messages.success(request, f"已公示，申诉期{pub.objection_days}天。")
    return redirect("points:publication", pub.pk)


def publications(request):
    qs = selectors.publications(actor=request.actor)
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "points/publish/publications.html", {
        "page": page, "query": "", "now": timezone.now(),
        "can_rank": request.actor.can(selectors.READ)})


def publication(request, pk):
    actor = request.actor
    pub = selectors.publication(actor=actor, pk=pk)
    full = selectors.shows_names(actor=actor, publication=pub)
    rows = [{**r, "shown": r["name"] if full else selectors.mask_name(r["name"])} for r in pub.rows]
    on_behalf = actor.can(access.PROPOSE_POINTS, pub.path) or actor.can(access.APPROVE_POINTS, pub.path)
    own = set(selectors.own_holders(actor=actor))
    holders = [(r["holder"], r["shown"]) for r in rows if on_behalf or r["holder"] in own]
    return render(request, "points/publish/publication.html", {
        "pub": pub, "rows": rows, "is_year": pub.period.isdigit(),
        "objections": selectors.objections(actor=actor, publication=pub),
        "open": pub.objections_open(), "holders": holders if pub.objections_open() else [],
        "can_resolve": actor.can(access.APPROVE_POINTS, pub.path), "outcomes": Objection.STATES[1:]})


@require_POST
def objection_file(request, pk):
    actor = request.actor
    pub = selectors.publication(actor=actor, pk=pk)
    data = request.POST.copy()
    data["publication"] = str(pub.pk)
    try:
        r.OBJECT.submit(actor, data)  # staff who only read the registers do not object: 404
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "申诉已提交，请等待处理。")
    return redirect("points:publication", pub.pk)


@require_POST
def objection_resolve(request, pk):
    actor = request.actor
    obj = selectors.objection(actor=actor, pk=pk)
    access.require(actor, access.APPROVE_POINTS, obj.path)
    try:
        r.RESOLVE.submit(actor, request.POST, record=obj)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "申诉已处理。")
    return redirect("points:publication", obj.publication_id)


def year_close(request):
    actor = request.actor
    access.require(actor, access.MANAGE_POINT_RULES)
    counties = access.scoped(OrgUnit.objects.filter(level="county"), actor, access.MANAGE_POINT_RULES)
    return render(request, "points/publish/year_close.html", {
        "counties": counties, "closes": r.YEAR_CLOSES.rows(actor=actor, filters=None)[:50],
        "schemes": selectors.schemes(actor), "last_year": timezone.localdate().year - 1})


@require_POST
def year_close_run(request, code):
    data = request.POST.copy()
    data["county"] = code
    try:
        close = r.CLOSE_YEAR.submit(request.actor, data)  # a county outside the scope: 404
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"{close}完成：{close.accounts}个账户，用时{close.seconds:.1f}秒。")
    return redirect("points:year_close")


def year_results(request, pk):
    actor = request.actor
    close = selectors.year_close(actor=actor, pk=pk)
    unit = request.GET.get("unit", "")
    if unit:  # a unit outside the scope: 404
        org_unit(actor=actor, code=unit, capability=selectors.READ)
    qs = r.YEAR_RESULTS.rows(actor=actor, filters=selectors.YearResultFilter(
        close=str(close.pk), awards=request.GET.get("awards", ""), unit=unit))
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "points/publish/year_results.html", {
        "close": close, "page": page,
        "query": urlencode({k: request.GET.get(k, "") for k in ("awards", "unit")})})
