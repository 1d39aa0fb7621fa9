"""闲置盘活 pages: the idle register, an idle parcel with its surveys, the project register and a
project with its parcels, and the forms (MANAGE_HOMESTEAD)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zhenxing.core.feedback import whole_number
from zhenxing.core.indicators import Column
from zhenxing.homestead import formkit
from zhenxing.homestead.parcels.models import Parcel
from zhenxing.homestead.revitalise import selectors as sel
from zhenxing.homestead.revitalise import services
from zhenxing.homestead.revitalise.forms import LinkForm, ProjectEditForm, ProjectForm, SurveyForm
from zhenxing.homestead.revitalise.models import IdleSurvey, RevitalisationProject
from zhenxing.orgs import access
from zhenxing.orgs.registers import query_filter, register_page

KIND = dict(IdleSurvey.KINDS)
CONDITION = dict(IdleSurvey.CONDITIONS)
INTENTION = dict(IdleSurvey.INTENTIONS)

IDLE_COLUMNS = (
    Column("宗地代码", lambda p: p.code),
    Column("村/社区", lambda p: p.village.name),
    Column("坐落", lambda p: p.location),
    Column("面积(m²)", lambda p: p.area_m2),
    Column("权利人", lambda p: p.household.head.name if p.household and p.household.head else ""),
    Column("最近调查", lambda p: p.survey_surveyed_on or "未调查"),
    Column("闲置类型", lambda p: KIND.get(p.survey_idle_kind, "")),
    Column("房屋状况", lambda p: CONDITION.get(p.survey_condition, "")),
    Column("农户意愿", lambda p: INTENTION.get(p.survey_intention, "")),
)


def idle(request):
    f = query_filter(sel.IdleFilter, request.GET)
    return register_page(
        request,
        title="闲置宅基地台账",
        queryset=sel.idle_parcels(actor=request.actor, filters=f),
        columns=IDLE_COLUMNS,
        url_of=lambda p: reverse("homestead:idle_parcel", args=[p.pk]),
        filters=[
            ("q", "宗地代码或坐落", "text", None, f.q),
            ("village", "村/社区", "village", None, f.village),
            ("idle_kind", "闲置类型", "select", IdleSurvey.KINDS, f.idle_kind),
            ("intention", "农户意愿", "select", IdleSurvey.INTENTIONS, f.intention),
            ("surveyed", "调查情况", "select", sel.SURVEYED, f.surveyed),
        ],
        links=[(reverse("homestead:projects"), "盘活项目")],
    )


def idle_parcel(request, pk):
    obj = sel.parcel(actor=request.actor, pk=pk)
    return render(
        request,
        "homestead/revitalise/idle_parcel.html",
        {
            "parcel": obj,
            "surveys": sel.surveys(parcel=obj),
            "links": sel.parcel_links(parcel=obj),
            "can_manage": request.actor.can(access.MANAGE_HOMESTEAD, obj.path),
        },
    )


def survey_new(request, pk):
    obj = sel.parcel(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, obj.path)
    form = SurveyForm(formkit.posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_survey(actor=request.actor, parcel=obj, **form.cleaned_data)
            messages.success(request, f"已登记宗地 {obj.code} 的闲置调查。")
            return redirect("homestead:idle_parcel", obj.pk)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(
        request,
        "homestead/record_form.html",
        form,
        {"title": f"闲置调查：宗地 {obj.code}", "back": reverse("homestead:idle_parcel", args=[obj.pk])},
    )


PROJECT_COLUMNS = (
    Column("项目编号", lambda p: p.code),
    Column("项目名称", lambda p: p.name),
    Column("类型", lambda p: p.get_kind_display()),
    Column("所在村", lambda p: p.village.name),
    Column("经营主体", lambda p: p.operator_name),
    Column("主体类型", lambda p: p.get_operator_kind_display()),
    Column("总投资(元)", lambda p: p.investment_yuan),
    Column("社会投资(元)", lambda p: p.social_investment_yuan),
    Column("宗数", lambda p: p.parcel_count),
    Column("开工日期", lambda p: p.started_on),
    Column("状态", lambda p: p.get_status_display()),
)


def projects(request):
    f = query_filter(sel.ProjectFilter, request.GET)
    links = [(reverse("homestead:idle"), "闲置宅基地台账")]
    if request.actor.can(access.MANAGE_HOMESTEAD):
        links.append((reverse("homestead:project_new"), "新建盘活项目"))
    return register_page(
        request,
        title="盘活利用项目",
        queryset=sel.projects(actor=request.actor, filters=f),
        columns=PROJECT_COLUMNS,
        url_of=lambda p: reverse("homestead:project", args=[p.pk]),
        filters=[
            ("q", "编号、名称或经营主体", "text", None, f.q),
            ("village", "村/社区", "village", None, f.village),
            ("kind", "类型", "select", RevitalisationProject.KINDS, f.kind),
            ("status", "状态", "select", RevitalisationProject.STATUSES, f.status),
        ],
        links=links,
    )


def project(request, pk):
    obj = sel.project(actor=request.actor, pk=pk)
    actor = request.actor
    links = list(sel.project_links(project=obj))
    for link in links:  # a parcel of another village is named, linked only when in scope
        link.visible = actor.can(access.VIEW_PEOPLE, link.parcel.path)
        link.removable = actor.can(access.MANAGE_HOMESTEAD, link.parcel.path)
    return render(
        request,
        "homestead/revitalise/project.html",
        {
            "project": obj,
            "links": links,
            "released": sel.project_links(project=obj, current=False),
            "can_manage": actor.can(access.MANAGE_HOMESTEAD, obj.path),
            "link_form": LinkForm(),
            "area": sum((link.parcel.area_m2 for link in links), 0),
        },
    )


def project_new(request):
    access.require(request.actor, access.MANAGE_HOMESTEAD)
    form = ProjectForm(formkit.posted(request), actor=request.actor)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.add_project(actor=request.actor, village=form.village(), **form.project_args())
            messages.success(request, f"已新建盘活项目 {obj.code}。")
            return redirect("homestead:project", obj.pk)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(
        request,
        "homestead/record_form.html",
        form,
        {"title": "新建盘活项目", "back": reverse("homestead:projects")},
    )


def project_edit(request, pk):
    obj = sel.project(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, obj.path)
    initial = {k: getattr(obj, k) for k in services.PROJECT_FIELDS}
    form = ProjectEditForm(formkit.posted(request), actor=request.actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_project(actor=request.actor, project=obj, **form.project_args())
            messages.success(request, "已保存。")
            return redirect("homestead:project", obj.pk)
        except ValidationError as exc:
            formkit.absorb(form, exc)
    return formkit.page(
        request,
        "homestead/record_form.html",
        form,
        {"title": f"修改盘活项目 {obj.code}", "back": reverse("homestead:project", args=[obj.pk])},
    )


def _flash(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


@require_POST
def project_link(request, pk):
    obj = sel.project(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, obj.path)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "宗地代码：请填写要纳入项目的宗地代码")
        return redirect("homestead:project", obj.pk)
    code = form.cleaned_data["parcel"].strip().upper()
    found = access.scoped(Parcel.objects.filter(code=code), request.actor, access.MANAGE_HOMESTEAD).first()
    try:
        if found is None:
            raise ValidationError({"parcel": f"宗地代码“{code}”不存在或不在您的管辖范围内"})
        services.link_parcel(actor=request.actor, project=obj, parcel=found)
        messages.success(request, f"宗地 {code} 已纳入项目。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("homestead:project", obj.pk)


@require_POST
def project_unlink(request, pk):
    obj = sel.project(actor=request.actor, pk=pk)
    access.require(request.actor, access.MANAGE_HOMESTEAD, obj.path)
    raw = request.POST.get("parcel", "")
    pk = whole_number(raw)
    found = (
        access.scoped(Parcel.objects.filter(pk=pk), request.actor, access.VIEW_PEOPLE).first()
        if pk is not None
        else None
    )
    try:
        if found is None:
            raise ValidationError({"parcel": "宗地不存在或不在您的管辖范围内"})
        services.unlink_parcel(actor=request.actor, project=obj, parcel=found)
        messages.success(request, f"宗地 {found.code} 已移出项目，恢复为闲置。")
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("homestead:project", obj.pk)
