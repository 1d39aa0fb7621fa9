"""吹哨报到 pages: reporting (phone-friendly), the case register, a case with its steps and the forms of
the steps open to the actor, the overdue lists, and the dispatch catalogue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from zhenxing.core import attachments, workflow
from zhenxing.governance.cases import registers as r
from zhenxing.governance.cases import selectors as sel
from zhenxing.governance.cases import services
from zhenxing.governance.cases.forms import ReportForm
from zhenxing.governance.cases.models import Case
from zhenxing.governance.cases.workflows import CASE
from zhenxing.orgs import access
from zhenxing.orgs.models import Department, OrgUnit
from zhenxing.orgs.registers import register_page


def _form_page(request, form, title, back):
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "error_list": form.named_errors(), "title": title, "back": back}
    return render(request, "governance/cases/form.html", context, status=status)


def cases(request):
    f = r.CASES.parse(request.GET)
    actor = request.actor
    links = [(reverse("governance:cases_deadlines"), "超期/临期")]
    if actor.can(access.REPORT_CASE):
        links.append((reverse("governance:case_report"), "上报事件"))
    if actor.can(access.DISPATCH_CASE):
        links += [(reverse("governance:categories"), "派单目录"),
                  (reverse("governance:case_rates"), "三率统计"),
                  (reverse("governance:case_ranking"), "红黑榜")]
    # The page offers the actor's own catalogue and departments to choose from (the API takes their ids).
    return register_page(
        request, title=r.CASES.title, queryset=r.CASES.rows(actor=actor, filters=f), columns=r.CASES.columns,
        url_of=r.CASES.url_of,
        filters=[
            ("q", "案件编号或描述", "text", None, f.q),
            ("state", "状态", "select", list(CASE.states.items()), f.state),
            ("category", "事项类别", "select",
             [(str(c.pk), c.name) for c in services.catalogue(actor, sel.REGISTER_CAPABILITIES)], f.category),
            ("village", "村/社区", "village", None, f.village),
            ("department", "部门", "select", [(str(d.pk), d.name) for d in Department.objects.all()[:200]],
             f.department),
            ("deadline", "时限", "select", [("overdue", "已超期"), ("near", "24小时内到期")], f.deadline),
        ],
        links=links,
    )


def mine(request):
    return render(request, "governance/cases/mine.html", {"cases": sel.mine(actor=request.actor)[:100],
                                                          "states": CASE.states})


def report(request):
    access.require(request.actor, access.REPORT_CASE)
    form = ReportForm(request.POST if request.method == "POST" else None, actor=request.actor)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            obj = services.report(
                actor=request.actor, place=OrgUnit.objects.filter(code=d["place"]).first(),
                source=d["source"],
                category=d["category"], description=d["description"], location=d["location"], lon=d["lon"],
                lat=d["lat"], reporter_name=d["reporter_name"], reporter_phone=d["reporter_phone"],
                photos=request.FILES.getlist("photos"))
            messages.success(request, reported_message(obj))
            return redirect("governance:case", obj.pk)
        except ValidationError as exc:
            form.absorb(exc)
    return _form_page(request, form, "上报事件", reverse("governance:cases_mine"))


def crumbs(actor) -> list[tuple[str, str]]:
    """The lists a case page leads back to: the register for those who handle cases, 我上报的 for those
    who report them (a grid worker or a villager has no register, a department reports nothing)."""
    found = []
    if any(actor.can(c) for c in sel.REGISTER_CAPABILITIES):
        found.append((reverse("governance:cases"), "案件台账"))
    if actor.can(access.REPORT_CASE):
        found.append((reverse("governance:cases_mine"), "我上报的"))
    return found


def reported_message(case: Case) -> str:
    due = timezone.localtime(case.due_at) if case.due_at else None
    by = f"（{due:%m月%d日 %H:%M} 前）" if due else ""
    return (f"已上报 {case.code}，等待{case.village.name}受理：村里自行办结，或报街道吹哨派单{by}。"
            "办理进度可在“我上报的”查看，办结后会向您反馈。")


def report_place(request, code):
    """The outline of the place a report is about, for picking the spot on a map."""
    return JsonResponse(sel.report_place_outline(actor=request.actor, code=code),
                        content_type="application/geo+json")


def case(request, pk):
    obj = sel.case(actor=request.actor, pk=pk)
    roles = services.roles_over(request.actor, obj)
    lead, co = sel.dispatch_defaults(case=obj)
    return render(request, "governance/cases/case.html", {
        "lead_default": lead, "co_default": co,
        "case": obj, "crumbs": crumbs(request.actor), "state_label": CASE.states.get(obj.state, obj.state),
        "overdue": sel.is_overdue(obj),
        "history": sel.history(case=obj), "photos": sel.photos(case=obj),
        "actions": CASE.available(obj.state, roles), "co_departments": obj.co_departments.all(),
        # The case's county's catalogue and the shared entries, and the departments of its county (or
        # city): what it can be dispatched by and to.
        "categories": services.catalogue_at(obj.path).filter(active=True).prefetch_related("departments"),
        "departments": Department.objects.filter(path__in=services.ancestors(obj.path)).order_by("name"),
        "satisfaction": Case.SATISFACTION,
        "evaluation": Case.EVALUATION,
        "feedback_methods": Case.FEEDBACK_METHODS,
        "can_reveal": request.actor.can(access.VIEW_PERSONAL, obj.path) and bool(obj.reporter_phone_enc),
    })


@require_POST
def reveal_phone(request, pk):
    obj = sel.case(actor=request.actor, pk=pk)
    phone = services.reveal_reporter_phone(actor=request.actor, case=obj)
    return HttpResponse(format_html('<span class="revealed">{}</span>', phone))


LABELS = {"comment": "办理意见", "attachments": "佐证材料", "file": "佐证材料", "result": "办理结果",
          "lead_department": "主办部门", "co_departments": "协办部门", "category": "事项类别",
          "satisfaction": "满意度", "evaluation": "街道评价", "feedback_method": "反馈方式",
          "feedback": "反馈内容"}


@require_POST
def act(request, pk):
    obj = sel.case(actor=request.actor, pk=pk)
    p = request.POST
    data = {k: p.get(k, "") for k in ("result", "lead_department", "category", "satisfaction", "evaluation",
                                       "feedback_method", "feedback")}
    data["co_departments"] = p.getlist("co_departments")
    try:
        services.act(actor=request.actor, case=obj, transition=p.get("transition", ""),
                     comment=p.get("comment", ""), data=data, uploads=request.FILES.getlist("files"))
        messages.success(request, workflow.after_step(CASE, obj, p.get("transition", "")))
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            for text in errors:
                messages.error(request, f"{LABELS[name]}：{text}" if name in LABELS else text)
    return redirect("governance:case", obj.pk)


def case_file(request, pk, file_pk):
    att = sel.case_file(actor=request.actor, case_pk=pk, pk=file_pk)
    return attachments.response(att, request)


def deadlines(request):
    return render(request, "governance/cases/deadlines.html",
                  {**sel.deadlines(actor=request.actor), "states": CASE.states})


def categories(request):
    actor = request.actor
    access.require(actor, access.DISPATCH_CASE)
    rows = list(services.catalogue(actor).select_related("county").prefetch_related("departments")
                .order_by("county__path", "name"))
    kept = {c.pk for c in services.counties_of(actor)}
    shared = services.keeps_shared(actor)
    for c in rows:
        c.editable = shared if c.county_id is None else c.county_id in kept
    return render(request, "governance/cases/categories.html", {"categories": rows})


def category_edit(request, pk=None):
    actor = request.actor
    access.require(actor, access.DISPATCH_CASE)
    obj = services.catalogue(actor).select_related("county").filter(pk=pk).first() if pk else None
    if pk and (obj is None or not services.may_keep(actor, obj.county)):
        raise Http404
    initial = {"active": True}
    if obj:
        initial = {f: getattr(obj, f) for f in ("name", "urgency", "response_hours", "limit_hours",
                                                 "limit_working_days", "active")}
        initial["departments"] = list(obj.departments.all())
    action = r.EDIT_CATEGORY if obj else r.ADD_CATEGORY
    form = action.form(request.POST if request.method == "POST" else None, initial=initial,
                       **action.form_kwargs(actor, obj))
    if request.method == "POST" and form.is_valid():
        try:
            action.perform(actor, form, obj)
            messages.success(request, "已保存派单目录事项。")
            return redirect("governance:categories")
        except ValidationError as exc:
            form.absorb(exc)
    return _form_page(request, form, f"修改事项：{obj.name}" if obj else "新增派单目录事项",
                      reverse("governance:categories"))


def category_new(request):
    return category_edit(request)


def home(request):
    """The menu entry: handlers go to the register, those who only report to their own reports."""
    actor = request.actor
    if any(actor.can(c) for c in sel.REGISTER_CAPABILITIES):
        return redirect("governance:cases")
    access.require(actor, access.REPORT_CASE)
    return redirect("governance:cases_mine")


def rates(request):
    by = request.GET.get("by", "department")
    month = sel.month_of(request.GET.get("month", ""))
    rows = sel.rates(actor=request.actor, month=f"{month:%Y-%m}", by=by)
    return render(request, "governance/cases/rates.html", {
        "rows": rows, "by": by if by in sel.GROUPINGS else "department", "month": month,
        "period": sel.period_label(month),
        "formulas": sel.FORMULAS, "co_department_rule": sel.CO_DEPARTMENT_RULE,
        "groupings": [("department", "部门"), ("street", "街道"), ("village", "村/社区")],
    })


def ranking(request):
    month = sel.month_of(request.GET.get("month", ""))
    return render(request, "governance/cases/ranking.html",
                  {**sel.ranking(actor=request.actor, month=f"{month:%Y-%m}"), "month": month,
                   "period": sel.period_label(month),
                   "formulas": sel.FORMULAS, "co_department_rule": sel.CO_DEPARTMENT_RULE})
